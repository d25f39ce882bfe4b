// The hold-out (see src/domain/holdout.ts and the README, "Does nextdeal help?"): periods with their share and secret,
// who is held out, the messages a held-out customer would have had, and the report the owner reads.
import { randomBytes } from 'node:crypto';
import { type ExperimentDay, type Period, type Report, WINDOW, report } from '../domain/experiment.js';
import { type SafeTest, advance, blockSizes, draw, newSafeTest } from '../domain/holdout.js';
import type { Delivering, Planned } from '../domain/plan.js';
import { localDayNumber } from '../domain/zone.js';
import type { Shop } from './shops.js';
import { type Db, sql } from './sql.js';

/** A first sale this much older than its arrival is history being imported: never messaged in either group, so outside. */
export const JOIN_WITHIN = 48 * 3_600_000;

interface PeriodRow {
  id: number;
  share: number;
  salt: string;
  startedAt: number;
  endedAt: number | null;
  testedTo: number | null;
  test: string | null;
  /** Messages that went (or may have gone) to its held-out customers, counted by a trigger (migrations/…/017). */
  heldOutSends: number;
}

const periodColumns = 'id, share, salt, started_at AS startedAt, ended_at AS endedAt, tested_to AS testedTo, test, held_out_sends AS heldOutSends';

const q = {
  open: sql<PeriodRow>(`SELECT ${periodColumns} FROM experiment_periods WHERE shop_id = ? AND ended_at IS NULL`),
  periods: sql<PeriodRow>(`SELECT ${periodColumns} FROM experiment_periods WHERE shop_id = ? ORDER BY started_at, id`),
  start: sql('INSERT INTO experiment_periods (shop_id, share, salt, started_at) VALUES (?, ?, ?, ?)'),
  end: sql('UPDATE experiment_periods SET ended_at = ? WHERE shop_id = ? AND ended_at IS NULL'),
  setShare: sql('UPDATE shops SET holdout = ? WHERE id = ?'),
  // With the day of the sale they are drawn at: their first day is never before it (see summary.ts, contribution).
  assign: sql('UPDATE customers SET period_id = ?, held_out = ?, joined_day = ? WHERE id = ? AND period_id IS NULL'),
  ghost: sql(`INSERT INTO held_out_messages (shop_id, customer_id, sale_id, kind, channel, due_at, created_at)
    VALUES (@shopId, @customerId, @saleId, @kind, @channel, @dueAt, @now) ON CONFLICT (sale_id, kind) DO NOTHING`),
  days: sql<ExperimentDay>(`SELECT d.period_id AS periodId, d.first_day AS firstDay, d.held_out AS heldOut, d.customers, d.back30, d.back60,
      d.back90, d.asked, d.came_back_after AS cameBackAfter
    FROM experiment_days d JOIN experiment_periods p ON p.id = d.period_id WHERE p.shop_id = ? AND d.customers <> 0 ORDER BY d.period_id, d.first_day, d.held_out`),
  // The customers whose 60 days are over, in order of their first sale, for the safe test.
  matured: sql<{ heldOut: number; back: number }>(`SELECT held_out AS heldOut,
      CASE WHEN return_day IS NOT NULL AND return_day - first_day <= ${WINDOW} THEN 1 ELSE 0 END AS back
    FROM customers WHERE period_id = ? AND first_day > ? AND first_day <= ? ORDER BY first_day, id`),
  saveTest: sql('UPDATE experiment_periods SET tested_to = ?, test = ? WHERE id = ?'),
};

/** Starts a period with a new secret: the customers who join from now are drawn with it. */
export async function startPeriod(tx: Db, shopId: number, share: number, now: number): Promise<void> {
  await tx.run(q.start, [shopId, share, randomBytes(32).toString('hex'), now]);
}

/** A customer joining the experiment: the period and whether they are held out (1) or not (0). */
export interface Joining {
  periodId: number;
  heldOut: 0 | 1;
}

/** The shop's open period, if it holds customers out: what a new customer joins (null: none). */
export const openPeriod = async (tx: Db, shop: Shop): Promise<OpenPeriod | null> =>
  shop.holdout === 0 ? null : ((await tx.get(q.open, [shop.id])) ?? null);
export type OpenPeriod = Pick<PeriodRow, 'id' | 'share' | 'salt'>;

/** A sale's time, when it came, what it plans, and which channels reach a customer (see joining). */
export interface JoinFacts {
  soldAt: number;
  now: number;
  planned: readonly Planned[];
  delivering: Delivering;
}

/**
 * Whether a new customer joins the experiment at this, their first sale, and in which group: when the shop holds
 * customers out, the sale came in while its check-in can still go out (within 48 hours), and the check-in is planned
 * (consent and a reachable channel) on a channel that reaches the customer. Where it would only be written to the
 * outbox (no Twilio or SMTP set up yet, as while nextdeal is being tried) or e-mailed to a mail catcher, nobody gets
 * anything, so there is nothing to compare: that customer stays outside the experiment and is planned for as everyone
 * else. Null: they do not join. Writes nothing: assign() does, or trackNew() for a customer the sale has just created,
 * with their first day (one write of their row, not two). `period`: the shop's open period when the caller has looked
 * it up already (recordIn asks for it with a new customer's row: on PostgreSQL a round trip less), else it is looked
 * up here.
 */
export async function joining(
  tx: Db,
  shop: Shop,
  customer: { id: number; firstSaleId: number | null },
  o: JoinFacts,
  period?: OpenPeriod | null,
): Promise<Joining | null> {
  const checkin = o.planned.find((m) => m.kind === 'checkin');
  const eligible = customer.firstSaleId === null && o.now - o.soldAt <= JOIN_WITHIN && checkin !== undefined && o.delivering[checkin.channel];
  if (!eligible) return null;
  const open = period === undefined ? await openPeriod(tx, shop) : period; // none while the shop holds nobody out
  if (!open) return null;
  return { periodId: open.id, heldOut: draw(open.salt, `c${customer.id}`) < open.share / 100 ? 1 : 0 };
}

/**
 * Puts a customer in the experiment at their first sale, once (see joining). Returns whether the customer is held out
 * (as assigned now, or before).
 */
export async function assign(
  tx: Db,
  shop: Shop,
  customer: { id: number; periodId: number | null; heldOut: number | null; firstSaleId: number | null },
  o: JoinFacts,
): Promise<boolean> {
  if (customer.periodId !== null) return customer.heldOut === 1;
  const joins = await joining(tx, shop, customer, o);
  if (joins) tx.send(q.assign, [joins.periodId, joins.heldOut, localDayNumber(o.soldAt, shop.timezone), customer.id]);
  return joins?.heldOut === 1;
}

/** For a held-out customer: the messages they would have had, kept to compare with (never sent). */
export function keepWouldBe(tx: Db, m: { shopId: number; customerId: number; saleId: number; planned: readonly Planned[]; now: number }): void {
  for (const p of m.planned) tx.send(q.ghost, { shopId: m.shopId, customerId: m.customerId, saleId: m.saleId, kind: p.kind, channel: p.channel, dueAt: p.dueAt, now: m.now });
}

const testOf = (p: PeriodRow): SafeTest => (p.test ? (JSON.parse(p.test) as SafeTest) : newSafeTest());

export interface ExperimentView {
  report: Report;
  /** Messages that went to held-out customers: a bug if ever above 0. */
  violations: number;
}

export function experimentStore(db: Db, shopChanged: () => void = () => {}) {
  return {
    /** Changes the share held out (0: off). The open period ends; a new one (a new secret) starts unless off. */
    setShare: async (shop: Shop, share: number, now: number): Promise<void> => {
      await db.transaction(async (tx) => {
        await tx.lock(shop.id);
        const open = await tx.get(q.open, [shop.id]);
        await tx.run(q.setShare, [share, shop.id]);
        if (open?.share === share) return;
        await tx.run(q.end, [now, shop.id]);
        if (share > 0) await startPeriod(tx, shop.id, share, now);
      });
      shopChanged(); // once committed: a webhook reading the shop meanwhile would cache the old share again
    },

    /**
     * The report as of `today` (a day number in the shop's zone). First each period's safe test reads the customers
     * who matured since it last looked (their outcome as it is then: came back within 60 days or not), once.
     */
    report: (shop: Shop, today: number): Promise<ExperimentView> =>
      db.transaction(async (tx) => {
        await tx.lock(shop.id);
        const periods: Period[] = [];
        let violations = 0;
        for (const p of await tx.all(q.periods, [shop.id])) {
          let test = testOf(p);
          const to = today - WINDOW - 1; // as `matured` in src/domain/experiment.ts: their 60th day is over
          const read = async (from: number, start: SafeTest) =>
            advance(start, (await tx.all(q.matured, [p.id, from, to])).map((o) => ({ heldOut: o.heldOut === 1, back: o.back === 1 })), blockSizes(p.share));
          if (to > (p.testedTo ?? -Infinity)) {
            test = await read(p.testedTo ?? -1, test);
            await tx.run(q.saveTest, [to, JSON.stringify(test), p.id]);
          } else if (to < p.testedTo!) {
            // A day before the test's last reading (`nextdeal experiment --at`): the test as it stood then, read again
            // from its first customer, and not kept. The counts beside it are that day's too.
            test = await read(-1, newSafeTest());
          }
          periods.push({ id: p.id, share: p.share, startedAt: p.startedAt, startedDay: localDayNumber(p.startedAt, shop.timezone), endedAt: p.endedAt,
            ...(p.endedAt === null ? {} : { endedDay: localDayNumber(p.endedAt, shop.timezone) }), test });
          violations += Number(p.heldOutSends); // a message that went to a held-out customer: a bug the page must show
        }
        const rows = await tx.all(q.days, [shop.id]);
        return { report: report(rows, periods, today, shop.holdout), violations };
      }),
  };
}
export type ExperimentStore = ReturnType<typeof experimentStore>;

/**
 * Held-out customers' would-be messages as the skip rules leave them (used by the message rules in sales.ts and
 * customers.ts). Only those still to come are cancelled (`due_at` after `now`): one whose time has come would have gone
 * out, and stays, as a message sent to a messaged customer stays sent. Else a held-out customer's return would cancel
 * the very invitation it came back after, and "came back after a message" would never count a held-out customer.
 */
export const wouldBe = {
  cancelForSale: sql("UPDATE held_out_messages SET status = 'cancelled', reason = ? WHERE sale_id = ? AND status = 'waiting' AND due_at > ?"),
  cancelChannel: sql("UPDATE held_out_messages SET status = 'cancelled', reason = ? WHERE customer_id = ? AND channel = ? AND status = 'waiting' AND due_at > ?"),
  cancelSaleChannel: sql("UPDATE held_out_messages SET status = 'cancelled', reason = ? WHERE sale_id = ? AND channel = ? AND status = 'waiting' AND due_at > ?"),
  cancelAll: sql("UPDATE held_out_messages SET status = 'cancelled', reason = ? WHERE customer_id = ? AND status = 'waiting' AND due_at > ?"),
  // A would-be check-in not due yet may give way to a newer purchase's, as a real one not sent yet does.
  live: sql<{ id: number; kind: 'checkin' | 'comeback'; at: number; movable: number }>(`SELECT id, kind, due_at AS at,
      CASE WHEN kind = 'checkin' AND due_at > ? THEN 1 ELSE 0 END AS movable FROM held_out_messages
    WHERE customer_id = ? AND status = 'waiting' AND due_at >= ?`),
  checkinMoved: sql("UPDATE held_out_messages SET status = 'cancelled', reason = 'checkin_moved' WHERE id = ? AND status = 'waiting'"),
};
