// Shopify: `orders/create` (web and POS orders alike) becomes a sale, `refunds/create` a refund, `orders/cancelled`
// a void. Signed with base64 HMAC-SHA256 of the raw body and the app's client secret (X-Shopify-Hmac-Sha256).
// Order and customer ids exceed 2^53 (the documented sample's do): sales are keyed on `admin_graphql_api_id`, and
// bodies are parsed so that large integers stay exact strings.
import { parse } from 'lossless-json';
import type { SaleCustomer, SaleItem } from '../domain/sale.js';
import { emailOrNull, fullName, hmacMatches, num, obj, type Obj, phoneOrNull, str, time } from './common.js';
import { BadPayload, type Reading, type VendorAdapter } from './types.js';

/** Shopify writes money as a string in the shop's major units ("404.95"). */
const money = num;
const ignore = (why: string): Reading => ({ kind: 'ignore', why });

/** The body as an object, integers beyond 2^53 kept as their digits (a string) instead of rounded. */
function readJson(raw: Buffer): Obj {
  let body: unknown;
  try {
    body = parse(raw.toString('utf8'), null, (n) => (/^-?\d+$/.test(n) && !Number.isSafeInteger(Number(n)) ? n : Number(n)));
  } catch {
    throw new BadPayload('the body is not valid JSON');
  }
  const o = obj(body);
  if (!o) throw new BadPayload('expected a JSON object');
  return o;
}

const numericId = (v: unknown): string | null => ((typeof v === 'number' || typeof v === 'string') && /^\d+$/.test(String(v)) ? String(v) : null);
const orderGid = (o: Obj): string | null => str(o.admin_graphql_api_id) ?? (numericId(o.id) && `gid://shopify/Order/${numericId(o.id)}`);

/** Marketing consent as the customer record holds it; the older order flag `buyer_accepts_marketing` covers e-mail only. */
function consentOf(o: Obj, c: Obj | null): SaleCustomer['consent'] {
  const state = (key: string) => {
    const given = obj(c?.[key]);
    return given ? given.state === 'subscribed' : undefined;
  };
  const sms = state('sms_marketing_consent');
  const email = state('email_marketing_consent') ?? (typeof o.buyer_accepts_marketing === 'boolean' ? o.buyer_accepts_marketing : undefined);
  return { ...(sms !== undefined && { sms }), ...(email !== undefined && { email }) };
}

/**
 * The buyer, from the order and its customer. Phones are free text ("555-555-SHIP"): the first valid one wins, an
 * address's phone read with that address's country, the others with the order's address country, else the shop's.
 * Null without contact details or a Shopify customer id (walk-in POS sales; redacted protected customer data).
 */
function customerOf(o: Obj, shopCountry: string): SaleCustomer | null {
  const c = obj(o.customer);
  const billing = obj(o.billing_address);
  const shipping = obj(o.shipping_address);
  const home = obj(c?.default_address);
  const country = str(billing?.country_code) ?? str(shipping?.country_code) ?? str(home?.country_code) ?? shopCountry;
  const phones: [unknown, string][] = [
    [o.phone, country],
    [c?.phone, country],
    [home?.phone, str(home?.country_code) ?? country],
    [billing?.phone, str(billing?.country_code) ?? country],
    [shipping?.phone, str(shipping?.country_code) ?? country],
  ];
  const phone = phones.map(([raw, cc]) => phoneOrNull(raw, cc)).find((p) => p !== null) ?? null;
  const email = [o.email, o.contact_email, c?.email].map((e) => emailOrNull(e)).find((e) => e !== null) ?? null;
  const id = c && (str(c.admin_graphql_api_id) ?? numericId(c.id));
  if (!phone && !email && !id) return null;
  return {
    name: fullName(c?.first_name, c?.last_name) ?? str(billing?.name),
    phone,
    email,
    locale: str(o.customer_locale),
    posCustomerId: id ? `shopify:${id}` : null,
    consent: consentOf(o, c),
  };
}

/** Why they bought: a note attribute named "reason" or "reden" (the till's custom field), else the order note. */
function reasonOf(o: Obj): string | null {
  const attributes = Array.isArray(o.note_attributes) ? o.note_attributes.map(obj) : [];
  const named = attributes.find((a) => /^(reason|reden)$/i.test(str(a?.name) ?? ''));
  return (str(named?.value) ?? str(o.note))?.slice(0, 500) ?? null;
}

const itemOf = (l: Obj): SaleItem => ({
  name: str(l.name) ?? str(l.title) ?? 'item',
  sku: str(l.sku),
  quantity: typeof l.quantity === 'number' ? l.quantity : 1,
  unitPrice: money(l.price),
});

export const shopify: VendorAdapter = {
  vendor: 'shopify',

  // The secret is the app's client secret; for webhooks made in the shop admin (Settings → Notifications) it is the key
  // shown there (UNCONFIRMED).
  verify: (d, secret) => hmacMatches('sha256', secret, [d.raw], d.headers['x-shopify-hmac-sha256'], 'base64'),

  read(d, shop, connection) {
    const topic = d.headers['x-shopify-topic']?.trim().toLowerCase() ?? '';
    // X-Shopify-Event-Id is the same for every delivery of one event (CONFIRMED); the older X-Shopify-Webhook-Id
    // staying the same across retries is UNCONFIRMED.
    const eventId = d.headers['x-shopify-event-id'] || d.headers['x-shopify-webhook-id'] || null;

    if (topic === 'refunds/create') {
      const orderId = numericId(readJson(d.raw).order_id);
      if (!orderId) throw new BadPayload('the refund names no order_id');
      // Any refund, also of one line of several, cancels what the sale still had waiting.
      return { kind: 'actions', eventId, actions: [{ type: 'refund', tillSaleId: `shopify:gid://shopify/Order/${orderId}`, status: 'refunded' }] };
    }
    if (topic === 'orders/cancelled') {
      const gid = orderGid(readJson(d.raw));
      if (!gid) throw new BadPayload('the order has no id');
      return { kind: 'actions', eventId, actions: [{ type: 'refund', tillSaleId: `shopify:${gid}`, status: 'voided' }] };
    }
    if (topic !== 'orders/create') return ignore(`the Shopify topic "${topic}" is not used`);

    const o = readJson(d.raw);
    const gid = orderGid(o);
    const occurredAt = time(o.processed_at) ?? time(o.created_at);
    if (!gid || occurredAt === null) throw new BadPayload('the order has no id or no processed_at/created_at time');
    // POS orders have source_name "pos" (CONFIRMED as a field; walk-in POS orders often lacking a customer is UNCONFIRMED).
    if (!connection.onlineOrders && o.source_name !== 'pos') return ignore('an online order, and this shop takes till (POS) orders only');

    const currency = str(o.currency)?.toUpperCase() ?? null;
    const sale = {
      tillSaleId: `shopify:${gid}`,
      status: 'completed' as const,
      occurredAt,
      customer: customerOf(o, shop.country),
      reason: reasonOf(o),
      items: (Array.isArray(o.line_items) ? o.line_items.map(obj) : []).filter((l) => l !== null).map(itemOf),
      total: money(o.total_price),
      currency,
      staff: null,
    };
    return { kind: 'actions', eventId, actions: [{ type: 'sale', sale }] };
  },
};
