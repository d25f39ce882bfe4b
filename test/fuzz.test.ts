// Bad input gets a clear answer and changes nothing. Thousands of generated bodies (wrong types, missing fields,
// huge strings, deep nesting, odd unicode, prototype-pollution keys, valid sales with one field broken, and valid
// sales) are thrown at every webhook, SIGNED correctly so they get past authentication and reach validation.
//
// Properties, for every request: the answer is a 2xx, or a 4xx with a JSON body { error, message } (400s also
// `issues`, checked in their own property at the end so that one missing field does not hide other findings);
// never a 5xx; never a hang (5 s per request). After every property: GET /healthz still answers 200,
// Object.prototype is untouched, and the database holds only valid rows, one sale per "created" answer.
// Targets: the sale webhook (signed v1 or v2, or with the API key), the refund endpoint, all five till webhooks (signed
// as each vendor signs; Shopify in either HMAC header), Zettle's unsigned envelopes, and both Twilio webhooks. Runs are random; a failure prints its seed: FUZZ_SEED=<seed> replays it.
// Where fuzzing found a weakness, a small deterministic test beside it pins the weakness down.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { interpretedSaleSchema, saleNamed, saleSchema } from '../src/http/sale-schema.js';
import { sign, signV2 } from '../src/http/signature.js';
import { SALE_BODY_LIMIT } from '../src/http/till-auth.js';
import { ZETTLE_BODY_LIMIT } from '../src/vendors/zettle.js';
import { storable } from '../src/db/sql.js';
import { createLogger } from '../src/log.js';
import { PUBLIC_URL, TWILIO_AUTH_TOKEN, all, createShop, one, startApp, testClock, testDispatcher, testStore, value } from './helpers.js';

const NOW_ISO = '2026-03-14T15:31:00+01:00';
const SHOPIFY_SECRET = 'fuzz-shopify-secret';
const ZETTLE_KEY = 'fuzz-zettle-signing-key';
const OTHER_SECRET = 'fuzz-square-lightspeed-loyverse-key';
const TIMEOUT_MS = 5000;
// A property of 900 requests takes 14-20 s on PostgreSQL while another file loads the other core (it went past the
// 20 s default in CI). A hang is caught per request (TIMEOUT_MS), so the whole property may take its time.
const PROPERTIES = { timeout: 120_000 };
const fixture = (name: string) => readFileSync(new URL(`./fixtures/vendor/${name}`, import.meta.url), 'utf8');

// ---------------------------------------------------------------------------------------------------------------
// The world: one shop, one app, one store per property; server errors captured so a failure can say what broke.

async function world() {
  const store = await testStore();
  const clock = testClock(NOW_ISO);
  const created = await createShop(store);
  await store.tills.connect(created.shop.id, 'shopify', { secret: SHOPIFY_SECRET }, clock.now());
  await store.tills.connect(created.shop.id, 'zettle', { secret: ZETTLE_KEY }, clock.now());
  for (const v of ['square', 'lightspeed', 'loyverse'] as const) await store.tills.connect(created.shop.id, v, { secret: OTHER_SECRET }, clock.now());
  const serverErrors: string[] = [];
  const log = createLogger('error', { write: (s: string) => void serverErrors.push(s) });
  const base = await startApp(store, clock.now, { log });
  return { store, clock, base, serverErrors, ...created };
}
type World = Awaited<ReturnType<typeof world>>;

interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

/** One request, given at most TIMEOUT_MS: a hang fails the property. */
async function request(url: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
}

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
function expectPrototypeClean() {
  expect(({} as Record<string, unknown>).nd_polluted, 'Object.prototype was polluted').toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join(','), 'Object.prototype gained keys').toBe(PROTO_KEYS);
}

/** What the server logged about its last failure: the thrown error, not pino-http's "failed with status code". */
function lastServerError(w: World): string {
  const errors = w.serverErrors.map((l) => (JSON.parse(l) as { err?: { type?: string; message?: string } }).err).filter((e) => e && !/^failed with status code/.test(e.message ?? ''));
  const e = errors.at(-1);
  return e ? `${e.type}: ${e.message}` : 'nothing logged';
}

/** A 2xx, or a 4xx with a JSON { error, message }; never a 5xx. */
function expectClearAnswer(w: World, a: Answer, what: string) {
  const context = `${what}: ${a.status} ${a.text.slice(0, 300)}${a.status >= 500 ? ` (server: ${lastServerError(w)})` : ''}`;
  expect(a.status >= 500, `a server error for ${context}`).toBe(false);
  expect((a.status >= 200 && a.status < 300) || (a.status >= 400 && a.status < 500), `status ${context}`).toBe(true);
  if (a.status >= 400) {
    expect(a.contentType, `JSON error body for ${context}`).toMatch(/^application\/json/);
    const body = a.json as { error?: unknown; message?: unknown };
    expect(typeof body?.error, `error code for ${context}`).toBe('string');
    expect(typeof body?.message, `message for ${context}`).toBe('string');
  }
  expectPrototypeClean();
}

/** After a property: the server still answers, and the database holds only valid rows. */
async function expectHealthyAndValid(w: World, createdSales: number) {
  const health = await request(`${w.base}/healthz`, { method: 'GET' });
  expect(health.status).toBe(200);
  expectPrototypeClean();
  const sales = await all<{ id: number; till_sale_id: string; occurred_at: number; items: string; status: string }>(
    w.store.db, 'SELECT id, till_sale_id, occurred_at, items, status FROM sales ORDER BY id');
  for (const s of sales) {
    expect(Number.isSafeInteger(s.occurred_at), `sale ${s.id} occurred_at ${s.occurred_at}`).toBe(true);
    expect(() => new Date(s.occurred_at).toISOString(), `sale ${s.id} occurred_at is a time`).not.toThrow();
    expect(typeof s.till_sale_id === 'string' && s.till_sale_id.trim().length > 0, `sale ${s.id} till_sale_id`).toBe(true);
    const items = JSON.parse(s.items) as unknown;
    expect(Array.isArray(items), `sale ${s.id} items is an array`).toBe(true);
    for (const item of items as unknown[]) {
      expect(item !== null && typeof item === 'object' && !Array.isArray(item), `sale ${s.id} item is an object`).toBe(true);
      expect(typeof (item as { name?: unknown }).name, `sale ${s.id} item name`).toBe('string');
    }
    expect(['completed', 'refunded', 'voided']).toContain(s.status);
  }
  expect(sales.length, 'one sale per created answer').toBe(createdSales);
  const customers = await all<{ id: number; phone: string | null; email: string | null }>(w.store.db, 'SELECT id, phone, email FROM customers ORDER BY id');
  for (const c of customers) {
    if (c.phone !== null) expect(c.phone, `customer ${c.id} phone`).toMatch(/^\+[1-9]\d{6,14}$/);
    if (c.email !== null) expect(c.email, `customer ${c.id} email`).toContain('@');
  }
  const messages = await all<{ id: number; due_at: number; next_attempt_at: number }>(w.store.db, 'SELECT id, due_at, next_attempt_at FROM messages ORDER BY id');
  for (const m of messages) expect(Number.isSafeInteger(m.due_at) && Number.isSafeInteger(m.next_attempt_at), `message ${m.id} times`).toBe(true);
}

// ---------------------------------------------------------------------------------------------------------------
// Generators. Bodies are generated as JSON *text*, so duplicate keys and "__proto__" keys reach the server as sent.

const odd = [
  '', ' ', '\u0000', 'a\u0000b', '\uD800', '\uDFFF', 'x\uD83D', '\uDE00y', '\u202Eevil\u202C', '\u200F\u05E9\u05DC\u05D5\u05DD', 'مرحبا بالعالم',
  '👩‍👩‍👧‍👦', '🚲🚲🚲', '\uFEFF', '𝕳𝖊𝖑𝖑𝖔', 'Zoë Ĳsselmeer', 'null', 'undefined', 'NaN', 'Infinity', '-1', '0', '12.50', ' 12 ', '1e3', '0x1F',
  '__proto__', 'constructor', 'prototype', '<script>alert(1)</script>', "'; DROP TABLE sales; --", '%00', '../../etc/passwd', '\r\n\r\nX: y',
  '2026-03-14T15:30:00+01:00', '2026-02-30T10:00:00Z', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '+31613572468', '06 13572468', 'a@b.c',
  'STOP', 'start', 'HELP', 'refunded', 'voided', 'completed', 'EUR', 'nl', 'en-GB',
];
const oddString = fc.oneof(
  { arbitrary: fc.constantFrom(...odd), weight: 5 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.integer({ min: 150, max: 2_000 }).map((n) => 'ä'.repeat(n)), weight: 1 },
);
/** Strings around and beyond the 64 KiB limit. */
const hugeString = fc.integer({ min: 30_000, max: 70_000 }).map((n) => 'x'.repeat(n));
const numberText = fc.oneof(
  fc.constantFrom('0', '-0', '1', '-1', '1.5', '1e999', '-1e999', '1e-400', '9007199254740993', '123456789012345678901234567890', '1e21', '0.1', '1E+2', '-0.0'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.integer().map(String),
);
const deep = fc.oneof(
  fc.integer({ min: 50, max: 20_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
  fc.integer({ min: 50, max: 8_000 }).map((d) => '{"a":'.repeat(d) + '1' + '}'.repeat(d)),
  fc.integer({ min: 50, max: 8_000 }).map((d) => '{"__proto__":'.repeat(d) + '{"nd_polluted":1}' + '}'.repeat(d)),
);
const pollution = fc.constantFrom(
  '{"__proto__":{"nd_polluted":"yes"}}',
  '{"constructor":{"prototype":{"nd_polluted":"yes"}}}',
  '{"__proto__":{"__proto__":{"nd_polluted":"yes"}}}',
  '{"prototype":{"nd_polluted":"yes"}}',
  '[{"__proto__":{"nd_polluted":"yes"}}]',
);
const key = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'id', 'occurredAt', 'customer', 'items', 'name',
    'phone', 'email', 'consent', 'sms', 'status', 'reason', 'total', 'currency', 'payload', 'timestamp', 'eventName'),
  fc.string({ maxLength: 8 }),
);
const scalarText = fc.oneof(
  { arbitrary: fc.constantFrom('null', 'true', 'false'), weight: 2 },
  { arbitrary: numberText, weight: 3 },
  { arbitrary: oddString.map((s) => JSON.stringify(s)), weight: 4 },
);
const { json: jsonText } = fc.letrec<{ json: string; arr: string; obj: string }>((tie) => ({
  json: fc.oneof({ depthSize: 'small' }, scalarText, tie('arr') as fc.Arbitrary<string>, tie('obj') as fc.Arbitrary<string>),
  arr: fc.array(tie('json') as fc.Arbitrary<string>, { maxLength: 5 }).map((xs) => `[${xs.join(',')}]`),
  obj: fc.array(fc.tuple(key, tie('json') as fc.Arbitrary<string>), { maxLength: 6 }).map((es) => `{${es.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
}));
/** Any JSON value, sometimes a pathological one. */
const anyJson = fc.oneof(
  { arbitrary: jsonText, weight: 10 },
  { arbitrary: deep, weight: 1 },
  { arbitrary: pollution, weight: 2 },
  { arbitrary: hugeString.map((s) => JSON.stringify(s)), weight: 1 },
);
/** Text that is not JSON, or only nearly. */
const notJson = fc.oneof(
  fc.constantFrom('', ' ', '{', '}', '{"id":', 'undefined', "{'id': 1}", '{"id":1,}', 'NaN', '\u0000', '\uFEFF{}', '{"a":1}{"b":2}', '[1,2', '"abc'),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

let unique = 0;
const next = () => `${Date.now().toString(36)}-${++unique}`;

/** JSON text of `value` with the value at `path` replaced by raw JSON text (or removed). */
function withField(value: unknown, path: (string | number)[], replacement: string | undefined): string {
  const HOLE = '\u0001HOLE\u0001';
  const copy = JSON.parse(JSON.stringify(value)) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) {
    const nextAt = at[step];
    if (nextAt === null || typeof nextAt !== 'object') return JSON.stringify(copy);
    at = nextAt as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (replacement === undefined) {
    if (Array.isArray(at)) at.splice(Number(last), 1);
    else delete at[last];
    return JSON.stringify(copy);
  }
  // An own "__proto__" key is written as such by JSON.stringify.
  Object.defineProperty(at, last, { value: HOLE, enumerable: true, configurable: true, writable: true });
  return JSON.stringify(copy).replace(JSON.stringify(HOLE), () => replacement);
}

// A valid sale, as the README documents it.
const now = Date.parse(NOW_ISO);
const nonBlank = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0 && s.length <= max);
const mobile = fc.integer({ min: 0, max: 9_999_999 }).chain((n) => {
  const digits = String(n).padStart(7, '0');
  return fc.constantFrom(`+3161${digits}`, `061${digits}`, `06 1${digits}`, `06-1${digits.slice(0, 3)} ${digits.slice(3)}`, `+31 6 1${digits}`, `0031 61${digits}`);
});
const email = fc.tuple(fc.stringMatching(/^[a-z0-9]{1,16}(\.[a-z0-9]{1,8})?$/), fc.constantFrom('example.com', 'voorbeeld.nl', 'Example.COM')).map(([l, d]) => `${l}@${d}`);
const amount = fc.oneof(fc.integer({ min: -1000, max: 100_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 9999 }).map((n) => `${n}.${n % 100}`));
const validSale = fc.record({
  occurredAt: fc.integer({ min: 0, max: 60 * 86_400_000 }).chain((ago) =>
    fc.constantFrom(new Date(now - ago).toISOString(), new Date(now - ago + 3_600_000).toISOString().replace('Z', '+01:00'))),
  customer: fc.option(
    fc.record({
      name: fc.option(nonBlank(60)),
      phone: fc.option(mobile),
      email: fc.option(email),
      locale: fc.option(fc.constantFrom('nl', 'en', 'nl-BE', 'en-GB', 'de')),
      posCustomerId: fc.option(fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/), fc.nat())),
      consent: fc.option(fc.record({ sms: fc.boolean(), email: fc.boolean() }, { requiredKeys: [] })),
    }, { requiredKeys: [] }),
  ),
  reason: fc.option(fc.string({ unit: 'grapheme', maxLength: 150 }).map((r) => r.slice(0, 500))), // at most 500 UTF-16 units
  items: fc.option(fc.array(fc.record({ name: nonBlank(80), sku: fc.option(fc.stringMatching(/^[A-Z0-9-]{1,12}$/)), quantity: amount, unitPrice: fc.option(amount) }, { requiredKeys: ['name'] }), { maxLength: 4 })),
  total: fc.option(amount.filter((a) => Number(a) >= 0)), // a negative total is a return (test/http/sales.test.ts)
  currency: fc.option(fc.constantFrom('EUR', 'usd', 'GBP')),
  staff: fc.option(nonBlank(40)),
  status: fc.option(fc.constantFrom('completed', 'refunded', 'voided')),
  tillId: fc.option(fc.oneof(fc.stringMatching(/^[A-Za-z0-9 :-]{0,64}$/), fc.nat())),
}, { requiredKeys: ['occurredAt'] }).map((s) => ({ id: unique % 4 === 0 ? 1_000_000 + ++unique : `v-${next()}`, ...s }));
const salePaths: (string | number)[][] = [
  ['id'], ['occurredAt'], ['customer'], ['customer', 'name'], ['customer', 'phone'], ['customer', 'email'], ['customer', 'locale'],
  ['customer', 'posCustomerId'], ['customer', 'consent'], ['customer', 'consent', 'sms'], ['customer', 'consent', 'email'], ['reason'], ['items'],
  ['items', 0], ['items', 0, 'name'], ['items', 0, 'sku'], ['items', 0, 'quantity'], ['items', 0, 'unitPrice'], ['total'], ['currency'], ['staff'],
  ['status'], ['tillId'], ['__proto__'], ['constructor'], ['prototype'], ['customer', '__proto__'], ['items', 0, '__proto__'], ['customer', 'consent', '__proto__'],
];
const readme = (id: string) => ({
  id,
  occurredAt: '2026-03-14T15:30:00+01:00',
  reason: 'voor mijn fietstochten',
  customer: { name: 'Sanne de Vries', phone: '06 13572468', email: 'sanne@example.com', consent: { sms: true, email: true } },
  items: [{ name: 'Regenjas', sku: 'RJ-1', quantity: 1, unitPrice: 89.95 }],
  total: 89.95,
  currency: 'EUR',
});
/** A valid-looking sale with one field broken: replaced by anything, removed, or a prototype key added. */
const brokenSale = fc.tuple(fc.constantFrom(...salePaths), fc.option(fc.oneof(anyJson, pollution, scalarText), { freq: 6 })).map(([path, replacement]) =>
  withField(readme(`b-${next()}`), path, replacement ?? undefined));
/** The same, with a field other than the four a sale cannot do without (id, tillId, occurredAt, status) broken. */
const optionalFieldBroken = fc
  .tuple(fc.constantFrom(...salePaths.filter((p) => !['id', 'tillId', 'occurredAt', 'status'].includes(String(p[0])))), fc.option(fc.oneof(anyJson, pollution, scalarText), { freq: 6 }))
  .map(([path, replacement]) => withField(readme(`o-${next()}`), path, replacement ?? undefined));

// ---------------------------------------------------------------------------------------------------------------
// Requests.

type Auth = 'signature' | 'v2' | 'apiKey';
const auth = fc.constantFrom<Auth>('signature', 'signature', 'v2', 'v2', 'apiKey');

/** The till's credential: a v1 signature, a v2 signature over `path` as well, or the API key. */
function tillHeaders(w: World, body: string | Buffer, how: Auth, contentType = 'application/json', path = `/v1/shops/${w.shop.slug}/sales`): Record<string, string> {
  const t = Math.floor(w.clock.now() / 1000);
  const credential: Record<string, string> =
    how === 'apiKey' ? { authorization: `Bearer ${w.apiKey}` } : { 'nextdeal-signature': how === 'v2' ? signV2(w.webhookSecret, 'POST', path, body, t) : sign(w.webhookSecret, body, t) };
  return { 'content-type': contentType, ...credential };
}

const postSale = (w: World, body: string | Buffer, how: Auth, contentType?: string) =>
  request(`${w.base}/v1/shops/${w.shop.slug}/sales`, { method: 'POST', headers: tillHeaders(w, body, how, contentType), body });

/** A path segment as a client would send it; a lone surrogate becomes bytes that are not UTF-8. */
const segment = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

/** FUZZ_SEED=<seed> replays a failing run. */
const SEED = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {};
const RUNS = { schema: 3000, publicPages: 55, arbitrary: 700, broken: 900, valid: 300, bytes: 150, refund: 350, shopify: 350, zettle: 350, zettleUnsigned: 30, otherVendors: 250, inbound: 450, status: 300, issues: 100 };

describe('the compiled sale schema', PROPERTIES, () => {
  /** What a reading gives: the sale, or every issue as zod words it. */
  const outcome = (r: { success: boolean; data?: unknown; error?: { issues: unknown[] } }) => (r.success ? { sale: r.data } : { issues: r.error!.issues });
  const compiled = saleSchema('NL');
  const interpreted = interpretedSaleSchema('NL');

  it('is the compiled form (not zod\'s parser given back unchanged, as z.compile does with what it cannot compile)', () => {
    expect(compiled).not.toBe(interpreted);
    expect(z.compile(interpreted, { strict: true })).toBeDefined(); // throws for a schema it cannot compile
  });

  it('reads every body as zod\'s own parser does: valid sales, sales with a field broken, any JSON', () => {
    const body = fc.oneof(validSale, brokenSale.map((b) => JSON.parse(b) as unknown), optionalFieldBroken.map((b) => JSON.parse(b) as unknown), anyJson.map((b) => JSON.parse(b) as unknown));
    fc.assert(
      fc.property(body, (b) => {
        expect(outcome(compiled.safeParse(b))).toEqual(outcome(interpreted.safeParse(b)));
      }),
      { numRuns: RUNS.schema, ...SEED },
    );
  });
});

describe('the sale webhook under fuzzing', PROPERTIES, () => {
  it('answers any signed JSON clearly, and stores nothing for it unless it is a valid sale', async () => {
    const w = await world();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(anyJson, auth, fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded'), async (body, how, type) => {
        const a = await postSale(w, body, how, type);
        expectClearAnswer(w, a, `sale ${body.slice(0, 200)}`);
        if (a.status === 201) created++;
        if (!type.startsWith('application/json')) expect(a.status).toBe(415);
        else if (Buffer.byteLength(body) > SALE_BODY_LIMIT) expect(a.status).toBe(413);
      }),
      { numRuns: RUNS.arbitrary, ...SEED },
    );
    await expectHealthyAndValid(w, created);
  });

  it('answers a valid-looking sale with one field broken with 201/200 when it still is valid, else 400 naming the field', async () => {
    const w = await world();
    let created = 0;
    // The ids stored so far, as they are kept: a NUL as U+FFFD (storable: PostgreSQL cannot keep one), and a lone
    // surrogate as U+FFFD too (UTF-8 cannot carry one). Two sales whose ids were broken into such ("\u0000", "\ud800")
    // are one id, and the second, differing in what else was generated, is rightly a 409 (seed 468853020 on PostgreSQL).
    const stored = new Set<string>();
    const kept = (v: string | null) => (v === null ? null : Buffer.from(String(storable(v)), 'utf8').toString('utf8'));
    const idOf = (body: string) => {
      try {
        const { id, tillId } = saleNamed(JSON.parse(body));
        return JSON.stringify([kept(id), kept(tillId)]);
      } catch {
        return null;
      }
    };
    await fc.assert(
      fc.asyncProperty(brokenSale, auth, async (body, how) => {
        const a = await postSale(w, body, how);
        expectClearAnswer(w, a, `sale ${body.slice(0, 300)}`);
        const id = idOf(body);
        expect([200, 201, 400, 413, ...(id !== null && stored.has(id) ? [409] : [])], body.slice(0, 300)).toContain(a.status);
        if (a.status === 201 && id !== null) stored.add(id);
        if (a.status === 201) created++;
        if (a.status === 400) expect((a.json as { issues?: unknown[] }).issues?.length ?? 0, 'a 400 for a JSON object lists its issues').toBeGreaterThan(0);
      }),
      { numRuns: RUNS.broken, ...SEED },
    );
    await expectHealthyAndValid(w, created);
  });

  it("stores a sale with any optional field broken (201): a till's mistake in one field never loses the sale", async () => {
    const w = await world();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(optionalFieldBroken, async (body) => {
        const a = await postSale(w, body, 'signature');
        expectClearAnswer(w, a, `sale ${body.slice(0, 300)}`);
        if (a.status === 413) return; // the broken field made the body larger than any sale may be
        expect(a.status, `${body.slice(0, 300)} answered ${a.text.slice(0, 300)}`).toBe(201);
        created++;
        const warnings = (a.json as { warnings?: { field: string; message: string }[] }).warnings ?? [];
        for (const warning of warnings) expect(warning).toEqual({ field: expect.any(String), message: expect.any(String) });
      }),
      { numRuns: RUNS.broken, ...SEED },
    );
    await expectHealthyAndValid(w, created);
  });

  it('accepts every valid sale, signed or with the API key, with 201', async () => {
    const w = await world();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(validSale, auth, async (sale, how) => {
        const body = JSON.stringify(sale);
        const a = await postSale(w, body, how);
        expectClearAnswer(w, a, `valid sale ${body}`);
        expect(a.status, `valid sale ${body} answered ${a.text}`).toBe(201);
        created++;
        expect(a.json).toMatchObject({ saleId: expect.any(Number), scheduled: expect.any(Array), skipped: expect.any(Array) });
      }),
      { numRuns: RUNS.valid, ...SEED },
    );
    await expectHealthyAndValid(w, created);
  });

  it('answers raw bytes (not UTF-8, NUL, BOM) with a clear 4xx', async () => {
    const w = await world();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
        const body = Buffer.from(bytes);
        const a = await postSale(w, body, 'signature');
        expectClearAnswer(w, a, `bytes ${body.toString('hex').slice(0, 200)}`);
        expect(a.status).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: RUNS.bytes, ...SEED },
    );
    await expectHealthyAndValid(w, 0);
  });

  // What the fuzzing finds on PostgreSQL, pinned down: its text cannot hold NUL, which JSON carries as "\u0000". (An id
  // holding one is taken, kept as U+FFFD on both engines, with a warning: see test/http/till-mistakes.test.ts.)
  it('takes a sale whose id and texts hold a NUL character, and knows it again when it is posted again', async () => {
    const w = await world();
    const sale = readme('a\u0000b');
    const body = JSON.stringify({ ...sale, reason: 'voor\u0000mij', customer: { ...sale.customer, posCustomerId: '\u0000' } });
    const first = await postSale(w, body, 'signature');
    expect(first.status, `${first.text.slice(0, 300)} (server: ${lastServerError(w)})`).toBe(201);
    const again = await postSale(w, body, 'signature');
    expect(again.status, `${again.text.slice(0, 300)} (server: ${lastServerError(w)})`).toBe(200);
    expect(again.json).toMatchObject({ saleId: (first.json as { saleId: number }).saleId });
    await expectHealthyAndValid(w, 1);
  });
});

describe('the refund endpoint under fuzzing', PROPERTIES, () => {
  it('answers any body and any sale id clearly; refunds change only the status of known sales', async () => {
    const w = await world();
    const known = ['r-1', 'r-2', '12345', 'Ω-ünïcode', 'r 5'];
    for (const id of known) expect((await postSale(w, JSON.stringify(readme(id)), 'signature')).status).toBe(201);
    const id = fc.oneof(fc.constantFrom(...known), oddString.filter((s) => s.length > 0 && s.length < 2000));
    // Bodies naming a sale (this one, another, or as a number), with any status and sometimes more fields; and anything.
    const naming = fc.record({
      id: fc.oneof(id.map((i) => JSON.stringify(i)), fc.constantFrom('12345', '-1', '1.5', 'null', 'true', '""', '"  "'), scalarText),
      status: fc.option(fc.oneof(fc.constantFrom('"refunded"', '"voided"', 'null', '"REFUNDED"'), scalarText)),
      extra: fc.option(fc.tuple(key, jsonText)),
    }).map(({ id: i, status, extra }) => `{"id":${i}${status === null ? '' : `,"status":${status}`}${extra ? `,${JSON.stringify(extra[0])}:${extra[1]}` : ''}}`);
    const body = fc.oneof(
      { arbitrary: fc.constant(''), weight: 2 },
      { arbitrary: fc.constantFrom('{"status":"refunded"}', '{"status":"voided"}', '{}', 'null', '{"status":null}', '{"status":"REFUNDED"}'), weight: 3 },
      { arbitrary: naming, weight: 6 },
      { arbitrary: anyJson, weight: 6 },
      { arbitrary: notJson, weight: 2 },
    );
    // A sale id, and a body that sometimes names exactly that sale.
    const pair = fc.tuple(id, body, fc.nat(3)).map(([saleId, raw, n]) => [saleId, n === 0 ? JSON.stringify({ id: saleId }) : raw] as const);
    await fc.assert(
      fc.asyncProperty(pair, auth, async ([saleId, raw], how) => {
        const path = `/v1/shops/${w.shop.slug}/sales/${segment(saleId)}/refund`;
        const headers = tillHeaders(w, raw, how, 'application/json', path);
        if (raw === '') delete headers['content-type'];
        const a = await request(w.base + path, { method: 'POST', headers, body: raw });
        expectClearAnswer(w, a, `refund ${saleId} ${raw.slice(0, 200)}`);
        if (a.status === 200) {
          expect(a.json).toMatchObject({ saleId: expect.any(Number), status: expect.stringMatching(/^(refunded|voided)$/), cancelled: expect.any(Number) });
          // A signed refund happens only for a body naming exactly this sale.
          if (how !== 'apiKey') expect(String((JSON.parse(raw) as { id: unknown }).id).trim(), raw).toBe(saleId);
        }
      }),
      { numRuns: RUNS.refund, ...SEED },
    );
    await expectHealthyAndValid(w, known.length);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Vendor webhooks, signed as each vendor signs them.

// The documented sample is Shopify's test notification (a test order, cancelled): fuzzed as a real order.
const shopifySample = { ...(JSON.parse(fixture('shopify-orders-create.json')) as Record<string, unknown>), test: false, cancelled_at: null, financial_status: 'paid' };
const shopifyPaths: (string | number)[][] = [
  ['id'], ['admin_graphql_api_id'], ['processed_at'], ['created_at'], ['customer'], ['customer', 'phone'], ['customer', 'email'], ['customer', 'first_name'],
  ['customer', 'id'], ['customer', 'admin_graphql_api_id'], ['customer', 'default_address'], ['customer', 'sms_marketing_consent'],
  ['customer', 'email_marketing_consent'], ['billing_address'], ['billing_address', 'country_code'], ['billing_address', 'phone'], ['shipping_address'],
  ['line_items'], ['line_items', 0], ['line_items', 0, 'name'], ['line_items', 0, 'title'], ['line_items', 0, 'quantity'], ['line_items', 0, 'price'],
  ['note'], ['note_attributes'], ['total_price'], ['currency'], ['phone'], ['email'], ['contact_email'], ['source_name'], ['customer_locale'],
  ['buyer_accepts_marketing'], ['order_id'], ['test'], ['cancelled_at'], ['financial_status'], ['__proto__'], ['customer', '__proto__'], ['line_items', 0, '__proto__'],
];
const shopifyBody = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...shopifyPaths), fc.option(fc.oneof(anyJson, scalarText), { freq: 6 })).map(([path, replacement]) => {
    const order = { ...shopifySample, admin_graphql_api_id: `gid://shopify/Order/${next()}`, processed_at: new Date(now - 3_600_000).toISOString(), order_id: 450789469 };
    return withField(order, path, replacement ?? undefined);
  }), weight: 6 },
  { arbitrary: anyJson, weight: 3 },
  { arbitrary: notJson, weight: 1 },
);

const zettlePurchase = JSON.parse((JSON.parse(fixture('zettle-purchase-created.json')) as { payload: string }).payload) as Record<string, unknown>;
const zettlePaths: (string | number)[][] = [
  ['purchaseUuid'], ['timestamp'], ['created'], ['amount'], ['currency'], ['products'], ['products', 0], ['products', 0, 'name'], ['products', 0, 'quantity'],
  ['products', 0, 'unitPrice'], ['products', 0, 'variantName'], ['products', 0, 'sku'], ['refund'], ['refundsPurchaseUuid'], ['refundsPurchaseUUID1'],
  ['userDisplayName'], ['__proto__'], ['products', 0, '__proto__'],
];
const zettlePayload = fc.oneof(
  // With "created", or (as some purchases come) with only the numeric "timestamp" to date them.
  { arbitrary: fc.tuple(fc.constantFrom(...zettlePaths), fc.option(fc.oneof(anyJson, scalarText), { freq: 6 }), fc.boolean()).map(([path, replacement, dated]) => {
    const { created: _created, ...undated } = zettlePurchase;
    const purchase = { ...(dated ? zettlePurchase : undated), purchaseUuid: `p-${next()}`, timestamp: now - 3_600_000, ...(dated && { created: new Date(now - 3_600_000).toISOString() }) };
    return withField(purchase, path, replacement ?? undefined);
  }), weight: 6 },
  { arbitrary: anyJson, weight: 3 },
  { arbitrary: notJson, weight: 1 },
);
const zettleEnvelope = fc.record({
  eventName: fc.oneof({ arbitrary: fc.constant('PurchaseCreated'), weight: 8 }, { arbitrary: fc.constantFrom('TestMessage', 'InventoryBalanceChanged', '__proto__'), weight: 1 }, { arbitrary: oddString, weight: 1 }),
  messageId: fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: fc.constant('fresh'), weight: 6 }, { arbitrary: oddString, weight: 1 }),
  timestamp: fc.oneof(fc.constant(new Date(now).toISOString()), oddString),
  payload: zettlePayload,
  extra: fc.option(fc.tuple(key.filter((k) => !['eventName', 'messageId', 'timestamp', 'payload'].includes(k)), jsonText)),
});

/** How many sales a vendor webhook answer says it created. */
const createdIn = (a: Answer): number =>
  a.status === 200 && Array.isArray((a.json as { results?: unknown })?.results)
    ? ((a.json as { results: { saleId?: unknown; duplicate?: unknown }[] }).results.filter((r) => typeof r.saleId === 'number' && !r.duplicate).length)
    : 0;

describe('vendor webhooks under fuzzing', PROPERTIES, () => {
  it('Shopify: any correctly signed body and topic gets a clear answer', async () => {
    const w = await world();
    let created = 0;
    await fc.assert(
      // As a webhook subscription sends them (X-Shopify-*), or as Events does (Shopify-*).
      fc.asyncProperty(shopifyBody, fc.constantFrom('orders/create', 'orders/create', 'orders/create', 'orders/paid', 'refunds/create', 'orders/cancelled', 'ORDERS/CREATE', 'products/update', 'Order', ''), fc.option(oddString), fc.constantFrom('x-shopify-', 'x-shopify-', 'shopify-'), async (body, topic, eventId, p) => {
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          [`${p}topic`]: topic,
          [`${p}hmac-sha256`]: createHmac('sha256', SHOPIFY_SECRET).update(body).digest('base64'),
        };
        // Header values must be ByteStrings without line breaks; odd ones are sent URL-encoded.
        headers[`${p}event-id`] = eventId === null ? `e-${next()}` : segment(eventId) || 'e';
        const a = await request(`${w.base}/v1/shops/${w.shop.slug}/webhooks/shopify`, { method: 'POST', headers, body });
        expectClearAnswer(w, a, `shopify ${topic} ${body.slice(0, 300)}`);
        expect([200, 400], a.text.slice(0, 300)).toContain(a.status);
        created += createdIn(a);
      }),
      { numRuns: RUNS.shopify, ...SEED },
    );
    await expectHealthyAndValid(w, created);
  });

  it('Zettle: any correctly signed envelope gets a clear answer', async () => {
    const w = await world();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(zettleEnvelope, async (e) => {
        const envelope: Record<string, unknown> = {
          organizationUuid: 'd3f03ffa-4a18-4282-bbfa-efd5f642ffb7',
          eventName: e.eventName,
          messageId: e.messageId === 'fresh' ? `m-${next()}` : e.messageId,
          timestamp: e.timestamp,
          payload: e.payload,
        };
        if (e.extra) Object.defineProperty(envelope, e.extra[0], { value: '\u0001X\u0001', enumerable: true, configurable: true, writable: true });
        const body = JSON.stringify(envelope).replace(JSON.stringify('\u0001X\u0001'), () => e.extra?.[1] ?? 'null');
        const signature = createHmac('sha256', ZETTLE_KEY).update(`${e.timestamp}.${e.payload}`).digest('hex');
        const a = await request(`${w.base}/v1/shops/${w.shop.slug}/webhooks/zettle`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-izettle-signature': signature }, body,
        });
        expectClearAnswer(w, a, `zettle ${body.slice(0, 400)}`);
        created += createdIn(a);
      }),
      { numRuns: RUNS.zettle, ...SEED },
    );
    await expectHealthyAndValid(w, created);
  });

  it('Zettle: a purchase dated only by a numeric timestamp that is no valid time in ms is refused (400) or, read but impossible, ignored (200), and stores nothing', async () => {
    // What the fuzzing above finds, pinned down: `timestamp` is taken as it comes when there is no `created`.
    const w = await world();
    for (const timestamp of [1.5, -5e-324, 1618837780798.5, 1e21, -1e20, 8.64e15 + 1, 1e16]) {
      const { created: _created, ...purchase } = zettlePurchase;
      const payload = JSON.stringify({ ...purchase, purchaseUuid: `t-${next()}`, timestamp });
      const at = new Date(now).toISOString();
      const body = JSON.stringify({ eventName: 'PurchaseCreated', messageId: `m-${next()}`, timestamp: at, payload });
      const a = await request(`${w.base}/v1/shops/${w.shop.slug}/webhooks/zettle`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-izettle-signature': createHmac('sha256', ZETTLE_KEY).update(`${at}.${payload}`).digest('hex') }, body,
      });
      // No time at all: 400. A time, but one no till could mean (1970, a clock reset): 200 and ignored, as a vendor
      // that keeps getting a 4xx switches the webhook off (src/http/tills.ts).
      const said = `timestamp ${timestamp}: ${a.status} ${a.text.slice(0, 120)}${a.status >= 500 ? ` (server: ${lastServerError(w)})` : ''}`;
      if (a.status === 200) expect.soft(JSON.parse(a.text), said).toMatchObject({ ignored: 'no sale in this delivery has a plausible time' });
      else expect.soft(a.status, said).toBe(400);
    }
    const stored = (await all<{ occurred_at: number }>(w.store.db, 'SELECT occurred_at FROM sales ORDER BY id')).map((r) => r.occurred_at);
    expect(stored, 'sales stored with an occurred_at that is no valid time').toEqual([]);
  });

  it('Zettle: an unsigned body, however large or deeply nested, is refused (401, 413) or, as a TestMessage, answered 200: never read further', async () => {
    const w = await world();
    const payload = fc.oneof(
      { arbitrary: fc.constantFrom('{"data":"payload"}', '{}', '[]', '"{}"', '{"data":{"x":[1]}}'), weight: 3 },
      { arbitrary: jsonText, weight: 3 },
      { arbitrary: deep, weight: 3 },
      { arbitrary: fc.integer({ min: 200_000, max: 1_200_000 }).map((n) => JSON.stringify('x'.repeat(n))), weight: 1 },
    );
    const envelope = fc.tuple(fc.constantFrom('TestMessage', 'TestMessage', 'PurchaseCreated', '__proto__'), payload, fc.option(fc.constant(new Date(now).toISOString())))
      .map(([eventName, p, timestamp]) => `{"eventName":${JSON.stringify(eventName)},"messageId":"m-${next()}",${timestamp === null ? '' : `"timestamp":"${timestamp}",`}"payload":${p}}`);
    let tries = 0;
    await fc.assert(
      fc.asyncProperty(envelope, fc.option(fc.constantFrom('guess', '0'.repeat(64))), async (body, signature) => {
        const a = await request(`${w.base}/v1/shops/${w.shop.slug}/webhooks/zettle`, {
          method: 'POST', headers: { 'content-type': 'application/json', ...(signature !== null && { 'x-izettle-signature': signature }) }, body,
        });
        expectClearAnswer(w, a, `zettle ${body.slice(0, 200)}`);
        tries++;
        const testMessage = /^\{"eventName":"TestMessage","messageId":"[^"]+","payload":\{/.test(body) && Buffer.byteLength(body) <= ZETTLE_BODY_LIMIT;
        if (Buffer.byteLength(body) > ZETTLE_BODY_LIMIT) expect([413, 429]).toContain(a.status);
        else if (a.status === 200) expect(testMessage, `200 for ${body.slice(0, 200)}`).toBe(true);
        else expect([401, 429]).toContain(a.status);
      }),
      { numRuns: RUNS.zettleUnsigned * 2, ...SEED },
    );
    expect(tries).toBeGreaterThan(0);
    await expectHealthyAndValid(w, 0);
  });

  it('Zettle: a body that is no envelope cannot be verified and is refused with 401', async () => {
    const w = await world();
    await fc.assert(
      fc.asyncProperty(fc.oneof(notJson, jsonText.filter((t) => !t.startsWith('{'))), async (body) => {
        const a = await request(`${w.base}/v1/shops/${w.shop.slug}/webhooks/zettle`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-izettle-signature': createHmac('sha256', ZETTLE_KEY).update(body).digest('hex') }, body,
        });
        expectClearAnswer(w, a, `zettle ${body.slice(0, 200)}`);
        expect(a.status).toBe(401);
      }),
      { numRuns: RUNS.zettleUnsigned, ...SEED }, // fewer than the 60 failed attempts an address may make
    );
    await expectHealthyAndValid(w, 0);
  });
});

// Square, Lightspeed and Loyverse: their documented (or documented-shape) samples with one field broken.

const squareSample = JSON.parse(fixture('square-payment-updated.json')) as Record<string, unknown>;
const lightspeedSale = JSON.parse(new URLSearchParams(fixture('lightspeed-sale-update.txt').split('\n').find((l) => l.includes('payload='))!).get('payload')!) as Record<string, unknown>;
const loyverseSample = JSON.parse(fixture('loyverse-receipts-update.json')) as { receipts: Record<string, unknown>[] } & Record<string, unknown>;
const recent = new Date(now - 3_600_000).toISOString();
const broken = (base: () => unknown, paths: (string | number)[][]) => fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...paths), fc.option(fc.oneof(anyJson, scalarText), { freq: 6 })).map(([path, replacement]) => withField(base(), path, replacement ?? undefined)), weight: 6 },
  { arbitrary: anyJson, weight: 2 },
  { arbitrary: notJson, weight: 1 },
);
const P = ['data', 'object', 'payment'];
const squareBody = broken(() => {
  const body = JSON.parse(JSON.stringify(squareSample)) as { event_id: string; data: { object: { payment: Record<string, unknown> } } };
  body.event_id = `ev-${next()}`;
  Object.assign(body.data.object.payment, { id: `pay-${next()}`, status: 'COMPLETED', created_at: recent, buyer_email_address: `koper${unique}@example.com` });
  return body;
}, [['type'], ['event_id'], ['data'], ['data', 'object'], P, [...P, 'id'], [...P, 'status'], [...P, 'created_at'], [...P, 'amount_money'], [...P, 'amount_money', 'amount'],
  [...P, 'amount_money', 'currency'], [...P, 'customer_id'], [...P, 'buyer_email_address'], ['__proto__'], [...P, '__proto__']]);
const lightspeedPayload = broken(() => ({ ...lightspeedSale, id: `ls-${next()}`, status: 'CLOSED', sale_date: '2026-03-14 14:00:00' }), [
  ['id'], ['status'], ['sale_date'], ['customer'], ['customer', 'first_name'], ['customer', 'mobile'], ['customer', 'phone'], ['customer', 'email'], ['customer_id'],
  ['register_sale_products'], ['register_sale_products', 0], ['register_sale_products', 0, 'name'], ['register_sale_products', 0, 'quantity'],
  ['register_sale_products', 0, 'price'], ['totals'], ['totals', 'total_payment'], ['total_price'], ['__proto__'], ['customer', '__proto__'],
]);
const R = ['receipts', 0];
const loyverseBody = broken(() => {
  const body = JSON.parse(JSON.stringify(loyverseSample)) as { receipts: Record<string, unknown>[] };
  Object.assign(body.receipts[0]!, { receipt_number: `r-${next()}`, receipt_type: 'SALE', receipt_date: recent, cancelled_at: null });
  return body;
}, [['type'], ['receipts'], R, [...R, 'store_id'], [...R, 'receipt_number'], [...R, 'receipt_type'], [...R, 'receipt_date'], [...R, 'created_at'], [...R, 'cancelled_at'],
  [...R, 'refund_for'], [...R, 'line_items'], [...R, 'line_items', 0], [...R, 'line_items', 0, 'item_name'], [...R, 'line_items', 0, 'quantity'], [...R, 'total_money'],
  [...R, 'customer_id'], ['__proto__'], [...R, '__proto__']]);

/** A delivery signed the way each of these three tills signs. */
const otherDelivery = {
  square: (body: string) => ({ body, headers: { 'content-type': 'application/json', 'x-square-hmacsha256-signature': createHmac('sha256', OTHER_SECRET).update(`${PUBLIC_URL}/v1/shops/fietsenmaker/webhooks/square`).update(body).digest('base64') } }),
  lightspeed: (payload: string, type = 'sale.update') => {
    const body = new URLSearchParams({ type, payload }).toString();
    return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-signature': `signature=${createHmac('sha256', OTHER_SECRET).update(body).digest('hex')},algorithm=HMAC-SHA256` } };
  },
  loyverse: (body: string) => ({ body, headers: { 'content-type': 'application/json', 'x-loyverse-signature': createHmac('sha1', OTHER_SECRET).update(body).digest('base64') } }),
};

describe('Square, Lightspeed and Loyverse webhooks under fuzzing', PROPERTIES, () => {
  const cases = {
    square: squareBody.map((b) => otherDelivery.square(b)),
    lightspeed: fc.tuple(lightspeedPayload, fc.oneof({ arbitrary: fc.constant('sale.update'), weight: 8 }, { arbitrary: oddString, weight: 1 })).map(([payload, type]) => otherDelivery.lightspeed(payload, type)),
    loyverse: loyverseBody.map((b) => otherDelivery.loyverse(b)),
  };
  for (const [vendor, delivery] of Object.entries(cases)) {
    it(`${vendor}: any correctly signed body gets a clear answer`, async () => {
      const w = await world();
      let created = 0;
      await fc.assert(
        fc.asyncProperty(delivery, async (d) => {
          const a = await request(`${w.base}/v1/shops/${w.shop.slug}/webhooks/${vendor}`, { method: 'POST', ...d });
          expectClearAnswer(w, a, `${vendor} ${d.body.slice(0, 400)}`);
          expect([200, 400], a.text.slice(0, 300)).toContain(a.status);
          created += createdIn(a);
        }),
        { numRuns: RUNS.otherVendors, ...SEED },
      );
      await expectHealthyAndValid(w, created);
    });
  }

  // What the fuzzing finds, pinned down: a field that holds an object whose own "toString" is no function (valid JSON,
  // e.g. {"toString":0}) makes String()/Number() throw a TypeError inside the adapter.
  const BAD = { toString: 0 };
  const deliveries: [string, string, () => { body: string; headers: Record<string, string> }][] = [
    ['zettle', 'eventName', () => {
      const payload = JSON.stringify({ ...zettlePurchase, purchaseUuid: `p-${next()}` });
      const body = JSON.stringify({ eventName: BAD, messageId: `m-${next()}`, timestamp: recent, payload });
      return { body, headers: { 'content-type': 'application/json', 'x-izettle-signature': createHmac('sha256', ZETTLE_KEY).update(`${recent}.${payload}`).digest('hex') } };
    }],
    ['zettle', 'products[0].quantity', () => {
      const payload = JSON.stringify({ ...zettlePurchase, purchaseUuid: `p-${next()}`, products: [{ name: 'Bel', quantity: BAD }] });
      const body = JSON.stringify({ eventName: 'PurchaseCreated', messageId: `m-${next()}`, timestamp: recent, payload });
      return { body, headers: { 'content-type': 'application/json', 'x-izettle-signature': createHmac('sha256', ZETTLE_KEY).update(`${recent}.${payload}`).digest('hex') } };
    }],
    ['square', 'data.object.payment.status', () => otherDelivery.square(JSON.stringify({ type: 'payment.updated', event_id: `ev-${next()}`, data: { object: { payment: { id: `pay-${next()}`, created_at: recent, status: BAD } } } }))],
    ['lightspeed', 'payload.status', () => otherDelivery.lightspeed(JSON.stringify({ id: `ls-${next()}`, status: BAD }))],
    ['lightspeed', 'payload.sale_date', () => otherDelivery.lightspeed(JSON.stringify({ id: `ls-${next()}`, status: 'CLOSED', sale_date: BAD }))],
    ['loyverse', 'type', () => otherDelivery.loyverse(JSON.stringify({ type: BAD }))],
    ['loyverse', 'receipts[0].receipt_date', () => otherDelivery.loyverse(JSON.stringify({ type: 'receipts.update', receipts: [{ store_id: 's', receipt_number: `r-${next()}`, receipt_type: 'SALE', receipt_date: BAD }] }))],
    ['shopify', 'line_items[0].* and customer', () => {
      const body = JSON.stringify({ admin_graphql_api_id: `gid://shopify/Order/${next()}`, processed_at: recent, customer: BAD, currency: BAD, line_items: [{ name: BAD, quantity: BAD, price: BAD }] });
      return { body, headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': createHmac('sha256', SHOPIFY_SECRET).update(body).digest('base64') } };
    }],
  ];
  it.each(deliveries)('%s: %s = {"toString":0} gets a 200 or 400, never a 500', async (vendor, _field, delivery) => {
    const w = await world();
    const a = await request(`${w.base}/v1/shops/${w.shop.slug}/webhooks/${vendor}`, { method: 'POST', ...delivery() });
    expect([200, 400], `${a.status} ${a.text.slice(0, 120)}${a.status >= 500 ? ` (server: ${lastServerError(w)})` : ''}`).toContain(a.status);
    await expectHealthyAndValid(w, createdIn(a));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Twilio, form-encoded and signed over PUBLIC_URL + path and the parameters as the server reads them.

/** The parameters as the server will read them (a URL-encoded round trip; body-parser drops "__proto__"). */
function serverView(params: [string, string][]): Record<string, string> {
  const view: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of new URLSearchParams(new URLSearchParams(params).toString())) if (k !== '__proto__') view[k] = v;
  return view;
}

async function postTwilioForm(w: World, path: string, params: [string, string][]) {
  const signature = twilio.getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, PUBLIC_URL + path, serverView(params));
  return request(w.base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}

/** A texted customer (+31613572468) so that replies match, and the SID their check-in was sent with. */
async function textedWorld() {
  const w = await world();
  const sale = await postSale(w, JSON.stringify(readme('texted')), 'signature');
  expect(sale.status).toBe(201);
  const { dispatcher } = testDispatcher(w.store);
  await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'));
  const sid = (await value<string>(w.store.db, "SELECT provider_id FROM messages WHERE status = 'sent'"))!;
  expect(sid).toBeTruthy();
  return { ...w, sid };
}

let sids = 0;
const sid = () => `SM${(++sids).toString(16).padStart(32, '0')}`;
const extraParams = fc.array(fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'AccountSid', 'NumMedia', 'SmsStatus'), fc.stringMatching(/^[A-Za-z_]{1,12}$/)), oddString), { maxLength: 4 });
const formValue = fc.oneof({ arbitrary: oddString, weight: 8 }, { arbitrary: hugeString, weight: 1 });

/** Unique keys, first one wins, as a form a client would build. */
const uniqueParams = (pairs: [string, string | null][]): [string, string][] => {
  const seen = new Set<string>();
  return pairs.filter((p): p is [string, string] => p[1] !== null && !seen.has(p[0]) && Boolean(seen.add(p[0])));
};

describe('Twilio webhooks under fuzzing', PROPERTIES, () => {
  it('/v1/twilio/inbound: any correctly signed form gets a clear answer', async () => {
    const w = await textedWorld();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          MessageSid: fc.option(fc.oneof({ arbitrary: fc.constant('fresh'), weight: 6 }, { arbitrary: formValue, weight: 2 })),
          From: fc.option(fc.oneof({ arbitrary: fc.constantFrom('+31613572468', '+31699999999', '0613572468'), weight: 6 }, { arbitrary: formValue, weight: 2 })),
          To: fc.option(fc.oneof({ arbitrary: fc.constant('+15005550006'), weight: 6 }, { arbitrary: formValue, weight: 2 })),
          Body: fc.option(fc.oneof({ arbitrary: fc.constantFrom('STOP', 'start', 'HELP', 'Top, bevalt prima!', 'Het lekt, niet goed', 'Kan ik hem wassen?', 'Yes'), weight: 3 }, { arbitrary: formValue, weight: 6 })),
        }),
        extraParams,
        async (p, extra) => {
          const params = uniqueParams([
            ['MessageSid', p.MessageSid === 'fresh' ? sid() : p.MessageSid], ['From', p.From], ['To', p.To], ['Body', p.Body], ...extra,
          ]);
          const a = await postTwilioForm(w, '/v1/twilio/inbound', params);
          expectClearAnswer(w, a, `inbound ${JSON.stringify(params).slice(0, 400)}`);
          if (a.status === 200) expect(a.contentType).toMatch(/^text\/xml/);
        },
      ),
      { numRuns: RUNS.inbound, ...SEED },
    );
    await expectHealthyAndValid(w, 1);
    const replies = await all<{ provider_id: string | null; body: string | null }>(w.store.db, 'SELECT provider_id, body FROM replies ORDER BY id');
    expect(replies.length, 'some generated replies were valid and stored').toBeGreaterThan(0);
    for (const r of replies) {
      expect(r.provider_id).toMatch(/^(SM|MM)[0-9a-fA-F]{32}$/);
      expect((r.body ?? '').length).toBeLessThanOrEqual(1600);
    }
  });

  it('/v1/twilio/inbound: stores a reply whose text holds a NUL character (pinned down, as for sales above)', async () => {
    const w = await textedWorld();
    const a = await postTwilioForm(w, '/v1/twilio/inbound', [['MessageSid', sid()], ['From', '+31613572468'], ['To', '+15005550006'], ['Body', 'Het lekt\u0000 niet goed']]);
    expect(a.status, `${a.text.slice(0, 300)} (server: ${lastServerError(w)})`).toBe(200);
    expect(await all(w.store.db, 'SELECT count(*) AS n FROM replies')).toEqual([{ n: 1 }]);
  });

  it('/v1/twilio/inbound: stores and reads a reply that says "constructor" (pinned down: the reader looked its words up in plain objects, and answered 500)', async () => {
    const w = await textedWorld();
    for (const body of ['constructor', 'The constructor said it was fine', 'toString', '__proto__']) {
      const a = await postTwilioForm(w, '/v1/twilio/inbound', [['MessageSid', sid()], ['From', '+31613572468'], ['To', '+15005550006'], ['Body', body]]);
      expect(a.status, `${body}: ${a.text.slice(0, 300)} (server: ${lastServerError(w)})`).toBe(200);
    }
    expect(await all(w.store.db, 'SELECT count(*) AS n FROM replies')).toEqual([{ n: 4 }]);
  });

  it('/v1/twilio/status: any correctly signed form gets a clear answer', async () => {
    const w = await textedWorld();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          MessageSid: fc.option(fc.oneof({ arbitrary: fc.constant(w.sid), weight: 4 }, { arbitrary: formValue, weight: 3 })),
          MessageStatus: fc.option(fc.oneof({ arbitrary: fc.constantFrom('delivered', 'undelivered', 'failed', 'sent', 'queued', 'read', 'DELIVERED'), weight: 4 }, { arbitrary: formValue, weight: 2 })),
          ErrorCode: fc.option(fc.oneof(fc.constantFrom('30003', '21610', '21211', '0', '9999999'), formValue)),
        }),
        extraParams,
        async (p, extra) => {
          const params = uniqueParams([['MessageSid', p.MessageSid], ['MessageStatus', p.MessageStatus], ['ErrorCode', p.ErrorCode], ...extra]);
          const a = await postTwilioForm(w, '/v1/twilio/status', params);
          expectClearAnswer(w, a, `status ${JSON.stringify(params).slice(0, 400)}`);
        },
      ),
      { numRuns: RUNS.status, ...SEED },
    );
    await expectHealthyAndValid(w, 1);
    const m = (await one<{ delivery: string | null; error: string | null }>(w.store.db, 'SELECT delivery, error FROM messages WHERE provider_id = ?', w.sid))!;
    expect([null, 'delivered', 'undelivered', 'failed', 'sent', 'read', 'queued']).toContain(m.delivery);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The README: "400 | the body is not JSON, or fields are wrong: `issues` lists every one". Checked on its own so that
// a missing `issues` does not hide the other properties' findings.

describe('the public pages under fuzzing', PROPERTIES, () => {
  it('answer any form with a page, never an error of ours, and nothing anyone types there changes a customer or a sale', async () => {
    const w = await world();
    const walkIn = await postSale(w, JSON.stringify({ id: 'walk-in', occurredAt: '2026-03-14T15:30:00+01:00' }), 'signature');
    const code = String((walkIn.json as { consentUrl: string }).consentUrl).split('/c/')[1]!;
    const before = async () =>
      JSON.stringify([
        await all(w.store.db, 'SELECT * FROM customers ORDER BY id'), await all(w.store.db, 'SELECT * FROM sales ORDER BY id'),
        await all(w.store.db, 'SELECT * FROM consent_events ORDER BY id'),
      ]);
    const unchanged = await before();
    const field = fc.oneof(fc.constantFrom('phone', 'email', 'sms', 'email_ok', 'item', 'reason', 'code', '__proto__', 'constructor'), fc.string({ maxLength: 12 }));
    const value = fc.oneof(scalarText, fc.constantFrom('yes', '06 13572468', '+32 470 12 34 56', 'a@b.example', '123456', ''));
    const formBody = fc.array(fc.tuple(field, value), { maxLength: 8 }).map((pairs) => new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, String(v)])).toString());
    const page = fc.constantFrom(`/c/${code}`, `/shops/${w.shop.slug}/join`, `/j/${'A'.repeat(24)}`, '/c/zzzzzzzzzz', '/shops/nobody/join');
    await fc.assert(
      fc.asyncProperty(page, formBody, async (path, body) => {
        const a = await request(`${w.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body });
        expect(a.status < 500, `${path} ${body.slice(0, 200)}: ${a.status} (server: ${lastServerError(w)})`).toBe(true);
        // Fewer runs than the pages' limit per address (60 posts in 15 minutes): every one is really read.
        expect([200, 400, 404, 413], `${path} ${body.slice(0, 200)}`).toContain(a.status);
        expect(a.contentType).toMatch(/^text\/html/);
        expectPrototypeClean();
      }),
      { numRuns: RUNS.publicPages, ...SEED },
    );
    expect(await before()).toBe(unchanged);
  });
});

describe('every 400 lists its issues', PROPERTIES, () => {
  const targets = {
    'the sale webhook': (w: World, body: string) => postSale(w, body, 'signature'),
    'the refund endpoint': (w: World, body: string) =>
      request(`${w.base}/v1/shops/${w.shop.slug}/sales/r-1/refund`, { method: 'POST', headers: tillHeaders(w, body, 'signature'), body }),
    'the Twilio inbound webhook': (w: World, body: string) => postTwilioForm(w, '/v1/twilio/inbound', [['MessageSid', body.slice(0, 50)], ['From', body.slice(0, 20)], ['To', 'x']]),
  };
  for (const [name, post] of Object.entries(targets)) {
    it(`on ${name}, whatever made the body wrong (not JSON at all, or fields)`, async () => {
      const w = await world();
      let created = 0;
      await fc.assert(
        fc.asyncProperty(fc.oneof(notJson, anyJson, brokenSale), async (body) => {
          const a = await post(w, body);
          expectClearAnswer(w, a, `${name} ${body.slice(0, 200)}`);
          if (a.status === 201) created++;
          if (a.status === 400) {
            const issues = (a.json as { issues?: unknown }).issues;
            expect(Array.isArray(issues) && issues.length > 0, `${name} answered 400 ${a.text.slice(0, 200)} without issues`).toBe(true);
          }
        }),
        { numRuns: RUNS.issues, ...SEED },
      );
      await expectHealthyAndValid(w, created);
    });
  }
});
