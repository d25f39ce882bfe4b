// Replies: what customers answered, which message and sale they answer, and what follows from them. Only a clearly
// happy reply stays off the owner's list; a problem or a question also alerts the owner at once, and so does one in a
// language the reader does not read; and any reply that is not clearly happy holds the customer's come-back
// invitation until the owner has handled it.
import { type Answering, type ReplyClass, looksAutomatic, otherLanguage, readWords, unwantedBecause, unwantedReply, writtenOnlyIn } from '../domain/classify.js';
import type { ChannelName } from '../domain/plan.js';
import { afterComplaint, allowedSlot } from '../domain/schedule.js';
import { GREETED_NAME, customerFromText } from './sales.js';
import { COMPLAINT, MADE_BY_TEXT, NO_SALE, SAME_PERSON } from './customers.js';
import { type Shop, shopStore } from './shops.js';
import { type Db, sql } from './sql.js';
import type { AutoReply } from '../templates.js';

export type OneTapAnswer = 'great' | 'unsure' | 'problem';
export const oneTapAnswers: readonly OneTapAnswer[] = ['great', 'unsure', 'problem'];

/** Who an inbound SMS is from: the customer, and the message it most likely answers. */
export interface InboundMatch {
  shopId: number;
  customerId: number;
  messageId: number | null;
  saleId: number | null;
  /** What that message is: a bare "Nee" declines a come-back invitation, and says something is wrong to a check-in. */
  answering?: Answering;
}

export interface NewReply extends InboundMatch {
  channel: ChannelName;
  providerId: string | null;
  answer: OneTapAnswer | null;
  body: string | null;
  /** Attachments an SMS (MMS) brought: photos, mostly. nextdeal keeps none, and says they came. */
  media?: number;
  at: number;
  /** Set for SMS keywords (STOP, START, HELP), which are not classified from their words; or the class read already. */
  keywordClass?: ReplyClass;
  /** The words to read, when not all of `body`: a request to hear no more is taken out ("" when nothing else is left). */
  read?: string;
  /**
   * What nextdeal answers the reply with (a thank-you, "sorry", …, or nothing), decided where it is stored from how it
   * is read and whether it is the first words or the first ask to the message; kept with it (answered_with).
   */
  answerWith?: (said: Said) => AutoReply | null;
  /** Alerted even where words of the row a text made alerted before (q.alert): a request to erase or to hear no more. */
  alertAlways?: boolean;
}

/** How a reply is read where it is stored: its class, and whether it is the first words or the first ask to its message. */
export interface Said {
  class: ReplyClass;
  firstToMessage: boolean;
  firstAsk: boolean;
}

/** The readings an owner can see and correct; the SMS keywords (STOP, START, HELP) are not readings. */
export type Reading = 'problem' | 'question' | 'positive' | 'other';
export const readings: readonly Reading[] = ['problem', 'question', 'other', 'positive'];
/** Readings that put a reply on the owner's list (and hold the come-back invitation) until it is handled. */
export const needsOwner = (r: string): boolean => r === 'problem' || r === 'question' || r === 'other';

export interface OpenReply {
  id: number;
  class: Exclude<Reading, 'positive'>;
  answer: OneTapAnswer | null;
  body: string | null;
  media: number;
  receivedAt: number;
  customerName: string | null;
  phone: string | null;
  email: string | null;
  items: string | null;
  reason: string | null;
}

// How much a class needs the owner: a comment can make a one-tap "great" into a question (or into words the owner
// should read), never the other way.
const severity: Record<ReplyClass, number> = { problem: 4, question: 3, other: 2, positive: 1, opt_out: 0, opt_in: 0, help: 0 };
const answerClass: Record<OneTapAnswer, ReplyClass> = { great: 'positive', unsure: 'other', problem: 'problem' };

/**
 * The class of a reply: from its one-tap answer and its words, whichever needs the owner more. `answering`: the
 * message it answers (a check-in when not known).
 */
export function replyClass(answer: OneTapAnswer | null, body: string | null, answering?: Answering): ReplyClass {
  return replyReading(answer, body, answering).class;
}

/**
 * replyClass(), and whether its words say only that something was a slip (readWords): one reading of them, for the
 * reply page, which needs both (answerOnPage).
 */
function replyReading(answer: OneTapAnswer | null, body: string | null, answering?: Answering): { class: ReplyClass; slip: boolean } {
  const words = body?.trim() ? readWords(body, answering) : null;
  const candidates: ReplyClass[] = [];
  if (answer) candidates.push(answerClass[answer]);
  if (words) candidates.push(words.class);
  return { class: candidates.sort((a, b) => severity[b] - severity[a])[0] ?? 'other', slip: words?.slip ?? false };
}

/**
 * Whether a reply alerts the owner at once: a problem or a question, or words in a language the reader does not read
 * (read as "other": only a person can tell whether it is a complaint).
 */
export const alerts = (cls: ReplyClass, body: string | null): boolean =>
  cls === 'problem' || cls === 'question' || (cls === 'other' && !!body && otherLanguage(body) !== null);

/**
 * A message the customer may have in her hands, and so may be answering: one sent, and one in doubt that went to her
 * (Twilio took it and its answer never came, or the dispatcher stopped mid-send: it may well have arrived). Before, a
 * reply that came while the shop's check-in was in doubt was filed under another shop's older text from the same
 * number: the wrong owner read the complaint, and the shop it was about never heard. Not one still being sent: Twilio
 * may yet refuse it or ask for it later, and a reply filed under it would leave the text she did get unanswered
 * (the review of the fix: a complaint about the butcher's rollade went to the hairdresser). Not one held in doubt by a
 * restore that never went to anyone (no recipient).
 */
const MAY_HAVE_COME = (m: string) => `(${m}.status = 'sent' OR (${m}.status = 'uncertain' AND ${m}.recipient IS NOT NULL AND ${m}.claimed_at IS NOT NULL))`;
/** When it went: sent, or handed over (its claim) when its answer did not come. */
const WENT = (m: string) => `coalesce(${m}.sent_at, ${m}.claimed_at)`;

/**
 * What a reply's words ask of the owner beyond a call, as its alert says it (src/queue/alerts.ts): 0 nothing, 1 the
 * messages were never wanted (unwantedReply: they stop, and the till's consent may need putting right), 2 her data
 * erased too, owed within a month.
 */
const owed = (words: string | null): number => (!words || !unwantedReply(words) ? 0 : unwantedBecause(words).includes('erase') ? 2 : 1);

/** Between the words of two answers on the reply page to one message, kept together (answerOnPage). */
const WORDS_APART = '\n\n';
/**
 * How long her words on one reply page may grow, answer after answer: three answers of the page's 2,000 characters.
 * Past it, new words are not added (a script posting to her link again and again grew one reply to 60,000).
 */
const PAGE_WORDS_MAX = 6_000;

/** A reply's place on the call-back list: 0 a problem, 1 a question, 2 the rest (then newest first: figures.ts). */
export const CALL_BACK_RANK = "CASE r.class WHEN 'problem' THEN 0 WHEN 'question' THEN 1 ELSE 2 END";

const q = {
  shopsBySender: sql<{ id: number }>('SELECT id FROM shops WHERE sms_from = ?'),
  customerByPhone: sql<{ id: number }>('SELECT id FROM customers WHERE shop_id = ? AND phone = ? ORDER BY details_at DESC LIMIT 1'),
  // The shops that text from the number the reply went to (their sms_from, '' for the shared TWILIO_FROM) and know
  // the sender: when only one does, the reply is theirs.
  shopsKnowingPhone: sql<{ id: number }>(`SELECT DISTINCT c.shop_id AS id FROM customers c JOIN shops s ON s.id = c.shop_id
    WHERE c.phone = ? AND coalesce(s.sms_from, '') = ? LIMIT 2`),
  // On a number shared by several shops, the reply answers the last SMS that went to this number from it: never one a
  // shop sent from its own number, nor one Twilio said never arrived (nobody answers a message they did not get).
  lastSmsToNumber: sql<{ id: number; shopId: number; customerId: number; saleId: number; kind: Answering }>(`SELECT m.id, m.shop_id AS shopId,
      m.customer_id AS customerId, m.sale_id AS saleId, m.kind FROM messages m JOIN shops s ON s.id = m.shop_id
    WHERE m.channel = 'sms' AND m.recipient = ? AND ${MAY_HAVE_COME('m')} AND coalesce(m.delivery, '') NOT IN ('undelivered', 'failed')
      AND coalesce(s.sms_from, '') = ? ORDER BY ${WENT('m')} DESC LIMIT 1`),
  // The last SMS that went to this phone from the number the reply came to (messages.sender, '' the shared one): the
  // thread on their phone is with that number, whichever shop texts from it now (the shop may have moved since). Not
  // when a join code went to the phone from that number since (a code keeps no number: its shop's now): the reply
  // answers the code, and is matched as before.
  lastSmsFrom: sql<{ id: number; shopId: number; customerId: number; saleId: number; kind: Answering }>(`SELECT m.id, m.shop_id AS shopId,
      m.customer_id AS customerId, m.sale_id AS saleId, m.kind FROM messages m
    WHERE m.channel = 'sms' AND m.recipient = @phone AND m.sender = @sender AND ${MAY_HAVE_COME('m')}
      AND coalesce(m.delivery, '') NOT IN ('undelivered', 'failed')
      AND NOT EXISTS (SELECT 1 FROM join_confirmations j JOIN shops s ON s.id = j.shop_id WHERE j.destination = @phone
        AND j.channel = 'sms' AND j.code_from IS NULL AND j.status IN ('sent', 'uncertain') AND coalesce(s.sms_from, '') = @sender
        AND coalesce(j.sent_at, j.created_at) > ${WENT('m')})
    ORDER BY ${WENT('m')} DESC LIMIT 1`),
  // On a shop's own number, the same: the last SMS it sent to this phone, whichever of the shop's customers with that
  // phone it was about (one phone may be two customers, and the newest details are not who was texted).
  lastSmsFromShop: sql<{ id: number; customerId: number; saleId: number; kind: Answering }>(`SELECT id, customer_id AS customerId, sale_id AS saleId, kind
    FROM messages m WHERE channel = 'sms' AND recipient = ? AND shop_id = ? AND ${MAY_HAVE_COME('m')}
      AND coalesce(delivery, '') NOT IN ('undelivered', 'failed') ORDER BY ${WENT('m')} DESC LIMIT 1`),
  lastSmsToCustomer: sql<{ id: number; saleId: number; kind: Answering }>(`SELECT id, sale_id AS saleId, kind FROM messages m
    WHERE customer_id = ? AND channel = 'sms' AND ${MAY_HAVE_COME('m')} AND coalesce(delivery, '') NOT IN ('undelivered', 'failed')
    ORDER BY ${WENT('m')} DESC LIMIT 1`),
  // One customer row with this phone at each other shop texting from the same number (see sharingNumber).
  onSameNumber: sql<{ id: number }>(`SELECT min(c.id) AS id FROM customers c JOIN shops s ON s.id = c.shop_id
    WHERE c.phone = ? AND coalesce(s.sms_from, '') = ? AND c.shop_id <> ? GROUP BY c.shop_id ORDER BY 1`),
  onSharedNumber: sql("SELECT count(*) FROM (SELECT 1 FROM shops WHERE coalesce(sms_from, '') = '' LIMIT 2) AS s"),
  receivedAt: sql<{ at: number }>('SELECT received_at AS at FROM replies WHERE provider_id = ?'),
  // A row with no sale: one a text to the shop's own number made (fromStranger), unless a sale found it since.
  noSale: sql(`SELECT 1 FROM customers c WHERE c.id = ? AND ${NO_SALE('c')}`),
  here: sql('SELECT 1 FROM customers WHERE id = ?'),
  // A STOP or START from a phone no customer matches: its MessageSid, and when it first came (migration 043).
  heard: sql<{ at: number }>('INSERT INTO keywords_heard (provider_id, heard_at) VALUES (?, ?) ON CONFLICT (provider_id) DO NOTHING RETURNING heard_at AS at'),
  heardAt: sql<{ at: number }>('SELECT heard_at AS at FROM keywords_heard WHERE provider_id = ?'),
  forgetHeard: sql('DELETE FROM keywords_heard WHERE heard_at < ?'),
  insert: sql<{ id: number }>(`INSERT INTO replies (shop_id, customer_id, message_id, sale_id, channel, provider_id, answer, body, media, class, read_as, received_at, answered_with)
    VALUES (@shopId, @customerId, @messageId, @saleId, @channel, @providerId, @answer, @body, @media, @class, @class, @at, @answeredWith)
    ON CONFLICT (provider_id) DO NOTHING RETURNING id`),
  replied: sql('UPDATE messages SET replied_at = coalesce(replied_at, ?) WHERE id = ?'),
  writesIn: sql('UPDATE customers SET locale = ? WHERE id = ? AND locale IS NULL AND erased_at IS NULL'),
  // Words answering the message (a HELP or START first does not use up its one thank-you).
  repliesToMessage: sql("SELECT count(*) FROM replies WHERE message_id = ? AND class NOT IN ('opt_out', 'opt_in', 'help')"),
  // The problems and questions to the message that were told they are heard, and a stranger's "wrong number", told the
  // number gets no more: nothing more to that thread. One stored with no word of it (NULL: before migration 071, or by
  // an instance of the release before during a rolling deploy) counts as it did then: a problem or a question, as first
  // read, was told.
  asksToMessage: sql(`SELECT count(*) FROM replies WHERE message_id = ? AND (answered_with IN ('sorry', 'question', 'received', 'received_sorry', 'misdirected')
    OR (answered_with IS NULL AND coalesce(read_as, class) IN ('problem', 'question')))`),
  // Not for words of a row a text made (MADE_BY_TEXT) while an alert of its earlier words is open (their reply not
  // handled, and still on the list): a bank's codes, a parcel service or a sender of offers texting the shop's own
  // number again and again was an e-mail to the owner each time. The later words are on the call-back list all the
  // same; once the owner has handled the words alerted, the next ones alert again. A customer's are each alerted.
  // (frv46a) Only for a day after the words alerted, and not after an alert that never reached the owner (refused):
  // a complaint a week after an unanswered question is news. Never for a request to erase or to hear no more (@always):
  // an erasure is owed within a month, and the list alone did not tell the owner of it.
  alert: sql(`INSERT INTO alerts (shop_id, reply_id, next_attempt_at)
    SELECT CAST(@shopId AS BIGINT), CAST(@replyId AS BIGINT), CAST(@at AS BIGINT)
    WHERE CAST(@always AS BIGINT) = 1 OR NOT EXISTS (SELECT 1 FROM customers c JOIN replies r ON r.customer_id = c.id JOIN alerts a ON a.reply_id = r.id
      WHERE c.id = @customerId AND ${MADE_BY_TEXT('c')} AND r.class IN ('problem', 'question', 'other') AND r.handled_at IS NULL
        AND a.status <> 'failed' AND r.received_at > CAST(@at AS BIGINT) - 86400000)`),
  // On every row of the same person: their invitation waits, whichever row the shop knows it under.
  hold: sql(`UPDATE messages SET held_by = @replyId
    WHERE customer_id IN ${SAME_PERSON} AND kind = 'comeback' AND status = 'scheduled' AND held_by IS NULL`),
  // Her complaint (COMPLAINT) holds every invitation of hers still to go, also one held by other words of hers (which
  // then no longer hold it: release() finds them open when the complaint is handled), and marks it, once, on the
  // message (migration 079): it names nothing bought, and what goes for a complaint goes for it (release, and the chore
  // that lets it lapse, which finds it by held_by = after_problem). Its planned time is kept from before any handling
  // moved it.
  holdForComplaint: sql(`UPDATE messages SET held_by = @replyId, after_problem = @replyId, planned_at = coalesce(planned_at, due_at)
    WHERE customer_id IN ${SAME_PERSON} AND kind = 'comeback' AND status = 'scheduled'`),
  // A reply the owner (or she, on the reply page) says is no complaint after all: the invitations it marked are
  // ordinary again (those it holds still wait for it as for any words that need the owner).
  unmark: sql(`UPDATE messages SET after_problem = NULL
    WHERE customer_id IN ${SAME_PERSON} AND kind = 'comeback' AND status = 'scheduled' AND after_problem = @replyId`),
  // Her last open complaint but this one: it holds her invitations once this one no longer does.
  otherComplaint: sql(`SELECT id FROM replies
    WHERE customer_id IN ${SAME_PERSON} AND id != @replyId AND ${COMPLAINT('replies')} AND handled_at IS NULL ORDER BY id + 0 DESC LIMIT 1`),
  handle: sql('UPDATE replies SET handled_at = ? WHERE id = ? AND shop_id = ? AND handled_at IS NULL'),
  reopen: sql('UPDATE replies SET handled_at = NULL WHERE id = ? AND shop_id = ? AND handled_at IS NOT NULL'),
  reply: sql<{ customerId: number; class: string; handledAt: number | null; erased: number; misdirected: number }>(
    `SELECT r.customer_id AS customerId, r.class, r.handled_at AS handledAt, CASE WHEN c.erased_at IS NULL THEN 0 ELSE 1 END AS erased,
      CASE WHEN r.answered_with = 'misdirected' THEN 1 ELSE 0 END AS misdirected
    FROM replies r LEFT JOIN customers c ON c.id = r.customer_id WHERE r.id = ? AND r.shop_id = ?`,
  ),
  /** A reply and whom it came from, named as on its card (GREETED_NAME): for the line after "Afgehandeld". */
  named: sql<{ name: string | null; phone: string | null; email: string | null; class: string; handledAt: number | null; erased: number; receivedAt: number; rank: number }>(
    `SELECT ${GREETED_NAME} AS name, c.phone, c.email, r.class, r.handled_at AS handledAt, r.received_at AS receivedAt, ${CALL_BACK_RANK} AS rank, CASE WHEN c.erased_at IS NULL THEN 0 ELSE 1 END AS erased
    FROM replies r JOIN customers c ON c.id = r.customer_id LEFT JOIN sales s ON s.id = r.sale_id WHERE r.id = ? AND r.shop_id = ?`,
  ),
  correct: sql('UPDATE replies SET class = @reading, corrected_at = @now WHERE id = @id'),
  // With the complaint that marked it, if one did, and its planned time (migration 079).
  held: sql<{ id: number; dueAt: number; customerId: number; afterProblem: number | null; plannedAt: number | null }>(
    `SELECT id, due_at AS dueAt, customer_id AS customerId, after_problem AS afterProblem, planned_at AS plannedAt
    FROM messages WHERE held_by = ? AND status = 'scheduled'`,
  ),
  // Another reply of the customer's (on any row of theirs, see SAME_PERSON) that still waits for the owner: the
  // invitation stays held, now by that one; by a complaint of hers first (as HOLDER in customers.ts).
  otherOpen: sql<{ id: number; complaint: number }>(`SELECT id, CASE WHEN ${COMPLAINT('replies')} THEN 1 ELSE 0 END AS complaint FROM replies
    WHERE customer_id IN ${SAME_PERSON} AND id != @replyId AND class IN ('problem', 'question', 'other') AND handled_at IS NULL
    ORDER BY 2 DESC, id DESC LIMIT 1`),
  rehold: sql('UPDATE messages SET held_by = @replyId, due_at = @dueAt WHERE id = @id'),
  reholdForComplaint: sql('UPDATE messages SET held_by = @replyId, due_at = @dueAt, after_problem = @replyId, planned_at = coalesce(planned_at, due_at) WHERE id = @id'),
  // An invitation whose complaint was handled too late for it (afterComplaint): it does not go, and the log says why.
  lapse: sql("UPDATE messages SET status = 'cancelled', error = 'complaint_late', error_detail = NULL WHERE id = ? AND status = 'scheduled'"),
  otherLive: sql(`SELECT coalesce(sent_at, next_attempt_at) FROM messages
    WHERE customer_id = ? AND id != ? AND status IN ('scheduled', 'sending', 'sent', 'uncertain') AND held_by IS NULL`),
  // Planned afresh: what it waited for before it was held (another message to her, another shop's text, the night) is no longer why it waits.
  release: sql(`UPDATE messages SET held_by = NULL, due_at = @dueAt, next_attempt_at = @dueAt,
    error = CASE WHEN error IN ('messaged_recently', 'number_busy', 'quiet_hours') THEN NULL ELSE error END WHERE id = @id`),
  // The reply page's answer to a message: one per message, which a later answer replaces.
  pageReply: sql<{ id: number; answer: string | null; body: string | null; class: string; readAs: string | null; handledAt: number | null; correctedAt: number | null;
    answeredWith: string | null; receivedAt: number }>(`SELECT id, answer, body, class, read_as AS readAs, handled_at AS handledAt, corrected_at AS correctedAt,
      answered_with AS answeredWith, received_at AS receivedAt FROM replies WHERE message_id = ? AND channel = 'email' AND provider_id IS NULL ORDER BY id DESC LIMIT 1`),
  // Her words on the reply page to a message, the first first (a handled answer's, then the one after it).
  pageWords: sql<{ body: string }>(`SELECT body FROM replies WHERE message_id = ? AND channel = 'email' AND provider_id IS NULL AND body IS NOT NULL
    ORDER BY id`),
  // A changed answer: her last tap, her words (kept, new ones added: answerOnPage), and its reading. The owner's
  // correction stays while the reading does; a changed reading is read afresh. (One the owner handled is changed only
  // when she tapped alone and now needs nobody; anything else after that is a new reply.) It is dated when something
  // new was said: a "Top" of weeks ago turned complaint is news, shown and sorted as what came today. What the page
  // answered them with is theirs (a stranger's "niet mijn adres": 'misdirected', no complaint of hers).
  replace: sql(`UPDATE replies SET answer = @answer, body = @body, class = @class, read_as = @readAs, corrected_at = @correctedAt, received_at = @at,
    answered_with = @answeredWith WHERE id = @id`),
  alertOnce: sql('INSERT INTO alerts (shop_id, reply_id, next_attempt_at) VALUES (?, ?, ?) ON CONFLICT (reply_id) DO NOTHING'),
  // Her alert once more, about her words as they are now (answerOnPage: an erasure asked after it went). Only one that
  // went, may have (in doubt) or could not (failed): one still waiting goes with her new words anyway, and one being
  // sent is the dispatcher's. Tried afresh, as a new alert is (one alert per reply: alerts.reply_id is unique).
  // (frv47c) One being sent goes again too: it was composed with her earlier words (the mail server taking it then
  // finds it no longer 'sending', markSent changes nothing, and it goes once more with the erasure), else the erasure
  // was never e-mailed.
  alertAgain: sql(`UPDATE alerts SET status = 'scheduled', next_attempt_at = @at, attempts = 0, error = NULL, error_detail = NULL, resent = 0
    WHERE reply_id = @replyId AND status IN ('sent', 'uncertain', 'failed', 'sending')`),
  // An alert not yet on its way for an answer that no longer needs the owner: it does not go.
  dropAlert: sql("DELETE FROM alerts WHERE reply_id = ? AND status = 'scheduled'"),
  open: sql<OpenReply>(`SELECT r.id, r.class, r.answer, r.body, r.media, r.received_at AS receivedAt,
      ${GREETED_NAME} AS customerName, c.phone, c.email, s.items, s.reason
    FROM replies r JOIN customers c ON c.id = r.customer_id LEFT JOIN sales s ON s.id = r.sale_id
    WHERE r.shop_id = ? AND r.class IN ('problem', 'question', 'other') AND r.handled_at IS NULL ORDER BY r.received_at DESC`),
};

export type Recorded =
  /** Received before (a redelivery): `at` is when it first came. */
  | { duplicate: true; at: number }
  /**
   * `firstToMessage`: the first words to the message it answers (STOP, START and HELP aside). `firstAsk`: a problem or
   * a question, and no earlier one to that message was told it is heard (a "Top!" first, then "Hij lekt toch": she is
   * told; a "Help!" that got the HELP text, or a complaint sent while she had opted out, was not). `answered`: what
   * `answerWith` said to answer it with.
   */
  | { duplicate: false; id: number; class: ReplyClass; alerted: boolean; firstToMessage: boolean; firstAsk: boolean; answered: AutoReply | null };

/**
 * Finds the customer an inbound SMS is from: by the last SMS that went to them from the number it came to (a number no
 * shop names now is the shared TWILIO_FROM, unless one was sent from it), whichever shop sent it and texts from where
 * now. Else as before (an SMS of a version that kept no number, a reply to a shop's number from a phone it texted only
 * from another): by the shop's own number, else, on a number several shops text from, by the last SMS those shops sent
 * to them.
 */
async function matchInbound(db: Db, from: string, to: string): Promise<InboundMatch | undefined> {
  const byNumber = await db.all(q.shopsBySender, [to]);
  for (const sender of byNumber.length === 0 ? [to, ''] : [to]) {
    const last = await db.get(q.lastSmsFrom, { phone: from, sender });
    if (last) return { shopId: last.shopId, customerId: last.customerId, messageId: last.id, saleId: last.saleId, answering: last.kind };
  }
  let shopId: number | undefined;
  let customerId: number | undefined;
  if (byNumber.length === 1) {
    shopId = byNumber[0]!.id;
    const last = await db.get(q.lastSmsFromShop, [from, shopId]);
    if (last) return { shopId, customerId: last.customerId, messageId: last.id, saleId: last.saleId, answering: last.kind };
  } else {
    const sender = byNumber.length > 1 ? to : '';
    const last = await db.get(q.lastSmsToNumber, [from, sender]);
    if (last) return { shopId: last.shopId, customerId: last.customerId, messageId: last.id, saleId: last.saleId, answering: last.kind };
    const known = await db.all(q.shopsKnowingPhone, [from, sender]);
    if (known.length === 1) shopId = known[0]!.id;
  }
  if (shopId !== undefined) customerId = (await db.get(q.customerByPhone, [shopId, from]))?.id;
  if (shopId === undefined || customerId === undefined) return undefined;
  const last = await db.get(q.lastSmsToCustomer, [customerId]);
  return { shopId, customerId, messageId: last?.id ?? null, saleId: last?.saleId ?? null, ...(last && { answering: last.kind }) };
}

/**
 * Stores a reply once (a redelivered SMS webhook is recognised by its MessageSid). A reply that alerts() raises an
 * alert for the owner when the shop has an alert address (one a row a text made raises while no alert of its is open:
 * q.alert); any reply that needs the owner holds the customer's
 * come-back invitation until it is handled. In a transaction holding the shop's lock.
 */
async function record(tx: Db, r: NewReply): Promise<Recorded> {
  const cls = r.keywordClass ?? replyClass(r.answer, r.read ?? r.body, r.answering);
  const firstToMessage = r.messageId === null || Number(await tx.value(q.repliesToMessage, [r.messageId])) === 0;
  const asks = cls === 'problem' || cls === 'question';
  const firstAsk = asks && (firstToMessage || Number(await tx.value(q.asksToMessage, [r.messageId])) === 0);
  const answered = r.answerWith?.({ class: cls, firstToMessage, firstAsk }) ?? null;
  const id = await tx.value<number>(q.insert, { ...r, media: r.media ?? 0, class: cls, answeredWith: answered ?? 'none' });
  if (id === undefined) return { duplicate: true, at: Number(await tx.value(q.receivedAt, [r.providerId])) };
  if (r.messageId !== null) await tx.run(q.replied, [r.at, r.messageId]);
  // (Not a stranger's "wrong number": her words are not the customer's.)
  if (answered !== 'misdirected') keepLanguage(tx, r.customerId, r.body, cls);
  const shop = (await shopStore(tx).byId(r.shopId))!;
  const alerted = alerts(cls, r.body) && !!shop.alertEmail
    && (await tx.run(q.alert, { shopId: r.shopId, replyId: id, at: r.at, customerId: r.customerId, always: r.alertAlways ? 1 : 0 })) === 1;
  if (needsOwner(cls)) await hold(tx, id, r.customerId, isComplaint(cls, answered));
  return { duplicate: false, id, class: cls, alerted, firstToMessage, firstAsk, answered };
}

/**
 * Words in a language nextdeal writes, and in it alone, are hers to be written to in, where nothing said one (sale.ts
 * customerVoice): a Dutch reader with a German SIM, written to in English by her number, who answers in Dutch gets her
 * invitation in Dutch, as the answer to her words was. A till's locale at a newer sale still replaces it. Not words
 * that mix the two ("Alles prima, thank you very much": a Dutch customer is not written English for good), nor her
 * phone's out-of-office, whose language is the phone's menus, not hers.
 */
function keepLanguage(tx: Db, customerId: number, words: string | null, cls: ReplyClass): void {
  // (An automatic reply is one read so, 'other': her complaint after her phone's "can't talk now" is hers.)
  const tongue = !words || (cls === 'other' && looksAutomatic(words)) ? null : writtenOnlyIn(words);
  if (tongue) tx.send(q.writesIn, [tongue, customerId]);
}

/** Her complaint: a reply read as a problem, not a stranger's "verkeerd nummer" (COMPLAINT in customers.ts says it in SQL). */
const isComplaint = (cls: string, answeredWith: string | null): boolean => cls === 'problem' && answeredWith !== 'misdirected';

/** A reply that needs the owner holds the customer's come-back invitation; her complaint marks it too (holdForComplaint). */
const hold = (tx: Db, replyId: number, customerId: number, complaint: boolean) => tx.run(complaint ? q.holdForComplaint : q.hold, { replyId, customerId });

/**
 * A reply that is no complaint after all (the owner's reading, her new answer on the reply page): the invitations it
 * marked are ordinary again, and another open complaint of hers, if any, holds them (and marks them) in its place.
 * Before release(), which then lets them go as any.
 */
async function unmark(tx: Db, replyId: number, customerId: number): Promise<void> {
  await tx.run(q.unmark, { replyId, customerId });
  const other = await tx.value<number | null>(q.otherComplaint, { replyId, customerId });
  if (other != null) await tx.run(q.holdForComplaint, { replyId: other, customerId });
}

/**
 * A reply no longer holds the come-back invitation: it stays held by another reply of the customer's that still waits
 * for the owner, or goes out at its time, or at the next allowed moment if that passed. One this reply marked as her
 * complaint's (after_problem: the owner handled the complaint) goes no sooner than the morning after, and lapses when
 * that is more than COMPLAINT_GRACE after its planned time (afterComplaint): "we would like to see you again" weeks
 * after her complaint comes out of the blue. Words that are no complaint let it go as ever, and never make it lapse.
 * Her erasure closes her replies, and so lets go what they held on her other rows (privacy.ts, erase); `stays`: those
 * it leaves held (the retention purge's own, see there).
 */
export async function release(tx: Db, shop: Shop, replyId: number, customerId: number, now: number, stays: ReadonlySet<number> = new Set()): Promise<void> {
  const other = await tx.get(q.otherOpen, { customerId, replyId });
  for (const m of await tx.all(q.held, [replyId])) {
    if (stays.has(Number(m.id))) continue;
    const dueAt = Number(m.dueAt);
    const complaint = m.afterProblem !== null && Number(m.afterProblem) === replyId;
    const notBefore = complaint ? afterComplaint(Number(m.plannedAt ?? dueAt), now, shop) : now;
    if (notBefore === null) {
      await tx.run(q.lapse, [m.id]);
      continue;
    }
    if (other) {
      // Still held, by her other words: it goes no sooner than this complaint's morning after all the same.
      await tx.run(Number(other.complaint) === 1 ? q.reholdForComplaint : q.rehold, { id: m.id, replyId: other.id, dueAt: complaint ? Math.max(dueAt, notBefore) : dueAt });
      continue;
    }
    await tx.run(q.release, { id: m.id, dueAt: allowedSlot(Math.max(dueAt, notBefore), await tx.values<number>(q.otherLive, [m.customerId, m.id]), shop) });
  }
}

/**
 * The customer a reply was matched to (matchInbound, outside the shop's lock) is no longer there: a row a text made,
 * taken in by a till's sale since (sales.ts takeIn, which deletes it). Nothing is recorded; matched again, the reply
 * finds her row, which has the phone now.
 */
export class TakenIn extends Error {}

export function replyStore(db: Db) {
  /** A unit of work on one shop's replies: its writers go one at a time. */
  const onShop = <T>(shopId: number, fn: (tx: Db) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      await tx.lock(shopId);
      return fn(tx);
    });

  return {
    matchInbound: (from: string, to: string) => matchInbound(db, from, to),
    /**
     * The number `to` when shops text from it in common (`sender`: '' for the shared TWILIO_FROM, which any shop without
     * a number of its own uses, else the number several shops name), with whether more than one does now, and the
     * customers with the phone `from` at the shops other than `shopId` that text from it too: a STOP to a number stops
     * that number, whichever shop's message it answered. Null when `to` is one shop's own number.
     */
    sharingNumber: async (from: string, to: string, shopId: number): Promise<{ sender: string; several: boolean; customerIds: number[] } | null> => {
      const owners = await db.all(q.shopsBySender, [to]);
      if (owners.length === 1) return null;
      const sender = owners.length > 1 ? to : '';
      const several = owners.length > 1 || Number(await db.value(q.onSharedNumber)) > 1;
      return { sender, several, customerIds: (await db.all(q.onSameNumber, [from, sender, shopId])).map((r) => r.id) };
    },
    /**
     * A reply, recorded (see record). TakenIn when its customer is gone: only a row a text made goes (takeIn), and it
     * has no message to answer, so a reply to a message needs no look (the reply's insert named a row no longer there,
     * and an SMS's was a 500).
     */
    record: (r: NewReply) =>
      onShop(r.shopId, async (tx) => {
        if (r.messageId === null && (await tx.value(q.here, [r.customerId])) === undefined) throw new TakenIn();
        return record(tx, r);
      }),
    /**
     * The shop whose own number `to` is (its sms_from, no other shop's): none for the shared TWILIO_FROM, nor for a
     * number several shops text from.
     */
    ownNumberOf: async (to: string): Promise<number | undefined> => {
      const owners = await db.all(q.shopsBySender, [to]);
      return owners.length === 1 ? owners[0]!.id : undefined;
    },
    /** Whether the customer has no sale: a row a text made (fromStranger), which no purchase is about. */
    withoutSale: async (customerId: number): Promise<boolean> => (await db.value(q.noSale, [customerId])) !== undefined,
    /**
     * Words to the shop's own number from a phone no customer of the shop has (an erased customer, a new number,
     * anyone the shop gave its number to): a row for the phone (customerFromText), made with the reply in one
     * transaction under the shop's lock, so that two texts at once make one row and a redelivered one nothing new; or
     * the row a text of theirs made before. The reply is recorded as any (message and sale none): on the call-back
     * list, alerting the owner, holding what a reply holds. Never answered: whoever it is was promised nothing by the
     * shop, and may be a machine (an auto-responder answered back). `customerId`: the row.
     */
    fromStranger: (r: Omit<NewReply, 'customerId' | 'messageId' | 'saleId' | 'answering' | 'answerWith'> & { phone: string }) =>
      onShop(r.shopId, async (tx): Promise<Recorded & { customerId: number }> => {
        const shop = (await shopStore(tx).byId(r.shopId))!;
        const { phone, ...reply } = r;
        const customerId = (await tx.get(q.customerByPhone, [r.shopId, phone]))?.id ?? (await customerFromText(tx, shop, phone, r.at));
        return { ...(await record(tx, { ...reply, customerId, messageId: null, saleId: null })), customerId };
      }),
    /**
     * A STOP or START from a phone no customer matches, by its MessageSid: when it first came, so that Twilio's
     * redelivery of it is dated then, as a customer's reply is. Kept a week (redeliveries come within hours).
     */
    keywordHeard: async (providerId: string, at: number): Promise<number> => {
      await db.run(q.forgetHeard, [at - 7 * 86_400_000]);
      return Number(((await db.get(q.heard, [providerId, at])) ?? (await db.get(q.heardAt, [providerId]))!).at);
    },

    /**
     * The owner dealt with it: off the list, and the invitation it held is released. 'already' when it was handled
     * before (on the shop's other phone, in an older tab); null when the shop has no such reply.
     */
    handle: (shop: Shop, replyId: number, now: number): Promise<'handled' | 'already' | null> =>
      onShop(shop.id, async (tx) => {
        const r = await tx.get(q.reply, [replyId, shop.id]);
        if (!r) return null;
        if (!(await tx.run(q.handle, [now, replyId, shop.id]))) return 'already';
        await release(tx, shop, replyId, r.customerId, now);
        return 'handled';
      }),

    /**
     * "Handled" taken back (a tap meant for the button beside it): on the list again, and holding the come-back
     * invitation again if it has not gone out yet. False when the shop has no such reply handled, and for an erased
     * customer's: their erasure handled it, and there is nobody to call back (the privacy review of 6 December: it stood
     * on the list again as "Terugbellen (1)" with no name, words or number). True, and nothing done, for one on the list
     * already: a second tap, or the shop's other phone, is done all the same, as "Afgehandeld" twice is.
     */
    reopen: (shop: Shop, replyId: number): Promise<boolean> =>
      onShop(shop.id, async (tx) => {
        const r = await tx.get(q.reply, [replyId, shop.id]);
        if (!r || r.erased === 1 || !needsOwner(r.class)) return false;
        if (r.handledAt === null) return true;
        await tx.run(q.reopen, [replyId, shop.id]);
        await hold(tx, replyId, r.customerId, isComplaint(r.class, r.misdirected === 1 ? 'misdirected' : null));
        return true;
      }),

    /**
     * The owner reads a reply otherwise than the reader did ("this was a problem"). It moves to the list of its new
     * reading: read as happy, it leaves the owner's list and holds nothing; read as anything else while not handled,
     * it is on the list and holds the come-back invitation. No alert: the owner is looking at it.
     */
    correct: (shop: Shop, replyId: number, reading: Reading, now: number): Promise<boolean> =>
      onShop(shop.id, async (tx) => {
        const r = await tx.get(q.reply, [replyId, shop.id]);
        if (!r || !(readings as readonly string[]).includes(r.class)) return false;
        await tx.run(q.correct, { id: replyId, reading, now });
        const said = r.misdirected === 1 ? 'misdirected' : null;
        // Read as no complaint, the invitations it marked are ordinary again; read as one, those it holds are marked.
        if (isComplaint(r.class, said) && !isComplaint(reading, said)) await unmark(tx, replyId, r.customerId);
        if (!needsOwner(reading)) await release(tx, shop, replyId, r.customerId, now);
        else if (r.handledAt === null) await hold(tx, replyId, r.customerId, isComplaint(reading, said));
        return true;
      }),

    /**
     * The answer on the reply page (/r/<token>): one per message. The first is recorded like any reply; a later one
     * changes it instead of adding a second: her last tap is her answer, and her words are kept, new words added after
     * them. Words never go: she opens the page again, which shows what she sent, and adds or changes her answer ("Top,
     * alles goed" once her question is off her chest); before, that bare tap replaced her question with nothing, took
     * it off the owner's list and let go of the invitation it held, and the owner's alert led to "Tevreden". So words
     * she wrote keep their reading (the reader's, or the owner's correction): a later answer can make it need the
     * owner more (a problem now), never less; the owner reads it all and handles it. A tap alone after a tap alone
     * replaces it as ever ("Er is een probleem", then "Toch top!"). The owner is alerted once per reply: a changed
     * answer that alerts() raises the alert only if none was raised, and again only when her words now ask more of the
     * owner (owed: an erasure); an alert still waiting to go out is dropped when the answer no longer alerts. Holding
     * follows the rules above: an answer that needs the owner holds the come-back invitation; one that does not
     * releases what this reply held, as `correct` does. The same tap again, with no words or the words she sent last (a
     * refresh, a second tap), changes nothing: not the owner's reading, nor "handled". Once the owner has handled her
     * words, a new answer (new words that need the owner, a tap, other words) is a reply of its own, recorded like any
     * (one that needs the owner with its own alert): the owner dealt with the first words, which stay as handled; the
     * new answer is news ("it leaks worse now"). An answer that needs nobody replaces one she tapped alone that the
     * owner handled, as before.
     */
    answerOnPage: (r: NewReply & { messageId: number }) =>
      onShop(r.shopId, async (tx) => {
        const before = await tx.get(q.pageReply, [r.messageId]);
        if (!before) return { ...(await record(tx, r)), replaced: false };
        // Words she sent, again (a refresh), add nothing; no words add nothing either. (Any of her earlier answers'
        // words again, not only the last: the browser's back button re-sends the first form.)
        const added = r.body !== null && !`${WORDS_APART}${before.body ?? ''}${WORDS_APART}`.includes(`${WORDS_APART}${r.body}${WORDS_APART}`)
          && (before.body?.length ?? 0) + r.body.length <= PAGE_WORDS_MAX ? r.body : null;
        // The same tap (or none) and nothing new said (the page refreshed, a second tap): the owner's reading and
        // "handled" stand, nothing is held or released again, and the owner is not alerted again.
        // The class it answers with is for the customer's page: the owner's corrected reading would tell one who tapped
        // "there is a problem" that all is well; neither that nor a promise to mail is said then, only that the shop
        // reads it ('other').
        const reading = r.keywordClass === undefined ? replyReading(r.answer, r.read ?? r.body, r.answering) : { class: r.keywordClass, slip: false };
        const own = reading.class;
        // What the page says to her: her own latest answer when it takes the kept words back ("Sorry, alles is in orde"
        // after a complaint: not "Wat vervelend, we mailen je"); the owner still reads it all, so only that ('other').
        const calm = own === 'positive' || own === 'other'; // her latest answer needs nobody to call
        const says = (cls: ReplyClass): ReplyClass => (before.body !== null && calm && severity[own] < severity[cls] ? 'other' : cls);
        if (added === null && (r.answer === null || before.answer === r.answer)) {
          const cls = before.correctedAt === null ? says(before.class as ReplyClass) : 'other';
          return { duplicate: false as const, id: before.id, class: cls, alerted: false, firstToMessage: false, firstAsk: false, answered: null, replaced: true };
        }
        const kept = before.body !== null;
        // Handled: her words (or a tap that needed the owner) stay as the owner left them; anything new is its own.
        if (before.handledAt !== null && (kept || needsOwner(own))) {
          const anew = added === null ? { ...r, body: null, read: undefined } : r; // words she sent before are not news
          return { ...(await record(tx, anew)), firstToMessage: false, firstAsk: false, answered: null, replaced: false };
        }
        // Her words kept, their reading is the floor: the owner's correction stands unless the new answer needs more.
        // Except her own new words taking it back ("Sorry, alles is in orde", "Laat maar, al opgelost"): no complaint
        // nor question any more (the invitation no longer marked, the figures not counting it so), but the owner still
        // reads it all: 'other' ("Lees zelf"), on the list. A bare tap never lowers it (the explorer's review).
        // (frv47c) Not an erasure she asked: "alles is in orde" after it takes back no request owed within a month (its
        // alert, once more or first, still goes; dropped, the e-mail about the erasure never went). Nor a slip said and
        // nothing more ("sorry verkeerde knop" after "De ketting springt eraf" and a happy tap): the wrong button may be
        // the tap, not the complaint (frv47a). Her words are read once, for the class above and this (less a request to
        // hear no more: r.read); the page gives a class of its own only where it is no calm one (a stranger's address,
        // a bare opt-out), and reads no words then.
        const back = kept && added !== null && calm && severity[before.class as ReplyClass] > severity.other && owed(before.body) < 2
          && !reading.slip;
        const floor = (had: ReplyClass): ReplyClass => (back ? 'other' : kept && severity[had] >= severity[own] ? had : own);
        const cls = floor(before.class as ReplyClass);
        const readAs = floor((before.readAs ?? before.class) as ReplyClass);
        const body = kept ? (added === null ? before.body : `${before.body}${WORDS_APART}${added}`) : r.body;
        const answeredWith = r.answerWith?.({ class: cls, firstToMessage: false, firstAsk: false }) ?? (kept ? (before.answeredWith ?? 'none') : 'none');
        const correctedAt = cls === before.class && kept ? before.correctedAt : null;
        // Dated when something new was said (words, or a tap that reads otherwise): see q.replace.
        const at = added !== null || cls !== before.class || !kept ? r.at : before.receivedAt;
        await tx.run(q.replace, { id: before.id, answer: r.answer, body, class: cls, readAs, correctedAt, at, answeredWith });
        keepLanguage(tx, r.customerId, added, own); // (words added after a tap alone, or after earlier words)
        // Her complaint taken back ("Toch top!"): the invitation it marked is ordinary again.
        if (isComplaint(before.class, before.answeredWith) && !isComplaint(cls, answeredWith)) await unmark(tx, before.id, r.customerId);
        const shop = (await shopStore(tx).byId(r.shopId))!;
        let alerted = false;
        // Her words kept alert as they did (a language the reader does not read, now beside Dutch words). Words that
        // ask the owner for more than her alert said (her data erased, "nooit toestemming gegeven") alert again, once,
        // as a second SMS saying them would: the owner e-mailed about her question did not hear she then asked to be
        // erased, a request with a deadline. Nothing else said after it does: the owner reads it on the card.
        if ((alerts(cls, body) || (kept && !back && alerts(before.class as ReplyClass, before.body))) && shop.alertEmail) {
          alerted = (await tx.run(q.alertOnce, [r.shopId, before.id, r.at])) === 1
            || (cls === 'problem' && owed(body) > owed(before.body) && (await tx.run(q.alertAgain, { replyId: before.id, at: r.at })) === 1);
        } else await tx.run(q.dropAlert, [before.id]);
        if (!needsOwner(cls)) await release(tx, shop, before.id, r.customerId, r.at);
        else await hold(tx, before.id, r.customerId, isComplaint(cls, answeredWith));
        return { duplicate: false as const, id: before.id, class: says(cls), alerted, firstToMessage: false, firstAsk: false, answered: null, replaced: true };
      }),

    /**
     * What she answered on the reply page to a message, for the page opened again: her last tap, and her words (of
     * every answer there, the first first; erased words are gone). Undefined when she has not answered there.
     */
    onPage: async (messageId: number): Promise<{ answer: OneTapAnswer | null; words: string | null } | undefined> => {
      const last = await db.get(q.pageReply, [messageId]);
      if (!last) return undefined;
      const words = (await db.values<string>(q.pageWords, [messageId])).join(WORDS_APART);
      return { answer: last.answer as OneTapAnswer | null, words: words || null };
    },

    open: (shopId: number): Promise<OpenReply[]> => db.all(q.open, [shopId]),

    /**
     * A reply of the shop the owner handled, still handled and of a kind "Terug op de lijst" puts back: whom it came
     * from (null for an erased customer's, whose name is gone and which cannot be put back), and where it stood on the
     * call-back list (its rank and time). Undefined otherwise.
     */
    stillHandled: async (shop: Shop, replyId: number): Promise<{ name: string | null; phone: string | null; email: string | null; erased: boolean; rank: number; at: number } | undefined> => {
      const r = await db.get(q.named, [replyId, shop.id]);
      if (!r || r.handledAt === null || !needsOwner(r.class)) return undefined;
      return { name: r.erased === 1 ? null : r.name, phone: r.erased === 1 ? null : r.phone, email: r.erased === 1 ? null : r.email, erased: r.erased === 1, rank: Number(r.rank), at: Number(r.receivedAt) };
    },

    /** The customer a reply of the shop came from; undefined when the shop has no such reply. */
    customerOf: async (shop: Shop, replyId: number): Promise<number | undefined> => (await db.get(q.reply, [replyId, shop.id]))?.customerId,
  };
}
export type ReplyStore = ReturnType<typeof replyStore>;
