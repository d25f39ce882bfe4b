// What only Zettle does: its signature over a field inside its envelope, read within tight limits, its unsigned
// TestMessage, a purchase read into a sale, and how a refund names the purchase. What every till webhook does
// (duplicates, 401, refunds, other events, unreadable payloads) is in contract.test.ts.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { Connection } from '../../src/db/tills.js';
import type { Shop } from '../../src/db/shops.js';
import { ENVELOPE_DEPTH, ZETTLE_BODY_LIMIT, zettle } from '../../src/vendors/zettle.js';
import { all as rows, createShop, one, startApp, testClock, testStore } from '../helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/vendor/${name}`, import.meta.url));
const purchaseCreated = fixture('zettle-purchase-created.json'); // verbatim from iZettle/api-documentation
const testMessage = fixture('zettle-test-message.json');
const vector = JSON.parse(fixture('test-vectors.json').toString('utf8')).zettle[0] as { signingKey: string; expected: string };
const KEY = vector.signingKey;
const PURCHASE = 'zettle:7cdf4ae2-a110-11eb-a7f9-24cfef8c2970';

/** Signs an envelope as Zettle does: hex HMAC-SHA256 of `timestamp.payload`, the payload as its decoded string. */
const signatureOf = (raw: Buffer | string, key = KEY) => {
  const e = JSON.parse(raw.toString());
  return createHmac('sha256', key).update(`${e.timestamp}.${e.payload}`).digest('hex');
};
/** A PurchaseCreated envelope around a purchase of our own making. */
const envelope = (purchase: unknown, messageId: string) =>
  JSON.stringify({ organizationUuid: 'd3f03ffa-4a18-4282-bbfa-efd5f642ffb7', messageUuid: messageId, eventName: 'PurchaseCreated', messageId, payload: JSON.stringify(purchase), timestamp: '2021-04-19T14:02:11.120Z' });
const refundPurchase = (refunds: Record<string, unknown>) => ({
  purchaseUuid: '9f2d41c0-a118-11eb-8a61-24cfef8c2970', source: 'POS', currency: 'GBP', country: 'GB', amount: -35300, vatAmount: -3656,
  timestamp: 1618840931120, created: '2021-04-19T14:02:11.120+0000', purchaseNumber: 12777, userDisplayName: 'John Smith',
  products: [{ name: 'Whiskey', variantName: '50 cm', sku: 'The Whiskey - Small', unitPrice: 32900, quantity: '-1' }], refund: true, ...refunds,
});

async function setup() {
  const store = await testStore();
  const clock = testClock('2021-04-19T13:10:00Z'); // moments after the sample purchase
  const { shop } = await createShop(store, { timezone: 'Europe/London', country: 'GB', locale: 'en' });
  await store.tills.connect(shop.id, 'zettle', { secret: KEY, consent: ['sms'] }, clock.now());
  const base = await startApp(store, clock.now);
  const post = async (body: Buffer | string, signature: string | null = signatureOf(body)) => postUnsigned(body, signature);
  const postUnsigned = async (body: Buffer | string, signature: string | null) => {
    const res = await fetch(`${base}/v1/shops/fietsenmaker/webhooks/zettle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature !== null && { 'x-izettle-signature': signature }) },
      body,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const all = <T = Record<string, unknown>>(sql: string) => rows<T>(store.db, sql);
  const counts = () =>
    one(store.db, `SELECT (SELECT count(*) FROM sales) AS sales, (SELECT count(*) FROM customers) AS customers,
      (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM consent_links) AS links, (SELECT count(*) FROM webhook_events) AS events`);
  return { store, clock, post, postUnsigned, all, counts };
}

/** A TestMessage whose object payload holds arrays nested `depth` deep (the whole body nests `depth` + 2). */
const nestedTestMessage = (depth: number) => `{"eventName":"TestMessage","messageId":"m","payload":{"data":${'['.repeat(depth)}${']'.repeat(depth)}}}`;

describe('the Zettle signature', () => {
  const delivery = (raw: Buffer, signature: string | undefined) => ({ raw, headers: { 'x-izettle-signature': signature }, url: '' });

  it('verifies the derived vector over the exact bytes of the documented PurchaseCreated sample', () => {
    expect(zettle.verify(delivery(purchaseCreated, vector.expected), KEY)).toBe(true);
  });

  it('fails when one byte of the payload changes, or with another key', () => {
    const changed = Buffer.from(purchaseCreated.toString('utf8').replace('\\"amount\\":35300', '\\"amount\\":35301'));
    expect(changed.equals(purchaseCreated)).toBe(false);
    expect(zettle.verify(delivery(changed, vector.expected), KEY)).toBe(false);
    expect(zettle.verify(delivery(purchaseCreated, vector.expected), 'another-key')).toBe(false);
  });

  it('reads no envelope nested deeper than an envelope needs, nor larger than 256 KiB: refused before JSON.parse', () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      for (const raw of [nestedTestMessage(ENVELOPE_DEPTH), nestedTestMessage(100_000), Buffer.concat([purchaseCreated, Buffer.alloc(ZETTLE_BODY_LIMIT, ' ')])]) {
        expect(zettle.unsigned!(delivery(Buffer.from(raw), undefined))).toBeNull();
        expect(zettle.verify(delivery(Buffer.from(raw), vector.expected), KEY)).toBe(false);
      }
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    // brackets inside strings are text, not nesting: the documented sample (a payload string full of them) is read
    expect(zettle.verify(delivery(Buffer.from(purchaseCreated.toString().replace('"eventName"', '"note":"[[[[[[{{{{\\"[[[","eventName"')), vector.expected), KEY)).toBe(true);
    expect(zettle.unsigned!(delivery(Buffer.from(nestedTestMessage(ENVELOPE_DEPTH - 2)), undefined))).toBe('TestMessage is not a purchase');
  });

  it('cannot verify a body that is not JSON, nor a purchase whose payload is not a string', () => {
    expect(zettle.verify(delivery(Buffer.from('{oops'), vector.expected), KEY)).toBe(false);
    const objectPayload = Buffer.from(JSON.stringify({ eventName: 'PurchaseCreated', messageId: 'm', payload: { purchaseUuid: 'x' }, timestamp: 't' }));
    expect(zettle.verify(delivery(objectPayload, signatureOf(objectPayload)), KEY)).toBe(false);
  });
});

describe('Zettle PurchaseCreated over HTTP', () => {
  it('the sample becomes a sale in major units with numeric quantities, no customer, and a consent link in the answer', async () => {
    const s = await setup();
    const res = await s.post(purchaseCreated, vector.expected);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      {
        sale: PURCHASE,
        saleId: expect.any(Number),
        customerId: null,
        scheduled: [],
        skipped: [{ kind: 'checkin', reason: 'no_contact' }, { kind: 'comeback', reason: 'no_contact' }],
        consentUrl: expect.stringMatching(/^https:\/\/deals\.example\.test\/c\/[a-z0-9]{10}$/),
      },
    ]);
    expect(await s.all('SELECT till_sale_id, occurred_at, total, currency, staff, items, customer_id FROM sales')).toEqual([{
      till_sale_id: PURCHASE,
      occurred_at: Date.parse('2021-04-19T13:09:40.798Z'), // "created": "2021-04-19T13:09:40.798+0000"
      total: 353, // 35300 pence
      currency: 'GBP',
      staff: 'John Smith',
      items: JSON.stringify([
        { name: 'testproduct', sku: '987', quantity: 2, unitPrice: 12 },
        { name: 'Whiskey (50 cm)', sku: 'The Whiskey - Small', quantity: 1, unitPrice: 329 },
      ]),
      customer_id: null,
    }]);
    expect(await s.counts()).toMatchObject({ customers: 0, messages: 0, links: 1, events: 1 });
  });

  it('answers the subscription\'s TestMessage (object payload, no timestamp, nothing signed) with 200, reads nothing more of it, and stores nothing', async () => {
    const s = await setup();
    const read = vi.spyOn(zettle, 'read');
    try {
      expect(await s.post(testMessage, null)).toEqual({ status: 200, body: { ignored: 'TestMessage is not a purchase' } });
      expect(await s.post(testMessage, 'not-a-signature')).toMatchObject({ status: 200 });
      expect(read).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
    }
    expect(await s.counts()).toEqual({ sales: 0, customers: 0, messages: 0, links: 0, events: 0 });
  });

  it('refuses a 900 KB nested TestMessage unread (413), and a deeply nested one within 256 KiB as no envelope (401)', async () => {
    const s = await setup();
    const huge = nestedTestMessage(450_000);
    expect(huge.length).toBeGreaterThan(900_000);
    expect(await s.postUnsigned(huge, null)).toEqual({ status: 413, body: { error: 'too_large', message: expect.stringContaining(String(ZETTLE_BODY_LIMIT)) } });
    const deep = nestedTestMessage(100_000);
    expect(deep.length).toBeLessThan(ZETTLE_BODY_LIMIT);
    expect(await s.postUnsigned(deep, null)).toEqual({ status: 401, body: { error: 'unauthorized', message: expect.stringContaining('signature') } });
    expect(await s.counts()).toEqual({ sales: 0, customers: 0, messages: 0, links: 0, events: 0 });
  });

  it('counts every refused delivery towards the limit on failed authentication; a signed purchase still goes through', async () => {
    const s = await setup();
    const refused = [nestedTestMessage(450_000), nestedTestMessage(100_000), '{oops', JSON.stringify({ eventName: 'PurchaseCreated', payload: '{}', timestamp: 't' })];
    for (let i = 0; i < 60; i++) expect([401, 413], `attempt ${i + 1}`).toContain((await s.postUnsigned(refused[i % refused.length]!, 'guess')).status);
    expect((await s.postUnsigned(nestedTestMessage(100_000), null)).status).toBe(429);
    expect((await s.post(purchaseCreated, vector.expected)).status).toBe(200);
    expect(await s.counts()).toMatchObject({ sales: 1 });
  });
});

describe('reading Zettle refunds', () => {
  const shop = { timezone: 'Europe/London', country: 'GB' } as Shop;
  const connection = { consent: [] } as unknown as Connection;
  const read = (purchase: unknown) => zettle.read({ raw: Buffer.from(envelope(purchase, 'm')), headers: {}, url: '' }, shop, connection);

  it('also takes the Purchase API\'s name for the refunded purchase, refundsPurchaseUUID1', () => {
    expect(read(refundPurchase({ refundsPurchaseUUID1: '7cdf4ae2-a110-11eb-a7f9-24cfef8c2970' }))).toEqual({
      kind: 'actions', eventId: 'm', actions: [{ type: 'refund', tillSaleId: PURCHASE, status: 'refunded', part: { id: expect.any(String), amount: 353, currency: 'GBP' } }],
    });
  });

  it('ignores a refund that names no purchase rather than recording it as a sale', () => {
    expect(read(refundPurchase({}))).toEqual({ kind: 'ignore', why: 'a refund that names no purchase' });
  });
});
