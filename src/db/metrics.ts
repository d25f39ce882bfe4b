// The owner's figures, counted in SQL over the summaries (see summary.ts), always for one shop and one period.
// What each figure means is written beside it on the page and in the README.
import { type Period, type ReturnRate, percent, windows } from '../domain/metrics.js';
import type { NotSent } from '../domain/not-sent.js';
import type { Db } from './open.js';

/** The window "did asking help?" and "why people buy" compare return rates over. */
export const COMPARE_DAYS = 30;

export interface AskedGroup {
  asked: 'sms' | 'email' | 'none';
  customers: number;
  judged: number;
  back: number;
  rate: number | null;
}

export interface ReasonRow {
  reason: string;
  customers: number;
  judged: number;
  back: number;
  rate: number | null;
}

export interface CheckinRow {
  channel: 'sms' | 'email';
  total: number;
  sent: number;
  delivered: number;
  failed: number;
  waiting: number;
  replied: number;
}

export interface MessageLogRow {
  id: number;
  kind: string;
  channel: string;
  status: string;
  delivery: string | null;
  dueAt: number;
  sentAt: number | null;
  error: NotSent | null;
  /** The provider's own words, e.g. "Twilio 21211: The 'To' number … is not valid" (may quote the address). */
  errorDetail: string | null;
  customerName: string | null;
  phone: string | null;
  email: string | null;
}

export interface ReplyRow {
  id: number;
  class: string;
  channel: string;
  answer: string | null;
  body: string | null;
  receivedAt: number;
  handledAt: number | null;
  customerName: string | null;
  phone: string | null;
  email: string | null;
  items: string | null;
  reason: string | null;
}

// Judged: the first purchase lies at least N days back. Back: a purchase on a later day, within N days.
// Summed over the per-day summaries (customer_days, reason_days, checkin_slots; see migrations/003).
const judged = (n: number) => `coalesce(sum(customers) FILTER (WHERE first_day <= @today - ${n}), 0)`;
const back = (n: number) => `coalesce(sum(back${n}) FILTER (WHERE first_day <= @today - ${n}), 0)`;
const inPeriod = 'shop_id = @shop AND first_day BETWEEN @from AND @to';
const SLOT = 900_000;

export function metricStore(db: Db) {
  const q = {
    returns: db.prepare(`SELECT coalesce(sum(customers), 0) AS customers, ${windows.map((n) => `${judged(n)} AS judged${n}, ${back(n)} AS back${n}`).join(', ')}
      FROM customer_days WHERE ${inPeriod}`),
    asked: db.prepare(`SELECT asked, sum(customers) AS customers, ${judged(COMPARE_DAYS)} AS judged, ${back(COMPARE_DAYS)} AS back
      FROM customer_days WHERE ${inPeriod} AND asked != '' GROUP BY asked HAVING sum(customers) > 0`),
    reasons: db.prepare(`SELECT reason, sum(customers) AS customers, ${judged(COMPARE_DAYS)} AS judged, ${back(COMPARE_DAYS)} AS back
      FROM reason_days WHERE ${inPeriod} GROUP BY reason HAVING sum(customers) > 0 ORDER BY customers DESC, reason LIMIT @limit`),
    cells: db.prepare(`SELECT cohort, offset, customers FROM cohort_cells WHERE shop_id = @shop AND unit = @unit AND cohort BETWEEN @first AND @last`),
    checkins: db.prepare(`SELECT channel, sum(total) AS total, sum(sent) AS sent, sum(delivered) AS delivered, sum(failed) AS failed,
        sum(waiting) AS waiting, sum(replied) AS replied
      FROM checkin_slots WHERE shop_id = @shop AND slot BETWEEN @start / ${SLOT} AND (@end - 1) / ${SLOT} GROUP BY channel HAVING sum(total) > 0`),
    replyClasses: db.prepare(`SELECT channel, class, count(*) AS n FROM replies
      WHERE shop_id = @shop AND received_at BETWEEN @start AND @end GROUP BY channel, class`),
    optOuts: db.prepare(`SELECT channel, count(*) AS n FROM consent_events INDEXED BY consent_opt_outs
      WHERE shop_id = @shop AND at BETWEEN @start AND @end AND given = 0 AND source IN ('sms_keyword', 'unsubscribe_link', 'provider')
      GROUP BY channel`),
    uncertainRows: db.prepare(`SELECT m.id, m.kind, m.channel, m.status, m.delivery, m.due_at AS dueAt, m.sent_at AS sentAt, m.error, m.error_detail AS errorDetail,
        c.name AS customerName, c.phone, c.email
      FROM messages m JOIN customers c ON c.id = m.customer_id WHERE m.shop_id = ? AND m.status = 'uncertain' ORDER BY m.due_at DESC LIMIT 100`),
    uncertain: db.prepare<[number], number>("SELECT count(*) FROM messages WHERE shop_id = ? AND status = 'uncertain'").pluck(),
    // Customers a search names, when they are few: their messages are then found through them.
    searchCustomers: db.prepare<[number, string, string, string], number>(`SELECT id FROM customers WHERE shop_id = ?
      AND (name LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\') LIMIT 201`).pluck(),
    replies: db.prepare(`SELECT r.id, r.class, r.channel, r.answer, r.body, r.received_at AS receivedAt, r.handled_at AS handledAt,
        c.name AS customerName, c.phone, c.email, s.items, s.reason
      FROM replies r JOIN customers c ON c.id = r.customer_id LEFT JOIN sales s ON s.id = r.sale_id
      WHERE r.shop_id = @shop AND r.received_at BETWEEN @start AND @end ORDER BY r.received_at DESC`),
  };

  return {
    /** Of the customers whose first purchase lies in the period: who came back within 30, 60 and 90 days. */
    returnRates(shopId: number, p: Period, today: number): { customers: number; rates: ReturnRate[] } {
      const r = q.returns.get({ shop: shopId, from: p.from, to: p.to, today }) as Record<string, number | null>;
      const customers = r.customers ?? 0;
      return {
        customers,
        rates: windows.map((days) => {
          const j = r[`judged${days}`] ?? 0;
          const b = r[`back${days}`] ?? 0;
          return { days, judged: j, back: b, tooEarly: customers - j, rate: percent(b, j) };
        }),
      };
    },
    /** Return rate of customers whose first purchase got a check-in (by channel) against those who could not be asked. */
    asked(shopId: number, p: Period, today: number): AskedGroup[] {
      const rows = q.asked.all({ shop: shopId, from: p.from, to: p.to, today }) as Omit<AskedGroup, 'rate'>[];
      return rows.map((r) => ({ ...r, rate: percent(r.back, r.judged) }));
    },
    reasons(shopId: number, p: Period, today: number, limit = 10): ReasonRow[] {
      const rows = q.reasons.all({ shop: shopId, from: p.from, to: p.to, today, limit }) as Omit<ReasonRow, 'rate'>[];
      return rows.map((r) => ({ ...r, rate: percent(r.back, r.judged) }));
    },
    cohortCells(shopId: number, unit: 'week' | 'month', first: number, last: number) {
      return q.cells.all({ shop: shopId, unit, first, last }) as { cohort: number; offset: number; customers: number }[];
    },
    /** Check-ins due in the period (start-end in ms), by channel; replies and opt-outs that came in the period. */
    checkins(shopId: number, start: number, end: number) {
      const params = { shop: shopId, start, end };
      return {
        channels: q.checkins.all(params) as CheckinRow[],
        replies: q.replyClasses.all(params) as { channel: string; class: string; n: number }[],
        optOuts: q.optOuts.all(params) as { channel: string; n: number }[],
        uncertain: q.uncertain.get(shopId) ?? 0,
      };
    },
    /** The message log: newest first, optionally one status and a search on the customer's name, phone or e-mail. */
    messages(
      shopId: number,
      o: { start: number; end: number; status?: string; search?: string; limit: number; offset?: number; before?: { dueAt: number; id: number } },
    ): MessageLogRow[] {
      const where = ['m.shop_id = @shop', 'm.due_at BETWEEN @start AND @end'];
      if (o.status) where.push('m.status = @status');
      // The next page after the last row seen (an export reads the log a page at a time).
      if (o.before) where.push('(m.due_at, m.id) < (@beforeDue, @beforeId)');
      let like = '';
      if (o.search) {
        // A phone number is searched by its digits, as stored in E.164: "06 8765" finds +316 8765....
        const term = /^[+\d\s()-]{3,}$/.test(o.search) ? o.search.replace(/\D/g, '').replace(/^0+/, '') : o.search;
        like = `%${term.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
        // Few customers match: go through them (fast for a rare name). Many: walk the log and filter (fast too).
        const ids = q.searchCustomers.all(shopId, like, like, like);
        where.push(ids.length <= 200 ? `m.customer_id IN (${ids.join(',') || 'NULL'})` : "(c.name LIKE @like ESCAPE '\\' OR c.phone LIKE @like ESCAPE '\\' OR c.email LIKE @like ESCAPE '\\')");
      }
      return db
        .prepare(`SELECT m.id, m.kind, m.channel, m.status, m.delivery, m.due_at AS dueAt, m.sent_at AS sentAt, m.error, m.error_detail AS errorDetail,
            c.name AS customerName, c.phone, c.email
          FROM messages m JOIN customers c ON c.id = m.customer_id WHERE ${where.join(' AND ')}
          ORDER BY m.due_at DESC, m.id DESC LIMIT @limit OFFSET @offset`)
        .all({
          shop: shopId, start: o.start, end: o.end, status: o.status, like, limit: o.limit, offset: o.offset ?? 0,
          beforeDue: o.before?.dueAt, beforeId: o.before?.id,
        }) as MessageLogRow[];
    },
    /** Messages a crashed dispatcher left 'uncertain', however old: the owner must look at them. */
    uncertainMessages(shopId: number): MessageLogRow[] {
      return q.uncertainRows.all(shopId) as MessageLogRow[];
    },
    /** Every reply received in the period, newest first (for the CSV export). */
    replies(shopId: number, start: number, end: number): ReplyRow[] {
      return q.replies.all({ shop: shopId, start, end }) as ReplyRow[];
    },
  };
}
export type MetricStore = ReturnType<typeof metricStore>;
