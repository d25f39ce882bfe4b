// The owner's figures, counted in SQL over the summaries (see summary.ts), always for one shop and one period.
// What each figure means is written beside it on the page and in the README.
import { type Period, type ReturnRate, percent, windows } from '../domain/figures.js';
import type { NotSent } from '../domain/not-sent.js';
import type { ChannelName } from '../domain/plan.js';
import { SQL_SAYS_NO_REASON } from '../domain/reason.js';
import { NO_SALE } from './customers.js';
import { type Db, type Engine, type Statement, idList, inIds, indexedBy, sql } from './sql.js';
import { CALL_BACK_RANK, type Reading, needsOwner, readings } from './replies.js';
import { OUTBOX } from './outboxed.js';
import { LOOKED_UP_WITHIN_MS, lookedUp } from './messages.js';
import { GREETED_NAME } from './sales.js';

// The readings that put a reply on the owner's list, written out as the partial index replies_open has them.
const OPEN = `r.class IN (${readings.filter(needsOwner).map((r) => `'${r}'`).join(', ')}) AND r.handled_at IS NULL`;
const KEYWORDS = "r.class IN ('opt_out', 'opt_in', 'help')";
/** The call-back list's order, problems, then questions, then the rest, each newest first, as its index (migration 037) holds it. */
const CALL_BACK_ORDER = `${CALL_BACK_RANK}, r.received_at DESC, r.id DESC`;
/** Most messages are planned or sent; the few others (failed, cancelled, expired, uncertain, being sent) have an index of their own. */
const MOST = ['scheduled', 'sent'];
/** The condition of that index (migration 020), named in a statement so that both engines take it. */
const FEW = `m.status NOT IN (${MOST.map((s) => `'${s}'`).join(', ')})`;
const isFew = (status: string) => !MOST.includes(status);
/**
 * "mislukt" on the log: refused, or sent and reported undelivered (the check-ins table counts them together). Written
 * as the condition of their index (migration 034), so that both engines take it.
 */
const TROUBLE = "(m.status = 'failed' OR (m.status = 'sent' AND m.delivery IN ('undelivered', 'failed')))";
// An erased customer's reply names no sale: the till's id for it, its time and its goods lead back to who it was (the
// privacy review of 6 December). (The sale itself stays, nameless, for the figures.)
const replyColumns = `r.id, r.class, r.read_as AS readAs, r.corrected_at AS correctedAt, r.channel, r.answer, r.body, r.media, r.received_at AS receivedAt,
  r.handled_at AS handledAt, ${GREETED_NAME} AS customerName, c.phone, c.email, s.reason, s.total AS saleTotal,
  CASE WHEN c.erased_at IS NULL THEN s.items END AS items, CASE WHEN c.erased_at IS NULL THEN s.till_sale_id END AS tillSaleId,
  CASE WHEN c.erased_at IS NULL THEN s.occurred_at END AS soldAt,
  CASE WHEN c.sms_opted_out_at IS NULL THEN 0 ELSE 1 END AS smsOptedOut, CASE WHEN c.email_opted_out_at IS NULL THEN 0 ELSE 1 END AS emailOptedOut,
  CASE WHEN c.erased_at IS NULL THEN 0 ELSE 1 END AS erased, answered.recipient AS texted, answered.kind AS answered,
  CASE WHEN c.sms_opted_out_at < r.received_at THEN 1 ELSE 0 END AS afterSmsStop,
  CASE WHEN r.sale_id IS NULL AND ${NO_SALE('c')} THEN 1 ELSE 0 END AS noSale
  FROM replies r JOIN customers c ON c.id = r.customer_id LEFT JOIN sales s ON s.id = r.sale_id
  LEFT JOIN messages answered ON answered.id = r.message_id`;

/** The window "did asking help?" and "why people buy" compare return rates over. */
export const COMPARE_DAYS = 30;

export interface AskedGroup {
  /**
   * 'sms', 'email': the check-in after their first purchase went out and was not reported undelivered; 'none': it could
   * not be asked (no consent or contact); 'unreached': none reached them (reported undelivered or failed, refused, in
   * doubt, not sent yet, or they bought again before it went). Held-out customers are in no group, whatever became of
   * their sales (AskedGroups.heldOut).
   */
  asked: 'sms' | 'email' | 'none' | 'unreached';
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
  /** Of those sent, the ones that may have been answered: not reported undelivered or failed (unless answered anyway). */
  answerable: number;
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
  /** 1 when its customer was erased: nobody to ask whether it came, nor to send it again to. */
  erased: number;
  /** When it is next tried: for one waiting (scheduled, error messaged_recently, number_busy or quiet_hours, or a retry), when its wait ends. */
  nextAt: number;
  error: NotSent | null;
  /** The reply of the customer's a come-back invitation waits for the owner to handle; null when it waits for nothing. */
  heldBy: number | null;
  /** The provider's own words, e.g. "Twilio 21211: The 'To' number … is not valid" (may quote the address). */
  errorDetail: string | null;
  customerName: string | null;
  phone: string | null;
  email: string | null;
  /** 1 when it went to the local outbox: "sent" to a file, not to the customer. */
  outbox: number;
  /** What it said, as it was handed over (an e-mail's subject and text, its links' tokens masked); null before. */
  content: string | null;
}

/** A message in doubt on the owner's page: when it was claimed, and 1 when the dispatcher looks it up in Twilio's records. */
export interface UncertainRow extends MessageLogRow {
  claimedAt: number;
  lookedUp: number;
}

/** Messages in doubt of one channel and reason ('interrupted', 'in_doubt', 'restored'), looked up in Twilio's records or not. */
export interface UncertainKind {
  channel: ChannelName;
  error: NotSent | null;
  lookedUp: number;
  n: number;
  /** When the last of them was claimed (sent): it is looked up TWILIO_RECONCILE_MINUTES after. */
  lastClaimed: number;
}

/** A customer a search of the message log found, and what may explain that they have no messages. */
export interface SearchedCustomer {
  name: string | null;
  phone: string | null;
  email: string | null;
  /** 1 held out on purpose ("Does nextdeal help?"), 0 messaged, null never in the experiment. */
  heldOut: number | null;
  optedOut: number;
  consented: number;
  /** 0 for a row with no sale: one a text to the shop's own number made (replies.ts, fromStranger). */
  bought: number;
}

/** Where a page of replies goes on from: the last reply of the page before (`rank`: on the call-back list, its place 0-2). */
export interface ReplyAfter {
  rank?: number | undefined;
  at: number;
  id: number;
}

export interface ReplyRow {
  /** On the call-back list ('open'): 0 a problem, 1 a question, 2 the rest, its order (see CALL_BACK_RANK). */
  rank?: number;
  id: number;
  /** The reading (problem, question, other, positive) or an SMS keyword class (opt_out, opt_in, help). */
  class: string;
  /** What the automatic reader said, before any correction by the owner. */
  readAs: string | null;
  correctedAt: number | null;
  channel: string;
  answer: string | null;
  body: string | null;
  /** Attachments (photos, mostly) an SMS brought, which nextdeal does not keep. */
  media: number;
  receivedAt: number;
  handledAt: number | null;
  customerName: string | null;
  phone: string | null;
  email: string | null;
  items: string | null;
  /** The sale's total, as the till sent it (boughtItems weighs its lines by it). */
  saleTotal: number | null;
  reason: string | null;
  /** The sale the reply answers: the till's own id and when it was. */
  tillSaleId: string | null;
  soldAt: number | null;
  /** 1 when the customer opted out of SMS (in this reply, say: "geen sms meer, en de rits klemt"). */
  smsOptedOut: number;
  /** 1 when the customer opted out of e-mail. */
  emailOptedOut: number;
  /** 1 when the customer's details were erased (which stops both channels: no wish of theirs). */
  erased: number;
  /** The number or address the message the reply answers went to (a wrong one is off the customer's row by now). */
  texted: string | null;
  /** The kind of message it answers ('checkin', 'comeback'), when it answers one. */
  answered: string | null;
  /** 1 when the customer had opted out of SMS before this reply came (and has not opted in since). */
  afterSmsStop: number;
  /** 1 when the customer has no sale: a row a text to the shop's own number made (replies.ts, fromStranger). */
  noSale: number;
}

/** Which replies a list shows: every one, those on the owner's call-back list, one reading, or the SMS keywords. */
export type ReplyFilter = 'all' | 'open' | Reading | 'keyword';
export const replyFilters: readonly ReplyFilter[] = ['all', 'open', 'problem', 'question', 'other', 'positive', 'keyword'];

/** The return-rate cards: all over the same customers (see sameCustomerReturns). */
export interface SameCustomerReturns {
  /** Customers whose first purchase lies in the period. */
  customers: number;
  /** The window those counted are old enough for: their first purchase is more than this many days back (the window is over). Null: none yet. */
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
  /** Invitations sent in the period that Twilio reported undelivered or failed: in none of the figures above. */
  undelivered: number;
}

/** The customers "did asking help?" is about, by row; and those held out on purpose, in no row (a line says so). */
export interface AskedGroups {
  groups: AskedGroup[];
  heldOut: number;
}

/** Days after an invitation in which a purchase counts as following it (as in migrations/009). */
export const INVITATION_DAYS = 14;

// Judged: the N days after the first purchase are over (it lies more than N days back), so that a purchase on the
// Nth day, still a return, can no longer change the figure: settled the day after the window's last day, as the
// hold-out reads its customers (src/domain/experiment.ts matured). Back: a purchase on a later day, within N days.
// Summed over the per-day summaries (customer_days, reason_days, checkin_slots; see migrations/003).
const settled = (n: number) => `first_day < @today - ${n}`;
const judged = (n: number) => `coalesce(sum(customers) FILTER (WHERE ${settled(n)}), 0)`;
const back = (n: number) => `coalesce(sum(back${n}) FILTER (WHERE ${settled(n)}), 0)`;
const inPeriod = 'shop_id = @shop AND first_day BETWEEN @from AND @to';
const SLOT = 900_000;

/** Case-insensitive matching, as SQLite's LIKE does for ASCII. */
const like = (e: Engine) => (e === 'postgres' ? 'ILIKE' : 'LIKE');
/**
 * A search's LIKE pattern @like on a customer's name, phone and e-mail (`c` the customers' alias, with its dot). On
 * PostgreSQL the name and the pattern without their accents (search_folded, migrations/postgres/076), as its index has
 * it: "zoe" finds Zoë. SQLite's search of three characters or more goes through its index, which folds them alike (076).
 */
const likeSearched = (e: Engine, c = '') =>
  `(${e === 'postgres' ? `search_folded(${c}name) ILIKE search_folded(@like)` : `${c}name LIKE @like`} ESCAPE '\\'
    OR ${c}phone ${like(e)} @like ESCAPE '\\' OR ${c}email ${like(e)} @like ESCAPE '\\')`;
// A message is listed under the name it greeted (GREETED_NAME), as a reply is.
const messageColumns = `m.id, m.kind, m.channel, m.status, m.delivery, m.due_at AS dueAt, m.sent_at AS sentAt, m.next_attempt_at AS nextAt, m.error,
  m.held_by AS heldBy, m.error_detail AS errorDetail, ${GREETED_NAME} AS customerName,
  c.phone, c.email, CASE WHEN ${OUTBOX} THEN 1 ELSE 0 END AS outbox, m.content, CASE WHEN c.erased_at IS NULL THEN 0 ELSE 1 END AS erased`;
/** What messageColumns reads from: a message, its customer and its sale. */
const MESSAGE_JOINS = 'JOIN customers c ON c.id = m.customer_id JOIN sales s ON s.id = m.sale_id';
/** The columns of messages that messageColumns reads, and the ids it joins by: a page of the log taken before its joins. */
const PAGE_COLUMNS = 'm.id, m.kind, m.channel, m.status, m.delivery, m.due_at, m.sent_at, m.next_attempt_at, m.error, m.held_by, m.error_detail, m.customer_id, m.sale_id, m.provider_id, m.content';

/**
 * Customers added to SQLite's search index a transaction, and the pages of its segments merged with them (FTS5's own
 * merging is off, migrations/sqlite/021): about what they wrote, so that the index stays in few segments. 1-5 ms of
 * work: a sale arriving meanwhile waits no longer.
 */
const SEARCH_CHUNK = 250;
const SEARCH_MERGE_PAGES = 32;

/**
 * How often the server catches the search index up (indexSearch). Every second, at 600 new customers a second, that
 * was three transactions of 2-5 ms back to back, and the sales that came meanwhile waited for all three; five times a
 * second it is one of 1-2 ms, for about 3-4 µs more a customer (more, smaller segments to merge).
 */
export const SEARCH_EVERY_MS = 200;

const q = {
  returns: sql(`SELECT coalesce(sum(customers), 0) AS customers, ${windows.map((n) => `${judged(n)} AS judged${n}, ${back(n)} AS back${n}`).join(', ')}
    FROM customer_days WHERE ${inPeriod}`),
  // Every customer of the period, each under one key (migrations/sqlite/073): 'sms', 'email', 'none'; '' those no
  // check-in reached (customers.asked null); 'held' those held out on purpose, whatever became of their sales.
  asked: sql<Omit<AskedGroup, 'rate' | 'asked'> & { asked: string }>(`SELECT asked, sum(customers) AS customers, ${judged(COMPARE_DAYS)} AS judged,
      ${back(COMPARE_DAYS)} AS back
    FROM customer_days WHERE ${inPeriod} GROUP BY asked HAVING sum(customers) > 0 ORDER BY asked`),
  reasons: sql<Omit<ReasonRow, 'rate'>>(`SELECT reason, sum(customers) AS customers, ${judged(COMPARE_DAYS)} AS judged, ${back(COMPARE_DAYS)} AS back
    FROM reason_days WHERE ${inPeriod} AND NOT ${SQL_SAYS_NO_REASON('reason')} GROUP BY reason HAVING sum(customers) > 0 ORDER BY customers DESC, reason LIMIT @limit`),
  cells: sql<{ cohort: number; periodsLater: number; customers: number }>(`SELECT cohort, periods_later AS periodsLater, customers FROM cohort_cells
    WHERE shop_id = @shop AND unit = @unit AND cohort BETWEEN @first AND @last ORDER BY cohort, periods_later`),
  // A period without an end ends at Number.MAX_SAFE_INTEGER, whose slot does not fit PostgreSQL's INTEGER: the bounds
  // are compared as BIGINT.
  // The slots and their changes not folded in yet (migrations/sqlite/013). The bounds are cast: a period that runs on
  // (planned messages) ends at the last safe integer, whose slot is beyond PostgreSQL's INTEGER.
  checkins: sql<Omit<CheckinRow, 'answerable'>>(`SELECT channel, sum(total) AS total, sum(sent) AS sent, sum(delivered) AS delivered, sum(failed) AS failed,
      sum(waiting) AS waiting, sum(replied) AS replied
    FROM (SELECT channel, total, sent, delivered, failed, waiting, replied FROM checkin_slots
        WHERE shop_id = @shop AND slot BETWEEN CAST(@first AS BIGINT) AND CAST(@last AS BIGINT)
      UNION ALL SELECT channel, total, sent, delivered, failed, waiting, replied FROM checkin_slot_changes
        WHERE shop_id = @shop AND slot BETWEEN CAST(@first AS BIGINT) AND CAST(@last AS BIGINT)) AS s
    GROUP BY channel HAVING sum(total) > 0 ORDER BY channel`),
  // Not of a row with no sale (one a text to the shop's own number made, replies.ts fromStranger; or one `attach` took
  // its sale from): it answered no check-in, and beside "0 verstuurd" its words read as answers to one (frv45d). They
  // are on the call-back list all the same. So with the opt-outs below. A sale of hers since (a till's sale finds the row
  // later, sales.ts customerFromText) makes her a customer from then on, not of the months before it (frv45g).
  replyClasses: sql<{ channel: string; class: string; n: number }>(`SELECT channel, class, count(*) AS n FROM replies r
    WHERE shop_id = @shop AND received_at BETWEEN @start AND @end
      AND EXISTS (SELECT 1 FROM sales x WHERE x.customer_id = r.customer_id AND x.occurred_at <= r.received_at)
    GROUP BY channel, class ORDER BY channel, class`),
  // Those who opted out in the period, each once per channel: one who texted STOP and START five times is one, not
  // five (a black-box review found 6 shown in a shop where one customer had left). By the number (SMS) or address
  // (e-mail), as a STOP or an unsubscribe is taken: it opts out every row of the shop with it (customers.ts optOut), one
  // event each, and a household's phone, or a customer the till knows twice, was counted once per row ("2 afmeldingen"
  // for one STOP). A row without it now (erased, nameless, with its consent history; a number said not to be theirs)
  // counts by the row: an erased customer's opt-out still counts, once.
  optOuts: sql<{ channel: string; n: number }>((e) => `SELECT o.channel,
      count(DISTINCT coalesce(CASE o.channel WHEN 'sms' THEN c.phone ELSE c.email END, 'row:' || CAST(c.id AS TEXT))) AS n
    FROM consent_events o ${indexedBy(e, 'consent_opt_outs')} JOIN customers c ON c.id = o.customer_id
    WHERE o.shop_id = @shop AND o.at BETWEEN @start AND @end AND o.given = 0 AND o.source IN ('sms_keyword', 'unsubscribe_link', 'provider')
      AND EXISTS (SELECT 1 FROM sales x WHERE x.customer_id = c.id AND x.occurred_at <= o.at)
    GROUP BY o.channel ORDER BY o.channel`),
  // Not an erased customer's (one being sent as they were erased, and cut off): nobody is left to ask whether it came.
  // With when it was claimed and whether the dispatcher looks it up in Twilio's records (db/messages.ts lookedUp).
  uncertainRows: sql<UncertainRow>(`SELECT ${messageColumns}, m.claimed_at AS claimedAt, CASE WHEN ${lookedUp('m.')} THEN 1 ELSE 0 END AS lookedUp
    FROM messages m ${MESSAGE_JOINS} WHERE m.shop_id = @shop AND m.status = 'uncertain' AND ${FEW} AND c.erased_at IS NULL ORDER BY m.due_at DESC, m.id DESC LIMIT 100`),
  // The same of given messages (listed further down than the hundred above).
  uncertainById: sql<UncertainRow>((e) => `SELECT ${messageColumns}, m.claimed_at AS claimedAt, CASE WHEN ${lookedUp('m.')} THEN 1 ELSE 0 END AS lookedUp
    FROM messages m ${MESSAGE_JOINS} WHERE m.shop_id = @shop AND m.status = 'uncertain' AND m.id ${inIds(e)}`),
  // How many, by channel and why they are in doubt, and whether they are looked up: what the page's warning says.
  uncertain: sql<UncertainKind>(`SELECT m.channel, m.error, CASE WHEN ${lookedUp('m.')} THEN 1 ELSE 0 END AS lookedUp, count(*) AS n,
      max(m.claimed_at) AS lastClaimed
    FROM messages m JOIN customers c ON c.id = m.customer_id
    WHERE m.shop_id = @shop AND m.status = 'uncertain' AND ${FEW} AND c.erased_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
  anySale: sql<{ one: number }>('SELECT 1 AS one FROM sales WHERE shop_id = ? LIMIT 1'),
  outboxed: sql<{ channel: ChannelName; n: number }>((e) => `SELECT m.channel, count(*) AS n FROM messages m ${indexedBy(e, 'messages_outboxed')}
    WHERE m.shop_id = ? AND m.status = 'sent' AND m.due_at BETWEEN ? AND ? AND ${OUTBOX} GROUP BY m.channel`),
  // Check-ins sent and reported undelivered or failed, not answered: nobody could answer them (the reply rate's base
  // leaves them out). Through the partial index of such messages (migration 034).
  unanswerable: sql<{ channel: ChannelName; n: number }>((e) => `SELECT m.channel, count(*) AS n FROM messages m ${indexedBy(e, 'messages_by_shop_trouble')}
    WHERE m.shop_id = @shop AND m.due_at BETWEEN @start AND @end AND ${TROUBLE} AND m.status = 'sent' AND m.kind = 'checkin'
      AND m.replied_at IS NULL AND NOT ${OUTBOX} GROUP BY m.channel`),
  // Come-back invitations sent in the period and reported undelivered or failed (not in invitation_slots: 072).
  undeliveredInvitations: sql((e) => `SELECT count(*) FROM messages m ${indexedBy(e, 'messages_by_shop_trouble')}
    WHERE m.shop_id = @shop AND m.due_at <= @end AND ${TROUBLE} AND m.status = 'sent' AND m.kind = 'comeback'
      AND m.sent_at BETWEEN @start AND @end AND NOT ${OUTBOX}`),
  // The check-ins among them: counted in checkin_slots as sent (handed over, to a file), taken off on reading.
  outboxedCheckins: sql<{ channel: ChannelName; n: number }>((e) => `SELECT m.channel, count(*) AS n FROM messages m ${indexedBy(e, 'messages_outboxed')}
    WHERE m.shop_id = @shop AND m.status = 'sent' AND m.due_at BETWEEN @start AND @end AND ${OUTBOX} AND m.kind = 'checkin' GROUP BY m.channel`),
  // Customers a search names, when they are few: their messages are then found through them. Three characters or
  // more go through a trigram index (migrations/*/016, 076, accents left out): on PostgreSQL the planner takes its
  // pg_trgm indexes for this very statement; on SQLite, searchIndexed asks the FTS5 table.
  searchCustomers: sql((e) => `SELECT id FROM customers WHERE shop_id = @shop AND ${likeSearched(e)} LIMIT 201`),
  searchedCustomers: sql<SearchedCustomer>((e) => `SELECT c.name, c.phone, c.email, c.held_out AS heldOut,
    CASE WHEN c.sms_opted_out_at IS NULL AND c.email_opted_out_at IS NULL THEN 0 ELSE 1 END AS optedOut,
    CASE WHEN c.sms_consent = 1 OR c.email_consent = 1 THEN 1 ELSE 0 END AS consented,
    CASE WHEN EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = c.id) THEN 1 ELSE 0 END AS bought
    FROM customers c WHERE c.id ${inIds(e)} ORDER BY c.id`),
  searchIndexed: sql('SELECT c.id FROM customer_search s JOIN customers c ON c.id = s.rowid WHERE customer_search MATCH @phrase AND c.shop_id = @shop LIMIT 201'),
  // SQLite: the next customers the search index does not have yet (migrations/sqlite/016), and how far that takes it.
  indexNew: sql(`INSERT INTO customer_search (rowid, name, phone, email)
    SELECT id, name, phone, email FROM customers WHERE id > (SELECT indexed_to FROM customer_search_state) ORDER BY id LIMIT ${SEARCH_CHUNK}`),
  mergeSearch: sql(`INSERT INTO customer_search (customer_search, rank) VALUES ('merge', ${SEARCH_MERGE_PAGES})`),
  unindexed: sql('SELECT 1 FROM customers WHERE id > (SELECT indexed_to FROM customer_search_state) LIMIT 1'),
  // PostgreSQL: whether search_folded takes accents off (migrations/postgres/076: not where unaccent was not allowed).
  foldsAccents: sql<boolean>("SELECT search_folded('Zoë') = 'Zoe'"),
  indexedTo: sql(`UPDATE customer_search_state SET indexed_to = (SELECT max(id) FROM
    (SELECT id FROM customers WHERE id > customer_search_state.indexed_to ORDER BY id LIMIT ${SEARCH_CHUNK}) AS chunk)`),
  // replies.csv a page at a time, newest first: the first page, and one after the last reply of the page before. Each
  // reads replies_by_shop (its received_at, then the rowid, is this order) from where the page before stopped, for just
  // the page's rows: never the whole period sorted for every page.
  replies: sql<ReplyRow>(`SELECT ${replyColumns} WHERE r.shop_id = @shop AND r.received_at BETWEEN @start AND @end
    ORDER BY r.received_at DESC, r.id DESC LIMIT @limit`),
  repliesAfter: sql<ReplyRow>(`SELECT ${replyColumns} WHERE r.shop_id = @shop AND r.received_at BETWEEN @start AND @end
    AND (r.received_at, r.id) < (@at, @id) ORDER BY r.received_at DESC, r.id DESC LIMIT @limit`),
  // Every window over the customers old enough for the longest window M: judged<M> and back<M>_<w> for each w <= M.
  sameReturns: sql(`SELECT coalesce(sum(customers), 0) AS customers, min(first_day) FILTER (WHERE customers > 0) AS firstDay,
      ${windows.map((m) => [`${judged(m)} AS judged${m}`, ...windows.filter((w) => w <= m).map((w) => `coalesce(sum(back${w}) FILTER (WHERE ${settled(m)}), 0) AS back${m}_${w}`)].join(', ')).join(',\n      ')}
    FROM customer_days WHERE ${inPeriod}`),
  invitations: sql<Omit<InvitationEffect, 'revenue'>>(`SELECT coalesce(sum(invited), 0) AS invited, coalesce(sum(invited) FILTER (WHERE slot < @judgedBefore), 0) AS judged,
      coalesce(sum(returned) FILTER (WHERE slot < @judgedBefore), 0) AS returned
    FROM invitation_slots WHERE shop_id = @shop AND slot BETWEEN @first AND @last`),
  invitationRevenue: sql<InvitationEffect['revenue'][number]>(`SELECT currency, sum(purchases) AS purchases, sum(cents) AS cents FROM invitation_revenue
    WHERE shop_id = @shop AND slot BETWEEN @first AND @last AND slot < @judgedBefore GROUP BY currency HAVING sum(purchases) > 0 ORDER BY sum(cents) DESC, currency`),
  // Sales whose phone or e-mail the till got wrong (stored without it): through the partial index sales_with_contact_issue.
  contactIssues: sql<{ sales: number; phone: number; email: number }>(`SELECT count(*) AS sales, count(*) FILTER (WHERE contact_issue LIKE '%customer.phone%') AS phone,
      count(*) FILTER (WHERE contact_issue LIKE '%customer.email%') AS email
    FROM sales WHERE shop_id = @shop AND local_day BETWEEN @from AND @to AND contact_issue IS NOT NULL`),
  // Customers whose number the till got wrong in a way found only by texting it: Twilio refused it (21211 not a number;
  // 21612, 21614 not a mobile one) or reported it undelivered as unknown (30005) or unable to take texts (30006, a
  // landline). Through the partial index of messages that did not arrive (migration 034).
  unreachableNumbers: sql((e) => `SELECT count(DISTINCT m.customer_id) FROM messages m ${indexedBy(e, 'messages_by_shop_trouble')}
    WHERE m.shop_id = @shop AND m.due_at BETWEEN @start AND @end AND ${TROUBLE} AND m.channel = 'sms'
      AND (m.error IN ('invalid_number', 'not_mobile') OR (m.error = 'undelivered' AND m.error_detail IN ('Twilio 30005', 'Twilio 30006')))
      -- Only while that number is still hers: one a newer sale put right, or an erased customer, is nothing to put right.
      AND EXISTS (SELECT 1 FROM customers c WHERE c.id = m.customer_id AND c.erased_at IS NULL AND (m.recipient IS NULL OR c.phone = m.recipient))`),
  // Through the partial index of open replies (a few dozen rows), never through all replies of a reading.
  openCount: sql((e) => `SELECT count(*) FROM replies r ${indexedBy(e, 'replies_open')} WHERE r.shop_id = ? AND ${OPEN}`),
  // The overview's call-back list: problems, then questions, then what the owner only needs to read, each newest
  // first, so that ten newer "gaat wel" replies never push a complaint off the first screen.
  // In the order of its index (migrations/*/037), which holds the open replies so: the first ten are read, no more.
  callBack: sql<ReplyRow>((e) => `SELECT ${replyColumns.replace('FROM replies r', `FROM replies r ${indexedBy(e, 'replies_call_back')}`)}
    WHERE r.shop_id = ? AND ${OPEN} ORDER BY ${CALL_BACK_ORDER} LIMIT ?`),
};

const inboxWhere: Record<ReplyFilter, string> = {
  all: '', open: ` AND ${OPEN}`, keyword: ` AND ${KEYWORDS}`,
  problem: " AND r.class = 'problem'", question: " AND r.class = 'question'", other: " AND r.class = 'other'", positive: " AND r.class = 'positive'",
};

/** Statements of a few shapes, each written once when first needed. */
function shaped<K extends string>(make: (key: K) => Statement<any>) {
  const made = new Map<K, Statement<any>>();
  return (key: K) => {
    let s = made.get(key);
    if (!s) made.set(key, (s = make(key)));
    return s;
  };
}

/** One reply, when the list `filter` holds it: its rank on the call-back list, time and id (figures.replyPlace). */
const placeOf = shaped<ReplyFilter>((filter) =>
  sql<{ rank: number; at: number; id: number }>(`SELECT ${CALL_BACK_RANK} AS rank, r.received_at AS at, r.id FROM replies r
    WHERE r.shop_id = @shop AND r.id = @id${inboxWhere[filter]}`),
);

/**
 * The inbox and call-back list: one filter, the first page or the one after a row. The whole call-back list ('open')
 * stands in the overview's order (CALL_BACK_ORDER), so that an older complaint is never behind "ok" replies or off the
 * first page; a page after a row goes on from its rank (@rank), time and id. Every other filter is newest first.
 */
const inboxOf = shaped<`${ReplyFilter}:${0 | 1}`>((key) => {
  const [filter, after] = key.split(':') as [ReplyFilter, '0' | '1'];
  return sql<ReplyRow>((e) => {
    if (filter === 'open') {
      const columns = replyColumns.replace('FROM replies r', `FROM replies r ${indexedBy(e, 'replies_call_back')}`);
      const next = ` AND (${CALL_BACK_RANK} > @rank OR (${CALL_BACK_RANK} = @rank AND (r.received_at, r.id) < (@at, @id)))`;
      return `SELECT ${CALL_BACK_RANK} AS rank, ${columns} WHERE r.shop_id = @shop${inboxWhere[filter]}${after === '1' ? next : ''}
        ORDER BY ${CALL_BACK_ORDER} LIMIT @limit`;
    }
    return `SELECT ${replyColumns} WHERE r.shop_id = @shop${inboxWhere[filter]}${after === '1' ? ' AND (r.received_at, r.id) < (@at, @id)' : ''}
      ORDER BY r.received_at DESC, r.id DESC LIMIT @limit`;
  });
});

/**
 * The message log: with or without a status (0, 1; 2: one of the few, see FEW; 3: failed, see TROUBLE), a page after a
 * row, a search through customers (few) or on the log (many), and its order. Without a status, or planned or sent
 * (most messages), it walks messages_by_shop_due; one of the few statuses is found through messages_by_shop_few
 * (migration 020), and what failed through messages_by_shop_trouble (034).
 */
/** Which page of the message log: due times start-end, one status, a page after a row, its order. */
interface LogQuery {
  start: number;
  end: number;
  status?: string;
  limit: number;
  offset?: number;
  before?: { dueAt: number; id: number };
  soonestFirst?: boolean;
}
type LogShape = `${0 | 1 | 2 | 3}${0 | 1}${Found['search']}${0 | 1}`;
/**
 * How the log is searched: not ('-'); through the customers found ('ids', few); or, many found, walking the log and
 * keeping the messages of customers the search names: by the LIKE pattern ('like'), or on SQLite, for three characters
 * or more, by its search index ('match', which ignores accents as the search of the customers did).
 */
type Found = { search: '-' | 'ids' | 'like' | 'match'; ids: number[]; pattern: string; phrase?: string };
const logOf = shaped<LogShape>((key) => {
  const [status, before, search, soonest] = [key[0], key[1] === '1', key.slice(2, -1), key.at(-1) === '1'];
  return sql<MessageLogRow>((e) => {
    const where = ['m.shop_id = @shop', 'm.due_at BETWEEN @start AND @end'];
    if (status === '1' || status === '2') where.push('m.status = @status');
    if (status === '2') where.push(FEW);
    if (status === '3') where.push(TROUBLE);
    // The next page after the last row seen (an export reads the log a page at a time).
    if (before) where.push('(m.due_at, m.id) < (@beforeDue, @beforeId)');
    if (search === 'ids') where.push(`m.customer_id ${inIds(e)}`);
    if (search === 'like') where.push(likeSearched(e, 'c.'));
    // The log walked, the customers the index names looked up in a list made once (`+`: not the other way round, their
    // messages gathered and sorted: "jan", 808 customers, 16.8 ms so and 2.1 ms walked, at a 20th of the bench's size).
    if (search === 'match') where.push('+m.customer_id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH @phrase)');
    const order = `ORDER BY ${soonest ? 'm.due_at, m.id' : 'm.due_at DESC, m.id DESC'}`;
    // PostgreSQL: the page of messages first, then their customers. Expecting few planned messages, its planner would
    // otherwise join every one of them before sorting (26 ms for a page of what is planned at a million sales).
    // SQLite walks the index in order, joins as it goes and stops at the page's end.
    if (e === 'postgres' && search !== 'like') {
      return `SELECT ${messageColumns} FROM (SELECT ${PAGE_COLUMNS} FROM messages m WHERE ${where.join(' AND ')} ${order} LIMIT @limit OFFSET @offset) m
        ${MESSAGE_JOINS} ${order}`;
    }
    return `SELECT ${messageColumns}
      FROM messages m ${MESSAGE_JOINS} WHERE ${where.join(' AND ')}
      ${order} LIMIT @limit OFFSET @offset`;
  });
});

/**
 * SQLite: adds the customers created since the search index last caught up. A sale does not index its new customer
 * (430 µs a sale); in a batch it costs about 6-7 µs a customer. Run before each search and every SEARCH_EVERY_MS
 * (indexSearch), SEARCH_CHUNK customers a transaction, so that a busy hour's thousands never hold the event loop for long.
 */
async function catchUpSearch(db: Db): Promise<void> {
  if (db.engine !== 'sqlite' || (await db.value(q.unindexed)) === undefined) return; // nothing new: no transaction
  const chunk = async (tx: Db) => {
    const added = await tx.run(q.indexNew);
    if (added > 0) {
      await tx.run(q.indexedTo);
      await tx.run(q.mergeSearch);
    }
    return added;
  };
  while ((await db.transaction(chunk)) === SEARCH_CHUNK);
}

/**
 * SQLite: keeps the search index caught up every `everyMs`, what came meanwhile at a time. Once a minute (in the
 * dispatcher's tick) was a minute's worth at once: at 1,390 sales a second, 2.5 s of work, and in the three seconds
 * from its start 1,952 of 4,170 sales were answered in over 20 ms (bench/ingest.ts, open loop). Returns how to stop,
 * once a run under way is done.
 */
function indexSearch(db: Db, everyMs: number, failed: (err: unknown) => void, recovered: () => void): () => Promise<void> {
  if (db.engine !== 'sqlite') return async () => {};
  let running: Promise<void> | null = null;
  // Said once as it starts failing and once as it works again, not at every try: on a full disk it failed five times
  // a second, each logged with its stack, 0.7 MB of log a minute on the disk being freed (the operator's review).
  let failing = false;
  const worked = () => void (failing && ((failing = false), recovered()));
  const broke = (err: unknown) => void (!failing && ((failing = true), failed(err)));
  const timer = setInterval(() => {
    running ??= catchUpSearch(db).then(worked, broke).finally(() => (running = null));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

export function figureStore(db: Db) {
  const uncertainKinds = async (shopId: number, now: number): Promise<UncertainKind[]> =>
    (await db.all(q.uncertain, { shop: shopId, since: now - LOOKED_UP_WITHIN_MS })).map((k) => ({ ...k, n: Number(k.n), lastClaimed: Number(k.lastClaimed) }));
  /**
   * The customers of the shop a search of the log names (up to 201), and the LIKE pattern for the log itself (on SQLite,
   * for three characters or more, the phrase its search index is asked).
   */
  async function customersMatching(shopId: number, search: string): Promise<{ ids: number[]; pattern: string; phrase?: string }> {
    // A phone number is searched by its digits, as stored in E.164: "06 8765" finds +316 8765....
    const term = /^[+\d\s()-]{3,}$/.test(search) ? search.replace(/\D/g, '').replace(/^0+/, '') : search;
    const pattern = `%${term.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    if (db.engine === 'sqlite' && [...term].length >= 3) {
      await catchUpSearch(db);
      const phrase = `"${term.replace(/"/g, '""')}"`; // the term as one phrase: a substring
      return { ids: await db.values<number>(q.searchIndexed, { shop: shopId, phrase }), pattern, phrase };
    }
    return { ids: await db.values<number>(q.searchCustomers, { shop: shopId, like: pattern }), pattern };
  }

  /** The customers a search of the log names, found once for the pages of one look at the log. */
  async function searchLog(shopId: number, search: string | undefined): Promise<Found> {
    if (!search) return { search: '-', ids: [], pattern: '' };
    const { ids, pattern, phrase } = await customersMatching(shopId, search);
    // Few customers match: go through them (fast for a rare name). Many: walk the log and filter (fast too).
    return { search: ids.length <= 200 ? 'ids' : phrase ? 'match' : 'like', ids, pattern, ...(phrase && { phrase }) };
  }

  /** One page of the message log, over the due times start-end. */
  function logPage(shopId: number, o: LogQuery, { search, ids, pattern, phrase }: Found): Promise<MessageLogRow[]> {
    const shape = `${!o.status ? 0 : o.status === 'failed' ? 3 : isFew(o.status) ? 2 : 1}${o.before ? 1 : 0}${search}${o.soonestFirst ? 1 : 0}` as LogShape;
    return db.all(logOf(shape), {
      shop: shopId, start: o.start, end: o.end, limit: o.limit, offset: o.offset ?? 0,
      ...(o.status && o.status !== 'failed' && { status: o.status }),
      ...(o.before && { beforeDue: o.before.dueAt, beforeId: o.before.id }),
      ...(search === 'ids' && { ids: idList(db, ids) }),
      ...(search === 'like' && { like: pattern }),
      ...(search === 'match' && { phrase }),
    });
  }

  return {
    /**
     * Whether the search ignores accents ("zoe" finds Zoë): on SQLite always; on PostgreSQL when the server allowed
     * the unaccent extension as migration 076 ran (else the search counts accents, as before it).
     */
    searchIgnoresAccents: async (): Promise<boolean> => db.engine === 'sqlite' || (await db.value(q.foldsAccents)) === true,
    /** SQLite: the customers created since the search index last caught up, added (see catchUpSearch). */
    catchUpSearch: () => catchUpSearch(db),
    /**
     * SQLite: the search index caught up every `everyMs` (see indexSearch); `failed` as it starts failing, `recovered`
     * as it works again (once each, not at every try); returns how to stop.
     */
    indexSearch: (everyMs: number, failed: (err: unknown) => void, recovered: () => void = () => {}) => indexSearch(db, everyMs, failed, recovered),
    /** Of the customers whose first purchase lies in the period: who came back within 30, 60 and 90 days. */
    async returnRates(shopId: number, p: Period, today: number): Promise<{ customers: number; rates: ReturnRate[] }> {
      const r = (await db.get(q.returns, { shop: shopId, from: p.from, to: p.to, today })) as Record<string, number | null>;
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
    /**
     * "Did asking help?": every customer whose first purchase is in the period in one row, the held-out ones apart
     * (the hold-out compares them), each once: customer_days keeps a held-out customer under 'held' only (migration
     * 73), also one whose first sale of the day, without consent, was voided. Those no check-in reached are a row of
     * their own, not left out.
     */
    async asked(shopId: number, p: Period, today: number): Promise<AskedGroups> {
      const rows = await db.all(q.asked, { shop: shopId, from: p.from, to: p.to, today });
      const heldOut = rows.find((r) => r.asked === 'held')?.customers ?? 0;
      const groups = rows.filter((r) => r.asked !== 'held')
        .map((r): AskedGroup => ({ ...r, asked: (r.asked === '' ? 'unreached' : r.asked) as AskedGroup['asked'], rate: percent(r.back, r.judged) }));
      return { groups, heldOut };
    },
    async reasons(shopId: number, p: Period, today: number, limit = 10): Promise<ReasonRow[]> {
      const rows = await db.all(q.reasons, { shop: shopId, from: p.from, to: p.to, today, limit });
      return rows.map((r) => ({ ...r, rate: percent(r.back, r.judged) }));
    },
    cohortCells: (shopId: number, unit: 'week' | 'month', first: number, last: number) => db.all(q.cells, { shop: shopId, unit, first, last }),
    /** Check-ins due in the period (start-end in ms), by channel; replies and opt-outs that came in the period. */
    async checkins(shopId: number, start: number, end: number) {
      const params = { shop: shopId, start, end };
      // Asked together: on PostgreSQL one round trip's wait for them all, not one each.
      const [channels, outboxed, unanswerable, replies, optOuts, uncertain] = await Promise.all([
        db.all(q.checkins, { shop: shopId, first: Math.floor(start / SLOT), last: Math.floor((end - 1) / SLOT) }),
        // What the outbox took was never sent: not "verstuurd", and no base for the reply rate.
        db.all(q.outboxedCheckins, params),
        // Nor what Twilio reported undelivered or failed: sent, but nobody could answer it.
        db.all(q.unanswerable, params),
        db.all(q.replyClasses, params),
        db.all(q.optOuts, params),
        uncertainKinds(shopId, 0),
      ]);
      const n = (rows: { channel: string; n: number }[], channel: string) => Number(rows.find((o) => o.channel === channel)?.n ?? 0);
      return {
        channels: channels.map((r) => {
          const sent = r.sent - n(outboxed, r.channel);
          return { ...r, sent, answerable: sent - n(unanswerable, r.channel) };
        }),
        replies,
        optOuts,
        uncertain: uncertain.reduce((n, k) => n + k.n, 0), // in doubt, looked up or not
      };
    },
    /**
     * The message log: newest first (or soonest first, for what is planned), optionally one status ('failed' also takes
     * what was sent and reported undelivered) and a search on the customer's name, phone or e-mail.
     * With `now`, in a period that runs up to now or past it: what was cancelled before its time had come (a refund, a
     * STOP, the owner's "Niets meer sturen", buying again) is listed too, first, however far ahead its time was; once
     * that time is inside the period, it is listed there as before. (When it was cancelled is not kept.) The page asks
     * so only for what was cancelled or for one customer: see routes.ts.
     */
    async messages(shopId: number, o: LogQuery & { search?: string; now?: number }): Promise<MessageLogRow[]> {
      const found = await searchLog(shopId, o.search);
      const ahead = o.now !== undefined && o.end >= o.now && o.end < Number.MAX_SAFE_INTEGER && !o.soonestFirst && (!o.status || o.status === 'cancelled');
      if (!ahead) return logPage(shopId, o, found);
      if (o.status === 'cancelled') return logPage(shopId, { ...o, end: Number.MAX_SAFE_INTEGER }, found);
      // Cancelled ahead of the period's end, then the period: their times do not overlap, so the two pages follow on.
      // What was cancelled ahead is found through messages_by_shop_few, as when it is asked for alone.
      const upTo = { ...o, limit: o.limit + (o.offset ?? 0), offset: 0 };
      const first = await logPage(shopId, { ...upTo, status: 'cancelled', start: o.end + 1, end: Number.MAX_SAFE_INTEGER }, found);
      const rest = first.length >= upTo.limit ? [] : await logPage(shopId, { ...upTo, limit: upTo.limit - first.length }, found);
      return [...first, ...rest].slice(o.offset ?? 0);
    },
    /**
     * The first few customers a search finds, and why they may have no messages: held out on purpose, opted out, no
     * consent. For a search of the log that finds no message ("why did I never get anything?").
     */
    async searchedCustomers(shopId: number, search: string): Promise<SearchedCustomer[]> {
      const { ids } = await customersMatching(shopId, search);
      return ids.length === 0 ? [] : db.all(q.searchedCustomers, { ids: idList(db, ids.slice(0, 5)) });
    },
    /**
     * Messages in doubt ('uncertain'), however old: those the dispatcher looks up in Twilio's records as of `now`
     * (lookedUp), and those the owner must settle.
     */
    uncertainMessages: async (shopId: number, now: number): Promise<UncertainRow[]> =>
      (await db.all(q.uncertainRows, { shop: shopId, since: now - LOOKED_UP_WITHIN_MS })).map((r) => ({ ...r, claimedAt: Number(r.claimedAt) })),
    /** The same of the messages `ids` (a page's, beyond the hundred uncertainMessages gives). */
    uncertainById: async (shopId: number, now: number, ids: number[]): Promise<UncertainRow[]> =>
      ids.length === 0 ? [] : (await db.all(q.uncertainById, { shop: shopId, since: now - LOOKED_UP_WITHIN_MS, ids: idList(db, ids) }))
        .map((r) => ({ ...r, claimedAt: Number(r.claimedAt) })),
    /**
     * The replies received in the period, newest first, a page (`limit`) at a time: the first, or the one after the
     * last reply of the page before (`after`). For replies.csv, which writes them page by page.
     */
    replies: (shopId: number, o: { start: number; end: number; limit: number; after?: { at: number; id: number } | undefined }): Promise<ReplyRow[]> =>
      db.all(o.after ? q.repliesAfter : q.replies, { shop: shopId, start: o.start, end: o.end, limit: o.limit, ...(o.after && { at: o.after.at, id: o.after.id }) }),
    /**
     * The return-rate cards, all three over the SAME customers, so they never contradict each other: of the customers
     * whose first purchase lies in the period, those whose first purchase is at least M days back, M being the longest
     * window (90, else 60, else 30) for which there are such customers. A longer window shows the day its figure is
     * first known instead: the day after the period's first new customer's window ends (first purchase + that many
     * days + 1), as the hold-out's "telt mee vanaf".
     */
    async sameCustomerReturns(shopId: number, p: Period, today: number): Promise<SameCustomerReturns> {
      const r = (await db.get(q.sameReturns, { shop: shopId, from: p.from, to: p.to, today })) as Record<string, number | null>;
      const customers = r.customers ?? 0;
      const matured = [...windows].reverse().find((m) => (r[`judged${m}`] ?? 0) > 0) ?? null;
      const judgedN = matured === null ? 0 : (r[`judged${matured}`] ?? 0);
      return {
        customers,
        matured,
        judged: judgedN,
        tooEarly: customers - judgedN,
        rates: windows.map((days) => {
          if (matured === null || days > matured) return { days, knownOn: (r.firstDay ?? today) + days + 1 };
          const b = r[`back${matured}_${days}`] ?? 0;
          return { days, back: b, rate: percent(b, judgedN) };
        }),
      };
    },
    /** Come-back invitations sent between start and end (ms) and who bought again within 14 days (from invitation_slots). */
    async invitations(shopId: number, start: number, end: number, now: number): Promise<InvitationEffect> {
      const params = { shop: shopId, first: Math.floor(start / SLOT), last: Math.floor(Math.min(end, now) / SLOT), judgedBefore: Math.floor((now - INVITATION_DAYS * 86_400_000) / SLOT) };
      const sentBetween = { shop: shopId, start: params.first * SLOT, end: (params.last + 1) * SLOT - 1 };
      const [r, revenue, undelivered] = await Promise.all([db.get(q.invitations, params), db.all(q.invitationRevenue, params), db.value(q.undeliveredInvitations, sentBetween)]);
      return { ...r!, revenue, undelivered: Number(undelivered ?? 0) };
    },
    /** Sales in the period stored without a phone number or e-mail address because the till's was unusable. */
    contactIssues: async (shopId: number, p: Period): Promise<{ sales: number; phone: number; email: number }> =>
      (await db.get(q.contactIssues, { shop: shopId, from: p.from, to: p.to }))!,
    /** Customers with messages due in the period (start-end in ms) whose number Twilio found cannot take a text. */
    unreachableNumbers: async (shopId: number, start: number, end: number): Promise<number> =>
      Number((await db.value(q.unreachableNumbers, { shop: shopId, start, end })) ?? 0),
    /** How many messages are in doubt, by channel and why, and whether the dispatcher looks them up as of `now`. */
    uncertainKinds,
    /** Whether the till ever sent the shop a sale. */
    anySale: async (shopId: number): Promise<boolean> => (await db.get(q.anySale, [shopId])) !== undefined,
    /** Messages due in the period (start-end in ms) that the local outbox took instead of a customer, by channel. */
    outboxed: async (shopId: number, start: number, end: number): Promise<Record<ChannelName, number>> => {
      const n = { sms: 0, email: 0 };
      for (const r of await db.all(q.outboxed, [shopId, start, end])) n[r.channel] = Number(r.n);
      return n;
    },
    /** How many replies are on the owner's call-back list. */
    openReplies: async (shopId: number): Promise<number> => Number((await db.value(q.openCount, [shopId])) ?? 0),
    /** The first `limit` replies to call back about: problems and questions first (see q.callBack). */
    callBack: (shopId: number, limit: number): Promise<ReplyRow[]> => db.all(q.callBack, [shopId, limit]),
    /**
     * Replies newest first (the call-back list, 'open': problems, then questions, then the rest, each newest first),
     * one page (`limit`) after the last one seen (`before`; its rank in the call-back list's order, 0-2).
     */
    /**
     * Where one reply of the shop stands in a list (`filter`): the cursor a page that opens with it goes on from
     * (`inbox`'s `before`, just above it). Undefined when the list does not hold it (handled, another reading) or the
     * shop has no such reply.
     */
    replyPlace: async (shopId: number, replyId: number, filter: ReplyFilter): Promise<ReplyAfter | undefined> => {
      const r = await db.get(placeOf(filter), { shop: shopId, id: replyId });
      return r && { ...(filter === 'open' && { rank: Number(r.rank) }), at: Number(r.at), id: Number(r.id) + 1 };
    },
    inbox: (shopId: number, o: { filter: ReplyFilter; limit: number; before?: ReplyAfter | undefined }): Promise<ReplyRow[]> =>
      db.all(inboxOf(`${o.filter}:${o.before ? 1 : 0}`), {
        shop: shopId, limit: o.limit, ...(o.before && { at: o.before.at, id: o.before.id, ...(o.filter === 'open' && { rank: o.before.rank ?? 0 }) }),
      }),
  };
}
export type FigureStore = ReturnType<typeof figureStore>;
