// Summaries the owner's page reads instead of every sale: per customer (first purchase, first return, whether
// they were asked) and per cohort cell. Kept right on every sale and refund; rebuilt whole after a migration.
// (What follows a come-back invitation is kept by triggers, migrations/009; rebuild() recounts it too.)
import { dayNumber, monthOf, normaliseReason, weekOf } from '../domain/calendar.js';
import type { Db } from './open.js';

interface SaleDay {
  id: number;
  day: number;
  checkin: string | null;
  reason: string | null;
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

export function contribution(sales: readonly SaleDay[]): Contribution {
  const first = sales[0];
  if (!first) return { firstSaleId: null, firstDay: null, returnDay: null, asked: null, firstReason: null, cells: [] };
  const later = sales.filter((s) => s.day > first.day).map((s) => s.day);
  // Offset -1 counts the customer in their cohort; offset k, that they bought again (on a later day) k periods on.
  const cells = (unit: 'week' | 'month', of: (day: number) => number) => {
    const cohort = of(first.day);
    return { unit, cohort, offsets: [-1, ...new Set(later.map((day) => of(day) - cohort))] };
  };
  return {
    firstSaleId: first.id,
    firstDay: first.day,
    returnDay: later.length ? Math.min(...later) : null,
    asked: first.checkin,
    firstReason: normaliseReason(first.reason),
    cells: [cells('week', weekOf), cells('month', monthOf)],
  };
}

/** The come-back invitations' summaries, counted anew from their views (see migrations/009_invitation_effect.sql). */
const REBUILD_INVITATIONS = `DELETE FROM invitation_slots; DELETE FROM invitation_revenue;
  INSERT INTO invitation_slots SELECT shop_id, slot, count(*), sum(returned) FROM invitation_outcomes GROUP BY shop_id, slot;
  INSERT INTO invitation_revenue SELECT shop_id, slot, currency, count(*), sum(cents) FROM invitation_purchases GROUP BY shop_id, slot, currency;`;

export function summaryStore(db: Db) {
  const q = {
    sales: db.prepare<[number], SaleDay>(`SELECT id, local_day AS day, checkin, reason FROM sales
      WHERE customer_id = ? AND status = 'completed' ORDER BY occurred_at, id`),
    shopOf: db.prepare<[number], number>('SELECT shop_id FROM customers WHERE id = ?').pluck(),
    customer: db.prepare(`UPDATE customers SET first_sale_id = @firstSaleId, first_day = @firstDay, return_day = @returnDay,
      asked = @asked, first_reason = @firstReason WHERE id = @id`),
    add: db.prepare(`INSERT INTO cohort_cells (shop_id, unit, cohort, offset, customers) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (shop_id, unit, cohort, offset) DO UPDATE SET customers = customers + excluded.customers`),
    // rebuild
    undatedSales: db.prepare<[], { id: number; occurredAt: number; timezone: string }>(`SELECT s.id, s.occurred_at AS occurredAt, sh.timezone
      FROM sales s JOIN shops sh ON sh.id = s.shop_id WHERE s.local_day IS NULL`),
    setDay: db.prepare('UPDATE sales SET local_day = ? WHERE id = ?'),
    maxCustomer: db.prepare<[], number | null>('SELECT max(id) FROM customers').pluck(),
    salesOfRange: db.prepare<[number, number], SaleDay & { customerId: number; shopId: number }>(`SELECT customer_id AS customerId,
        shop_id AS shopId, id, local_day AS day, checkin, reason FROM sales
      WHERE customer_id BETWEEN ? AND ? AND status = 'completed' ORDER BY customer_id, occurred_at, id`),
    clearCells: db.prepare('DELETE FROM cohort_cells'),
    // The invitation summaries (migrations/009) come after migration 3, which rebuilds too: looked for, not assumed.
    hasInvitations: db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'invitation_slots'").pluck(),
    clearCustomers: db.prepare('UPDATE customers SET first_sale_id = NULL, first_day = NULL, return_day = NULL, asked = NULL, first_reason = NULL'),
  };

  function apply(shopId: number, c: Contribution, sign: 1 | -1) {
    for (const cell of c.cells) for (const offset of cell.offsets) q.add.run(shopId, cell.unit, cell.cohort, offset, sign);
  }

  return {
    /**
     * Call before changing a customer's sales; call what it returns after (in the same transaction):
     * the customer's old part of the cohort cells is taken out, the new part put in.
     */
    track(customerId: number): () => void {
      const before = contribution(q.sales.all(customerId));
      return () => {
        const after = contribution(q.sales.all(customerId));
        const shopId = q.shopOf.get(customerId)!;
        apply(shopId, before, -1);
        apply(shopId, after, 1);
        const { cells: _, ...columns } = after;
        q.customer.run({ ...columns, id: customerId });
      };
    },

    /** Recomputes every summary from the sales: after a migration, or after loading data in bulk. */
    rebuild: db.transaction((): void => {
      for (const s of q.undatedSales.all()) q.setDay.run(dayNumber(s.occurredAt, s.timezone), s.id);
      q.clearCells.run();
      q.clearCustomers.run();
      // Customers a few thousand at a time; the cells are summed in memory and written once.
      const cells = new Map<string, number>();
      const last = q.maxCustomer.get() ?? 0;
      for (let from = 1; from <= last; from += 5000) {
        const byCustomer = new Map<number, (SaleDay & { shopId: number })[]>();
        for (const sale of q.salesOfRange.all(from, from + 4999)) {
          const list = byCustomer.get(sale.customerId);
          if (list) list.push(sale);
          else byCustomer.set(sale.customerId, [sale]);
        }
        for (const [id, sales] of byCustomer) {
          const { cells: parts, ...columns } = contribution(sales);
          q.customer.run({ ...columns, id });
          for (const cell of parts) {
            for (const offset of cell.offsets) {
              const key = `${sales[0]!.shopId}|${cell.unit}|${cell.cohort}|${offset}`;
              cells.set(key, (cells.get(key) ?? 0) + 1);
            }
          }
        }
      }
      for (const [key, n] of cells) {
        const [shopId, unit, cohort, offset] = key.split('|');
        q.add.run(Number(shopId), unit!, Number(cohort), Number(offset), n);
      }
      if (q.hasInvitations.get()) db.exec(REBUILD_INVITATIONS);
    }),
  };
}
export type SummaryStore = ReturnType<typeof summaryStore>;
