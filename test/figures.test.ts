// The owner's figures on a small hand-made history whose right answers are worked out below, by hand.
import { describe, expect, it } from 'vitest';
import { dateDay } from '../src/domain/calendar.js';
import { cohortGrid, periodFrom } from '../src/domain/figures.js';
import { rebuildSummaries } from '../src/db/summary.js';
import type { Sale, SaleCustomer } from '../src/domain/sale.js';
import { all, createShop, run, testDispatcher, testStore } from './helpers.js';

const customer = (c: Partial<SaleCustomer>): SaleCustomer => ({ name: null, phone: null, email: null, locale: null, posCustomerId: null, consent: {}, ...c });

/**
 * Today is 30 June 2026 (Amsterdam). Customers, with their purchases:
 *   A  10 Jan, again 25 Jan (15 days)        SMS consent     reason "Cadeau"
 *   B   1 Feb, again 15 Mar (42 days)        e-mail consent  reason "cadeau!"
 *   C   1 Mar 10:00, again 1 Mar 16:00       phone, no consent: the same day does not count as coming back
 *   D  10 Mar, again 20 Mar, refunded        no contact at all: a refunded sale does not count
 *   E  20 Jun                                SMS consent: too recent to judge for 30, 60 and 90 days
 *   F  15 May, again 20 May (5 days)         phone, no consent
 *   G  1 May 2025, again 5 Jan 2026          first purchase before the 365-day period: not in it
 *   H  10 Feb refunded, 20 Feb, 1 Apr (40)   SMS consent: the refunded sale is not the first purchase
 */
async function history() {
  const store = await testStore();
  const { shop } = await createShop(store);
  const { dispatcher } = testDispatcher(store);
  const people: Record<string, SaleCustomer> = {
    A: customer({ name: 'A', phone: '+31611111111', consent: { sms: true } }),
    B: customer({ name: 'B', email: 'b@example.com', consent: { email: true } }),
    C: customer({ name: 'C', phone: '+31633333333' }),
    D: customer({ name: 'D', posCustomerId: 'D' }),
    E: customer({ name: 'E', phone: '+31655555555', consent: { sms: true } }),
    F: customer({ name: 'F', phone: '+31666666666' }),
    G: customer({ name: 'G', phone: '+31677777777', consent: { sms: true } }),
    H: customer({ name: 'H', phone: '+31688888888', consent: { sms: true } }),
  };
  const reasons: Record<string, string | null> = { A: 'Cadeau', B: 'cadeau!', C: 'voor mijn fietstochten', D: null, E: 'Voor mijn fietstochten', F: 'cadeau', G: 'kapot', H: 'werk' };
  const purchases: [string, string, boolean?][] = [
    ['G', '2025-05-01T12:00:00+02:00'], ['G', '2026-01-05T12:00:00+01:00'],
    ['A', '2026-01-10T12:00:00+01:00'], ['A', '2026-01-25T12:00:00+01:00'],
    ['B', '2026-02-01T12:00:00+01:00'], ['H', '2026-02-10T12:00:00+01:00', true], ['H', '2026-02-20T12:00:00+01:00'],
    ['C', '2026-03-01T10:00:00+01:00'], ['C', '2026-03-01T16:00:00+01:00'],
    ['D', '2026-03-10T12:00:00+01:00'], ['B', '2026-03-15T12:00:00+01:00'], ['D', '2026-03-20T12:00:00+01:00', true],
    ['H', '2026-04-01T12:00:00+02:00'], ['F', '2026-05-15T12:00:00+02:00'], ['F', '2026-05-20T12:00:00+02:00'],
    ['E', '2026-06-20T12:00:00+02:00'],
  ];
  let n = 0;
  for (const [who, iso, refunded] of purchases) {
    const at = Date.parse(iso);
    const sale: Sale = {
      tillSaleId: `${who}-${++n}`, status: 'completed', occurredAt: at, customer: people[who]!, reason: reasons[who]!,
      items: [{ name: 'Fiets', sku: null, quantity: 1, unitPrice: 500 }], total: 500, currency: 'EUR', staff: null,
    };
    await store.sales.record(shop, sale, at + 60_000);
    if (refunded) await store.sales.refund(shop, sale.tillSaleId, { status: 'refunded' }, at + 120_000);
    await dispatcher.tick(at + 22 * 3_600_000); // the next morning: check-ins go out
  }
  const today = dateDay('2026-06-30');
  return { store, shop, today, period: periodFrom({}, today) };
}

describe('return rate', () => {
  it('counts who came back within 30, 60 and 90 days, leaving out who is too recent to judge', async () => {
    const { store, shop, today, period } = await history();
    // In the period: A B C D E F H (G first bought before it) = 7 customers.
    // 30 days: judged A B C D F H (E too recent); back A (15 d), F (5 d)         → 2 of 6
    // 60 days: judged A B C D H (E, F too recent); back A, B (42 d), H (40 d)    → 3 of 5
    // 90 days: judged A B C D H (first purchase before 1 April: 90 days over)  → 3 of 5
    expect(await store.figures.returnRates(shop.id, period, today)).toEqual({
      customers: 7,
      rates: [
        { days: 30, judged: 6, back: 2, tooEarly: 1, rate: expect.closeTo(33.333, 2) },
        { days: 60, judged: 5, back: 3, tooEarly: 2, rate: 60 },
        { days: 90, judged: 5, back: 3, tooEarly: 2, rate: 60 },
      ],
    });
  });

  it('follows the period: the last 90 days hold only E and F', async () => {
    const { store, shop, today } = await history();
    const r = await store.figures.returnRates(shop.id, periodFrom({ days: '90' }, today), today);
    expect(r.customers).toBe(2);
    expect(r.rates[0]).toEqual({ days: 30, judged: 1, back: 1, tooEarly: 1, rate: 100 });
  });
});

describe('did asking help?', () => {
  it('compares, over 30 days, customers whose first check-in went out with those who could not be asked', async () => {
    const { store, shop, today, period } = await history();
    // SMS: A (back), E (too recent), H (40 d: not within 30)  → 1 of 2, 3 customers
    // e-mail: B (42 d)                                          → 0 of 1
    // not asked (no consent or contact): C, D, F (back)         → 1 of 3
    const groups = Object.fromEntries((await store.figures.asked(shop.id, period, today)).groups.map((g) => [g.asked, g]));
    expect(groups).toEqual({
      sms: { asked: 'sms', customers: 3, judged: 2, back: 1, rate: 50 },
      email: { asked: 'email', customers: 1, judged: 1, back: 0, rate: 0 },
      none: { asked: 'none', customers: 3, judged: 3, back: 1, rate: expect.closeTo(33.333, 2) },
    });
  });
});

describe('why people buy', () => {
  it('counts the normalised reason of the first purchase, with the 30-day return rate of each', async () => {
    const { store, shop, today, period } = await history();
    expect(await store.figures.reasons(shop.id, period, today)).toEqual([
      { reason: 'cadeau', customers: 3, judged: 3, back: 2, rate: expect.closeTo(66.667, 2) }, // A, B, F
      { reason: 'voor mijn fietstochten', customers: 2, judged: 1, back: 0, rate: 0 }, // C, E (too recent)
      { reason: 'werk', customers: 1, judged: 1, back: 0, rate: 0 }, // H
    ]);
  });
});

describe('why people buy, without placeholders', () => {
  it('does not count "n.v.t.", "Geen", "null" or "-" as a reason, nor one counted so before', async () => {
    const store = await testStore();
    const { shop } = await createShop(store);
    const reasons = ['n.v.t.', 'Geen', 'null', '-', 'N/A', 'cadeau', 'geen idee'];
    for (const [i, reason] of reasons.entries()) {
      const sale: Sale = {
        tillSaleId: `s-${i}`, status: 'completed', occurredAt: Date.parse('2026-06-01T12:00:00+02:00') + i, customer: customer({ name: `C${i}`, posCustomerId: `c-${i}` }),
        reason, items: [{ name: 'Fiets', sku: null, quantity: 1, unitPrice: 500 }], total: 500, currency: 'EUR', staff: null,
      };
      await store.sales.record(shop, sale, Date.parse('2026-06-01T13:00:00+02:00'));
    }
    const today = dateDay('2026-06-30');
    const listed = async () => (await store.figures.reasons(shop.id, periodFrom({}, today), today)).map((r) => r.reason);
    expect(await listed()).toEqual(['cadeau', 'geen idee']);
    // As a version before this one counted them (lower case, the signs around it taken off): still not listed.
    await run(store.db, "UPDATE customers SET first_reason = 'n.v.t' WHERE pos_customer_id = 'c-1'");
    await run(store.db, "UPDATE customers SET first_reason = 'n/a' WHERE pos_customer_id = 'c-2'");
    expect(await listed()).toEqual(['cadeau', 'geen idee']);
  });
});

describe('the cohort table', () => {
  it('shows, per month of first purchase, the share who bought again each month after; the future empty', async () => {
    const { store, shop, today, period } = await history();
    const cells = await store.figures.cohortCells(shop.id, 'month', 2025 * 12 + 6, 2026 * 12 + 5);
    const rows = cohortGrid(cells, 'month', period, today, 7);
    const month = (y: number, m: number) => y * 12 + m - 1;
    expect(rows).toEqual([
      // `current`: June, under way (the cell that counts only its days so far)
      { cohort: month(2026, 1), size: 1, cells: [100, 0, 0, 0, 0, 0, null], current: 5, partial: false }, // A: again in January itself
      { cohort: month(2026, 2), size: 2, cells: [0, 50, 50, 0, 0, null, null], current: 4, partial: false }, // B in March, H in April
      { cohort: month(2026, 3), size: 2, cells: [0, 0, 0, 0, null, null, null], current: 3, partial: false }, // C same day, D refunded
      { cohort: month(2026, 5), size: 1, cells: [100, 0, null, null, null, null, null], current: 1, partial: false }, // F
      { cohort: month(2026, 6), size: 1, cells: [0, null, null, null, null, null, null], current: 0, partial: false }, // E
    ]);
  });

  it('stays right when a sale is refunded later: the customer no longer counts as back', async () => {
    const { store, shop, today, period } = await history();
    await store.sales.refund(shop, 'A-4', { status: 'refunded' }, Date.parse('2026-06-30T12:00:00+02:00')); // A's second purchase
    expect((await store.figures.returnRates(shop.id, period, today)).rates[0]).toMatchObject({ judged: 6, back: 1 });
    const cells = await store.figures.cohortCells(shop.id, 'month', 2026 * 12, 2026 * 12);
    expect(cohortGrid(cells, 'month', period, today, 1)).toEqual([{ cohort: 2026 * 12, size: 1, cells: [0], current: null, partial: false }]);
  });

  it('keeps the customer back when only part of that sale is refunded: they kept the rest', async () => {
    const { store, shop, today, period } = await history();
    const before = await store.figures.returnRates(shop.id, period, today);
    const part = { id: 'R-1', amount: 5, currency: null };
    const refunded = await store.sales.refund(shop, 'A-4', { status: 'refunded', part }, Date.parse('2026-06-30T12:00:00+02:00'));
    expect(refunded).toMatchObject({ status: 'completed', refunded: 5 });
    expect(await store.figures.returnRates(shop.id, period, today)).toEqual(before);
    const cells = await store.figures.cohortCells(shop.id, 'month', 2026 * 12, 2026 * 12);
    expect(cohortGrid(cells, 'month', period, today, 1)).toEqual([{ cohort: 2026 * 12, size: 1, cells: [100], current: null, partial: false }]);
  });

  it('is rebuilt from the sales to the same figures', async () => {
    const { store, shop } = await history();
    const snapshot = async () => ({
      cells: await all(store.db, 'SELECT unit, cohort, periods_later, customers FROM cohort_cells WHERE customers != 0 ORDER BY 1, 2, 3'),
      customers: await all(store.db, 'SELECT id, first_sale_id, first_day, return_day, asked, first_reason FROM customers ORDER BY id'),
    });
    const kept = await snapshot();
    await store.db.transaction((tx) => rebuildSummaries(tx));
    expect(await snapshot()).toEqual(kept);
    void shop;
  });
});

describe('periods', () => {
  const today = dateDay('2026-06-30');
  it('are the last 365 days unless 30 or 90 (or another number of days) are chosen, or a from-to', () => {
    expect(periodFrom({}, today)).toEqual({ from: today - 364, to: today, days: 365 });
    expect(periodFrom({ days: '30' }, today)).toEqual({ from: today - 29, to: today, days: 30 });
    // Another number of days is those days, as dates (not, silently, the last 365 days); nonsense is the default.
    expect(periodFrom({ days: '7' }, today)).toEqual({ from: today - 6, to: today, days: null });
    for (const days of ['0', '-7', 'x', '99999', '7.5']) expect(periodFrom({ days }, today), days).toEqual({ from: today - 364, to: today, days: 365 });
    expect(periodFrom({ from: '2026-01-01', to: '2026-03-31' }, today)).toEqual({ from: dateDay('2026-01-01'), to: dateDay('2026-03-31'), days: null });
    // Typed the wrong way round: the same dates, in order (not, silently, the last 365 days).
    expect(periodFrom({ from: '2026-05-31', to: '2026-05-01' }, today)).toEqual({ from: dateDay('2026-05-01'), to: dateDay('2026-05-31'), days: null });
    expect(periodFrom({ from: '2026-07-10', to: '2026-08-01' }, today)).toEqual({ from: dateDay('2026-07-10'), to: dateDay('2026-07-10'), days: null }); // all to come: nothing yet, never from > to
    expect(periodFrom({ from: '2026-01-01', to: '2027-01-01' }, today).to).toBe(today); // the future: up to today
  });
});
