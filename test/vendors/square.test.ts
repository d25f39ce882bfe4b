import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Connection, NewConnection } from '../../src/db/tills.js';
import { square } from '../../src/vendors/square.js';
import { LookupFailed } from '../../src/vendors/types.js';
import { PUBLIC_URL, createShop, startApp, testClock, testDispatcher, testStore } from '../helpers.js';
import { fakeVendorApi } from '../fakes/vendor-api.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/vendor/${name}`, import.meta.url));
const vectors = JSON.parse(fixture('test-vectors.json').toString('utf8')).square as { signatureKey: string; notificationUrl?: string; body?: string; expected: string }[];
/** payment.created as Square's "test webhook" sends it: status APPROVED (authorised, not yet captured). */
const created = fixture('square-payment-created.json');
/** payment.updated for the same payment, status COMPLETED (docs example; its byte-exactness is UNCONFIRMED, so tests sign it themselves). */
const updated = fixture('square-payment-updated.json');
const PAYMENT = 'square:hYy9pRFVxpDsO1FB05SunFWUe9JZY';
const KEY = 'test-square-signature-key';
const PATH = '/v1/shops/fietsenmaker/webhooks/square';
const hmac = (url: string, raw: string | Buffer, key = KEY) => createHmac('sha256', key).update(url).update(raw).digest('base64');
const delivery = (url: string, raw: string | Buffer, signature: string) => ({ raw: Buffer.from(raw), headers: { 'x-square-hmacsha256-signature': signature }, url });

/** The payment.updated sample parsed, changed and written out again. */
function variant(edit: (event: any, payment: any) => void): string {
  const event = JSON.parse(updated.toString('utf8'));
  edit(event, event.data.object.payment);
  return JSON.stringify(event);
}
const withEmail = variant((_e, p) => (p.buyer_email_address = 'Buyer@Example.com'));
const refundEvent = (status: string) =>
  JSON.stringify({
    merchant_id: '6SSW7HV8K2ST5',
    type: 'refund.created',
    event_id: `refund-event-${status}`,
    created_at: '2020-11-23T09:00:00.000Z',
    data: {
      type: 'refund',
      id: 'KkAkhdMsgzn59SM8A89WgKwekxLZY_ptNBVqHl3jXwRAG1dV7Zq2Tyr1dOQ9yJZ9ubZwR8kSS',
      object: {
        refund: {
          id: 'KkAkhdMsgzn59SM8A89WgKwekxLZY_ptNBVqHl3jXwRAG1dV7Zq2Tyr1dOQ9yJZ9ubZwR8kSS',
          amount_money: { amount: 100, currency: 'USD' },
          created_at: '2020-11-23T09:00:00.000Z',
          location_id: 'S8GWD5R9QB376',
          order_id: '03O3USaPaAaFnI6kkwB1JxGgBsUZY',
          payment_id: 'hYy9pRFVxpDsO1FB05SunFWUe9JZY',
          status,
          updated_at: '2020-11-23T09:00:00.000Z',
        },
      },
    },
  });

async function setup(connection: Partial<NewConnection> = {}) {
  const store = testStore();
  const clock = testClock('2020-11-22T21:20:00Z'); // a few minutes after the sample payment, 2020-11-22T21:16:51.086Z
  const { shop } = createShop(store);
  store.tills.connect(shop.id, 'square', { secret: KEY, ...connection }, clock.now());
  const base = await startApp(store, clock.now);
  // No notificationUrl set: the route signs over PUBLIC_URL + the path, as registered with Square.
  const post = async (raw: string | Buffer, signature = hmac(PUBLIC_URL + PATH, raw)) => {
    const res = await fetch(base + PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-square-hmacsha256-signature': signature, 'square-environment': 'Sandbox' },
      body: raw,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const all = (sql: string) => store.db.prepare(sql).all();
  const counts = () => ['sales', 'customers', 'messages', 'consent_links', 'lookups'].map((t) => store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get());
  return { store, clock, post, all, counts };
}

const amelia = {
  id: 'JDKYHBWT1D4F8MFH63DBMEN8Y4',
  created_at: '2016-03-23T20:21:54.859Z',
  given_name: 'Amelia',
  family_name: 'Earhart',
  email_address: 'Amelia.Earhart@Example.com',
  phone_number: '+31 6 12345678',
  preferences: { email_unsubscribed: false },
};
const connection = (over: Partial<Connection> = {}): Connection => ({
  id: 1, shopId: 1, vendor: 'square', secret: KEY, accessToken: 'EAAAl-test-token', notificationUrl: null, apiBaseUrl: null, consent: ['sms'], onlineOrders: true, ...over,
});

describe('Square signatures', () => {
  it("the SDK's three published vectors verify", () => {
    for (const v of vectors.slice(0, 3)) expect(square.verify(delivery(v.notificationUrl!, v.body!, v.expected), v.signatureKey)).toBe(true);
    expect(vectors[0]!.body).toBe(fixture('square-webhooks-test-notification.json').toString('utf8'));
  });

  it("the SDK's negative cases fail: wrong URL, wrong key, wrong signature, re-indented body, changed created_at", () => {
    const v = vectors[0]!;
    const ok = (url: string, body: string, signature: string, key: string) => square.verify(delivery(url, body, signature), key);
    expect(ok('https://webhook.site/79a4f3a-dcfa-49ee-bac5-9d0edad886b9', v.body!, v.expected, v.signatureKey)).toBe(false);
    expect(ok(v.notificationUrl!, v.body!, v.expected, 'MCmhFRxGX82xMwg5FsaoQA')).toBe(false);
    expect(ok(v.notificationUrl!, v.body!, '1z2n3DEJJiUPKcPzQo1ftvbxGdw=', v.signatureKey)).toBe(false);
    expect(ok(v.notificationUrl!, JSON.stringify(JSON.parse(v.body!), null, 2), v.expected, v.signatureKey)).toBe(false);
    expect(ok(v.notificationUrl!, v.body!.replace('2022-07-13', '2022-06-13'), v.expected, v.signatureKey)).toBe(false);
  });

  it('the derived vector over the exact bytes of the payment.created sample verifies with URL https://example.com/webhooks/square', () => {
    const derived = vectors[3]!;
    expect([created.length, derived.signatureKey, derived.notificationUrl]).toEqual([1426, 'Ibxx_5AKakO-3qeNVR61Dw', 'https://example.com/webhooks/square']);
    expect(square.verify(delivery('https://example.com/webhooks/square', created, 'cl4av/43pzbFqiwVDgJVAjhwq/aZajvW/P5usfX56xo='), derived.signatureKey)).toBe(true);
    expect(square.verify(delivery('https://example.com/webhooks/square/', created, derived.expected), derived.signatureKey)).toBe(false);
  });
});

describe('POST /v1/shops/:slug/webhooks/square', () => {
  it('turns the COMPLETED payment.updated sample into a sale keyed on the payment id, without customer, with a consent link', async () => {
    const s = await setup();
    const res = await s.post(updated);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { sale: PAYMENT, saleId: expect.any(Number), customerId: null, scheduled: [], skipped: expect.any(Array), consentUrl: expect.stringMatching(/^https:\/\/deals\.example\.test\/c\//) },
    ]);
    expect(s.all('SELECT till_sale_id, occurred_at, total, currency, items, customer_id, status FROM sales')).toEqual([
      { till_sale_id: PAYMENT, occurred_at: Date.parse('2020-11-22T21:16:51.086Z'), total: 1, currency: 'USD', items: '[]', customer_id: null, status: 'completed' },
    ]);
    expect(s.counts()).toEqual([1, 0, 0, 1, 0]);
  });

  it("ignores the payment.created sample: it is APPROVED, not COMPLETED yet", async () => {
    const s = await setup();
    expect(await s.post(created)).toEqual({ status: 200, body: { ignored: 'payment hYy9pRFVxpDsO1FB05SunFWUe9JZY is APPROVED, not COMPLETED' } });
    expect(s.counts()).toEqual([0, 0, 0, 0, 0]);
  });

  it("takes the buyer's e-mail with the consent the shop collects at the till, and schedules an e-mailed check-in", async () => {
    const s = await setup({ consent: ['email'] });
    const res = await s.post(withEmail);
    expect(res.body.results[0].scheduled).toEqual([
      { kind: 'checkin', channel: 'email', dueAt: '2020-11-23T09:00:00.000Z' }, // 10:00 the next day in Amsterdam
      { kind: 'comeback', channel: 'email', dueAt: expect.any(String) },
    ]);
    expect(s.all('SELECT name, phone, email, pos_customer_id, sms_consent, email_consent FROM customers')).toEqual([
      { name: null, phone: null, email: 'buyer@example.com', pos_customer_id: null, sms_consent: 0, email_consent: 1 },
    ]);
    expect(s.all('SELECT kind, channel, status FROM messages ORDER BY id')).toEqual([
      { kind: 'checkin', channel: 'email', status: 'scheduled' },
      { kind: 'comeback', channel: 'email', status: 'scheduled' },
    ]);
  });

  it('answers 401 and stores nothing when a byte of the body changed, or the URL signed is another', async () => {
    const s = await setup();
    const tampered = Buffer.from(updated);
    tampered[tampered.indexOf('"amount": 100') + 11] = '9'.charCodeAt(0);
    expect((await s.post(tampered, hmac(PUBLIC_URL + PATH, updated))).status).toBe(401);
    expect((await s.post(updated, hmac('https://example.com/webhooks/square', updated))).status).toBe(401);
    expect(s.counts()).toEqual([0, 0, 0, 0, 0]);
  });

  it('writes nothing for a repeat delivery (same event_id)', async () => {
    const s = await setup({ consent: ['email'] });
    await s.post(withEmail);
    const before = s.counts();
    expect(await s.post(withEmail)).toEqual({ status: 200, body: { duplicate: true } });
    expect(s.counts()).toEqual(before);
  });

  it('writes nothing for a later payment.updated about the same payment (a new event_id)', async () => {
    const s = await setup({ consent: ['email'] });
    await s.post(withEmail);
    const before = s.counts();
    const later = variant((e, p) => {
      e.event_id = '9f5b2c1e-0d7a-4c43-a1f4-7d2c6a0e6b11';
      e.created_at = '2020-11-22T21:25:00.000Z';
      p.buyer_email_address = 'Buyer@Example.com';
      p.updated_at = '2020-11-22T21:24:59.000Z';
      p.version_token = 'another-version';
    });
    expect(await s.post(later)).toEqual({ status: 200, body: { results: [{ sale: PAYMENT, duplicate: true }] } });
    expect(s.counts()).toEqual(before);
  });

  it("a refund.created for the payment cancels the sale's waiting messages; a FAILED one is ignored", async () => {
    const s = await setup({ consent: ['email'] });
    await s.post(withEmail);
    expect(await s.post(refundEvent('FAILED'))).toEqual({ status: 200, body: { ignored: 'refund of payment hYy9pRFVxpDsO1FB05SunFWUe9JZY is FAILED' } });
    expect(await s.post(refundEvent('PENDING'))).toEqual({ status: 200, body: { results: [{ refunded: PAYMENT, cancelled: 2 }] } });
    expect(s.all('SELECT status FROM sales')).toEqual([{ status: 'refunded' }]);
    expect(s.all('SELECT status, error FROM messages')).toEqual([
      { status: 'cancelled', error: 'refunded' },
      { status: 'cancelled', error: 'refunded' },
    ]);
  });

  it('answers 200 to the test notification and events it does not use, and stores nothing', async () => {
    const s = await setup();
    const test = fixture('square-webhooks-test-notification.json');
    expect(await s.post(test)).toEqual({ status: 200, body: { ignored: 'the Square event "webhooks.test_notification" is not used' } });
    const order = JSON.stringify({ type: 'order.created', event_id: 'e-1', data: { type: 'order_created', id: 'o-1', object: { order_created: { order_id: 'o-1' } } } });
    expect((await s.post(order)).body).toEqual({ ignored: 'the Square event "order.created" is not used' });
    expect(s.counts()).toEqual([0, 0, 0, 0, 0]);
  });

  it('answers 400 to a signed body that is not JSON or has no payment', async () => {
    const s = await setup();
    expect(await s.post('payment!')).toEqual({ status: 400, body: { error: 'invalid_body', message: 'the body is not valid JSON', issues: [{ field: '(body)', message: 'the body is not valid JSON' }] } });
    const empty = JSON.stringify({ type: 'payment.updated', event_id: 'e-2', data: { type: 'payment', id: 'p', object: {} } });
    expect((await s.post(empty)).body).toMatchObject({ error: 'invalid_body', message: 'the event has no payment with an id and created_at' });
    expect((await s.post(JSON.stringify({ type: 'refund.created', data: { object: {} } }))).body).toMatchObject({ error: 'invalid_body', message: 'the event has no refund' });
    expect(s.counts()).toEqual([0, 0, 0, 0, 0]);
  });

  it('answers 200 to a refund not linked to a payment (given at the register without a sale), and changes nothing', async () => {
    const s = await setup({ consent: ['email'] });
    await s.post(withEmail);
    const before = s.counts();
    const event = JSON.parse(refundEvent('COMPLETED'));
    event.event_id = 'unlinked-refund-event';
    const { payment_id: _payment, order_id: _order, ...refund } = event.data.object.refund;
    event.data.object.refund = { ...refund, unlinked: true, destination_type: 'CASH' };
    const res = await s.post(JSON.stringify(event));
    expect(res).toEqual({ status: 200, body: { ignored: `refund ${refund.id} is not linked to a payment` } });
    expect(s.counts()).toEqual(before);
    expect(s.all('SELECT status FROM sales')).toEqual([{ status: 'completed' }]);
    expect(s.all('SELECT status FROM messages')).toEqual([{ status: 'scheduled' }, { status: 'scheduled' }]);
  });
});

describe('Square customer look-up', () => {
  it('asks the Customers API with the bearer token and Square-Version, and maps the customer', async () => {
    const api = await fakeVendorApi(() => ({ status: 200, body: { customer: amelia } }));
    const found = await square.lookup!('JDKYHBWT1D4F8MFH63DBMEN8Y4', connection({ apiBaseUrl: api.url }), 'NL');
    expect(found).toEqual({
      name: 'Amelia Earhart', phone: '+31612345678', email: 'amelia.earhart@example.com', locale: null,
      posCustomerId: 'square:JDKYHBWT1D4F8MFH63DBMEN8Y4', consent: { sms: true },
    });
    expect(api.requests).toEqual([
      { path: '/v2/customers/JDKYHBWT1D4F8MFH63DBMEN8Y4', headers: expect.objectContaining({ authorization: 'Bearer EAAAl-test-token', 'square-version': '2025-01-23' }) },
    ]);
  });

  it('reads a local phone number with the address country, drops one it cannot read, and respects an e-mail unsubscribe', async () => {
    const customers: Record<string, unknown> = {
      '/v2/customers/local': { ...amelia, phone_number: '06 12345678', address: { country: 'NL' } },
      '/v2/customers/nowhere': { ...amelia, phone_number: '06 12345678', preferences: { email_unsubscribed: true } },
    };
    const api = await fakeVendorApi((path) => ({ status: 200, body: { customer: customers[path] } }));
    const c = connection({ apiBaseUrl: api.url, consent: ['sms', 'email'] });
    expect(await square.lookup!('local', c, 'NL')).toMatchObject({ phone: '+31612345678', consent: { sms: true, email: true } });
    // Without an address, a national number is read in the shop's country; without either it is dropped.
    expect(await square.lookup!('nowhere', c, 'NL')).toMatchObject({ phone: '+31612345678', consent: { sms: true, email: false } });
    expect(await square.lookup!('nowhere', c, '')).toMatchObject({ phone: null });
  });

  it('gives null for a customer Square does not know (404), and throws LookupFailed on a 500', async () => {
    const api = await fakeVendorApi((path) =>
      path.endsWith('/gone') ? { status: 404, body: { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND' }] } } : { status: 500, body: {} },
    );
    expect(await square.lookup!('gone', connection({ apiBaseUrl: api.url }), 'NL')).toBeNull();
    await expect(square.lookup!('broken', connection({ apiBaseUrl: api.url }), 'NL')).rejects.toBeInstanceOf(LookupFailed);
  });

  it("end to end: a payment naming a customer waits for the look-up, which gives the sale the customer's phone and a check-in", async () => {
    const api = await fakeVendorApi(() => ({ status: 200, body: { customer: amelia } }));
    const s = await setup({ accessToken: 'EAAAl-test-token', apiBaseUrl: api.url, consent: ['sms'] });
    const res = await s.post(variant((_e, p) => (p.customer_id = 'JDKYHBWT1D4F8MFH63DBMEN8Y4')));
    expect(res.body.results).toEqual([{ sale: PAYMENT, saleId: expect.any(Number), lookup: 'JDKYHBWT1D4F8MFH63DBMEN8Y4' }]);
    // Until the look-up, the sale has no customer: a till id alone makes nobody.
    expect(s.all('SELECT customer_id FROM sales')).toEqual([{ customer_id: null }]);
    expect(s.counts()).toEqual([1, 0, 0, 0, 1]);

    const { dispatcher } = testDispatcher(s.store);
    expect((await dispatcher.tick(s.clock.now())).lookups).toBe(1);
    expect(api.requests.map((r) => r.headers.authorization)).toEqual(['Bearer EAAAl-test-token']);
    expect(s.all('SELECT name, phone, email, pos_customer_id, sms_consent FROM customers')).toEqual([
      { name: 'Amelia Earhart', phone: '+31612345678', email: 'amelia.earhart@example.com', pos_customer_id: 'square:JDKYHBWT1D4F8MFH63DBMEN8Y4', sms_consent: 1 },
    ]);
    expect(s.all('SELECT kind, channel, status, due_at FROM messages ORDER BY id')).toEqual([
      { kind: 'checkin', channel: 'sms', status: 'scheduled', due_at: Date.parse('2020-11-23T09:00:00Z') },
      { kind: 'comeback', channel: 'sms', status: 'scheduled', due_at: expect.any(Number) },
    ]);
    expect(s.all('SELECT status FROM lookups')).toEqual([{ status: 'sent' }]);
  });
});
