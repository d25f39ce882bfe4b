// Loyverse `receipts.update`: JSON with one or more receipts. A SALE is a sale, a cancelled receipt a void, a
// REFUND (`refund_for`) a refund of the original receipt of the same store. Receipts carry only a `customer_id`:
// the contact details come from `GET /v1.0/customers/{id}`.
import type { Sale, SaleItem } from '../domain/sale.js';
import { amountOrNull, customerWithShopConsent, describe, emailOrNull, getJson, hmacMatches, isObj, json, named, type Obj, otherAccount, phoneOrNull, str, time, MiB } from './common.js';
import { type Action, BadPayload, LookupFailed, type VendorAdapter } from './types.js';

/**
 * UNCONFIRMED (integrations say so; not read on developer.loyverse.com): base64 HMAC-SHA1 of the raw body with the
 * OAuth client secret, sent only for webhooks an OAuth app created.
 */
export const SIGNATURE = { header: 'x-loyverse-signature', algorithm: 'sha1', encoding: 'base64' } as const;
/**
 * UNCONFIRMED: money (`total_money`, `price`) is read as major units, as the API docs' decimals suggest; set true
 * if a real receipt turns out to be in cents.
 */
export const MONEY_IN_MINOR_UNITS = false;
export const API_BASE_URL = 'https://api.loyverse.com';

const money = (v: unknown): number | null => (typeof v === 'number' ? amountOrNull(MONEY_IN_MINOR_UNITS ? v / 100 : v) : null);

/** What one receipt asks for; null when nothing. */
function actionOf(r: Obj, accessToken: string | null): Action | null {
  const store = str(r.store_id);
  const number = str(r.receipt_number);
  if (!store || !number) throw new BadPayload('a receipt has no store_id or receipt_number');
  const tillSaleId = `loyverse:${store}:${number}`;
  if (r.cancelled_at) return { type: 'refund', tillSaleId, status: 'voided' };
  if (r.receipt_type === 'REFUND') {
    // The refund receipt's own number and total: what was taken back of the original.
    const original = str(r.refund_for);
    const amount = money(r.total_money);
    const part = amount ? { id: number, amount: Math.abs(amount), currency: null } : undefined;
    return original ? { type: 'refund', tillSaleId: `loyverse:${store}:${original}`, status: 'refunded', ...(part && { part }) } : null;
  }
  if (r.receipt_type !== 'SALE') return null;

  const occurredAt = time(r.receipt_date) ?? time(r.created_at) ?? NaN;
  if (!Number.isFinite(occurredAt)) throw new BadPayload(`receipt ${number} has no valid receipt_date`);
  const items: SaleItem[] = (Array.isArray(r.line_items) ? r.line_items : []).filter(isObj).map((line) => {
    const variant = str(line.variant_name);
    return {
      name: str(line.item_name) ? `${str(line.item_name)}${variant ? ` (${variant})` : ''}` : '',
      sku: str(line.sku),
      quantity: typeof line.quantity === 'number' ? line.quantity : 1,
      unitPrice: money(line.price),
    };
  }).filter(named);
  const sale: Sale = {
    tillSaleId,
    status: 'completed',
    occurredAt,
    customer: null, // only an id: looked up when the connection can, else the answer holds a consent link
    reason: null,
    items,
    total: money(r.total_money),
    currency: null, // receipts name no currency: the store's
    staff: null,
  };
  const customerId = str(r.customer_id);
  return customerId && accessToken ? { type: 'sale', sale, lookup: customerId } : { type: 'sale', sale };
}

export const loyverse: VendorAdapter = {
  vendor: 'loyverse',
  bodyLimit: MiB, // a few receipts per delivery
  timeField: 'receipt_date',
  // `merchant_id`, at the top of both captured deliveries (receipts.update, customers.update); that every delivery
  // carries it is UNCONFIRMED, and taken so: with an account recorded, one without it is not taken.
  account: { what: 'the merchant_id of the Loyverse account (as its webhooks send it)', pattern: /^[a-z0-9][\w-]*$/i },

  // Only the webhooks an OAuth app makes are signed (UNCONFIRMED, as SIGNATURE is); one made with a personal access token
  // comes without the header, and nothing tells it from anyone's post.
  signature: {
    headers: ['X-Loyverse-Signature'],
    missing: () => 'Loyverse signs only the webhooks an OAuth app makes: one made with a personal access token comes unsigned, and nextdeal takes no delivery it cannot verify. Make the webhook with your OAuth app\'s access token (POST /v1.0/webhooks), and connect with its client secret as --secret',
  },
  verify: (d, secret) => hmacMatches(SIGNATURE.algorithm, secret, [d.raw], d.headers[SIGNATURE.header], SIGNATURE.encoding),

  read(d, _shop, connection) {
    const body = json(d.raw.toString('utf8'));
    if (!isObj(body)) throw new BadPayload('the body is not a Loyverse event');
    const other = otherAccount(body.merchant_id, connection, true);
    if (other) return other;
    if (body.type !== 'receipts.update') return { kind: 'ignore', why: `${describe(body.type)} is not about receipts` };
    if (!Array.isArray(body.receipts)) throw new BadPayload('"receipts" is not a list');
    // Each receipt on its own: one that cannot be read is skipped and said so, the others are taken (Loyverse retries
    // the same bytes, so a 400 for the whole delivery would lose its good sales for good). All unreadable: 400.
    const acted: Action[] = [];
    const skipped: string[] = [];
    for (const r of body.receipts) {
      try {
        if (!isObj(r)) throw new BadPayload('a receipt is not an object');
        const action = actionOf(r, connection.accessToken);
        if (action) acted.push(action);
      } catch (err) {
        if (!(err instanceof BadPayload)) throw err;
        skipped.push(err.message);
      }
    }
    if (acted.length === 0 && skipped.length > 0) throw new BadPayload(skipped.join('; '));
    if (acted.length === 0) return { kind: 'ignore', why: 'no sale, refund or void in these receipts' };
    return { kind: 'actions', eventId: null, actions: acted, ...(skipped.length > 0 && { skipped }) }; // receipt_number + store_id dedupe, as the till sale id
  },

  async lookup(customerRef, connection, country, fetchFn) {
    if (!connection.accessToken) throw new LookupFailed('no access token for the Loyverse API');
    const base = (connection.apiBaseUrl ?? API_BASE_URL).replace(/\/+$/, '');
    const c = await getJson(`${base}/v1.0/customers/${encodeURIComponent(customerRef)}`, { authorization: `Bearer ${connection.accessToken}` }, fetchFn);
    if (!isObj(c) || c.deleted_at) return null;
    // A national number is read in the customer's own country when Loyverse has one, else the shop's.
    const phone = phoneOrNull(c.phone_number, str(c.country_code) ?? country);
    return customerWithShopConsent({ name: str(c.name), phone, email: emailOrNull(c.email), locale: null, posCustomerId: `loyverse:${customerRef}` }, connection);
  },
};
