// Double opt-in for the public pages. A number or address given on a sale's consent link or the shop's join page is
// held here, unconfirmed, until its owner proves it: with the six-digit code texted to the number, typed on the page,
// or with the link e-mailed to the address. Until then it is nobody's contact: no customer row, no consent, no
// check-in. The one message an unconfirmed contact can get is that confirmation, queued here and sent by the
// dispatcher (src/queue/confirmations.ts); it carries the shop's name and the code or link, nothing a visitor typed.
//
// Limits, so the pages cannot be used to make the shop text or mail the world: at most one message per destination
// (per shop) in 24 hours, at most DAILY_CAP a shop in 24 hours, and numbers only in the shop's join countries (checked
// by the page before it asks). Codes and link tokens are stored only as SHA-256 hashes, made when the message goes out.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NotSent } from '../domain/not-sent.js';
import type { ChannelName } from '../domain/plan.js';
import type { SaleCustomer } from '../domain/sale.js';
import type { CustomerStore } from './customers.js';
import type { Db } from './open.js';
import type { SaleStore } from './sales.js';
import type { ShopStore } from './shops.js';
import type { TillStore } from './tills.js';

/** A code or link works this long after it was asked for; and one destination gets one message in this time. */
export const CONFIRM_HOURS = 24; // the confirm.* templates say "24 uur" / "24 hours"
/** Wrong codes typed against one code before it is void (a repeat request shares its code, and this count). */
export const MAX_GUESSES = 5;
/** Confirmation messages one shop may have sent in 24 hours; after that the page sends the customer to the counter. */
export const DAILY_CAP = 50;

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
}

export type RequestOutcome =
  /** A message goes out (`queued`), or one went out in the last 24 hours and still works (`repeat`): nothing is sent. */
  | { outcome: 'queued' | 'repeat'; channel: 'sms'; pageToken: string }
  | { outcome: 'queued' | 'repeat'; channel: 'email' }
  /** The shop's daily cap is reached, or this destination had its message today and it can confirm nothing more. */
  | { outcome: 'limited' };

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
  guessesLeft: number;
}

export type ConfirmOutcome =
  | { outcome: 'confirmed'; shopId: number; from: 'join' | 'link'; again: boolean }
  | { outcome: 'wrong_code'; shopId: number; pending: Pending }
  | { outcome: 'waiting' | 'void'; shopId: number; pending: Pending };

/** A confirmation message to send, as the dispatcher needs it. */
export interface ConfirmationToSend {
  id: number;
  shopId: number;
  channel: ChannelName;
  destination: string;
  locale: string;
  attempts: number;
  expiresAt: number;
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
  createdAt: number;
  confirmedAt: number | null;
}
interface Holder {
  id: number;
  codeHash: string | null;
  guesses: number;
  codeUsedAt: number | null;
  expiresAt: number;
  status: string | null;
}

const rowColumns = `id, shop_id AS shopId, sale_id AS saleId, link_code AS linkCode, item, reason, channel, destination, locale,
  code_from AS codeFrom, created_at AS createdAt, confirmed_at AS confirmedAt`;
const holderColumns = 'id, code_hash AS codeHash, guesses, code_used_at AS codeUsedAt, expires_at AS expiresAt, status';

export function confirmationStore(db: Db, d: { shops: ShopStore; customers: CustomerStore; sales: SaleStore; tills: TillStore }) {
  const q = {
    // The request of the last 24 hours to this destination that sent its own message (a repeat sends none).
    lastSent: db.prepare<[number, string, number], Holder>(`SELECT ${holderColumns} FROM join_confirmations
      WHERE shop_id = ? AND destination = ? AND created_at > ? AND code_from IS NULL ORDER BY created_at DESC, id DESC LIMIT 1`),
    sentByShop: db.prepare<[number, number], number>(`SELECT count(*) FROM join_confirmations INDEXED BY join_confirmations_sent_by_shop
      WHERE shop_id = ? AND created_at > ? AND code_from IS NULL`).pluck(),
    insert: db.prepare(`INSERT INTO join_confirmations (shop_id, sale_id, link_code, item, reason, channel, destination, locale, page_hash,
        code_from, created_at, expires_at, status, next_attempt_at)
      VALUES (@shopId, @saleId, @linkCode, @item, @reason, @channel, @destination, @locale, @pageHash, @codeFrom, @now, @expiresAt,
        CASE WHEN @codeFrom IS NULL THEN 'scheduled' END, CASE WHEN @codeFrom IS NULL THEN @now END)`),
    byPage: db.prepare<[string], Row>(`SELECT ${rowColumns} FROM join_confirmations WHERE page_hash = ?`),
    byLink: db.prepare<[string], Row>(`SELECT ${rowColumns} FROM join_confirmations INDEXED BY join_confirmations_by_link
      WHERE code_hash = ? AND channel = 'email' AND code_hash IS NOT NULL`),
    holder: db.prepare<[number], Holder>(`SELECT ${holderColumns} FROM join_confirmations WHERE id = ?`),
    guessed: db.prepare('UPDATE join_confirmations SET guesses = guesses + 1 WHERE id = ?'),
    codeUsed: db.prepare('UPDATE join_confirmations SET code_used_at = ? WHERE id = ? AND code_used_at IS NULL'),
    confirmed: db.prepare('UPDATE join_confirmations SET confirmed_at = ? WHERE id = ?'),
    saleItems: db.prepare<[number], string>('SELECT items FROM sales WHERE id = ?').pluck(),
    setItems: db.prepare("UPDATE sales SET items = ? WHERE id = ? AND items = '[]'"),
    consentOf: db.prepare<[number], { sms: number; email: number }>('SELECT sms_consent AS sms, email_consent AS email FROM customers WHERE id = ?'),

    // The queue, as src/db/queue.ts keeps the messages table's: claimed in one statement, never sent twice.
    claim: db.prepare<{ now: number; limit: number }, { id: number }>(`UPDATE join_confirmations SET status = 'sending', claimed_at = @now, attempts = attempts + 1
      WHERE id IN (SELECT id FROM join_confirmations WHERE status = 'scheduled' AND next_attempt_at <= @now
        AND channel NOT IN (SELECT channel FROM channel_health WHERE paused_until > @now) ORDER BY next_attempt_at LIMIT @limit)
      RETURNING id`),
    load: db.prepare<[number], ConfirmationToSend>(`SELECT id, shop_id AS shopId, channel, destination, locale, attempts, expires_at AS expiresAt
      FROM join_confirmations WHERE id = ?`),
    setCode: db.prepare("UPDATE join_confirmations SET code_hash = ? WHERE id = ? AND status = 'sending'"),
    sent: db.prepare(`UPDATE join_confirmations SET status = 'sent', sent_at = @at, provider_id = @providerId, error = NULL, error_detail = NULL
      WHERE id = @id AND status IN ('sending', 'uncertain')`),
    retry: db.prepare(`UPDATE join_confirmations SET status = 'scheduled', next_attempt_at = @nextAt, error = @reason, error_detail = @detail
      WHERE id = @id AND status = 'sending'`),
    failed: db.prepare("UPDATE join_confirmations SET status = 'failed', error = @reason, error_detail = @detail WHERE id = @id AND status = 'sending'"),
    inDoubt: db.prepare("UPDATE join_confirmations SET status = 'uncertain', error = @reason, error_detail = @detail WHERE id = @id AND status = 'sending'"),
    orphans: db.prepare(`UPDATE join_confirmations SET status = 'uncertain', error = 'interrupted', error_detail = NULL
      WHERE status = 'sending' AND claimed_at < ?`),
    // A request and its repeats share expires_at, so they go together (a repeat refers to its request).
    purge: db.prepare("DELETE FROM join_confirmations WHERE expires_at < ? AND (status IS NULL OR status != 'sending')"),
  };

  /** Stores a request and queues its message, unless a limit says no. */
  const request = db.transaction((r: ConfirmationRequest, now: number): RequestOutcome => {
    const row = { ...r, pageHash: null as string | null, codeFrom: null as number | null, now, expiresAt: now + CONFIRM_HOURS * HOUR };
    const pageToken = r.channel === 'sms' ? newToken() : null;
    if (pageToken) row.pageHash = sha256(pageToken);
    const earlier = q.lastSent.get(r.shopId, r.destination, now - CONFIRM_HOURS * HOUR);
    if (earlier) {
      // One message per destination a day. While its code still works, a repeat (the page closed, a second try)
      // gets a page of its own that takes the same code: a second visitor typing this number learns nothing.
      const works = earlier.codeUsedAt === null && earlier.guesses < MAX_GUESSES && earlier.expiresAt > now && earlier.status !== 'failed';
      if (!works) return { outcome: 'limited' };
      if (!pageToken) return { outcome: 'repeat', channel: 'email' }; // the link in the e-mail still works
      q.insert.run({ ...row, codeFrom: earlier.id, expiresAt: earlier.expiresAt });
      return { outcome: 'repeat', channel: 'sms', pageToken };
    }
    if (q.sentByShop.get(r.shopId, now - CONFIRM_HOURS * HOUR)! >= DAILY_CAP) return { outcome: 'limited' };
    q.insert.run(row);
    return pageToken ? { outcome: 'queued', channel: 'sms', pageToken } : { outcome: 'queued', channel: 'email' };
  });

  /** The request behind a page token (SMS) or a link token (e-mail), and the row whose code it takes. */
  function find(token: string): { row: Row; holder: Holder } | undefined {
    if (!/^[\w-]{22,64}$/.test(token)) return undefined;
    const digest = sha256(token);
    const row = q.byPage.get(digest) ?? q.byLink.get(digest);
    if (!row) return undefined;
    return { row, holder: q.holder.get(row.codeFrom ?? row.id)! };
  }

  function pendingOf({ row, holder }: { row: Row; holder: Holder }, now: number): Pending | undefined {
    const base = { shopId: row.shopId, channel: row.channel, linkCode: row.linkCode, guessesLeft: Math.max(0, MAX_GUESSES - holder.guesses) };
    const shown = row.channel === 'sms' ? row.destination.slice(-2) : row.destination;
    if (row.confirmedAt !== null) return { ...base, shown, state: 'confirmed' };
    // Used for another request (a repeat, or the request it repeats), or past its time: this link works no more.
    if (holder.codeUsedAt !== null || holder.expiresAt <= now) return undefined;
    if (holder.guesses >= MAX_GUESSES) return { ...base, shown, state: 'void' };
    if (holder.codeHash === null) return { ...base, shown, state: 'waiting' };
    return { ...base, shown, state: 'open' };
  }

  /**
   * The customer the confirmed destination belongs to: the shop's customer with that number or address, whose name,
   * other contact and language are left as they are (null here never overwrites), or a new one with only this
   * contact. Consent only for the confirmed channel; the other channel is not mentioned, so it stays as it was.
   */
  function confirmedCustomer(row: Row, now: number): { customer: SaleCustomer; knownId: number | null } {
    const sms = row.channel === 'sms';
    const known = d.customers.find(row.shopId, sms ? { phone: row.destination } : { email: row.destination });
    // Opted out on this channel before: proving the number and ticking "yes" is asking to hear from the shop again.
    if (known && (sms ? known.smsOptedOutAt : known.emailOptedOutAt) !== null) d.customers.optIn(known.id, row.channel, 'customer_page_confirmed', now);
    const customer: SaleCustomer = {
      name: null,
      phone: sms ? row.destination : null,
      email: sms ? null : row.destination,
      locale: known ? null : row.locale,
      posCustomerId: null,
      consent: { [row.channel]: true },
    };
    return { customer, knownId: known?.id ?? null };
  }

  /** The confirmed request becomes a sale (join page) or gives its sale the customer (consent link). */
  function finish(row: Row, holder: Holder, now: number): ConfirmOutcome | undefined {
    const shop = d.shops.byId(row.shopId)!;
    // The consent link is used up now, by the first request for it to be confirmed; another was first: no good.
    if (row.linkCode !== null && !d.tills.consentLinks.use(row.linkCode, now)) return undefined;
    q.codeUsed.run(now, holder.id);
    q.confirmed.run(now, row.id);
    const { customer, knownId } = confirmedCustomer(row, now);
    // A confirmed page never cancels an existing customer's messages (not even their earlier invitations).
    const options = { consentSource: 'customer_page_confirmed' as const, keepEarlierComebacks: true };
    if (row.saleId !== null) {
      if (row.item) q.setItems.run(JSON.stringify([{ name: row.item, sku: null, quantity: 1, unitPrice: null }]), row.saleId);
      d.sales.attach(shop, row.saleId, customer, now, { ...options, reason: row.reason });
    } else {
      const sale = {
        tillSaleId: `join:confirmation-${row.id}`, status: 'completed' as const, occurredAt: row.createdAt, customer, reason: row.reason,
        items: row.item ? [{ name: row.item, sku: null, quantity: 1, unitPrice: null }] : [], total: null, currency: null, staff: null,
      };
      d.sales.record(shop, sale, now, options);
    }
    // A known customer whose details are newer than the request keeps their consent as it was; the confirmed channel
    // is still given, which is what they asked for.
    const id = knownId ?? d.customers.find(row.shopId, row.channel === 'sms' ? { phone: row.destination } : { email: row.destination })!.id;
    if (q.consentOf.get(id)![row.channel] === 0) d.customers.setConsent(id, row.channel, true, 'customer_page_confirmed', now);
    return { outcome: 'confirmed', shopId: row.shopId, from: row.saleId === null ? 'join' : 'link', again: false };
  }

  /**
   * Confirms the request behind a token: an SMS page's token with the code typed on it, or an e-mailed link's token
   * (code null). Undefined when the token is no good (unknown, expired, used for another request).
   */
  const confirm = db.transaction((token: string, code: string | null, now: number): ConfirmOutcome | undefined => {
    const found = find(token);
    if (!found) return undefined;
    const { row, holder } = found;
    const pending = pendingOf(found, now);
    if (!pending) return undefined;
    if (pending.state === 'confirmed') return { outcome: 'confirmed', shopId: row.shopId, from: row.saleId === null ? 'join' : 'link', again: true };
    if (pending.state !== 'open') return { outcome: pending.state, shopId: row.shopId, pending };
    if (row.channel === 'sms') {
      if (code === null || !codeMatches(code, holder.codeHash!)) {
        q.guessed.run(holder.id);
        const left = pending.guessesLeft - 1;
        return left > 0
          ? { outcome: 'wrong_code', shopId: row.shopId, pending: { ...pending, guessesLeft: left } }
          : { outcome: 'void', shopId: row.shopId, pending: { ...pending, state: 'void', guessesLeft: 0 } };
      }
    }
    return finish(row, holder, now);
  });

  return {
    request: (r: ConfirmationRequest, now: number): RequestOutcome => request.immediate(r, now),
    /** What a page or link token stands for, for the page (GET): nothing changes. */
    look(token: string, now: number): Pending | undefined {
      const found = find(token);
      return found && pendingOf(found, now);
    },
    confirm: (token: string, code: string | null, now: number) => confirm.immediate(token, code, now),
    /** Whether the consent link's sale still has nothing bought on it (the page then asks what it was). */
    saleHasItems: (saleId: number): boolean => (q.saleItems.get(saleId) ?? '[]') !== '[]',

    // The dispatcher's side.
    claim: (now: number, limit: number): number[] => q.claim.all({ now, limit }).map((r) => r.id),
    load: (id: number): ConfirmationToSend | undefined => q.load.get(id),
    /** Keeps the hash of the code or link token about to be sent (a retry makes a new one: the old never went out). */
    setCode: (id: number, secret: string) => void q.setCode.run(sha256(secret), id),
    markSent: (id: number, at: number, providerId: string) => void q.sent.run({ id, at, providerId }),
    markRetry: (id: number, nextAt: number, reason: NotSent, detail: string | null = null) => void q.retry.run({ id, nextAt, reason, detail }),
    markFailed: (id: number, reason: NotSent, detail: string | null = null) => void q.failed.run({ id, reason, detail }),
    /** The provider took it and never answered: maybe sent. Never sent again by itself; its code works if it arrived. */
    markInDoubt: (id: number, reason: NotSent, detail: string | null = null) => void q.inDoubt.run({ id, reason, detail }),
    markOrphans: (claimedBefore: number): number => q.orphans.run(claimedBefore).changes,
    /** Deletes requests a day past their time: unconfirmed numbers and addresses are not kept. */
    purge: (now: number): number => q.purge.run(now - CONFIRM_HOURS * HOUR).changes,
  };
}
export type ConfirmationStore = ReturnType<typeof confirmationStore>;
