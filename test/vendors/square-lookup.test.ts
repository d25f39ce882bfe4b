// A Square payment that names the buyer's e-mail AND a customer_id, with an access token: the sale is stored "later"
// (nothing scheduled) and a look-up queued. When the Customers API does not know the customer (404), the buyer's
// e-mail from the payment — with the consent the shop collects at the till — must still get its check-in.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { PUBLIC_URL, all, createShop, startApp, testClock, testDispatcher, testStore } from '../helpers.js';
import { fakeVendorApi } from '../fakes/vendor-api.js';

const updated = readFileSync(new URL('../fixtures/vendor/square-payment-updated.json', import.meta.url));
const KEY = 'square-key';
const PATH = '/v1/shops/fietsenmaker/webhooks/square';

async function setup(answer: (path: string) => { status: number; body?: unknown }) {
  const store = await testStore();
  const clock = testClock('2020-11-22T21:20:00Z');
  const { shop } = await createShop(store);
  const api = await fakeVendorApi(answer);
  await store.tills.connect(shop.id, 'square', { secret: KEY, accessToken: 'EAAAl-token', apiBaseUrl: api.url, consent: ['email'] }, clock.now());
  const base = await startApp(store, clock.now);
  const post = async (raw: string) => {
    const sig = createHmac('sha256', KEY).update(PUBLIC_URL + PATH).update(raw).digest('base64');
    const res = await fetch(base + PATH, { method: 'POST', headers: { 'content-type': 'application/json', 'x-square-hmacsha256-signature': sig }, body: raw });
    return { status: res.status, body: (await res.json()) as any };
  };
  return { store, clock, post, api };
}

const payment = () => {
  const event = JSON.parse(updated.toString('utf8'));
  event.data.object.payment.buyer_email_address = 'Buyer@Example.com';
  event.data.object.payment.customer_id = 'GONE-CUSTOMER';
  return JSON.stringify(event);
};

it("keeps the buyer's e-mail check-in when the Customers API does not know the payment's customer (404)", async () => {
  const s = await setup(() => ({ status: 404, body: { errors: [{ code: 'NOT_FOUND' }] } }));
  const res = await s.post(payment());
  expect(res.status).toBe(200);
  await testDispatcher(s.store).dispatcher.tick(s.clock.now());
  // The payment itself named the buyer's e-mail, and the shop collects e-mail consent at the till: that is enough.
  expect(await all(s.store.db, 'SELECT kind, channel, status FROM messages ORDER BY id')).toEqual([
    { kind: 'checkin', channel: 'email', status: 'scheduled' },
    { kind: 'comeback', channel: 'email', status: 'scheduled' },
  ]);
});

it("keeps the buyer's e-mail check-in when the Customers API knows the customer only by name", async () => {
  const s = await setup(() => ({ status: 200, body: { customer: { id: 'GONE-CUSTOMER', given_name: 'Amelia' } } }));
  await s.post(payment());
  await testDispatcher(s.store).dispatcher.tick(s.clock.now());
  expect(await all(s.store.db, 'SELECT kind, channel, status FROM messages ORDER BY id')).toEqual([
    { kind: 'checkin', channel: 'email', status: 'scheduled' },
    { kind: 'comeback', channel: 'email', status: 'scheduled' },
  ]);
});

// A POS developer's review: what a till keeps on a walk-in as the customer's address may be the shop's own.
it("does not take the shop's own address the Customers API keeps on a customer for theirs: the sale waits on its consent link", async () => {
  const s = await setup(() => ({ status: 200, body: { customer: { id: 'WALK-IN', given_name: 'Amelia', email_address: 'Winkel@Fietsenmaker.nl' } } }));
  await s.store.shops.update('fietsenmaker', { alertEmail: 'winkel@fietsenmaker.nl' });
  const event = JSON.parse(updated.toString('utf8'));
  event.data.object.payment.customer_id = 'WALK-IN';
  delete event.data.object.payment.buyer_email_address;
  expect((await s.post(JSON.stringify(event))).status).toBe(200);
  await testDispatcher(s.store).dispatcher.tick(s.clock.now());
  expect(await all(s.store.db, 'SELECT email FROM customers')).toEqual([]);
  expect(await all(s.store.db, 'SELECT kind FROM messages')).toEqual([]);
  expect(await all(s.store.db, 'SELECT count(*) AS links FROM consent_links')).toEqual([{ links: 1 }]);
});
