// Shared test fixtures: a real database per test (a SQLite file, or under `npm run test:postgres` a PostgreSQL database
// on a throw-away server), the real app on a loopback port, a till that signs.
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { expect } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { Channel, Channels, EmailOut, SmsOut } from '../src/channels/types.js';
import { openPostgres } from '../src/db/engines/postgres.js';
import { openSqlite } from '../src/db/engines/sqlite.js';
import { type Database, migrate, openDatabase } from '../src/db/open.js';
import { type Row, type Statement, sql } from '../src/db/sql.js';
import type { NewShop } from '../src/db/shops.js';
import { createStore, type Store } from '../src/db/store.js';
import { type AppDeps, createApp } from '../src/http/app.js';
import { SERVER_LIMITS, serve } from '../src/http/server.js';
import { sign } from '../src/http/signature.js';
import { createLogger } from '../src/log.js';
import type { DispatchDeps } from '../src/queue/attempt.js';
import { configuredDispatcher, createDispatcher } from '../src/queue/dispatcher.js';
import { loadTemplates } from '../src/templates.js';
import { createTemplate, engineUnderTest, freshDatabase } from './pg/cluster.js';

const cleanups: (() => void | Promise<void>)[] = [];
/** Undoes what the test set up (databases, servers, folders), last first: test/setup.ts runs it after every test. */
export async function runCleanups(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c();
}
export const onCleanup = (fn: () => void | Promise<void>) => cleanups.push(fn);

/** A small seeded generator (mulberry32): the same numbers, in [0, 1), on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nextdeal-test-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const engine = engineUnderTest();

let sqliteTemplate: Promise<string> | undefined;
/**
 * A SQLite file with the schema, made once per test worker: each test copies it (a millisecond) rather than running
 * every migration again. Only the schema: each copy makes its own installation secret when first opened.
 */
function migratedSqlite(): Promise<string> {
  return (sqliteTemplate ??= (async () => {
    // In the run's folder (test/tmp-setup.ts), which the run removes: a worker's 'exit' never comes.
    const dir = mkdtempSync(join(process.env.NEXTDEAL_TEST_TMP ?? tmpdir(), 'nextdeal-template-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'schema.db');
    const db = openSqlite(file);
    await migrate(db);
    await db.close(); // the write-ahead log is folded into the file: one file to copy
    return file;
  })());
}

/**
 * A new PostgreSQL database with the schema, copied from a template migrated once per worker. Only the schema: each
 * copy makes its own installation secret when first opened, as a new installation does.
 */
export async function migratedPostgres(): Promise<string> {
  const template = await createTemplate('schema', async (url) => {
    const db = openPostgres(url, 1);
    await migrate(db);
    await db.close();
  });
  return freshDatabase({ template });
}

/**
 * A fresh database with the real migrations, closed when the test ends: a SQLite file, or (under `npm run
 * test:postgres`) a copy of a PostgreSQL database migrated once per worker.
 */
export async function testDatabase(): Promise<Database> {
  let db: Database;
  if (engine === 'postgres') {
    db = await openDatabase({ url: await migratedPostgres(), path: '' });
  } else {
    const file = join(tempDir(), 'nextdeal.db');
    copyFileSync(await migratedSqlite(), file);
    db = await openDatabase({ path: file });
  }
  onCleanup(() => (closedEarly.has(db) ? undefined : db.close()));
  return db;
}

/**
 * Later migrations whose columns today's dispatcher reads and writes at every tick (055: a join code's `secret` and
 * `handed_over`, in its claim and its sweep), or every sale reads and writes (075: `sales.shipped`,
 * `shops.shipped_checkin_days`), or whose index today's dispatcher names as it keeps a message (077: e-mails by
 * recipient, INDEXED BY on SQLite), or every sale's come-back invitation writes (079: `after_problem`, `planned_at`)
 * or reads (071: a reply's `answered_with`, a stranger's "verkeerd nummer" being no complaint of hers), and nothing
 * else of an older installation's data depends on.
 */
const NEEDED_BY_TODAYS_CODE = [55, 71, 75, 77, 79];

/**
 * `db` migrated to `version`, as an older installation's database, for a test of a migration after it that lets
 * today's code make the data the older one would have (a dispatcher's ticks): with the later migrations today's code
 * cannot run without (NEEDED_BY_TODAYS_CODE) applied out of their order, so that migrate() skips them.
 */
export async function migrateOlder(db: Database, version: number): Promise<void> {
  await migrate(db, version);
  const dir = new URL(`../migrations/${db.engine}/`, import.meta.url);
  for (const file of readdirSync(dir).filter((f) => NEEDED_BY_TODAYS_CODE.includes(Number.parseInt(f, 10)) && Number.parseInt(f, 10) > version)) {
    await db.exec(readFileSync(new URL(file, dir), 'utf8'));
    await run(db, 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', Number.parseInt(file, 10), file, Date.now());
  }
}

const closedEarly = new WeakSet<Database>();
/**
 * Closes a test's database before the test ends, as each run of a property test that opens one should: on PostgreSQL
 * the runs' pools would otherwise stay open together until the test ends (summary-writes and summary-recount held 75
 * of the server's 100 connections at once, and another worker's test was refused one; 7 when each run closes its own).
 */
export async function closeEarly(db: Database): Promise<void> {
  closedEarly.add(db);
  await db.close();
}

/** The store over a fresh database, and (for what a test checks underneath) the database itself. */
export type TestStore = Store & { db: Database };
export async function testStore(): Promise<TestStore> {
  const db = await testDatabase();
  return { ...createStore(db), db };
}

// Statements a test writes, by their text: prepared once, as the code's are.
const statements = new Map<string, Statement>();
const statement = (text: string): Statement => {
  let s = statements.get(text);
  if (!s) statements.set(text, (s = sql(text)));
  return s;
};
/**
 * A test's own look underneath, on either engine: SQL with ? parameters (write it for both: CASE WHEN … THEN 1 ELSE 0
 * END, not a bare comparison, for a yes/no; camelCase aliases come back as written). `one`: the first row; `all`: the
 * rows; `value`: the first column of the first row; `run`: rows changed.
 */
export const one = <T = Row>(db: Database, text: string, ...args: unknown[]) => db.get(statement(text), args) as Promise<T | undefined>;
export const all = <T = Row>(db: Database, text: string, ...args: unknown[]) => db.all(statement(text), args) as Promise<T[]>;
export const value = <T = unknown>(db: Database, text: string, ...args: unknown[]) => db.value(statement(text), args) as Promise<T | undefined>;
export const run = (db: Database, text: string, ...args: unknown[]) => db.run(statement(text), args);

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

/** A shop; it holds nobody out unless the test asks (`holdout`), so that every customer's messages are the test's to check. */
export function createShop(store: Pick<Store, 'shops'>, shop: Partial<NewShop> = {}) {
  return store.shops.create(
    { slug: 'fietsenmaker', name: 'Fietsenmaker Test', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl', holdout: 0, ...shop },
    Date.now(),
  );
}

/**
 * A shop's quiet hours set to none (from and until the same hour), for a test whose messages go at the real time it
 * runs: a server's or the CLI's own clock. With the default hours (20:00 to 09:00 in the shop's time zone, checked
 * again when a message goes) such a test would fail every evening and night.
 */
export const NO_QUIET_HOURS = { quietStart: 0, quietEnd: 0 } as const;

/** The URL Twilio is told to call in tests: its signatures are made over this, not the loopback address. */
export const PUBLIC_URL = 'https://deals.example.test';
export const TWILIO_AUTH_TOKEN = 'test-auth-token';

/** The real app on a random loopback port. */
export async function startApp(store: Store, now: () => number, options: Partial<AppDeps> = {}): Promise<string> {
  const deps: AppDeps = {
    store, now, log: silent, templates: loadTemplates(), publicUrl: PUBLIC_URL, twilioAuthToken: TWILIO_AUTH_TOKEN, wake: () => {}, ...options,
  };
  const server = await serve(createApp(deps), 0, SERVER_LIMITS, '127.0.0.1');
  // Closed with every connection: a response a test did not read to its end (a CSV still being written when its
  // headers came) would otherwise keep its keep-alive connection, and close() would wait for it.
  onCleanup(() => new Promise<void>((done) => (server.close(() => done()), server.closeAllConnections())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * A shop whose customers bought on 14 March at 15:31 (one sale each, posted through the app), and the dispatcher the
 * server runs with this configuration (`env` beside an outbox directory of its own): what it logs is kept in `logs`,
 * and `tick` runs one tick at a time of day.
 */
export async function configuredShop(env: Record<string, string>, customers: Record<string, unknown>[]) {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret, shop } = await createShop(store);
  const base = await startApp(store, clock.now);
  for (const [n, customer] of customers.entries()) await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: `s${n}`, customer }), clock.now());
  const logs: string[] = [];
  const config = loadConfig({ OUTBOX_DIR: tempDir(), ...env });
  const { dispatcher, close } = configuredDispatcher(config, store, createLogger('warn', { write: (s) => void logs.push(s) }));
  onCleanup(close);
  return { store, shop, base, dispatcher, logs, tick: (iso: string) => dispatcher.tick(Date.parse(iso)) };
}

/** Posts a sale as a till does: JSON, signed with the shop's webhook secret at the clock's time. */
export async function postSale(base: string, slug: string, secret: string, body: unknown, nowMs = Date.now(), headers: Record<string, string> = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${base}/v1/shops/${slug}/sales`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(secret, raw, Math.floor(nowMs / 1000)), ...headers },
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

/**
 * A dispatcher with recording channels (or `channels`). Every send that waited for its turn looks in the database again
 * (`looks.withinMs` 0), whatever the time: tests of a shared look (src/queue/looks.ts) give a bound and a clock (`over`).
 */
export function testDispatcher(store: Store, channels: Partial<Channels> = {}, over: Partial<DispatchDeps> = {}) {
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
    looks: { withinMs: 0 },
    ...over,
  });
  return { dispatcher, sms, email };
}

/** A sale body as the README documents it. */
export const saleBody = (over: Record<string, unknown> = {}) => ({
  id: 'sale-1',
  occurredAt: '2026-03-14T15:30:00+01:00',
  reason: 'voor mijn fietstochten',
  customer: { name: 'Sanne de Vries', phone: '06 13572468', email: 'Sanne@Example.com', consent: { sms: true, email: true } },
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
export async function scenario(options: { customer?: Record<string, unknown>; sale?: Record<string, unknown>; appOptions?: Partial<AppDeps> } = {}) {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const created = await createShop(store);
  await store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' });
  const base = await startApp(store, clock.now, options.appOptions);
  const post = (b: unknown) => postSale(base, 'fietsenmaker', created.webhookSecret, b, clock.now());
  const sale = await post(saleBody({ ...(options.customer && { customer: options.customer }), ...options.sale }));
  const { dispatcher, sms, email } = testDispatcher(store);
  const tick = (iso: string) => {
    clock.set(iso);
    return dispatcher.tick(Date.parse(iso));
  };
  return {
    store, clock, base, post, sale: sale.body, shop: created, dispatcher, sms, email, tick,
    one: <T = Row>(text: string, ...args: unknown[]) => one<T>(store.db, text, ...args) as Promise<T>,
    all: <T = Row>(text: string, ...args: unknown[]) => all<T>(store.db, text, ...args),
  };
}

/**
 * A come-back invitation of the scenario's shop (of sale `saleId`) held by a reply that is no complaint of hers (a
 * stranger's "verkeerd nummer" or wrong address): held by it, still so after the chore runs more than 14 days past its
 * time (19 April), and sent once the owner handles the reply on 4 May at 12:00.
 */
export async function heldAsWordsTillHandled(s: Awaited<ReturnType<typeof scenario>>, saleId: number, replyId: number): Promise<void> {
  const comeback = () => s.one("SELECT status, held_by, error FROM messages WHERE kind = 'comeback' AND sale_id = ?", saleId);
  expect(await comeback()).toEqual({ status: 'scheduled', held_by: replyId, error: null });
  await s.store.chores.sweep(0, Date.parse('2026-05-04T10:00:00+02:00'));
  expect(await comeback()).toEqual({ status: 'scheduled', held_by: replyId, error: null });
  expect(await s.store.replies.handle((await s.store.shops.bySlug('fietsenmaker'))!, replyId, Date.parse('2026-05-04T12:00:00+02:00'))).toBe('handled');
  await s.tick('2026-05-04T12:00:00+02:00');
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
  // `more`: this request's own headers besides (a browser's Sec-Fetch-Site, Referer).
  const get = (path: string, more: Record<string, string> = {}) => fetch(base + path, { headers: { ...headers, ...more, cookie: cookie(), accept: 'text/html' }, redirect: 'manual' }).then(keep);
  const post = (path: string, form: Record<string, string>, more: Record<string, string> = {}) =>
    fetch(base + path, {
      method: 'POST',
      headers: { ...headers, ...more, cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
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
