// What only Lightspeed X-Series does: its signature, its sale.update form read into a sale (sale_date in UTC), its
// customer API. What every till webhook does (duplicates, 401, refunds and voids, look-ups) is in contract.test.ts.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/tills.js';
import { lightspeed } from '../../src/vendors/lightspeed.js';
import { LookupFailed } from '../../src/vendors/types.js';
import { all as rows, createShop, startApp, testClock, testStore } from '../helpers.js';
import { fakeVendorApi } from '../fakes/vendor-api.js';

// Hand-written bodies (no verbatim sale.update exists; see the fixture's comments): [A] closed with customer is the
// one used here.
const [closed] = readFileSync(new URL('../fixtures/vendor/lightspeed-sale-update.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#')) as [string, ...string[]];
const SALE = 'lightspeed:0a7b5c2e-4d1f-11e6-b3f1-0f8d2c6e9a41';
const CUSTOMER_ID = '0adfd74a-153e-11e9-fa42-67b578a5c8f2';
const SECRET = 'lightspeed-client-secret';

// No published vector: the signature is computed here with node crypto, as the adapter assumes Lightspeed does
// (hex HMAC-SHA256 of the raw form body with the client secret; both UNCONFIRMED).
const signed = (body: string, secret = SECRET) => `signature=${createHmac('sha256', secret).update(body).digest('hex')},algorithm=HMAC-SHA256`;

async function setup(shop: { timezone: string; country: string } = { timezone: 'America/New_York', country: 'US' }, connection: Record<string, unknown> = {}) {
  const store = await testStore();
  const clock = testClock('2016-05-06T03:40:00Z'); // minutes after the sale in New York
  const { shop: created } = await createShop(store, shop);
  await store.tills.connect(created.id, 'lightspeed', { secret: SECRET, consent: ['sms'], ...connection }, clock.now());
  const base = await startApp(store, clock.now);
  const post = async (body: string, signature = signed(body)) => {
    const res = await fetch(`${base}/v1/shops/fietsenmaker/webhooks/lightspeed`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-signature': signature },
      body,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const all = <T = Record<string, unknown>>(sql: string) => rows<T>(store.db, sql);
  return { store, clock, post, all };
}

const connection = (over: Partial<Connection> = {}): Connection => ({
  id: 1, shopId: 1, vendor: 'lightspeed', secret: SECRET, accessToken: 'ls-token', notificationUrl: null, apiBaseUrl: null, consent: ['sms'], onlineOrders: true, account: null, previousSecret: null, previousSecretUntil: null, ...over,
});

describe('the Lightspeed X-Series signature', () => {
  const delivery = (raw: string, header: string | undefined) => ({ raw: Buffer.from(raw), headers: { 'x-signature': header }, url: '' });

  it('matches a hex HMAC-SHA256 of the raw form body, computed here (Lightspeed publishes no vector)', () => {
    expect(lightspeed.verify(delivery(closed, signed(closed)), SECRET)).toBe(true);
  });

  it('fails for one changed byte, another secret, another algorithm or no header', () => {
    expect(lightspeed.verify(delivery(closed.replace('1042', '1043'), signed(closed)), SECRET)).toBe(false);
    expect(lightspeed.verify(delivery(closed, signed(closed, 'other')), SECRET)).toBe(false);
    expect(lightspeed.verify(delivery(closed, signed(closed).replace('HMAC-SHA256', 'HMAC-SHA1')), SECRET)).toBe(false);
    expect(lightspeed.verify(delivery(closed, undefined), SECRET)).toBe(false);
  });
});

describe('Lightspeed sale.update over HTTP', () => {
  it('a CLOSED sale becomes a sale at its sale_date read as UTC, with its customer and an SMS check-in', async () => {
    const s = await setup();
    const res = await s.post(closed);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ sale: SALE, scheduled: [expect.objectContaining({ kind: 'checkin', channel: 'sms', dueAt: '2016-05-06T14:00:00.000Z' }), expect.objectContaining({ kind: 'comeback' })] }),
    ]);
    expect(res.body.results[0].consentUrl).toBeUndefined();
    expect(await s.all('SELECT till_sale_id, occurred_at, total, currency, items, status FROM sales')).toEqual([{
      till_sale_id: SALE,
      occurred_at: Date.parse('2016-05-05T23:35:34Z'), // "2016-05-05 23:35:34": UTC, as the API documents (19:35 in New York)
      total: 52,
      currency: null,
      items: JSON.stringify([
        { name: 'Coffee Beans 1kg', sku: '10012', quantity: 2, unitPrice: 19.13 },
        { name: 'Enamel Mug', sku: '10020', quantity: 1, unitPrice: 6.96 },
      ]),
      status: 'completed',
    }]);
    // the invalid "(555) 555-0100" phone is dropped, the mobile kept; consent only for what the shop collects (sms)
    expect(await s.all('SELECT name, phone, email, pos_customer_id, sms_consent, email_consent FROM customers')).toEqual([
      { name: 'Sanne de Vries', phone: '+14158675309', email: 'sanne@example.com', pos_customer_id: `lightspeed:${CUSTOMER_ID}`, sms_consent: 1, email_consent: 0 },
    ]);
  });

  it('reads the zone-less sale_date as UTC whatever the shop\'s time zone ("All dates and times in the API are in UTC")', async () => {
    const s = await setup({ timezone: 'Europe/Amsterdam', country: 'NL' });
    await s.post(closed);
    expect(await s.all('SELECT occurred_at FROM sales')).toEqual([{ occurred_at: Date.parse('2016-05-05T23:35:34Z') }]);
    // a US mobile in national format is not a Dutch number: dropped, the e-mail address stays
    expect(await s.all('SELECT phone, email FROM customers')).toEqual([{ phone: null, email: 'sanne@example.com' }]);
  });

  it('a sale at 00:30 in Amsterdam (sale_date 23:30 UTC the evening before) gets its check-in the next morning, not that same morning', async () => {
    const s = await setup({ timezone: 'Europe/Amsterdam', country: 'NL' }, { consent: ['email'] });
    s.clock.set('2026-03-15T00:35:00+01:00');
    const form = new URLSearchParams(closed);
    form.set('payload', JSON.stringify({ ...JSON.parse(form.get('payload')!), id: 'late-night-sale', sale_date: '2026-03-14 23:30:00' }));
    const res = await s.post(form.toString());
    expect(await s.all('SELECT occurred_at FROM sales')).toEqual([{ occurred_at: Date.parse('2026-03-15T00:30:00+01:00') }]);
    expect(res.body.results[0].scheduled[0]).toEqual({ kind: 'checkin', channel: 'email', dueAt: '2026-03-16T09:00:00.000Z' }); // 10:00 on the 16th
  });
});

describe('the Lightspeed customer look-up', () => {
  it('asks the API 2.0 with the Bearer token and maps the customer, mobile first', async () => {
    const api = await fakeVendorApi(() => ({
      status: 200,
      body: { data: { id: CUSTOMER_ID, first_name: 'Sanne', last_name: 'de Vries', email: 'Sanne@Example.com', phone: '', mobile: '+31 6 13572468' } },
    }));
    const customer = await lightspeed.lookup!(CUSTOMER_ID, connection({ apiBaseUrl: api.url }), 'NL');
    expect(api.calls()).toEqual([{ path: `/api/2.0/customers/${CUSTOMER_ID}`, authorization: 'Bearer ls-token' }]);
    expect(customer).toEqual({ name: 'Sanne de Vries', phone: '+31613572468', email: 'sanne@example.com', locale: null, posCustomerId: `lightspeed:${CUSTOMER_ID}`, consent: { sms: true } });
  });

  it('throws LookupFailed, saying so, when no API base URL is configured', async () => {
    await expect(lightspeed.lookup!(CUSTOMER_ID, connection(), 'NL')).rejects.toThrow(/retail\.lightspeed\.app/);
    await expect(lightspeed.lookup!(CUSTOMER_ID, connection(), 'NL')).rejects.toBeInstanceOf(LookupFailed);
  });
});
