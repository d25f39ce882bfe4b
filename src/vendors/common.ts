// What the vendor adapters share: HMAC checks, contact details as vendors give them, money in minor units.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Connection } from '../db/tills.js';
import { normaliseEmail, normalisePhone } from '../domain/contact.js';
import { placeholderEmail, placeholderPhone } from '../domain/placeholder-contact.js';
import { type SaleCustomer, isAmount } from '../domain/sale.js';
import { BadPayload, LookupFailed, type Reading } from './types.js';

/** HMAC of `data` with `key`, compared in constant time with the signature the vendor sent. */
export function hmacMatches(algorithm: 'sha256' | 'sha1', key: string, data: (string | Buffer)[], given: string | undefined, encoding: 'base64' | 'hex'): boolean {
  if (!given) return false;
  const mac = createHmac(algorithm, key);
  for (const part of data) mac.update(part);
  const expected = mac.digest();
  const actual = Buffer.from(given.trim(), encoding);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Null when a verified delivery may be taken by this connection, else why not (answered 200, nothing stored, logged).
 * Every shop connected through one vendor app has its secret, so the signature alone does not say whose sale a delivery
 * is: with an account recorded, a delivery naming another is not this shop's. `always`: the vendor names the account in
 * every delivery, so one naming none is not taken either. The reason names no account (a shop's name may be a person's).
 */
export function otherAccount(named: unknown, connection: Connection, always: boolean): Reading | null {
  if (!connection.account) return null; // none recorded: every signed delivery, as before
  const account = str(named)?.toLowerCase() ?? null;
  if (account === connection.account || (account === null && !always)) return null;
  const why = account === null ? `the delivery names no ${connection.vendor} account, and this connection is for one` : `the delivery is for another ${connection.vendor} account than this connection's`;
  return { kind: 'ignore', why, foreign: true };
}

/** Reading vendor JSON without trusting it: an object or null, a trimmed string or null, a time in ms or null. */
export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Obj | null => (isObj(v) ? v : null);
export const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null);
export const time = (v: unknown): number | null => (typeof v === 'string' && Number.isFinite(Date.parse(v)) ? Date.parse(v) : null);
/** An amount as a sale may give it, else null: also one no till takes (isAmount). */
export const amountOrNull = (n: number): number | null => (isAmount(n) ? n : null);
/** An amount given as a number or a numeric string ("2"), else null; never calls into an object. */
export const num = (v: unknown): number | null =>
  amountOrNull(typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN);
/** A value as a message may quote it: never calls toString on what the sender made up ({"toString": 0}). */
export const describe = (v: unknown): string =>
  typeof v === 'string' ? v.slice(0, 80) : typeof v === 'object' && v !== null ? (Array.isArray(v) ? 'a list' : 'an object') : String(v);

/** The body limit of tills whose deliveries are one sale, payment or batch of receipts: 1 MiB. */
export const MiB = 1024 * 1024;

/**
 * Whether JSON text nests objects and arrays at most `max` deep, found by counting `{`/`[` outside strings over the raw
 * bytes: a linear scan that reads nothing, so a body can be refused before JSON.parse builds anything of it. (Multi-byte
 * UTF-8 sequences never contain these ASCII bytes.)
 */
export function nestsAtMost(raw: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (inString) {
      if (b === 0x5c) i++; // \ escapes the next byte
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > max) return false;
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return true;
}

/**
 * Text without one leading byte order mark (U+FEFF), which Windows tools write before JSON and RFC 8259 §8.1 lets a
 * reader ignore. Only for reading: a signature always covers the raw bytes, mark included.
 */
export const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** A sale's line with a name to show: one without is left out, as the sale webhook leaves it out (nothing to call it). */
export const named = (item: { name: string }): boolean => item.name !== '';

/** JSON.parse (a leading byte order mark ignored), or a 400. */
export function json(text: string): unknown {
  try {
    return JSON.parse(withoutBom(text));
  } catch {
    throw new BadPayload('the body is not valid JSON');
  }
}

/**
 * A phone number as vendors send them (free text, often invalid): E.164, or null rather than a refused delivery; null
 * too for a till's placeholder ("0611111111": placeholderPhone), which is nobody's, so that the next
 * number the vendor gives is taken instead. (The shop's own e-mail addresses are left out where the shop is known:
 * withoutPlaceholders.)
 */
export const phoneOrNull = (raw: unknown, country: string): string | null => {
  if (typeof raw !== 'string' || !raw.trim()) return null;
  const r = normalisePhone(raw, country);
  return r.ok && !placeholderPhone(r.value) ? r.value : null;
};
export const emailOrNull = (raw: unknown): string | null => {
  if (typeof raw !== 'string' || !raw.trim()) return null;
  const r = normaliseEmail(raw);
  return r.ok && placeholderEmail(r.value, { senders: [], others: [] }) === null ? r.value : null;
};

/** A name from its parts, or null. */
export const fullName = (...parts: unknown[]): string | null => parts.filter((p) => typeof p === 'string' && p.trim()).join(' ').trim() || null;

/** Digits after the decimal point of a currency (EUR 2, JPY 0, KWD 3). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
/** An amount in minor units (cents) as a number in the currency's units: 35300 GBP → 353. */
export const fromMinor = (amount: unknown, currency: string): number | null =>
  typeof amount === 'number' ? amountOrNull(amount / 10 ** currencyDigits(currency)) : null;

/**
 * A customer from a vendor that records no marketing consent: contact details, and consent only for the channels the
 * shop said it collects in the till (`shop connect --consent`). Without that, the consent page asks the customer.
 */
export function customerWithShopConsent(c: Omit<SaleCustomer, 'consent'>, connection: Connection): SaleCustomer {
  return { ...c, consent: Object.fromEntries(connection.consent.map((ch) => [ch, true])) };
}

/** GET a vendor API resource as JSON: null for 404, LookupFailed for what may pass (network, 429, 5xx). */
export async function getJson(url: string, headers: Record<string, string>, fetchFn: typeof fetch = fetch): Promise<unknown> {
  let res: Response;
  try {
    res = await fetchFn(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new LookupFailed(`could not reach ${new URL(url).host}: ${(err as Error).message}`);
  }
  if (res.status === 404) return null;
  if (!res.ok) throw new LookupFailed(`${new URL(url).host} answered ${res.status}`);
  return res.json();
}
