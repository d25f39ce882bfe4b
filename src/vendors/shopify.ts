// Shopify: `orders/create` (web and POS orders alike) becomes a sale, as does `orders/paid` (a web order paid after it
// was placed: one not paid yet is no sale), `refunds/create` a refund, `orders/cancelled` a void, each only when the
// body is what its topic says. Signed with base64 HMAC-SHA256 of the raw body and the app's client secret
// (X-Shopify-Hmac-Sha256; Shopify-Hmac-Sha256 on Events deliveries). Order and customer ids exceed 2^53
// (the documented sample's do): sales are keyed on `admin_graphql_api_id`, and bodies are parsed so that large
// integers stay exact strings.
import { parse } from 'lossless-json';
import type { RefundPart } from '../domain/refunds.js';
import type { SaleCustomer, SaleItem } from '../domain/sale.js';
import { emailOrNull, fullName, hmacMatches, named, num, obj, type Obj, otherAccount, phoneOrNull, str, time, withoutBom } from './common.js';
import { BadPayload, type Delivery, type Reading, type VendorAdapter } from './types.js';

/** Shopify writes money as a string in the shop's major units ("404.95"). */
const money = num;
const ignore = (why: string): Reading => ({ kind: 'ignore', why });
/** A body that is not what its topic says: answered 200 (Shopify retries anything else, then drops the webhook), never acted on. */
const mismatch = (topic: string, what: string): Reading => ({ kind: 'ignore', why: `the body of this ${topic} delivery is not ${what}`, mismatch: true });

/**
 * The topics whose body is an order to take as a sale: `orders/create`, and `orders/paid` (in Shopify's topic list,
 * shopify.dev WebhookSubscriptionTopic ORDERS_PAID; "Order payment" in the admin's webhooks), which brings an online
 * order paid after it was placed. The same order by both is one sale (keyed on its GID). Its body being the order as
 * orders/create's is UNCONFIRMED here (not in the vendor-formats notes), and read the same.
 */
const ORDER_TOPICS = new Set(['orders/create', 'orders/paid']);

/**
 * An order's financial_status while nothing, or not all of it, is paid (shopify.dev OrderDisplayFinancialStatus):
 * `pending` ("when the payment provider needs time to complete the payment, or when manual payment methods are being
 * used": a bank transfer, cash on delivery), `authorized` (to be captured, often when it ships), `partially_paid`, and
 * `expired` (never captured). An online order in one of these is not a sale yet: the customer is asked "Bevalt het?"
 * only about what they paid for, and Shopify sends the order again by orders/paid once it is paid.
 */
const UNPAID = new Set(['pending', 'authorized', 'partially_paid', 'expired']);
/**
 * How long after it was placed an order counts as paid as it was placed (a card or iDEAL payment at checkout): dated
 * when placed, so that its orders/create and orders/paid are the same sale. Later than this, it is dated when paid.
 */
const PAID_AT_CHECKOUT_MS = 60 * 60_000;

/** When the order was placed: processed_at, else created_at. */
const placedAt = (o: Obj): number | null => time(o.processed_at) ?? time(o.created_at);

/**
 * When an order became a sale: when it was placed (processed_at, else created_at); but an online order that came by
 * orders/paid an hour or more after it was placed (a bank transfer, a payment captured when it shipped) when it was paid,
 * so that its check-in comes the morning after it was paid, not (at once, or never: too late) after it was ordered.
 * orders/paid carries no payment time: the order's updated_at, which the payment changed, is taken for it; without a
 * usable one (none, unreadable, or before the order was placed) the delivery's X-Shopify-Triggered-At (when the payment
 * event was triggered), else the moment it came (`receivedAt`). Dated when placed, a late
 * payment's check-in was due days ago: it expired unsent, or a "gisteren kocht je" went out days late.
 */
function soldAt(o: Obj, topic: string, triggeredAt: string | undefined, receivedAt: number): number | null {
  const placed = placedAt(o);
  if (placed === null || topic !== 'orders/paid' || o.source_name === 'pos') return placed;
  const usable = (t: number | null) => (t !== null && t >= placed ? t : null);
  const paid = usable(time(o.updated_at)) ?? usable(time(triggeredAt)) ?? receivedAt;
  return paid - placed >= PAID_AT_CHECKOUT_MS ? paid : placed;
}

/**
 * Shopify can send large bodies: it documents no limit for HTTPS deliveries, an order with many lines runs past a
 * megabyte ("Some message bodies from Shopify can be upwards of a megabyte", Shopify staff on the community forum),
 * and it caps only its EventBridge deliveries (1,000,000 bytes, shopify.dev changelog). 10 MiB holds any real order.
 */
export const SHOPIFY_BODY_LIMIT = 10 * 1024 * 1024;

/**
 * A header by its name after `shopify-`: webhooks send `X-Shopify-*`, Events deliveries `Shopify-*` (and, for now,
 * both). CONFIRMED: Shopify/shopify-app-js lib/webhooks/header-names.ts (Events: shopify-hmac-sha256, shopify-topic,
 * shopify-event-id, ...), whose validate.ts looks for the Events HMAC header first.
 */
const header = (d: Delivery, name: string): string | undefined => d.headers[`shopify-${name}`] || d.headers[`x-shopify-${name}`] || undefined;

/** The body, integers beyond 2^53 kept as their digits (a string) instead of rounded; 400 when it is not JSON. */
function readJson(raw: Buffer): unknown {
  try {
    return parse(withoutBom(raw.toString('utf8')), null, (n) => (/^-?\d+$/.test(n) && !Number.isSafeInteger(Number(n)) ? n : Number(n)));
  } catch {
    throw new BadPayload('the body is not valid JSON');
  }
}

const numericId = (v: unknown): string | null => ((typeof v === 'number' || typeof v === 'string') && /^\d+$/.test(String(v)) ? String(v) : null);
const orderGid = (o: Obj): string | null => str(o.admin_graphql_api_id) ?? (numericId(o.id) && `gid://shopify/Order/${numericId(o.id)}`);
const gidOf = (o: Obj, type: string): boolean | null => {
  const gid = str(o.admin_graphql_api_id);
  return gid === null ? null : gid.startsWith(`gid://shopify/${type}/`);
};

/** An order: its GID is an Order's, or (without one) it has a numeric id and a list of line items. */
const isOrder = (o: Obj | null): o is Obj => o !== null && (gidOf(o, 'Order') ?? (numericId(o.id) !== null && Array.isArray(o.line_items)));
/** A refund: the numeric id of its order, and its refunded lines or transactions (and a Refund GID when it has one). */
const isRefund = (o: Obj | null): o is Obj =>
  o !== null && gidOf(o, 'Refund') !== false && numericId(o.order_id) !== null && (Array.isArray(o.refund_line_items) || Array.isArray(o.transactions));

/**
 * What a refund gave back: its refund transactions that did not fail, each an amount in major units (a string) in its
 * currency; without any money given back (goods taken back with no money back yet, an exchange), what its refunded
 * lines were worth, tax included, in the order's currency. 'nothing' when it gave nothing back at all: every refund
 * transaction failed (or there was none) and no line was refunded for more than 0 (a free item): the customer kept what
 * they paid for. Several currencies, an amount that cannot be read, or no id to count it once by: 'all' of it.
 */
function partOf(r: Obj): RefundPart | 'all' | 'nothing' {
  const id = numericId(r.id) ?? str(r.admin_graphql_api_id);
  const list = (v: unknown) => (Array.isArray(v) ? v.map(obj).filter((o): o is Obj => o !== null) : []);
  const given = list(r.transactions).filter((t) => t.kind === 'refund' && t.status !== 'failure' && t.status !== 'error');
  const sum = (parts: number[]) => parts.reduce((total, n) => total + n, 0);
  const paid = sum(given.map((t) => money(t.amount) ?? NaN));
  const byMoney = paid !== 0;
  const amount = byMoney ? paid : sum(list(r.refund_line_items).map((l) => (money(l.subtotal) ?? NaN) + (money(l.total_tax) ?? 0)));
  if (amount === 0) return 'nothing';
  const currencies = new Set(given.map((t) => str(t.currency)?.toUpperCase() ?? null));
  if (id === null || !(amount > 0) || (byMoney && currencies.size > 1)) return 'all';
  return { id, amount, currency: byMoney ? [...currencies][0]! : null };
}

/**
 * Marketing consent as the customer record holds it; the older order flag `buyer_accepts_marketing` covers e-mail only.
 * Only "subscribed" gives consent and only "unsubscribed" (or erased, "redacted") takes it back: "not_subscribed",
 * "pending" and a checkout without the box ticked say the customer never said yes in Shopify, which is no reason to
 * drop a yes they gave nextdeal itself (the join page, a START, the owner). A new customer has none without a yes.
 */
function consentOf(o: Obj, c: Obj | null): SaleCustomer['consent'] {
  const state = (key: string) => {
    const given = obj(c?.[key]);
    if (!given) return undefined;
    return given.state === 'subscribed' ? true : given.state === 'unsubscribed' || given.state === 'redacted' ? false : null;
  };
  const sms = state('sms_marketing_consent');
  const record = state('email_marketing_consent');
  const email = record === undefined && o.buyer_accepts_marketing === true ? true : record;
  return { ...(typeof sms === 'boolean' && { sms }), ...(typeof email === 'boolean' && { email }) };
}

/**
 * The buyer, from the order and its customer. Phones are free text ("555-555-SHIP"): the first valid one wins, an
 * address's phone read with that address's country, the others with the order's address country, else the shop's.
 * Null without contact details or a Shopify customer id (walk-in POS sales; redacted protected customer data).
 * The customer's SMS consent is for the customer's own phone (Shopify: "the SMS marketing consent information for a
 * customer's phone number"): a customer who said yes (or no) to texts is texted at that phone, and a yes is never given
 * to another number (the order's phone given at checkout, an address's), which then has no SMS consent from Shopify.
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
  const consent = consentOf(o, c);
  const own = consent.sms !== undefined ? phoneOrNull(c?.phone, country) : null;
  const phone = own ?? phones.map(([raw, cc]) => phoneOrNull(raw, cc)).find((p) => p !== null) ?? null;
  if (consent.sms === true && own === null) delete consent.sms;
  const email = [o.email, o.contact_email, c?.email].map((e) => emailOrNull(e)).find((e) => e !== null) ?? null;
  const id = c && (str(c.admin_graphql_api_id) ?? numericId(c.id));
  if (!phone && !email && !id) return null;
  return {
    name: fullName(c?.first_name, c?.last_name) ?? str(billing?.name),
    phone,
    email,
    locale: str(o.customer_locale),
    posCustomerId: id ? `shopify:${id}` : null,
    consent,
  };
}

/** Why they bought: a note attribute named "reason" or "reden" (the till's custom field), else the order note. */
/**
 * The reason is a note attribute named "reason" or "reden", which the shop adds for it. Not the order's note: that
 * holds delivery instructions, gift messages and staff notes ("Graag achterom leveren", "betaalt later"), and the
 * check-in would quote it to the customer as their reason.
 */
function reasonOf(o: Obj): string | null {
  const attributes = Array.isArray(o.note_attributes) ? o.note_attributes.map(obj) : [];
  const named = attributes.find((a) => /^(reason|reden)$/i.test(str(a?.name) ?? ''));
  return str(named?.value)?.slice(0, 500) ?? null;
}

/**
 * Whether an online order's goods go to the customer by post or courier, so that she has them only days after she
 * ordered: a line that needs shipping (`line_items[].requires_shipping`; a line that does not say is taken to need it,
 * as a physical product's does). An order with nothing to ship (every line `requires_shipping: false`: a gift card, a
 * service, a download, a ticket) is not: she has it when she pays. `shipping_lines` is not read: an order with goods to
 * ship and no shipping line (a local pickup or a local delivery, an order entered without shipping) reads the same,
 * as she has them only when she collects them or they are brought, mostly not the day she ordered. Nor is
 * `fulfillment_status`: "fulfilled" is sent off, not arrived. A POS order is never shipped: she took it with her.
 */
function shippedOf(o: Obj, online: boolean): boolean {
  const lines = Array.isArray(o.line_items) ? o.line_items.map(obj).filter((l) => l !== null) : [];
  return online && lines.some((l) => l.requires_shipping !== false);
}

const itemOf = (l: Obj): SaleItem => ({
  name: str(l.name) ?? str(l.title) ?? '',
  sku: str(l.sku),
  quantity: typeof l.quantity === 'number' ? l.quantity : 1,
  unitPrice: money(l.price),
});

export const shopify: VendorAdapter = {
  vendor: 'shopify',
  bodyLimit: SHOPIFY_BODY_LIMIT,
  timeField: 'processed_at',
  // X-Shopify-Shop-Domain, which Shopify's own library requires on every delivery (CONFIRMED: shopify-app-js
  // lib/webhooks/validate.ts): one without it is not taken by a connection that records its shop.
  account: { what: "the shop's myshopify.com domain, as in X-Shopify-Shop-Domain (fietsenmaker.myshopify.com)", pattern: /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i },

  // The secret is the app's client secret; for webhooks made in the shop admin (Settings → Notifications) it is the key
  // shown there (UNCONFIRMED).
  verify: (d, secret) => hmacMatches('sha256', secret, [d.raw], header(d, 'hmac-sha256'), 'base64'),
  signature: { headers: ['X-Shopify-Hmac-Sha256', 'Shopify-Hmac-Sha256'] },

  read(d, shop, connection) {
    const other = otherAccount(header(d, 'shop-domain'), connection, true);
    if (other) return other;
    // Events deliveries name a resource ("Order") as their topic and carry no REST order: ignored as topics not used.
    const topic = header(d, 'topic')?.trim().toLowerCase() ?? '';
    // X-Shopify-Event-Id is the same for every delivery of one event (CONFIRMED); the older X-Shopify-Webhook-Id
    // staying the same across retries is UNCONFIRMED.
    const eventId = header(d, 'event-id') ?? header(d, 'webhook-id') ?? null;
    if (!ORDER_TOPICS.has(topic) && topic !== 'refunds/create' && topic !== 'orders/cancelled') return ignore(`the Shopify topic "${topic}" is not used`);
    const o = obj(readJson(d.raw));

    if (topic === 'refunds/create') {
      if (!isRefund(o)) return mismatch(topic, 'a refund (an order_id with refund_line_items or transactions)');
      // Any refund, also of one line of several, cancels what the sale still had waiting; one of part of it leaves
      // a sale for what was kept. One that gave nothing back (its payment failed, a free item) changes nothing.
      const part = partOf(o);
      if (part === 'nothing') return ignore('a refund that gave nothing back (no refund transaction succeeded and no line was refunded for more than 0)');
      const tillSaleId = `shopify:gid://shopify/Order/${numericId(o.order_id)}`;
      return { kind: 'actions', eventId, actions: [{ type: 'refund', tillSaleId, status: 'refunded', ...(part !== 'all' && { part }) }] };
    }
    if (topic === 'orders/cancelled') {
      // An order is cancelled when it says so: an order without cancelled_at voids nothing.
      if (!isOrder(o) || time(o.cancelled_at) === null) return mismatch(topic, 'a cancelled order (an order with cancelled_at)');
      return { kind: 'actions', eventId, actions: [{ type: 'refund', tillSaleId: `shopify:${orderGid(o)}`, status: 'voided' }] };
    }
    if (!isOrder(o)) return mismatch(topic, 'an order');
    // Shopify's "Send test notification" posts its sample order with "test": true, as does a test payment: no sale,
    // no customer, nothing counted (the sample's customer, jon@example.com, would have been given e-mail consent).
    if (o.test === true) return ignore('a test order');
    const gid = orderGid(o)!;
    const occurredAt = soldAt(o, topic, header(d, 'triggered-at'), d.receivedAt ?? Date.now());
    if (occurredAt === null) throw new BadPayload('the order has no processed_at/created_at time');
    // POS orders have source_name "pos" (CONFIRMED as a field; walk-in POS orders often lacking a customer is UNCONFIRMED).
    const online = o.source_name !== 'pos';
    if (!connection.onlineOrders && online) return ignore('an online order, and this shop takes till (POS) orders only');

    const currency = str(o.currency)?.toUpperCase() ?? null;
    // An order cancelled (or wholly voided or refunded) before its orders/create went out, or redelivered after: stored
    // so, with nothing scheduled; a later refunds/create or orders/cancelled changes nothing more.
    // Read only as a string: an object there ({"toString": "…"}, a fuzzer's) made String() throw, a 500 for a paid order.
    const financial = typeof o.financial_status === 'string' ? o.financial_status : null;
    const status = time(o.cancelled_at) !== null || financial === 'voided' ? ('voided' as const) : financial === 'refunded' ? ('refunded' as const) : ('completed' as const);
    // An online order not paid yet (a bank transfer, a payment still to be captured) is no purchase: its customer has
    // not got it, and would be asked "Bevalt het?" about a parcel not even sent. Its orders/paid makes it a sale.
    if (status === 'completed' && online && financial !== null && UNPAID.has(financial)) {
      const why = `an online order not paid yet (financial_status "${financial}"): it becomes a sale when paid, by the Order payment (orders/paid) webhook`;
      // But a "no" its customer gave (unsubscribed, redacted) is theirs whether or not the order is ever paid: taken as a
      // paid order's would be, so that an invitation of an earlier purchase does not go. Never a yes (a sale's only).
      const customer = customerOf(o, shop.country);
      const no = Object.fromEntries(Object.entries(customer?.consent ?? {}).filter(([, given]) => given === false));
      if (!customer || Object.keys(no).length === 0) return { kind: 'ignore', why, later: true };
      return { kind: 'actions', eventId, actions: [{ type: 'withdraw', tillSaleId: `shopify:${gid}`, why, customer: { ...customer, consent: no }, placedAt: placedAt(o)! }] };
    }
    const sale = {
      tillSaleId: `shopify:${gid}`,
      status,
      occurredAt,
      customer: customerOf(o, shop.country),
      reason: reasonOf(o),
      items: (Array.isArray(o.line_items) ? o.line_items.map(obj) : []).filter((l) => l !== null).map(itemOf).filter(named),
      total: money(o.total_price),
      currency,
      staff: null,
      // The check-in of a web order sent by post waits for the parcel (the shop's --shipped-checkin-days).
      ...(shippedOf(o, online) && { shipped: true }),
    };
    return { kind: 'actions', eventId, actions: [{ type: 'sale', sale }] };
  },
};
