// Zettle (PayPal) Pusher API: a JSON envelope whose `payload` is a JSON *string*, signed in `X-iZettle-Signature`
// as hex HMAC-SHA256 of `timestamp + "." + payload` with the subscription's signing key. `PurchaseCreated` is a
// sale; purchases never carry a customer, so each one gets a consent link.
import type { SaleItem } from '../domain/sale.js';
import { describe, fromMinor, hmacMatches, isObj, json, num, type Obj, str } from './common.js';
import { BadPayload, type VendorAdapter } from './types.js';

/**
 * Where a refund purchase names the purchase it refunds, first match wins. UNCONFIRMED for webhooks: the Purchase
 * API v2 (iZettle/api-documentation purchase.adoc) has `refund: true` + `refundsPurchaseUUID1`; a third party
 * reports the webhook sends the same dashed UUID as `refundsPurchaseUuid`. Both are read.
 */
export const REFUND_OF_FIELDS = ['refundsPurchaseUuid', 'refundsPurchaseUUID1'] as const;


/** The envelope, or null when the body is not one. */
function envelope(raw: Buffer): Obj | null {
  try {
    const e: unknown = JSON.parse(raw.toString('utf8'));
    return isObj(e) ? e : null;
  } catch {
    return null;
  }
}

export const zettle: VendorAdapter = {
  vendor: 'zettle',

  /**
   * Zettle signs `timestamp.payload`, so the envelope must be parsed first: a body that is not one cannot be verified
   * (401). The subscription's `TestMessage` has an object payload and no timestamp, so nothing signed to check: it is
   * let through, and `read` ignores it whatever it says. Every other event needs a valid signature.
   */
  verify(d, secret) {
    const e = envelope(d.raw);
    if (!e) return false;
    if (e.eventName === 'TestMessage' && typeof e.payload !== 'string') return true;
    if (typeof e.payload !== 'string' || typeof e.timestamp !== 'string') return false;
    return hmacMatches('sha256', secret, [`${e.timestamp}.${e.payload}`], d.headers['x-izettle-signature'], 'hex');
  },

  read(d) {
    const e = envelope(d.raw);
    if (!e) throw new BadPayload('the body is not a Zettle event');
    if (e.eventName !== 'PurchaseCreated') return { kind: 'ignore', why: `${describe(e.eventName)} is not a purchase` };
    if (typeof e.payload !== 'string') throw new BadPayload('the purchase payload is not a JSON string');
    const p = json(e.payload);
    const uuid = isObj(p) ? str(p.purchaseUuid) : null;
    if (!isObj(p) || !uuid) throw new BadPayload('the payload is not a purchase');
    const eventId = str(e.messageId);

    const refundOf = REFUND_OF_FIELDS.map((f) => str(p[f])).find(Boolean);
    if (refundOf) return { kind: 'actions', eventId, actions: [{ type: 'refund', tillSaleId: `zettle:${refundOf}`, status: 'refunded' }] };
    if (p.refund === true || (typeof p.amount === 'number' && p.amount < 0)) return { kind: 'ignore', why: 'a refund that names no purchase' };

    const occurredAt = typeof p.created === 'string' ? Date.parse(p.created) : Number.isSafeInteger(p.timestamp) ? (p.timestamp as number) : NaN;
    if (!Number.isFinite(occurredAt)) throw new BadPayload('the purchase has no valid "created" time');
    const currency = str(p.currency);
    const minor = (v: unknown) => (currency ? fromMinor(v, currency) : null);
    const items: SaleItem[] = (Array.isArray(p.products) ? p.products : []).filter(isObj).map((line) => {
      const variant = str(line.variantName);
      const quantity = num(line.quantity); // a string: "2"
      return {
        name: `${str(line.name) ?? 'item'}${variant ? ` (${variant})` : ''}`,
        sku: str(line.sku),
        quantity: quantity ?? 1,
        unitPrice: minor(line.unitPrice),
      };
    });
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
