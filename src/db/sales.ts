// Recording a sale: customer upsert, sale, and its scheduled messages, in one transaction.
import {
  type ChannelName, type Delivering, EVERY_CHANNEL, type LiveMessage, type Plan, type Planned, type Reachability, type Skipped, messageKinds, planMessages,
} from '../domain/plan.js';
import { DAY, comebackTime } from '../domain/schedule.js';
import { type Sale, type SaleCustomer, tillLocale } from '../domain/sale.js';
import { dayNumber } from '../domain/calendar.js';
import { type Refund, type RefundPart, afterRefunds } from '../domain/refunds.js';
import {
  type ConsentSource, HOLDER, MADE_BY_TEXT, OPEN_COMPLAINT, SAME_PERSON, STILL_STOPPED, keepStopped, numberStopHash, recordConsent, stoppedHash, withdrawnWithContact,
  wrongHash,
} from './customers.js';
import { type Joining, type OpenPeriod, assign, joining, keepWouldBe, openPeriod, wouldBe } from './experiments.js';
import { cachedKey, fingerprint, fingerprintKey } from './fingerprint.js';
import { type Again, type PostedAgain, asPosted, postedAgain } from './posted-again.js';
import type { Shop } from './shops.js';
import { type Db, sql } from './sql.js';
import { track, trackNew } from './summary.js';

export interface SaleResponse {
  saleId: number;
  customerId: number | null;
  scheduled: { kind: Planned['kind']; channel: Planned['channel']; dueAt: string }[];
  skipped: Skipped[];
  /** Fields the till got wrong, left out or shortened: the sale was stored without them. */
  warnings?: { field: string; message: string }[];
}

export interface RefundResponse {
  saleId: number;
  /** 'completed' after a refund of part of it: still a sale, for what was kept. */
  status: 'completed' | 'refunded' | 'voided';
  /** What was refunded so far of a sale still completed, in its units. */
  refunded?: number;
  cancelled: number; // messages that will not go out any more
  /** The till's id of this refund was kept before with another amount or status: nothing was changed. */
  conflict?: { amount: number | null; status: string };
}

/** A refund or void as the till sent it; `part`: the amount refunded, where the till said (else all of it). */
export interface RefundGiven {
  status: 'refunded' | 'voided';
  part?: RefundPart;
}

export interface RecordOptions {
  /** Schedule nothing yet: the customer's contact details are still being looked up. */
  later?: boolean;
  /** Who gave the consent in the sale: the till (default), or the customer on the consent page. */
  consentSource?: ConsentSource;
  /** What was wrong in the till's body and left out; in the response to the sale (and to its repeats). */
  warnings?: { field: string; message: string }[];
  /** The contact fields the till got wrong (customer.phone, customer.email), counted on the owner's page. */
  contactIssue?: string;
  /** What was refunded of it before it came (a refund of part of it, see afterRefunds): nothing is scheduled. */
  refunded?: number | null;
  /** Look for refunds kept before it came (the sale webhook; the vendors' adapters pass what they found as `refunded`). */
  earlyRefunds?: boolean;
  /**
   * The sale as the till posted it, before a placeholder or the shop's own address was taken out of its customer: its
   * fingerprint is taken of that (see asPosted), and a sale posted again is compared with it.
   */
  posted?: Sale;
}

export interface AttachOptions {
  consentSource?: ConsentSource;
  /** The reason the customer gave, kept when the till gave none. */
  reason?: string | null;
}

/**
 * What became of a sale. `ownNumber`: its customer's phone, given with a yes to texts, is a number nextdeal texts from
 * (shops.textsFrom), kept but never texted, and the answer warns so (OWN_NUMBER); the till's sale may then have no
 * way to reach them (http/sales.ts gives it a consent link). Said again for the sale posted again, as its answer is.
 */
export type RecordResult =
  | { outcome: 'created'; response: SaleResponse; ownNumber?: boolean }
  // same id, same body (or only its time stamped again): nothing written
  | { outcome: 'repeat'; response: SaleResponse; ownNumber?: boolean }
  | { outcome: 'refunded'; response: RefundResponse } // a sale known before, now posted as refunded or voided
  | { outcome: 'posted_again'; response: PostedAgain } // the same sale with a consent withdrawn or its contact put right (see posted-again.ts)
  | Extract<Again, { outcome: 'conflict' }>; // same id, another body: nothing of it taken but a consent withdrawn

/** A sale as stored: `total` is what it came to less what was `refunded` of it. */
interface StoredSale {
  id: number;
  customerId: number | null;
  status: string;
  fingerprint: string;
  response: string;
  occurredAt: number;
  total: number | null;
  currency: string | null;
  refunded: number | null;
  /** 1: its goods were sent to the customer (Sale.shipped). */
  shipped: number;
}

interface CustomerRow {
  id: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  locale: string | null;
  posCustomerId: string | null;
  smsConsent: number;
  emailConsent: number;
  smsOptedOutAt: number | null;
  emailOptedOutAt: number | null;
  detailsAt: number;
  /** The hold-out: the period joined at the first sale and the group (1 held out), or null; and that first sale. */
  periodId: number | null;
  heldOut: number | null;
  firstSaleId: number | null;
  /** The local day of their sale from the join page, while it stands alone (migration 044): a till's sale that day takes its place. */
  joinDay: number | null;
}

const customerColumns = `id, name, phone, email, locale, pos_customer_id AS posCustomerId, sms_consent AS smsConsent,
  email_consent AS emailConsent, sms_opted_out_at AS smsOptedOutAt, email_opted_out_at AS emailOptedOutAt, details_at AS detailsAt,
  period_id AS periodId, held_out AS heldOut, first_sale_id AS firstSaleId, join_day AS joinDay`;

/**
 * The name a sale's messages greet, in SQL over the sale `s` and its customer `c`: the name given with the sale where it
 * keeps one (a customer found by phone or address may be a household: migration 027), else the customer's. The owner
 * sees a reply, an alert and a message under it, as the customer saw it.
 */
export const GREETED_NAME = 'coalesce(s.customer_name, c.name)';

/**
 * Delivering, with whether a phone is a number nextdeal texts from (shops.textsFrom, through the transaction given): a
 * customer's phone that is one is never texted, as a landline is not.
 */
export type Outgoing = Delivering & {
  readonly textsFrom?: ((phone: string, shop: Pick<Shop, 'smsFrom'>, via: Db) => Promise<boolean>) | undefined;
};

/**
 * What stopped_contacts says of a number or address: stopped by a customer erased since, or answered as wrong.
 * `sms_by_email`: an SMS stop kept under the address, `email_by_phone` an e-mail stop under the number (see erase).
 */
type Stopped = ChannelName | 'wrong' | 'wrong_email' | 'sms_by_email' | 'email_by_phone';
/**
 * The channel a kept stop stops, and the one whose contact it was kept under: a stop an erasure kept under the other
 * channel's contact (privacy.ts) holds for a new customer with that contact too, unless it was answered as not theirs.
 */
const KEPT: Partial<Record<Stopped, { channel: ChannelName; under: ChannelName }>> = {
  sms: { channel: 'sms', under: 'sms' }, email: { channel: 'email', under: 'email' },
  sms_by_email: { channel: 'sms', under: 'email' }, email_by_phone: { channel: 'email', under: 'sms' },
};
/** Per channel: the till's number or address was answered as not this customer's, and left out. */
type Wrong = Record<ChannelName, boolean>;

/** When an invitation given back by a refund goes (giveBack): its own time, or @notBefore when that is later. */
const GOES_AT = "CASE WHEN kind = 'comeback' AND due_at < @notBefore THEN @notBefore ELSE due_at END";

const q = {
  existing: sql<StoredSale>(
    `SELECT id, customer_id AS customerId, status, fingerprint, response, occurred_at AS occurredAt, total, currency, refunded, shipped
    FROM sales WHERE shop_id = ? AND till_sale_id = ?`,
  ),
  notAsked: sql("UPDATE sales SET checkin = 'none' WHERE id = ?"),
  saleById: sql<LaterSale>(
    'SELECT shop_id AS shopId, customer_id AS customerId, occurred_at AS occurredAt, local_day AS localDay, status, refunded, shipped FROM sales WHERE id = ?',
  ),
  setCustomer: sql('UPDATE sales SET customer_id = ? WHERE id = ?'),
  setReason: sql('UPDATE sales SET reason = coalesce(reason, ?) WHERE id = ?'),
  hasMessages: sql('SELECT 1 FROM messages WHERE sale_id = ? LIMIT 1'),
  setStatus: sql("UPDATE sales SET status = ? WHERE id = ? AND status = 'completed'"),
  // What a refund of part of it leaves of a sale (its total, which the owner's page sums), and what was refunded.
  setRefunded: sql("UPDATE sales SET total = ?, refunded = ? WHERE id = ? AND status = 'completed'"),
  // A refund sent again (a retry, an update of the same refund) is the row it made the first time.
  addRefund: sql(`INSERT INTO refunds (shop_id, till_sale_id, refund_id, status, amount, currency, received_at)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
  refundsOf: sql<Refund>('SELECT status, amount, currency FROM refunds WHERE shop_id = ? AND till_sale_id = ?'),
  refundById: sql<{ status: string; amount: number | null }>('SELECT status, amount FROM refunds WHERE shop_id = ? AND till_sale_id = ? AND refund_id = ?'),
  // Also one claimed and not handed over yet (see customers.ts, cancelPending).
  cancelForSale: sql(`UPDATE messages SET status = 'cancelled', error = ?, error_detail = NULL WHERE sale_id = ?
    AND (status = 'scheduled' OR (status = 'sending' AND recipient IS NULL))`),
  // A return refunded or voided in full is no return: the invitation it took the place of (bought_again) is waiting
  // again, when its time is still to come and no other purchase came after it. Only when the refunded sale is the one
  // purchase of that person after it: a later one may have given the row another person's number (a till's shared
  // record), which the old invitation must not reach. So is the check-in it took the place of (checkin_moved: the
  // earlier purchase the same day, say), when the refunded sale's own had not gone and none other waits: the customer
  // is asked about what they kept, when they would have been; not about one refunded in part, which plans no check-in
  // (planLater). One statement for both.
  // The invitation keeps its time, but goes no sooner than the refunded purchase's own would have (@notBefore: its
  // comebackTime): that was a visit to the shop all the same, and "we would like to see you again" the morning after
  // it (a purchase brought back on the day the old invitation was due) is the message nobody wants. Not so for a void
  // or a web order sent by post (@notBefore 0): no visit, and the invitation keeps its own time. Whether its time is
  // still to come is asked of the time it now goes (GOES_AT), not its old one: a return brought back the morning after
  // the old invitation's hour still gives her one, at the return's own time, not none at all. It is held, and marked
  // after a complaint, as one planned now would be (insertMessage), and planned anew for that time (planned_at).
  giveBack: sql(`UPDATE messages SET status = 'scheduled', error = NULL, error_detail = NULL,
      due_at = ${GOES_AT},
      next_attempt_at = CASE WHEN kind = 'comeback' AND next_attempt_at < @notBefore THEN @notBefore ELSE next_attempt_at END,
      held_by = CASE WHEN kind = 'comeback' THEN ${HOLDER} END,
      after_problem = CASE WHEN kind = 'comeback' THEN coalesce(${OPEN_COMPLAINT}, after_problem) END,
      planned_at = CASE WHEN kind = 'comeback' THEN ${GOES_AT} END
    WHERE status = 'cancelled' AND ${GOES_AT} > @now AND customer_id IN ${SAME_PERSON}
      AND ((kind = 'comeback' AND error = 'bought_again')
        OR (kind = 'checkin' AND error = 'checkin_moved'
          AND EXISTS (SELECT 1 FROM sales k WHERE k.id = messages.sale_id AND k.refunded IS NULL)
          AND EXISTS (SELECT 1 FROM messages r WHERE r.sale_id = @refunded AND r.kind = 'checkin' AND r.status = 'cancelled' AND r.error IN ('refunded', 'voided'))
          AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.kind = 'checkin' AND o.status IN ('scheduled', 'sending', 'uncertain') AND o.customer_id IN ${SAME_PERSON})))
      AND sale_id = (SELECT s.id FROM sales s WHERE s.customer_id IN ${SAME_PERSON} AND s.id != @refunded
        ORDER BY s.occurred_at DESC, s.id DESC LIMIT 1)
      AND EXISTS (SELECT 1 FROM sales s WHERE s.id = messages.sale_id AND s.status = 'completed' AND s.occurred_at <= (SELECT occurred_at FROM sales WHERE id = @refunded))`),
  // And a held-out customer's would-be ones: the invitation on every row of the person as it was cancelled
  // (cancelEarlierWouldBe), the check-in on theirs (a would-be check-in gives way to their own only). The invitation
  // no sooner than @notBefore, and given back when that time is still to come, as a messaged customer's.
  giveBackWouldBe: sql(`UPDATE held_out_messages SET status = 'waiting', reason = NULL, due_at = ${GOES_AT}
    WHERE status = 'cancelled' AND ${GOES_AT} > @now AND customer_id IN ${SAME_PERSON}
      AND ((kind = 'comeback' AND reason = 'bought_again')
        OR (kind = 'checkin' AND reason = 'checkin_moved' AND customer_id = @customerId
          AND EXISTS (SELECT 1 FROM sales k WHERE k.id = held_out_messages.sale_id AND k.refunded IS NULL)
          AND EXISTS (SELECT 1 FROM held_out_messages r WHERE r.sale_id = @refunded AND r.kind = 'checkin' AND r.status = 'cancelled' AND r.reason IN ('refunded', 'voided'))
          AND NOT EXISTS (SELECT 1 FROM held_out_messages o WHERE o.customer_id = @customerId AND o.kind = 'checkin' AND o.status = 'waiting' AND o.due_at > @now)))
      AND sale_id = (SELECT s.id FROM sales s WHERE s.customer_id IN ${SAME_PERSON} AND s.id != @refunded
        ORDER BY s.occurred_at DESC, s.id DESC LIMIT 1)
      AND EXISTS (SELECT 1 FROM sales s WHERE s.id = held_out_messages.sale_id AND s.status = 'completed'
        AND s.occurred_at <= (SELECT occurred_at FROM sales WHERE id = @refunded))`),
  // A customer is the same person when the till's id, the phone or the e-mail matches, in that order of trust.
  customerById: sql<CustomerRow>(`SELECT ${customerColumns} FROM customers WHERE id = ?`),
  // The same person by the till's id, else the phone, else the e-mail (newest details first): one look-up.
  customerByAny: sql<CustomerRow>(`SELECT ${customerColumns} FROM customers WHERE shop_id = @shopId
      AND (pos_customer_id = @posCustomerId OR phone = @phone OR email = @email)
    ORDER BY CASE WHEN pos_customer_id = @posCustomerId THEN 0 WHEN phone = @phone THEN 1 ELSE 2 END, details_at DESC LIMIT 1`),
  insertCustomer: sql<CustomerRow>(`INSERT INTO customers (shop_id, pos_customer_id, name, phone, email, locale, sms_consent, email_consent, details_at, created_at)
    VALUES (@shopId, @posCustomerId, @name, @phone, @email, @locale, @smsConsent, @emailConsent, @detailsAt, @now) RETURNING ${customerColumns}`),
  // A newer sale gave the row another number or address: what waits on that channel was meant for the one before (on
  // a till's "walk-in" record, another person's purchase), and goes nowhere now. The new sale plans its own.
  contactChanged: {
    sms: sql("UPDATE messages SET status = 'cancelled', error = 'contact_changed', error_detail = NULL WHERE customer_id = ? AND channel = 'sms' AND status = 'scheduled'"),
    email: sql("UPDATE messages SET status = 'cancelled', error = 'contact_changed', error_detail = NULL WHERE customer_id = ? AND channel = 'email' AND status = 'scheduled'"),
  },
  // A STOP holds for the number (an unsubscribe for the address), on any row of the shop it comes to next, and past
  // the erasure of the customer who gave it (migration 035); and a STOP to the number the shop texts from, when
  // several shops text from it, for every one of them (migration 039) but one it was taken back for (041). And a
  // number or address someone answered was not the customer's ('wrong', 'wrong_email': see wrongHash). One statement:
  // no extra round trip.
  // A stop of the SMS an erasure kept (under the number, or under the address: `sms_by_email`) holds until a START from
  // the sale's number to the number the shop texts from, as a STOP to that number does (STILL_STOPPED), and as the join
  // page's look does (customers.ts smsStopped).
  stopped: sql<{ channel: Stopped; at: number }>(`SELECT CASE WHEN contact_hash = @sms THEN 'sms' WHEN contact_hash = @wrong THEN 'wrong'
      WHEN contact_hash = @wrongEmail THEN 'wrong_email' WHEN contact_hash = @smsByEmail THEN 'sms_by_email'
      WHEN contact_hash = @emailByPhone THEN 'email_by_phone' ELSE 'email' END AS channel, stopped_at AS at
    FROM stopped_contacts k WHERE shop_id = @shopId AND contact_hash IN (@sms, @email, @wrong, @wrongEmail, @smsByEmail, @emailByPhone)
      AND NOT (contact_hash IN (@sms, @smsByEmail) AND EXISTS (SELECT 1 FROM started_numbers r
        WHERE r.pair_hash = @number AND r.shop_id IN (0, @shopId) AND r.started_at > k.stopped_at))
    UNION ALL SELECT 'sms', stopped_at FROM stopped_numbers n WHERE pair_hash = @number AND ${STILL_STOPPED('@shopId')}`),
  // A number or address someone answered was not the customer's (customers.wrongNumber, wrongAddress): it goes back
  // to what the row had.
  setContact: { sms: sql('UPDATE customers SET phone = ? WHERE id = ?'), email: sql('UPDATE customers SET email = ? WHERE id = ?') },
  optedOutElsewhere: {
    sms: sql<number>('SELECT min(sms_opted_out_at) FROM customers WHERE shop_id = ? AND phone = ? AND sms_opted_out_at IS NOT NULL'),
    email: sql<number>('SELECT min(email_opted_out_at) FROM customers WHERE shop_id = ? AND email = ? AND email_opted_out_at IS NOT NULL'),
  },
  inheritOptOut: {
    sms: sql('UPDATE customers SET sms_opted_out_at = ? WHERE id = ? AND sms_opted_out_at IS NULL'),
    email: sql('UPDATE customers SET email_opted_out_at = ? WHERE id = ? AND email_opted_out_at IS NULL'),
  },
  // A row a text made (MADE_BY_TEXT) with the phone a sale gives another row of the shop (takeIn), and its e-mail stop.
  madeByText: sql<{ id: number; emailOptedOutAt: number | null; smsConsent: number }>(`SELECT c.id,
      c.email_opted_out_at AS emailOptedOutAt, c.sms_consent AS smsConsent
    FROM customers c WHERE c.shop_id = ? AND c.phone = ? AND c.id <> ? AND ${MADE_BY_TEXT('c')}`),
  // Its replies (their alerts with them) and consent events become the customer's, and it goes. (It has no sale, and
  // so no message or would-be message: nothing else names it.)
  takeIn: [
    sql('UPDATE replies SET customer_id = @to WHERE customer_id = @from'),
    sql('UPDATE consent_events SET customer_id = @to WHERE customer_id = @from'),
    sql('DELETE FROM customers WHERE id = @from'),
  ],
  // (frv46a) Her open words taken in hold the invitation that waits for her already, as they would had she sent them as
  // hers (replies.ts hold): a late-posted older sale plans none of its own, and her earlier sale's went out beside them.
  holdTaken: sql(`UPDATE messages SET held_by = ${HOLDER}
    WHERE customer_id IN ${SAME_PERSON} AND kind = 'comeback' AND status = 'scheduled' AND held_by IS NULL AND ${HOLDER} IS NOT NULL`),
  // Only when something differs: a regular customer's details mostly stay as they were.
  updateCustomer: sql(`UPDATE customers SET pos_customer_id = @posCustomerId, name = @name, phone = @phone, email = @email,
    locale = @locale, sms_consent = @smsConsent, email_consent = @emailConsent, details_at = @detailsAt WHERE id = @id
    AND (pos_customer_id IS DISTINCT FROM @posCustomerId OR name IS DISTINCT FROM @name OR phone IS DISTINCT FROM @phone
      OR email IS DISTINCT FROM @email OR locale IS DISTINCT FROM @locale OR sms_consent <> @smsConsent
      OR email_consent <> @emailConsent OR details_at <> @detailsAt)`),
  // With its answer, less the sale's own id (see recordIn).
  insertSale: sql(`INSERT INTO sales (shop_id, till_sale_id, customer_id, occurred_at, local_day, reason, items, total, currency, staff, status,
      checkin, fingerprint, response, received_at, contact_issue, customer_name, refunded, shipped)
    VALUES (@shopId, @tillSaleId, @customerId, @occurredAt, @localDay, @reason, @items, @total, @currency, @staff, @status, @checkin, @fingerprint,
      @response, @now, @contactIssue, @customerName, @refunded, @shipped)
    RETURNING id`),
  boughtSince: sql('SELECT 1 FROM sales WHERE customer_id = ? AND occurred_at > ? AND id != ? LIMIT 1'),
  // A new purchase makes the invitations of earlier sales pointless, on every row of the same person: that sale
  // schedules its own.
  cancelEarlierComebacks: sql(`UPDATE messages SET status = 'cancelled', error = 'bought_again', error_detail = NULL
    WHERE customer_id IN ${SAME_PERSON} AND kind = 'comeback' AND status = 'scheduled' AND sale_id != @self
      AND EXISTS (SELECT 1 FROM sales s WHERE s.id = messages.sale_id AND s.occurred_at <= @soldAt)`),
  // The same for a held-out customer's would-be invitations (see experiments.ts, wouldBe), on every row of the person
  // too: per row, a held-out person known under two rows kept one that a messaged one's return cancels.
  cancelEarlierWouldBe: sql(`UPDATE held_out_messages SET status = 'cancelled', reason = 'bought_again'
    WHERE customer_id IN ${SAME_PERSON} AND kind = 'comeback' AND status = 'waiting' AND due_at > @now AND sale_id != @self
      AND EXISTS (SELECT 1 FROM sales s WHERE s.id = held_out_messages.sale_id AND s.occurred_at <= @soldAt)`),
  // The customer's messages, and those of every other row of the shop with their phone number or e-mail address (the
  // till may know one person, or one household's phone, as two customers): the check-ins' gap is kept on that phone.
  // A check-in not claimed yet may give way to a newer purchase's (planMessages).
  liveMessages: sql<LiveMessage>(`SELECT id, kind, coalesce(sent_at, next_attempt_at) AS at,
      CASE WHEN kind = 'checkin' AND status = 'scheduled' THEN 1 ELSE 0 END AS movable,
      (SELECT s.occurred_at FROM sales s WHERE s.id = messages.sale_id) AS soldAt FROM messages
    WHERE customer_id IN (SELECT CAST(@customerId AS BIGINT) UNION SELECT id FROM customers WHERE phone = @phone AND shop_id = @shopId
        UNION SELECT id FROM customers WHERE email = @email AND shop_id = @shopId)
      AND status IN ('scheduled', 'sending', 'sent', 'uncertain') AND coalesce(sent_at, next_attempt_at) >= @from`),
  // An earlier purchase's check-in that a newer one's replaces, if no dispatcher has taken it meanwhile.
  checkinMoved: sql("UPDATE messages SET status = 'cancelled', error = 'checkin_moved', error_detail = NULL WHERE id = ? AND status = 'scheduled'"),
  // An invitation for a customer whose reply (on any row of theirs) still waits for the owner is held by that reply from
  // the start (HOLDER: her complaint first), and marked when a complaint of hers holds it (migration 079). Its planned
  // time is kept (planned_at): the 14 days a complaint has to be handled in count from it. (insertTwo, a new
  // customer's, keeps none: the first complaint to hold it keeps its time then, before any handling moved it.)
  insertMessage: sql(`INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, due_at, next_attempt_at, created_at, held_by, after_problem, planned_at)
    VALUES (@shopId, @customerId, @saleId, @kind, @channel, @key, @dueAt, @dueAt, @now, CASE WHEN @kind = 'comeback' THEN ${HOLDER} END,
      CASE WHEN @kind = 'comeback' THEN ${OPEN_COMPLAINT} END, CASE WHEN @kind = 'comeback' THEN CAST(@dueAt AS BIGINT) END)`),
  // The customer's sale from the join page that day, while it stands alone (see takeJoin), and what it has planned.
  joinSale: sql<number>(`SELECT id FROM sales WHERE customer_id = ? AND local_day = ? AND status = 'completed' AND till_sale_id LIKE 'join:%'
    ORDER BY id DESC LIMIT 1`),
  plannedFor: sql<Planned>("SELECT kind, channel, due_at AS dueAt FROM messages WHERE sale_id = ? AND status = 'scheduled' ORDER BY id"),
  joinTaken: sql('UPDATE customers SET join_day = NULL WHERE id = ?'),
  // The sale becomes the till's: what was bought (unless the till said nothing), when, the total; the customer's "why"
  // stays where the till gave none.
  takeJoin: sql(`UPDATE sales SET till_sale_id = @tillSaleId, occurred_at = @occurredAt, reason = coalesce(@reason, reason),
      items = CASE WHEN CAST(@items AS TEXT) = '[]' THEN items ELSE @items END, total = @total, currency = @currency, staff = @staff,
      fingerprint = @fingerprint, response = @response, received_at = @now, contact_issue = @contactIssue, customer_name = @customerName
    WHERE id = @id`),
  // A sale given its customer later on the day of their join's sale gives that sale no place beside it (see
  // joinGivesWay): it takes the join's "why" and what was bought where it has none, whether its check-in went, and
  // its messages, would-be messages and the replies to them; then the join's sale leaves the customer (so that what
  // follows their invitations is counted without it, by the triggers) and goes. (On SQLite the delete's foreign key
  // checks read the few tables with no index on a sale: a join page and a later-attached till's sale the same day is rare.)
  giveWay: {
    sale: sql(`UPDATE sales SET reason = coalesce(reason, (SELECT j.reason FROM sales j WHERE j.id = @join)),
        items = CASE WHEN items = '[]' THEN (SELECT j.items FROM sales j WHERE j.id = @join) ELSE items END,
        checkin = (SELECT j.checkin FROM sales j WHERE j.id = @join)
      WHERE id = @self`),
    messages: sql("UPDATE messages SET sale_id = @self, key = 'sale:' || CAST(CAST(@self AS BIGINT) AS TEXT) || ':' || kind WHERE sale_id = @join"),
    wouldBe: sql('UPDATE held_out_messages SET sale_id = @self WHERE sale_id = @join'),
    replies: sql('UPDATE replies SET sale_id = @self WHERE customer_id = @customerId AND sale_id = @join'),
    firstSale: sql('UPDATE customers SET first_sale_id = @self WHERE id = @customerId AND first_sale_id = @join'),
    leave: sql('UPDATE sales SET customer_id = NULL WHERE id = @join'),
    drop: sql('DELETE FROM sales WHERE id = @join'),
  },
  // A new customer's check-in and invitation in one statement (nothing of theirs can hold it yet).
  insertTwo: sql(`INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, due_at, next_attempt_at, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
};

/** Whether the till gave anything to know the customer by: their id at the till, a phone number or an e-mail address. */
const knowable = (c: SaleCustomer): boolean => Boolean(c.posCustomerId || c.phone || c.email);

/** The customer a till names, as a sale finds them (by the till's id, else the phone, else the e-mail); undefined when none. */
export const findCustomer = (db: Db, shopId: number, c: SaleCustomer): Promise<CustomerRow | undefined> =>
  knowable(c) ? db.get(q.customerByAny, { shopId, posCustomerId: c.posCustomerId, phone: c.phone, email: c.email }) : Promise.resolve(undefined);

/**
 * Creates or updates the customer. Details and consent from the newest sale win; an older sale only fills gaps.
 * `found`: what findCustomer() gave for them. `fresh`: created by this sale, so nothing of theirs exists yet (no sale,
 * message or reply).
 */
async function upsertCustomer(
  db: Db, key: string, shop: Shop, c: SaleCustomer, found: CustomerRow | undefined, occurredAt: number, now: number, source: ConsentSource = 'till',
): Promise<{ row: CustomerRow; fresh: boolean; wrong: Wrong }> {
  const locale = c.locale ? tillLocale(c.locale, shop.locale) : null;
  if (!found) {
    const values = {
      shopId: shop.id, posCustomerId: c.posCustomerId, name: c.name, phone: c.phone, email: c.email, locale,
      smsConsent: c.consent.sms ? 1 : 0, emailConsent: c.consent.email ? 1 : 0, detailsAt: occurredAt, now,
    };
    // Asked together: on PostgreSQL one round trip.
    const [row, stopped] = await Promise.all([db.get(q.insertCustomer, values), stoppedOf(db, key, shop, c.phone, c.email)]);
    recordConsent(db, shop.id, row!.id, null, c.consent, occurredAt, source);
    const wrong = { sms: stopped.some(([channel]) => channel === 'wrong'), email: stopped.some(([channel]) => channel === 'wrong_email') };
    if (wrong.sms) db.send(q.setContact.sms, [(row!.phone = null), row!.id]);
    if (wrong.email) db.send(q.setContact.email, [(row!.email = null), row!.id]);
    for (const [kept, at] of stopped) {
      const k = KEPT[kept];
      if (k && !wrong[k.under]) inheritOptOut(db, row!, k.channel, at);
    }
    // No "no" for other rows (saidNo): none of the shop has this number or address, or the sale would have found it.
    return { row: row!, fresh: true, wrong };
  }
  const newer = occurredAt >= found.detailsAt;
  const pick = <T>(given: T | null, had: T | null): T | null => (newer ? (given ?? had) : (had ?? given));
  const row: CustomerRow = {
    ...found,
    posCustomerId: pick(c.posCustomerId, found.posCustomerId),
    name: pick(c.name, found.name),
    phone: pick(c.phone, found.phone),
    email: pick(c.email, found.email),
    locale: pick(locale, found.locale),
    detailsAt: Math.max(occurredAt, found.detailsAt),
  };
  const wrong = { sms: false, email: false };
  // Her START from the phone a row a text made has, taken in (takeIn): a yes that came with the number.
  let started = false;
  // The row's contact first (a number someone answered was not theirs stays off it), then its consent, then one update.
  for (const [channel, had, has] of [['sms', found.phone, row.phone], ['email', found.email, row.email]] as const) {
    if (has === had || has === null) continue;
    const [elsewhere, erased] = await Promise.all([
      db.value(q.optedOutElsewhere[channel], [shop.id, has]),
      stoppedOf(db, key, shop, channel === 'sms' ? has : null, channel === 'email' ? has : null),
    ]);
    // A number or address someone answered was not theirs: not believed, the row keeps what it had (and nothing is
    // stopped by it).
    if (erased.some(([c]) => c === (channel === 'sms' ? 'wrong' : 'wrong_email'))) {
      wrong[channel] = true;
      if (channel === 'sms') row.phone = had;
      else row.email = had;
      continue;
    }
    if (had !== null) {
      db.send(q.contactChanged[channel], [found.id]);
      // The row's opt-out stays with it (the new number may be the same person's), and the old number keeps it too.
      const stoppedAt = found[channel === 'sms' ? 'smsOptedOutAt' : 'emailOptedOutAt'];
      if (stoppedAt !== null) keepStopped(db, key, shop.id, channel, had, stoppedAt);
    }
    // (Only a stop of this channel: one of the other kept under the new contact was another row's, erased.)
    for (const at of [elsewhere, erased.find(([c]) => c === channel)?.[1]]) if (at != null) inheritOptOut(db, row, channel, Number(at));
    if (channel === 'sms') started = await takeIn(db, shop.id, row, has, erased.find(([c]) => c === 'email_by_phone')?.[1]);
  }
  // Consent goes with the number (address) it was given with: one a sale puts on the row (also where there was none)
  // has consent only if that sale gives it (and, from a sale older than the row's details, the newer "no" stands).
  // Otherwise the newest sale's consent wins, and a consent it does not mention stays as it was. A yes given with a
  // number (address) kept off the row as not the customer's (`wrong`) is for that one: the row's own stays as it was;
  // a no from the newest sale is the customer's all the same.
  // Her START from the number the sale puts on the row (a row a text made, taken in) is that number's yes, as it is
  // when the sale finds that row itself: kept where the sale says nothing of the SMS; its "no" ends it, as ever.
  const moved = { sms: row.phone !== found.phone && !started, email: row.email !== found.email };
  if (started) row.smsConsent = 1;
  const before = { sms: row.smsConsent, email: found.emailConsent };
  const given = (ch: ChannelName) =>
    wrong[ch] ? (newer && c.consent[ch] === false ? false : undefined)
      : moved[ch] ? c.consent[ch] === true && (newer || before[ch] === 1)
      : newer || (ch === 'sms' && started) ? c.consent[ch] : undefined;
  const consent = { sms: given('sms'), email: given('email') };
  recordConsent(db, shop.id, found.id, before, consent, occurredAt, source);
  if (consent.sms !== undefined) row.smsConsent = Number(consent.sms);
  if (consent.email !== undefined) row.emailConsent = Number(consent.email);
  db.send(q.updateCustomer, { ...row });
  await saidNo(db, shop.id, row.id, c, wrong, { at: occurredAt, now }, source);
  return { row, fresh: false, wrong };
}

/**
 * A row for a phone that wrote to the shop's own number and that no customer of the shop has (replies.ts,
 * fromStranger): the phone alone, with no consent (writing to the shop is none), made `now`, with no sale, period or
 * hold-out (drawn at a first sale, as any). Its details are of no time (0): a text gives none a sale must yield to,
 * so the till's first sale with the phone, also one made before the text and posted after it (a till that sends its
 * sales late), gives it the name and consent it took at the counter, as it would a new row. It takes what a sale's new row takes from before it: a STOP or
 * an unsubscribe kept past an erasure, or a STOP to the number the shop texts from. A number answered as wrong
 * ("verkeerd nummer") stays on it, for it is hers who wrote from it, but stopped: a till's sale that names it later
 * finds her row by it (its phone does not change, so the sale looks for no such stop), and its consent would text her
 * about someone else's purchase. Its id.
 */
export async function customerFromText(db: Db, shop: Shop, phone: string, now: number): Promise<number> {
  const values = { shopId: shop.id, posCustomerId: null, name: null, phone, email: null, locale: null, smsConsent: 0, emailConsent: 0, detailsAt: 0, now };
  const row = (await db.get(q.insertCustomer, values))!;
  for (const [kept, at] of await stoppedOf(db, await fingerprintKey(db), shop, phone, null)) {
    const channel = kept === 'wrong' ? 'sms' : KEPT[kept]?.channel;
    if (channel) inheritOptOut(db, row, channel, at);
  }
  return row.id;
}

/**
 * The sale gives the customer `row` a phone that a row a text made has (MADE_BY_TEXT: her words to the shop's own
 * number from it, before the till had it as hers): that row is taken in, and she is one customer. Before, it stayed
 * beside hers, and the owner read her complaint as words "from a number with no purchase", which may be spam, though
 * the number was now a customer's. What she would expect: her complaint stays open on the call-back list, now under her
 * name, and holds her invitation as any of hers (HOLDER: the sale's own is planned after this); it names no purchase,
 * as her own text that answers no message names none. Her STOP from the phone stays a STOP of the SMS to her (the
 * row's opt-out, taken above as another row's with the number: optedOutElsewhere), and her "geen berichten meer" one
 * of the e-mail too: it was hers, said of every message. Her START from it is the number's yes (true: see the
 * consent below), as when the sale finds that row itself. Only on the path where a row's phone changes: a sale that
 * would make a row for the phone finds that row instead (customerByAny), and a new customer's sale runs nothing more.
 * (A row a text made has no e-mail address: a sale that gives one takes in nothing.)
 */
async function takeIn(db: Db, shopId: number, row: CustomerRow, phone: string, keptEmailStop?: number): Promise<boolean> {
  let started = false;
  for (const taken of await db.all(q.madeByText, [shopId, phone, row.id])) {
    // (frv46a) Not an e-mail stop the row took at its making from an erased row's kept under the number (customerFromText):
    // another row's, as the phone's change above takes none of the other channel.
    const own = taken.emailOptedOutAt !== null && Number(taken.emailOptedOutAt) !== keptEmailStop;
    if (own) inheritOptOut(db, row, 'email', Number(taken.emailOptedOutAt));
    started ||= Number(taken.smsConsent) === 1;
    for (const step of q.takeIn) await db.run(step, { from: taken.id, to: row.id });
    await db.run(q.holdTaken, { customerId: row.id });
  }
  return started;
}

/**
 * A "no" the till gives on a channel is the no of whoever holds the number (address) it gives: withdrawn on the shop's
 * other rows with it too, where it holds (withdrawnWithContact). Not for a number (address) answered as not the
 * customer's (`wrong`: nobody's no), nor a consent the sale does not mention, nor a "no" given elsewhere than at the till.
 */
async function saidNo(
  db: Db, shopId: number, self: number, c: SaleCustomer, wrong: Wrong, when: { at: number; now: number }, source: ConsentSource,
): Promise<void> {
  if (source === 'till') await withdrawnWithContact(db, shopId, self, c, when.at, when.now, (ch) => !wrong[ch]);
}

/**
 * The channels on which the number or address was stopped by a customer erased since, or the number by a STOP to the
 * number the shop texts from (its sms_from, '' for the shared TWILIO_FROM), and when.
 */
async function stoppedOf(db: Db, key: string, shop: Shop, phone: string | null, email: string | null): Promise<[Stopped, number][]> {
  if (phone === null && email === null) return [];
  const hashes = {
    sms: phone && stoppedHash(key, 'sms', phone), email: email && stoppedHash(key, 'email', email), number: phone && numberStopHash(key, shop.smsFrom ?? '', phone),
    wrong: phone && wrongHash(key, 'sms', phone), wrongEmail: email && wrongHash(key, 'email', email),
    smsByEmail: email && stoppedHash(key, 'sms', email), emailByPhone: phone && stoppedHash(key, 'email', phone),
  };
  return (await db.all(q.stopped, { shopId: shop.id, ...hashes })).map((f) => [f.channel, Number(f.at)]);
}

/** The row opts out on that channel as of `at`, unless it already has. */
function inheritOptOut(db: Db, row: CustomerRow, channel: ChannelName, at: number): void {
  const column = channel === 'sms' ? 'smsOptedOutAt' : 'emailOptedOutAt';
  if (row[column] !== null) return;
  row[column] = at;
  db.send(q.inheritOptOut[channel], [at, row.id]);
}

/** `ownNumber`: the customer's phone is a number nextdeal texts from (shops.textsFrom): kept, never texted. */
const reachability = (c: CustomerRow, ownNumber: boolean): Reachability => ({
  phone: ownNumber ? null : c.phone,
  email: c.email,
  smsConsent: c.smsConsent === 1,
  emailConsent: c.emailConsent === 1,
  smsOptedOut: c.smsOptedOutAt !== null,
  emailOptedOut: c.emailOptedOutAt !== null,
});

/**
 * Plans the messages of a sale stored before its customer was known (or reachable), for `customer`: what `decide`
 * and `schedule` do for a new sale. Null when the sale is not completed or has its messages already: nothing twice.
 */
async function planLater(
  tx: Db, shop: Shop, saleId: number, sale: { status: string; occurredAt: number; refunded: number | null; shipped: number }, customer: CustomerRow,
  now: number, delivering: Outgoing,
): Promise<Pick<Plan, 'scheduled' | 'skipped'> | null> {
  if (sale.status !== 'completed' || sale.refunded !== null || (await tx.value(q.hasMessages, [saleId])) !== undefined) return null;
  const decision = await decide(tx, shop, saleId, customer, { at: sale.occurredAt, shipped: sale.shipped === 1 }, now, delivering);
  await schedule(tx, shop, saleId, customer, decision, now);
  if (notAsked(decision)) await tx.run(q.notAsked, [saleId]);
  return outcome(decision);
}

/** A stored sale as attach() and planWithOwnCustomer() read it. */
interface LaterSale {
  shopId: number;
  customerId: number | null;
  occurredAt: number;
  localDay: number;
  status: string;
  refunded: number | null;
  /** 1: its goods were sent to the customer (Sale.shipped). */
  shipped: number;
}

/**
 * What the join's sale `id` (or the till's sale that took its place) still has planned, as the answer to the till's
 * sale says it: what went already, or gave way to a later purchase, is not planned again; a held-out customer gets
 * nothing, each for that reason.
 */
async function stillPlanned(tx: Db, id: number, customer: CustomerRow): Promise<Pick<Plan, 'scheduled' | 'skipped'>> {
  if (customer.heldOut === 1) return { scheduled: [], skipped: messageKinds.map((kind): Skipped => ({ kind, reason: 'held_out' })) };
  const planned = (await tx.all(q.plannedFor, [id])).map((m) => ({ ...m, dueAt: Number(m.dueAt) }));
  const gone = { checkin: 'checkin_today', comeback: 'bought_again' } as const;
  return { scheduled: planned, skipped: messageKinds.filter((k) => !planned.some((m) => m.kind === k)).map((kind) => ({ kind, reason: gone[kind] })) };
}

/**
 * A till's sale given its customer after it was stored (the consent link, the till's look-up, or the payment's own
 * contact once the look-up found none), on the local day of their sale from the join page while that stands alone:
 * one visit, as takeJoin makes it when the till's sale comes with its customer. Here the till's sale is stored
 * already (the consent link and the look-up name it), so it stays and the join's sale gives way to it: its check-in
 * and invitation (a held-out customer's would-be ones) move to the till's sale, unchanged, with the customer's "why"
 * and what they said they bought where the till said nothing. Undefined when there is no such join's sale, or the
 * till's sale plans nothing (refunded, in part too) or has its messages already: it is then planned as before.
 */
async function joinGivesWay(tx: Db, customer: CustomerRow, saleId: number, sale: LaterSale): Promise<Pick<Plan, 'scheduled' | 'skipped'> | undefined> {
  // A shipped sale is no visit to the shop: the join's messages (a check-in the next morning) are not for its parcel.
  if (customer.joinDay !== sale.localDay || sale.status !== 'completed' || sale.refunded !== null || sale.shipped === 1) return undefined;
  const join = await tx.value<number>(q.joinSale, [customer.id, sale.localDay]);
  if (join === undefined || join === saleId || (await tx.value(q.hasMessages, [saleId])) !== undefined) return undefined;
  tx.send(q.joinTaken, [customer.id]);
  const given = { self: saleId, join, customerId: customer.id };
  for (const step of [q.giveWay.sale, q.giveWay.messages, q.giveWay.wouldBe, q.giveWay.replies, q.giveWay.firstSale, q.giveWay.leave, q.giveWay.drop]) {
    await tx.run(step, given);
  }
  return stillPlanned(tx, saleId, customer);
}

/** Keeps a refund or void of a sale (also of one not received yet); false when it was kept before. */
export const keepRefund = async (db: Db, shopId: number, tillSaleId: string, r: RefundGiven, now: number): Promise<boolean> =>
  (await db.run(q.addRefund, [shopId, tillSaleId, r.part?.id ?? '', r.status, r.part?.amount ?? null, r.part?.currency ?? null, now])) === 1;

/** The refunds and voids kept of a sale, by the till's id. */
export const refundsOf = (db: Db, shopId: number, tillSaleId: string): Promise<Refund[]> => db.all(q.refundsOf, [shopId, tillSaleId]);

/** What is left of `total` once `refunded` of it is refunded, in hundredths as the till counts. */
const less = (total: number, refunded: number): number => Math.round((total - refunded) * 100) / 100;

/**
 * Keeps a refund or void of a stored sale and does what they make of it (see afterRefunds): refunded or voided, or
 * after a refund of part of it still a sale, for what was kept. Either way it cancels what the sale still had waiting,
 * since its messages name what was bought. A refund sent again changes nothing; so does any after the first refund
 * of all of it, or void.
 */
async function refundIn(db: Db, shop: Shop, tillSaleId: string, sale: StoredSale, given: RefundGiven, now: number): Promise<RefundResponse> {
  const kept = await keepRefund(db, shop.id, tillSaleId, given, now);
  if (!kept || sale.status !== 'completed') {
    const refunded = sale.status === 'completed' && sale.refunded !== null ? { refunded: sale.refunded } : {};
    const before = kept || !given.part ? undefined : await db.get(q.refundById, [shop.id, tillSaleId, given.part.id]);
    const conflict = before && (before.status !== given.status || Number(before.amount) !== given.part!.amount) ? { conflict: before } : {};
    return { saleId: sale.id, status: sale.status as RefundResponse['status'], ...refunded, cancelled: 0, ...conflict };
  }
  const total = sale.total === null ? null : sale.total + (sale.refunded ?? 0); // as the till sent it
  const after = afterRefunds(total, sale.currency, await refundsOf(db, shop.id, tillSaleId));
  const reason = after.status === 'completed' ? 'refunded' : after.status;
  // Only a sale that no longer counts changes its customer's summaries; one still completed keeps its day.
  const summarise = sale.customerId === null || after.status === 'completed' ? null : await track(db, sale.customerId);
  if (after.status === 'completed') await db.run(q.setRefunded, [less(total!, after.refunded!), after.refunded, sale.id]);
  else await db.run(q.setStatus, [after.status, sale.id]);
  const cancelled = await db.run(q.cancelForSale, [reason, sale.id]);
  await db.run(wouldBe.cancelForSale, [reason, sale.id, now]);
  if (after.status !== 'completed' && sale.customerId !== null) {
    // A purchase brought back to the shop was a visit all the same (see giveBack); a void (a sale rung up by mistake,
    // voided and posted again corrected) or a web order sent by post was none: the invitation keeps its own time.
    const visit = after.status === 'refunded' && sale.shipped !== 1;
    const given = { customerId: sale.customerId, refunded: sale.id, now, notBefore: visit ? comebackTime(sale.occurredAt, shop) : 0 };
    db.send(q.giveBack, given);
    db.send(q.giveBackWouldBe, given);
  }
  await summarise?.();
  return after.status === 'completed'
    ? { saleId: sale.id, status: 'completed', refunded: after.refunded!, cancelled }
    : { saleId: sale.id, status: after.status, cancelled };
}

/** What a completed sale schedules for its customer; `heldOut`: what they would have had, kept instead. */
interface Decision {
  planned: Plan;
  /** The check-ins it replaces are would-be ones (the customer was held out already), not messages. */
  replacesWouldBe: boolean;
  heldOut: boolean;
  /** A new customer's place in the experiment, for trackNew() to write with their first day. */
  joins: Joining | null;
  /** The customer's phone is a number nextdeal texts from (shops.textsFrom): no text was planned to it. */
  ownNumber: boolean;
}

/** What a sale's answer warns of a customer's phone that is a number nextdeal texts from (shops.textsFrom). */
const OWN_NUMBER = 'a number nextdeal texts from (this or another shop\'s), not the customer\'s: kept, but no text goes to it; put their mobile number in the till';

/**
 * Decides the check-in and invitation of a completed sale for its customer, before they are written: their earlier
 * invitations are cancelled, and a customer joins the hold-out here, before anything is scheduled. `saleId`: the sale
 * when it is already stored (a customer attached to it later), null for one not written yet (nothing of it to leave
 * out). `fresh`: the customer was created by this sale, so there is nothing of theirs to cancel, count or wait for;
 * their joining is returned, not written. `period`: the shop's open period when looked up already (see joining).
 */
async function decide(
  db: Db, shop: Shop, saleId: number | null, customer: CustomerRow | null, sold: { at: number; shipped: boolean }, now: number, delivering: Outgoing,
  fresh = false, period?: OpenPeriod | null,
): Promise<Decision> {
  const { at: soldAt, shipped } = sold;
  const self = saleId ?? 0; // ids start at 1
  // Asked now, awaited below: handled at once, so that its failure, should a query awaited before it fail first (the
  // connection lost), is no unhandled rejection, which ends the process (their review: every shop down over one sale).
  const ours = (customer?.phone && delivering.textsFrom?.(customer.phone, shop, db)) || Promise.resolve(false);
  ours.catch(() => undefined);
  if (customer && !fresh) {
    db.send(q.cancelEarlierComebacks, { customerId: customer.id, soldAt, self });
    db.send(q.cancelEarlierWouldBe, { customerId: customer.id, now, soldAt, self });
  }
  // Both asked together: on PostgreSQL one round trip. The messages from as far back as a check-in keeps the next away.
  const from = soldAt - shop.checkinGapDays * DAY;
  const [bought, live] = customer && !fresh
    ? await Promise.all([
      db.value(q.boughtSince, [customer.id, soldAt, self]),
      customer.heldOut === 1
        ? db.all(wouldBe.live, [now, customer.id, from])
        : db.all(q.liveMessages, { customerId: customer.id, phone: customer.phone, email: customer.email, shopId: shop.id, from }),
    ])
    : [undefined, []];
  const own = await ours;
  const planned = planMessages({ soldAt, shipped, now, rules: shop, reach: customer && reachability(customer, own), boughtSince: bought !== undefined, live, delivering });
  const facts = { soldAt, now, planned: planned.scheduled, delivering };
  const joins = customer && fresh ? await joining(db, shop, customer, facts, period) : null;
  const heldOut = customer !== null && (fresh ? joins?.heldOut === 1 : await assign(db, shop, customer, facts));
  return { planned, replacesWouldBe: customer?.heldOut === 1, heldOut, joins, ownNumber: own };
}

/** Writes what was decided for the sale `saleId`: its messages, or for a held-out customer what would have been sent. */
async function schedule(db: Db, shop: Shop, saleId: number, customer: CustomerRow | null, d: Decision, now: number, fresh = false): Promise<void> {
  if (!customer) return;
  const { scheduled, replaces } = d.planned;
  for (const id of replaces) db.send(d.replacesWouldBe ? wouldBe.checkinMoved : q.checkinMoved, [id]);
  if (d.heldOut) return keepWouldBe(db, { shopId: shop.id, customerId: customer.id, saleId, planned: scheduled, now });
  const row = (m: Planned) => [shop.id, customer.id, saleId, m.kind, m.channel, `sale:${saleId}:${m.kind}`, m.dueAt, m.dueAt, now];
  if (fresh && scheduled.length === 2) return db.send(q.insertTwo, [...row(scheduled[0]!), ...row(scheduled[1]!)]);
  for (const m of scheduled) {
    const key = `sale:${saleId}:${m.kind}`;
    db.send(q.insertMessage, { shopId: shop.id, customerId: customer.id, saleId, kind: m.kind, channel: m.channel, key, dueAt: m.dueAt, now });
  }
}

/** What the answer says was and was not scheduled: for a held-out customer, nothing, each for that reason. */
const outcome = (d: Decision): Pick<Plan, 'scheduled' | 'skipped'> =>
  d.heldOut
    ? { scheduled: [], skipped: [...d.planned.skipped, ...d.planned.scheduled.map((m): Skipped => ({ kind: m.kind, reason: 'held_out' }))] }
    : { scheduled: d.planned.scheduled, skipped: d.planned.skipped };

/** For the owner's "did asking help?": the sale's check-in could not be asked (kept on the sale as checkin 'none'). */
const notAsked = (d: Decision) => !d.heldOut && d.planned.skipped.some((m) => m.kind === 'checkin' && (m.reason === 'no_consent' || m.reason === 'no_contact'));

/** The answer to a sale, less its id (the sale row's own): as kept for a repeat of the sale. */
type Answer = Omit<SaleResponse, 'saleId'>;
const answerOf = (customerId: number | null, p: { scheduled: Planned[]; skipped: Skipped[] }): Answer => ({
  customerId,
  scheduled: p.scheduled.map((m) => ({ kind: m.kind, channel: m.channel, dueAt: new Date(m.dueAt).toISOString() })),
  skipped: p.skipped,
});

/**
 * Records a sale exactly once per (shop, till sale id), in the transaction `tx` holding the shop's lock. What it
 * schedules is decided first, so that the sale is written once with its answer (kept for a repeat) and whether its
 * check-in could be asked, then its messages.
 */
async function recordIn(
  tx: Db, key: string, shop: Shop, sale: Sale, now: number, options: RecordOptions, delivering: Outgoing,
): Promise<RecordResult> {
  const marked = asPosted(options.posted, sale);
  const print = fingerprint(key, marked);
  // The sale and its customer looked up together: on PostgreSQL one round trip for both (the customer's is wasted
  // on a repeat of the sale, which is rare).
  // A customer with nothing to know them by (no till id, phone or e-mail: a walk-in sent as an empty customer, or a
  // regular whose number the till had wrong) is no customer: a row of their own would be a new customer at every
  // sale, none of them ever coming back. The sale is kept without one, and can be given one (the consent link).
  const who = sale.customer && knowable(sale.customer) ? sale.customer : null;
  const [existing, found, early] = await Promise.all([
    tx.get(q.existing, [shop.id, sale.tillSaleId]),
    who ? findCustomer(tx, shop.id, who) : undefined,
    options.earlyRefunds && sale.status === 'completed' ? refundsOf(tx, shop.id, sale.tillSaleId) : undefined,
  ]);
  // Refunded (in part) before it came: stored so, with nothing scheduled (see afterRefunds).
  if (!existing && early?.length) {
    const after = afterRefunds(sale.total, sale.currency, early);
    ({ sale, options } = { sale: { ...sale, status: after.status }, options: { ...options, refunded: after.refunded } });
  }
  if (existing && sale.status !== 'completed') return { outcome: 'refunded', response: await refundIn(tx, shop, sale.tillSaleId, existing, { status: sale.status }, now) };
  if (existing) {
    // The answer is kept less the sale's id (a row written before that keeps it whole: the same answer).
    const response: SaleResponse = { saleId: existing.id, ...JSON.parse(existing.response) };
    const repeat: RecordResult = { outcome: 'repeat', response, ownNumber: response.warnings?.some((w) => w.message === OWN_NUMBER) === true };
    if (existing.fingerprint === print) return repeat;
    const again = await postedAgain(tx, key, options.posted ?? sale, marked, { ...existing, shopId: shop.id }, now, options.warnings);
    return again.outcome === 'repeat' ? repeat : again;
  }
  // A new customer's row, and the period they may join (see joining) asked with it: one round trip on PostgreSQL.
  const refunded = sale.status === 'completed' && sale.total !== null ? (options.refunded ?? null) : null;
  const plans = sale.status === 'completed' && refunded === null && !options.later;
  const [upserted, period] = await Promise.all([
    who ? upsertCustomer(tx, key, shop, who, found, sale.occurredAt, now, options.consentSource) : null,
    who && !found && plans ? openPeriod(tx, shop) : undefined,
  ]);
  const customer = upserted?.row ?? null;
  const fresh = upserted?.fresh === true;
  for (const [channel, field, what] of [['sms', 'customer.phone', 'number ("wrong number")'], ['email', 'customer.email', 'address ("wrong person")']] as const) {
    if (!upserted?.wrong[channel]) continue;
    const warning = { field, message: `answered that it is not this customer's ${what}: left out; put the right one in the till` };
    options = { ...options, warnings: [...(options.warnings ?? []), warning], contactIssue: options.contactIssue ?? field };
  }
  const localDay = dayNumber(sale.occurredAt, shop.timezone);
  // (Not a shipped sale: no visit to the shop, and the join's check-in, the next morning, would come before its parcel.)
  if (plans && customer && !fresh && customer.joinDay === localDay && !sale.shipped) {
    const taken = await takeJoin(tx, customer, { ...sale, localDay, print, now }, options);
    if (taken) return taken;
  }
  // What the customer's summaries held and what the sale schedules, read together: one round trip on PostgreSQL. A
  // customer this sale created has nothing to take out of the summaries (see trackNew).
  const [summarise, decision] = await Promise.all([
    customer && !fresh ? track(tx, customer.id) : null,
    plans ? decide(tx, shop, null, customer, { at: sale.occurredAt, shipped: sale.shipped === true }, now, delivering, fresh, period) : null,
  ]);
  // As a landline is (http/sales.ts): the customer stays known by the number, and the till is told.
  const ownNumber = decision?.ownNumber === true && who?.consent.sms === true;
  // It says more than the warning of a number that takes no texts (TWILIO_FROM is often an NL 097 number), which it
  // replaces: the only other warning a phone kept on the customer can have.
  if (ownNumber) {
    const warnings = [...(options.warnings ?? []).filter((w) => w.field !== 'customer.phone'), { field: 'customer.phone', message: OWN_NUMBER }];
    options = { ...options, warnings, contactIssue: options.contactIssue ?? 'customer.phone' };
  }
  const customerId = customer?.id ?? null;
  let answer: Answer =
    sale.status !== 'completed' || refunded !== null ? { customerId, scheduled: [], skipped: messageKinds.map((kind) => ({ kind, reason: sale.status === 'voided' ? 'voided' : 'refunded' })) }
    : decision ? answerOf(customerId, outcome(decision))
    : { customerId, scheduled: [], skipped: [] }; // planned once the contact is known (options.later)
  if (options.warnings?.length) answer = { ...answer, warnings: options.warnings };
  const checkin = decision && notAsked(decision) ? 'none' : null;
  const saleId = (await tx.value<number>(q.insertSale, {
    shopId: shop.id, tillSaleId: sale.tillSaleId, customerId, occurredAt: sale.occurredAt, reason: sale.reason,
    items: JSON.stringify(sale.items), total: refunded === null ? sale.total : less(sale.total!, refunded), currency: sale.currency, staff: sale.staff,
    status: sale.status, refunded, shipped: sale.shipped ? 1 : 0,
    checkin, fingerprint: print, response: JSON.stringify(answer), now, localDay, contactIssue: options.contactIssue ?? null,
    // Greeted on this sale's messages when the customer row may be several people (found by phone or address).
    customerName: sale.customer && !sale.customer.posCustomerId ? sale.customer.name : null,
  }))!;
  if (decision) await schedule(tx, shop, saleId, customer, decision, now, fresh);
  // What the sale adds to its customer's summaries (null: refunded or voided, nothing); their sales are not read again.
  const counted = sale.status === 'completed' ? { id: saleId, day: localDay, checkin, reason: sale.reason, shopId: shop.id, occurredAt: sale.occurredAt } : null;
  await summarise?.(counted);
  if (customer && fresh) trackNew(tx, shop.id, customer.id, counted, decision?.joins ?? null);
  return { outcome: 'created', response: { saleId, ...answer }, ownNumber };
}

/**
 * A till's sale for a customer whose sale from the join page that local day stands alone takes that sale's place: one
 * visit, one check-in, one invitation. The row becomes the till's sale (see q.takeJoin) and keeps what was planned for
 * it, which names what the till says was bought; a held-out customer stays held out with their would-be messages.
 * Undefined when that sale is gone (refunded): the till's sale is then one of its own.
 */
async function takeJoin(
  tx: Db, customer: CustomerRow, sale: Sale & { localDay: number; print: string; now: number }, options: RecordOptions,
): Promise<RecordResult | undefined> {
  tx.send(q.joinTaken, [customer.id]);
  const id = await tx.value<number>(q.joinSale, [customer.id, sale.localDay]);
  if (id === undefined) return undefined;
  const summarise = await track(tx, customer.id);
  let answer = answerOf(customer.id, await stillPlanned(tx, id, customer));
  if (options.warnings?.length) answer = { ...answer, warnings: options.warnings };
  await tx.run(q.takeJoin, {
    id, tillSaleId: sale.tillSaleId, occurredAt: sale.occurredAt, reason: sale.reason, items: JSON.stringify(sale.items), total: sale.total,
    currency: sale.currency, staff: sale.staff, fingerprint: sale.print, response: JSON.stringify(answer), now: sale.now,
    contactIssue: options.contactIssue ?? null, customerName: sale.customer && !sale.customer.posCustomerId ? sale.customer.name : null,
  });
  await summarise();
  return { outcome: 'created', response: { saleId: id, ...answer } };
}

/** `delivering`: which of this installation's channels reach a customer (the outbox does not): see chooseChannel, joining. */
export function saleStore(db: Db, delivering: Outgoing = EVERY_CHANNEL) {
  const fingerprintKeyOf = cachedKey(db);
  return {
    /** Records a sale exactly once per (shop, till sale id); safe against concurrent writers in other processes. */
    async record(shop: Shop, sale: Sale, now: number, options: RecordOptions = {}): Promise<RecordResult> {
      const k = await fingerprintKeyOf();
      return db.transaction(async (tx) => {
        await tx.lock(shop.id);
        return recordIn(tx, k, shop, sale, now, options, delivering);
      });
    },

    /**
     * Gives a sale that had no (reachable) customer its customer, as they told us themselves or as the till's
     * API knew them, and schedules its messages now. Nothing is scheduled twice.
     */
    attach: async (shop: Shop, saleId: number, c: SaleCustomer, now: number, o: AttachOptions = {}): Promise<SaleResponse | undefined> => {
      const k = await fingerprintKeyOf();
      return db.transaction(async (tx) => {
        await tx.lock(shop.id);
        const sale = await tx.get(q.saleById, [saleId]);
        if (!sale || sale.shopId !== shop.id) return undefined;
        const { row: customer } = await upsertCustomer(tx, k, shop, c, await findCustomer(tx, shop.id, c), Math.max(sale.occurredAt, now), now, o.consentSource);
        if (o.reason) await tx.run(q.setReason, [o.reason, saleId]);
        const before = sale.customerId !== null && sale.customerId !== customer.id ? await track(tx, sale.customerId) : null;
        const summarise = await track(tx, customer.id);
        await tx.run(q.setCustomer, [customer.id, saleId]);
        const planned = (await joinGivesWay(tx, customer, saleId, sale))
          ?? (await planLater(tx, shop, saleId, sale, (await tx.get(q.customerById, [customer.id]))!, now, delivering)) ?? { scheduled: [], skipped: [] };
        await before?.();
        await summarise();
        return { saleId, ...answerOf(customer.id, planned) };
      });
    },

    /**
     * Plans the messages of a sale that waited for its till's customer look-up, with the customer it came with (the
     * payment's own e-mail address, say), when the look-up brought no contact. False when the sale has no customer to
     * reach, or has its messages already.
     */
    planWithOwnCustomer: (shop: Shop, saleId: number, now: number): Promise<boolean> =>
      db.transaction(async (tx) => {
        await tx.lock(shop.id);
        const sale = await tx.get(q.saleById, [saleId]);
        if (!sale || sale.shopId !== shop.id || sale.customerId === null || sale.status !== 'completed') return false;
        const row = (await tx.get(q.customerById, [sale.customerId]))!;
        if (row.phone === null && row.email === null) return false;
        const summarise = await track(tx, row.id);
        const planned = (await joinGivesWay(tx, row, saleId, sale)) ?? (await planLater(tx, shop, saleId, sale, row, now, delivering));
        await summarise();
        return planned !== null;
      }),

    /**
     * Refunds or voids (all or part of) a sale known by the till's id; undefined when there is no such sale, or with
     * `keep` 'kept': kept for the sale when it comes (out of order), which is then stored refunded with nothing planned.
     */
    refund: (shop: Shop, tillSaleId: string, given: RefundGiven, now: number, o: { keep?: boolean } = {}): Promise<RefundResponse | 'kept' | undefined> =>
      db.transaction(async (tx) => {
        await tx.lock(shop.id);
        const sale = await tx.get(q.existing, [shop.id, tillSaleId]);
        if (sale) return refundIn(tx, shop, tillSaleId, sale, given, now);
        if (!o.keep) return undefined;
        await keepRefund(tx, shop.id, tillSaleId, given, now);
        return 'kept' as const;
      }),
  };
}
export type SaleStore = ReturnType<typeof saleStore>;
