// Lightspeed Retail X-Series (formerly Vend) `sale.update`: a form body whose `payload` field holds the sale as
// API 1.0 gives it (register_sale), signed in `X-Signature: signature=…,algorithm=HMAC-SHA256`. Sales carry a
// `customer_id`, sometimes the customer too; otherwise the API 2.0 customer is looked up.
import { DateTime } from 'luxon';
import type { Connection } from '../db/tills.js';
import type { Sale, SaleCustomer, SaleItem } from '../domain/sale.js';
import { customerWithShopConsent, describe, emailOrNull, fullName, getJson, hmacMatches, isObj, json, named, num, type Obj, otherAccount, phoneOrNull, str, MiB } from './common.js';
import { type Action, BadPayload, LookupFailed, type VendorAdapter } from './types.js';

/**
 * UNCONFIRMED (the docs sentence is cut off): the HMAC key is the app's client secret (the connection secret) and
 * the digest is hex. Change here if a real delivery says otherwise.
 */
export const SIGNATURE_ENCODING: 'hex' | 'base64' = 'hex';
/** `status` values acted on. ONACCOUNT_CLOSED / LAYBY_CLOSED (paid off later) are left out, as briefed. */
const SALE_STATUSES = ['CLOSED'];
const VOID_STATUSES = ['VOIDED'];
/**
 * API 1.0 writes times as "2016-05-05 23:35:34", with no zone. They are UTC: "All dates and times in the API are in
 * UTC. [...] When processing dates and times in responses from the API you should translate them to the local time of
 * the associated outlet." (x-series-api.lightspeedhq.com/docs/dates_and_times, the same text on
 * docs.vendhq.com/reference/dates_and_times). Reading them as the shop's wall clock put a sale at 00:30 in Amsterdam
 * an hour earlier, on the day before, and its check-in on the morning of the sale itself.
 */
const SALE_DATE_FORMAT = 'yyyy-MM-dd HH:mm:ss';
const SALE_DATE_ZONE = 'utc';

/** `signature=…,algorithm=HMAC-SHA256` → its parts (a base64 signature may itself end in `=`). */
function signatureParts(header: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (header ?? '').split(',').map((part) => {
      const i = part.indexOf('=');
      return [part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim()];
    }),
  );
}

function saleDate(raw: unknown): number {
  const text = str(raw);
  const at = text ? DateTime.fromFormat(text, SALE_DATE_FORMAT, { zone: SALE_DATE_ZONE }) : null;
  // An ISO date, just in case: its own offset when it has one, else UTC as well.
  const parsed = at?.isValid ? at : text ? DateTime.fromISO(text, { zone: SALE_DATE_ZONE }) : null;
  if (!parsed?.isValid) throw new BadPayload(`sale_date ${describe(raw)} is not a date`);
  return parsed.toMillis();
}

/** Contact details as Lightspeed keeps them: mobile before phone, since the check-in is a text. UNCONFIRMED names. */
function contact(c: Obj, id: string | null, country: string, connection: Connection): SaleCustomer | null {
  const phone = phoneOrNull(c.mobile, country) ?? phoneOrNull(c.phone, country);
  const email = emailOrNull(c.email);
  if (!phone && !email) return null;
  const name = fullName(c.first_name, c.last_name) ?? str(c.name);
  return customerWithShopConsent({ name, phone, email, locale: null, posCustomerId: id && `lightspeed:${id}` }, connection);
}

export const lightspeed: VendorAdapter = {
  vendor: 'lightspeed',
  bodyLimit: MiB, // one sale, a few KB per line
  timeField: 'sale_date',
  // The form field `domain_prefix`, which the docs name but do not promise ("Other form fields (such as `environment`
  // or `domain_prefix`) may be present but are not guaranteed to be"): a delivery without it is taken. `retailer_id`
  // is not in the documented format (UNCONFIRMED), so it is not read.
  account: { what: "the retailer's domain_prefix (examplestore of examplestore.retail.lightspeed.app)", pattern: /^[a-z0-9][a-z0-9_-]*$/i },

  signature: { headers: ['X-Signature'] },
  verify(d, secret) {
    const { signature, algorithm } = signatureParts(d.headers['x-signature']);
    if (algorithm?.toUpperCase() !== 'HMAC-SHA256') return false;
    return hmacMatches('sha256', secret, [d.raw], signature, SIGNATURE_ENCODING);
  },

  read(d, shop, connection) {
    const form = new URLSearchParams(d.raw.toString('utf8'));
    const other = otherAccount(form.get('domain_prefix'), connection, false);
    if (other) return other;
    const type = form.get('type');
    if (type && type !== 'sale.update') return { kind: 'ignore', why: `${type} is not a sale` };
    const text = form.get('payload');
    if (text === null) throw new BadPayload('the form has no "payload" field');
    const p = json(text);
    if (!isObj(p) || !str(p.id)) throw new BadPayload('the payload is not a sale');
    const tillSaleId = `lightspeed:${str(p.id)}`;
    const status = typeof p.status === 'string' ? p.status : describe(p.status);
    if (VOID_STATUSES.includes(status)) return { kind: 'actions', eventId: null, actions: [{ type: 'refund', tillSaleId, status: 'voided' }] };
    if (!SALE_STATUSES.includes(status)) return { kind: 'ignore', why: `a sale with status ${status}` };

    const totals = isObj(p.totals) ? p.totals : {};
    const total = num(totals.total_payment) ?? num(p.total_price);
    if (total !== null && total < 0) return { kind: 'ignore', why: 'a return' }; // nobody is asked about what they brought back
    const items: SaleItem[] = (Array.isArray(p.register_sale_products) ? p.register_sale_products : []).filter(isObj).map((line) => ({
      name: str(line.name) ?? str(line.product_name) ?? '',
      sku: str(line.sku),
      quantity: num(line.quantity) ?? 1,
      unitPrice: num(line.price),
    })).filter(named);
    const customerId = str(p.customer_id);
    const customer = isObj(p.customer) ? contact(p.customer, customerId ?? str(p.customer.id), shop.country, connection) : null;
    const sale: Sale = {
      tillSaleId,
      status: 'completed',
      occurredAt: saleDate(p.sale_date),
      customer,
      reason: null,
      items,
      total,
      currency: null, // a register sale names no currency: the retailer's
      staff: null,
    };
    const lookup = !customer && customerId && connection.accessToken ? customerId : undefined;
    const action: Action = lookup ? { type: 'sale', sale, lookup } : { type: 'sale', sale };
    return { kind: 'actions', eventId: null, actions: [action] };
  },

  async lookup(customerRef, connection, shopCountry, fetchFn) {
    if (!connection.apiBaseUrl) throw new LookupFailed('no API base URL for Lightspeed: set it to https://<domain_prefix>.retail.lightspeed.app');
    if (!connection.accessToken) throw new LookupFailed('no access token for the Lightspeed API');
    const url = `${connection.apiBaseUrl.replace(/\/+$/, '')}/api/2.0/customers/${encodeURIComponent(customerRef)}`;
    const body = await getJson(url, { authorization: `Bearer ${connection.accessToken}` }, fetchFn);
    if (!isObj(body) || !isObj(body.data)) return null;
    const c = body.data;
    // A national number is read in the customer's own country when Lightspeed has one, else the shop's.
    const country = str(c.physical_country_id) ?? str(c.postal_country_id) ?? shopCountry;
    const phone = phoneOrNull(c.mobile, country) ?? phoneOrNull(c.phone, country);
    const name = fullName(c.first_name, c.last_name) ?? str(c.name);
    return customerWithShopConsent({ name, phone, email: emailOrNull(c.email), locale: null, posCustomerId: `lightspeed:${customerRef}` }, connection);
  },
};
