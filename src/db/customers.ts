// Consent per channel, with its history; and the customer's rights: export and erasure (AVG/GDPR).
import type { NotSent } from '../domain/not-sent.js';
import type { ChannelName } from '../domain/plan.js';
import { wouldBe } from './experiments.js';
import { fingerprintKey, keyed } from './fingerprint.js';
import { type Db, sql } from './sql.js';

/**
 * Where a consent change came from. `customer_page`: the consent page as it was before double opt-in (history only);
 * `customer_page_confirmed`: the customer on a public page, after proving the number or address with a code or link.
 */
export type ConsentSource = 'till' | 'sms_keyword' | 'unsubscribe_link' | 'owner' | 'provider' | 'customer_page' | 'customer_page_confirmed';

export interface CustomerRef {
  id: number;
  shopId: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  locale: string | null;
  smsOptedOutAt: number | null;
  emailOptedOutAt: number | null;
}

/**
 * The rows of the shop that may be the same person as customer @customerId (a statement's parameter): theirs, and every
 * row with their phone number or e-mail address (a till may know one person, or one household's phone, as two
 * customers). A return or a complaint counts for all of them, as the check-ins' gap does (see liveMessages).
 */
export const SAME_PERSON = `(SELECT CAST(@customerId AS BIGINT)
  UNION SELECT o.id FROM customers c JOIN customers o ON o.phone = c.phone AND o.shop_id = c.shop_id WHERE c.id = @customerId
  UNION SELECT o.id FROM customers c JOIN customers o ON o.email = c.email AND o.shop_id = c.shop_id WHERE c.id = @customerId)`;

/**
 * In SQL, over a customers row `c`: it has no sale, as the row a text to the shop's own number made has (replies.ts
 * fromStranger) until a till's sale finds it; so has one `attach` took its sale from. The words of such a row go as a
 * stranger's (twilio.ts), and its alert and card say it has no purchase (alerts.ts, figures.ts): one definition.
 */
export const NO_SALE = (c: string) => `NOT EXISTS (SELECT 1 FROM sales x WHERE x.customer_id = ${c}.id)`;
/**
 * In SQL, over a customers row `c`: a row a text made (sales.ts customerFromText) that no sale found since: no sale
 * (NO_SALE), no till's id, details of no time (0). A till's sale that gives another row of the shop its phone takes it
 * in (sales.ts takeIn); its words alert the owner once while that alert's reply is open (replies.ts record).
 */
export const MADE_BY_TEXT = (c: string) => `(${c}.details_at = 0 AND ${c}.pos_customer_id IS NULL AND ${NO_SALE(c)})`;

/**
 * In SQL, over a replies row `r`: it is her complaint, a reply read as a problem that is not a stranger's "verkeerd
 * nummer" (by SMS, or the reply page's wrong address: both answered 'misdirected'). A complaint that holds a come-back
 * invitation marks it (messages.after_problem, migration 079): it names nothing bought, goes no sooner than the morning
 * after the complaint is handled, and lapses when that is too late (src/db/replies.ts release).
 */
export const COMPLAINT = (r: string) => `(${r}.class = 'problem' AND coalesce(${r}.answered_with, '') <> 'misdirected')`;

/**
 * The reply of the same person (SAME_PERSON) that holds a come-back invitation of hers, if any: an open complaint of
 * hers first (so that a complaint holding it is what held_by names: the lapse chore finds it by that), else her last
 * open reply that needs the owner. Through her own rows' replies only (replies_by_customer).
 */
export const HOLDER = `(SELECT id FROM replies WHERE customer_id IN ${SAME_PERSON} AND class IN ('problem', 'question', 'other') AND handled_at IS NULL
  ORDER BY CASE WHEN ${COMPLAINT('replies')} THEN 0 ELSE 1 END, id DESC LIMIT 1)`;
/**
 * Her last open complaint (COMPLAINT), as HOLDER finds it: what marks an invitation held from the start. (Not max(id):
 * for that SQLite walked the whole table down from its last id.)
 */
export const OPEN_COMPLAINT = `(SELECT id FROM replies WHERE customer_id IN ${SAME_PERSON} AND ${COMPLAINT('replies')} AND handled_at IS NULL
  ORDER BY id + 0 DESC LIMIT 1)`;

/**
 * How a number or address that opted out is kept past its customer's erasure (migration 035): keyed, not readable.
 * `contact` may be the other channel's (privacy.ts, erase): an e-mail stop kept under the customer's number
 * (`email:+316…`, which no address is), an SMS stop under her address (`sms:…@…`, which no number is).
 */
export const stoppedHash = (key: string, channel: ChannelName, contact: string): string => keyed(key, `${channel}:${contact}`);

/**
 * How a number someone answered was not theirs ("verkeerd nummer") is kept for the shop (in stopped_contacts, beside the
 * STOPs): keyed, not readable, and apart from a STOP's, since it is no customer's opt-out (a till that sends it again
 * for them is not believed, see sales.ts, and they are texted on their right number).
 */
export const wrongHash = (key: string, channel: ChannelName, contact: string): string => keyed(key, `wrong:${channel}:${contact}`);

/**
 * How a STOP to a number several shops text from is kept (migration 039): the sending number (`sender`: a shop's
 * sms_from, '' for the shared TWILIO_FROM) and the phone, keyed, not readable.
 */
export const numberStopHash = (key: string, sender: string, phone: string): string => keyed(key, `from:${sender}:sms:${phone}`);

/**
 * In SQL, over a stopped_numbers row `n`: its STOP still holds for the shop `shop` (an SQL expression), as no START to
 * the number itself (shop 0) nor consent given to that shop came after it (migration 041). Later wins, whichever was
 * kept first; at the same moment, the STOP.
 */
export const STILL_STOPPED = (shop: string): string => `NOT EXISTS (SELECT 1 FROM started_numbers r
  WHERE r.pair_hash = n.pair_hash AND r.shop_id IN (0, ${shop}) AND r.started_at > n.stopped_at)`;

/** What the owner's page says about messages an opt-out cancelled, by where the customer opted out. */
const optOutReason: Record<ConsentSource, NotSent> = {
  sms_keyword: 'opted_out_keyword',
  unsubscribe_link: 'opted_out_link',
  provider: 'opted_out_provider',
  till: 'opted_out',
  owner: 'opted_out',
  customer_page: 'opted_out',
  customer_page_confirmed: 'opted_out',
};

const columns = `id, shop_id AS shopId, name, phone, email, locale, sms_opted_out_at AS smsOptedOutAt, email_opted_out_at AS emailOptedOutAt`;

const q = {
  byId: sql<CustomerRef>(`SELECT ${columns} FROM customers WHERE id = ?`),
  forgetStopped: sql('DELETE FROM stopped_contacts WHERE shop_id = ? AND contact_hash IN (?, ?, ?)'),
  drop: { sms: sql('UPDATE customers SET phone = NULL WHERE id = ?'), email: sql('UPDATE customers SET email = NULL WHERE id = ?') },
  keepStopped: sql('INSERT INTO stopped_contacts (shop_id, contact_hash, stopped_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
  senderOf: sql<string>("SELECT coalesce(sms_from, '') FROM shops WHERE id = ?"),
  // The latest of each is kept, whatever order they come in (a webhook delivered again late, two instances at once).
  stopNumber: sql(`INSERT INTO stopped_numbers (pair_hash, stopped_at) VALUES (?, ?)
    ON CONFLICT (pair_hash) DO UPDATE SET stopped_at = excluded.stopped_at WHERE excluded.stopped_at > stopped_numbers.stopped_at`),
  startNumber: sql(`INSERT INTO started_numbers (pair_hash, shop_id, started_at) VALUES (?, ?, ?)
    ON CONFLICT (pair_hash, shop_id) DO UPDATE SET started_at = excluded.started_at WHERE excluded.started_at > started_numbers.started_at`),
  numberStopped: sql(`SELECT 1 FROM stopped_numbers n WHERE pair_hash = @hash AND ${STILL_STOPPED('@shopId')}`),
  // The same, or a STOP to the shop itself: a row of the shop with the phone opted out of SMS, or its STOP kept past
  // the erasure of the rows that had it (stopped_contacts). Each holds as the number's does: until a START to the
  // number (shop 0) or consent given to the shop (its shop_id) after it.
  smsStopped: sql(`SELECT 1 FROM (SELECT stopped_at FROM stopped_numbers WHERE pair_hash = @hash
      UNION ALL SELECT sms_opted_out_at FROM customers WHERE phone = @phone AND shop_id = @shopId AND sms_opted_out_at IS NOT NULL
      UNION ALL SELECT stopped_at FROM stopped_contacts WHERE shop_id = @shopId AND contact_hash = @contact) AS n
    WHERE NOT EXISTS (SELECT 1 FROM started_numbers r WHERE r.pair_hash = @hash AND r.shop_id IN (0, @shopId) AND r.started_at > n.stopped_at)
    LIMIT 1`),
  // An unsubscribe from the shop's e-mails (the link, "Niets meer sturen", the owner) on a row of the shop with the
  // address, or kept past the erasure of the rows that had it. Only consent given again to the shop takes it back.
  emailStopped: sql(`SELECT 1 FROM customers WHERE shop_id = @shopId AND email = @email AND email_opted_out_at IS NOT NULL
    UNION ALL SELECT 1 FROM stopped_contacts WHERE shop_id = @shopId AND contact_hash = @contact LIMIT 1`),
  byPhone: sql<CustomerRef>(`SELECT ${columns} FROM customers WHERE shop_id = ? AND phone = ? ORDER BY details_at DESC LIMIT 1`),
  byEmail: sql<CustomerRef>(`SELECT ${columns} FROM customers WHERE shop_id = ? AND email = ? ORDER BY details_at DESC LIMIT 1`),
  event: sql('INSERT INTO consent_events (shop_id, customer_id, channel, given, source, at) VALUES (?, ?, ?, ?, ?, ?)'),
  // Both channels' consent of a sale at once (a new customer's, the common case).
  events: sql(`INSERT INTO consent_events (shop_id, customer_id, channel, given, source, at)
    VALUES (?, ?, 'sms', ?, ?, ?), (?, ?, 'email', ?, ?, ?)`),
  optOut: {
    sms: sql('UPDATE customers SET sms_opted_out_at = ? WHERE id = ? AND sms_opted_out_at IS NULL'),
    email: sql('UPDATE customers SET email_opted_out_at = ? WHERE id = ? AND email_opted_out_at IS NULL'),
  },
  optIn: {
    sms: sql('UPDATE customers SET sms_opted_out_at = NULL, sms_consent = 1 WHERE id = ?'),
    email: sql('UPDATE customers SET email_opted_out_at = NULL, email_consent = 1 WHERE id = ?'),
  },
  consent: {
    sms: sql('UPDATE customers SET sms_consent = ? WHERE id = ?'),
    email: sql('UPDATE customers SET email_consent = ? WHERE id = ?'),
  },
  // Only where it was given: a "no" said again is no new change in the consent history.
  withdraw: {
    sms: sql('UPDATE customers SET sms_consent = 0 WHERE id = ? AND sms_consent = 1'),
    email: sql('UPDATE customers SET email_consent = 0 WHERE id = ? AND email_consent = 1'),
  },
  // Every row of the shop with that number (for SMS) or address (for e-mail): one person may be several rows.
  sameContact: {
    sms: sql<{ id: number }>('SELECT id FROM customers WHERE shop_id = ? AND phone = ? ORDER BY id'),
    email: sql<{ id: number }>('SELECT id FROM customers WHERE shop_id = ? AND email = ? ORDER BY id'),
  },
  // A consent change on that channel made after `at`: an older request (a webhook delivered again late) yields to it.
  changedSince: sql<{ one: number }>('SELECT 1 AS one FROM consent_events WHERE customer_id = ? AND channel = ? AND at > ? LIMIT 1'),
  // The till's "no" for the number (`phone`) and the address (`email`) it came with, either null when it says no "no"
  // there: every other row of the shop with one that has consent on its channel, unless that row's details are newer
  // than the sale or its consent there changed after the sale (an older sale's "no" does not undo a newer yes, as on the
  // sale's own row). One look for both channels, and the channels each row would lose (1) with its id at the till.
  withContact: sql<{ id: number; posCustomerId: string | null; sms: number; email: number }>(`SELECT id, pos_customer_id AS posCustomerId,
      CASE WHEN phone = @phone AND sms_consent = 1
        AND NOT EXISTS (SELECT 1 FROM consent_events e WHERE e.customer_id = customers.id AND e.channel = 'sms' AND e.at > @at) THEN 1 ELSE 0 END AS sms,
      CASE WHEN email = @email AND email_consent = 1
        AND NOT EXISTS (SELECT 1 FROM consent_events e WHERE e.customer_id = customers.id AND e.channel = 'email' AND e.at > @at) THEN 1 ELSE 0 END AS email
    FROM customers WHERE shop_id = @shopId AND id <> @self AND details_at <= @at
      AND ((phone = @phone AND sms_consent = 1) OR (email = @email AND email_consent = 1))`),
  // Also a message a dispatcher has claimed but not yet kept what it hands over (no recipient yet): its send then
  // finds its claim gone, and hands nothing over (messages.sending).
  cancelPending: sql(`UPDATE messages SET status = 'cancelled', error = ?, error_detail = NULL
    WHERE customer_id = ? AND channel = ? AND (status = 'scheduled' OR (status = 'sending' AND recipient IS NULL))`),
};

/** Records consent given or withdrawn with a sale (by the till, or on the consent page), when it differs from what was known. */
export function recordConsent(
  db: Db, shopId: number, customerId: number, before: { sms: number; email: number } | null, after: { sms?: boolean; email?: boolean }, at: number,
  source: ConsentSource,
): void {
  const changed = (channel: 'sms' | 'email') => after[channel] !== undefined && (before === null || before[channel] !== Number(after[channel]));
  if (changed('sms') && changed('email')) {
    db.send(q.events, [shopId, customerId, Number(after.sms), source, at, shopId, customerId, Number(after.email), source, at]);
    return;
  }
  for (const channel of ['sms', 'email'] as const) {
    if (changed(channel)) db.send(q.event, [shopId, customerId, channel, Number(after[channel]), source, at]);
  }
}

/**
 * The customer asked to hear from the shop again on that number or address: a STOP kept past an erasure (migration
 * 035) no longer holds for it. Without this, someone who stopped, was erased and came back on purpose (a START, the
 * join page, the owner on their word) stayed silenced for good. A STOP to the number the shop texts from (migration
 * 039) no longer holds for this shop, as of `at` (migration 041): they asked it for its messages, which come from that
 * number. For this shop only: the other shops on the number were not asked, and a STOP to it that comes later holds
 * again. Only a START to the number itself takes its STOP back for all (startNumber).
 */
export async function forgetStopped(db: Db, shopId: number, channel: ChannelName, contact: string | null, at: number, other: string | null = null): Promise<void> {
  if (contact === null) return;
  const key = await fingerprintKey(db);
  // A number once said not to be theirs is theirs after all (they asked for the shop's messages on it). And a stop of
  // this channel kept under their other contact (`other`: their address for the SMS, their number for the e-mail) by
  // an erasure holds no more either.
  await db.run(q.forgetStopped, [shopId, stoppedHash(key, channel, contact), wrongHash(key, channel, contact), other && stoppedHash(key, channel, other)]);
  if (channel === 'sms') await db.run(q.startNumber, [numberStopHash(key, (await db.value(q.senderOf, [shopId]))!, contact), shopId, at]);
}

/** Whether the phone's STOP to the number the shop texts from (`sender`, see numberStopHash) holds for that shop. */
export async function numberStopped(db: Db, shopId: number, sender: string, phone: string): Promise<boolean> {
  return (await db.get(q.numberStopped, { hash: numberStopHash(await fingerprintKey(db), sender, phone), shopId })) !== undefined;
}

/**
 * Whether the shop may not text the phone from the number it texts from (`sender`): its STOP to that number holds for
 * the shop (numberStopped), or it asked the shop to stop its SMS (a STOP to it on any number it texted from, the e-mail's
 * page, the owner), kept on a row of the shop or past its erasure, and no START to that number came since (nor consent
 * given to the shop again). The join page sends no code then (src/queue/confirmations.ts): whoever typed the number.
 */
export async function smsStopped(db: Db, shopId: number, sender: string, phone: string): Promise<boolean> {
  const key = await fingerprintKey(db);
  return (await db.get(q.smsStopped, { hash: numberStopHash(key, sender, phone), shopId, phone, contact: stoppedHash(key, 'sms', phone) })) !== undefined;
}

/**
 * Whether the address asked the shop to stop its e-mails (the unsubscribe link, "Niets meer sturen", the owner), on a
 * row of the shop or kept past its erasure, and was not given back since (`customer consent … --email-consent yes`).
 * The join page and the consent link send it no confirmation then (src/queue/confirmations.ts): whoever typed it.
 */
export async function emailStopped(db: Db, shopId: number, email: string): Promise<boolean> {
  const key = await fingerprintKey(db);
  return (await db.get(q.emailStopped, { shopId, email, contact: stoppedHash(key, 'email', email) })) !== undefined;
}

/**
 * A STOP or an unsubscribe of a number or address is kept for it once no row of the shop holds it (migration 035): the
 * customer who gave it was erased, or a till's shared record was given another number or address. `key`: the
 * installation's (fingerprintKey).
 */
export function keepStopped(db: Db, key: string, shopId: number, channel: ChannelName, contact: string, stoppedAt: number): void {
  db.send(q.keepStopped, [shopId, stoppedHash(key, channel, contact), stoppedAt]);
}

/** The same, of a hash kept so before (a restore keeps those of the database it replaced): whether it was not kept yet. */
export const keepStoppedHash = async (db: Db, shopId: number, hash: string, stoppedAt: number): Promise<boolean> =>
  (await db.run(q.keepStopped, [shopId, hash, stoppedAt])) > 0;

/** Sets consent as it was given or withdrawn; withdrawing cancels what is waiting on that channel. In a transaction. */
export async function setConsent(db: Db, customerId: number, channel: ChannelName, given: boolean, source: ConsentSource, at: number): Promise<void> {
  const c = (await db.get(q.byId, [customerId]))!;
  if (given) await forgetStopped(db, c.shopId, channel, channel === 'sms' ? c.phone : c.email, at, channel === 'sms' ? c.email : c.phone);
  // Consent given anew undoes an opt-out: the customer said, to the owner or on the shop's page, that they want messages.
  await db.run(given ? q.optIn[channel] : q.consent[channel], given ? [customerId] : [0, customerId]);
  await db.run(q.event, [c.shopId, customerId, channel, Number(given), source, at]);
  if (!given) await cancelWaiting(db, 'consent_withdrawn', customerId, channel, at);
}

/**
 * The till's "no" on a channel, sent with a sale it posted before (posted-again.ts): consent withdrawn
 * (`till`), as a later sale's `false` withdraws it, recorded as of `at` where it was given; and what waits on that
 * channel is cancelled at once, as the owner's withdrawal does (for a later sale's, the dispatcher finds it so when it
 * comes to send). Not an opt-out: the till's next sale with a yes gives it back. The number of messages cancelled.
 */
export async function withdrawnAtTill(db: Db, shopId: number, customerId: number, channel: ChannelName, at: number): Promise<number> {
  if ((await db.run(q.withdraw[channel], [customerId])) > 0) await db.run(q.event, [shopId, customerId, channel, 0, 'till', at]);
  return cancelWaiting(db, 'consent_withdrawn', customerId, channel, at);
}

/** The till an id at the till is of: 'shopify:' of 'shopify:123', '' of the shop's own till's 'K-1'. */
const tillOf = (id: string): string => id.slice(0, id.indexOf(':') + 1);

/**
 * Whether a row the till knows as `row` is another customer than the one a sale or order gives as `given`: both ids of
 * one till, and not the same. A row without one (her own record made from an address), or with an id of another till
 * (a Lightspeed POS beside a Shopify web store), may be theirs. (One person the till knows twice, K-1 and K-7, is two
 * customers here: see withdrawnWithContact for what a "no" does then.)
 */
export const anotherAtTill = (row: string | null, given: string | null): boolean =>
  row !== null && given !== null && row !== given && tillOf(row) === tillOf(given);

/**
 * Whether a "no" the till gave for its customer `given` on channel `ch` is also the no of a row of the shop the same
 * till knows as `row` with that number (address). An address is read by whoever said no to it (one person the till knows
 * twice, K-1 and K-7, was e-mailed on K-1 after her "no" as K-7: a review), so its "no" holds on every row with it; a
 * number is not when the till knows the row as another customer (anotherAtTill): a household shares a phone, and his
 * unticked box at the till is not her no.
 */
export const noHolds = (row: string | null, given: string | null, ch: ChannelName): boolean => ch === 'email' || !anotherAtTill(row, given);

/**
 * The till's "no", given with a sale (or an order) for its customer `given`: each channel its consent says false, and
 * `takes` takes, is the no of whoever holds the number (SMS) or address (e-mail) it gives. Every other row of the shop
 * with it (one person the till knows twice, her own record found by her address while the sale found the household's
 * by its phone) where it holds (noHolds) loses that channel's consent as of the sale's time `at`, recorded as the till's
 * withdrawal, and what waits for it there is cancelled (`consent_withdrawn_shared`), as a STOP stops them all. Not a row
 * whose details are newer than the sale, nor one whose consent there changed after (withContact). `self`: the sale's
 * own row, which the sale's consent itself decides. What a held-out customer would have had there until `now` would have
 * gone (a sale posted late). Nothing asked without a "no"; one statement for both channels with one, and more only for
 * the rows it changes. The messages cancelled.
 */
export async function withdrawnWithContact(
  db: Db, shopId: number, self: number, given: Contact & Consents, at: number, now: number, takes: (ch: ChannelName) => boolean = () => true,
): Promise<number> {
  const no = (ch: ChannelName) => (given.consent[ch] === false && takes(ch) ? (ch === 'sms' ? given.phone : given.email) : null);
  const phone = no('sms');
  const email = no('email');
  if (phone === null && email === null) return 0;
  let cancelled = 0;
  for (const r of await db.all(q.withContact, { shopId, self, phone, email, at })) {
    for (const channel of ['sms', 'email'] as const) {
      if (Number(r[channel]) !== 1 || !noHolds(r.posCustomerId, given.posCustomerId, channel)) continue;
      db.send(q.withdraw[channel], [r.id]);
      db.send(q.event, [shopId, r.id, channel, 0, 'till', at]);
      cancelled += await cancelWaiting(db, 'consent_withdrawn_shared', r.id, channel, now);
    }
  }
  return cancelled;
}

/** A customer's number, address and id at the till, as a row or an order gives them. */
interface Contact { phone: string | null; email: string | null; posCustomerId: string | null }
/** The consent a sale or an order gives, per channel (none where it says nothing). */
interface Consents { consent: { sms?: boolean; email?: boolean } }

/**
 * A "no" the till sent without a sale (a Shopify web order not paid yet, which is no sale until it is paid): each
 * channel `consent` says false is withdrawn for the customer, as the sale would have withdrawn it (withdrawnAtTill), and
 * what waits on it is cancelled; unless that channel's consent changed after `placedAt`, when the order was placed (a
 * later sale's yes, or one given on the join page, stands). Only on `row`'s own number (SMS) or address (e-mail) as
 * the order gives it, and not on a row of another customer at the till. Never a yes: an order not paid gives no consent. The
 * channels withdrawn, and the number of messages cancelled.
 */
export async function withdrawnWithoutSale(
  db: Db, shopId: number, row: Contact & { id: number }, order: Contact & Consents, placedAt: number, now: number,
): Promise<{ consentWithdrawn: ChannelName[]; cancelled: number }> {
  const consentWithdrawn: ChannelName[] = [];
  let cancelled = 0;
  const customerId = row.id;
  // The row was found by the till's id, else the phone, else the e-mail: it may be another person who shares the
  // household's phone. A "no" changes only a channel whose contact on the row is the one the order gives it for, and
  // never a row the same till knows as another customer. The row the till knows as this very customer takes it on both
  // channels, as the paid order's would (a new address in the order is hers: the review of edb4337); an id of another
  // till (a Lightspeed POS beside a Shopify web store) says nothing either way.
  // As a sale's "no", also on the shop's other rows with the order's number (address) where it holds.
  cancelled += await withdrawnWithContact(db, shopId, row.id, order, placedAt, now);
  // Both with an id of one till: the same customer when the ids are equal (`known`), another one at that till when not.
  if (anotherAtTill(row.posCustomerId, order.posCustomerId)) return { consentWithdrawn, cancelled };
  const known = row.posCustomerId !== null && row.posCustomerId === order.posCustomerId;
  for (const channel of ['sms', 'email'] as const) {
    const contact = channel === 'sms' ? order.phone : order.email;
    if (order.consent[channel] !== false || (!known && (contact === null || contact !== (channel === 'sms' ? row.phone : row.email)))) continue;
    if (await db.get(q.changedSince, [customerId, channel, placedAt])) continue;
    cancelled += await withdrawnAtTill(db, shopId, customerId, channel, now);
    consentWithdrawn.push(channel);
  }
  return { consentWithdrawn, cancelled };
}

/**
 * What waits on that channel does not go, and what a held-out customer would have had there would not have gone either.
 * The number of messages cancelled.
 */
async function cancelWaiting(db: Db, why: NotSent, customerId: number, channel: ChannelName, at: number): Promise<number> {
  const cancelled = await db.run(q.cancelPending, [why, customerId, channel]);
  await db.run(wouldBe.cancelChannel, [why, customerId, channel, at]);
  return cancelled;
}

/**
 * The shop and phone of a row a text made, for the consent change its SMS asks (src/http/twilio.ts): a till's sale may
 * take the row in (sales.ts takeIn, which deletes it) between the reply's record and the change. Then the change is the
 * shop's row with the phone now, hers, as the reply is.
 */
export interface TakenBy {
  shopId: number;
  phone: string;
}

/**
 * The customer, with their shop's lock held (in a transaction): nothing else changes that shop's data meanwhile. Gone,
 * and `heir` given, the row that took it in (TakenBy).
 */
async function lockedCustomer(tx: Db, customerId: number, heir?: TakenBy): Promise<CustomerRef | undefined> {
  const c = await tx.get(q.byId, [customerId]);
  const shopId = c?.shopId ?? heir?.shopId;
  if (shopId !== undefined) await tx.lock(shopId);
  return (c && (await tx.get(q.byId, [customerId]))) ?? (heir && tx.get(q.byPhone, [heir.shopId, heir.phone]));
}

/** customers.wrongNumber and wrongAddress: the number or address off every row of the shop with it, kept as wrong. */
function wrongContact(db: Db, customerId: number, channel: ChannelName, contact: string, at: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const c = await lockedCustomer(tx, customerId);
    if (!c) return false;
    const ids = await tx.values<number>(q.sameContact[channel], [c.shopId, contact]);
    for (const id of ids) {
      await tx.run(q.drop[channel], [id]);
      await cancelWaiting(tx, 'no_address', id, channel, at);
    }
    await tx.run(q.keepStopped, [c.shopId, wrongHash(await fingerprintKey(tx), channel, contact), at]);
    return ids.length > 0;
  });
}

/** The rows of the customer's shop reached by that channel at the customer's number or address: theirs and any other's. */
async function reachedTogether(tx: Db, c: CustomerRef, channel: ChannelName): Promise<number[]> {
  const contact = channel === 'sms' ? c.phone : c.email;
  return contact === null ? [c.id] : tx.values<number>(q.sameContact[channel], [c.shopId, contact]);
}

export function customerStore(db: Db) {
  return {
    byId: (id: number) => db.get(q.byId, [id]),
    find: async (shopId: number, by: { phone?: string; email?: string }) =>
      by.phone ? db.get(q.byPhone, [shopId, by.phone]) : by.email ? db.get(q.byEmail, [shopId, by.email]) : undefined,

    /**
     * An unsubscribe of an address no row of the shop holds any more (the link of an e-mail to it, clicked after the till
     * gave its row another address), kept for the address as an erasure keeps one: a sale that brings it back mails it
     * nothing, its consent at the till too, until the shop records her consent given again (customer consent).
     */
    keepUnsubscribed: (shopId: number, email: string, at: number): Promise<void> =>
      db.transaction(async (tx) => keepStopped(tx, await fingerprintKey(tx), shopId, 'email', email, at)),

    /**
     * Stops every message on that channel to the customer's number (SMS) or address (e-mail), on every row of the shop
     * that has it: opted out, and everything still waiting is cancelled. False when all of them already were. A row
     * whose consent changed after `at` (a START that came later than this STOP) keeps that change, here and in optIn.
     * A customer with no number or address on that channel ("geen berichten meer" by SMS from a phone-only customer) is
     * opted out all the same, so that one the till gives later gets nothing either; but no opt-out is recorded in the
     * consent history, which the owner's figures count: nobody unsubscribed an address.
     */
    optOut: (customerId: number, channel: ChannelName, source: ConsentSource, at: number, heir?: TakenBy): Promise<boolean> =>
      db.transaction(async (tx) => {
        const c = await lockedCustomer(tx, customerId, heir);
        if (!c) return false;
        const reached = (channel === 'sms' ? c.phone : c.email) !== null;
        let stopped = false;
        for (const id of await reachedTogether(tx, c, channel)) {
          if (await tx.get(q.changedSince, [id, channel, at])) continue;
          if (!(await tx.run(q.optOut[channel], [at, id]))) continue;
          if (reached) await tx.run(q.event, [c.shopId, id, channel, 0, source, at]);
          await cancelWaiting(tx, optOutReason[source], id, channel, at);
          stopped = true;
        }
        return stopped;
      }),

    /**
     * Whoever has the phone answered that the customer's messages are not for them ("verkeerd nummer"): it is no
     * customer's of the shop. It comes off every row of the shop that has it (what waits for it there does not go), and
     * is kept as a keyed hash (wrongHash), so that a till that sends it again is not believed. The customers keep their
     * consent: once the till has their right number, they are texted on it. False when no row had it (said before).
     */
    wrongNumber: (customerId: number, phone: string, at: number): Promise<boolean> => wrongContact(db, customerId, 'sms', phone, at),
    /** The same for an address a stranger answered from ("Wrong person, I am not Harry"): off the rows, kept as wrong. */
    wrongAddress: (customerId: number, email: string, at: number): Promise<boolean> => wrongContact(db, customerId, 'email', email, at),

    /**
     * A STOP to a number several shops text from (`sender`, see numberStopHash): kept for the phone, so that every shop
     * texting from it honours it, also one that gets them as a customer later (at the sale, and when sending). As of
     * `at`: a START to the number, or consent given to a shop, that came after it still holds (STILL_STOPPED), also when
     * it was kept first (this STOP delivered again late, or kept by another instance a moment after the START).
     */
    stopNumber: async (sender: string, phone: string, at: number): Promise<void> =>
      void (await db.run(q.stopNumber, [numberStopHash(await fingerprintKey(db), sender, phone), at])),

    /**
     * A STOP to a shared number kept as it was in another copy of this database (a restore keeps those made since its
     * copy was taken; the hash is this installation's). True when it was not kept so yet.
     */
    keepNumberStop: async (pairHash: string, at: number): Promise<boolean> => (await db.run(q.stopNumber, [pairHash, at])) > 0,

    /** A START to that number (`sender`) from the phone, as of `at`: its STOP holds for no shop texting from it. */
    startNumber: async (sender: string, phone: string, at: number): Promise<void> =>
      void (await db.run(q.startNumber, [numberStopHash(await fingerprintKey(db), sender, phone), 0, at])),

    /**
     * The customer asked to hear from the shop again on that channel, for every row of the shop with their number or
     * address (as opting out stopped them all); true when any of them had opted out.
     */
    optIn: (customerId: number, channel: ChannelName, source: ConsentSource, at: number, heir?: TakenBy): Promise<boolean> =>
      db.transaction(async (tx) => {
        const c = await lockedCustomer(tx, customerId, heir);
        if (!c) return false;
        let wasOut = false;
        for (const id of await reachedTogether(tx, c, channel)) {
          if (await tx.get(q.changedSince, [id, channel, at])) continue;
          const row = (await tx.get(q.byId, [id]))!;
          wasOut ||= row[channel === 'sms' ? 'smsOptedOutAt' : 'emailOptedOutAt'] !== null;
          await forgetStopped(tx, row.shopId, channel, channel === 'sms' ? row.phone : row.email, at, channel === 'sms' ? row.email : row.phone);
          await tx.run(q.optIn[channel], [id]);
          await tx.run(q.event, [c.shopId, id, channel, 1, source, at]);
        }
        return wasOut;
      }),

    /** Sets consent as the owner recorded it; withdrawing cancels what is waiting on that channel. */
    setConsent: (customerId: number, channel: ChannelName, given: boolean, source: ConsentSource, at: number): Promise<void> =>
      db.transaction(async (tx) => {
        await lockedCustomer(tx, customerId);
        await setConsent(tx, customerId, channel, given, source, at);
      }),
  };
}
export type CustomerStore = ReturnType<typeof customerStore>;
