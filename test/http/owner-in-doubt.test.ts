// A message in doubt (a dispatcher stopped mid-send) is never sent again by itself: the owner, having asked the
// customer, settles it on the page: sent again now, or counted as arrived. Before, only the CLI could.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, ownerClient, run, saleBody, scenario, startApp } from '../helpers.js';

async function inDoubt() {
  const s = await scenario();
  await run(s.store.db, "UPDATE messages SET status = 'uncertain', claimed_at = ?, error = 'interrupted' WHERE kind = 'checkin'", Date.parse('2026-03-15T10:00:00+01:00'));
  const at = Date.parse('2026-03-15T12:00:00+01:00');
  s.clock.set('2026-03-15T12:00:00+01:00');
  await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
  const base = await startApp(s.store, () => at);
  const owner = ownerClient(base);
  await owner.logIn('fietsenmaker', 'correct horse battery');
  const page = await (await owner.get('/shops/fietsenmaker/messages?status=uncertain')).text();
  const id = (await s.one<{ id: number }>("SELECT id FROM messages WHERE kind = 'checkin'")).id;
  const settle = (how: string, message = id) => owner.post(`/shops/fietsenmaker/messages/${message}/${how}`, { _csrf: owner.csrfIn(page) });
  const checkin = () => s.one<{ status: string; error: string | null }>("SELECT status, error FROM messages WHERE kind = 'checkin'");
  return { ...s, owner, page, id, settle, checkin, base };
}

describe('a message in doubt, on the owner\'s page', () => {
  it('offers to send it again or count it as arrived, once the customer was asked', async () => {
    const s = await inDoubt();
    expect(s.page).toContain('Vraag de klant of het aankwam:');
    expect(s.page).toContain(`action="/shops/fietsenmaker/messages/${s.id}/resend"`);
    expect(s.page).toContain(`action="/shops/fietsenmaker/messages/${s.id}/arrived"`);
  });

  it('sends it again with the next dispatch when it did not arrive', async () => {
    const s = await inDoubt();
    const res = await s.settle('resend');
    expect([res.status, res.headers.get('location')]).toEqual([303, '/shops/fietsenmaker/messages?status=uncertain']);
    expect(await s.checkin()).toEqual({ status: 'scheduled', error: null });
    await s.tick('2026-03-15T12:01:00+01:00');
    expect(s.sms.sent).toHaveLength(1);
    // Settled already (the shop's other phone, an older tab): back to the page, not "Niet gevonden", and nothing twice.
    expect((await s.settle('resend')).status).toBe(303);
    await s.tick('2026-03-15T12:02:00+01:00');
    expect(s.sms.sent).toHaveLength(1);
  });

  it('counts it as sent when it arrived, and sends nothing', async () => {
    const s = await inDoubt();
    expect((await s.settle('arrived')).status).toBe(303);
    expect(await s.checkin()).toEqual({ status: 'sent', error: null });
    await s.tick('2026-03-15T12:01:00+01:00');
    expect(s.sms.sent).toEqual([]);
    const overview = await (await s.owner.get('/shops/fietsenmaker')).text();
    expect(overview).not.toContain('id="uncertain"');
    // And Sanne was asked, by SMS: "did asking help?" and the hold-out's "went out" count her, as for any text that went.
    expect(await s.one('SELECT s.checkin, c.asked FROM sales s JOIN customers c ON c.id = s.customer_id')).toEqual({ checkin: 'sms', asked: 'sms' });
    expect(overview).not.toContain('Gevraagd per sms – nog geen klanten');
  });

  it("settles only the shop's own messages in doubt, with the form's token", async () => {
    const s = await inDoubt();
    expect((await s.settle('resend', s.id + 1000)).status).toBe(404);
    expect((await s.settle('delete')).status).toBe(404);
    expect((await s.owner.post(`/shops/fietsenmaker/messages/${s.id}/resend`, { _csrf: 'wrong' })).status).toBe(403);
    const other = await createShop(s.store, { slug: 'bakker' });
    await s.store.sessions.setPassword(other.shop.id, await hashPassword('brood brood brood'));
    const baker = ownerClient(s.base);
    await baker.logIn('bakker', 'brood brood brood');
    const page = await (await baker.get('/shops/bakker/messages')).text();
    // Another shop's: not done, and to the login for it (a page of it open in a tab from before: owner-other-shop.test.ts).
    const tapped = await baker.post(`/shops/fietsenmaker/messages/${s.id}/resend`, { _csrf: baker.csrfIn(page) });
    expect([tapped.status, tapped.headers.get('location')]).toEqual([303, `/login?next=${encodeURIComponent('/shops/fietsenmaker/messages?status=uncertain')}&lost=1`]);
    expect((await baker.post(`/shops/bakker/messages/${s.id}/resend`, { _csrf: baker.csrfIn(page) })).status).toBe(404);
    expect(await s.checkin()).toEqual({ status: 'uncertain', error: 'interrupted' });
  });
});

// The owner's review of 6 December: every message in doubt was listed in full on top of every view of Berichten, however
// old, so that months-old ones pushed today's messages a long scroll down on a phone. Those of the last seven days stay on
// top one by one; older ones fold into one line that says how many, and that they wait for the owner's choice.
describe('messages in doubt from long ago, on the messages page', () => {
  async function monthsLater() {
    const s = await scenario(); // Sanne's sale of 14 March: her check-in was due on 15 March
    s.clock.set('2026-06-14T15:30:00+02:00');
    for (const [id, name, phone] of [['sale-piet', 'Piet Puk', '06 87654321'], ['sale-truus', 'Truus Tracer', '06 12340202']]) {
      expect((await s.post(saleBody({ id, occurredAt: '2026-06-14T15:30:00+02:00', customer: { name, phone, consent: { sms: true } } }))).status).toBe(201);
    }
    const checkin = (name: string) => `kind = 'checkin' AND customer_id = (SELECT id FROM customers WHERE name = '${name}')`;
    await run(s.store.db, `UPDATE messages SET status = 'uncertain', claimed_at = due_at, error = 'interrupted' WHERE ${checkin('Sanne de Vries')} OR ${checkin('Piet Puk')}`);
    await run(s.store.db, `UPDATE messages SET status = 'sent', sent_at = due_at, claimed_at = due_at, recipient = '+31612340202' WHERE ${checkin('Truus Tracer')}`);
    s.clock.set('2026-06-15T12:00:00+02:00');
    await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const id = async (name: string) => (await s.one<{ id: number }>(`SELECT id FROM messages WHERE ${checkin(name)}`)).id;
    const page = async (query = '') => {
      const html = await (await owner.get(`/shops/fietsenmaker/messages${query}`)).text();
      const [top, list] = html.split('<form class="filters"') as [string, string];
      const ids = (part: string) => [...part.matchAll(/data-message="(\d+)"/g)].map((m) => Number(m[1]));
      const text = (part: string) => part.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      return { html, top, list, ids, text };
    };
    return { s, owner, page, sanne: await id('Sanne de Vries'), piet: await id('Piet Puk'), truus: await id('Truus Tracer') };
  }

  it('lists those of the last seven days on top, folds older ones into one line, and keeps each on its own day below', async () => {
    const { page, sanne, piet, truus } = await monthsLater();
    const p = await page();
    // On top: Piet's of this morning, with what to do, and one line for Sanne's of March, folded.
    expect(p.text(p.top)).toContain('1 bericht is misschien aangekomen, misschien niet: het versturen is onderbroken (bijvoorbeeld door een herstart).');
    const folded = /<details id="uncertain-older">([\s\S]*?)<\/details>/.exec(p.top)?.[1] ?? '';
    expect(p.text(folded)).toContain('1 bericht van vóór 9 juni: onzeker of het aankwam. Het wordt niet vanzelf opnieuw verstuurd. Tik hier om het te zien en te kiezen.');
    expect(p.ids(folded)).toEqual([sanne]);
    expect(p.ids(p.top)).toEqual([piet, sanne]);
    // Below, each on its own day: today's first, Sanne's of March after them, still "onzeker" with its choice.
    expect(p.ids(p.list).filter((m) => [sanne, piet, truus].includes(m))).toEqual([truus, piet, sanne]); // (the same time: the later first)
    expect([...p.list.matchAll(/<li class="uncertain" data-message="(\d+)">/g)].map((m) => Number(m[1]))).toEqual([piet, sanne]);
    expect(p.list).toContain(`action="/shops/fietsenmaker/messages/${sanne}/resend"`);
  });

  it('opens the folded line in the view of what is in doubt, where settling one leads back to, and settles an old one there', async () => {
    const { s, owner, page, sanne } = await monthsLater();
    const p = await page('?status=uncertain');
    expect(p.top).toContain('<details id="uncertain-older" open>');
    const res = await owner.post(`/shops/fietsenmaker/messages/${sanne}/arrived`, { _csrf: owner.csrfIn(p.html) });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/shops/fietsenmaker/messages?status=uncertain']);
    expect(await s.one('SELECT status FROM messages WHERE id = ?', sanne)).toEqual({ status: 'sent' });
    const after = await page();
    expect(after.top).not.toContain('uncertain-older');
    expect(after.text(after.top)).toContain('1 bericht is misschien aangekomen');
  });

  it('folds them alone when none is recent, and says so in English too', async () => {
    const { s, page, piet } = await monthsLater();
    await run(s.store.db, "UPDATE messages SET status = 'sent', sent_at = due_at WHERE id = ?", piet);
    await s.store.shops.update('fietsenmaker', { locale: 'en' });
    const p = await page();
    const box = p.text(p.top.slice(p.top.indexOf('<div class="warn" id="uncertain">'))).trim();
    expect(box).toMatch(/^1 message from before 9 June: unsure whether it arrived\. It is not sent again by itself\. Tap here to see it and choose\. 15 Mar 2026, 10:00 Sanne de Vries /);
    expect(box).not.toContain('may or may not have arrived');
  });
});

// After a long outage many are in doubt: the page lists the newest hundred, and the folded line counts them all (it
// said "100 berichten" of 131 before).
describe('more than a hundred messages in doubt from long ago', () => {
  it('counts every one of them in the folded line', async () => {
    const s = await scenario();
    for (let n = 0; n < 130; n++) {
      expect((await s.post(saleBody({ id: `maart-${n}`, customer: { name: `Klant ${n}`, phone: `06 3000 ${String(n).padStart(4, '0')}`, consent: { sms: true } } }))).status).toBe(201);
    }
    await run(s.store.db, "UPDATE messages SET status = 'uncertain', claimed_at = due_at, error = 'interrupted' WHERE kind = 'checkin'");
    s.clock.set('2026-06-15T12:00:00+02:00');
    await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const top = async () => {
      const html = (await (await owner.get('/shops/fietsenmaker/messages')).text()).split('<form class="filters"')[0]!;
      return { folded: /<summary>([^<]*)<\/summary>/.exec(html.slice(html.indexOf('<details id="uncertain-older"')))?.[1]?.replace(/&quot;/g, '"'), html };
    };
    // The line opens on the newest hundred, and says where the others are (its review: it said 131 and showed 100).
    expect((await top()).folded).toBe('131 berichten van vóór 9 juni: onzeker of ze aankwamen. Ze worden niet vanzelf opnieuw verstuurd. Tik hier om de nieuwste 100 te zien en bij elk te kiezen; de andere staan in de lijst met status "onzeker".');
    // A hundred of this week: they fill the list on top, and the others are said in a line of their own.
    await run(s.store.db, "UPDATE messages SET due_at = ?, claimed_at = ? WHERE id IN (SELECT id FROM messages WHERE kind = 'checkin' ORDER BY id DESC LIMIT 105)", Date.parse('2026-06-14T10:00:00+02:00'), Date.parse('2026-06-14T10:00:00+02:00'));
    const { folded, html } = await top();
    expect(folded).toBeUndefined();
    expect(html).toContain('<p id="uncertain-more">Nog 31 oudere berichten zijn onzeker: ze staan in de lijst met status &quot;onzeker&quot;.</p>');
  });
});
