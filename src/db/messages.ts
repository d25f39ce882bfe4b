// The messages table: scheduled check-ins and invitations, claimed by the dispatcher, then sent, failed,
// cancelled or expired; and what the provider later says about delivery.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ChannelName, MessageKind } from '../domain/plan.js';
import { EXPIRES_AFTER, MIN_GAP, REPLY_WINDOW } from '../domain/schedule.js';
import type { NotSent } from '../domain/not-sent.js';
import type { SaleItem } from '../domain/sale.js';
import { type Db, type Engine, idList, inIds, indexedBy, sql, storable } from './sql.js';
import { cachedKey, keyed } from './fingerprint.js';
import { STILL_STOPPED, numberStopHash } from './customers.js';
import { LISTED_STATUS, NOT_OUTBOX } from './outboxed.js';
import { queueOps } from './queue.js';

/** How far back an SMS in doubt is looked up in Twilio's records (queue/messages.ts reconcile); older, the owner decides. */
export const LOOKED_UP_WITHIN_MS = 2 * 86_400_000;
/**
 * An SMS in doubt that the dispatcher looks up in Twilio's records (inDoubt): no answer came, or its send was cut off,
 * claimed at @since or later (LOOKED_UP_WITHIN_MS back), with its address and text kept. `m` is the table's alias and
 * its dot, or ''. The owner's page says of these that nextdeal settles them itself (figures.ts uncertainKinds).
 */
export const lookedUp = (m: string): string =>
  `${m}channel = 'sms' AND ${m}error IN ('in_doubt', 'interrupted') AND ${m}claimed_at >= @since AND ${m}recipient IS NOT NULL AND ${m}content IS NOT NULL`;
/** Not such a text, where the dispatcher looks them up (@since set; null: it looks up none). */
const NOT_LOOKED_UP = `(CAST(@since AS BIGINT) IS NULL OR NOT (${lookedUp('')}))`;

export type MessageStatus = 'scheduled' | 'sending' | 'sent' | 'failed' | 'expired' | 'cancelled' | 'uncertain';

/** A claimed message with everything needed to decide, render and send it. */
export interface MessageToSend {
  id: number;
  kind: MessageKind;
  channel: ChannelName;
  dueAt: number;
  attempts: number;
  shopId: number;
  /** When it was scheduled: with the id, what names this message and no other (ids are used again: see linkToken). */
  createdAt: number;
  /** The hash of the token its e-mail's links carried at an earlier try, if any (see linkToken). */
  tokenHash: string | null;
  /**
   * A come-back invitation her complaint held (messages.after_problem, marked when it held it: migration 079): it names
   * nothing bought, and thanks her for telling.
   */
  afterProblem: boolean;
  customer: {
    id: number;
    name: string | null;
    phone: string | null;
    email: string | null;
    locale: string | null;
    smsConsent: boolean;
    emailConsent: boolean;
    smsOptedOut: boolean;
    emailOptedOut: boolean;
    /** In the hold-out group: must never be sent anything. */
    heldOut: boolean;
    /** Their phone said STOP to the number the shop texts from, shared with other shops (migration 039). */
    numberStopped: boolean;
  };
  /** `customerName`: the name given with the sale, when the customer row may be several people (a household's phone). */
  sale: { id: number; occurredAt: number; reason: string | null; items: SaleItem[]; status: string; customerName: string | null; total: number | null };
}

/** An SMS send in doubt: what was handed to the provider, to look for in its records. */
export interface InDoubt {
  id: number;
  kind: MessageKind;
  shopId: number;
  recipient: string;
  /** The number it went from ('' the shared TWILIO_FROM), or null when a version before migration 043 kept it. */
  sender: string | null;
  content: string;
  claimedAt: number;
}

/** A message found by the token in an e-mail's links. */
export interface TokenMessage {
  id: number;
  kind: MessageKind;
  shopId: number;
  customerId: number;
  saleId: number;
  /** When it went out; for a send in doubt (the server took the whole e-mail and then said nothing), when it was
   * handed over: a customer who opens its link has it. Null when it never left. */
  sentAt: number | null;
  customerLocale: string | null;
  /** Her phone on file, which decides her language where nothing else says it (customerVoice). */
  customerPhone: string | null;
  items: SaleItem[];
  /** What the sale came to (null: the till said nothing): a price of 0 is one not given unless this is 0 too. */
  total: number | null;
  /** The address it went to (a stranger's, when the till had a wrong one). */
  recipient: string | null;
  /** In doubt ('uncertain'): the customer who answers or unsubscribes by its link has it (http/customer-pages.ts). */
  inDoubt: boolean;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The reply and unsubscribe links' tokens in a kept e-mail text, left out: only their hashes are stored. */
export const maskTokens = (text: string): string => text.replace(/\/(r|u)\/[\w-]{16,64}/g, '/$1/…');

/** Twilio's statuses in the order a message goes through them: a late callback never moves a message back. */
const deliveryRank: Record<string, number> = {
  accepted: 1, scheduled: 1, queued: 1, sending: 2, sent: 3, delivered: 4, read: 5, undelivered: 4, failed: 4, canceled: 4,
};
/** The rank of Twilio's final statuses: delivered, read, undelivered, failed, canceled. */
const FINAL = 4;
/** Refused, or sent and reported undelivered or failed: the condition of their partial index (migration 034), as figures.ts's TROUBLE. */
const TROUBLE_ROW = "(m.status = 'failed' OR (m.status = 'sent' AND m.delivery IN ('undelivered', 'failed')))";
/** How many texts held back as possible spam (Twilio 30007) in SPAM_DAYS make the overview and `dispatch` say so. */
export const SPAM_SEVERAL = 3;
export const SPAM_DAYS = 7;
/** Not reported undelivered or failed: for all we know it reached the customer (a message `m`). */
const ARRIVED = "coalesce(m.delivery, '') NOT IN ('undelivered', 'failed')";
// Own keys only: a status named like an object's inherited property (__proto__, constructor) is no status.
export const isDeliveryStatus = (s: string): boolean => Object.hasOwn(deliveryRank, s);
/** The stored delivery's rank, in SQL: one statement compares it with a callback's and writes, so callbacks handled side by side cannot undo each other. */
const storedRank = `CASE delivery ${Object.entries(deliveryRank).map(([s, r]) => `WHEN '${s}' THEN ${r}`).join(' ')} ELSE 0 END`;

/**
 * Whether the customer (the row being updated) was asked, as summary.ts's contribution counts it: the channel of the
 * first check-in that went out about a sale of their first day (whichever of that day's sales it was about: two
 * purchases that day have one check-in, about the later one), else what their first sale says ('none', or null).
 * sales_by_customer finds the day's sales.
 */
const ASKED = `coalesce((SELECT s.checkin FROM sales s WHERE s.customer_id = customers.id AND s.local_day = customers.first_day
    AND s.checkin IN ('sms', 'email') ORDER BY s.occurred_at, s.id LIMIT 1),
  (SELECT checkin FROM sales WHERE id = customers.first_sale_id))`;

/** Rows given as a JSON array of objects with an id and these columns, as a table `v`. */
const rowsOf = (e: Engine, columns: string) => {
  if (e === 'postgres') return `json_to_recordset(CAST(@rows AS json)) AS v(id bigint, ${columns})`;
  const names = ['id', ...columns.split(', ').map((c) => c.split(' ')[0]!)];
  return `(SELECT ${names.map((n) => `value ->> '$.${n}' AS ${n}`).join(', ')} FROM json_each(@rows)) AS v`;
};
const rowList = (rows: Record<string, unknown>[]) => JSON.stringify(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, storable(v)]))));

/** A message sent again on purpose (the operator, the owner): from now, with fresh attempts. */
const SEND_AGAIN = "status = 'scheduled', due_at = @now, next_attempt_at = @now, attempts = 0, claimed_at = NULL, error = NULL, error_detail = NULL";
/**
 * Not a message of an erased customer's: nobody is left to send it again to (the next claim would cancel it as if they
 * had said stop), nor to ask whether it came.
 */
const NOT_ERASED = 'NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = messages.customer_id AND c.erased_at IS NOT NULL)';

/** A claimed message with what deciding, rendering and sending it needs (toSend), without its WHERE. */
const CONTEXT = `SELECT m.id, m.kind, m.channel, m.due_at AS dueAt, m.attempts, m.shop_id AS shopId, m.created_at AS createdAt, m.token_hash AS tokenHash,
      (SELECT coalesce(sms_from, '') FROM shops WHERE id = m.shop_id) AS sender,
      c.id AS customerId, c.name, c.phone, c.email, c.locale, c.sms_consent AS smsConsent, c.email_consent AS emailConsent,
      c.sms_opted_out_at AS smsOptedOutAt, c.email_opted_out_at AS emailOptedOutAt, c.held_out AS heldOut,
      s.id AS saleId, s.occurred_at AS occurredAt, s.reason, s.items, s.status AS saleStatus, s.customer_name AS saleName, s.total AS saleTotal,
      m.after_problem AS afterProblem
    FROM messages m JOIN customers c ON c.id = m.customer_id JOIN sales s ON s.id = m.sale_id`;

/** A message as `messages list` shows it (m, joined to its customer c), its status as given: one shop's or every shop's. */
const LISTED_COLUMNS = (status: string) => `m.id, m.kind, m.channel, ${status} AS status, m.due_at AS dueAt,
      m.claimed_at AS claimedAt, m.error, m.error_detail AS errorDetail, c.name AS customerName,
      CASE WHEN c.erased_at IS NULL THEN 0 ELSE 1 END AS erased`;

const q = {
  // Claimed messages with what deciding, rendering and sending them needs, a batch at once (@ids).
  context: sql((e) => `${CONTEXT} WHERE m.id ${inIds(e)}`),
  // A kept message that is not to go after all (see messageStore.unsend): settled, and what it kept forgotten, as the
  // claim's check would have left it (the claim clears them: queue.ts FRESH). Only while still this claim's.
  unsend: sql(`UPDATE messages SET status = @status, error = @reason, error_detail = NULL, recipient = NULL, content = NULL
    WHERE id = @id AND status = 'sending' AND claimed_at = @claimedAt`),
  // Claimed messages as q.context reads them, looked at again once their sends waited for their turn (see
  // messageStore.again): whether each is still its claim's, its customer erased, and its SMS's phone stopped the number
  // it goes from (@rows: id and hash, that pair's, see numberStopHash; null for an e-mail), in one statement by primary keys.
  again: sql((e) => `SELECT m.status, m.claimed_at AS claimedAt, CASE WHEN c.erased_at IS NULL THEN 0 ELSE 1 END AS erased,
      (SELECT disabled_at FROM shops WHERE id = m.shop_id) AS shopDisabledAt,
      CASE WHEN EXISTS (SELECT 1 FROM stopped_numbers n WHERE n.pair_hash = v.hash AND ${STILL_STOPPED('m.shop_id')}) THEN 1 ELSE 0 END AS numberStopped,
      ${CONTEXT.slice('SELECT '.length)} JOIN ${rowsOf(e, 'hash text')} ON m.id = v.id`),
  // Which of these messages (@rows: id, hash of the number-and-phone pair, see numberStopHash, and shop) go to a phone
  // that said STOP to the number, not taken back for their shop since.
  numbersStopped: sql<number>((e) => `SELECT v.id FROM ${rowsOf(e, 'hash text, shop bigint')}
    JOIN stopped_numbers n ON n.pair_hash = v.hash WHERE ${STILL_STOPPED('v.shop')}`),
  // What is about to be handed to the provider, kept before the call: a send in doubt can then be looked for. Rows
  // given as JSON ([{id, recipient, sender, content, claimedAt}]): a batch's in one statement. Only while the claim is still
  // the dispatcher's (its stamp, status 'sending'): not once another instance's sweep took it for a dead dispatcher's,
  // nor once a STOP or a refund cancelled it. What it did not keep is not handed over.
  sending: sql<{ id: number }>((e) => `UPDATE messages SET recipient = v.recipient, sender = v.sender, content = v.content
    FROM ${rowsOf(e, 'recipient text, sender text, content text, claimed bigint')}
    WHERE messages.id = v.id AND messages.status = 'sending' AND messages.claimed_at = v.claimed RETURNING messages.id`),
  // Of these messages about to be kept (@rows: id, the customer's phone and e-mail address as they are now, the shop,
  // and for an SMS its recipient and the number it goes from), the ones another check-in or invitation of the same shop
  // went to that phone or address less than MIN_GAP before @now (or is going to it now: kept, not yet sent), with when
  // it did (`since`): never two messages to one customer of a shop within a day, however late either went, on any
  // channel. Another shop's do not count: each speaks in its own name, and one does not hold back (nor reveal) another.
  // `thread`: when another shop texted that phone from the same number as this SMS, less than REPLY_WINDOW before (her
  // answer would be filed under the later one, see replies.ts matchInbound). Not one reported never arrived, which
  // nobody read (nor does the matching file a reply under it). Each channel apart, through its own partial index of
  // recipients (002, 077): SQLite would take the shop's index of all its messages for the shop's own.
  recentlyMessaged: sql<{ id: number; since: number | null; thread: number | null }>((e) => {
    const at = "CASE WHEN o.status = 'sending' THEN CAST(@now AS BIGINT) ELSE coalesce(o.sent_at, o.claimed_at) END";
    const rows = rowsOf(e, 'phone text, email text, recipient text, sender text, shop bigint');
    const other = (channel: 'sms' | 'email', on: string, within: number) => `FROM ${rows} JOIN messages o ${indexedBy(e, `messages_${channel}_by_recipient`)} ON ${on}
      WHERE o.channel = '${channel}' AND o.recipient IS NOT NULL AND o.status IN ('sent', 'sending', 'uncertain')
        AND coalesce(o.delivery, '') NOT IN ('undelivered', 'failed')
        AND (o.status = 'sending' OR coalesce(o.sent_at, o.claimed_at) > CAST(@now AS BIGINT) - ${within})`;
    const ours = (channel: 'sms' | 'email', address: string) => `SELECT v.id, ${at} AS since, CAST(NULL AS BIGINT) AS thread
      ${other(channel, `o.recipient = v.${address}`, MIN_GAP)} AND o.shop_id = v.shop AND o.id <> v.id`;
    const thread = `SELECT v.id, CAST(NULL AS BIGINT) AS since, ${at} AS thread
      ${other('sms', 'o.recipient = v.recipient AND o.sender = v.sender', REPLY_WINDOW)} AND o.shop_id <> v.shop`;
    return `SELECT id, max(since) AS since, max(thread) AS thread FROM (${ours('sms', 'phone')}
      UNION ALL ${ours('email', 'email')} UNION ALL ${thread}) AS r GROUP BY id`;
  }),
  // With the claim each was under when recorded: a dispatcher's late success may land on another instance's claim.
  sent: sql<{ id: number; claimedAt: number | null }>((e) => `UPDATE messages SET status = 'sent', sent_at = @at, provider_id = v.provider, error = NULL, error_detail = NULL
    FROM ${rowsOf(e, 'provider text')} WHERE messages.id = v.id AND messages.status IN ('sending', 'uncertain')
    RETURNING messages.id AS id, messages.claimed_at AS claimedAt`),
  // A late success (a dispatcher held up past its claim's lease) on this very message (its id and when it was made),
  // found scheduled again: put back since its send, by the look-up in Twilio's list that did not have it yet (which
  // keeps the claim), by another instance's claim that handed nothing over (the quiet hours, a retry), or on purpose
  // (messages retry). Scheduled, nobody is sending it now: a claim makes it 'sending' first. It went, so it is recorded
  // as sent with this send, and what the send handed over (an earlier claim's was forgotten by the next: queue.ts FRESH),
  // and not sent again. Expired since (found too late by another tick: nobody sends it either): it went, in time, and
  // the owner's page says so, not "expired" for a text the customer had; but not an erased customer's (an erasure leaves
  // an expired row expired, its number and text gone): nothing of theirs is written back. Run after q.sent in one
  // transaction: a row claimed in between is found 'sending' (settledAs).
  sentPutBack: sql<{ id: number }>((e) => `UPDATE messages SET status = 'sent', sent_at = @at, provider_id = v.provider, error = NULL, error_detail = NULL,
      claimed_at = v.claimed, recipient = v.recipient, sender = v.sender, content = v.content
    FROM ${rowsOf(e, 'provider text, created bigint, claimed bigint, recipient text, sender text, content text')}
    WHERE messages.id = v.id AND messages.created_at = v.created AND (messages.status = 'scheduled' OR (messages.status = 'expired'
      AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = messages.customer_id AND c.erased_at IS NOT NULL)))
    RETURNING messages.id AS id`),
  // A late success on this very message, cancelled since it was put back (a STOP, a refund, the shop left): it stays
  // cancelled (nothing sends it, and the owner sees why), with the provider's id and a word for the operator that it went
  // before it was cancelled. Not an erased customer's: nothing of theirs is written back.
  sentCancelled: sql<{ id: number }>((e) => `UPDATE messages SET provider_id = v.provider,
      error_detail = 'it went out before it was cancelled: the provider took it, and its answer came late, to a dispatcher held up past its claim''s lease'
    FROM ${rowsOf(e, 'provider text, created bigint')}
    WHERE messages.id = v.id AND messages.status = 'cancelled' AND messages.error <> 'erased' AND messages.provider_id IS NULL
      AND messages.created_at = v.created RETURNING messages.id AS id`),
  // What became of sends not recorded (settled meanwhile: by another instance, Twilio's callback, a STOP).
  settledAs: sql<{ id: number; status: string; providerId: string | null }>((e) => `SELECT id, status, provider_id AS providerId FROM messages WHERE id ${inIds(e)}`),
  // SMS sends in doubt (no answer, or the dispatcher stopped mid-send) that Twilio's list can settle.
  inDoubt: sql<InDoubt>(`SELECT id, kind, shop_id AS shopId, recipient, sender, content, claimed_at AS claimedAt
    FROM messages WHERE status = 'uncertain' AND ${lookedUp('')} AND claimed_at <= @to ORDER BY claimed_at LIMIT @limit`),
  // The provider has no such message: it certainly did not go out, so it may go now. Only the send that was asked
  // about: another instance asking at the same time may have found it missing first and sent it again since, and that
  // send, in doubt in its turn, is not settled by this answer.
  notFound: sql(`UPDATE messages SET status = 'scheduled', next_attempt_at = @now, error_detail = 'not found in the provider''s records: sent again'
    WHERE id = @id AND status = 'uncertain' AND claimed_at = @claimedAt`),
  // The message a status callback's URL names: by its id and when it was made (an id alone may be another's by now).
  smsById: sql<{ status: string; channel: string; kind: MessageKind; shopId: number; providerId: string | null }>(
    'SELECT status, channel, kind, shop_id AS shopId, provider_id AS providerId FROM messages WHERE id = ? AND created_at = ?',
  ),
  // For the owner's "did asking help?" and the hold-out's "went out": the check-in about this sale went out, and on
  // which channel. Not one the outbox took (no SMTP or Twilio): written to a file, the customer was never asked.
  asked: sql((e) => `UPDATE sales SET checkin = m.channel FROM messages m WHERE m.id ${inIds(e)} AND m.kind = 'checkin' AND sales.id = m.sale_id
    AND ${NOT_OUTBOX}`),
  // The customers of these check-ins, asked or not as their summary says (summary.ts, contribution: ASKED).
  askedCustomer: sql((e) => `UPDATE customers SET asked = ${ASKED}
    WHERE id IN (SELECT customer_id FROM messages WHERE id ${inIds(e)} AND kind = 'checkin')`),
  setToken: sql('UPDATE messages SET token_hash = ? WHERE id = ?'),
  // A link is opened only from an e-mail that arrived: one in doubt, or still being sent (the mail server has it, its
  // answer not back yet), is dated by its claim, as the reply page counts its days from it.
  byToken: sql(`SELECT m.id, m.kind, m.shop_id AS shopId, m.customer_id AS customerId, m.sale_id AS saleId, m.recipient,
      CASE WHEN m.status = 'uncertain' THEN 1 ELSE 0 END AS inDoubt,
      coalesce(m.sent_at, CASE WHEN m.status IN ('uncertain', 'sending') THEN m.claimed_at END) AS sentAt, c.locale AS customerLocale,
      c.phone AS customerPhone, s.items, s.total
    FROM messages m JOIN customers c ON c.id = m.customer_id JOIN sales s ON s.id = m.sale_id
    WHERE m.token_hash = ? AND c.erased_at IS NULL`),
  byProviderId: sql<{ id: number; delivery: string | null; customerId: number; shopId: number; kind: MessageKind }>(
    'SELECT id, delivery, customer_id AS customerId, shop_id AS shopId, kind FROM messages WHERE provider_id = ?',
  ),
  // The sale of this check-in (@ids) counts as asked only while one of its check-ins went out and was not reported
  // undelivered or failed (a wrong number, a landline): the customer never got the text. Twilio's statuses can come
  // in either order, so this follows what is stored after each final one: a later "delivered" (or "read") counts it
  // again. A sale that could not be asked ('none') stays so; only when it changes (the triggers follow the customer).
  reported: sql((e) => {
    const went = `(SELECT m.channel FROM messages m WHERE m.sale_id = sales.id AND m.kind = 'checkin' AND m.status = 'sent' AND ${NOT_OUTBOX}
      AND ${ARRIVED} ORDER BY m.sent_at DESC, m.id DESC LIMIT 1)`;
    return `UPDATE sales SET checkin = ${went} WHERE id IN (SELECT sale_id FROM messages WHERE id ${inIds(e)})
      AND coalesce(checkin, '') <> 'none' AND checkin IS DISTINCT FROM ${went}`;
  }),
  // A delivery failure with its code ("Twilio 30003") tells the owner the message did not arrive. Only over a delivery
  // of the same rank or lower (@rank), compared in the statement itself: a "sent" handled at the same moment as a
  // "delivered" must not be written last. Twilio's reports come in any order: a "delivered" or "read" (@arrived 1)
  // after an "undelivered" takes its failure and code away, else the owner read both (its review). An "undelivered" or
  // "failed" (@lost 1) about a message the customer answered is ignored: her reply proves it arrived, so it stays as it
  // was (the check-in asked her, her next reply finds it, and she is not thanked twice). Compared here too, in the
  // statement: a reply is recorded under the shop's lock, which a check-in's or come-back's final report takes too.
  delivery: sql(`UPDATE messages SET delivery = @delivery,
      error = CASE WHEN CAST(@detail AS TEXT) IS NOT NULL THEN 'undelivered' WHEN @arrived = 1 AND error = 'undelivered' THEN NULL ELSE error END,
      error_detail = CASE WHEN CAST(@detail AS TEXT) IS NOT NULL THEN CAST(@detail AS TEXT) WHEN @arrived = 1 AND error = 'undelivered' THEN NULL ELSE error_detail END
    WHERE id = @id AND ${storedRank} <= @rank AND NOT (@lost = 1 AND replied_at IS NOT NULL)`),
  // Sending again on purpose: from now, with fresh attempts; only what did not (certainly) go out.
  resend: sql(`UPDATE messages SET ${SEND_AGAIN}
    WHERE id = @id AND status IN ('uncertain', 'failed', 'expired') AND ${NOT_ERASED}`),
  // Why `messages retry --id` sent nothing: the message's status, and whether its customer was erased (none: no such message).
  state: sql<{ status: string; erased: number; shopId: number }>(`SELECT ${LISTED_STATUS} AS status, CASE WHEN c.erased_at IS NULL THEN 0 ELSE 1 END AS erased, m.shop_id AS shopId
    FROM messages m LEFT JOIN customers c ON c.id = m.customer_id WHERE m.id = ?`),
  // After a restore (nextdeal restore): a message the copy has waiting that was due by now, and not past its 48 hours,
  // may have gone out since the copy was taken (also one held for an alert since handled). A send under way in the
  // copy is in doubt as any interrupted one (an SMS is then looked for in Twilio's records).
  holdRestored: sql(`UPDATE messages SET status = 'uncertain', error = 'restored', error_detail = NULL
    WHERE status = 'scheduled' AND next_attempt_at <= @now AND due_at > @now - ${EXPIRES_AFTER}`),
  interruptedInCopy: sql("UPDATE messages SET status = 'uncertain', error = 'interrupted', error_detail = NULL WHERE status = 'sending'"),
  resendRestored: sql(`UPDATE messages SET ${SEND_AGAIN}
    WHERE status = 'uncertain' AND error = 'restored' AND (@shop = 0 OR shop_id = @shop) AND ${NOT_ERASED}`),
  // The owner, who asked the customer, settles a message in doubt: it did not arrive (send it again now) or it did.
  // Not a text the dispatcher looks up in Twilio's records (lookedUp; @since is null when it looks up none: no Twilio):
  // "again" could send it twice, "arrived" keep one that never went. The page offers neither for it.
  ownerResend: sql(`UPDATE messages SET ${SEND_AGAIN}
    WHERE id = @id AND shop_id = @shop AND status = 'uncertain' AND ${NOT_ERASED} AND ${NOT_LOOKED_UP}`),
  // One a restore held ('restored': it waited in the copy, so nothing of its sending was kept) went at its time, to the
  // customer's number or address, from the shop's: so its figures date it, and a reply to it finds it.
  ownerArrived: sql(`UPDATE messages SET status = 'sent', sent_at = coalesce(sent_at, CASE WHEN error = 'restored' THEN next_attempt_at END, claimed_at, @now),
      recipient = coalesce(recipient, (SELECT CASE WHEN messages.channel = 'sms' THEN c.phone ELSE c.email END FROM customers c WHERE c.id = messages.customer_id)),
      sender = CASE WHEN channel = 'sms' THEN coalesce(sender, (SELECT coalesce(sms_from, '') FROM shops WHERE shops.id = messages.shop_id)) END,
      error = NULL, error_detail = NULL
    WHERE id = @id AND shop_id = @shop AND status = 'uncertain' AND ${NOT_ERASED} AND ${NOT_LOOKED_UP}`),
  // The counters and their changes not folded in yet (migrations/sqlite/013).
  counts: sql<{ kind: string; channel: string; status: string; n: number }>(`SELECT kind, channel, status, sum(n) AS n
    FROM (SELECT kind, channel, status, n FROM message_counts UNION ALL SELECT kind, channel, status, n FROM message_count_changes) AS c
    GROUP BY kind, channel, status ORDER BY kind, channel, status`),
  oldestDue: sql("SELECT min(next_attempt_at) FROM messages WHERE status = 'scheduled' AND held_by IS NULL AND next_attempt_at <= ?"),
  // A shop's messages planned and not sent yet, by kind (through messages_by_shop_status): what keeps its time when
  // the shop's check-in hour, time zone, quiet hours or come-back days change (shop update). Of shipped sales only,
  // for --shipped-checkin-days.
  planned: sql<{ kind: string; n: number }>("SELECT kind, count(*) AS n FROM messages WHERE shop_id = ? AND status = 'scheduled' GROUP BY kind"),
  plannedShipped: sql<{ kind: string; n: number }>(`SELECT m.kind, count(*) AS n FROM messages m JOIN sales s ON s.id = m.sale_id
    WHERE m.shop_id = ? AND m.status = 'scheduled' AND s.shipped = 1 GROUP BY m.kind`),
  // Texts waiting on the Twilio account: a country it may not text (21408), a number a trial account may not (21608).
  // Through messages_waiting_on (074), of one shop or of all.
  waitingOn: sql<{ error: string; n: number }>(`SELECT error, count(*) AS n FROM messages
    WHERE shop_id = ? AND status = 'scheduled' AND error IN ('region_not_enabled', 'trial_account') GROUP BY error`),
  waitingOnAny: sql<{ error: string; n: number }>((e) => `SELECT error, count(*) AS n FROM messages ${indexedBy(e, 'messages_waiting_on')}
    WHERE status = 'scheduled' AND error IN ('region_not_enabled', 'trial_account') GROUP BY error`),
  // Texts the phone companies held back as possible spam (Twilio 30007) of the last days (@since, by when they were due):
  // through the partial index of messages that did not arrive (migration 034), whose condition is written out here.
  spamFiltered: sql((e) => `SELECT count(*) FROM messages m ${indexedBy(e, 'messages_by_shop_trouble')}
    WHERE m.shop_id = @shop AND m.due_at >= @since AND ${TROUBLE_ROW} AND m.error_detail = 'Twilio 30007'`),
  spamFilteredAny: sql((e) => `SELECT count(*) FROM messages m ${indexedBy(e, 'messages_by_shop_trouble')}
    WHERE m.due_at >= @since AND ${TROUBLE_ROW} AND m.error_detail = 'Twilio 30007'`),
  // A message the outbox took (no SMTP or Twilio set up) is 'outbox', as in messages.csv: written to a file, never sent.
  listed: sql(`SELECT ${LISTED_COLUMNS(LISTED_STATUS)} FROM messages m JOIN customers c ON c.id = m.customer_id
    WHERE m.shop_id = @shop AND (CAST(@status AS TEXT) IS NULL OR ${LISTED_STATUS} = @status) ORDER BY m.due_at DESC LIMIT 200`),
  // Every shop's messages in doubt (`messages list --status uncertain` without --slug), each naming its shop, shop by
  // shop: after a crash, the operator of many shops finds whom to tell without asking each shop in turn.
  uncertainEverywhere: sql(`SELECT s.slug AS shop, ${LISTED_COLUMNS('m.status')}
    FROM messages m JOIN customers c ON c.id = m.customer_id JOIN shops s ON s.id = m.shop_id
    WHERE m.status = 'uncertain' ORDER BY s.slug, m.due_at DESC LIMIT @limit`),
};

/** A row of q.context as the dispatcher works with it. */
const toSend = (r: Record<string, unknown>): MessageToSend => ({
  id: r.id as number,
  kind: r.kind as MessageKind,
  channel: r.channel as ChannelName,
  dueAt: r.dueAt as number,
  attempts: r.attempts as number,
  shopId: r.shopId as number,
  createdAt: Number(r.createdAt),
  tokenHash: r.tokenHash as string | null,
  afterProblem: r.afterProblem != null,
  customer: {
    id: r.customerId as number,
    name: r.name as string | null,
    phone: r.phone as string | null,
    email: r.email as string | null,
    locale: r.locale as string | null,
    smsConsent: r.smsConsent === 1,
    emailConsent: r.emailConsent === 1,
    smsOptedOut: r.smsOptedOutAt !== null,
    emailOptedOut: r.emailOptedOutAt !== null,
    heldOut: r.heldOut === 1,
    numberStopped: false,
  },
  sale: {
    id: r.saleId as number,
    occurredAt: r.occurredAt as number,
    reason: r.reason as string | null,
    items: JSON.parse(r.items as string) as SaleItem[],
    status: r.saleStatus as string,
    customerName: r.saleName as string | null,
    total: r.saleTotal as number | null,
  },
});

/**
 * What a send keeps before its provider is called (see messageStore.sending); `sender` null for an e-mail. `phone` and
 * `email`: the customer's, one of them the recipient, looked at for what went to them lately.
 */
export interface Keep {
  id: number;
  shop: number;
  recipient: string;
  sender: string | null;
  content: string;
  claimed: number;
  phone: string | null;
  email: string | null;
}

/**
 * Why a message to be kept waits (see messageStore.sending): `since`, when the shop's last other message to its
 * customer's phone or address went (it may go MIN_GAP after); `thread`, when another shop texted that phone from the
 * same number (REPLY_WINDOW after). One of them at least is not null.
 */
export interface Wait {
  since: number | null;
  thread: number | null;
}

/** A kept message to look at again (messageStore.again): its id, its claim, and an SMS's recipient and sender. */
export interface Again {
  id: number;
  claimedAt: number;
  sms: { recipient: string; sender: string } | null;
}

export interface SentMessage {
  id: number;
  shopId: number;
  providerId: string;
  /** The dispatcher's claim it was sent under (see Recorded.otherClaim); left out by Twilio's callback and its list. */
  claimedAt?: number;
  /**
   * The dispatcher's send: the message (when it was made: its id alone may be another's by now) and what the send
   * handed over, should its success come late and find the message scheduled again (see Recorded.putBack).
   */
  sent?: { createdAt: number; recipient: string; sender: string | null; content: string };
}

/**
 * What markSent made of one send. Recorded (`marked`), the row was the sender's to record: whoever records a message
 * sent counts it (the operator's metrics), so that it is counted once however many went. `otherClaim`: recorded while
 * another instance had claimed the message again (this dispatcher was held up past its lease): that one may send it
 * too. `putBack`: recorded on the message found scheduled again meanwhile (a dispatcher's late success: see
 * q.sentPutBack), which therefore does not go a second time. Not recorded: the message was settled meanwhile, `status`
 * and the provider's id it has now (null: gone): by Twilio's own word of this very send (its callback, its list: the
 * same id), or by another instance's send; `cancelledSince`: cancelled since it was put back, and kept so, with this
 * send's provider id (q.sentCancelled).
 */
export type Recorded =
  | { marked: true; otherClaim: boolean; putBack: boolean }
  | { marked: false; status: string | null; providerId: string | null; cancelledSince: boolean };

/**
 * Messages that went out: recorded with the provider's ids, and their sales count as asked (check-ins); one
 * transaction. What it made of each (see Recorded).
 */
const markSent = (db: Db) => (sent: readonly SentMessage[], at: number): Promise<Map<number, Recorded>> =>
  db.transaction(async (tx) => {
    // The customers' summary columns change with them: one writer of a shop's data at a time, the locks taken first
    // and in one order (as every writer of a shop's data takes them), so that no two transactions wait for each other.
    for (const shopId of [...new Set(sent.map((m) => m.shopId))].sort((a, b) => a - b)) await tx.lock(shopId);
    const marked = await tx.all(q.sent, { at, rows: rowList(sent.map((m) => ({ id: m.id, provider: m.providerId }))) });
    const claims = new Map(marked.map((r) => [Number(r.id), r.claimedAt === null ? null : Number(r.claimedAt)]));
    const recorded = new Map<number, Recorded>();
    for (const m of sent) {
      if (claims.has(m.id)) recorded.set(m.id, { marked: true, otherClaim: m.claimedAt !== undefined && claims.get(m.id) !== m.claimedAt, putBack: false });
    }
    // A dispatcher's late successes on messages scheduled again (or cancelled) since: see q.sentPutBack, q.sentCancelled.
    const late = sent.filter((m) => !claims.has(m.id) && m.sent !== undefined);
    const lateRows = (more: (m: SentMessage) => Record<string, unknown>) =>
      rowList(late.map((m) => ({ id: m.id, provider: m.providerId, created: m.sent!.createdAt, ...more(m) })));
    const handedOver = (m: SentMessage) => ({ claimed: m.claimedAt ?? null, recipient: m.sent!.recipient, sender: m.sent!.sender, content: m.sent!.content });
    const putBack = late.length === 0 ? [] : await tx.all(q.sentPutBack, { at, rows: lateRows(handedOver) });
    for (const r of putBack) recorded.set(Number(r.id), { marked: true, otherClaim: false, putBack: true });
    const ids = [...recorded.keys()];
    if (ids.length > 0) {
      await tx.run(q.asked, { ids: idList(tx, ids) });
      await tx.run(q.askedCustomer, { ids: idList(tx, ids) });
    }
    const cancelled = late.length === putBack.length ? new Set<number>() : new Set((await tx.all(q.sentCancelled, { rows: lateRows(() => ({})) })).map((r) => Number(r.id)));
    const missed = sent.filter((m) => !recorded.has(m.id)).map((m) => m.id);
    if (missed.length === 0) return recorded;
    const now = new Map((await tx.all(q.settledAs, { ids: idList(tx, missed) })).map((r) => [Number(r.id), r]));
    for (const id of missed) {
      recorded.set(id, { marked: false, status: now.get(id)?.status ?? null, providerId: now.get(id)?.providerId ?? null, cancelledSince: cancelled.has(id) });
    }
    return recorded;
  });

export function messageStore(db: Db) {
  const sent = markSent(db);
  const linkKey = cachedKey(db);
  return {
    ...queueOps(db, 'messages'),
    /**
     * The token an e-mail's links carry (/r/, /u/): the same at every try of the message, so that a copy sent again
     * (a send in doubt, "opnieuw versturen") leaves the links of the copy the customer has working; keyed with the
     * installation's secret, so nobody without it can make one. 144 bits, as the random ones before it.
     *
     * Of the id, the shop, the customer and when the message was scheduled: an id alone names another message in
     * time. SQLite gives a deleted row's id again (a deleted shop's last message), a PostgreSQL restore puts the id
     * sequence back to the copy's, and a token of the id alone then opened the other customer's message from the first
     * customer's old e-mail. Messages whose links went out before (the token was of `links:<id>` alone) keep the token
     * the customer has: one whose stored hash is that token's gets it again. A message that only now has the id of such
     * an old one has no hash yet (it is stored at its first try), or the new token's. (Not by an id up to a cutoff: an
     * id given again may be below it.) The hashes compared in constant time, as every secret.
     */
    async linkToken(m: { id: number; shopId: number; customerId: number; createdAt: number; tokenHash: string | null }): Promise<string> {
      const key = await linkKey();
      const token = (of: string) => Buffer.from(keyed(key, of), 'hex').toString('base64url').slice(0, 24);
      const before = token(`links:${m.id}`);
      const stored = Buffer.from(m.tokenHash ?? '', 'hex');
      const old = Buffer.from(hashToken(before), 'hex');
      if (stored.length === old.length && timingSafeEqual(stored, old)) return before;
      return token(`links:${m.id}:${m.shopId}:${m.customerId}:${m.createdAt}`);
    },
    /**
     * Claimed messages, by id, with their customer and sale (ids that no longer exist are left out); an SMS also with
     * whether the phone stopped the number it would come from (a STOP to a number shared by several shops holds for
     * a shop that got the customer after it, or moved onto that number after it): a second statement, for SMS only.
     */
    async load(ids: readonly number[]): Promise<Map<number, MessageToSend>> {
      const rows = await db.all(q.context, { ids: idList(db, ids) });
      const loaded = new Map(rows.map((r) => [Number(r.id), toSend(r)]));
      const sms = rows.filter((r) => r.channel === 'sms' && r.phone !== null && r.smsOptedOutAt === null);
      if (sms.length === 0) return loaded;
      const key = await linkKey();
      const asked = sms.map((r) => ({ id: Number(r.id), hash: numberStopHash(key, r.sender as string, r.phone as string), shop: Number(r.shopId) }));
      for (const id of await db.values(q.numbersStopped, { rows: rowList(asked) })) loaded.get(Number(id))!.customer.numberStopped = true;
      return loaded;
    },
    /**
     * Kept messages looked at again, once their sends had to wait for their turn at the provider (src/queue/looks.ts),
     * in the order asked: null for one that is no longer its claim's (`claimedAt`, still 'sending'), else as `load`
     * reads it, with whether its customer was erased meanwhile. An SMS's STOP to the number is looked up for the pair it
     * goes to and from (`sms`: the recipient and sender it keeps), what `load` looks up for the customer's phone. One
     * statement, however many.
     */
    async again(asked: readonly Again[]): Promise<({ m: MessageToSend; erased: boolean; shopDisabledAt: number | null } | null)[]> {
      const key = asked.some((a) => a.sms) ? await linkKey() : null;
      const rows = [...new Map(asked.map((a) => [a.id, { id: a.id, hash: a.sms && numberStopHash(key!, a.sms.sender, a.sms.recipient) }])).values()];
      const found = new Map((await db.all(q.again, { rows: rowList(rows) })).map((r) => [Number(r.id), r]));
      return asked.map(({ id, claimedAt }) => {
        const r = found.get(id);
        if (!r || r.status !== 'sending' || Number(r.claimedAt) !== claimedAt) return null;
        const m = toSend(r);
        m.customer.numberStopped = Number(r.numberStopped) === 1;
        return { m, erased: Number(r.erased) === 1, shopDisabledAt: r.shopDisabledAt === null ? null : Number(r.shopDisabledAt) };
      });
    },
    /**
     * A kept message found not to go after all (by `again`): settled as `status` for `reason`, what it kept (address,
     * text) forgotten, as nothing was handed over. False when the claim is no longer `claimedAt`'s.
     */
    unsend: async (id: number, claimedAt: number, status: 'cancelled' | 'expired', reason: NotSent): Promise<boolean> =>
      (await db.run(q.unsend, { id, claimedAt, status, reason })) > 0,
    /**
     * Keeps what is handed to the provider (the address, the number an SMS goes from, the text with links without their
     * token) before the call, for the claims still the dispatcher's (`claimed`: their stamps): `kept`, the ids it kept.
     * One whose customer's phone or address another check-in or invitation of the same shop went to less than MIN_GAP
     * before `now`, or one that goes to it earlier in this same batch, is not kept: never two messages to one customer
     * of a shop within a day, also when one of them went late (a downtime, a retry, a paused channel, the night).
     * Another shop's message to her holds nothing back, but for an SMS whose phone another shop texted from the same
     * number within REPLY_WINDOW (or earlier in this batch): her answer would be filed under this one. `waits` says since
     * when (`since`: it may go MIN_GAP after; `thread`: REPLY_WINDOW after, number_busy). The look and the keeping are
     * one transaction holding the locks of the shop's phones and addresses it looks at, and of an SMS's number-and-phone
     * pair, so that two dispatchers keeping two such messages at the same moment keep one of them (on SQLite the
     * transaction holds the database).
     */
    sending: (rows: readonly Keep[], now: number): Promise<{ kept: Set<number>; waits: Map<number, Wait> }> =>
      db.transaction(async (tx) => {
        const addresses = (r: Keep) => [r.phone, r.email].filter((a): a is string => a !== null).map((a) => `${r.shop}:${a}`);
        const pair = (r: Keep) => (r.sender === null ? null : `${r.sender}:${r.recipient}`);
        const keys = rows.flatMap((r) => [...addresses(r).map((a) => `to:${a}`), ...(r.sender === null ? [] : [`thread:${pair(r)}`])]);
        for (const key of [...new Set(keys)].sort()) await tx.lock(key);
        const asked = rows.map(({ id, phone, email, recipient, sender, shop }) => ({ id, phone, email, recipient, sender, shop }));
        const waits = new Map((await tx.all(q.recentlyMessaged, { rows: rowList(asked), now })).map((r) =>
          [Number(r.id), { since: r.since === null ? null : Number(r.since), thread: r.thread === null ? null : Number(r.thread) }]));
        // In this batch: two messages of a shop to one customer (a phone or an address they share), or two shops' SMS to
        // one phone from one number: the one planned first goes, the other waits from now.
        const taken = new Set<string>();
        const threads = new Map<string, number>(); // an SMS's number and phone: the shop whose SMS goes to it in this batch
        for (const r of [...rows].sort((a, b) => a.id - b.id)) {
          const p = pair(r);
          const same = addresses(r).some((a) => taken.has(a));
          const shop = p === null ? undefined : threads.get(p);
          const thread = shop !== undefined && shop !== r.shop;
          const was = waits.get(r.id);
          if (same || thread) waits.set(r.id, { since: same ? now : (was?.since ?? null), thread: thread ? now : (was?.thread ?? null) });
          else if (was === undefined) {
            for (const a of addresses(r)) taken.add(a);
            if (p !== null) threads.set(p, r.shop);
          }
        }
        const keep = rows.filter((r) => !waits.has(r.id)).map(({ id, recipient, sender, content, claimed }) => ({ id, recipient, sender, content, claimed }));
        const kept = keep.length === 0 ? new Set<number>() : new Set((await tx.all(q.sending, { rows: rowList(keep) })).map((r) => Number(r.id)));
        return { kept, waits };
      }),
    markSent: sent,
    /** Sends in doubt on SMS, claimed between `from` and `to`, the oldest `limit`: to look for in Twilio's records. */
    inDoubt: (since: number, to: number, limit: number): Promise<InDoubt[]> => db.all(q.inDoubt, { since, to, limit }),
    /** A send in doubt the provider has no record of: scheduled again, now. */
    notFound: async (id: number, claimedAt: number, now: number) => void (await db.run(q.notFound, { id, claimedAt, now })),
    /**
     * Twilio's status callback names our row (its id, and when it was made): a message whose answer never came, or
     * that a crash left 'sending', went out after all (with that SID). Never one that has another SID already. Returns
     * the kind of the message it settled and whether it was in doubt, null when it settled none. Settled here, it is
     * counted here: a dispatcher still sending it finds it recorded when Twilio's answer comes, and counts it no more.
     */
    async settleByCallback(id: number, createdAt: number, providerId: string, at: number): Promise<{ kind: MessageKind; inDoubt: boolean } | null> {
      const m = await db.get(q.smsById, [id, createdAt]);
      if (!m || m.channel !== 'sms' || (m.status !== 'sending' && m.status !== 'uncertain')) return null;
      if (m.providerId !== null && m.providerId !== providerId) return null;
      return (await sent([{ id, shopId: m.shopId, providerId }], at)).get(id)?.marked ? { kind: m.kind, inDoubt: m.status === 'uncertain' } : null;
    },
    /** Stores only the hash of the token an e-mail's links carry. */
    setToken: async (id: number, token: string) => void (await db.run(q.setToken, [hashToken(token), id])),
    async byToken(token: string): Promise<TokenMessage | undefined> {
      const r = await db.get(q.byToken, [hashToken(token)]);
      return r && ({ ...r, inDoubt: Number(r.inDoubt) === 1, items: JSON.parse(r.items as string) } as TokenMessage);
    },
    /** A message's status as `messages list` shows it, and whether its customer was erased; undefined when there is none. */
    state: (id: number): Promise<{ status: string; erased: boolean; shopId: number } | undefined> =>
      db.get(q.state, [id]).then((r) => r && { status: r.status, erased: Number(r.erased) === 1, shopId: Number(r.shopId) }),
    /** Schedules a message that is uncertain, failed or expired to go out again now; false when it may not. */
    resend: async (id: number, now: number): Promise<boolean> => (await db.run(q.resend, { id, now })) === 1,
    /**
     * Right after a restore: what may have gone out since the copy was taken is held in doubt, not sent a second time
     * (see q.holdRestored). How many of each.
     */
    holdRestored: (now: number): Promise<{ restored: number; interrupted: number }> =>
      db.transaction(async (tx) => ({ restored: await tx.run(q.holdRestored, { now }), interrupted: await tx.run(q.interruptedInCopy) })),
    /** The messages a restore held in doubt, of one shop (0: all), sent after all: the operator found they did not go. */
    resendRestored: (shopId: number, now: number): Promise<number> => db.run(q.resendRestored, { shop: shopId, now }),
    /**
     * The owner asked the customer about a message in doubt (or the customer answered or unsubscribed by its e-mail's
     * link): 'resend' sends it again now, 'arrived' counts it sent, and a check-in's sale and customer as asked (as
     * markSent does). False when the shop has no such message in doubt (settled meanwhile, on the shop's other phone).
     */
    settleInDoubt: async (shopId: number, id: number, how: 'resend' | 'arrived', now: number, lookedUpSince: number | null = null): Promise<boolean> => {
      const o = { id, shop: shopId, now, since: lookedUpSince };
      if (how === 'resend') return (await db.run(q.ownerResend, o)) === 1;
      return db.transaction(async (tx) => {
        await tx.lock(shopId); // the customer's summary columns change with it (see markSent)
        if ((await tx.run(q.ownerArrived, o)) !== 1) return false;
        await tx.run(q.asked, { ids: idList(tx, [id]) });
        await tx.run(q.askedCustomer, { ids: idList(tx, [id]) });
        return true;
      });
    },
    list: (shopId: number, status: string | null) => db.all(q.listed, { shop: shopId, status }),
    /** Up to `limit` messages in doubt of every shop, with its slug (`shop`), shop by shop. */
    uncertainEverywhere: (limit: number) => db.all(q.uncertainEverywhere, { limit }),
    /**
     * Messages of the whole installation by kind, channel and status, as triggers keep them counted (message_counts):
     * one the outbox took is 'outbox' there, not 'sent' (migration 054).
     */
    counts: () => db.all(q.counts),
    /** How many of a shop's check-ins and come-back invitations are planned and not sent yet (`shipped`: of shipped sales only). */
    planned: async (shopId: number, shipped = false): Promise<{ checkin: number; comeback: number }> => {
      const rows = await db.all(shipped ? q.plannedShipped : q.planned, [shopId]);
      const n = (kind: string) => Number(rows.find((r) => r.kind === kind)?.n ?? 0);
      return { checkin: n('checkin'), comeback: n('comeback') };
    },
    /** When the oldest message that is due and not sent yet fell due, or null: how far the dispatcher is behind. */
    oldestDue: async (now: number): Promise<number | null> => (await db.value<number | null>(q.oldestDue, [now])) ?? null,
    /**
     * How many texts wait on the Twilio account, of one shop or (null) of all: `country`, because it may not text their
     * country (Twilio 21408); `trial`, because it is a trial one, which texts only the numbers verified in it (21608).
     * No SMS pause says either, for the other texts go on (queue/attempt.ts): the overview and `dispatch` do.
     */
    waitingOnAccount: async (shopId: number | null = null): Promise<{ country: number; trial: number }> => {
      const rows = shopId === null ? await db.all(q.waitingOnAny) : await db.all(q.waitingOn, [shopId]);
      const n = (error: string) => Number(rows.find((r) => r.error === error)?.n ?? 0);
      return { country: n('region_not_enabled'), trial: n('trial_account') };
    },
    /**
     * How many texts of one shop or (null) of all, due in the last SPAM_DAYS, the phone companies held back as possible
     * spam (Twilio 30007): one is an unlucky text; several mean the carriers filter the shop's sender, which hits every
     * customer, and only registering the sender with Twilio helps. The overview and `dispatch` say so from SPAM_SEVERAL.
     */
    spamFiltered: async (shopId: number | null, now: number): Promise<number> => {
      const since = now - SPAM_DAYS * 86_400_000;
      return Number((shopId === null ? await db.value(q.spamFilteredAny, { since }) : await db.value(q.spamFiltered, { shop: shopId, since })) ?? 0);
    },
    /**
     * Records Twilio's delivery status for the message with that SID; returns the message, or undefined when
     * unknown. A callback that arrives after a later one (sent after delivered) changes nothing, also when the two are
     * handled at the same moment: the ranks are compared in the UPDATE, against what is stored when it writes. A
     * check-in reported undelivered or failed no longer counts its sale (and customer) as asked (see q.reported), unless
     * the customer answered it: then the report is ignored (q.delivery).
     */
    async recordDelivery(providerId: string, status: string, detail: string | null) {
      const m = await db.get(q.byProviderId, [providerId]);
      if (!m) return undefined;
      if (!isDeliveryStatus(status)) return m;
      const rank = deliveryRank[status]!;
      const arrived = status === 'delivered' || status === 'read' ? 1 : 0;
      const lost = status === 'undelivered' || status === 'failed' ? 1 : 0;
      const write = { id: m.id, delivery: status, detail: arrived ? null : detail, rank, arrived, lost };
      // A check-in's final status decides whether its sale counts as asked: written with it under the shop's lock, so
      // that two callbacks handled side by side leave the sale as the delivery they leave stored. A come-back's moves its
      // customer's invitation figures (migration 072's triggers): under the shop's lock too, as every other writer of
      // them, else two callbacks side by side deadlocked on PostgreSQL, the loser's report lost (its review).
      const checkin = m.kind === 'checkin' && rank >= FINAL;
      if (!checkin && m.kind !== 'comeback') await db.run(q.delivery, write);
      else {
        await db.transaction(async (tx) => {
          await tx.lock(m.shopId);
          await tx.run(q.delivery, write);
          if (!checkin) return;
          const ids = idList(tx, [m.id]);
          if ((await tx.run(q.reported, { ids })) > 0) await tx.run(q.askedCustomer, { ids });
        });
      }
      return m;
    },
  };
}
export type MessageStore = ReturnType<typeof messageStore>;
