// Found by the review of the join page: a number that had said STOP to a shop (an address that had unsubscribed) was
// sent nothing, as it should, but the requests that sent nothing did not count: typed on the join page, five wrong
// codes, then asked again, any other number is sent to the counter ("Vraag het even aan de kassa", 429, one message per
// number a day), a stopped one got a fresh code page every time and never reached the limit of three a day. Anyone
// could learn so that a stranger's number stopped. Now a request that sent nothing for a STOP counts as one that went:
// the same requests get the same answers, whether or not the number stopped.
import { describe, expect, it } from 'vitest';
import { MAX_GUESSES, PER_DESTINATION, UNCONFIRMED_PER_ADDRESS } from '../../src/db/confirmations.js';
import { SendFailure } from '../../src/channels/types.js';
import { createShop, postTwilio, scenario, messageSid } from '../helpers.js';

const SHARED = '+15005550006';
const SANNE = { name: 'Sanne de Vries', phone: '06 13572468', email: 'sanne@example.com', consent: { sms: true, email: true } };
const form = { sms: { phone: '06 13572468', sms: 'yes' }, email: { email: 'sanne@example.com', email_ok: 'yes' } } as const;

/**
 * Sanne's shop and PER_DESTINATION others on the shared number, behind one proxy (the client's address counts). With
 * `stopped`, she answered her check-in STOP (SMS), or unsubscribed from the shop's e-mails; otherwise nothing.
 */
async function world(channel: 'sms' | 'email', stopped: boolean) {
  const s = await scenario({ customer: SANNE, appOptions: { sharedFrom: SHARED, trustProxy: 1 } });
  const shops = ['fietsenmaker'];
  for (let n = 1; n <= PER_DESTINATION; n++) shops.push((await createShop(s.store, { slug: `winkel-${n}`, name: `Winkel ${n}` })).shop.slug);
  await s.tick('2026-03-15T10:00:00+01:00'); // her check-in, from the shared number
  s.clock.set('2026-03-15T10:30:00+01:00');
  if (stopped && channel === 'sms') {
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: SHARED, Body: 'STOP' });
  } else if (stopped) {
    const id = (await s.one<{ id: number }>('SELECT id FROM customers')).id;
    await s.store.customers.optOut(id, 'email', 'unsubscribe_link', s.clock.now());
  }
  let n = 0;
  /** What the visitor sees: the status and the page, its token left out (it is new every time). */
  const seen = async (res: Response) => `${res.status} ${(await res.text()).replace(/\/j\/[\w-]+/g, '/j/<token>')}`;
  const post = (path: string, body: Record<string, string>, from = `203.0.113.${++n}`) =>
    fetch(s.base + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from }, body: new URLSearchParams(body).toString() });
  const join = (slug = 'fietsenmaker', from?: string, what: Record<string, string> = form[channel]) => post(`/shops/${slug}/join`, what, from);
  const token = (page: string) => /\/j\/([\w-]+)/.exec(page)?.[1];
  return { ...s, shops, seen, post, join, token };
}

describe.each(['sms', 'email'] as const)('a %s that said STOP, typed on the join page by anyone', (channel) => {
  /** The visitor's day: the join page, the code page, wrong codes until each page is void, asking again, and asking at the other shops. */
  async function day(how: 'normal' | 'stopped' | 'refused') {
    const w = await world(channel, how === 'stopped');
    // Twilio's own STOP list (21610), which nextdeal did not know of: its code was refused.
    if (how === 'refused') w.sms.failNext(new SendFailure({ reason: 'unsubscribed_at_provider', kind: 'permanent', detail: 'Twilio 21610', code: 'Twilio 21610', optedOut: true }));
    const seen: string[] = [];
    const first = await w.join();
    const page = await first.clone().text();
    seen.push(await w.seen(first));
    await w.tick('2026-03-15T10:31:00+01:00');
    if (channel === 'sms') {
      seen.push(await w.seen(await fetch(`${w.base}/j/${w.token(page)}`)));
      // A second try: the page of the code already sent, guessed on until it is void; the first page is not, until
      // it is guessed on in turn.
      const again = await w.join();
      const repeat = w.token(await again.clone().text())!;
      seen.push(await w.seen(again));
      for (let i = 1; i <= MAX_GUESSES; i++) seen.push(await w.seen(await w.post(`/j/${repeat}`, { code: String(100000 + i) })));
      seen.push(await w.seen(await fetch(`${w.base}/j/${w.token(page)}`)));
      for (let i = 1; i <= MAX_GUESSES; i++) seen.push(await w.seen(await w.post(`/j/${w.token(page)}`, { code: String(200000 + i) })));
    }
    // Asked again at the shop (a later page, or the link is in the mail), then at the other shops of the installation.
    seen.push(await w.seen(await w.join()));
    await w.tick('2026-03-15T10:35:00+01:00'); // (the page wakes the dispatcher: what is queued is settled at once)
    for (const slug of w.shops.slice(1)) seen.push(await w.seen(await w.join(slug)));
    await w.tick('2026-03-15T10:40:00+01:00');
    // A day on, it may be asked for again.
    w.clock.set('2026-03-16T10:31:00+01:00');
    seen.push(await w.seen(await w.join()));
    return seen;
  }

  it('gets the same statuses and pages as one that did not, up to the limits of the day', async () => {
    const normal = await day('normal');
    expect(await day('stopped')).toEqual(normal);
    if (channel === 'sms') expect(await day('refused')).toEqual(normal);
    // What the normal one saw: the limits, so that the equality above says something.
    const statuses = normal.map((p) => Number(p.slice(0, 3)));
    expect(statuses).toEqual(
      channel === 'sms'
        ? [200, 200, 200, ...Array(MAX_GUESSES - 1).fill(400), 429, 200, ...Array(MAX_GUESSES - 1).fill(400), 429, 200, ...Array(PER_DESTINATION - 1).fill(200), 429, 200]
        : [200, 200, ...Array(PER_DESTINATION - 1).fill(200), 429, 200],
    );
    if (channel === 'sms') expect(normal[MAX_GUESSES + MAX_GUESSES + 3]).toContain('Te vaak een verkeerde code ingevuld');
  });

  it(`counts against the asking address as one that went: ${UNCONFIRMED_PER_ADDRESS} unconfirmed from one address, then the counter`, async () => {
    const answers = async (stopped: boolean) => {
      const w = await world(channel, stopped);
      const one = '198.51.100.7';
      const statuses = [(await w.join('fietsenmaker', one)).status];
      await w.tick('2026-03-15T10:31:00+01:00');
      for (let i = 1; i <= UNCONFIRMED_PER_ADDRESS; i++) {
        const other: Record<string, string> = channel === 'sms' ? { phone: `06 3333 000${i}`, sms: 'yes' } : { email: `iemand${i}@example.com`, email_ok: 'yes' };
        statuses.push((await w.join('fietsenmaker', one, other)).status);
      }
      return statuses;
    };
    const normal = await answers(false);
    expect(normal).toEqual([...Array(UNCONFIRMED_PER_ADDRESS).fill(200), 429]);
    expect(await answers(true)).toEqual(normal);
  });

  it('still sends nothing to it, however often it is asked for', async () => {
    const w = await world(channel, true);
    for (const minute of ['31', '32', '33']) {
      expect((await w.join()).status).toBe(200);
      await w.tick(`2026-03-15T10:${minute}:00+01:00`);
    }
    const to = channel === 'sms' ? w.sms.sent.filter((m) => m.to === '+31613572468' && / je code is /.test(m.body)) : w.email.sent.filter((m) => m.to === 'sanne@example.com');
    expect(to).toEqual([]);
  });
});
