// Nobody gets in. One table lists EVERY route of the app with the credential it asks for, and proves for each:
// without the credential it is refused (and nothing changes), with another shop's credential it is refused, and
// with the right one it works. Then: replays, signatures over other bodies, the limit on failed webhook
// authentication, security headers, body size limits, /metrics, and a source check that secrets are compared
// in constant time.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { type Vendor, vendors } from '../../src/db/tills.js';
import { hashPassword } from '../../src/domain/password.js';
import { sign, signV2 } from '../../src/http/signature.js';
import { createMetrics } from '../../src/metrics.js';
import { PUBLIC_URL, TWILIO_AUTH_TOKEN, all, createShop, one, ownerClient, postSale, postTwilio, run, saleBody, startApp, testClock, testDispatcher, testStore, value } from '../helpers.js';

const PASSWORD = { fietsenmaker: 'wachtwoord van de fietsenmaker', bakker: 'wachtwoord van de bakker' } as const;
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const vendorSecret = (vendor: Vendor, slug: string) => `${vendor}-signing-key-of-${slug}`;

const hashes = new Map<string, Promise<string>>();
const hashed = (password: string) => {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
};

interface Res {
  status: number;
  location: string | null;
  type: string;
  headers: Headers;
  text: string;
}

async function send(base: string, method: string, path: string, o: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Res> {
  const res = await fetch(base + path, { method, headers: o.headers ?? {}, body: o.body ?? null, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  return { status: res.status, location: res.headers.get('location'), type: res.headers.get('content-type') ?? '', headers: res.headers, text: await res.text() };
}
const form = (f: Record<string, string>) => new URLSearchParams(f).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

/**
 * Two shops (fietsenmaker, bakker), each with a password, all five tills connected with its own keys, an e-mailed
 * customer whose check-in went out (its reply and unsubscribe tokens), a problem reply, a consent link, and an owner
 * session. Bakker's consent link is used already (its visitor confirmed their number); at fietsenmaker a visitor of
 * the join page has a code texted to them, not yet typed in (the code page's token and the code).
 */
async function world() {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const shops = { fietsenmaker: await createShop(store), bakker: await createShop(store, { slug: 'bakker', name: 'Bakker Jansen' }) };
  for (const [slug, s] of Object.entries(shops)) {
    await store.sessions.setPassword(s.shop.id, await hashed(PASSWORD[slug as keyof typeof PASSWORD]));
    await store.shops.update(slug, { alertEmail: `eigenaar@${slug}.example` });
    for (const v of vendors) await store.tills.connect(s.shop.id, v, { secret: vendorSecret(v, slug) }, clock.now());
  }
  const base = await startApp(store, clock.now, { metrics: createMetrics(), metricsToken: METRICS_TOKEN });
  const codes: Record<string, string> = {};
  for (const [slug, s] of Object.entries(shops)) {
    const sale = await postSale(base, slug, s.webhookSecret, saleBody({ id: `${slug}-1`, customer: { name: `Klant ${slug}`, email: `klant@${slug}.example.com`, consent: { email: true } } }), clock.now());
    expect(sale.status).toBe(201);
    const walkIn = await postSale(base, slug, s.webhookSecret, saleBody({ id: `${slug}-walk-in`, customer: null }), clock.now());
    codes[slug] = String(walkIn.body.consentUrl).split('/c/')[1]!;
  }
  const { dispatcher, email, sms } = testDispatcher(store);
  // Double opt-in: the page's token (from the code page) and the code (from the text) confirm a number.
  const askCode = async (path: string, phone: string) => {
    const page = await send(base, 'POST', path, { headers: FORM, body: form({ phone, sms: 'yes' }) });
    expect(page.status).toBe(200);
    await dispatcher.tick(clock.now());
    const e164 = `+31${phone.replace(/\D/g, '').slice(1)}`;
    return { token: /action="\/j\/([\w-]+)"/.exec(page.text)![1]!, code: /(\d{6})/.exec(sms.sent.filter((m) => m.to === e164).at(-1)!.body)![1]! };
  };
  const bakkerJoin = await askCode(`/c/${codes.bakker}`, '06 87654321');
  expect((await send(base, 'POST', `/j/${bakkerJoin.token}`, { headers: FORM, body: form({ code: bakkerJoin.code }) })).status).toBe(200);
  const joins = { [A]: await askCode(`/shops/${A}/join`, '06 44444444') };
  clock.set('2026-03-15T10:00:00+01:00');
  await dispatcher.tick(clock.now());
  const tokens: Record<string, { reply: string; unsubscribe: string }> = {};
  for (const slug of Object.keys(shops)) {
    const mail = email.sent.find((m) => m.to === `klant@${slug}.example.com`)!;
    tokens[slug] = { reply: /\/r\/([\w-]+)/.exec(mail.text)![1]!, unsubscribe: /\/u\/([\w-]+)/.exec(mail.text)![1]! };
    expect((await send(base, 'POST', `/r/${tokens[slug]!.reply}`, { headers: FORM, body: form({ answer: 'problem', comment: 'kapot' }) })).status).toBe(200);
  }
  // Each shop has one reply (its customer's problem), looked up once: the routes' paths are built from it.
  const replyIds: Record<string, number> = {};
  for (const [slug, s] of Object.entries(shops)) replyIds[slug] = (await value<number>(store.db, 'SELECT id FROM replies WHERE shop_id = ?', s.shop.id))!;
  const replyId = (slug: string) => replyIds[slug]!;
  // And one message in doubt (its come-back invitation, as if a dispatcher had stopped mid-send), for the owner to settle.
  const doubtIds: Record<string, number> = {};
  for (const [slug, s] of Object.entries(shops)) {
    doubtIds[slug] = (await value<number>(store.db, "SELECT id FROM messages WHERE shop_id = ? AND kind = 'comeback'", s.shop.id))!;
    await run(store.db, "UPDATE messages SET status = 'uncertain' WHERE id = ?", doubtIds[slug]);
  }
  const inDoubt = (slug: string) => doubtIds[slug]!;
  const sessions: Record<string, { cookie: string; csrf: string }> = {};
  for (const [slug, s] of Object.entries(shops)) {
    const token = await store.sessions.start(s.shop.id, clock.now());
    sessions[slug] = { cookie: `nd_session=${token}`, csrf: (await store.sessions.find(token, clock.now()))!.csrf };
  }
  /** Everything a request could change, to show that a refused one changes nothing. */
  const snapshot = async () => JSON.stringify(
    await Promise.all(['sales', 'customers', 'messages', 'replies', 'alerts', 'consent_events', 'consent_links', 'sessions', 'webhook_events', 'lookups', 'shops'].map(async (t) =>
      (await all(store.db, `SELECT * FROM ${t}`)).map((row) => JSON.stringify(row)).sort())),
  );
  const signed = (slug: keyof typeof shops, body: string, t = Math.floor(clock.now() / 1000)) => ({
    'content-type': 'application/json', 'nextdeal-signature': sign(shops[slug].webhookSecret, body, t),
  });
  /** A v2 signature, bound to the method and path as well as the body. */
  const signedV2 = (slug: keyof typeof shops, path: string, body: string, t = Math.floor(clock.now() / 1000)) => ({
    'content-type': 'application/json', 'nextdeal-signature': signV2(shops[slug].webhookSecret, 'POST', path, body, t),
  });
  const bearer = (slug: keyof typeof shops) => ({ 'content-type': 'application/json', authorization: `Bearer ${shops[slug].apiKey}` });
  const owner = (slug: keyof typeof shops) => ({ cookie: sessions[slug]!.cookie, accept: 'text/html' });
  return { store, clock, base, shops, codes, joins, tokens, replyId, inDoubt, sessions, snapshot, signed, signedV2, bearer, owner, send: (m: string, p: string, o?: Parameters<typeof send>[3]) => send(base, m, p, o) };
}
type World = Awaited<ReturnType<typeof world>>;

let unique = 0;
const saleJson = () => JSON.stringify(saleBody({ id: `route-${++unique}` }));

/** A delivery as each till signs it; `right` ones create a sale (Shopify, Square, Lightspeed, Zettle, Loyverse). */
function vendorDelivery(vendor: Vendor, secret: string, slug: string): { headers: Record<string, string>; body: string } {
  const n = ++unique;
  const at = '2026-03-15T09:00:00.000Z';
  const hmac = (algorithm: 'sha256' | 'sha1', ...data: string[]) => {
    const mac = createHmac(algorithm, secret);
    for (const d of data) mac.update(d);
    return mac;
  };
  switch (vendor) {
    case 'shopify': {
      const body = JSON.stringify({ admin_graphql_api_id: `gid://shopify/Order/${n}`, processed_at: at, source_name: 'pos', email: `koper${n}@example.com`, buyer_accepts_marketing: true, currency: 'EUR', total_price: '5.00', line_items: [{ name: 'Bel', quantity: 1, price: '5.00' }] });
      return { body, headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-event-id': `ev-${n}`, 'x-shopify-hmac-sha256': hmac('sha256', body).digest('base64') } };
    }
    case 'square': {
      const body = JSON.stringify({ type: 'payment.updated', event_id: `ev-${n}`, data: { object: { payment: { id: `pay-${n}`, created_at: at, status: 'COMPLETED', amount_money: { amount: 500, currency: 'EUR' }, buyer_email_address: `koper${n}@example.com` } } } });
      const url = `${PUBLIC_URL}/v1/shops/${slug}/webhooks/square`;
      return { body, headers: { 'content-type': 'application/json', 'x-square-hmacsha256-signature': hmac('sha256', url, body).digest('base64') } };
    }
    case 'lightspeed': {
      const body = form({ type: 'sale.update', payload: JSON.stringify({ id: `ls-${n}`, status: 'CLOSED', sale_date: '2026-03-15 10:00:00', register_sale_products: [{ name: 'Bel', quantity: '1', price: '5' }] }) });
      return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-signature': `signature=${hmac('sha256', body).digest('hex')},algorithm=HMAC-SHA256` } };
    }
    case 'zettle': {
      const payload = JSON.stringify({ purchaseUuid: `z-${n}`, created: at, currency: 'EUR', amount: 500, products: [{ name: 'Bel', quantity: '1', unitPrice: 500 }] });
      const body = JSON.stringify({ eventName: 'PurchaseCreated', messageId: `m-${n}`, timestamp: at, payload });
      return { body, headers: { 'content-type': 'application/json', 'x-izettle-signature': hmac('sha256', `${at}.${payload}`).digest('hex') } };
    }
    case 'loyverse': {
      const body = JSON.stringify({ type: 'receipts.update', receipts: [{ store_id: 'st-1', receipt_number: `1-${n}`, receipt_type: 'SALE', receipt_date: at, total_money: 5, line_items: [{ item_name: 'Bel', quantity: 1, price: 5 }] }] });
      return { body, headers: { 'content-type': 'application/json', 'x-loyverse-signature': hmac('sha1', body).digest('base64') } };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// THE TABLE. `pattern` is the route as the source declares it (checked against src/ below, so a new route cannot be
// forgotten here). `without`: requests lacking the credential; `other`: requests with another shop's (or another
// kind of) credential; both must be refused with the status given ('login' = a 303 to /login) and change nothing.
// `right`: the request with the credential, and what it answers.

type Expect = number | 'login';
type Req = [label: string, send: (w: World) => Promise<Res>, expected: Expect];
interface Route {
  pattern: string;
  credential: string;
  without: Req[];
  other: Req[];
  right: [label: string, send: (w: World) => Promise<Res>, expected: number, then?: (w: World, r: Res) => void | Promise<void>];
}

const A = 'fietsenmaker';
const webhookPath = (vendor: Vendor) => `/v1/shops/${A}/webhooks/${vendor}`;
const twilioParams = () => ({ MessageSid: `SM${(++unique).toString(16).padStart(32, '0')}`, From: '+31699999999', To: '+15005550006', Body: 'hallo' });
const statusParams = () => ({ MessageSid: `SM${(++unique).toString(16).padStart(32, '0')}`, MessageStatus: 'delivered' });

const ROUTES: Route[] = [
  // --- public --------------------------------------------------------------------------------------------------
  { pattern: 'GET /healthz', credential: 'public', without: [], other: [], right: ['no credential', (w) => w.send('GET', '/healthz'), 200] },
  { pattern: 'GET /healthz/sending', credential: 'public', without: [], other: [], right: ['no credential', (w) => w.send('GET', '/healthz/sending'), 200] },
  { pattern: 'GET /', credential: 'public (a redirect to /login)', without: [], other: [], right: ['no credential', (w) => w.send('GET', '/'), 303, (_w, r) => void expect(r.location).toBe('/login')] },
  { pattern: 'GET /login', credential: 'public', without: [], other: [], right: ['no credential', (w) => w.send('GET', '/login'), 200] },
  { pattern: 'GET /shops/:slug/join', credential: 'public (the shop page for the counter)', without: [['an unknown shop', (w) => w.send('GET', '/shops/niemand/join'), 404]], other: [], right: ['no credential', (w) => w.send('GET', `/shops/${A}/join`), 200] },
  { pattern: 'GET /shops/:slug/join/poster', credential: 'public', without: [['an unknown shop', (w) => w.send('GET', '/shops/niemand/join/poster'), 404]], other: [], right: ['no credential', (w) => w.send('GET', `/shops/${A}/join/poster`), 200] },
  {
    pattern: 'POST /shops/:slug/join', credential: 'public (limited per address)',
    without: [['an unknown shop', (w) => w.send('POST', '/shops/niemand/join', { headers: FORM, body: form({ phone: '06 11223344', sms: 'yes' }) }), 404]],
    other: [],
    right: ['no credential', (w) => w.send('POST', `/shops/${A}/join`, { headers: FORM, body: form({ phone: '06 11223344', sms: 'yes' }) }), 200],
  },

  // --- METRICS_TOKEN -------------------------------------------------------------------------------------------
  {
    pattern: 'GET /metrics', credential: 'Authorization: Bearer METRICS_TOKEN (when set)',
    without: [['no token', (w) => w.send('GET', '/metrics'), 401], ['the token in the query', (w) => w.send('GET', `/metrics?token=${METRICS_TOKEN}`), 401]],
    other: [
      ['a wrong token', (w) => w.send('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } }), 401],
      ["a shop's API key", (w) => w.send('GET', '/metrics', { headers: { authorization: `Bearer ${w.shops.fietsenmaker.apiKey}` } }), 401],
    ],
    right: ['the token', (w) => w.send('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }), 200, (_w, r) => void expect(r.text).toContain('nextdeal_sales_received_total')],
  },

  // --- the till: webhook signature or API key of THAT shop ------------------------------------------------------
  {
    pattern: 'POST /v1/shops/:slug/sales', credential: "Nextdeal-Signature with that shop's webhook secret, or Bearer <that shop's API key>",
    without: [
      ['no signature, no key', (w) => w.send('POST', `/v1/shops/${A}/sales`, { headers: { 'content-type': 'application/json' }, body: saleJson() }), 401],
      ['a malformed signature', (w) => w.send('POST', `/v1/shops/${A}/sales`, { headers: { 'content-type': 'application/json', 'nextdeal-signature': 'v1=abc' }, body: saleJson() }), 401],
      ['a made-up API key', (w) => w.send('POST', `/v1/shops/${A}/sales`, { headers: { 'content-type': 'application/json', authorization: 'Bearer nd_key_guess' }, body: saleJson() }), 401],
    ],
    other: [
      ["the other shop's signature", (w) => { const b = saleJson(); return w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signed('bakker', b), body: b }); }, 401],
      ["the other shop's API key", (w) => w.send('POST', `/v1/shops/${A}/sales`, { headers: w.bearer('bakker'), body: saleJson() }), 401],
      ["the shop's API key hash as the key", (w) => w.send('POST', `/v1/shops/${A}/sales`, { headers: { 'content-type': 'application/json', authorization: `Bearer ${w.shops.fietsenmaker.shop.apiKeyHash}` }, body: saleJson() }), 401],
      ["the other shop's v2 signature", (w) => { const b = saleJson(); return w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signedV2('bakker', `/v1/shops/${A}/sales`, b), body: b }); }, 401],
      ['a v2 signature made for the refund path', (w) => { const b = saleJson(); return w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signedV2(A, `/v1/shops/${A}/sales/${A}-1/refund`, b), body: b }); }, 401],
    ],
    right: ["that shop's API key, its v2 signature, and its v1 signature", async (w) => {
      expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: w.bearer(A), body: saleJson() })).status).toBe(201);
      const v2 = saleJson();
      expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signedV2(A, `/v1/shops/${A}/sales`, v2), body: v2 })).status).toBe(201);
      const b = saleJson();
      return w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signed(A, b), body: b });
    }, 201],
  },
  {
    pattern: 'POST /v1/shops/:slug/sales/:id/refund', credential: "signature (v1 or v2) or API key of THAT shop, a sale of that shop, and with a signature a body naming that sale",
    without: [
      ['no signature, no key', (w) => w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`), 401],
      ['a made-up API key', (w) => w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: { authorization: 'Bearer nd_key_guess' } }), 401],
    ],
    other: [
      ["the other shop's signature", (w) => w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: w.signed('bakker', '{}'), body: '{}' }), 401],
      ["the other shop's API key", (w) => w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: w.bearer('bakker'), body: '{}' }), 401],
      // (kept for a sale of the other shop's own by that id, should one come: this shop's stays as it was)
      ["the other shop refunding this shop's sale on its own path", (w) => w.send('POST', `/v1/shops/bakker/sales/${A}-1/refund`, { headers: w.bearer('bakker'), body: '{}' }), 202],
      ["the shop's signature over a body naming no sale", (w) => w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: w.signed(A, '{"status":"refunded"}'), body: '{"status":"refunded"}' }), 400],
      ["the shop's signature over a refund of another of its sales", (w) => { const b = `{"id":"${A}-walk-in"}`; return w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: w.signed(A, b), body: b }); }, 400],
      ["the shop's signed sale body, replayed as its refund", (w) => { const b = JSON.stringify(saleBody({ id: `${A}-1` })); return w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: w.signed(A, b), body: b }); }, 400],
      ['a v2 signature made for the sale path', (w) => { const b = `{"id":"${A}-1"}`; return w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: w.signedV2(A, `/v1/shops/${A}/sales`, b), body: b }); }, 401],
      ["a v2 signature made for another sale's refund", (w) => { const b = `{"id":"${A}-1"}`; return w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: w.signedV2(A, `/v1/shops/${A}/sales/${A}-walk-in/refund`, b), body: b }); }, 401],
    ],
    right: ["that shop's API key, its v1 signature and its v2 signature over a body naming the sale", async (w) => {
      expect((await w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: w.bearer(A), body: '{"status":"refunded"}' })).status).toBe(200);
      const v1 = `{"id":"${A}-1","status":"refunded"}`;
      expect((await w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: w.signed(A, v1), body: v1 })).status).toBe(200);
      const b = `{"id":"${A}-1","status":"refunded"}`;
      return w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: w.signedV2(A, `/v1/shops/${A}/sales/${A}-1/refund`, b), body: b });
    }, 200, (_w, r) => void expect(JSON.parse(r.text)).toMatchObject({ status: 'refunded' })],
  },
  ...vendors.map((vendor): Route => ({
    pattern: 'POST /v1/shops/:slug/webhooks/:vendor', credential: `${vendor}'s own signature, made with THAT shop's ${vendor} signing key`,
    without: [
      ['no signature', (w) => { const d = vendorDelivery(vendor, vendorSecret(vendor, A), A); return w.send('POST', webhookPath(vendor), { headers: { 'content-type': d.headers['content-type']! }, body: d.body }); }, 401],
      ["the shop's Nextdeal-Signature instead", (w) => { const d = vendorDelivery(vendor, vendorSecret(vendor, A), A); return w.send('POST', webhookPath(vendor), { headers: { ...w.signed(A, d.body), 'content-type': d.headers['content-type']! }, body: d.body }); }, 401],
    ],
    other: [
      [`the other shop's ${vendor} key`, (w) => { const d = vendorDelivery(vendor, vendorSecret(vendor, 'bakker'), A); return w.send('POST', webhookPath(vendor), d); }, 401],
      [`another vendor's key of this shop`, (w) => { const d = vendorDelivery(vendor, vendorSecret(vendor === 'shopify' ? 'square' : 'shopify', A), A); return w.send('POST', webhookPath(vendor), d); }, 401],
      ...(vendor === 'shopify' ? [[
        "the other shop's key in Events' Shopify-Hmac-Sha256", (w: World) => {
          const d = vendorDelivery(vendor, vendorSecret(vendor, 'bakker'), A);
          const { 'x-shopify-hmac-sha256': hmac, ...headers } = d.headers;
          return w.send('POST', webhookPath(vendor), { headers: { ...headers, 'shopify-hmac-sha256': hmac! }, body: d.body });
        }, 401,
      ] as Req] : []),
    ],
    right: [`this shop's ${vendor} key${vendor === 'shopify' ? ' (in X-Shopify-Hmac-Sha256, and in Events\' Shopify-Hmac-Sha256)' : ''}`, async (w) => {
      if (vendor === 'shopify') {
        const d = vendorDelivery(vendor, vendorSecret(vendor, A), A);
        const { 'x-shopify-hmac-sha256': hmac, 'x-shopify-topic': topic, ...headers } = d.headers;
        const events = await w.send('POST', webhookPath(vendor), { headers: { ...headers, 'shopify-hmac-sha256': hmac!, 'shopify-topic': topic! }, body: d.body });
        expect(JSON.parse(events.text).results[0].saleId).toEqual(expect.any(Number));
      }
      return w.send('POST', webhookPath(vendor), vendorDelivery(vendor, vendorSecret(vendor, A), A));
    }, 200, (_w, r) => void expect(JSON.parse(r.text).results[0].saleId).toEqual(expect.any(Number))],
  })),

  // --- Twilio ----------------------------------------------------------------------------------------------------
  ...(['inbound', 'status'] as const).map((kind): Route => {
    const path = `/v1/twilio/${kind}`;
    const params = kind === 'inbound' ? twilioParams : statusParams;
    return {
      pattern: `POST ${path}`, credential: 'X-Twilio-Signature with TWILIO_AUTH_TOKEN over PUBLIC_URL + path and the form',
      without: [
        ['no signature', async (w) => { const r = await postTwilio(w.base, path, params(), ''); return { ...r, location: null, type: '', headers: new Headers() }; }, 403],
      ],
      other: [
        ['a signature with another auth token', async (w) => {
          const p = params();
          const r = await postTwilio(w.base, path, p, twilio.getExpectedTwilioSignature('another-auth-token', PUBLIC_URL + path, p));
          return { ...r, location: null, type: '', headers: new Headers() };
        }, 403],
        ['a signature made for the other Twilio path', async (w) => {
          const p = params();
          const r = await postTwilio(w.base, path, p, twilio.getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, `${PUBLIC_URL}/v1/twilio/${kind === 'inbound' ? 'status' : 'inbound'}`, p));
          return { ...r, location: null, type: '', headers: new Headers() };
        }, 403],
      ],
      right: ['the signature', async (w) => { const r = await postTwilio(w.base, path, params()); return { ...r, location: null, type: '', headers: new Headers() }; }, kind === 'inbound' ? 200 : 204],
    };
  }),

  // --- customers' links: an unguessable token that names nobody -----------------------------------------------------
  ...(['GET', 'POST'] as const).map((method): Route => ({
    pattern: `${method} /j/:token`, credential: 'the token of a confirmation (only its hash is stored), and for a number the code texted to it',
    without: [['a made-up token', (w) => w.send(method, `/j/${'A'.repeat(24)}`, { headers: FORM, body: method === 'POST' ? form({ code: '123456' }) : undefined }), 404]],
    other: [
      ['the stored hash of the token', (w) => w.send(method, `/j/${createHash('sha256').update(w.joins[A]!.token).digest('hex')}`, { headers: FORM, body: method === 'POST' ? form({ code: w.joins[A]!.code }) : undefined }), 404],
      ...(method === 'POST'
        ? ([['the token with a wrong code', (w) => w.send('POST', `/j/${w.joins[A]!.token}`, { headers: FORM, body: form({ code: w.joins[A]!.code === '000000' ? '111111' : '000000' }) }), 400]] as Req[])
        : []),
    ],
    right: [method === 'POST' ? 'the token and the code' : 'the token', (w) => w.send(method, `/j/${w.joins[A]!.token}`, { headers: FORM, body: method === 'POST' ? form({ code: w.joins[A]!.code }) : undefined }), 200,
      (_w, r) => void expect(r.text).toContain('Fietsenmaker Test')],
  })),
  ...(['GET', 'POST'] as const).flatMap((method): Route[] => [
    {
      pattern: `${method} /r/:token`, credential: 'the reply token of an e-mailed check-in (only its hash is stored)',
      without: [['a made-up token', (w) => w.send(method, `/r/${'A'.repeat(24)}`, { headers: FORM, body: method === 'POST' ? form({ answer: 'great' }) : undefined }), 404]],
      other: [
        ['the stored hash of the token', (w) => w.send(method, `/r/${createHash('sha256').update(w.tokens[A]!.reply).digest('hex')}`, { headers: FORM, body: method === 'POST' ? form({ answer: 'great' }) : undefined }), 404],
        ['the token with one character changed', (w) => { const t = w.tokens[A]!.reply; return w.send(method, `/r/${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`, { headers: FORM, body: method === 'POST' ? form({ answer: 'great' }) : undefined }); }, 404],
      ],
      right: ['the token', (w) => w.send(method, `/r/${w.tokens[A]!.reply}`, { headers: FORM, body: method === 'POST' ? form({ answer: 'great' }) : undefined }), 200,
        (_w, r) => void expect(r.text).toContain('Fietsenmaker Test')],
    },
    {
      pattern: `${method} /u/:token`, credential: 'the unsubscribe token of an e-mail',
      without: [['a made-up token', (w) => w.send(method, `/u/${'A'.repeat(24)}`), 404]],
      other: [
        ['the stored hash of the token', (w) => w.send(method, `/u/${createHash('sha256').update(w.tokens[A]!.unsubscribe).digest('hex')}`), 404],
        ['the token with one character changed', (w) => { const t = w.tokens[A]!.unsubscribe; return w.send(method, `/u/${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`); }, 404],
      ],
      right: ['the token', (w) => w.send(method, `/u/${w.tokens[A]!.unsubscribe}`), 200, async (w) => {
        const optedOut = await value(w.store.db, 'SELECT email_opted_out_at FROM customers WHERE email = ?', `klant@${A}.example.com`);
        if (method === 'POST') expect(optedOut).not.toBeNull();
        else expect(optedOut).toBeNull(); // a link scanner opening the page unsubscribes nobody
      }],
    },
    {
      pattern: `${method} /c/:code`, credential: "a sale's consent code (single use, 7 days)",
      without: [['a made-up code', (w) => w.send(method, '/c/zzzzzzzzzz', { headers: FORM, body: method === 'POST' ? form({ phone: '06 55555555', sms: 'yes' }) : undefined }), 404]],
      other: [['a code used already (the other shop\'s)', (w) => w.send(method, `/c/${w.codes.bakker}`, { headers: FORM, body: method === 'POST' ? form({ phone: '06 55555555', sms: 'yes' }) : undefined }), 410]],
      right: ['the code', (w) => w.send(method, `/c/${w.codes[A]}`, { headers: FORM, body: method === 'POST' ? form({ phone: '06 55555555', sms: 'yes' }) : undefined }), 200],
    },
  ]),

  // --- the owner: a session of THAT shop (+ the CSRF token for forms) ------------------------------------------------
  {
    pattern: 'POST /login', credential: "the login form's CSRF cookie and token, and THAT shop's password",
    without: [['no CSRF cookie or token', (w) => w.send('POST', '/login', { headers: FORM, body: form({ slug: A, password: PASSWORD.fietsenmaker }) }), 403]],
    other: [
      ["the other shop's password", async (w) => {
        const c = ownerClient(w.base);
        const r = await c.post('/login', { _csrf: c.csrfIn(await (await c.get('/login')).text()), slug: A, password: PASSWORD.bakker, next: '' });
        return { status: r.status, location: r.headers.get('location'), type: '', headers: r.headers, text: await r.text() };
      }, 401],
      ['another CSRF token than the cookie', async (w) => {
        const c = ownerClient(w.base);
        await c.get('/login');
        const r = await c.post('/login', { _csrf: 'x'.repeat(32), slug: A, password: PASSWORD.fietsenmaker, next: '' });
        return { status: r.status, location: r.headers.get('location'), type: '', headers: r.headers, text: await r.text() };
      }, 403],
    ],
    right: ['CSRF and the password', async (w) => {
      const r = await ownerClient(w.base).logIn(A, PASSWORD.fietsenmaker);
      return { status: r.status, location: r.headers.get('location'), type: '', headers: r.headers, text: await r.text() };
    }, 303, (_w, r) => {
      expect(r.location).toBe(`/shops/${A}`);
      expect(r.headers.getSetCookie().some((c) => /^nd_session=[\w-]{20,}/.test(c))).toBe(true);
    }],
  },
  {
    pattern: 'POST /logout', credential: 'the session and its CSRF token (without a session it only clears the cookie)',
    without: [['the session without its CSRF token', (w) => w.send('POST', '/logout', { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: '' }), 403]],
    other: [["the other shop's CSRF token", (w) => w.send('POST', '/logout', { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf }) }), 403]],
    right: ['session and CSRF token', (w) => w.send('POST', '/logout', { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf }) }), 303, async (w, r) => {
      expect(r.location).toBe('/login');
      expect((await w.send('GET', `/shops/${A}`, { headers: w.owner(A) })).status).toBe(303); // the session has ended
    }],
  },
  {
    pattern: 'GET /shops/:slug', credential: 'an owner session of THAT shop',
    without: [['no session', (w) => w.send('GET', `/shops/${A}?q=Klant`, { headers: { accept: 'text/html' } }), 'login'], ['a made-up session', (w) => w.send('GET', `/shops/${A}`, { headers: { cookie: 'nd_session=made-up', accept: 'text/html' } }), 'login']],
    other: [["the other shop's session", (w) => w.send('GET', `/shops/${A}`, { headers: w.owner('bakker') }), 'login']], // to the login for this shop
    right: ['the session', (w) => w.send('GET', `/shops/${A}`, { headers: w.owner(A) }), 200, (_w, r) => void expect(r.text).toContain('Fietsenmaker Test')],
  },
  ...['cohorts', 'replies', 'messages', 'experiment'].map((name): Route => ({
    pattern: `GET /shops/:slug/${name}.csv`, credential: 'an owner session of THAT shop',
    without: [['no session', (w) => w.send('GET', `/shops/${A}/${name}.csv`), 401]],
    other: [["the other shop's session", (w) => w.send('GET', `/shops/${A}/${name}.csv`, { headers: w.owner('bakker') }), 404]],
    right: ['the session', (w) => w.send('GET', `/shops/${A}/${name}.csv`, { headers: w.owner(A) }), 200, (_w, r) => void expect(r.type).toMatch(/^text\/csv/)],
  })),
  ...['replies', 'messages', 'waiting'].map((name): Route => ({
    pattern: `GET /shops/:slug/${name}`, credential: 'an owner session of THAT shop',
    without: [['no session', (w) => w.send('GET', `/shops/${A}/${name}`, { headers: { accept: 'text/html' } }), 'login']],
    other: [["the other shop's session", (w) => w.send('GET', `/shops/${A}/${name}`, { headers: w.owner('bakker') }), 'login']],
    right: ['the session', (w) => w.send('GET', `/shops/${A}/${name}`, { headers: w.owner(A) }), 200, (_w, r) => void expect(r.text).toContain('Fietsenmaker Test')],
  })),
  {
    pattern: 'POST /shops/:slug/replies/:id/reading', credential: 'an owner session of THAT shop, its CSRF token, and a reply of that shop',
    without: [
      ['no session', (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/reading`, { headers: FORM, body: form({ _csrf: w.sessions[A]!.csrf, reading: 'positive' }) }), 'login'], // a tap on a page left open past the session: to the login, and back
      ['the session without its CSRF token', (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/reading`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ reading: 'positive' }) }), 403],
    ],
    other: [
      ["the other shop's session and CSRF token", (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/reading`, { headers: { ...FORM, cookie: w.sessions.bakker!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf, reading: 'positive' }) }), 'login'], // a tap on its page open in another tab: not done, to the login for this shop
      ["this session with the other shop's CSRF token", (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/reading`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf, reading: 'positive' }) }), 403],
      ["the other shop's reply, on this shop's path", (w) => w.send('POST', `/shops/${A}/replies/${w.replyId('bakker')}/reading`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf, reading: 'positive' }) }), 404],
    ],
    right: ['session, CSRF token, own reply', (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/reading`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf, reading: 'positive' }) }), 303,
      async (w) => void expect(await one(w.store.db, 'SELECT class, CASE WHEN corrected_at IS NOT NULL THEN 1 ELSE 0 END AS corrected FROM replies WHERE id = ?', w.replyId(A))).toEqual({ class: 'positive', corrected: 1 })],
  },
  {
    pattern: 'POST /shops/:slug/holdout', credential: 'an owner session of THAT shop, and its CSRF token',
    without: [
      ['no session', (w) => w.send('POST', `/shops/${A}/holdout`, { headers: FORM, body: form({ _csrf: w.sessions[A]!.csrf, holdout: '50' }) }), 'login'], // a tap on a page left open past the session: to the login, and back
      ['the session without its CSRF token', (w) => w.send('POST', `/shops/${A}/holdout`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ holdout: '50' }) }), 403],
    ],
    other: [
      ["the other shop's session and CSRF token", (w) => w.send('POST', `/shops/${A}/holdout`, { headers: { ...FORM, cookie: w.sessions.bakker!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf, holdout: '50' }) }), 'login'], // a tap on its page open in another tab: not done, to the login for this shop
      ["this session with the other shop's CSRF token", (w) => w.send('POST', `/shops/${A}/holdout`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf, holdout: '50' }) }), 403],
    ],
    right: ['session and CSRF token', (w) => w.send('POST', `/shops/${A}/holdout`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf, holdout: '50' }) }), 303,
      async (w) => void expect(await value(w.store.db, 'SELECT holdout FROM shops WHERE slug = ?', A)).toBe(50)],
  },
  {
    pattern: 'POST /shops/:slug/formal', credential: 'an owner session of THAT shop, and its CSRF token',
    without: [
      ['no session', (w) => w.send('POST', `/shops/${A}/formal`, { headers: FORM, body: form({ _csrf: w.sessions[A]!.csrf, formal: 'on' }) }), 'login'], // a tap on a page left open past the session: to the login, and back
      ['the session without its CSRF token', (w) => w.send('POST', `/shops/${A}/formal`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ formal: 'on' }) }), 403],
    ],
    other: [
      ["the other shop's session and CSRF token", (w) => w.send('POST', `/shops/${A}/formal`, { headers: { ...FORM, cookie: w.sessions.bakker!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf, formal: 'on' }) }), 'login'], // a tap on its page open in another tab: not done, to the login for this shop
      ["this session with the other shop's CSRF token", (w) => w.send('POST', `/shops/${A}/formal`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf, formal: 'on' }) }), 403],
    ],
    right: ['session and CSRF token', (w) => w.send('POST', `/shops/${A}/formal`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf, formal: 'on' }) }), 303,
      async (w) => void expect(await value(w.store.db, 'SELECT formal FROM shops WHERE slug = ?', A)).toBe(1)],
  },
  {
    pattern: 'POST /shops/:slug/messages/:id/:how', credential: 'an owner session of THAT shop, its CSRF token, and a message of that shop in doubt',
    without: [
      ['no session', (w) => w.send('POST', `/shops/${A}/messages/${w.inDoubt(A)}/resend`, { headers: FORM, body: form({ _csrf: w.sessions[A]!.csrf }) }), 'login'], // a tap on a page left open past the session: to the login, and back
      ['the session without its CSRF token', (w) => w.send('POST', `/shops/${A}/messages/${w.inDoubt(A)}/resend`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: '' }), 403],
    ],
    other: [
      ["the other shop's session and CSRF token", (w) => w.send('POST', `/shops/${A}/messages/${w.inDoubt(A)}/resend`, { headers: { ...FORM, cookie: w.sessions.bakker!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf }) }), 'login'], // a tap on its page open in another tab: not done, to the login for this shop
      ["this session with the other shop's CSRF token", (w) => w.send('POST', `/shops/${A}/messages/${w.inDoubt(A)}/resend`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf }) }), 403],
      ["the other shop's message, on this shop's path", (w) => w.send('POST', `/shops/${A}/messages/${w.inDoubt('bakker')}/resend`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf }) }), 404],
    ],
    right: ['session, CSRF token, own message in doubt', (w) => w.send('POST', `/shops/${A}/messages/${w.inDoubt(A)}/arrived`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf }) }), 303,
      async (w) => void expect(await value(w.store.db, 'SELECT status FROM messages WHERE id = ?', w.inDoubt(A))).toBe('sent')],
  },
  {
    pattern: 'POST /shops/:slug/replies/:id/reopen', credential: 'an owner session of THAT shop, its CSRF token, and a handled reply of that shop',
    without: [
      ['no session', (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/reopen`, { headers: FORM, body: form({ _csrf: w.sessions[A]!.csrf }) }), 'login'], // a tap on a page left open past the session: to the login, and back
      ['the session without its CSRF token', (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/reopen`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: '' }), 403],
    ],
    other: [
      ["the other shop's session and CSRF token", (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/reopen`, { headers: { ...FORM, cookie: w.sessions.bakker!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf }) }), 'login'], // a tap on its page open in another tab: not done, to the login for this shop
      ["this session with the other shop's CSRF token", (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/reopen`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf }) }), 403],
      ["the other shop's reply, on this shop's path", (w) => w.send('POST', `/shops/${A}/replies/${w.replyId('bakker')}/reopen`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf }) }), 404],
    ],
    right: ['session, CSRF token, own handled reply', async (w) => {
      await w.store.replies.handle(w.shops[A].shop, w.replyId(A), w.clock.now());
      return w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/reopen`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf }) });
    }, 303, async (w) => void expect(await value(w.store.db, 'SELECT handled_at FROM replies WHERE id = ?', w.replyId(A))).toBeNull()],
  },
  {
    pattern: 'POST /shops/:slug/replies/:id/handled', credential: 'an owner session of THAT shop, its CSRF token, and a reply of that shop',
    without: [
      ['no session', (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/handled`, { headers: FORM, body: form({ _csrf: w.sessions[A]!.csrf }) }), 'login'], // a tap on a page left open past the session: to the login, and back
      ['the session without its CSRF token', (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/handled`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: '' }), 403],
    ],
    other: [
      ["the other shop's session and CSRF token", (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/handled`, { headers: { ...FORM, cookie: w.sessions.bakker!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf }) }), 'login'], // a tap on its page open in another tab: not done, to the login for this shop
      ["this session with the other shop's CSRF token", (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/handled`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf }) }), 403],
      ["the other shop's reply, on this shop's path", (w) => w.send('POST', `/shops/${A}/replies/${w.replyId('bakker')}/handled`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf }) }), 404],
    ],
    right: ['session, CSRF token, own reply', (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/handled`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf }) }), 303,
      async (w) => void expect(await value(w.store.db, 'SELECT handled_at FROM replies WHERE id = ?', w.replyId(A))).not.toBeNull()],
  },
  {
    pattern: 'POST /shops/:slug/replies/:id/opt-out', credential: 'an owner session of THAT shop, its CSRF token, and a reply of that shop',
    without: [
      ['no session', (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/opt-out`, { headers: FORM, body: form({ _csrf: w.sessions[A]!.csrf }) }), 'login'], // a tap on a page left open past the session: to the login, and back
      ['the session without its CSRF token', (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/opt-out`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: '' }), 403],
    ],
    other: [
      ["the other shop's session and CSRF token", (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/opt-out`, { headers: { ...FORM, cookie: w.sessions.bakker!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf }) }), 'login'], // a tap on its page open in another tab: not done, to the login for this shop
      ["this session with the other shop's CSRF token", (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/opt-out`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions.bakker!.csrf }) }), 403],
      ["the other shop's reply, on this shop's path", (w) => w.send('POST', `/shops/${A}/replies/${w.replyId('bakker')}/opt-out`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf }) }), 404],
    ],
    right: ['session, CSRF token, own reply', (w) => w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/opt-out`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf }) }), 303,
      async (w) => void expect(await value(w.store.db, 'SELECT c.sms_opted_out_at FROM replies r JOIN customers c ON c.id = r.customer_id WHERE r.id = ?', w.replyId(A))).not.toBeNull()],
  },
];

function expectRefused(r: Res, expected: Expect, what: string) {
  if (expected === 'login') {
    expect(r.status, what).toBe(303);
    expect(r.location, what).toMatch(/^\/login\?next=/);
    expect(r.text, what).not.toMatch(/Fietsenmaker Test|Klant fietsenmaker|kapot/); // nothing of the shop before the login
  } else {
    expect(r.status, `${what}: ${r.text.slice(0, 200)}`).toBe(expected);
  }
}

describe('every route, and the credential it asks for', () => {
  it('the table lists every route the source declares', () => {
    const declared = new Set<string>();
    for (const file of sourceFiles(join(process.cwd(), 'src/http'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\.(get|post|put|patch|delete|all)\(\s*'(\/[^']*)'/g)) declared.add(`${m[1]!.toUpperCase()} ${m[2]}`);
    }
    const listed = new Set(ROUTES.map((r) => r.pattern));
    expect([...declared].filter((d) => !listed.has(d)), 'routes missing from the table').toEqual([]);
    expect([...listed].filter((l) => !declared.has(l)), 'rows for routes that do not exist').toEqual([]);
  });

  for (const route of ROUTES) {
    it(`${route.pattern}: ${route.credential}`, async () => {
      const w = await world();
      const before = await w.snapshot();
      for (const [label, go, expected] of route.without) expectRefused(await go(w), expected, `${route.pattern} without the credential (${label})`);
      for (const [label, go, expected] of route.other) expectRefused(await go(w), expected, `${route.pattern} with ${label}`);
      expect((await w.snapshot()) === before, `${route.pattern}: a refused request changed the database`).toBe(true);
      const [label, go, expected, then] = route.right;
      const r = await go(w);
      expect(r.status, `${route.pattern} with ${label}: ${r.text.slice(0, 300)}`).toBe(expected);
      await then?.(w, r);
    });
  }
});

describe("a form of another shop's page, tapped with this shop's session (an owner of two, the other shop's page left open in a tab)", () => {
  it('does nothing, is answered as a tap at a name that is no shop, and the login it leads to shows nothing of that shop', async () => {
    const w = await world();
    const taps = (slug: string) => [
      `/shops/${slug}/replies/${w.replyId(A)}/handled?back=inbox&reading=open`, `/shops/${slug}/replies/${w.replyId(A)}/reopen`,
      `/shops/${slug}/replies/${w.replyId(A)}/opt-out`, `/shops/${slug}/replies/${w.replyId(A)}/reading`,
      `/shops/${slug}/messages/${w.inDoubt(A)}/resend`, `/shops/${slug}/holdout`, `/shops/${slug}/formal`,
    ];
    const bakker = { ...FORM, cookie: w.sessions.bakker!.cookie, 'accept-language': 'nl' };
    // Every field any of the forms has, with the CSRF token of the session the browser has (the page's was of the ended one).
    const body = form({ _csrf: w.sessions.bakker!.csrf, reading: 'positive', holdout: '50', formal: 'on' });
    // (Followed as a browser does from a tap on the page: Sec-Fetch-Site same-origin.)
    const login = async (r: Res) => (await w.send('GET', r.location!, { headers: { ...bakker, 'sec-fetch-site': 'same-origin' } })).text.replace(/name="_csrf" value="[^"]*"/, '');
    const before = await w.snapshot();
    for (const [i, path] of taps(A).entries()) {
      const shop = await w.send('POST', path, { headers: bakker, body });
      const nobody = await w.send('POST', taps('niemand')[i]!, { headers: bakker, body });
      expect([shop.status, shop.location], path).toEqual([303, expect.stringMatching(/^\/login\?next=%2Fshops%2Ffietsenmaker(%2F|%23)[^&]*&lost=1$/)]);
      expect([nobody.status, nobody.location], path).toEqual([303, shop.location!.replace('fietsenmaker', 'niemand')]);
      const page = await login(shop);
      expect(page, path).toContain('Je bent ingelogd bij Bakker Jansen; de pagina waarop je tikte is van een andere winkel, dus je tik is niet uitgevoerd.');
      expect(page, path).not.toMatch(/Fietsenmaker Test|Klant fietsenmaker|kapot/);
      expect(page.replaceAll('fietsenmaker', 'niemand'), path).toBe(await login(nobody));
    }
    expect((await w.snapshot()) === before, 'a tap with the other shop\'s session changed the database').toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('signatures cannot be replayed or moved', () => {
  it('a signature 301 seconds old (or ahead) is refused; 299 seconds old still works', async () => {
    const w = await world();
    const now = Math.floor(w.clock.now() / 1000);
    for (const t of [now - 301, now + 301]) {
      const b = saleJson();
      const r = await w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signed(A, b, t), body: b });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.text).message).toMatch(/300 seconds/);
    }
    const b = saleJson();
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signed(A, b, now - 299), body: b })).status).toBe(201);
    // a captured request replayed later: the same bytes and header, six minutes on
    const captured = saleJson();
    const headers = w.signed(A, captured, now);
    w.clock.advance(301_000);
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers, body: captured })).status).toBe(401);
  });

  it('a correct signature over another body is refused, for the sale, the refund and a till', async () => {
    const w = await world();
    const signedBody = saleJson();
    const other = saleJson();
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signed(A, signedBody), body: other })).status).toBe(401);
    expect((await w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: w.signed(A, '{"status":"voided"}'), body: '{"status":"refunded"}' })).status).toBe(401);
    const a = vendorDelivery('shopify', vendorSecret('shopify', A), A);
    const b = vendorDelivery('shopify', vendorSecret('shopify', A), A);
    expect((await w.send('POST', webhookPath('shopify'), { headers: a.headers, body: b.body })).status).toBe(401);
    const p = twilioParams();
    const sig = twilio.getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, `${PUBLIC_URL}/v1/twilio/inbound`, p);
    expect((await postTwilio(w.base, '/v1/twilio/inbound', { ...p, Body: 'STOP' }, sig)).status).toBe(403);
    expect(await value(w.store.db, "SELECT count(*) FROM sales WHERE status = 'completed'")).toBe(4); // the world's sales, unchanged
  });

  it('a signed sale body cannot be replayed as its refund, nor a refund as another sale\'s; a v2 signature works only where it was made for', async () => {
    const w = await world();
    const before = await w.snapshot();
    const refundPath = `/v1/shops/${A}/sales/${A}-1/refund`;
    // The sale body a till signed (v1) for /sales, replayed within the 300 s to the refund of that same sale.
    const sale = JSON.stringify(saleBody({ id: `${A}-1`, customer: { name: `Klant ${A}`, email: `klant@${A}.example.com`, consent: { email: true } } }));
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signed(A, sale), body: sale })).status).toBe(200); // the repeat of the world's sale
    const replayed = await w.send('POST', refundPath, { headers: w.signed(A, sale), body: sale });
    expect(replayed.status).toBe(400);
    expect(JSON.parse(replayed.text).issues).toContainEqual(expect.objectContaining({ field: 'occurredAt' }));
    // A refund signed for one sale, moved to another.
    const other = `{"id":"${A}-walk-in"}`;
    expect((await w.send('POST', refundPath, { headers: w.signed(A, other), body: other })).status).toBe(400);
    // v2 binds method and path: the same body and signature on another path is refused.
    const body = `{"id":"${A}-1"}`;
    const v2 = w.signedV2(A, `/v1/shops/${A}/sales/${A}-walk-in/refund`, body);
    expect((await w.send('POST', refundPath, { headers: v2, body })).status).toBe(401);
    expect((await w.snapshot()) === before, 'a refused replay changed the database').toBe(true);
  });

  it("Zettle's unsigned TestMessage is the one exception to signing: answered 200 as ignored, and it stores nothing", async () => {
    const w = await world();
    const before = await w.snapshot();
    const body = JSON.stringify({ eventName: 'TestMessage', messageId: 'x', payload: { data: 'PurchaseCreated', purchaseUuid: 'z-forged' } });
    const r = await w.send('POST', webhookPath('zettle'), { headers: { 'content-type': 'application/json' }, body });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toHaveProperty('ignored');
    expect((await w.snapshot()) === before).toBe(true);
  });

  it('Twilio webhooks are refused with 403 when no TWILIO_AUTH_TOKEN is configured', async () => {
    const store = await testStore();
    const base = await startApp(store, Date.now, { twilioAuthToken: undefined });
    expect((await postTwilio(base, '/v1/twilio/inbound', twilioParams())).status).toBe(403);
    expect((await postTwilio(base, '/v1/twilio/status', statusParams())).status).toBe(403);
  });
});

describe('guessing is limited', () => {
  it('60 failed webhook authentications for one shop from one address, then 429 there; other shops and Twilio go on', async () => {
    const w = await world();
    for (let i = 0; i < 60; i++) {
      const path = i % 2 === 0 ? webhookPath('shopify') : `/v1/shops/${A}/sales`;
      const r = await w.send('POST', path, { headers: { 'content-type': 'application/json', 'nextdeal-signature': `t=${Math.floor(w.clock.now() / 1000)},v1=${i.toString(16).padStart(64, '0')}`, 'x-shopify-hmac-sha256': 'guess' }, body: saleJson() });
      expect([401, 403], `attempt ${i + 1}`).toContain(r.status);
    }
    const limited = await w.send('POST', `/v1/shops/${A}/sales`, { headers: { 'content-type': 'application/json', 'nextdeal-signature': 't=1,v1=00' }, body: saleJson() });
    expect(limited.status).toBe(429);
    expect(JSON.parse(limited.text)).toMatchObject({ error: 'too_many_requests', message: expect.any(String) });
    expect(limited.headers.get('ratelimit-policy') ?? limited.headers.get('ratelimit')).toBeTruthy();
    // Someone guessing at one shop does not lock the other shop's till out, nor Twilio.
    const other = saleJson();
    expect((await w.send('POST', '/v1/shops/bakker/sales', { headers: w.signed('bakker', other), body: other })).status).toBe(201);
    expect((await postTwilio(w.base, '/v1/twilio/inbound', twilioParams(), 'guess')).status).toBe(403);
    for (let i = 0; i < 60; i++) await postTwilio(w.base, '/v1/twilio/inbound', twilioParams(), 'guess');
    expect((await postTwilio(w.base, '/v1/twilio/inbound', twilioParams(), 'guess')).status).toBe(429);
  });

  it('past the limit, the shop spelled with percent-encoding in the path is the same shop, and still refused', async () => {
    const w = await world();
    const guess = (path: string) =>
      w.send('POST', path, { headers: { 'content-type': 'application/json', 'nextdeal-signature': `t=${Math.floor(w.clock.now() / 1000)},v1=${'0'.repeat(64)}` }, body: saleJson() });
    for (let i = 0; i < 60; i++) expect((await guess(`/v1/shops/${A}/sales`)).status).toBe(401);
    expect((await guess(`/v1/shops/${A}/sales`)).status).toBe(429);
    // The route reads both as the same shop (a forgery is checked against its secret: 401, not 404), and so does the limit.
    expect((await guess(`/v1/shops/${A.slice(0, -1)}%${A.charCodeAt(A.length - 1).toString(16)}/sales`)).status).toBe(429);
    expect((await guess(`/v1/shops/%${A.charCodeAt(0).toString(16)}${A.slice(1)}/sales`)).status).toBe(429);
  });

  it('past the limit, correctly signed requests from that address are answered as always; only failing ones get 429', async () => {
    const w = await world();
    const guess = { 'content-type': 'application/json', 'nextdeal-signature': `t=${Math.floor(w.clock.now() / 1000)},v1=${'0'.repeat(64)}` };
    for (let i = 0; i < 60; i++) expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: guess, body: saleJson() })).status).toBe(401);
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: guess, body: saleJson() })).status).toBe(429);
    const b = saleJson();
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signed(A, b), body: b })).status).toBe(201);
    const v2 = saleJson();
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signedV2(A, `/v1/shops/${A}/sales`, v2), body: v2 })).status).toBe(201);
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: w.bearer(A), body: saleJson() })).status).toBe(201);
    for (const vendor of vendors) expect((await w.send('POST', webhookPath(vendor), vendorDelivery(vendor, vendorSecret(vendor, A), A))).status, vendor).toBe(200);
    const refund = `{"id":"${A}-1"}`;
    expect((await w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: w.signed(A, refund), body: refund })).status).toBe(200);
    // ... and a failing one, of any kind, is still refused
    const limited = await w.send('POST', webhookPath('shopify'), { headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': 'guess' }, body: '{}' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('www-authenticate')).toBeNull();
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: w.bearer('bakker'), body: saleJson() })).status).toBe(429);
  });

  // The limit keeps the app's time, as the signatures do: a till's clock ahead and set back, or the server's, must not
  // lock a shop's till out for as long as the clock had jumped.
  it("an address past the limit may try again once 15 minutes from its first failure are over, by the server's clock", async () => {
    const w = await world();
    const guess = () => ({ 'content-type': 'application/json', 'nextdeal-signature': `t=${Math.floor(w.clock.now() / 1000)},v1=${'0'.repeat(64)}` });
    for (let i = 0; i < 60; i++) expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: guess(), body: saleJson() })).status).toBe(401);
    w.clock.advance(15 * 60_000 - 1000);
    const limited = await w.send('POST', `/v1/shops/${A}/sales`, { headers: guess(), body: saleJson() });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    w.clock.advance(1000);
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: guess(), body: saleJson() })).status).toBe(401);
  });

  it('a count begun while the clock was a day ahead ends once it is set back', async () => {
    const w = await world();
    const guess = () => ({ 'content-type': 'application/json', 'nextdeal-signature': `t=${Math.floor(w.clock.now() / 1000)},v1=${'0'.repeat(64)}` });
    w.clock.advance(86_400_000);
    for (let i = 0; i < 60; i++) expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: guess(), body: saleJson() })).status).toBe(401);
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: guess(), body: saleJson() })).status).toBe(429);
    w.clock.advance(-86_400_000);
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: guess(), body: saleJson() })).status).toBe(401);
  });

  it('a clock set back by a second (NTP) keeps the count: the guesser gets no new 60 (frv49g)', async () => {
    const w = await world();
    const guess = () => ({ 'content-type': 'application/json', 'nextdeal-signature': `t=${Math.floor(w.clock.now() / 1000)},v1=${'0'.repeat(64)}` });
    for (let i = 0; i < 60; i++) expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: guess(), body: saleJson() })).status).toBe(401);
    w.clock.advance(-1000);
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: guess(), body: saleJson() })).status).toBe(429);
  });

  it('a failure whose body comes after its window ended is answered as it is, not 429 with a wait still to come (frv49g)', async () => {
    const w = await world();
    for (let i = 0; i < 60; i++) expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' }, body: '{}' })).status).toBe(401);
    w.clock.advance(14 * 60_000);
    // The headers at 14 minutes (past the limit), the body once the window is over.
    const port = Number(new URL(w.base).port);
    const answer = await new Promise<string>((done, fail) => {
      const s = connect(port, '127.0.0.1', () => {
        s.write(`POST /v1/shops/${A}/sales HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer wrong\r\nContent-Length: 2\r\nConnection: close\r\n\r\n`);
        setTimeout(() => void (w.clock.advance(2 * 60_000), s.write('{}')), 300);
      });
      let got = '';
      s.on('data', (d) => (got += d));
      s.on('end', () => done(got.split('\r\n')[0]!));
      s.on('error', fail);
    });
    expect(answer).toBe('HTTP/1.1 401 Unauthorized');
  });

  it("made-up shop names longer than any slug share one count: one address cannot fill the memory with long keys (frv49g)", async () => {
    const w = await world();
    // A body too large (413) is refused before any shop is looked for: a small gzip that inflates past 1 MiB.
    const tooLarge = (name: string) => fetch(`${w.base}/v1/shops/${name}/sales`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: 'Bearer wrong' }, body: gzipSync(Buffer.alloc(1024 * 1024 + 10, 0x20)),
    });
    const long = 'a'.repeat(200);
    for (let i = 0; i < 60; i++) expect((await tooLarge(`${long}${i}`)).status).toBe(413);
    expect((await tooLarge(`${long}x`)).status).toBe(429);
    expect((await tooLarge(A)).status).toBe(413); // a shop's own count is its own
  });

  it('successful webhook requests do not count towards the limit', async () => {
    const w = await world();
    for (let i = 0; i < 70; i++) {
      const b = saleJson();
      expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signed(A, b), body: b })).status).toBe(201);
    }
  });

  it('4 failed logins from one address, then that address waits (429) before its next attempt is looked at', async () => {
    const w = await world();
    const c = ownerClient(w.base);
    for (let i = 0; i < 4; i++) expect((await c.logIn(A, `wrong password ${i}`)).status).toBe(401);
    expect((await c.logIn(A, PASSWORD.fietsenmaker)).status).toBe(429);
  });
});

describe('security headers', () => {
  it('every kind of answer carries a script-free CSP, nosniff and no framing, and no X-Powered-By or ETag', async () => {
    const w = await world();
    const answers = await Promise.all([
      w.send('GET', '/login'),
      w.send('GET', '/healthz'),
      w.send('GET', '/nothing-here', { headers: { accept: 'text/html' } }),
      w.send('GET', '/nothing-here', { headers: { accept: 'application/json' } }),
      w.send('POST', `/v1/shops/${A}/sales`, { headers: { 'content-type': 'application/json' }, body: '{}' }),
      w.send('GET', `/r/${w.tokens[A]!.reply}`),
      w.send('GET', `/shops/${A}`, { headers: w.owner(A) }),
      w.send('GET', `/shops/${A}/messages.csv`, { headers: w.owner(A) }),
      w.send('GET', `/shops/${A}/join/poster`),
      w.send('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }),
    ]);
    for (const r of answers) {
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, `CSP on a ${r.status} ${r.type}`).toMatch(/(^|;)\s*script-src 'none'/);
      expect(csp).toMatch(/default-src 'self'/);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options') === 'SAMEORIGIN' || r.headers.get('x-frame-options') === 'DENY' || /frame-ancestors 'none'/.test(csp)).toBe(true);
      expect(r.headers.get('x-powered-by')).toBeNull();
      expect(r.headers.get('x-request-id')).toMatch(/^[\w.-]{1,64}$/);
      expect(r.headers.get('etag'), `ETag on a ${r.status} ${r.type}`).toBeNull(); // every answer is made for its request
    }
  });

  it('HSTS is sent when PUBLIC_URL is https', async () => {
    const w = await world();
    expect((await w.send('GET', '/login')).headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });
});

describe('body size limits', () => {
  /** A valid sale padded (an unknown field is ignored) to exactly `bytes` bytes. */
  const padded = (bytes: number) => {
    const body = JSON.parse(saleJson()) as Record<string, unknown>;
    const bare = JSON.stringify({ ...body, pad: '' });
    return JSON.stringify({ ...body, pad: 'x'.repeat(bytes - Buffer.byteLength(bare)) });
  };

  it('a sale of exactly 1 MiB is taken; one byte more is 413', async () => {
    const w = await world();
    const fits = padded(1_048_576);
    expect(Buffer.byteLength(fits)).toBe(1_048_576);
    expect((await w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signed(A, fits), body: fits })).status).toBe(201);
    const over = padded(1_048_577);
    const r = await w.send('POST', `/v1/shops/${A}/sales`, { headers: w.signed(A, over), body: over });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text)).toMatchObject({ error: 'too_large', message: expect.any(String) });
    const refund = await w.send('POST', `/v1/shops/${A}/sales/${A}-1/refund`, { headers: w.signed(A, over), body: over });
    expect(refund.status).toBe(413);
  });

  it('a Twilio form over 64 KiB is 413', async () => {
    const w = await world();
    const params = { ...twilioParams(), Body: 'x'.repeat(66_000) };
    const r = await postTwilio(w.base, '/v1/twilio/inbound', params);
    expect(r.status).toBe(413);
    expect((await postTwilio(w.base, '/v1/twilio/status', { ...statusParams(), Pad: 'x'.repeat(66_000) })).status).toBe(413);
  });

  it('a login form over 4 KiB is 413, and so are owner forms', async () => {
    const w = await world();
    const c = ownerClient(w.base);
    const csrf = c.csrfIn(await (await c.get('/login')).text());
    expect((await c.post('/login', { _csrf: csrf, slug: A, password: 'x'.repeat(5000), next: '' })).status).toBe(413);
    const handled = await w.send('POST', `/shops/${A}/replies/${w.replyId(A)}/handled`, { headers: { ...FORM, cookie: w.sessions[A]!.cookie }, body: form({ _csrf: w.sessions[A]!.csrf, pad: 'x'.repeat(5000) }) });
    expect(handled.status).toBe(413);
  });

  it('customer forms: the consent page over 8 KiB and the reply page over 16 KiB are 413', async () => {
    const w = await world();
    expect((await w.send('POST', `/shops/${A}/join`, { headers: FORM, body: form({ phone: '06 11223344', sms: 'yes', reason: 'x'.repeat(9000) }) })).status).toBe(413);
    expect((await w.send('POST', `/r/${w.tokens[A]!.reply}`, { headers: FORM, body: form({ answer: 'great', comment: 'x'.repeat(17_000) }) })).status).toBe(413);
  });

  it('a Shopify order up to 10 MiB is read (Shopify sends orders past a megabyte); over 10 MiB is 413', async () => {
    const w = await world();
    const secret = vendorSecret('shopify', A);
    const deliver = (bytes: number) => {
      const order = JSON.parse(vendorDelivery('shopify', secret, A).body) as Record<string, unknown>;
      const bare = JSON.stringify({ ...order, note: '' });
      const body = JSON.stringify({ ...order, note: 'x'.repeat(bytes - Buffer.byteLength(bare)) });
      return w.send('POST', webhookPath('shopify'), {
        headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64') },
        body,
      });
    };
    expect((await deliver(1_048_577)).status).toBe(200);
    expect((await deliver(10_485_760)).status).toBe(200);
    const over = await deliver(10_485_761);
    expect(over.status).toBe(413);
    expect(JSON.parse(over.text)).toMatchObject({ error: 'too_large' });
  });

  it('the other tills: up to 1 MiB, and Zettle, whose envelope is read before its signature, up to 256 KiB', async () => {
    const w = await world();
    const padded = (vendor: Vendor, bytes: number): { body: string; headers: Record<string, string> } => {
      const secret = vendorSecret(vendor, A);
      if (vendor === 'zettle') {
        const e = JSON.parse(vendorDelivery('zettle', secret, A).body) as { payload: string; timestamp: string };
        const bare = JSON.stringify({ ...e, pad: '' });
        const body = JSON.stringify({ ...e, pad: 'x'.repeat(bytes - Buffer.byteLength(bare)) });
        return { body, headers: { 'content-type': 'application/json', 'x-izettle-signature': createHmac('sha256', secret).update(`${e.timestamp}.${e.payload}`).digest('hex') } };
      }
      const body = JSON.stringify({ type: 'webhooks.test_notification', event_id: `ev-${++unique}`, pad: '' });
      const full = body.replace('"pad":""', `"pad":"${'x'.repeat(bytes - Buffer.byteLength(body))}"`);
      const url = `${PUBLIC_URL}/v1/shops/${A}/webhooks/square`;
      return { body: full, headers: { 'content-type': 'application/json', 'x-square-hmacsha256-signature': createHmac('sha256', secret).update(url).update(full).digest('base64') } };
    };
    expect((await w.send('POST', webhookPath('zettle'), padded('zettle', 262_144))).status).toBe(200);
    expect((await w.send('POST', webhookPath('zettle'), padded('zettle', 262_145))).status).toBe(413);
    expect((await w.send('POST', webhookPath('square'), padded('square', 1_048_576))).status).toBe(200);
    expect((await w.send('POST', webhookPath('square'), padded('square', 1_048_577))).status).toBe(413);
  });
});

describe('/metrics', () => {
  it('asks for METRICS_TOKEN when it is set', async () => {
    const w = await world();
    const without = await w.send('GET', '/metrics');
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(without.text).not.toContain('nextdeal_');
    const withToken = await w.send('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(withToken.status).toBe(200);
    expect(withToken.type).toMatch(/^text\/plain/);
    expect(withToken.text).toContain('nextdeal_http_errors_total');
  });

  it('is open without METRICS_TOKEN (as documented), and absent without metrics', async () => {
    const store = await testStore();
    const open = await startApp(store, Date.now, { metrics: createMetrics() });
    expect((await send(open, 'GET', '/metrics')).status).toBe(200);
    const none = await startApp(store, Date.now);
    expect((await send(none, 'GET', '/metrics')).status).toBe(404);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// How secrets are compared. The check is deliberately simple: in src/, no `==`/`===`/`!=`/`!==` may have on either
// side an identifier named like a secret (signature, secret, token, csrf, hash, apiKey, password, hmac, digest), except
// against undefined/null or when comparing lengths; instead such values go through the constant-time helpers
// (src/http/signature.ts safeEqual, src/vendors/common.ts hmacMatches, twilio.validateRequest), which themselves must
// use crypto.timingSafeEqual. Sessions and e-mail tokens are looked up in SQL by their SHA-256 hash, which an
// attacker cannot steer byte by byte, so those lookups are not a timing oracle.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const SECRETISH = /(signature|secret|token|csrf|hash|api_?key|password|hmac|digest|\bmac\b|\bsig\b)/i;
/** Comparisons in one line of code that look at a secret with a plain equality operator. */
function plainSecretComparisons(line: string): string[] {
  const code = line.replace(/\/\/.*$/, '').replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, (s) => (s.length <= 2 ? s : "'str'"));
  const found: string[] = [];
  for (const m of code.matchAll(/([\w$.?!\]\[)(]+)\s*(===|!==|==|!=)\s*([\w$.?!\]\[)('"]+)/g)) {
    const [whole, rawLeft, , rawRight] = m as unknown as [string, string, string, string];
    const left = rawLeft.replace(/^[(!]+/, '');
    const right = rawRight.replace(/\)+$/, '');
    const harmless = (s: string) => /^(undefined|null|'str'|''|true|false|\d+)$/.test(s) || /\.length\)?$/.test(s) || /^typeof\b/.test(s);
    if ((SECRETISH.test(left) || SECRETISH.test(right)) && !harmless(left) && !harmless(right)) found.push(whole);
  }
  return found;
}

describe('secrets are compared in constant time', () => {
  it('the check itself finds a plain comparison of a signature, and lets a presence check pass', () => {
    expect(plainSecretComparisons('if (given === expectedSignature) return true;')).toHaveLength(1);
    expect(plainSecretComparisons("return req.body._csrf == session.csrf")).toHaveLength(1);
    expect(plainSecretComparisons('if (hashApiKey(key) !== shop.apiKeyHash) throw x;')).toHaveLength(1);
    expect(plainSecretComparisons('if (signature !== undefined) {')).toEqual([]);
    expect(plainSecretComparisons('return x.length === y.length && timingSafeEqual(x, y);')).toEqual([]);
  });

  it('no == / === on a signature, secret, token, CSRF token, hash, API key or password anywhere in src/', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(join(process.cwd(), 'src'))) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        for (const c of plainSecretComparisons(line)) offenders.push(`${file.slice(process.cwd().length + 1)}:${i + 1}: ${c}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('the helpers that compare secrets use crypto.timingSafeEqual, and every HMAC in src/ is made inside them', () => {
    const read = (p: string) => readFileSync(join(process.cwd(), p), 'utf8');
    expect(read('src/http/signature.ts')).toMatch(/export const safeEqual[\s\S]*?timingSafeEqual\(/);
    expect(read('src/vendors/common.ts')).toMatch(/export function hmacMatches[\s\S]*?timingSafeEqual\(/);
    expect(read('src/domain/password.ts')).toMatch(/timingSafeEqual\(/);
    // twilio.validateRequest compares the signature with its safeCompare, which is timingSafeEqual.
    const twilioWebhooks = readFileSync(join(process.cwd(), 'node_modules/twilio/lib/webhooks/webhooks.js'), 'utf8');
    expect(twilioWebhooks).toMatch(/function validateSignatureWithUrl[\s\S]*?return safeCompare\(/);
    expect(twilioWebhooks).toMatch(/function safeCompare[\s\S]*?timingSafeEqual\(/);
    const hmacs = sourceFiles(join(process.cwd(), 'src')).filter((f) => /createHmac\(/.test(readFileSync(f, 'utf8'))).map((f) => f.slice(process.cwd().length + 1)).sort();
    // ...and the sale fingerprint, a keyed hash that is stored, never compared with anything a caller sent.
    expect(hmacs).toEqual(['src/db/fingerprint.ts', 'src/http/signature.ts', 'src/vendors/common.ts']);
    // Where credentials are checked, they are checked through those helpers.
    expect(read('src/http/till-auth.ts')).toMatch(/apiKeyMatches\(/);
    expect(read('src/http/till-auth.ts')).toMatch(/verifySignature\(/);
    expect(read('src/http/metrics.ts')).toMatch(/safeEqual\(/);
    expect(read('src/http/owner/auth.ts').match(/safeEqual\(/g)?.length).toBeGreaterThanOrEqual(3); // login CSRF, form CSRF, logout CSRF
    expect(read('src/http/twilio.ts')).toMatch(/import \{ validateRequest \} from 'twilio\/lib\/webhooks\/webhooks\.js'/);
    expect(read('src/http/twilio.ts')).toMatch(/!validateRequest\(/);
    for (const v of vendors) expect(read(`src/vendors/${v}.ts`)).toMatch(/hmacMatches\(/);
  });
});
