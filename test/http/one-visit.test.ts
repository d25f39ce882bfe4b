// One visit, one check-in. A customer the till names who also signs up on the shop's join page the same local day
// made one visit: whichever came first, she is asked once how it went (about what the till says she bought), invited
// back once, and the owner's page and figures count one visit. Before, the confirmed join was a sale of its own beside
// the till's: two visits, and the check-in asked about whichever came last. A sale's own consent link already gives
// the till's sale its customer; it stays so. A till's sale that gets its customer only afterwards (its consent link, the
// till's look-up of its customer) on the day of a join is that one visit too.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { fakeVendorApi } from '../fakes/vendor-api.js';
import { PUBLIC_URL, all, createShop, ownerClient, postSale, run, saleBody, startApp, testClock, testDispatcher, testStore } from '../helpers.js';

/** A shop, its till, its join page confirmed as the customer does, and what reached her. `holdout`: customer 1 is held out. */
async function world(at = '2026-03-14T15:31:00+01:00', { holdout = false } = {}) {
  const store = await testStore();
  const clock = testClock(at);
  const { shop, webhookSecret } = await createShop(store, holdout ? { holdout: 50 } : {});
  // This secret holds out customer 1 (see test/db/experiments.test.ts).
  if (holdout) await run(store.db, "UPDATE experiment_periods SET salt = 'held-out-test'");
  const base = await startApp(store, clock.now);
  const { dispatcher, sms, email } = testDispatcher(store);
  const till = (over: Record<string, unknown> = {}) => postSale(base, 'fietsenmaker', webhookSecret, saleBody(over), clock.now());
  const submit = (to: string, form: Record<string, string>) =>
    fetch(to, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  /** Fills in a form (the join page's, or a consent link's) and confirms it as its owner does: the texted code, or the e-mailed link. */
  async function signUp(form: Record<string, string>, page = `${base}/shops/fietsenmaker/join`): Promise<Response> {
    const answer = await (await submit(page, form)).text();
    await dispatcher.tick(clock.now());
    const token = /action="\/j\/([\w-]+)"/.exec(answer)?.[1];
    if (token) return submit(`${base}/j/${token}`, { code: /je code is (\d{6})/.exec(sms.sent.findLast((m) => /je code is/.test(m.body))!.body)![1]! });
    return submit(/https:\/\/deals\.example\.test\/j\/[\w-]+/.exec(email.sent.at(-1)!.text)![0].replace(PUBLIC_URL, base), {});
  }
  const tick = (iso: string) => (clock.set(iso), dispatcher.tick(Date.parse(iso)));
  /** The check-ins and invitations that reached her (not the confirmation itself), texts and e-mails. */
  const reached = () => [
    ...sms.sent.filter((m) => !/je code is/.test(m.body)).map((m) => m.body),
    ...email.sent.filter((m) => !/\/j\//.test(m.text)).map((m) => m.text),
  ];
  const visits = () => all(store.db, "SELECT customer_id AS customer, reason, items, total FROM sales WHERE status = 'completed' ORDER BY id");
  /** The messages as the owner downloads them: due, kind, status and why not. */
  async function ownersMessages() {
    await store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const csv = await (await owner.get('/shops/fietsenmaker/messages.csv')).text();
    return csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((line) => line.split(/[,;]/).slice(2, 7).join(' ')).sort();
  }
  return { store, shop, clock, base, till, submit, signUp, tick, sms, email, reached, visits, ownersMessages };
}

/** The check-ins the next morning, the invitations a month on. */
async function aMonthLater(w: Awaited<ReturnType<typeof world>>) {
  for (const at of ['2026-03-15T10:00:00+01:00', '2026-03-16T10:00:00+01:00', '2026-04-13T10:00:00+02:00', '2026-04-14T10:00:00+02:00', '2026-04-20T10:00:00+02:00']) await w.tick(at);
}

const REGENJAS = { customer: 1, items: JSON.stringify(saleBody().items), total: 89.95 };

describe('the till\'s sale and the join page the same day are one visit', () => {
  it('till first, then the join page confirmed: one check-in about the till\'s purchase, one invitation, one visit', async () => {
    const w = await world();
    expect((await w.till()).status).toBe(201);
    w.clock.set('2026-03-14T15:40:00+01:00');
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel', reason: 'de oude was kapot' })).status).toBe(200);
    // The till's "why" stays: it said one.
    expect(await w.visits()).toEqual([{ ...REGENJAS, reason: 'voor mijn fietstochten' }]);
    expect(await w.ownersMessages()).toEqual(['checkin sms scheduled  ', 'comeback sms scheduled  ']);
    await aMonthLater(w);
    expect(w.reached()).toEqual([expect.stringMatching(/^Hoi Sanne, gisteren kocht je Regenjas/), expect.stringMatching(/Sanne/)]);
    expect(w.reached()[1]).not.toMatch(/gisteren/);
  });

  it('till first with no consent and no "why": the join page gives its sale both, and the check-in is about the till\'s purchase', async () => {
    const w = await world();
    const sale = await w.till({ reason: null, customer: { name: 'Sanne', phone: '06 13572468', consent: { sms: false } } });
    expect(sale.body.scheduled).toEqual([]);
    w.clock.set('2026-03-14T15:40:00+01:00');
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel', reason: 'de oude was kapot' })).status).toBe(200);
    expect(await w.visits()).toEqual([{ ...REGENJAS, reason: 'de oude was kapot' }]);
    await aMonthLater(w);
    expect(w.reached()).toHaveLength(2);
    expect(w.reached()[0]).toMatch(/^Hoi Sanne, gisteren kocht je Regenjas bij Fietsenmaker Test \("de oude was kapot"\)/);
  });

  it('join page confirmed first, then the till\'s sale: it takes the join\'s place, one check-in about it, one invitation, one visit', async () => {
    const w = await world('2026-03-14T11:00:00+01:00');
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel', reason: 'de oude was kapot' })).status).toBe(200);
    w.clock.set('2026-03-14T15:31:00+01:00');
    const sale = await w.till();
    expect(sale.status).toBe(201);
    // The till is told what its sale has planned: the check-in and invitation already waiting for that visit.
    expect(sale.body.scheduled.map((m: { kind: string; channel: string }) => `${m.kind} ${m.channel}`)).toEqual(['checkin sms', 'comeback sms']);
    const again = await w.till(); // the till sends it again: the same answer, nothing more
    expect(again.body).toEqual(sale.body);
    expect(await w.visits()).toEqual([{ ...REGENJAS, reason: 'voor mijn fietstochten' }]);
    expect(await w.ownersMessages()).toEqual(['checkin sms scheduled  ', 'comeback sms scheduled  ']);
    await aMonthLater(w);
    expect(w.reached()).toHaveLength(2);
    expect(w.reached()[0]).toMatch(/^Hoi Sanne, gisteren kocht je Regenjas bij Fietsenmaker Test \("voor mijn fietstochten"\)/);
  });

  it('join first, then a till that says no "why": the customer\'s stays; a second till sale that day is a sale of its own', async () => {
    const w = await world('2026-03-14T11:00:00+01:00');
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel', reason: 'de oude was kapot' })).status).toBe(200);
    w.clock.set('2026-03-14T15:31:00+01:00');
    expect((await w.till({ reason: null })).status).toBe(201);
    expect(await w.visits()).toEqual([{ ...REGENJAS, reason: 'de oude was kapot' }]);
    w.clock.set('2026-03-14T17:00:00+01:00');
    const second = await w.till({ id: 'sale-2', occurredAt: '2026-03-14T16:55:00+01:00', reason: null, items: [{ name: 'Pomp', quantity: 1, unitPrice: 25 }], total: 25 });
    expect(second.status).toBe(201);
    expect((await w.visits()).map((v) => v.total)).toEqual([89.95, 25]);
    await aMonthLater(w);
    // Still one check-in that day (about what she bought last), and one invitation.
    expect(w.reached()).toHaveLength(2);
    expect(w.reached()[0]).toMatch(/^Hoi Sanne, gisteren kocht je Pomp/);
  });

  it('a till that posts the day\'s sale after the check-in went: still one visit, and no second check-in', async () => {
    const w = await world('2026-03-14T11:00:00+01:00');
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel' })).status).toBe(200);
    await w.tick('2026-03-15T10:00:00+01:00');
    expect(w.reached()).toEqual([expect.stringMatching(/^Hoi, gisteren kocht je Fietsbel/)]);
    const sale = await w.till({ occurredAt: '2026-03-14T10:55:00+01:00' });
    expect(sale.body.scheduled.map((m: { kind: string }) => m.kind)).toEqual(['comeback']);
    expect(sale.body.skipped).toEqual([{ kind: 'checkin', reason: 'checkin_today' }]);
    expect(await w.visits()).toEqual([{ ...REGENJAS, reason: 'voor mijn fietstochten' }]);
    await aMonthLater(w);
    expect(w.reached()).toHaveLength(2);
  });

  it('by e-mail too: the join page confirmed by link, then the till\'s sale with that address', async () => {
    const w = await world('2026-03-14T11:00:00+01:00');
    expect((await w.signUp({ email: 'Sanne@Example.com', email_ok: 'yes', reason: 'de oude was kapot' })).status).toBe(200);
    w.clock.set('2026-03-14T15:31:00+01:00');
    expect((await w.till({ customer: { name: 'Sanne', email: 'sanne@example.com', consent: { email: true } } })).status).toBe(201);
    expect(await w.visits()).toEqual([{ ...REGENJAS, reason: 'voor mijn fietstochten' }]);
    await aMonthLater(w);
    expect(w.reached()).toHaveLength(2);
    expect(w.reached()[0]).toMatch(/Regenjas/);
  });

  it('on another day each is a visit of its own: the later one\'s invitation takes the place of the earlier one\'s', async () => {
    const w = await world('2026-03-13T11:00:00+01:00');
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel' })).status).toBe(200);
    w.clock.set('2026-03-14T15:31:00+01:00');
    expect((await w.till()).status).toBe(201);
    w.clock.set('2026-03-16T12:00:00+01:00');
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Bidon' })).status).toBe(200);
    expect((await w.visits()).map((v) => v.total)).toEqual([null, 89.95, null]);
    expect(await all(w.store.db, "SELECT s.items, m.status, m.error FROM messages m JOIN sales s ON s.id = m.sale_id WHERE m.kind = 'comeback' ORDER BY m.id"))
      .toEqual([
        { items: expect.stringContaining('Fietsbel'), status: 'cancelled', error: 'bought_again' },
        { items: expect.stringContaining('Regenjas'), status: 'cancelled', error: 'bought_again' },
        { items: expect.stringContaining('Bidon'), status: 'scheduled', error: null },
      ]);
  });
});

describe('a held-out customer stays held out, with one visit\'s would-be messages', () => {
  it('join first, then the till: nothing sent, one would-be check-in and invitation, one visit', async () => {
    const w = await world('2026-03-14T11:00:00+01:00', { holdout: true });
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel' })).status).toBe(200);
    expect(await all(w.store.db, 'SELECT id, held_out FROM customers')).toEqual([{ id: 1, held_out: 1 }]);
    w.clock.set('2026-03-14T15:31:00+01:00');
    const sale = await w.till();
    expect(sale.body.skipped).toEqual([{ kind: 'checkin', reason: 'held_out' }, { kind: 'comeback', reason: 'held_out' }]);
    expect(await w.visits()).toHaveLength(1);
    expect(await all(w.store.db, 'SELECT held_out FROM customers')).toEqual([{ held_out: 1 }]);
    expect(await all(w.store.db, "SELECT kind, status FROM held_out_messages WHERE status = 'waiting' ORDER BY kind")).toEqual([
      { kind: 'checkin', status: 'waiting' }, { kind: 'comeback', status: 'waiting' },
    ]);
    await aMonthLater(w);
    expect(w.reached()).toEqual([]);
  });

  it('till first, then the join page: no second set of would-be messages', async () => {
    const w = await world('2026-03-14T15:31:00+01:00', { holdout: true });
    expect((await w.till()).body.skipped).toEqual([{ kind: 'checkin', reason: 'held_out' }, { kind: 'comeback', reason: 'held_out' }]);
    const before = await all(w.store.db, 'SELECT * FROM held_out_messages ORDER BY id');
    w.clock.set('2026-03-14T15:40:00+01:00');
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel' })).status).toBe(200);
    expect(await all(w.store.db, 'SELECT * FROM held_out_messages ORDER BY id')).toEqual(before);
    expect(await w.visits()).toHaveLength(1);
    await aMonthLater(w);
    expect(w.reached()).toEqual([]);
  });
});

describe('the sale\'s own consent link', () => {
  it('gives the till\'s sale its customer: no second sale, one check-in about it', async () => {
    const w = await world();
    const sale = await w.till({ customer: null, reason: null });
    const link = String(sale.body.consentUrl).replace(PUBLIC_URL, w.base);
    w.clock.set('2026-03-14T15:40:00+01:00');
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', reason: 'de oude was kapot' }, link)).status).toBe(200);
    expect(await w.visits()).toEqual([{ ...REGENJAS, reason: 'de oude was kapot' }]);
    await aMonthLater(w);
    expect(w.reached()).toHaveLength(2);
    expect(w.reached()[0]).toMatch(/^Hoi, gisteren kocht je Regenjas|Regenjas/);
  });
});

describe('the join page and a consent link the same day are one visit', () => {
  /** Sanne, known to the till by her number and address since January; on 14 March the till sends a sale without her. */
  async function regular(at: string) {
    const w = await world('2026-01-20T12:00:00+01:00');
    expect((await w.till({ id: 'sale-0', occurredAt: '2026-01-20T11:55:00+01:00', items: [{ name: 'Bel', quantity: 1, unitPrice: 5 }], total: 5 })).status).toBe(201);
    w.clock.set(at);
    const tillWithoutHer = async () => {
      const sale = await w.till({ customer: null, reason: null });
      expect(sale.status).toBe(201);
      return String(sale.body.consentUrl).replace(PUBLIC_URL, w.base);
    };
    const march = async () => (await w.visits()).slice(1);
    return { ...w, tillWithoutHer, march };
  }

  it('join page by SMS first, then the receipt\'s consent link by e-mail: the till\'s sale is the one visit, asked about once', async () => {
    const w = await regular('2026-03-14T11:00:00+01:00');
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel', reason: 'de oude was kapot' })).status).toBe(200);
    w.clock.set('2026-03-14T15:31:00+01:00');
    const link = await w.tillWithoutHer();
    w.clock.set('2026-03-14T15:40:00+01:00');
    expect((await w.signUp({ email: 'sanne@example.com', email_ok: 'yes' }, link)).status).toBe(200);
    // The till's purchase, with her "why" from the join page.
    expect(await w.march()).toEqual([{ ...REGENJAS, reason: 'de oude was kapot' }]);
    await aMonthLater(w);
    expect(w.reached()).toHaveLength(2);
    expect(w.reached()[0]).toMatch(/^Hoi Sanne, gisteren kocht je Regenjas bij Fietsenmaker Test \("de oude was kapot"\)/);
  });

  it('the till\'s sale first, then the join page, then the consent link: one visit, one check-in, one invitation', async () => {
    const w = await regular('2026-03-14T15:31:00+01:00');
    const link = await w.tillWithoutHer();
    w.clock.set('2026-03-14T15:35:00+01:00');
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel', reason: 'de oude was kapot' })).status).toBe(200);
    w.clock.set('2026-03-14T15:40:00+01:00');
    expect((await w.signUp({ email: 'sanne@example.com', email_ok: 'yes', reason: 'mijn jas lekte' }, link)).status).toBe(200);
    // The reason given with the purchase's own link is the purchase's.
    expect(await w.march()).toEqual([{ ...REGENJAS, reason: 'mijn jas lekte' }]);
    expect(await all(w.store.db, "SELECT kind, status FROM messages WHERE status = 'scheduled' ORDER BY kind")).toEqual([
      { kind: 'checkin', status: 'scheduled' }, { kind: 'comeback', status: 'scheduled' },
    ]);
    await aMonthLater(w);
    expect(w.reached()).toHaveLength(2);
    expect(w.reached()[0]).toMatch(/^Hoi Sanne, gisteren kocht je Regenjas/);
  });

  it('a held-out customer stays held out: one visit\'s would-be messages, nothing sent', async () => {
    const w = await world('2026-03-14T11:00:00+01:00', { holdout: true });
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel' })).status).toBe(200);
    expect(await all(w.store.db, 'SELECT held_out FROM customers')).toEqual([{ held_out: 1 }]);
    // She is known by her address too now (the till's sale of the hour before, say): the link finds her by it.
    await run(w.store.db, "UPDATE customers SET email = 'sanne@example.com'");
    w.clock.set('2026-03-14T15:31:00+01:00');
    const sale = await w.till({ customer: null, reason: null });
    w.clock.set('2026-03-14T15:40:00+01:00');
    expect((await w.signUp({ email: 'sanne@example.com', email_ok: 'yes' }, String(sale.body.consentUrl).replace(PUBLIC_URL, w.base))).status).toBe(200);
    expect(await w.visits()).toEqual([{ ...REGENJAS, reason: null }]);
    expect(await all(w.store.db, "SELECT kind, sale_id FROM held_out_messages WHERE status = 'waiting' ORDER BY kind")).toEqual([
      { kind: 'checkin', sale_id: sale.body.saleId }, { kind: 'comeback', sale_id: sale.body.saleId },
    ]);
    await aMonthLater(w);
    expect(w.reached()).toEqual([]);
  });
});

describe('the join page and a till\'s look-up of its customer the same day are one visit', () => {
  const KEY = 'square-key';
  const PATH = '/v1/shops/fietsenmaker/webhooks/square';
  /** A Square payment at 15:31 naming only Square's customer id, which the Customers API knows by her number. */
  async function square(w: Awaited<ReturnType<typeof world>>, { known = true, buyer = null as string | null } = {}) {
    const api = await fakeVendorApi((path) => (known && path === '/v2/customers/SANNE'
      ? { status: 200, body: { customer: { id: 'SANNE', given_name: 'Sanne', phone_number: '+31613572468' } } } : { status: 404 }));
    await w.store.tills.connect(w.shop.id, 'square', { secret: KEY, accessToken: 'EAAAl-token', apiBaseUrl: api.url, consent: ['sms', 'email'] }, w.clock.now());
    const event = JSON.parse(readFileSync(new URL('../fixtures/vendor/square-payment-updated.json', import.meta.url), 'utf8'));
    Object.assign(event.data.object.payment, { customer_id: 'SANNE', created_at: '2026-03-14T14:31:00.000Z', buyer_email_address: buyer });
    const raw = JSON.stringify(event);
    const sig = createHmac('sha256', KEY).update(PUBLIC_URL + PATH).update(raw).digest('base64');
    const res = await fetch(w.base + PATH, { method: 'POST', headers: { 'content-type': 'application/json', 'x-square-hmacsha256-signature': sig }, body: raw });
    expect(res.status).toBe(200);
    await w.tick('2026-03-14T15:33:00+01:00'); // the look-up
  }

  it('join page first, then the till\'s sale whose customer is looked up: one visit, one check-in, one invitation', async () => {
    const w = await world('2026-03-14T11:00:00+01:00');
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel', reason: 'de oude was kapot' })).status).toBe(200);
    w.clock.set('2026-03-14T15:31:00+01:00');
    await square(w);
    const visits = await w.visits();
    expect(visits).toEqual([{ customer: 1, reason: 'de oude was kapot', items: expect.stringContaining('Fietsbel'), total: expect.any(Number) }]);
    expect(await all(w.store.db, 'SELECT till_sale_id FROM sales')).toEqual([{ till_sale_id: expect.stringMatching(/^square:/) }]);
    await aMonthLater(w);
    expect(w.reached()).toHaveLength(2);
    expect(w.reached()[0]).toMatch(/^Hoi Sanne, gisteren kocht je Fietsbel/);
  });

  it('join page by e-mail first, then a payment naming her address whose customer the look-up does not find: one visit', async () => {
    const w = await world('2026-03-14T11:00:00+01:00');
    expect((await w.signUp({ email: 'sanne@example.com', email_ok: 'yes', item: 'Fietsbel', reason: 'de oude was kapot' })).status).toBe(200);
    w.clock.set('2026-03-14T15:31:00+01:00');
    await square(w, { known: false, buyer: 'Sanne@Example.com' });
    expect(await w.visits()).toEqual([{ customer: 1, reason: 'de oude was kapot', items: expect.stringContaining('Fietsbel'), total: expect.any(Number) }]);
    await aMonthLater(w);
    expect(w.reached()).toHaveLength(2);
    expect(w.reached()[0]).toMatch(/Fietsbel/);
  });
});

describe('a till\'s sale from before the day a customer was drawn for the hold-out, arriving after it', () => {
  /** The hold-out's pooled row as the owner downloads it on `at`: [messaged customers, came back], [held out, came back]. */
  async function experimentCsv(w: Awaited<ReturnType<typeof world>>, at: string) {
    w.clock.set(at);
    await w.store.sessions.setPassword(w.shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(w.base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const pooled = (await (await owner.get('/shops/fietsenmaker/experiment.csv')).text()).trim().split('\r\n').at(-1)!.split(';');
    return { messaged: pooled.slice(6, 8), heldOut: pooled.slice(11, 13) };
  }

  it('is kept as her purchase, but her "came back" is judged from the day she was drawn: the visit she was drawn at is no return', async () => {
    const w = await world('2026-03-14T11:00:00+01:00', { holdout: true });
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel' })).status).toBe(200);
    expect(await all(w.store.db, 'SELECT held_out FROM customers')).toEqual([{ held_out: 1 }]);
    // The till's webhook for her purchase of two days before comes only now.
    w.clock.set('2026-03-14T15:00:00+01:00');
    expect((await w.till({ id: 'sale-12', occurredAt: '2026-03-12T15:30:00+01:00' })).status).toBe(201);
    expect(await w.visits()).toHaveLength(2);
    // 14 March was the day she was drawn: 60 days on she counts, and did not come back after it.
    expect(await experimentCsv(w, '2026-05-20T12:00:00+02:00')).toEqual({ messaged: ['0', '0'], heldOut: ['1', '0'] });
  });

  it('a return after the day she was drawn still counts', async () => {
    const w = await world('2026-03-14T11:00:00+01:00', { holdout: true });
    expect((await w.signUp({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel' })).status).toBe(200);
    w.clock.set('2026-03-14T15:00:00+01:00');
    expect((await w.till({ id: 'sale-12', occurredAt: '2026-03-12T15:30:00+01:00' })).status).toBe(201);
    w.clock.set('2026-04-02T15:00:00+02:00');
    expect((await w.till({ id: 'sale-back', occurredAt: '2026-04-02T14:55:00+02:00' })).status).toBe(201);
    expect(await experimentCsv(w, '2026-05-20T12:00:00+02:00')).toEqual({ messaged: ['0', '0'], heldOut: ['1', '1'] });
  });
});
