// The hold-out on the real store and the real webhook: who joins and when, that the group never changes (retries,
// look-ups that attach the customer later, the consent page), that a held-out customer is never sent anything while
// what they would have had is kept by the same rules, and what a change of share does.
import { describe, expect, it } from 'vitest';
import { sql } from '../../src/db/sql.js';
import { draw } from '../../src/domain/holdout.js';
import { localDayNumber } from '../../src/domain/zone.js';
import { all, createShop, one, postSale, run, saleBody, startApp, testClock, testDispatcher, testStore, value } from '../helpers.js';
import { DAY, customer, phoneOf, sale, shopWith } from '../store-sales.js';

const HOUR = 3_600_000;

/** A shop that holds half its new customers out, and a till that posts sales for customer n (06 1234 50nn). */
/**
 * `salt`: the period's secret, fixed, for a test that needs a known draw (with a fresh one, 12 customers at 50% leave
 * fewer than two held out one run in 300): 'held-out-test' holds out customers 1, 2, 5, 7, 8, 9 and 11 of the first 12.
 */
async function setup(share = 50, salt?: string) {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { shop, webhookSecret } = await createShop(store, { holdout: share });
  if (salt) await run(store.db, 'UPDATE experiment_periods SET salt = ?', salt);
  const base = await startApp(store, clock.now);
  const phone = (n: number) => `+3161234${String(5000 + n)}`;
  const post = async (id: string, n: number, over: Record<string, unknown> = {}) =>
    (await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id, occurredAt: new Date(clock.now() - 60_000).toISOString(), customer: { name: `Klant ${n}`, phone: phone(n), consent: { sms: true } }, ...over }), clock.now())).body;
  const { dispatcher, sms } = testDispatcher(store);
  const customer = (n: number) => one<{ id: number; periodId: number | null; heldOut: number | null }>(store.db, 'SELECT id, period_id AS periodId, held_out AS heldOut FROM customers WHERE phone = ?', phone(n));
  return { store, clock, shop, base, post, phone, dispatcher, sms, customer, secret: webhookSecret };
}

describe('who joins the hold-out', () => {
  it('draws each new customer once, with the period\'s secret, before anything is scheduled; the webhook response says held_out', async () => {
    const s = await setup();
    const salt = (await value<string>(s.store.db, 'SELECT salt FROM experiment_periods'))!;
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    let held = 0;
    for (let n = 0; n < 20; n++) {
      const sale = await s.post(`s-${n}`, n);
      const c = (await s.customer(n))!;
      const expected = draw(salt, `c${c.id}`) < 0.5;
      expect(c.heldOut).toBe(expected ? 1 : 0);
      if (expected) {
        held++;
        expect(sale.scheduled).toEqual([]);
        expect(sale.skipped).toEqual([{ kind: 'checkin', reason: 'held_out' }, { kind: 'comeback', reason: 'held_out' }]);
      } else expect(sale.scheduled.map((m: { kind: string }) => m.kind)).toEqual(['checkin', 'comeback']);
    }
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(20);
    // Held out: no message rows at all; what they would have had is kept, due when the others' are.
    expect(await value(s.store.db, 'SELECT count(*) FROM messages m JOIN customers c ON c.id = m.customer_id WHERE c.held_out = 1')).toBe(0);
    expect(await value(s.store.db, 'SELECT count(*) FROM held_out_messages')).toBe(held * 2);
    const due = await all<{ kind: string; dueAt: number }>(s.store.db, 'SELECT DISTINCT kind, due_at AS dueAt FROM held_out_messages ORDER BY kind');
    const real = await all<{ kind: string; dueAt: number }>(s.store.db, 'SELECT DISTINCT kind, due_at AS dueAt FROM messages ORDER BY kind');
    expect(due).toEqual(real);
  });

  it('keeps the group whatever the till sends later: a retry, a second sale, changed consent', async () => {
    const s = await setup();
    for (let n = 0; n < 6; n++) await s.post(`s-${n}`, n);
    const before = await all(s.store.db, 'SELECT id, period_id, held_out FROM customers ORDER BY id');
    for (let n = 0; n < 6; n++) {
      await s.post(`s-${n}`, n); // the same sale again
      s.clock.advance(HOUR);
      await s.post(`later-${n}`, n, { customer: { phone: s.phone(n), consent: { sms: n % 2 === 0, email: true }, email: `k${n}@example.com` } });
    }
    expect(await all(s.store.db, 'SELECT id, period_id, held_out FROM customers ORDER BY id')).toEqual(before);
    // A later sale of a held-out customer schedules nothing either.
    expect(await value(s.store.db, 'SELECT count(*) FROM messages m JOIN customers c ON c.id = m.customer_id WHERE c.held_out = 1')).toBe(0);
  });

  it('leaves out a first sale more than 48 hours old (an imported history), a customer without consent or contact, and a shop that holds nobody out', async () => {
    const s = await setup();
    await s.post('old', 1, { occurredAt: new Date(s.clock.now() - 49 * HOUR).toISOString() });
    await s.post('no-consent', 2, { customer: { phone: s.phone(2), consent: { sms: false } } });
    await s.post('no-contact', 3, { customer: { name: 'Anoniem' } });
    expect(await all(s.store.db, 'SELECT period_id, held_out FROM customers ORDER BY id')).toEqual([
      { period_id: null, held_out: null },
      { period_id: null, held_out: null },
    ]);
    // Their purchases still count in the general figures (the summaries know them); a name alone is no customer.
    expect(await value(s.store.db, 'SELECT count(*) FROM customers WHERE first_day IS NOT NULL')).toBe(2);
    expect(await value(s.store.db, "SELECT customer_id FROM sales WHERE till_sale_id = 'no-contact'")).toBeNull();
    const off = await setup(0);
    await off.post('x', 1);
    expect(await off.customer(1)).toMatchObject({ periodId: null, heldOut: null });
    expect(await value(off.store.db, 'SELECT count(*) FROM experiment_periods')).toBe(0);
  });

  it('a customer the till names only by id joins when the look-up gives them, in the sale that was waiting', async () => {
    const s = await setup();
    const sale = await s.post('w', 0, { customer: null });
    expect(sale.customerId).toBeNull();
    const attached = await s.store.sales.attach(s.shop, sale.saleId, { name: 'Sam', phone: s.phone(7), email: null, locale: null, posCustomerId: 'till:7', consent: { sms: true } }, s.clock.now());
    const c = (await s.customer(7))!;
    expect(c.periodId).not.toBeNull();
    expect(attached!.scheduled.length === 0).toBe(c.heldOut === 1);
    // Attached again (a second look-up): the same group, nothing added.
    await s.store.sales.attach(s.shop, sale.saleId, { name: 'Sam', phone: s.phone(7), email: null, locale: null, posCustomerId: 'till:7', consent: { sms: true } }, s.clock.now());
    expect(await s.customer(7)).toEqual(c);
  });
});

describe('a held-out customer', () => {
  it('would have had one invitation, not one per row, when the shop knows them under two rows (a phone and an e-mail)', async () => {
    const s = await setup(50, 'held-out-test');
    const sale = (id: string, at: string, customer: Record<string, unknown>) =>
      postSale(s.base, 'fietsenmaker', s.secret, saleBody({ id, occurredAt: at, customer: { name: 'Sanne', consent: { sms: true, email: true }, ...customer } }), s.clock.now());
    await sale('a', '2026-03-14T15:00:00+01:00', { phone: '0612345001' });
    await sale('b', '2026-03-14T15:10:00+01:00', { email: 'sanne@example.com' });
    expect(await all(s.store.db, 'SELECT id, held_out AS heldOut FROM customers ORDER BY id')).toEqual([{ id: 1, heldOut: 1 }, { id: 2, heldOut: 1 }]);
    s.clock.set('2026-03-25T12:00:00+01:00');
    await sale('c', '2026-03-25T11:00:00+01:00', { phone: '0612345001', email: 'sanne@example.com' });
    // Her return cancels both rows' would-be invitations, as it cancels a messaged customer's real ones on every row.
    expect(await all(s.store.db, "SELECT s.till_sale_id AS sale, g.status, g.reason FROM held_out_messages g JOIN sales s ON s.id = g.sale_id WHERE g.kind = 'comeback' ORDER BY g.id")).toEqual([
      { sale: 'a', status: 'cancelled', reason: 'bought_again' },
      { sale: 'b', status: 'cancelled', reason: 'bought_again' },
      { sale: 'c', status: 'waiting', reason: null },
    ]);
  });

  it("would have had their invitation back when the purchase they came back for is refunded, as a messaged customer has", async () => {
    const s = await setup(50, 'held-out-test');
    await s.post('s-1', 1);
    const c = (await s.customer(1))!;
    expect(c.heldOut).toBe(1);
    s.clock.set('2026-03-20T12:00:00+01:00');
    await s.post('again', 1, { occurredAt: '2026-03-20T11:00:00+01:00' });
    await s.post('again', 1, { occurredAt: '2026-03-20T11:00:00+01:00', status: 'refunded' });
    // Not on 13 April, its own day, but 30 days after the visit refunded, as a messaged customer's (see refunds.test.ts).
    expect(await all(s.store.db, "SELECT s.till_sale_id AS sale, g.status, g.reason, g.due_at AS dueAt FROM held_out_messages g JOIN sales s ON s.id = g.sale_id WHERE g.kind = 'comeback' ORDER BY g.id")).toEqual([
      { sale: 's-1', status: 'waiting', reason: null, dueAt: Date.parse('2026-04-19T10:00:00+02:00') },
      { sale: 'again', status: 'cancelled', reason: 'refunded', dueAt: Date.parse('2026-04-19T10:00:00+02:00') },
    ]);
  });
  it('would have had it back when the time it now goes is still to come, though its own has passed, as a messaged customer has', async () => {
    const s = await setup(50, 'held-out-test');
    await s.post('s-1', 1); // its would-be invitation: 13 April, 10:00
    expect((await s.customer(1))!.heldOut).toBe(1);
    s.clock.set('2026-04-12T12:00:00+02:00');
    await s.post('again', 1, { occurredAt: '2026-04-12T11:00:00+02:00' });
    s.clock.set('2026-04-13T10:30:00+02:00'); // brought back after 10:00 on the 13th
    await s.post('again', 1, { occurredAt: '2026-04-12T11:00:00+02:00', status: 'refunded' });
    expect(await all(s.store.db, "SELECT s.till_sale_id AS sale, g.status, g.reason, g.due_at AS dueAt FROM held_out_messages g JOIN sales s ON s.id = g.sale_id WHERE g.kind = 'comeback' ORDER BY g.id")).toEqual([
      { sale: 's-1', status: 'waiting', reason: null, dueAt: Date.parse('2026-05-12T10:00:00+02:00') },
      { sale: 'again', status: 'cancelled', reason: 'refunded', dueAt: Date.parse('2026-05-12T10:00:00+02:00') },
    ]);
  });
  it('would have had it back at its own time after a void, or a web order sent by post brought back: neither was a visit', async () => {
    const s = await setup(50, 'held-out-test');
    await s.post('s-1', 1);
    expect((await s.customer(1))!.heldOut).toBe(1);
    s.clock.set('2026-03-20T12:00:00+01:00');
    await s.post('again', 1, { occurredAt: '2026-03-20T11:00:00+01:00' });
    await s.post('again', 1, { occurredAt: '2026-03-20T11:00:00+01:00', status: 'voided' }); // rung up by mistake
    const comebacks = () => all(s.store.db, "SELECT s.till_sale_id AS sale, g.status, g.reason, g.due_at AS dueAt FROM held_out_messages g JOIN sales s ON s.id = g.sale_id WHERE g.kind = 'comeback' ORDER BY g.id");
    const own = Date.parse('2026-04-13T10:00:00+02:00');
    expect(await comebacks()).toEqual([
      { sale: 's-1', status: 'waiting', reason: null, dueAt: own },
      { sale: 'again', status: 'cancelled', reason: 'voided', dueAt: Date.parse('2026-04-19T10:00:00+02:00') },
    ]);
    // Another held-out customer's web order sent by post (as the Shopify webhook stores one with goods to ship), sent back.
    s.clock.set('2026-03-14T15:35:00+01:00');
    await s.post('s-2', 2);
    expect((await s.customer(2))!.heldOut).toBe(1);
    s.clock.set('2026-03-25T21:00:00+01:00');
    const order = sale(customer({ phone: s.phone(2), consent: { sms: true } }), '2026-03-25T20:00:00+01:00', { tillSaleId: 'web', shipped: true });
    expect((await s.store.sales.record(s.shop, order, s.clock.now())).outcome).toBe('created');
    expect((await comebacks()).slice(2)).toEqual([
      { sale: 's-2', status: 'cancelled', reason: 'bought_again', dueAt: own },
      { sale: 'web', status: 'waiting', reason: null, dueAt: Date.parse('2026-04-27T10:00:00+02:00') }, // 30 days after the check-in
    ]);
    await s.store.sales.refund(s.shop, 'web', { status: 'refunded' }, Date.parse('2026-03-27T12:00:00+01:00'));
    expect((await comebacks())[2]).toEqual({ sale: 's-2', status: 'waiting', reason: null, dueAt: own });
  });
  it('is never sent anything; the would-be messages follow the same skip rules: bought again, refunded, STOP', async () => {
    const s = await setup(50, 'held-out-test');
    for (let n = 0; n < 12; n++) await s.post(`s-${n}`, n);
    const held = await all<{ id: number; phone: string }>(s.store.db, 'SELECT id, phone FROM customers WHERE held_out = 1 ORDER BY id');
    expect(held.length).toBeGreaterThan(1);
    const [a, b] = held as [{ id: number; phone: string }, { id: number; phone: string }];
    // a buys again: the first sale's would-be invitation would have been cancelled, and no check-in would follow the one
    // of five days before; b's first sale is refunded. Their would-be check-ins (15 March) would have gone already, and
    // stay, as a check-in sent to a messaged customer does.
    s.clock.set('2026-03-20T12:00:00+01:00');
    const n = (phone: string) => Number(phone.slice(-2));
    await s.post('again', n(a.phone), { occurredAt: '2026-03-20T11:00:00+01:00' });
    await s.post(`s-${n(b.phone)}`, n(b.phone), { status: 'refunded' });
    const ghosts = await all<{ customerId: number; kind: string; status: string; reason: string | null }>(
      s.store.db, 'SELECT customer_id AS customerId, kind, status, reason FROM held_out_messages WHERE customer_id IN (?, ?) ORDER BY id', a.id, b.id);
    expect(ghosts).toEqual([
      { customerId: a.id, kind: 'checkin', status: 'waiting', reason: null },
      { customerId: a.id, kind: 'comeback', status: 'cancelled', reason: 'bought_again' },
      { customerId: b.id, kind: 'checkin', status: 'waiting', reason: null },
      { customerId: b.id, kind: 'comeback', status: 'cancelled', reason: 'refunded' },
      { customerId: a.id, kind: 'comeback', status: 'waiting', reason: null },
    ]);
    await s.store.customers.optOut(a.id, 'sms', 'sms_keyword', s.clock.now());
    expect(await value(s.store.db, "SELECT count(*) FROM held_out_messages WHERE customer_id = ? AND status = 'waiting' AND due_at > ?", a.id, s.clock.now())).toBe(0);
    // Months of dispatching: only the messaged customers get anything.
    for (const day of ['2026-03-15T10:00:00+01:00', '2026-03-21T10:00:00+01:00', '2026-04-14T12:00:00+02:00', '2026-04-20T12:00:00+02:00']) await s.dispatcher.tick(Date.parse(day));
    const heldPhones = new Set(held.map((h) => h.phone));
    expect(s.sms.sent.length).toBeGreaterThan(0);
    expect(s.sms.sent.filter((m) => heldPhones.has(m.to))).toEqual([]);
  });

  it("gives a would-be check-in not due yet way to a newer purchase's, as a real one not sent yet does", async () => {
    const s = await setup(50, 'held-out-test');
    for (let n = 0; n < 12; n++) await s.post(`s-${n}`, n);
    const customers = await all<{ id: number; phone: string; heldOut: number }>(s.store.db, 'SELECT id, phone, held_out AS heldOut FROM customers ORDER BY id');
    const n = (phone: string) => Number(phone.slice(-2));
    s.clock.set('2026-03-15T09:00:00+01:00'); // before the check-ins of 14 March were due
    for (const c of customers) await s.post(`again-${c.id}`, n(c.phone));
    const checkins = (table: string, reason: string) => value<number>(s.store.db, `SELECT count(*) FROM ${table} WHERE kind = 'checkin' AND ${reason}`);
    const held = customers.filter((c) => c.heldOut === 1).length;
    expect(held).toBeGreaterThan(1);
    expect(await checkins('held_out_messages', "reason = 'checkin_moved'")).toBe(held);
    expect(await checkins('held_out_messages', "status = 'waiting'")).toBe(held);
    expect(await checkins('messages', "error = 'checkin_moved'")).toBe(customers.length - held);
    expect(await checkins('messages', "status = 'scheduled'")).toBe(customers.length - held);
  });

  it('a message for one that got into the queue anyway is stopped by the dispatcher, and one that went is shown as a bug', async () => {
    const s = await setup(50, 'held-out-test');
    for (let n = 0; n < 8; n++) await s.post(`s-${n}`, n);
    const h = (await one<{ id: number; phone: string }>(s.store.db, 'SELECT id, phone FROM customers WHERE held_out = 1 ORDER BY id LIMIT 1'))!;
    const saleId = await value<number>(s.store.db, 'SELECT id FROM sales WHERE customer_id = ?', h.id);
    await run(s.store.db, `INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, due_at, next_attempt_at, created_at)
      VALUES (?, ?, ?, 'checkin', 'sms', 'planted', ?, ?, ?)`, s.shop.id, h.id, saleId, s.clock.now(), s.clock.now(), s.clock.now());
    await s.dispatcher.tick(s.clock.now() + 60_000);
    expect(s.sms.sent.filter((m) => m.to === h.phone)).toEqual([]);
    expect(await one(s.store.db, "SELECT status, error FROM messages WHERE key = 'planted'")).toEqual({ status: 'cancelled', error: 'held_out' });
    expect((await s.store.experiments.report(s.shop, 20_600)).violations).toBe(0);
    await run(s.store.db, "UPDATE messages SET status = 'sent' WHERE key = 'planted'");
    expect((await s.store.experiments.report(s.shop, 20_600)).violations).toBe(1);
  });
});

describe('the share', () => {
  it('a change starts a new period with a new secret; customers already in keep their group; off keeps the results', async () => {
    const s = await setup(20);
    for (let n = 0; n < 5; n++) await s.post(`a-${n}`, n);
    const first = await all(s.store.db, 'SELECT id, period_id, held_out FROM customers ORDER BY id');
    await s.store.experiments.setShare(s.shop, 50, s.clock.now());
    const periods = await all<{ share: number; endedAt: number | null; salt: string }>(s.store.db, 'SELECT share, ended_at AS endedAt, salt FROM experiment_periods ORDER BY id');
    expect(periods.map((p) => [p.share, p.endedAt === null])).toEqual([[20, false], [50, true]]);
    expect(periods[0]!.salt).not.toBe(periods[1]!.salt);
    await s.store.experiments.setShare(s.shop, 50, s.clock.now()); // the same share again: nothing new
    expect(await value(s.store.db, 'SELECT count(*) FROM experiment_periods')).toBe(2);
    for (let n = 5; n < 10; n++) await s.post(`b-${n}`, n);
    expect(await all(s.store.db, 'SELECT id, period_id, held_out FROM customers WHERE id <= ? ORDER BY id', 5)).toEqual(first);
    expect(await value(s.store.db, 'SELECT count(DISTINCT period_id) FROM customers WHERE id > 5')).toBe(1);

    await s.store.experiments.setShare(s.shop, 0, s.clock.now());
    await s.post('c', 20);
    expect(await s.customer(20)).toMatchObject({ periodId: null, heldOut: null });
    const { report } = await s.store.experiments.report((await s.store.shops.bySlug('fietsenmaker'))!, 30_000);
    expect(report.share).toBe(0);
    expect(report.periods.map((p) => p.assigned.messaged + p.assigned.heldOut)).toEqual([5, 5]);
  });
});

describe('came back after a message', () => {
  // Descriptive, next to the test: a return (a completed sale on a later day) within 14 days after a delivered message,
  // for a held-out customer after the one they would have had. Kept on the customer and summed per day.
  it('counts a return within 14 days of a sent check-in or of a held-out customer\'s would-be one, not a later one, and takes it back with a refund', async () => {
    const s = await setup(50, 'held-out-test'); // customer ids 1 and 2 held out, 3 and 4 messaged
    for (const n of [0, 1, 2, 3]) await s.post(`first-${n}`, n); // customer n gets id n + 1
    expect((await s.customer(0))!.heldOut).toBe(1);
    expect((await s.customer(2))!.heldOut).toBe(0);
    await s.dispatcher.tick(Date.parse('2026-03-15T12:00:00+01:00')); // the next day's check-ins go out (to 2 and 3)
    expect(await value(s.store.db, "SELECT count(*) FROM messages WHERE kind = 'checkin' AND status = 'sent'")).toBe(2);
    const cameBack = async (n: number) => value<number>(s.store.db, 'SELECT came_back_after FROM customers WHERE phone = ?', s.phone(n));
    const counted = () => all<{ heldOut: number; n: number }>(s.store.db,
      'SELECT held_out AS heldOut, sum(came_back_after) AS n FROM experiment_days GROUP BY held_out ORDER BY held_out');

    s.clock.set('2026-03-20T11:00:00+01:00'); // five days after the check-in: 0 (held out) and 2 come back
    await s.post('again-0', 0);
    await s.post('again-2', 2);
    s.clock.set('2026-04-10T11:00:00+02:00'); // 26 days after: too late for 3
    await s.post('again-3', 3);
    expect([await cameBack(0), await cameBack(1), await cameBack(2), await cameBack(3)]).toEqual([1, 0, 1, 0]);
    expect(await counted()).toEqual([{ heldOut: 0, n: 1 }, { heldOut: 1, n: 1 }]);

    // The return refunded: it no longer counts.
    const refunded = await s.store.sales.refund(s.shop, 'again-2', { status: 'refunded' }, s.clock.now());
    expect(refunded).toMatchObject({ status: 'refunded' });
    expect(await cameBack(2)).toBe(0);
    expect(await counted()).toEqual([{ heldOut: 0, n: 0 }, { heldOut: 1, n: 1 }]);
  });
});

describe("the hold-out's pace", () => {
  it("counts the days it has run in the shop's own days: begun at 00:30 in Amsterdam (23:30 UTC the day before), ten days are ten", async () => {
    const { store, shop } = await shopWith(20);
    const begun = Date.parse('2026-03-01T00:30:00+01:00');
    await store.db.run(sql(`UPDATE experiment_periods SET started_at = ${begun}`));
    for (let day = 0; day < 10; day++) {
      for (let n = 0; n < 5; n++) {
        const at = begun + day * DAY + 3_600_000 * 9 + n * 60_000;
        await store.sales.record(shop, sale(customer({ name: `K${day}-${n}`, phone: phoneOf(day * 10 + n), consent: { sms: true } }), at), at + 1000);
      }
    }
    const today = localDayNumber(Date.parse('2026-03-10T18:00:00+01:00'), 'Europe/Amsterdam');
    const { report } = await store.experiments.report(shop, today);
    expect(report.pace).toBeCloseTo((50 / 10) * 30.44, 6); // not 50 / 11 days
  });
});

describe('a held-out customer\'s refund of a purchase whose would-be check-in took the place of the one before', () => {
  it('gives the earlier one its would-be check-in back, as a messaged customer gets theirs', async () => {
    // (A would-be check-in gives way to a purchase of a later day only: the same day's is due at the same time anyway.)
    const s = await setup(50, 'held-out-test'); // customer 1 held out
    await s.post('a', 0, { items: [{ name: 'Fiets' }] });
    s.clock.set('2026-03-15T09:00:00+01:00'); // before its would-be check-in at 10:00
    await s.post('b', 0, { items: [{ name: 'Bel' }] });
    const wouldBe = () => all(s.store.db, 'SELECT s.till_sale_id AS sale, h.kind, h.status, h.reason FROM held_out_messages h JOIN sales s ON s.id = h.sale_id ORDER BY h.id');
    expect((await wouldBe()).filter((m) => m.kind === 'checkin')).toEqual([
      { sale: 'a', kind: 'checkin', status: 'cancelled', reason: 'checkin_moved' },
      { sale: 'b', kind: 'checkin', status: 'waiting', reason: null },
    ]);
    await s.store.sales.refund(s.shop, 'b', { status: 'refunded' }, s.clock.now());
    expect(await wouldBe()).toEqual([
      { sale: 'a', kind: 'checkin', status: 'waiting', reason: null },
      { sale: 'a', kind: 'comeback', status: 'waiting', reason: null },
      { sale: 'b', kind: 'checkin', status: 'cancelled', reason: 'refunded' },
      { sale: 'b', kind: 'comeback', status: 'cancelled', reason: 'refunded' },
    ]);
  });
});
