// Summaries the owner's page reads instead of every sale: per customer (first purchase, first return, whether
// they were asked) and per cohort cell. Kept right on every sale and refund; rebuilt whole after loading data.
// (customer_days, reason_days, checkin_slots and what follows a come-back invitation are kept by triggers, on both
// engines; rebuildSummaries() recounts them too.)
import { dayNumber, monthOf, normaliseReason, weekOf } from '../domain/calendar.js';
import type { Joining } from './experiments.js';
import { type Db, sql } from './sql.js';

/** "Came back after a message": within 14 days of it. */
const ATTRIBUTION_MS = 14 * 86_400_000;

interface SaleDay {
  id: number;
  day: number;
  checkin: string | null;
  reason: string | null;
  /** Left out: completed. A refunded or voided sale counts only as the visit a customer was drawn at (contribution). */
  status?: string;
}

const counts = (s: SaleDay) => (s.status ?? 'completed') === 'completed';

/** A sale's check-in went out, on this channel (sales.checkin; 'none': it could not be asked; null: none went). */
const wentOut = (checkin: string | null) => checkin === 'sms' || checkin === 'email';

/** A completed sale as track() reads them. */
export interface TrackedSale extends SaleDay {
  shopId: number;
  occurredAt: number;
}

/** What one customer adds to the summaries, from their completed sales in order. */
interface Contribution {
  firstSaleId: number | null;
  firstDay: number | null;
  returnDay: number | null;
  asked: string | null;
  firstReason: string | null;
  cells: { unit: 'week' | 'month'; cohort: number; offsets: number[] }[];
}

/**
 * What a customer adds from their sales in order (completed ones count; refunded and voided ones only as below).
 * `joinedDay`: the day the customer was drawn for the hold-out (customers.joined_day), or null. A customer drawn is
 * counted from that day whatever becomes of the sale they were drawn at (intention-to-treat: who is compared, and from
 * when, never depends on what happened after the draw): refunded or voided later, they stay a new customer of that
 * day, and their first completed sale on a later day is their return. A sale from an earlier day that came afterwards
 * counts as a sale, not as their first visit, and a sale on the day they were drawn is no return (a voided sale rung up
 * again that day is one visit). Their first sale (its reason) is the first completed one of that day, or, when none
 * is, the one of that day stored first that could be asked (the one they were drawn at: a sale without consent or
 * contact, checkin 'none', never is one; one voided before the draw, with consent given only at a later sale that
 * day, counted them as not asked for want of consent). A customer with no sale at all (theirs given to
 * someone else) counts nowhere. They were asked (`asked`) when a check-in about any sale of their first day went out,
 * on its channel (the first in time of those): two purchases that day have one check-in, about the later one (the
 * earlier one's moved to it), or about the one that came first when the till sends an earlier one late; else as their
 * first sale says ('none': it could not be asked; null: no check-in went). The same in SQL: ASKED in messages.ts.
 * The owner's return rates, cohorts, "did asking help?" and "why people buy" count them the same way.
 */
export function contribution(all: readonly SaleDay[], joinedDay: number | null = null): Contribution {
  const done = all.filter(counts);
  // Of a drawn customer's sales that day none completed: the one they were drawn at, stored first (a sale of that day a
  // till sends late, earlier in time, is not read as their first when something reads them again).
  const drawnAt = () => {
    const day = all.filter((s) => s.day === joinedDay);
    const askable = day.filter((s) => s.checkin !== 'none');
    return (askable.length ? askable : day).reduce<SaleDay | undefined>((a, s) => (a === undefined || s.id < a.id ? s : a), undefined);
  };
  const first = joinedDay === null ? done[0] : (done.find((s) => s.day === joinedDay) ?? drawnAt());
  const firstDay = joinedDay ?? first?.day;
  if (firstDay === undefined || (joinedDay !== null && all.length === 0)) {
    return { firstSaleId: null, firstDay: null, returnDay: null, asked: null, firstReason: null, cells: [] };
  }
  const later = done.filter((s) => s.day > firstDay).map((s) => s.day);
  // Offset -1 counts the customer in their cohort; offset k, that they bought again (on a later day) k periods on.
  const cells = (unit: 'week' | 'month', of: (day: number) => number) => {
    const cohort = of(firstDay);
    return { unit, cohort, offsets: [-1, ...new Set(later.map((day) => of(day) - cohort))] };
  };
  return {
    firstSaleId: first?.id ?? null,
    firstDay,
    returnDay: later.length ? Math.min(...later) : null,
    asked: all.find((s) => s.day === firstDay && wentOut(s.checkin))?.checkin ?? first?.checkin ?? null,
    firstReason: normaliseReason(first?.reason ?? null),
    cells: [cells('week', weekOf), cells('month', monthOf)],
  };
}

/**
 * Whether the customer (the row being updated: customers.held_out, customers.first_day) came back after a message,
 * 1 or 0: a return within 14 days after the moment a message was due, in both groups the same way (intention-to-treat,
 * as the comparison itself): for a messaged customer one not cancelled (sent, delivered or not, or only to the outbox,
 * or never sent), for a held-out one a would-be message not cancelled. Counting a messaged customer only after a
 * message that reached them, and a held-out one after every would-be message, made a gap of the counting: with every
 * message in the outbox, "0 of 18 who got messages, 6 of 12 who got none" of two groups that came back alike. Both
 * engines; messages_by_customer and held_out_messages_by_customer (customer_id, due_at) find the messages.
 */
const CAME_BACK = `CASE WHEN CASE WHEN customers.held_out = 1
    THEN EXISTS (SELECT 1 FROM sales s JOIN held_out_messages g ON g.customer_id = s.customer_id
      WHERE s.customer_id = customers.id AND s.status = 'completed' AND s.local_day > customers.first_day
        AND g.status = 'waiting' AND s.occurred_at > g.due_at AND s.occurred_at <= g.due_at + ${ATTRIBUTION_MS})
    ELSE EXISTS (SELECT 1 FROM sales s JOIN messages m ON m.customer_id = s.customer_id
      WHERE s.customer_id = customers.id AND s.status = 'completed' AND s.local_day > customers.first_day
        AND m.status <> 'cancelled' AND s.occurred_at > m.due_at AND s.occurred_at <= m.due_at + ${ATTRIBUTION_MS})
  END THEN 1 ELSE 0 END`;

/** The come-back invitations' summaries, counted anew from their views (see migrations/sqlite/009_invitation_effect.sql). */
const REBUILD_INVITATIONS = `DELETE FROM invitation_slots; DELETE FROM invitation_revenue;
  INSERT INTO invitation_slots SELECT shop_id, slot, count(*), sum(returned) FROM invitation_outcomes GROUP BY shop_id, slot;
  INSERT INTO invitation_revenue SELECT shop_id, slot, currency, count(*), sum(cents) FROM invitation_purchases GROUP BY shop_id, slot, currency;`;

const q = {
  // With the shop (a customer's sales are all in their shop) and the time, their order; and the day they were drawn
  // for the hold-out (one row with no sale when they have none). Refunded and voided ones too: the sale a customer was
  // drawn at counts whatever became of it (see contribution).
  sales: sql<TrackedSale & { joinedDay: number | null }>(`SELECT c.joined_day AS joinedDay, s.id, s.local_day AS day, s.checkin, s.reason,
      s.shop_id AS shopId, s.occurred_at AS occurredAt, s.status
    FROM customers c LEFT JOIN sales s ON s.customer_id = c.id WHERE c.id = ? ORDER BY s.occurred_at, s.id`),
  // Only when something differs: an update that changes nothing still fires the triggers that carry these columns
  // into customer_days, reason_days and experiment_days (each taking the row out and putting it back).
  customer: sql(`UPDATE customers SET first_sale_id = @firstSaleId, first_day = @firstDay, return_day = @returnDay,
    asked = @asked, first_reason = @firstReason WHERE id = @id AND (first_sale_id IS DISTINCT FROM @firstSaleId
      OR first_day IS DISTINCT FROM @firstDay OR return_day IS DISTINCT FROM @returnDay OR asked IS DISTINCT FROM @asked
      OR first_reason IS DISTINCT FROM @firstReason)`),
  // The hold-out's "came back after a message", descriptive only: a return (a completed sale on a later day than the
  // first) within 14 days after a message was due, or for a held-out customer a would-be one (CAME_BACK). Set in the
  // one statement that finds it, for a customer in the experiment with a first day, and only when it changed.
  cameBack: sql(`UPDATE customers SET came_back_after = ${CAME_BACK} WHERE id = @id AND period_id IS NOT NULL AND first_day IS NOT NULL
    AND came_back_after <> ${CAME_BACK}`),
  // The same for every customer in the experiment: after a rebuild, and migration 53 (the rule made the same for both
  // groups); their days' counts follow by the triggers.
  cameBackAll: sql(`UPDATE customers SET came_back_after = CASE WHEN first_day IS NULL THEN 0 ELSE ${CAME_BACK} END
    WHERE period_id IS NOT NULL AND came_back_after <> CASE WHEN first_day IS NULL THEN 0 ELSE ${CAME_BACK} END`),
  // A new customer's summary columns, and their place in the experiment when they join it (see joining()).
  newCustomer: sql(`UPDATE customers SET first_sale_id = @firstSaleId, first_day = @firstDay, return_day = @returnDay,
    asked = @asked, first_reason = @firstReason, period_id = @periodId, held_out = @heldOut, joined_day = @joinedDay WHERE id = @id`),
  add: sql(`INSERT INTO cohort_cells (shop_id, unit, cohort, periods_later, customers) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (shop_id, unit, cohort, periods_later) DO UPDATE SET customers = cohort_cells.customers + excluded.customers`),
  addTwo: sql(`INSERT INTO cohort_cells (shop_id, unit, cohort, periods_later, customers) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)
    ON CONFLICT (shop_id, unit, cohort, periods_later) DO UPDATE SET customers = cohort_cells.customers + excluded.customers`),
  // rebuild
  undatedSales: sql<{ id: number; occurredAt: number; timezone: string }>(`SELECT s.id, s.occurred_at AS occurredAt, sh.timezone
    FROM sales s JOIN shops sh ON sh.id = s.shop_id WHERE s.local_day IS NULL`),
  setDay: sql('UPDATE sales SET local_day = ? WHERE id = ?'),
  maxCustomer: sql('SELECT max(id) FROM customers'),
  salesOfRange: sql<RangeSale>(`SELECT s.customer_id AS customerId, s.shop_id AS shopId, s.id, s.local_day AS day, s.checkin, s.reason,
      s.status, c.joined_day AS joinedDay FROM sales s JOIN customers c ON c.id = s.customer_id
    WHERE s.customer_id BETWEEN ? AND ? ORDER BY s.customer_id, s.occurred_at, s.id`),
  // The same on a schema from before the hold-out (migration 12 counts the oldest sales): nobody was drawn yet.
  salesOfRangeUndrawn: sql<RangeSale>(`SELECT customer_id AS customerId, shop_id AS shopId, id, local_day AS day, checkin, reason,
      NULL AS joinedDay FROM sales WHERE customer_id BETWEEN ? AND ? AND status = 'completed' ORDER BY customer_id, occurred_at, id`),
  // Migration 61: the customers drawn for the hold-out that the rule before it counted from another day than the one
  // they were drawn (the sale they were drawn at refunded or voided), or not at all.
  drawnElsewhere: sql<{ id: number; joinedDay: number; periodId: number | null }>(`SELECT id, joined_day AS joinedDay, period_id AS periodId
    FROM customers WHERE joined_day IS NOT NULL AND (first_day IS NULL OR first_day <> joined_day)`),
  // Migration 73: drawn customers with no completed sale on the day they were drawn, one of that day not askable
  // ('none', stored before the one they were drawn at): the rule before it read their first sale from that one.
  drawnBesideNotAsked: sql<{ id: number }>(`SELECT c.id FROM customers c WHERE c.joined_day IS NOT NULL
    AND EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = c.id AND s.local_day = c.joined_day AND s.checkin = 'none')
    AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = c.id AND s.local_day = c.joined_day AND s.status = 'completed')`),
  // Its safe test reads every matured customer again, from its first (src/db/experiments.ts, report).
  testAgain: sql('UPDATE experiment_periods SET tested_to = NULL, test = NULL WHERE id = ?'),
  clearCells: sql('DELETE FROM cohort_cells'),
  clearCustomers: sql('UPDATE customers SET first_sale_id = NULL, first_day = NULL, return_day = NULL, asked = NULL, first_reason = NULL'),
};

/** The cohort cells that change from `before` to `after`, and by how much (a returning customer's mostly do not). */
function applyChange(db: Db, shopId: number, before: Contribution, after: Contribution): void {
  const change = new Map<string, { unit: string; cohort: number; later: number; by: number }>();
  for (const [c, sign] of [[before, -1], [after, 1]] as const) {
    for (const cell of c.cells) {
      for (const later of cell.offsets) {
        const key = `${cell.unit} ${cell.cohort} ${later}`;
        const at = change.get(key) ?? change.set(key, { unit: cell.unit, cohort: cell.cohort, later, by: 0 }).get(key)!;
        at.by += sign;
      }
    }
  }
  for (const c of change.values()) if (c.by !== 0) db.send(q.add, [shopId, c.unit, c.cohort, c.later, c.by]);
}

/**
 * Call before changing a customer's sales; call what it returns after (in the same transaction): the customer's part
 * of the cohort cells changes where it changed, and their summary columns are set (which triggers carry into
 * customer_days, reason_days and experiment_days) where they changed.
 */
export async function track(db: Db, customerId: number): Promise<(added?: TrackedSale | null) => Promise<void>> {
  const read = async () => {
    const rows = await db.all(q.sales, [customerId]);
    return { joinedDay: rows[0]?.joinedDay ?? null, sales: rows.filter((r) => r.id !== null) };
  };
  const { joinedDay, sales: had } = await read();
  const before = contribution(had, joinedDay);
  /**
   * `added`: when that is all that changed, the one completed sale written since (null: nothing of theirs that counts),
   * so that their sales need not be read again; the newest id, after any other of its time. Left out: read again.
   */
  return async (added) => {
    const now = added === undefined ? await read() : { joinedDay, sales: added === null ? had : withSale(had, added) };
    const has = now.sales;
    const after = contribution(has, now.joinedDay);
    // No sale before or after: no cohort cell changes, so no shop is needed.
    const shopId = had[0]?.shopId ?? has[0]?.shopId;
    if (shopId !== undefined) applyChange(db, shopId, before, after);
    const { cells: _, ...columns } = after;
    db.send(q.customer, { ...columns, id: customerId });
    db.send(q.cameBack, { id: customerId });
  };
}

/** The sales in their order (time, then id) with a new one, whose id is higher than any. */
const withSale = (sales: readonly TrackedSale[], added: TrackedSale): TrackedSale[] => {
  const at = sales.findIndex((s) => s.occurredAt > added.occurredAt);
  return at === -1 ? [...sales, added] : [...sales.slice(0, at), added, ...sales.slice(at)];
};

/**
 * track() for a customer the sale being recorded has just created: nothing of theirs is in the summaries yet, and what
 * goes in is this one sale (null: it came in refunded or voided, and counts for nothing). One statement for their
 * cohort cells and one for their summary columns (with `joins`, the experiment they join at this sale), where track()
 * reads their sales twice.
 */
export function trackNew(db: Db, shopId: number, customerId: number, sale: SaleDay | null, joins: Joining | null = null): void {
  const { cells, ...columns } = contribution(sale ? [sale] : []);
  if (cells.length === 2 && cells.every((c) => c.offsets.length === 1)) {
    db.send(q.addTwo, [shopId, cells[0]!.unit, cells[0]!.cohort, cells[0]!.offsets[0], 1, shopId, cells[1]!.unit, cells[1]!.cohort, cells[1]!.offsets[0], 1]);
  } else applyChange(db, shopId, contribution([]), { ...columns, cells });
  if (sale) db.send(q.newCustomer, { ...columns, periodId: joins?.periodId ?? null, heldOut: joins?.heldOut ?? null, joinedDay: joins ? sale.day : null, id: customerId });
}

type RangeSale = SaleDay & { customerId: number; shopId: number; joinedDay: number | null };

/**
 * Recomputes every summary from the sales: after a migration, or after loading data in bulk. Call in a transaction.
 * `undrawn`: the schema is from before the hold-out (migration 12), so nobody was drawn for it (customers.joined_day).
 */
export async function rebuildSummaries(db: Db, { undrawn = false } = {}): Promise<void> {
  for (const s of await db.all(q.undatedSales)) await db.run(q.setDay, [dayNumber(s.occurredAt, s.timezone), s.id]);
  await db.run(q.clearCells);
  await db.run(q.clearCustomers);
  // Customers a few thousand at a time; the cells are summed in memory and written once.
  const cells = new Map<string, number>();
  const last = (await db.value<number | null>(q.maxCustomer)) ?? 0;
  for (let from = 1; from <= last; from += 5000) {
    const byCustomer = new Map<number, RangeSale[]>();
    for (const sale of await db.all(undrawn ? q.salesOfRangeUndrawn : q.salesOfRange, [from, from + 4999])) {
      const list = byCustomer.get(sale.customerId);
      if (list) list.push(sale);
      else byCustomer.set(sale.customerId, [sale]);
    }
    for (const [id, sales] of byCustomer) {
      const { cells: parts, ...columns } = contribution(sales, sales[0]!.joinedDay);
      await db.run(q.customer, { ...columns, id });
      for (const cell of parts) {
        for (const later of cell.offsets) {
          const key = `${sales[0]!.shopId}|${cell.unit}|${cell.cohort}|${later}`;
          cells.set(key, (cells.get(key) ?? 0) + 1);
        }
      }
    }
  }
  for (const [key, n] of cells) {
    const [shopId, unit, cohort, later] = key.split('|');
    await db.run(q.add, [Number(shopId), unit!, Number(cohort), Number(later), n]);
  }
  await db.exec(REBUILD_INVITATIONS);
  if (!undrawn) await recountCameBack(db);
}

/** Counts "came back after a message" anew for every customer in the experiment (see CAME_BACK). */
export async function recountCameBack(db: Db): Promise<void> {
  await db.run(q.cameBackAll);
}

/**
 * Migration 61: a customer drawn for the hold-out whose sale they were drawn at was refunded or voided was counted, until
 * then, from their next completed sale (or not at all), as every customer is whose sales were all refunded. Each such
 * customer is counted anew from the day they were drawn (contribution): their summary columns, which the triggers carry
 * into customer_days, reason_days and experiment_days, and their cohort cells, less what the rule before had put there
 * (their completed sales from that day on, the first of them as their first visit); then "came back after a message".
 * The safe test of each period with such a customer reads its matured customers again, from its first: it had read
 * some of them from another day, with another outcome, and would never read those now dated before where it stood.
 */
export async function recountDrawn(db: Db): Promise<void> {
  const periods = new Set<number>();
  for (const { id, joinedDay, periodId } of await db.all(q.drawnElsewhere)) {
    if (periodId !== null) periods.add(periodId);
    const sales = (await db.all(q.sales, [id])).filter((r) => r.id !== null);
    const before = contribution(sales.filter((s) => counts(s) && s.day >= joinedDay));
    const { cells, ...columns } = contribution(sales, joinedDay);
    if (sales[0]) applyChange(db, sales[0].shopId, before, { ...columns, cells });
    await db.run(q.customer, { ...columns, id });
  }
  for (const id of periods) await db.run(q.testAgain, [id]);
  await recountCameBack(db);
}

/**
 * Migration 73: a customer drawn for the hold-out whose sales of the day they were drawn were all refunded or voided,
 * the first of them one that could not be asked (no consent or contact) and stored before the one they were drawn at,
 * had their first sale read from that one: a messaged one was counted as not asked for want of consent, which they
 * gave (and their "why" was that sale's). Their summary columns are counted anew (contribution), which the triggers
 * carry into customer_days, reason_days and experiment_days; their day, and so their cohort cells and the hold-out's
 * outcome, stay as they were.
 */
export async function recountDrawnAt(db: Db): Promise<void> {
  for (const { id } of await db.all(q.drawnBesideNotAsked)) {
    const rows = await db.all(q.sales, [id]);
    const { cells: _, ...columns } = contribution(rows.filter((r) => r.id !== null), rows[0]?.joinedDay ?? null);
    await db.run(q.customer, { ...columns, id });
  }
}
