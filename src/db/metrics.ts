// The owner's figures, counted in SQL over the summaries (see summary.ts), always for one shop and one period.
// What each figure means is written beside it on the page and in the README.
import { type Period, type ReturnRate, percent, windows } from '../domain/metrics.js';
import type { NotSent } from '../domain/not-sent.js';
import type { Db } from './open.js';
import { type Reading, needsOwner, readings } from './replies.js';

// The readings that put a reply on the owner's list, written out as the partial index replies_open has them.
const OPEN = `r.class IN (${readings.filter(needsOwner).map((r) => `'${r}'`).join(', ')}) AND r.handled_at IS NULL`;
const KEYWORDS = "r.class IN ('opt_out', 'opt_in', 'help')";
const replyColumns = `r.id, r.class, r.read_as AS readAs, r.corrected_at AS correctedAt, r.channel, r.answer, r.body, r.received_at AS receivedAt,
  r.handled_at AS handledAt, c.name AS customerName, c.phone, c.email, s.items, s.reason, s.till_sale_id AS tillSaleId, s.occurred_at AS soldAt
  FROM replies r JOIN customers c ON c.id = r.customer_id LEFT JOIN sales s ON s.id = r.sale_id`;

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
  /** 1 when a come-back invitation waits for the owner to handle a reply of the customer's. */
  held: number;
  /** The provider's own words, e.g. "Twilio 21211: The 'To' number … is not valid" (may quote the address). */
  errorDetail: string | null;
  customerName: string | null;
  phone: string | null;
  email: string | null;
}

export interface ReplyRow {
  id: number;
  /** The reading (problem, question, other, positive) or an SMS keyword class (opt_out, opt_in, help). */
  class: string;
  /** What the automatic reader said, before any correction by the owner. */
  readAs: string | null;
  correctedAt: number | null;
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
  /** The sale the reply answers: the till's own id and when it was. */
  tillSaleId: string | null;
  soldAt: number | null;
}

/** Which replies a list shows: every one, those on the owner's call-back list, one reading, or the SMS keywords. */
export type ReplyFilter = 'all' | 'open' | Reading | 'keyword';
export const replyFilters: readonly ReplyFilter[] = ['all', 'open', 'problem', 'question', 'other', 'positive', 'keyword'];

/** The return-rate cards: all over the same customers (see sameCustomerReturns). */
export interface SameCustomerReturns {
  /** Customers whose first purchase lies in the period. */
  customers: number;
  /** The window those counted are old enough for: their first purchase is at least this many days back. Null: none yet. */
  matured: number | null;
  /** The customers counted on every card. */
  judged: number;
  /** Customers whose first purchase is too recent for `matured` days (all of them when nothing matured yet). */
  tooEarly: number;
  /** Per window: how many of the `judged` customers came back within it; or, for a window they are too young for, the day its figure is first known. */
  rates: ({ days: number; back: number; rate: number | null } | { days: number; knownOn: number })[];
}

export interface InvitationEffect {
  /** Invitations sent in the period. */
  invited: number;
  /** Of those, sent at least 14 days ago: the ones counted. */
  judged: number;
  /** Of the counted, the customer bought again within 14 days after. */
  returned: number;
  /** Those purchases, per currency ('' when the till sent none): how many and their total in hundredths. */
  revenue: { currency: string; purchases: number; cents: number }[];
}

/** Days after an invitation in which a purchase counts as following it (as in migrations/009). */
export const INVITATION_DAYS = 14;

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
    uncertainRows: db.prepare(`SELECT m.id, m.kind, m.channel, m.status, m.delivery, m.due_at AS dueAt, m.sent_at AS sentAt, m.error, m.held_by IS NOT NULL AS held, m.error_detail AS errorDetail,
        c.name AS customerName, c.phone, c.email
      FROM messages m JOIN customers c ON c.id = m.customer_id WHERE m.shop_id = ? AND m.status = 'uncertain' ORDER BY m.due_at DESC LIMIT 100`),
    uncertain: db.prepare<[number], number>("SELECT count(*) FROM messages WHERE shop_id = ? AND status = 'uncertain'").pluck(),
    // Customers a search names, when they are few: their messages are then found through them.
    searchCustomers: db.prepare<[number, string, string, string], number>(`SELECT id FROM customers WHERE shop_id = ?
      AND (name LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\') LIMIT 201`).pluck(),
    replies: db.prepare(`SELECT ${replyColumns} WHERE r.shop_id = @shop AND r.received_at BETWEEN @start AND @end ORDER BY r.received_at DESC, r.id DESC`),
    // Every window over the customers old enough for the longest window M: judged<M> and back<M>_<w> for each w <= M.
    sameReturns: db.prepare(`SELECT coalesce(sum(customers), 0) AS customers, min(first_day) FILTER (WHERE customers > 0) AS firstDay,
        ${windows.map((m) => [`${judged(m)} AS judged${m}`, ...windows.filter((w) => w <= m).map((w) => `coalesce(sum(back${w}) FILTER (WHERE first_day <= @today - ${m}), 0) AS back${m}_${w}`)].join(', ')).join(',\n        ')}
      FROM customer_days WHERE ${inPeriod}`),
    invitations: db.prepare(`SELECT coalesce(sum(invited), 0) AS invited, coalesce(sum(invited) FILTER (WHERE slot < @judgedBefore), 0) AS judged,
        coalesce(sum(returned) FILTER (WHERE slot < @judgedBefore), 0) AS returned
      FROM invitation_slots WHERE shop_id = @shop AND slot BETWEEN @first AND @last`),
    invitationRevenue: db.prepare(`SELECT currency, sum(purchases) AS purchases, sum(cents) AS cents FROM invitation_revenue
      WHERE shop_id = @shop AND slot BETWEEN @first AND @last AND slot < @judgedBefore GROUP BY currency HAVING sum(purchases) > 0 ORDER BY sum(cents) DESC`),
    // Sales whose phone or e-mail the till got wrong (stored without it): through the partial index sales_with_contact_issue.
    contactIssues: db.prepare(`SELECT count(*) AS sales, count(*) FILTER (WHERE contact_issue LIKE '%customer.phone%') AS phone,
        count(*) FILTER (WHERE contact_issue LIKE '%customer.email%') AS email
      FROM sales WHERE shop_id = @shop AND local_day BETWEEN @from AND @to AND contact_issue IS NOT NULL`),
    // Through the partial index of open replies (a few dozen rows), never through all replies of a reading.
    openCount: db.prepare<[number], number>(`SELECT count(*) FROM replies r INDEXED BY replies_open WHERE r.shop_id = ? AND ${OPEN}`).pluck(),
  };

  const inbox = new Map<string, ReturnType<Db['prepare']>>();
  const inboxWhere: Record<ReplyFilter, string> = {
    all: '', open: ` AND ${OPEN}`, keyword: ` AND ${KEYWORDS}`,
    problem: " AND r.class = 'problem'", question: " AND r.class = 'question'", other: " AND r.class = 'other'", positive: " AND r.class = 'positive'",
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
    /** The message log: newest first (or soonest first, for what is planned), optionally one status and a search on the customer's name, phone or e-mail. */
    messages(
      shopId: number,
      o: { start: number; end: number; status?: string; search?: string; limit: number; offset?: number; before?: { dueAt: number; id: number }; soonestFirst?: boolean },
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
        .prepare(`SELECT m.id, m.kind, m.channel, m.status, m.delivery, m.due_at AS dueAt, m.sent_at AS sentAt, m.error, m.held_by IS NOT NULL AS held, m.error_detail AS errorDetail,
            c.name AS customerName, c.phone, c.email
          FROM messages m JOIN customers c ON c.id = m.customer_id WHERE ${where.join(' AND ')}
          ORDER BY ${o.soonestFirst ? 'm.due_at, m.id' : 'm.due_at DESC, m.id DESC'} LIMIT @limit OFFSET @offset`)
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
    /**
     * The return-rate cards, all three over the SAME customers, so they never contradict each other: of the customers
     * whose first purchase lies in the period, those whose first purchase is at least M days back, M being the longest
     * window (90, else 60, else 30) for which there are such customers. A longer window shows the day its figure is
     * first known instead (the period's first new customer's first purchase + that many days).
     */
    sameCustomerReturns(shopId: number, p: Period, today: number): SameCustomerReturns {
      const r = q.sameReturns.get({ shop: shopId, from: p.from, to: p.to, today }) as Record<string, number | null>;
      const customers = r.customers ?? 0;
      const matured = [...windows].reverse().find((m) => (r[`judged${m}`] ?? 0) > 0) ?? null;
      const judgedN = matured === null ? 0 : (r[`judged${matured}`] ?? 0);
      return {
        customers,
        matured,
        judged: judgedN,
        tooEarly: customers - judgedN,
        rates: windows.map((days) => {
          if (matured === null || days > matured) return { days, knownOn: (r.firstDay ?? today) + days };
          const b = r[`back${matured}_${days}`] ?? 0;
          return { days, back: b, rate: percent(b, judgedN) };
        }),
      };
    },
    /** Come-back invitations sent between start and end (ms) and who bought again within 14 days (from invitation_slots). */
    invitations(shopId: number, start: number, end: number, now: number): InvitationEffect {
      const params = { shop: shopId, first: Math.floor(start / SLOT), last: Math.floor(Math.min(end, now) / SLOT), judgedBefore: Math.floor((now - INVITATION_DAYS * 86_400_000) / SLOT) };
      const r = q.invitations.get(params) as Omit<InvitationEffect, 'revenue'>;
      return { ...r, revenue: q.invitationRevenue.all(params) as InvitationEffect['revenue'] };
    },
    /** Sales in the period stored without a phone number or e-mail address because the till's was unusable. */
    contactIssues(shopId: number, p: Period): { sales: number; phone: number; email: number } {
      return q.contactIssues.get({ shop: shopId, from: p.from, to: p.to }) as { sales: number; phone: number; email: number };
    },
    /** How many messages a crashed dispatcher left 'uncertain'. */
    uncertainCount: (shopId: number): number => q.uncertain.get(shopId) ?? 0,
    /** How many replies are on the owner's call-back list. */
    openReplies: (shopId: number): number => q.openCount.get(shopId) ?? 0,
    /** Replies newest first, one page (`limit`) after the last one seen (`before`), for the inbox and the call-back list. */
    inbox(shopId: number, o: { filter: ReplyFilter; limit: number; before?: { at: number; id: number } | undefined }): ReplyRow[] {
      const key = `${o.filter}:${o.before ? 1 : 0}`;
      let stmt = inbox.get(key);
      if (!stmt) {
        const columns = o.filter === 'open' ? replyColumns.replace('FROM replies r', 'FROM replies r INDEXED BY replies_open') : replyColumns;
        stmt = db.prepare(`SELECT ${columns} WHERE r.shop_id = @shop${inboxWhere[o.filter]}${o.before ? ' AND (r.received_at, r.id) < (@at, @id)' : ''}
          ORDER BY r.received_at DESC, r.id DESC LIMIT @limit`);
        inbox.set(key, stmt);
      }
      return stmt.all({ shop: shopId, limit: o.limit, ...(o.before && { at: o.before.at, id: o.before.id }) }) as ReplyRow[];
    },
  };
}
export type MetricStore = ReturnType<typeof metricStore>;
