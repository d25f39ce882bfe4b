// Zettle (PayPal) Pusher API: a JSON envelope whose `payload` is a JSON *string*, signed in `X-iZettle-Signature`
// as hex HMAC-SHA256 of `timestamp + "." + payload` with the subscription's signing key. `PurchaseCreated` is a
// sale; purchases never carry a customer, so each one gets a consent link.
import type { SaleItem } from '../domain/sale.js';
import { describe, fromMinor, hmacMatches, isObj, json, named, nestsAtMost, num, type Obj, otherAccount, str, withoutBom } from './common.js';
import { BadPayload, type VendorAdapter } from './types.js';

/**
 * Where a refund purchase names the purchase it refunds, first match wins. UNCONFIRMED for webhooks: the Purchase
 * API v2 (iZettle/api-documentation purchase.adoc) has `refund: true` + `refundsPurchaseUUID1`; a third party
 * reports the webhook sends the same dashed UUID as `refundsPurchaseUuid`. Both are read.
 */
export const REFUND_OF_FIELDS = ['refundsPurchaseUuid', 'refundsPurchaseUUID1'] as const;


/**
 * Zettle's envelopes are small: the documented PurchaseCreated is 2 KB, a purchase of a few hundred lines about
 * 100 KB. 256 KiB is room for any real purchase, and small enough that the envelope, which must be parsed before its
 * signature can be checked, is cheap to read.
 */
export const ZETTLE_BODY_LIMIT = 256 * 1024;
/**
 * How deep an envelope may nest objects and arrays: the envelope itself, and the TestMessage's object payload, make 2
 * (PurchaseCreated carries its payload as a string); 2 more levels are room for a field Zettle may add. Anything
 * deeper is no Zettle envelope and is refused before JSON.parse.
 */
export const ENVELOPE_DEPTH = 4;

/** The envelope, or null when the body is not one; read once per delivery, within the limits above. */
const envelopes = new WeakMap<Buffer, Obj | null>();
function envelope(raw: Buffer): Obj | null {
  if (envelopes.has(raw)) return envelopes.get(raw)!;
  let e: Obj | null = null;
  if (raw.length <= ZETTLE_BODY_LIMIT && nestsAtMost(raw, ENVELOPE_DEPTH)) {
    try {
      const parsed: unknown = JSON.parse(withoutBom(raw.toString('utf8')));
      e = isObj(parsed) ? parsed : null;
    } catch {
      e = null;
    }
  }
  envelopes.set(raw, e);
  return e;
}

export const zettle: VendorAdapter = {
  vendor: 'zettle',
  bodyLimit: ZETTLE_BODY_LIMIT,
  timeField: 'created',
  // The envelope's `organizationUuid`, in every documented envelope (CONFIRMED: iZettle/api-documentation
  // event-payloads.md, create-subscriptions.md): one without it is not taken by a connection that records one.
  account: { what: 'the organizationUuid of the Zettle account (as its envelopes send it)', pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i },

  /**
   * The subscription's TestMessage has an object payload and no timestamp, so nothing signed to check (CONFIRMED:
   * iZettle/api-documentation create-subscriptions.md). It is answered 200 and nothing else of it is read or stored.
   */
  unsigned(d) {
    const e = envelope(d.raw);
    return e && e.eventName === 'TestMessage' && isObj(e.payload) && e.timestamp === undefined ? 'TestMessage is not a purchase' : null;
  },

  /**
   * Zettle signs `timestamp.payload`, so the envelope must be parsed first, within the limits above: a body that is
   * not one cannot be verified (401). Every event but the unsigned TestMessage needs a valid signature.
   */
  signature: { headers: ['X-iZettle-Signature'] },
  verify(d, secret) {
    const e = envelope(d.raw);
    if (!e || typeof e.payload !== 'string' || typeof e.timestamp !== 'string') return false;
    return hmacMatches('sha256', secret, [`${e.timestamp}.${e.payload}`], d.headers['x-izettle-signature'], 'hex');
  },

  read(d, _shop, connection) {
    const e = envelope(d.raw);
    if (!e) throw new BadPayload('the body is not a Zettle event');
    // The account as signed: the payload's own organizationUuid (the envelope's is outside the signature, and could be
    // changed on a captured delivery to pass it to another shop); the envelope's where the payload names none.
    let inner: unknown;
    try {
      inner = typeof e.payload === 'string' ? json(e.payload) : undefined;
    } catch {
      inner = undefined; // not JSON: a purchase says so below; another event is ignored, as before
    }
    const signedAccount = isObj(inner) ? str(inner.organizationUuid) : null;
    const envelopeAccount = str(e.organizationUuid);
    if (connection.account && signedAccount && envelopeAccount && signedAccount.toLowerCase() !== envelopeAccount.toLowerCase()) {
      return { kind: 'ignore', why: 'the envelope names another zettle account than its signed payload', foreign: true };
    }
    const other = otherAccount(signedAccount ?? envelopeAccount, connection, true);
    if (other) return other;
    if (e.eventName !== 'PurchaseCreated') return { kind: 'ignore', why: `${describe(e.eventName)} is not a purchase` };
    if (typeof e.payload !== 'string') throw new BadPayload('the purchase payload is not a JSON string');
    const p = json(e.payload);
    const uuid = isObj(p) ? str(p.purchaseUuid) : null;
    if (!isObj(p) || !uuid) throw new BadPayload('the payload is not a purchase');
    const eventId = str(e.messageId);

    const currency = str(p.currency);
    const minor = (v: unknown) => (currency ? fromMinor(v, currency) : null);
    const refundOf = REFUND_OF_FIELDS.map((f) => str(p[f])).find(Boolean);
    if (refundOf) {
      // The refund is a purchase of its own, of a negative amount: what was taken back of the one it names.
      const amount = minor(p.amount);
      const part = amount ? { id: uuid, amount: Math.abs(amount), currency } : undefined;
      return { kind: 'actions', eventId, actions: [{ type: 'refund', tillSaleId: `zettle:${refundOf}`, status: 'refunded', ...(part && { part }) }] };
    }
    if (p.refund === true || (typeof p.amount === 'number' && p.amount < 0)) return { kind: 'ignore', why: 'a refund that names no purchase' };

    const occurredAt = typeof p.created === 'string' ? Date.parse(p.created) : Number.isSafeInteger(p.timestamp) ? (p.timestamp as number) : NaN;
    if (!Number.isFinite(occurredAt)) throw new BadPayload('the purchase has no valid "created" time');
    const items: SaleItem[] = (Array.isArray(p.products) ? p.products : []).filter(isObj).map((line) => {
      const variant = str(line.variantName);
      const quantity = num(line.quantity); // a string: "2"
      return {
        name: str(line.name) ? `${str(line.name)}${variant ? ` (${variant})` : ''}` : '',
        sku: str(line.sku),
        quantity: quantity ?? 1,
        unitPrice: minor(line.unitPrice),
      };
    }).filter(named);
    const sale = {
      tillSaleId: `zettle:${uuid}`,
      status: 'completed' as const,
      occurredAt,
      customer: null, // Zettle purchases carry no customer: the answer holds a consent link instead
      reason: null,
      items,
      total: minor(p.amount),
      currency,
      staff: str(p.userDisplayName),
    };
    return { kind: 'actions', eventId, actions: [{ type: 'sale', sale }] };
  },
};
