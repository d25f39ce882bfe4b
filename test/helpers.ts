// Shared test fixtures: a real SQLite file per test, the real app on a loopback port, a till that signs.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Channel, Channels, EmailOut, SmsOut } from '../src/channels/types.js';
import { openDb } from '../src/db/open.js';
import type { NewShop } from '../src/db/shops.js';
import { createStore, type Store } from '../src/db/store.js';
import { createApp } from '../src/http/app.js';
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

/** The real app on a random loopback port. */
export async function startApp(store: Store, now: () => number): Promise<string> {
  const server = createApp({ store, log: silent, now }).listen(0, '127.0.0.1');
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
    retryBaseSeconds: 60,
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
