// Shared test fixtures: a real SQLite file per test, the real app on a loopback port, a till that signs.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { afterEach } from 'vitest';
import type { Channel, Channels, EmailOut, SmsOut } from '../src/channels/types.js';
import { openDb } from '../src/db/open.js';
import type { NewShop } from '../src/db/shops.js';
import { createStore, type Store } from '../src/db/store.js';
import { type AppDeps, createApp } from '../src/http/app.js';
import { sign } from '../src/http/signature.js';
import { createLogger } from '../src/log.js';
import { createDispatcher } from '../src/queue/dispatcher.js';
import { loadTemplates } from '../src/templates.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
export const onCleanup = (fn: () => void | Promise<void>) => cleanups.push(fn);

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nextdeal-test-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh database file with the real migrations. */
export function testStore(): Store {
  const store = createStore(openDb(join(tempDir(), 'nextdeal.db')));
  onCleanup(() => void store.db.close());
  return store;
}

/** A clock the test moves by hand. */
export function testClock(iso: string) {
  let now = Date.parse(iso);
  return {
    now: () => now,
    set: (to: string) => void (now = Date.parse(to)),
    advance: (ms: number) => void (now += ms),
  };
}

export const silent = createLogger('silent');

export function createShop(store: Store, shop: Partial<NewShop> = {}) {
  return store.shops.create(
    { slug: 'fietsenmaker', name: 'Fietsenmaker Test', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl', ...shop },
    Date.now(),
  );
}

/** The URL Twilio is told to call in tests: its signatures are made over this, not the loopback address. */
export const PUBLIC_URL = 'https://deals.example.test';
export const TWILIO_AUTH_TOKEN = 'test-auth-token';

/** The real app on a random loopback port. */
export async function startApp(store: Store, now: () => number, options: Partial<AppDeps> = {}): Promise<string> {
  const deps: AppDeps = {
    store, now, log: silent, templates: loadTemplates(), publicUrl: PUBLIC_URL, twilioAuthToken: TWILIO_AUTH_TOKEN, wake: () => {}, ...options,
  };
  const server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  onCleanup(() => new Promise<void>((done) => server.close(() => done())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Posts a sale as a till does: JSON, signed with the shop's webhook secret at the clock's time. */
export async function postSale(base: string, slug: string, secret: string, body: unknown, nowMs = Date.now()) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${base}/v1/shops/${slug}/sales`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(secret, raw, Math.floor(nowMs / 1000)) },
    body: raw,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A channel that records what it is given; `fail` makes the next sends throw. */
export function recordingChannel<M>(transport: 'smtp' | 'twilio' | 'outbox' = 'outbox') {
  const sent: M[] = [];
  const failures: Error[] = [];
  const channel: Channel<M> & { sent: M[]; failNext: (...e: Error[]) => void } = {
    transport,
    sent,
    failNext: (...e) => void failures.push(...e),
    async send(m) {
      const failure = failures.shift();
      if (failure) throw failure;
      sent.push(m);
      return { providerId: `test-${sent.length}` };
    },
  };
  return channel;
}

export function testDispatcher(store: Store, channels: Partial<Channels> = {}) {
  const sms = recordingChannel<SmsOut>();
  const email = recordingChannel<EmailOut>();
  const dispatcher = createDispatcher({
    store,
    channels: { sms, email, ...channels },
    templates: loadTemplates(),
    emailFrom: 'nextdeal@example.test',
    publicUrl: PUBLIC_URL,
    retryBaseSeconds: 60,
    pauseAfter: 5,
    pauseMinutes: 10,
    reconcileAfterMs: 10 * 60_000,
    log: silent,
  });
  return { dispatcher, sms, email };
}

/** A sale body as the README documents it. */
export const saleBody = (over: Record<string, unknown> = {}) => ({
  id: 'sale-1',
  occurredAt: '2026-03-14T15:30:00+01:00',
  reason: 'voor mijn fietstochten',
  customer: { name: 'Sanne de Vries', phone: '06 12345678', email: 'Sanne@Example.com', consent: { sms: true, email: true } },
  items: [{ name: 'Regenjas', sku: 'RJ-1', quantity: 1, unitPrice: 89.95 }],
  total: 89.95,
  currency: 'EUR',
  ...over,
});

/** Posts a form to a Twilio webhook route, signed as Twilio signs it: over PUBLIC_URL + path and every parameter. */
export async function postTwilio(base: string, path: string, params: Record<string, string>, signature?: string) {
  const sig = signature ?? twilio.getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, PUBLIC_URL + path, params);
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, text: await res.text() };
}

/** The text of the one <Message> in a TwiML answer, or null for an empty answer. */
export const twimlMessage = (xml: string): string | null =>
  /<Message>([^<]*)<\/Message>/.exec(xml)?.[1]?.replace(/&amp;/g, '&').replace(/&#39;|&apos;/g, "'") ?? null;

let sids = 0;
/** A fresh Twilio message SID. */
export const messageSid = () => `SM${(++sids).toString(16).padStart(32, '0')}`;

/**
 * A shop with an alert address, one customer (Sanne, SMS and e-mail consent) whose sale on 14 March has
 * scheduled a check-in and an invitation, and a dispatcher with recording channels.
 */
export async function scenario(options: { customer?: Record<string, unknown>; appOptions?: Partial<AppDeps> } = {}) {
  const store = testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const created = createShop(store);
  store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' });
  const base = await startApp(store, clock.now, options.appOptions);
  const post = (b: unknown) => postSale(base, 'fietsenmaker', created.webhookSecret, b, clock.now());
  const sale = await post(saleBody(options.customer ? { customer: options.customer } : {}));
  const { dispatcher, sms, email } = testDispatcher(store);
  const tick = (iso: string) => {
    clock.set(iso);
    return dispatcher.tick(Date.parse(iso));
  };
  const one = <T>(sql: string, ...args: unknown[]) => store.db.prepare(sql).get(...args) as T;
  const all = <T>(sql: string, ...args: unknown[]) => store.db.prepare(sql).all(...args) as T[];
  return { store, clock, base, post, sale: sale.body, shop: created, dispatcher, sms, email, tick, one, all };
}

/** A browser-like client for the owner's pages: keeps cookies, logs in with the real form; `headers` go with every request. */
export function ownerClient(base: string, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = pair!.split('=');
      if (value) jar.set(name!, value);
      else jar.delete(name!);
    }
    return res;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const get = (path: string) => fetch(base + path, { headers: { ...headers, cookie: cookie(), accept: 'text/html' }, redirect: 'manual' }).then(keep);
  const post = (path: string, form: Record<string, string>) =>
    fetch(base + path, {
      method: 'POST',
      headers: { ...headers, cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    }).then(keep);
  const csrfIn = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return {
    jar,
    get,
    post,
    csrfIn,
    async logIn(slug: string, password: string) {
      const form = await (await get('/login')).text();
      return post('/login', { _csrf: csrfIn(form), slug, password, next: '' });
    },
  };
}
