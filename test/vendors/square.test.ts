// What only Square does: its signature over URL and body, a payment (COMPLETED, not APPROVED) read into a sale, its
// refunds, its Customers API. What every till webhook does (duplicates, 401, refunds, look-ups through the dispatcher)
// is in contract.test.ts.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Connection, NewConnection } from '../../src/db/tills.js';
import { square } from '../../src/vendors/square.js';
import { PUBLIC_URL, all as rows, createShop, startApp, testClock, testStore, value } from '../helpers.js';
import { amelia, squareRefund } from './square-samples.js';
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

async function setup(connection: Partial<NewConnection> = {}) {
  const store = await testStore();
  const clock = testClock('2020-11-22T21:20:00Z'); // a few minutes after the sample payment, 2020-11-22T21:16:51.086Z
  const { shop } = await createShop(store);
  await store.tills.connect(shop.id, 'square', { secret: KEY, ...connection }, clock.now());
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
  const all = (sql: string) => rows(store.db, sql);
  const counts = () => Promise.all(['sales', 'customers', 'messages', 'consent_links', 'lookups'].map((t) => value(store.db, `SELECT count(*) FROM ${t}`)));
  return { store, clock, base, post, all, counts };
}

const connection = (over: Partial<Connection> = {}): Connection => ({
  id: 1, shopId: 1, vendor: 'square', secret: KEY, accessToken: 'EAAAl-test-token', notificationUrl: null, apiBaseUrl: null, consent: ['sms'], onlineOrders: true, account: null, previousSecret: null, previousSecretUntil: null, ...over,
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
    expect(await s.all('SELECT till_sale_id, occurred_at, total, currency, items, customer_id, status FROM sales')).toEqual([
      { till_sale_id: PAYMENT, occurred_at: Date.parse('2020-11-22T21:16:51.086Z'), total: 1, currency: 'USD', items: '[]', customer_id: null, status: 'completed' },
    ]);
    expect(await s.counts()).toEqual([1, 0, 0, 1, 0]);
  });

  it("takes the buyer's e-mail with the consent the shop collects at the till, and schedules an e-mailed check-in", async () => {
    const s = await setup({ consent: ['email'] });
    const res = await s.post(withEmail);
    expect(res.body.results[0].scheduled).toEqual([
      { kind: 'checkin', channel: 'email', dueAt: '2020-11-23T09:00:00.000Z' }, // 10:00 the next day in Amsterdam
      { kind: 'comeback', channel: 'email', dueAt: expect.any(String) },
    ]);
    expect(await s.all('SELECT name, phone, email, pos_customer_id, sms_consent, email_consent FROM customers')).toEqual([
      { name: null, phone: null, email: 'buyer@example.com', pos_customer_id: null, sms_consent: 0, email_consent: 1 },
    ]);
    expect(await s.all('SELECT kind, channel, status FROM messages ORDER BY id')).toEqual([
      { kind: 'checkin', channel: 'email', status: 'scheduled' },
      { kind: 'comeback', channel: 'email', status: 'scheduled' },
    ]);
  });

  // A POS developer's review: a till's placeholder, or the shop's own address, was taken as the customer's.
  it("leaves out a buyer's address that is a till's placeholder or the shop's own: the sale gets a consent link instead", async () => {
    const s = await setup({ consent: ['email'] });
    await s.store.shops.update('fietsenmaker', { emailFrom: 'winkel@fietsenmaker.nl', alertEmail: 'eigenaar@fietsenmaker.nl' });
    for (const [n, address] of ['noemail@example.com', 'Eigenaar@Fietsenmaker.nl', 'info@fietsenmaker.nl'].entries()) {
      const res = await s.post(variant((e, p) => ((e.event_id = `placeholder-${n}`), (p.id = `payment-${n}`), (p.buyer_email_address = address))));
      expect(res.body.results[0], address).toMatchObject({ customerId: null, scheduled: [], consentUrl: expect.stringMatching(/\/c\//) });
    }
    expect(await s.counts()).toEqual([3, 0, 0, 3, 0]);
  });

  // A changed byte is refused like every vendor's (contract.test.ts); Square also signs the URL it posts to.
  it('answers 401 and stores nothing when the URL signed is another than the one registered', async () => {
    const s = await setup();
    expect((await s.post(updated, hmac('https://example.com/webhooks/square', updated))).status).toBe(401);
    expect(await s.counts()).toEqual([0, 0, 0, 0, 0]);
  });

  // An older app's delivery signed only the old way: "does not match" would send its developer after the key.
  it('answers 401 naming X-Square-HmacSha256-Signature to a delivery with only the legacy X-Square-Signature', async () => {
    const s = await setup();
    const legacy = createHmac('sha1', KEY).update(PUBLIC_URL + PATH).update(updated).digest('base64');
    const res = await fetch(s.base + PATH, { method: 'POST', headers: { 'content-type': 'application/json', 'x-square-signature': legacy }, body: updated });
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 401, body: { error: 'unauthorized', message:
      'the square signature is missing: no X-Square-HmacSha256-Signature header; this delivery has only X-Square-Signature, Square\'s older HMAC-SHA1 signature, which nextdeal does not check: it checks the HMAC-SHA256 one Square\'s webhook subscriptions send beside it' } });
    expect(await s.counts()).toEqual([0, 0, 0, 0, 0]);
  });

  // A PENDING refund.created cancels the sale's waiting messages (contract.test.ts); a FAILED one gave nothing back.
  it('ignores a FAILED refund.created: the sale and its waiting messages stay', async () => {
    const s = await setup({ consent: ['email'] });
    await s.post(withEmail);
    expect(await s.post(squareRefund('FAILED'))).toEqual({ status: 200, body: { ignored: 'refund of payment hYy9pRFVxpDsO1FB05SunFWUe9JZY is FAILED' } });
    expect(await s.all('SELECT status FROM sales')).toEqual([{ status: 'completed' }]);
    expect(await s.all('SELECT status FROM messages ORDER BY id')).toEqual([{ status: 'scheduled' }, { status: 'scheduled' }]);
  });

  // The goods came back with the PENDING refund; when the card refund fails the money goes back another way (cash).
  it('leaves a sale refunded when its PENDING refund then FAILs: nobody is asked about goods brought back', async () => {
    const s = await setup({ consent: ['email'] });
    await s.post(withEmail);
    expect((await s.post(squareRefund('PENDING'))).body).toEqual({ results: [{ refunded: PAYMENT, cancelled: 2 }] });
    expect((await s.post(squareRefund('FAILED', 100, 'refund.updated'))).status).toBe(200);
    expect(await s.all('SELECT status FROM sales')).toEqual([{ status: 'refunded' }]);
    expect(await s.all('SELECT status FROM messages ORDER BY id')).toEqual([{ status: 'cancelled' }, { status: 'cancelled' }]);
  });

  it('answers 200 to a refund not linked to a payment (given at the register without a sale), and changes nothing', async () => {
    const s = await setup({ consent: ['email'] });
    await s.post(withEmail);
    const before = await s.counts();
    const event = JSON.parse(squareRefund('COMPLETED'));
    event.event_id = 'unlinked-refund-event';
    const { payment_id: _payment, order_id: _order, ...refund } = event.data.object.refund;
    event.data.object.refund = { ...refund, unlinked: true, destination_type: 'CASH' };
    const res = await s.post(JSON.stringify(event));
    expect(res).toEqual({ status: 200, body: { ignored: `refund ${refund.id} is not linked to a payment` } });
    expect(await s.counts()).toEqual(before);
    expect(await s.all('SELECT status FROM sales')).toEqual([{ status: 'completed' }]);
    expect(await s.all('SELECT status FROM messages ORDER BY id')).toEqual([{ status: 'scheduled' }, { status: 'scheduled' }]);
  });
});

describe('Square customer look-up', () => {
  it('asks the Customers API with the bearer token and Square-Version, and maps the customer', async () => {
    const api = await fakeVendorApi(() => ({ status: 200, body: { customer: amelia } }));
    const found = await square.lookup!('JDKYHBWT1D4F8MFH63DBMEN8Y4', connection({ apiBaseUrl: api.url }), 'NL');
    expect(found).toEqual({
      name: 'Amelia Earhart', phone: '+31613572468', email: 'amelia.earhart@example.com', locale: null,
      posCustomerId: 'square:JDKYHBWT1D4F8MFH63DBMEN8Y4', consent: { sms: true },
    });
    expect(api.requests).toEqual([
      { path: '/v2/customers/JDKYHBWT1D4F8MFH63DBMEN8Y4', headers: expect.objectContaining({ authorization: 'Bearer EAAAl-test-token', 'square-version': '2025-01-23' }) },
    ]);
  });

  it('reads a local phone number with the address country, drops one it cannot read, and respects an e-mail unsubscribe', async () => {
    const customers: Record<string, unknown> = {
      '/v2/customers/local': { ...amelia, phone_number: '06 13572468', address: { country: 'NL' } },
      '/v2/customers/nowhere': { ...amelia, phone_number: '06 13572468', preferences: { email_unsubscribed: true } },
    };
    const api = await fakeVendorApi((path) => ({ status: 200, body: { customer: customers[path] } }));
    const c = connection({ apiBaseUrl: api.url, consent: ['sms', 'email'] });
    expect(await square.lookup!('local', c, 'NL')).toMatchObject({ phone: '+31613572468', consent: { sms: true, email: true } });
    // Without an address, a national number is read in the shop's country; without either it is dropped.
    expect(await square.lookup!('nowhere', c, 'NL')).toMatchObject({ phone: '+31613572468', consent: { sms: true, email: false } });
    expect(await square.lookup!('nowhere', c, '')).toMatchObject({ phone: null });
  });
});
