// Double opt-in for the public pages. A number or address given on a sale's consent link or the shop's join page is
// held here, unconfirmed, until its owner proves it: with the six-digit code texted to the number, typed on the page,
// or with the link e-mailed to the address. Until then it is nobody's contact: no customer row, no consent, no
// check-in. The one message an unconfirmed contact can get is that confirmation, queued here and sent by the
// dispatcher (src/queue/confirmations.ts); it carries the shop's name and the code or link, nothing a visitor typed.
//
// Limits, so the pages cannot be used to make the shop text or mail the world: at most one message per destination
// (per shop) in 24 hours and PER_DESTINATION across all the installation's shops, at most UNCONFIRMED_PER_ADDRESS
// unconfirmed ones asked for from one client address across all shops, at most DAILY_CAP unconfirmed and DAILY_CEILING
// in all from a shop's join page in 24 hours, at most PER_LINK unconfirmed from one sale's consent link, and numbers
// only in the shop's join countries (checked by the page before it asks). Codes and link tokens are checked against
// SHA-256 hashes, made when the message first goes out; the code itself is kept, so that every text of a request
// carries the same code (a retry, a send a crash cut off: see chores.ts), until its message went or failed for good
// (a send in doubt keeps it until the request is deleted: purge). The asking address is kept only as a keyed hash,
// until its code is confirmed.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { dayNumber } from '../domain/calendar.js';
import { canReceiveSms } from '../domain/contact.js';
import { type ChannelName, EVERY_CHANNEL } from '../domain/plan.js';
import { cameToNothing } from '../domain/message-props.js';
import { purchases } from '../domain/purchase.js';
import { type SaleCustomer, type SaleItem, pickLocale } from '../domain/sale.js';
import type { Ways } from '../i18n.js';
import { customerStore, emailStopped, forgetStopped, numberStopped, setConsent, smsStopped } from './customers.js';
import { cachedKey, keyed } from './fingerprint.js';
import { queueOps } from './queue.js';
import { type Outgoing, saleStore } from './sales.js';
import { type Shop, shopStore } from './shops.js';
import { type Db, indexedBy, sql } from './sql.js';
import { tillStore } from './tills.js';

/** A code or link works this long after it was asked for; and one destination gets one message in this time. */
export const CONFIRM_HOURS = 24; // the confirm.* templates say "24 uur" / "24 hours"
/**
 * Wrong codes a code page takes before it (only) is void. A repeat request (asked again within the day, from the join
 * page or a consent link) sends nothing and gets a page of its own that takes the same code, with tries of its own: a
 * stranger who types the customer's number and guesses on the page they were given voids that page only, never the
 * customer's first page nor a page the customer asks for later. Every page has the same MAX_GUESSES, the first as a
 * later one: a page that had fewer would tell whoever typed the number that somebody asked with it today.
 * So that the code stays unguessable, a request gives out at most LATER_PAGES such pages from the join page and
 * LATER_LINK_PAGES from each consent link (/c/<code>, a receipt's link: the customer's secret, so the pages of one link
 * never use up another's, and a stranger's own receipt from the shop leaves the customer's link working); past that,
 * asking again from there sends the visitor to the counter. Any number of pages can therefore make at most
 * MAX_GUESSES + (LATER_PAGES + L × LATER_LINK_PAGES) × MAX_GUESSES = 5 + (5 + L × 3) × 5 = 30 + 15 × L wrong guesses
 * at one six-digit code, L being the consent links the guesser knows: 30 in a million with the number only, 15 in a
 * million more for each receipt of that shop they hold (each a purchase there).
 * The join page's later pages are counted for the number, as they must be: a stranger with only the number is
 * indistinguishable from the customer asking again, so one who asks LATER_PAGES times after the customer uses them up
 * for the day, and the customer who lost their page then joins from their first page, their receipt's link or at the
 * counter.
 */
export const MAX_GUESSES = 5;
/** Later pages a request gives out when asked again from the join page (the customer lost their page, or a stranger asked). */
export const LATER_PAGES = 5;
/** Later pages a request gives out when asked again from one consent link (/c/<code>), apart from the join page's and each other link's. */
export const LATER_LINK_PAGES = 3;
/**
 * Confirmation messages one shop's join page may have sent in 24 hours that were not confirmed; after that the page
 * sends the customer to the counter (and the owner's page says so: joinClosed). Confirmed ones went to the shop's
 * customers and do not count: they never close the page. Consent links' do not count either (PER_LINK).
 */
export const DAILY_CAP = 50;
/** Confirmation messages one shop's join page may have sent in 24 hours in all, confirmed or not: a ceiling on what the page costs. */
export const DAILY_CEILING = 200;
/**
 * Confirmation messages one sale's consent link (/c/<code>) may have asked for in 24 hours, none confirmed (the first
 * confirmed uses the link up). The link comes from a sale the till authenticated: its requests are not held to the join
 * page's DAILY_CAP and DAILY_CEILING, which strangers can fill from a few addresses (the sale's customer was sent to the
 * counter), and are not counted in them, so consent links never close the join page. What a link can cost is bounded by
 * the sales instead: a customer who mistyped their number tries again, and whoever holds a receipt's link gets at most
 * this many strangers texted with it a day (PER_DESTINATION and UNCONFIRMED_PER_ADDRESS hold for it too).
 */
export const PER_LINK = 3;
/** Confirmation messages one number or address may get in 24 hours from all the installation's shops together. */
export const PER_DESTINATION = 3;
/**
 * Confirmation messages asked for from one client address (IPv6: its /56) in 24 hours, from all the installation's
 * shops together, that are not confirmed. A stranger's number is never confirmed, so one person typing strangers'
 * numbers stops here; a customer confirms within minutes, which gives the address (a shop's Wi-Fi, a mobile network's
 * shared address) its turn back.
 */
export const UNCONFIRMED_PER_ADDRESS = 3;

const HOUR = 3_600_000;
const sha256 = (secret: string): string => createHash('sha256').update(secret).digest('hex');
/** Whether a typed code is the one whose hash is stored, compared in constant time. */
const codeMatches = (typed: string, storedDigest: string): boolean => {
  const a = Buffer.from(sha256(typed), 'hex');
  const b = Buffer.from(storedDigest, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
};
/** A random token for a page or a link: 144 bits, URL-safe. */
export const newToken = (): string => randomBytes(18).toString('base64url');

export interface ConfirmationRequest {
  shopId: number;
  /** From a sale's consent link: that sale and link; null from the join page. */
  saleId: number | null;
  linkCode: string | null;
  item: string | null;
  reason: string | null;
  channel: ChannelName;
  destination: string; // E.164 or a normalised e-mail address
  locale: string;
  /** The client's address as limits count it (clientKey), or null when it is a proxy's, not the client's (not counted). */
  from: string | null;
}

export type RequestOutcome =
  /**
   * A message goes out (`queued`; also a repeat of one that sent nothing for a STOP, asked again), or one went out in
   * the last 24 hours and still works (`repeat`): nothing is sent.
   */
  | { outcome: 'queued' | 'repeat'; channel: 'sms'; pageToken: string }
  | { outcome: 'queued' | 'repeat'; channel: 'email' }
  /**
   * The shop's daily cap or ceiling is reached, this destination had its message today and it can confirm nothing more,
   * or the asking address has its unconfirmed messages of the day.
   */
  | { outcome: 'limited' };

/** What a consent link's sale was about, as its check-in says it (see purchase): `first` null with `visit` is "your visit". */
export interface Purchase {
  first: string | null;
  more: boolean;
  visit: boolean;
  /**
   * The customer got money back for it (refunded, in whole or in part) or it was cancelled (voided): no check-in will
   * ask about it, and none is planned when the link is confirmed (see planLater in src/db/sales.ts).
   */
  returned: 'refunded' | 'voided' | null;
}

/**
 * The join page sent customers to the counter for the shop's DAILY_CAP (`unconfirmed`) or DAILY_CEILING (`all`): since
 * `since` (the first such refusal after the page last took a request), the last at `last`. It opens again by itself
 * by `reopensBy` at the latest: by then the requests it counted at `last` are a day old, and none came in while it was
 * closed (consent links' are not counted).
 */
export interface JoinClosed {
  since: number;
  last: number;
  reopensBy: number;
  limit: 'unconfirmed' | 'all';
}

/** What a page token or link token stands for, as the pages show it. */
export interface Pending {
  shopId: number;
  channel: ChannelName;
  /** open: waiting for the code or the tap; waiting: the code is not sent yet; void: too many wrong codes. */
  state: 'open' | 'waiting' | 'confirmed' | 'void';
  /** The last digits of the number (to show on the code page), or the address. */
  shown: string;
  /** Where the visitor came from, to start again: a sale's consent link, else the join page. */
  linkCode: string | null;
  /** The sale a consent link belongs to (its pages name what was bought), else null (the join page). */
  saleId: number | null;
  guessesLeft: number;
  /** The language its form was in and its code or e-mail went in (visitorVoice's): the pages after it keep it. */
  locale: string;
  /** Confirmed: the channels the customer now hears on (waysOf), whose ways to stop the thanks page names. */
  ways?: Ways;
}

export type ConfirmOutcome =
  | { outcome: 'confirmed'; shopId: number; from: 'join' | 'link'; again: boolean; saleId: number | null; ways: Ways; locale: string }
  | { outcome: 'wrong_code'; shopId: number; pending: Pending }
  | { outcome: 'waiting' | 'void'; shopId: number; pending: Pending };

/** A confirmation message to send, as the dispatcher needs it. */
export interface ConfirmationToSend {
  id: number;
  shopId: number;
  /** A consent link's sale (its e-mail names what was bought), else null. */
  saleId: number | null;
  channel: ChannelName;
  destination: string;
  locale: string;
  attempts: number;
  expiresAt: number;
  /** The code or link token an earlier send of the request kept (setCode): a send again carries the same one. */
  secret: string | null;
  /** When the customer typed its code or opened its link: it came, and no send of it goes again. */
  codeUsedAt: number | null;
}

interface Row {
  id: number;
  shopId: number;
  saleId: number | null;
  linkCode: string | null;
  item: string | null;
  reason: string | null;
  channel: ChannelName;
  destination: string;
  locale: string;
  codeFrom: number | null;
  /** Wrong codes typed on this row's page (MAX_GUESSES). */
  guesses: number;
  createdAt: number;
  confirmedAt: number | null;
}
interface Holder {
  id: number;
  codeHash: string | null;
  codeUsedAt: number | null;
  expiresAt: number;
  status: string | null;
  error: string | null;
}

const rowColumns = `id, shop_id AS shopId, sale_id AS saleId, link_code AS linkCode, item, reason, channel, destination, locale,
  code_from AS codeFrom, guesses, created_at AS createdAt, confirmed_at AS confirmedAt`;
const holderColumns = 'id, code_hash AS codeHash, code_used_at AS codeUsedAt, expires_at AS expiresAt, status, error';

/**
 * Why a request sent nothing because its number said STOP (to us, or to Twilio: 21610) or its address unsubscribed. The
 * pages take such a request as sent (its repeats, the limits, its code page), so that whoever typed a stranger's number
 * or address learns nothing from them; a repeat of it asks again (`again`), for a customer who sent START since.
 */
const STOPPED = ['opted_out', 'unsubscribed_at_provider'];
const stoppedIn = `(${STOPPED.map((e) => `'${e}'`).join(', ')})`;

const q = {
  // The request of the last 24 hours to this destination that was to send its own message (a repeat sends none).
  lastSent: sql<Holder>(`SELECT ${holderColumns} FROM join_confirmations
    WHERE shop_id = ? AND destination = ? AND created_at > ? AND code_from IS NULL ORDER BY created_at DESC, id DESC LIMIT 1`),
  // The later pages a request gave out from the join page (LATER_PAGES) and from one consent link (LATER_LINK_PAGES),
  // found by its shop and destination (indexed).
  laterPages: sql<{ fromJoin: number; fromLink: number }>(`SELECT count(*) - count(link_code) AS fromJoin,
      count(CASE WHEN link_code = ? THEN 1 END) AS fromLink
    FROM join_confirmations WHERE shop_id = ? AND destination = ? AND code_from = ?`),
  sentToDestination: sql((e) => `SELECT count(*) FROM join_confirmations ${indexedBy(e, 'join_confirmations_to_destination')}
    WHERE destination = ? AND created_at > ? AND code_from IS NULL`),
  // A repeat of a request that sent nothing for a STOP (an unsubscribe) queues it again: the dispatcher checks anew and
  // sends it only if a START (consent given again) came since. Nothing reached anyone, so its tries start over. Run for
  // every repeat, changing nothing for the others: a repeat takes the same work whatever the number.
  again: sql(`UPDATE join_confirmations SET status = 'scheduled', next_attempt_at = ?, attempts = 0
    WHERE id = ? AND status = 'failed' AND error IN ${stoppedIn}`),
  // The join page's own (a consent link's are counted by their link: PER_LINK); code_used_at: the message's code or link
  // confirmed a request (this one or a repeat of it). `last`: the newest it took.
  sentByShop: sql<{ sent: number; unconfirmed: number; last: number | null }>((e) => `SELECT count(*) AS sent,
      count(*) - count(code_used_at) AS unconfirmed, max(created_at) AS last
    FROM join_confirmations ${indexedBy(e, 'join_confirmations_sent_by_shop')}
    WHERE shop_id = ? AND created_at > ? AND code_from IS NULL AND link_code IS NULL`),
  // As unconfirmedFrom, for one consent link (none of its requests is confirmed: the first confirmed uses the link up).
  sentForLink: sql((e) => `SELECT count(*) FROM join_confirmations ${indexedBy(e, 'join_confirmations_by_link_code')}
    WHERE link_code = ? AND created_at > ? AND code_from IS NULL AND link_code IS NOT NULL AND (status <> 'failed' OR error IN ${stoppedIn})`),
  // The join page sent a customer to the counter for the shop's cap or ceiling. A request it took since the last such
  // refusal (`taken`) means it was open in between, as does a day without one: then this one is the new "since".
  joinRefused: sql(`UPDATE shops SET join_refused_since = CASE
      WHEN join_refused_at IS NULL OR join_refused_at <= CAST(@dayAgo AS BIGINT) OR CAST(@taken AS BIGINT) > join_refused_at
      THEN CAST(@now AS BIGINT) ELSE join_refused_since END,
    join_refused_at = CAST(@now AS BIGINT), join_refused_by = @limit WHERE id = @shopId`),
  joinClosed: sql<{ since: number; last: number; limit: JoinClosed['limit'] }>(`SELECT join_refused_since AS since, join_refused_at AS last,
    join_refused_by AS "limit" FROM shops WHERE id = ? AND join_refused_at > ?`),
  // Only a request that sent its own message keeps its address, until its code is confirmed (codeUsed clears it).
  // A code that could not be sent (a number Twilio refuses, the shop disabled) reached nobody: it does not count. One
  // not sent for a STOP counts, as one sent would: a count that left it out would tell whoever typed the number.
  unconfirmedFrom: sql((e) => `SELECT count(*) FROM join_confirmations ${indexedBy(e, 'join_confirmations_by_address')}
    WHERE address_hash = ? AND created_at > ? AND (status <> 'failed' OR error IN ${stoppedIn})`),
  insert: sql(`INSERT INTO join_confirmations (shop_id, sale_id, link_code, item, reason, channel, destination, locale, page_hash,
      code_from, address_hash, created_at, expires_at, status, next_attempt_at)
    VALUES (@shopId, @saleId, @linkCode, @item, @reason, @channel, @destination, @locale, @pageHash, @codeFrom, @addressHash, @now, @expiresAt,
      CASE WHEN CAST(@codeFrom AS BIGINT) IS NULL THEN 'scheduled' END, CASE WHEN CAST(@codeFrom AS BIGINT) IS NULL THEN CAST(@now AS BIGINT) END)`),
  byPage: sql<Row>(`SELECT ${rowColumns} FROM join_confirmations WHERE page_hash = ?`),
  byLink: sql<Row>((e) => `SELECT ${rowColumns} FROM join_confirmations ${indexedBy(e, 'join_confirmations_by_link')}
    WHERE code_hash = ? AND channel = 'email' AND code_hash IS NOT NULL`),
  holder: sql<Holder>(`SELECT ${holderColumns} FROM join_confirmations WHERE id = ?`),
  guessed: sql('UPDATE join_confirmations SET guesses = guesses + 1 WHERE id = ?'),
  // Typed: the code is no longer kept (its hash is), and no send of it comes again (setCode, src/queue/confirmations.ts).
  codeUsed: sql('UPDATE join_confirmations SET code_used_at = ?, address_hash = NULL, secret = NULL WHERE id = ? AND code_used_at IS NULL'),
  confirmed: sql('UPDATE join_confirmations SET confirmed_at = ? WHERE id = ?'),
  saleItems: sql('SELECT items FROM sales WHERE id = ?'),
  saleReason: sql('SELECT reason FROM sales WHERE id = ?'),
  salePurchase: sql<{ items: string; total: number | null; status: string; refunded: number | null }>('SELECT items, total, status, refunded FROM sales WHERE id = ?'),
  setItems: sql("UPDATE sales SET items = ? WHERE id = ? AND items = '[]'"),
  // The customer's visit of that local day (the till's sale, or an earlier confirmation's): the newest.
  visitOn: sql<number>(`SELECT id FROM sales WHERE customer_id = ? AND local_day = ? AND status = 'completed'
    ORDER BY occurred_at DESC, id DESC LIMIT 1`),
  joinDay: sql('UPDATE customers SET join_day = ? WHERE id = ?'),
  consentOf: sql<{ sms: number; email: number }>('SELECT sms_consent AS sms, email_consent AS email FROM customers WHERE id = ?'),

  // The shop whose join code last went to this phone from the number `sender` ('' for the shared TWILIO_FROM).
  lastCodeTo: sql<{ shopId: number; locale: string | null }>(`SELECT j.shop_id AS shopId, j.locale FROM join_confirmations j
    JOIN shops s ON s.id = j.shop_id WHERE j.destination = ? AND j.channel = 'sms' AND j.code_from IS NULL
      AND j.status IN ('sent', 'uncertain') AND coalesce(s.sms_from, '') = ? ORDER BY j.created_at DESC, j.id DESC LIMIT 1`),
  load: sql<ConfirmationToSend>(`SELECT id, shop_id AS shopId, sale_id AS saleId, channel, destination, locale, attempts, expires_at AS expiresAt,
      secret, code_used_at AS codeUsedAt FROM join_confirmations WHERE id = ?`),
  // The code about to be handed over, kept just before the provider is called, while the claim is still the
  // dispatcher's (its stamp, status 'sending'): a claim that kept none handed nothing over (the sweep after a crash
  // sends it again at once: chores.ts), and one that did may have (it goes again once, the same code). A dispatcher
  // that paused past its lease while another instance took the request up must not write its own code over the one
  // the other is sending: the customer would get a code the page no longer takes.
  setCode: sql(`UPDATE join_confirmations SET code_hash = @hash, secret = @secret, handed_over = 1
    WHERE id = @id AND status = 'sending' AND claimed_at = @claimedAt AND code_used_at IS NULL`),
  // Gone: no send of it will come again, and the code is no longer kept (its hash is). Only while the claim is the
  // sender's: a request erased while its code was being sent (privacy.ts) is gone, and its id may be a new one's.
  sent: sql(`UPDATE join_confirmations SET status = 'sent', sent_at = @at, provider_id = @providerId, error = NULL, error_detail = NULL, secret = NULL
    WHERE id = @id AND status IN ('sending', 'uncertain') AND claimed_at = CAST(@claimedAt AS BIGINT)`),
  // A request and its repeats share expires_at, so they go together (a repeat refers to its request).
  purge: sql("DELETE FROM join_confirmations WHERE expires_at < ? AND (status IS NULL OR status != 'sending')"),
};

/** The request behind a page token (SMS) or a link token (e-mail), and the row whose code it takes. */
async function find(db: Db, token: string): Promise<{ row: Row; holder: Holder } | undefined> {
  if (!/^[\w-]{22,64}$/.test(token)) return undefined;
  const digest = sha256(token);
  const row = (await db.get(q.byPage, [digest])) ?? (await db.get(q.byLink, [digest]));
  if (!row) return undefined;
  return { row, holder: (await db.get(q.holder, [row.codeFrom ?? row.id]))! };
}

/** Sent nothing for a STOP: settled so, or queued again by a repeat (`again`) and not sent yet. */
const stoppedHolder = (holder: Holder): boolean => holder.error !== null && STOPPED.includes(holder.error);

function pendingOf({ row, holder }: { row: Row; holder: Holder }, now: number): Pending | undefined {
  // Each page counts the wrong codes typed on it (MAX_GUESSES says why); the code, its time and its use are the holder's.
  const guessesLeft = Math.max(0, MAX_GUESSES - row.guesses);
  const base = { shopId: row.shopId, channel: row.channel, linkCode: row.linkCode, saleId: row.saleId, guessesLeft, locale: row.locale };
  const shown = row.channel === 'sms' ? row.destination.slice(-2) : row.destination;
  if (row.confirmedAt !== null) return { ...base, shown, state: 'confirmed' };
  // Used for another request (a repeat, or the request it repeats), or past its time: this link works no more.
  if (holder.codeUsedAt !== null || holder.expiresAt <= now) return undefined;
  if (guessesLeft === 0) return { ...base, shown, state: 'void' };
  // No code went to a number that said STOP (src/queue/confirmations.ts), and none will: its page takes codes as any
  // other's does, each one wrong, so that whoever typed the number does not learn from "not sent yet" that it stopped.
  if (holder.codeHash === null) return { ...base, shown, state: stoppedHolder(holder) ? 'open' : 'waiting' };
  return { ...base, shown, state: 'open' };
}

/**
 * Stores a request and queues its message, unless a limit says no. In a transaction holding the shop's lock.
 * `addressHash`: the asking address, keyed (null when it is not counted).
 */
async function request(tx: Db, { from: _, ...r }: ConfirmationRequest, addressHash: string | null, now: number): Promise<RequestOutcome> {
  const row = { ...r, pageHash: null as string | null, codeFrom: null as number | null, addressHash, now, expiresAt: now + CONFIRM_HOURS * HOUR };
  const pageToken = r.channel === 'sms' ? newToken() : null;
  if (pageToken) row.pageHash = sha256(pageToken);
  const earlier = await tx.get(q.lastSent, [r.shopId, r.destination, now - CONFIRM_HOURS * HOUR]);
  if (earlier) {
    // One message per destination a day. While its code still works, a repeat (the page closed, a second try)
    // gets a page of its own that takes the same code, with tries of its own: a second visitor typing this number
    // learns nothing, and their wrong codes void no other page. Pages are few (MAX_GUESSES says why). A request that
    // sent nothing for a STOP is taken as sent, and works as long as a sent one would.
    const works = earlier.codeUsedAt === null && earlier.expiresAt > now && (earlier.status !== 'failed' || stoppedHolder(earlier));
    if (!works) return { outcome: 'limited' };
    if (pageToken) {
      const later = (await tx.get(q.laterPages, [r.linkCode, r.shopId, r.destination, earlier.id]))!;
      const full = r.linkCode === null ? Number(later.fromJoin) >= LATER_PAGES : Number(later.fromLink) >= LATER_LINK_PAGES;
      if (full) return { outcome: 'limited' };
    }
    const outcome = (await tx.run(q.again, [now, earlier.id])) > 0 ? 'queued' : 'repeat';
    if (!pageToken) return { outcome, channel: 'email' }; // the link in the e-mail still works
    await tx.run(q.insert, { ...row, codeFrom: earlier.id, addressHash: null, expiresAt: earlier.expiresAt }); // it sends nothing: not counted
    return { outcome, channel: 'sms', pageToken };
  }
  if (r.linkCode !== null) {
    // A sale's consent link: its own bound, not the join page's (PER_LINK says why).
    if (Number(await tx.value(q.sentForLink, [r.linkCode, now - CONFIRM_HOURS * HOUR])) >= PER_LINK) return { outcome: 'limited' };
  } else {
    const shop = (await tx.get(q.sentByShop, [r.shopId, now - CONFIRM_HOURS * HOUR]))!;
    const limit = Number(shop.unconfirmed) >= DAILY_CAP ? 'unconfirmed' : Number(shop.sent) >= DAILY_CEILING ? 'all' : null;
    if (limit) {
      // Kept for the owner's page and `shop show` (joinClosed): otherwise nobody learns the page is closed.
      await tx.run(q.joinRefused, { shopId: r.shopId, now, dayAgo: now - CONFIRM_HOURS * HOUR, taken: Number(shop.last ?? 0), limit });
      return { outcome: 'limited' };
    }
  }
  if (addressHash !== null) {
    // Under the address's own lock, as the destination's below: one address asking at many shops at once.
    await tx.lock(`confirmations from ${addressHash}`);
    if (Number(await tx.value(q.unconfirmedFrom, [addressHash, now - CONFIRM_HOURS * HOUR])) >= UNCONFIRMED_PER_ADDRESS) return { outcome: 'limited' };
  }
  // Counted under a lock of the destination's own (the shop's lock holds only this shop): on PostgreSQL, requests for
  // one number at many shops at the same moment would all count fewer than PER_DESTINATION.
  await tx.lock(`confirmations to ${r.destination}`);
  if (Number(await tx.value(q.sentToDestination, [r.destination, now - CONFIRM_HOURS * HOUR])) >= PER_DESTINATION) return { outcome: 'limited' };
  await tx.run(q.insert, row);
  return pageToken ? { outcome: 'queued', channel: 'sms', pageToken } : { outcome: 'queued', channel: 'email' };
}

/**
 * The language the confirmed request says is hers, for an address: the page's (row.locale, locale.ts visitorVoice)
 * where it is not the shop's, for then her own browser declined the shop's language (at every q), and she read and
 * confirmed the page and its e-mail in this one (a "de" browser too: the shop's Dutch was what she could not read), and
 * an address says nothing of a language: a tourist at a Dutch shop, whose foreign number the join page does not text,
 * joins by e-mail, and her check-in came in Dutch. Not for a number (frv50c): her phone's country decides as for any
 * customer (sale.ts customerVoice), and a browser's language is often only its phone's menus (an iPhone set to English
 * in Dutch hands names English alone), kept where her own Dutch words could never replace it (replies.ts keeps them
 * only where nothing is). The shop's own says nothing (no header, or a browser that merely accepts it). Only where
 * nothing said hers before: an earlier sale's till locale (or her words) is not replaced by a form, though the join's
 * sale is newer; a till's locale at a later sale replaces this one (sales.ts upsertCustomer: the newest wins).
 */
function keptLocale(row: Row, shop: Shop, known: { locale: string | null } | undefined): string | null {
  if (row.channel !== 'email' || (known !== undefined && known.locale !== null)) return null;
  return row.locale === pickLocale(shop.locale, 'en') ? null : row.locale;
}

/**
 * The customer the confirmed destination belongs to: the shop's customer with that number or address, whose name,
 * other contact and language are left as they are (null here never overwrites), or a new one with only this contact;
 * either, where nothing said her language before, gets the one her browser asked for (keptLocale). Consent only for
 * the confirmed channel; the other channel is not mentioned, so it stays as it was.
 */
async function confirmedCustomer(tx: Db, row: Row, shop: Shop, now: number): Promise<{ customer: SaleCustomer; knownId: number | null }> {
  const sms = row.channel === 'sms';
  const customers = customerStore(tx);
  const known = await customers.find(row.shopId, sms ? { phone: row.destination } : { email: row.destination });
  // Opted out on this channel before: proving the number and ticking "yes" is asking to hear from the shop again.
  if (known && (sms ? known.smsOptedOutAt : known.emailOptedOutAt) !== null) await customers.optIn(known.id, row.channel, 'customer_page_confirmed', now);
  const customer: SaleCustomer = {
    name: null,
    phone: sms ? row.destination : null,
    email: sms ? null : row.destination,
    locale: keptLocale(row, shop, known),
    posCustomerId: null,
    consent: { [row.channel]: true },
  };
  return { customer, knownId: known?.id ?? null };
}

/**
 * The channels the customer of a confirmed request hears on: the confirmed one, and the other where the shop's customer
 * with that number or address has it too, with consent and not opted out (a till that knew her number and address);
 * each only where it reaches her (`delivering`: no Twilio, no text; no SMTP, no e-mail) and a number only where it takes
 * texts (not a landline or VoIP number a till gave, as chooseChannel reads it). The thanks page names only these ways to
 * stop (STOP by text, the e-mail's link): an address confirmed alone is told of no STOP to texts she never gets.
 */
async function waysOf(db: Db, row: Row, delivering: Outgoing): Promise<Ways> {
  const c = await customerStore(db).find(row.shopId, row.channel === 'sms' ? { phone: row.destination } : { email: row.destination });
  const consent = c && (await db.get(q.consentOf, [c.id]));
  const phone = row.channel === 'sms' ? row.destination : c?.phone && consent?.sms && c.smsOptedOutAt === null ? c.phone : null;
  return {
    sms: delivering.sms && phone !== null && canReceiveSms(phone),
    email: delivering.email && (row.channel === 'email' || Boolean(c?.email && consent?.email && c.emailOptedOutAt === null)),
  };
}

/** The confirmed request becomes a sale (join page) or gives its sale the customer (consent link). */
async function finish(tx: Db, row: Row, holder: Holder, now: number, delivering: Outgoing): Promise<ConfirmOutcome | undefined> {
  const shop = (await shopStore(tx).byId(row.shopId))!;
  // The consent link is used up now, by the first request for it to be confirmed; another was first: no good.
  if (row.linkCode !== null && !(await tillStore(tx).consentLinks.use(row.linkCode, now))) return undefined;
  await tx.run(q.codeUsed, [now, holder.id]);
  await tx.run(q.confirmed, [now, row.id]);
  // Proven and asked for: a STOP kept past an erasure of theirs holds no more (the new row would take it over).
  await forgetStopped(tx, row.shopId, row.channel, row.destination, now);
  const { customer, knownId } = await confirmedCustomer(tx, row, shop, now);
  // The confirmed purchase is the customer's visit, as a till's sale is: their earlier invitation gives way to its own.
  // One visit a day: a sale of theirs that local day (the till's) is that visit, and gets the consent and, where the
  // till said nothing, what was bought and why, as a consent link's sale does; it is not a second sale.
  const options = { consentSource: 'customer_page_confirmed' as const };
  const sales = saleStore(tx, delivering);
  const day = dayNumber(row.createdAt, shop.timezone);
  const saleId = row.saleId ?? (knownId === null ? null : ((await tx.value<number>(q.visitOn, [knownId, day])) ?? null));
  if (saleId !== null) {
    if (row.item) await tx.run(q.setItems, [JSON.stringify([{ name: row.item, sku: null, quantity: 1, unitPrice: null }]), saleId]);
    await sales.attach(shop, saleId, customer, now, { ...options, reason: row.reason });
  } else {
    const sale = {
      tillSaleId: `join:confirmation-${row.id}`, status: 'completed' as const, occurredAt: row.createdAt, customer, reason: row.reason,
      items: row.item ? [{ name: row.item, sku: null, quantity: 1, unitPrice: null }] : [], total: null, currency: null, staff: null,
    };
    const recorded = await sales.record(shop, sale, now, options);
    // A till's sale for them later that day takes its place (sales.ts, takeJoin).
    if (recorded.outcome === 'created') await tx.run(q.joinDay, [day, recorded.response.customerId]);
  }
  // A known customer whose details are newer than the request keeps their consent as it was; the confirmed channel
  // is still given, which is what they asked for.
  const id = knownId ?? (await customerStore(tx).find(row.shopId, row.channel === 'sms' ? { phone: row.destination } : { email: row.destination }))!.id;
  if ((await tx.get(q.consentOf, [id]))![row.channel] === 0) await setConsent(tx, id, row.channel, true, 'customer_page_confirmed', now);
  return { outcome: 'confirmed', shopId: row.shopId, from: row.saleId === null ? 'join' : 'link', again: false, saleId: row.saleId, ways: await waysOf(tx, row, delivering), locale: row.locale };
}

/**
 * Confirms the request behind a token: an SMS page's token with the code typed on it, or an e-mailed link's token
 * (code null). Undefined when the token is no good (unknown, expired, used for another request).
 */
async function confirm(tx: Db, token: string, code: string | null, now: number, delivering: Outgoing): Promise<ConfirmOutcome | undefined> {
  const seen = await find(tx, token);
  if (!seen) return undefined;
  // The shop's lock, then the request as it is now (another instance may have confirmed it meanwhile).
  await tx.lock(seen.row.shopId);
  const found = (await find(tx, token))!;
  const { row, holder } = found;
  const pending = pendingOf(found, now);
  if (!pending) return undefined;
  if (pending.state === 'confirmed') return { outcome: 'confirmed', shopId: row.shopId, from: row.saleId === null ? 'join' : 'link', again: true, saleId: row.saleId, ways: await waysOf(tx, row, delivering), locale: row.locale };
  if (pending.state !== 'open') return { outcome: pending.state, shopId: row.shopId, pending };
  if (row.channel === 'sms') {
    if (code === null || holder.codeHash === null || !codeMatches(code, holder.codeHash)) {
      await tx.run(q.guessed, [row.id]); // this page's tries only
      const left = pending.guessesLeft - 1;
      return left > 0
        ? { outcome: 'wrong_code', shopId: row.shopId, pending: { ...pending, guessesLeft: left } }
        : { outcome: 'void', shopId: row.shopId, pending: { ...pending, state: 'void', guessesLeft: 0 } };
    }
  }
  return finish(tx, row, holder, now, delivering);
}

/** `delivering`: see saleStore. */
export function confirmationStore(db: Db, delivering: Outgoing = EVERY_CHANNEL) {
  const key = cachedKey(db);
  return {
    async request(r: ConfirmationRequest, now: number): Promise<RequestOutcome> {
      const addressHash = r.from === null ? null : keyed(await key(), `address:${r.from}`);
      return db.transaction(async (tx) => {
        await tx.lock(r.shopId);
        return request(tx, r, addressHash, now);
      });
    },
    /** What a page or link token stands for, for the page (GET): nothing changes. */
    async look(token: string, now: number): Promise<Pending | undefined> {
      const found = await find(db, token);
      const pending = found && pendingOf(found, now);
      return pending?.state === 'confirmed' ? { ...pending, ways: await waysOf(db, found!.row, delivering) } : pending;
    },
    confirm: (token: string, code: string | null, now: number) => db.transaction((tx) => confirm(tx, token, code, now, delivering)),
    /** Whether the join page sent customers to the counter for the shop's cap or ceiling in the last 24 hours (JoinClosed). */
    async joinClosed(shopId: number, now: number): Promise<JoinClosed | null> {
      const r = await db.get(q.joinClosed, [shopId, now - CONFIRM_HOURS * HOUR]);
      if (!r) return null;
      const last = Number(r.last);
      return { since: Number(r.since), last, reopensBy: last + CONFIRM_HOURS * HOUR, limit: r.limit };
    },
    /** Whether the consent link's sale still has nothing bought on it (the page then asks what it was). */
    saleHasItems: async (saleId: number): Promise<boolean> => ((await db.value<string>(q.saleItems, [saleId])) ?? '[]') !== '[]',
    /** Whether the consent link's sale has its reason from the till (the page then does not ask why: the till's is kept). */
    saleHasReason: async (saleId: number): Promise<boolean> => Boolean(await db.value<string | null>(q.saleReason, [saleId])),

    // The dispatcher's side: the queue as src/db/queue.ts keeps it (claimed in one statement, never sent twice).
    ...queueOps(db, 'join_confirmations'),
    load: (id: number): Promise<ConfirmationToSend | undefined> => db.get(q.load, [id]),
    /**
     * The shop whose join code last went to the phone from the number `sender`, with the language it was asked in: a
     * STOP from a phone no customer matches is confirmed in its name. Kept a day past the code's time (purge).
     */
    lastCodeTo: (phone: string, sender: string) => db.get(q.lastCodeTo, [phone, sender]),
    /** Whether the number said STOP to the number the shop texts from (`sender`), shared with others, for that shop, or to the shop. */
    numberStopped: (shopId: number, sender: string, phone: string): Promise<boolean> => numberStopped(db, shopId, sender, phone),
    /** Whether the shop may not text the phone a code from `sender`: see smsStopped (a STOP to the number, or to the shop). */
    smsStopped: (shopId: number, sender: string, phone: string): Promise<boolean> => smsStopped(db, shopId, sender, phone),
    /** Whether the shop may not e-mail the address a confirmation link: see emailStopped (it unsubscribed from the shop). */
    emailStopped: (shopId: number, email: string): Promise<boolean> => emailStopped(db, shopId, email),
    /**
     * What a consent link's sale bought, as its check-in names it: the main thing (see purchases), whether there were
     * more, and whether it came to nothing (`visit`, a repair under warranty: cameToNothing), which its pages and e-mail
     * word as a visit, as the check-in does; `first` null when the shop keeps purchases out of its messages (a pharmacy:
     * a visit, as its check-in) or the till said nothing; and whether it was given back (`returned`). Null
     * for no such sale.
     */
    purchase: async (saleId: number, reasonInMessages: number): Promise<Purchase | null> => {
      const sale = await db.get(q.salePurchase, [saleId]);
      if (!sale) return null;
      const returned = sale.status === 'voided' ? 'voided' : sale.status === 'refunded' || sale.refunded !== null ? 'refunded' : null;
      if (!reasonInMessages) return { first: null, more: false, visit: true, returned };
      const items = JSON.parse(sale.items) as SaleItem[];
      const bought = purchases(items, sale.total);
      return { first: bought[0]?.name ?? null, more: bought.length > 1, visit: cameToNothing(items, sale.total), returned };
    },
    /**
     * Keeps the code or link token about to be handed over, and its hash, the last step before the provider: false when
     * the claim (stamped `claimedAt`) is no longer this dispatcher's, and nothing may be handed over.
     */
    setCode: async (id: number, secret: string, claimedAt: number): Promise<boolean> =>
      (await db.run(q.setCode, { id, hash: sha256(secret), secret, claimedAt })) === 1,
    /**
     * Gone, `at`: with the provider's id, or none for one a crash cut off that the customer typed all the same; by the
     * claim (stamped `claimedAt`) that sent it. Nothing when the request was erased meanwhile.
     */
    markSent: async (id: number, at: number, providerId: string | null, claimedAt: number) => void (await db.run(q.sent, { id, at, providerId, claimedAt })),
    /** Deletes requests a day past their time: unconfirmed numbers and addresses are not kept. */
    purge: (now: number): Promise<number> => db.run(q.purge, [now - CONFIRM_HOURS * HOUR]),
  };
}
export type ConfirmationStore = ReturnType<typeof confirmationStore>;
