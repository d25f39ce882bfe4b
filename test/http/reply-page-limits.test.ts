// The reply page and the unsubscribe link take a handful of posts a link, and a reply page a number per address: a
// script holding a leaked link, or many, cannot take the server's one thread (the reader, the writes) from the tills.
// Each failed before the limits.
import { describe, expect, it } from 'vitest';
import { POSTS_PER_ADDRESS, POSTS_PER_LINK } from '../../src/http/customer-pages.js';
import { countInWindow } from '../../src/http/guard.js';
import { run, saleBody, scenario } from '../helpers.js';


const sanne = { name: 'Sanne de Vries', email: 'sanne@example.com', consent: { email: true } };
const sam = { name: 'Sam Smith', email: 'sam@example.com', locale: 'en', consent: { email: true } };

/** A shop whose check-ins went out by e-mail, on 15 March at 10:00, to each customer: their reply and unsubscribe links. */
async function emailed(customers: Record<string, unknown>[], trustProxy?: number) {
  const s = await scenario({ customer: customers[0]!, ...(trustProxy !== undefined && { appOptions: { trustProxy } }) });
  for (const [i, customer] of customers.slice(1).entries()) await s.post(saleBody({ id: `sale-${i + 2}`, customer }));
  await s.tick('2026-03-15T10:00:00+01:00');
  const local = (url: string) => url.replace('https://deals.example.test', s.base);
  const links = customers.map((c) => {
    const mail = s.email.sent.find((m) => m.to === c.email)!;
    return {
      reply: local(/https:\/\/deals\.example\.test\/r\/[\w-]+/.exec(mail.text)![0]),
      unsubscribe: local(/https:\/\/deals\.example\.test\/u\/[\w-]+/.exec(mail.text)![0]),
    };
  });
  // What a post may change: her reply, the owner's alerts, her consent, her messages.
  const stored = async () => ({
    replies: await s.all('SELECT * FROM replies ORDER BY id'),
    alerts: await s.all('SELECT * FROM alerts ORDER BY id'),
    customers: await s.all('SELECT id, email, email_opted_out_at, sms_opted_out_at FROM customers ORDER BY id'),
    messages: await s.all('SELECT id, status, held_by, due_at FROM messages ORDER BY id'),
  });
  return { ...s, links, stored };
}

const post = (url: string, form: Record<string, string> = {}, from?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(from && { 'x-forwarded-for': from }) },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
const text = (page: string) => page.replace(/<style[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** Posts `n` times (a tap, no new words: her answer as it was), each taken. */
async function postTimes(url: string, n: number, from?: string) {
  for (let i = 0; i < n; i++) expect((await post(url, { answer: 'great' }, from)).status, `post ${i + 1}`).toBeLessThan(400);
}

describe('posts to one link', () => {
  it('refuses the one past the limit with 429 and a Dutch page saying her answer arrived, and keeps nothing of it', async () => {
    const s = await emailed([sanne]);
    await post(s.links[0]!.reply, { answer: 'unsure', comment: 'Mag hij in de wasmachine?' });
    await postTimes(s.links[0]!.reply, POSTS_PER_LINK - 1);
    const before = await s.stored();
    const refused = await post(s.links[0]!.reply, { answer: 'problem', comment: 'Geen mails meer, de rits is kapot. Verwijder mijn gegevens' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3600');
    const page = await refused.text();
    expect(page).toContain('<html lang="nl">');
    expect(text(page)).toContain('Je eerdere antwoord is goed aangekomen bij Fietsenmaker Test');
    expect(text(page)).toContain('Probeer het over 60 minuten nog eens');
    expect(await s.stored()).toEqual(before);
    await s.tick('2026-03-15T10:05:00+01:00');
    expect(s.email.sent.filter((m) => m.to === 'eigenaar@fietsenmaker.example').map((m) => m.text).join()).not.toContain('rits');
  });

  it('says so in English, and that what she sent did not arrive when nothing of hers did', async () => {
    const s = await emailed([sam]);
    // Posts with nothing chosen show the question again, and count.
    for (let i = 0; i < POSTS_PER_LINK; i++) expect((await post(s.links[0]!.reply)).status).toBe(303);
    const refused = await post(s.links[0]!.reply, { answer: 'problem', comment: 'The zip broke' });
    expect(refused.status).toBe(429);
    const page = await refused.text();
    expect(page).toContain('<html lang="en">');
    expect(text(page)).toContain('so what you sent did not arrive. Please try again in 60 minutes, or just get in touch with Fietsenmaker Test.');
    expect(await s.all('SELECT * FROM replies')).toEqual([]);
  });

  it("leaves another link from the same address working, and her unsubscribe beside the reply page's", async () => {
    const s = await emailed([sanne, { ...sanne, name: 'Piet', email: 'piet@example.com' }], 1);
    const [a, b] = [s.links[0]!, s.links[1]!];
    await postTimes(a.reply, POSTS_PER_LINK, '203.0.113.7');
    expect((await post(a.reply, { answer: 'great' }, '203.0.113.7')).status).toBe(429);
    expect((await post(a.reply, { answer: 'great' }, '198.51.100.9')).status).toBe(429); // the link's, from anywhere
    expect((await post(b.reply, { answer: 'problem', comment: 'De bel is stuk' }, '203.0.113.7')).status).toBe(200);
    expect((await post(a.unsubscribe, { 'List-Unsubscribe': 'One-Click' }, '203.0.113.7')).status).toBe(200);
    expect((await s.one<{ at: number | null }>("SELECT email_opted_out_at AS at FROM customers WHERE email = 'sanne@example.com'")).at).not.toBeNull();
  });

  it('takes posts again once the hour is over', async () => {
    const s = await emailed([sanne]);
    await postTimes(s.links[0]!.reply, POSTS_PER_LINK);
    s.clock.set('2026-03-15T10:59:59+01:00');
    const refused = await post(s.links[0]!.reply, { answer: 'great' });
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '1']);
    expect(text(await refused.text())).toContain('Probeer het over 1 minuut nog eens');
    s.clock.set('2026-03-15T11:00:00+01:00');
    expect((await post(s.links[0]!.reply, { answer: 'unsure', comment: 'Nog een vraag: mag hij in de droger?' })).status).toBe(200);
    expect((await s.one<{ body: string }>('SELECT body FROM replies')).body).toBe('Nog een vraag: mag hij in de droger?');
  });

  it('settles no e-mail in doubt by a refused post (it proves nothing of her having it)', async () => {
    const s = await emailed([sanne]);
    await postTimes(s.links[0]!.reply, POSTS_PER_LINK);
    // In doubt when the refused post comes (set so here: the first posts would have settled it).
    await run(s.store.db, "UPDATE messages SET status = 'uncertain' WHERE kind = 'checkin'");
    expect((await post(s.links[0]!.reply, { answer: 'great' })).status).toBe(429);
    expect(await s.one("SELECT status FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'uncertain' });
    s.clock.set('2026-03-15T11:00:00+01:00');
    expect((await post(s.links[0]!.reply, { answer: 'great' })).status).toBe(200);
    expect(await s.one("SELECT status FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'sent' });
  });

  it("refuses the unsubscribe link's post past the limit, saying she is unsubscribed", async () => {
    const s = await emailed([sanne]);
    for (let i = 0; i < POSTS_PER_LINK; i++) expect((await post(s.links[0]!.unsubscribe, { 'List-Unsubscribe': 'One-Click' })).status).toBe(200);
    const before = await s.stored();
    const refused = await post(s.links[0]!.unsubscribe, { 'List-Unsubscribe': 'One-Click' });
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '3600']);
    expect(text(await refused.text())).toContain('Je krijgt geen e-mail meer van Fietsenmaker Test.');
    expect(await s.stored()).toEqual(before);
    expect((await fetch(s.links[0]!.unsubscribe)).status).toBe(200); // opening it is not limited
  });
  it('offers the unsubscribe link on a reply page refused, whose words asking to hear no more were not read (frv48b)', async () => {
    const s = await emailed([sanne]);
    await postTimes(s.links[0]!.reply, POSTS_PER_LINK);
    const refused = await post(s.links[0]!.reply, { comment: 'Geen mails meer aub' });
    expect(refused.status).toBe(429);
    const page = await refused.text();
    expect(text(page)).toContain('Wil je geen e-mail meer van Fietsenmaker Test? Afmelden');
    const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!;
    expect((await post(new URL(action, s.links[0]!.reply).href)).status).toBe(200);
    expect((await s.one<{ at: number | null }>("SELECT email_opted_out_at AS at FROM customers WHERE email = 'sanne@example.com'")).at).not.toBeNull();
    expect(text(await (await post(s.links[0]!.reply, { answer: 'great' })).text())).not.toContain('Afmelden'); // unsubscribed: not offered again
  });

  it("takes an unsubscribe past the link's posts when she is subscribed again, and not the address's reply pages' count (frv48b)", async () => {
    const s = await emailed([sanne], 1);
    for (let i = 0; i < POSTS_PER_LINK; i++) expect((await post(s.links[0]!.unsubscribe, {})).status).toBe(200);
    await run(s.store.db, 'UPDATE customers SET email_opted_out_at = NULL');
    expect((await post(s.links[0]!.unsubscribe, {})).status).toBe(200);
    expect((await s.one<{ at: number | null }>("SELECT email_opted_out_at AS at FROM customers WHERE email = 'sanne@example.com'")).at).not.toBeNull();
    await run(s.store.db, 'UPDATE customers SET email_opted_out_at = NULL');
    s.clock.set('2026-03-15T11:00:00+01:00');
    for (let i = 0; i < POSTS_PER_ADDRESS; i++) await post(`${s.base}/r/${'x'.repeat(20)}${i}`, { answer: 'great' }, '203.0.113.7');
    expect((await post(s.links[0]!.reply, { answer: 'great' }, '203.0.113.7')).status).toBe(429);
    expect((await post(s.links[0]!.unsubscribe, { 'List-Unsubscribe': 'One-Click' }, '203.0.113.7')).status).toBe(200);
  });
});

describe('posts to reply pages from one address', () => {
  const nowhere = (base: string, i: number) => `${base}/r/${'x'.repeat(20)}${String(i).padStart(4, '0')}`;

  it('are limited behind a proxy set with TRUST_PROXY, each client by its own address', async () => {
    const s = await emailed([sanne], 1);
    for (let i = 0; i < POSTS_PER_ADDRESS; i++) expect((await post(nowhere(s.base, i), { answer: 'great' }, '203.0.113.7')).status).toBe(404);
    const before = await s.stored();
    const refused = await post(s.links[0]!.reply, { answer: 'problem', comment: 'De rits is kapot' }, '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(15 * 60);
    const page = await refused.text();
    expect(page).toContain('<html lang="nl">'); // her shop's language, not the visitor's
    expect(text(page)).toContain('Probeer het over 15 minuten nog eens, of neem gewoon contact op met Fietsenmaker Test.');
    expect(await s.stored()).toEqual(before);
    expect((await fetch(s.links[0]!.reply, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(200); // opening it is not
    expect((await post(s.links[0]!.reply, { answer: 'problem', comment: 'De rits is kapot' }, '203.0.113.8')).status).toBe(200);
    // The window over, the address posts again.
    s.clock.set('2026-03-15T10:15:00+01:00');
    expect((await post(s.links[0]!.reply, { answer: 'problem', comment: 'Hij lekt ook' }, '203.0.113.7')).status).toBe(200);
  });

  it('are not lumped together behind a proxy without TRUST_PROXY, while each link keeps its limit', async () => {
    const s = await emailed([sanne]);
    // Every client has the proxy's (loopback) address: counted per address, the proxy's would refuse every customer.
    for (let i = 0; i < POSTS_PER_ADDRESS + 10; i++) expect((await post(nowhere(s.base, i), { answer: 'great' }, `203.0.113.${i}`)).status).toBe(404);
    await postTimes(s.links[0]!.reply, POSTS_PER_LINK, '203.0.113.7');
    expect((await post(s.links[0]!.reply, { answer: 'great' }, '203.0.113.8')).status).toBe(429);
  });
});

describe("the customer's own use", () => {
  it('never meets a limit: she answers, adds words twice, opens the pages and unsubscribes; the limit holds after it', async () => {
    const s = await emailed([sanne], 1);
    const { reply, unsubscribe } = s.links[0]!;
    const her = '203.0.113.7';
    const open = (url: string) => fetch(url, { headers: { 'x-forwarded-for': her } }).then((r) => r.status);
    expect(await open(reply)).toBe(200);
    expect((await post(reply, { answer: 'unsure', comment: 'Mag hij in de wasmachine?' }, her)).status).toBe(200);
    expect(await open(reply)).toBe(200);
    expect((await post(reply, { answer: 'unsure', comment: 'En in de droger?' }, her)).status).toBe(200);
    expect((await post(reply, { answer: 'great', comment: 'Laat maar, staat op het label' }, her)).status).toBe(200);
    expect(await open(unsubscribe)).toBe(200);
    expect((await post(unsubscribe, {}, her)).status).toBe(200);
    expect((await s.one<{ body: string }>('SELECT body FROM replies')).body).toBe('Mag hij in de wasmachine?\n\nEn in de droger?\n\nLaat maar, staat op het label');
    // What is left of the link's posts is a script's at most.
    await postTimes(reply, POSTS_PER_LINK - 3, '198.51.100.9');
    expect((await post(reply, { answer: 'great' }, '198.51.100.9')).status).toBe(429);
  });
});

describe('the counts in memory', () => {
  it('keep at most `size` keys: a flood of new ones pushes out the oldest, whose count begins again', () => {
    let now = 0;
    const take = countInWindow({ limit: 2, windowMs: 1000, now: () => now, size: 3 });
    expect([take('a'), take('a'), take('a')]).toEqual([undefined, undefined, 1]);
    for (let i = 0; i < 100_000; i++) take(`flood-${i}`);
    expect(take('a')).toBeUndefined(); // pushed out: begun again
    now = 999;
    expect([take('b'), take('b'), take('b')]).toEqual([undefined, undefined, 1]);
    now = 1998;
    expect(take('b')).toBe(1);
    now = 1999;
    expect(take('b')).toBeUndefined(); // its window over
  });

  it('end a window begun while the clock was ahead, once it is set back (frv48b)', () => {
    let now = 10 * 86_400_000;
    const take = countInWindow({ limit: 1, windowMs: 3_600_000, now: () => now });
    expect([take('a'), take('a')]).toEqual([undefined, 3600]);
    now = 0; // set back ten days
    expect(take('a')).toBeUndefined();
  });
});
