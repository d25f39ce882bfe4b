// Square: a payment that reached COMPLETED (`payment.created` / `payment.updated`) becomes a sale keyed on the payment
// id, `refund.created` / `refund.updated` a refund of that payment (one linked to no payment is ignored). Signed with base64 HMAC-SHA256 over the
// notification URL as registered followed by the raw body (X-Square-Hmacsha256-Signature). `order.created` is not
// used: it does not fire for sales made in the Square POS app. A payment names its customer only by `customer_id`:
// the contact details come from the Customers API (`lookup`), when the shop gave an access token.
import type { Connection } from '../db/tills.js';
import type { SaleCustomer } from '../domain/sale.js';
import { customerWithShopConsent, describe, emailOrNull, fromMinor, fullName, getJson, hmacMatches, json, type Obj, obj, phoneOrNull, str, time, MiB } from './common.js';
import { BadPayload, type Reading, type VendorAdapter } from './types.js';

export const SQUARE_API = 'https://connect.squareup.com';
export const SQUARE_VERSION = '2025-01-23';

const ignore = (why: string): Reading => ({ kind: 'ignore', why });

/**
 * A customer as the Customers API returns them. Square records no marketing consent for texts, so consent is the
 * shop's (`customerWithShopConsent`), except that a customer who unsubscribed from the shop's e-mail has none.
 * Local phone numbers are read with the customer's address country, else `country` (the shop's).
 */
export function squareCustomer(c: Obj, connection: Connection, country = ''): SaleCustomer {
  const id = str(c.id);
  const customer = customerWithShopConsent(
    {
      name: fullName(c.given_name, c.family_name),
      phone: phoneOrNull(c.phone_number, str(obj(c.address)?.country) ?? country),
      email: emailOrNull(c.email_address),
      locale: null,
      posCustomerId: id ? `square:${id}` : null,
    },
    connection,
  );
  if (obj(c.preferences)?.email_unsubscribed === true) customer.consent.email = false;
  return customer;
}

function paymentReading(p: Obj | null, eventId: string | null, connection: Connection): Reading {
  const id = str(p?.id);
  const occurredAt = time(p?.created_at);
  if (!p || !id || occurredAt === null) throw new BadPayload('the event has no payment with an id and created_at');
  // APPROVED (card authorised, not captured), PENDING, CANCELED and FAILED are no sale; COMPLETED comes once per payment.
  if (p.status !== 'COMPLETED') return ignore(`payment ${id} is ${describe(p.status)}, not COMPLETED`);

  const money = obj(p.amount_money);
  const currency = str(money?.currency)?.toUpperCase() ?? null;
  const customerId = str(p.customer_id);
  const email = emailOrNull(p.buyer_email_address);
  const customer =
    customerId || email
      ? customerWithShopConsent({ name: null, phone: null, email, locale: null, posCustomerId: customerId && `square:${customerId}` }, connection)
      : null;
  const sale = {
    tillSaleId: `square:${id}`,
    status: 'completed' as const,
    occurredAt,
    customer,
    reason: null,
    items: [], // a payment has no line items (they live in the order, which this does not fetch)
    total: currency ? fromMinor(money?.amount, currency) : null,
    currency,
    staff: null,
  };
  const lookup = customerId && connection.accessToken ? customerId : undefined;
  return { kind: 'actions', eventId, actions: [{ type: 'sale', sale, ...(lookup && { lookup }) }] };
}

export const square: VendorAdapter = {
  vendor: 'square',
  bodyLimit: MiB, // one payment or refund, a few KB
  timeField: 'payment.created_at',

  // The legacy `x-square-signature` (HMAC-SHA1 over the same URL + body, older apps; UNCONFIRMED) is not accepted.
  verify: (d, secret) => hmacMatches('sha256', secret, [d.url, d.raw], d.headers['x-square-hmacsha256-signature'], 'base64'),
  // Square's older signature (HMAC-SHA1, in X-Square-Signature) is not checked: the SDK's WebhooksHelper checks only this one.
  signature: {
    headers: ['X-Square-HmacSha256-Signature'],
    missing: (d) => (d.headers['x-square-signature']
      ? 'this delivery has only X-Square-Signature, Square\'s older HMAC-SHA1 signature, which nextdeal does not check: it checks the HMAC-SHA256 one Square\'s webhook subscriptions send beside it'
      : null),
  },

  read(d, _shop, connection) {
    const body = obj(json(d.raw.toString('utf8')));
    if (!body) throw new BadPayload('expected a JSON object');
    const type = str(body.type) ?? '';
    const eventId = str(body.event_id); // Square sends an event more than once; event_id is the same each time
    const object = obj(obj(body.data)?.object);

    if (type === 'payment.created' || type === 'payment.updated') return paymentReading(obj(object?.payment), eventId, connection);
    if (type === 'refund.created' || type === 'refund.updated') {
      const refund = obj(object?.refund);
      if (!refund) throw new BadPayload('the event has no refund');
      const paymentId = str(refund.payment_id);
      // A refund not linked to a payment (Square's unlinked refunds, given at the register without a sale) refunds
      // no sale nextdeal knows: a real delivery, answered 200 so that Square does not retry it for a day.
      if (!paymentId) return ignore(`refund ${str(refund.id) ?? '(no id)'} is not linked to a payment`);
      if (refund.status === 'FAILED' || refund.status === 'REJECTED') return ignore(`refund of payment ${paymentId} is ${refund.status}`);
      // A PENDING refund counts already: the customer is not asked about a sale being returned. Its amount says
      // whether it was of part of the payment; refund.updated brings the same refund (its id) again. One that then
      // FAILs is not undone: the goods came back all the same, and the money most often goes back another way (cash,
      // given at the register as an unlinked refund), so the sale is not counted, nor asked about, again.
      const money = obj(refund.amount_money);
      const currency = str(money?.currency)?.toUpperCase() ?? null;
      const id = str(refund.id);
      const amount = currency ? fromMinor(money?.amount, currency) : null;
      const part = id && amount ? { id, amount, currency } : undefined;
      return { kind: 'actions', eventId, actions: [{ type: 'refund', tillSaleId: `square:${paymentId}`, status: 'refunded', ...(part && { part }) }] };
    }
    return ignore(`the Square event "${type}" is not used`);
  },

  async lookup(customerId, connection, country, fetchFn = fetch) {
    if (!connection.accessToken) throw new Error('no Square access token to look the customer up with');
    const base = (connection.apiBaseUrl ?? SQUARE_API).replace(/\/+$/, '');
    const headers = { Authorization: `Bearer ${connection.accessToken}`, 'Square-Version': SQUARE_VERSION };
    const found = obj(await getJson(`${base}/v2/customers/${encodeURIComponent(customerId)}`, headers, fetchFn));
    const customer = obj(found?.customer);
    return customer && squareCustomer(customer, connection, country);
  },
};
