// One shop's backlog and the other shops' messages in the dispatcher's claims: what a claim costs, the plain one
// (oldest due of all, src/db/queue.ts claimOf) against the shops taking turns (src/queue/turns.ts, claimInTurnOf), and
// in which claim the other shops' messages go. The data: one shop with --backlog check-ins due at one 10:00 (an
// import), written first, and --shops other shops with --few each, due at the same 10:00.
//
// Each claim is timed as the dispatcher makes it, --claims of them in a row: the turns' first claim includes its one
// read of the shops with messages due, and the first three are the ones in turns here (the rest are plain once the
// other shops are out). First right after the import (PostgreSQL: no statistics yet, autovacuum off for the table),
// then after ANALYZE; the two kinds alternate, the rows claimed put back after each run. It prints the plans too:
// EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL (in a transaction rolled back), EXPLAIN QUERY PLAN on
// SQLite. It asserts nothing about time.
//
// Then the read of the shops with messages due alone (src/db/queue.ts dueShops, once a drain: the turns' first claim),
// among --due-shops shops in all: the others each have a message scheduled a week on (an invitation), none due, one
// due, 50 due (a minute early), --due-many due (999: the most src/db/queue.ts DUE_READ reads before it reads every shop
// instead) and one more (it reads every shop), and the backlog due; --due-reads of each. --due-only skips the claims.
//
//   npx tsx bench/claims-by-shop.ts                       # SQLite, a temporary file
//   npx tsx bench/claims-by-shop.ts --engine postgres     # a throw-away cluster
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/open.js';
import { type Params, type Statement, sql, textOf } from '../src/db/sql.js';
import { createStore } from '../src/db/store.js';
import { MESSAGE_CLAIM } from '../src/queue/attempt.js';
import { takingTurns } from '../src/queue/turns.js';
import { benchArgs } from './args.js';
import { benchServer, createDatabase, describeServer, dropDatabases, engineOptions } from './pg.js';
import { describeMachine } from './sale.js';
import { watchStatements } from './statements.js';

const { values: opt } = benchArgs(import.meta.url, {
  options: {
    backlog: { type: 'string', default: '100000' }, shops: { type: 'string', default: '50' }, few: { type: 'string', default: '3' },
    claims: { type: 'string', default: '40' }, rounds: { type: 'string', default: '3' },
    'explain-timeout': { type: 'string', default: '20000' }, 'plans-only': { type: 'boolean', default: false },
    'due-shops': { type: 'string', default: '5000' }, 'due-reads': { type: 'string', default: '50' }, 'due-many': { type: 'string', default: '999' },
    'due-only': { type: 'boolean', default: false },
    ...engineOptions,
  },
});
const { engine, serverUrl } = await benchServer(opt);
const BACKLOG = Number(opt.backlog), SHOPS = Number(opt.shops), FEW = Number(opt.few), CLAIMS = Number(opt.claims), ROUNDS = Number(opt.rounds);
const DUE_SHOPS = Number(opt['due-shops']), DUE_READS = Number(opt['due-reads']), DUE_MANY = Number(opt['due-many']);
const DUE = Date.parse('2026-03-15T10:00:00+01:00');
const dir = engine === 'sqlite' ? mkdtempSync(join(os.tmpdir(), 'nextdeal-bench-')) : null;
const path = dir ? join(dir, 'bench.db') : '';
const url = engine === 'postgres' ? await createDatabase(serverUrl!) : undefined;
const db = await openDatabase({ url, path });
const value = async (text: string, p?: Params) => Number(await db.value(sql(text), p));

// The shops, one sale each through the store (a customer, a sale, its check-in); then the messages, copies of its check-in.
const store = createStore(db);
const phone = (n: number) => `+3161${String(2_000_000 + n).padStart(7, '0')}`;
const sales: number[] = [];
for (let s = 0; s <= SHOPS; s++) {
  const slug = s === 0 ? 'grootwinkel' : `winkel-${s}`;
  await store.shops.create({ slug, name: slug, timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl', holdout: 0 }, DUE - 86_400_000);
  const shop = (await store.shops.bySlug(slug))!;
  const at = DUE - 86_400_000 + s * 1000;
  await store.sales.record(shop, { tillSaleId: `s-${s}`, status: 'completed', occurredAt: at, reason: 'nieuw', total: 500, currency: 'EUR', staff: null,
    customer: { name: `K${s}`, phone: phone(s), email: null, locale: null, posCustomerId: null, consent: { sms: true } },
    items: [{ name: 'Fiets', sku: null, quantity: 1, unitPrice: 500 }] }, at + 500);
  sales.push(await value("SELECT id FROM messages WHERE kind = 'checkin' ORDER BY id DESC LIMIT 1"));
}
await db.run(sql("DELETE FROM messages WHERE kind <> 'checkin'"));
if (db.engine === 'postgres') await db.exec('ALTER TABLE messages SET (autovacuum_enabled = off)');
const copies = (id: number, n: number, tag: string) => db.run(sql(`WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ${n})
  INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, status, due_at, next_attempt_at, created_at)
  SELECT shop_id, customer_id, sale_id, kind, channel, '${tag}:' || CAST(k AS TEXT), 'scheduled', ${DUE}, ${DUE}, created_at FROM messages, n WHERE id = ${id}`));
let t = performance.now();
await copies(sales[0]!, BACKLOG - 1, 'backlog');
for (let s = 1; s <= SHOPS; s++) await copies(sales[s]!, FEW - 1, `few-${s}`);
await db.run(sql(`UPDATE messages SET due_at = ${DUE}, next_attempt_at = ${DUE}`));
// The other shops, up to --due-shops in all, each with an invitation a week on (copies of a shop's row and of a message).
const LATER = DUE + 7 * 86_400_000;
const others = Math.max(0, DUE_SHOPS - SHOPS - 1);
await db.run(sql(`WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ${others})
  INSERT INTO shops (slug, name, timezone, country, locale, holdout, formal, api_key_hash, webhook_secret, created_at)
  SELECT 'ander-' || CAST(k AS TEXT), name, timezone, country, locale, holdout, formal, 'ander-' || CAST(k AS TEXT), webhook_secret, created_at
  FROM shops, n WHERE slug = 'winkel-1' AND ${others} > 0`));
await db.run(sql(`INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, status, due_at, next_attempt_at, created_at)
  SELECT s.id, m.customer_id, m.sale_id, 'comeback', m.channel, 'later:' || CAST(s.id AS TEXT), 'scheduled', ${LATER}, ${LATER}, m.created_at
  FROM shops s, messages m WHERE s.slug LIKE 'ander-%' AND m.id = ${sales[1]}`));
const big = await value("SELECT id FROM shops WHERE slug = 'grootwinkel'");
console.log(describeMachine());
if (serverUrl) console.log(await describeServer(serverUrl));
console.log(`${engine}: ${await value('SELECT count(*) FROM messages WHERE next_attempt_at <= ?', [DUE])} messages due at one time: ${BACKLOG} of one shop, ` +
  `${SHOPS} shops with ${FEW} each; ${others} shops more with one a week on (written in ${(performance.now() - t).toFixed(0)} ms)`);

const watched = watchStatements(db);
const messages = createStore(watched.db).messages;
const claimers = { plain: () => messages, turns: () => takingTurns(messages) } as const;

/** `CLAIMS` claims in a row as one drain makes them: each one's time, and the claim that took the last of the few. */
async function run(kind: keyof typeof claimers) {
  const queue = claimers[kind]();
  const times: number[] = [];
  let fewDone = 0;
  const fewLeft = async () => value("SELECT count(*) FROM messages WHERE status = 'scheduled' AND shop_id <> ?", [big]);
  for (let c = 1; c <= CLAIMS; c++) {
    const t0 = performance.now();
    const ids = await queue.claim(DUE, MESSAGE_CLAIM, DUE);
    times.push(performance.now() - t0);
    if (ids.length === 0) break;
    if (!fewDone && (await fewLeft()) === 0) fewDone = c;
  }
  const claimed = await value("SELECT count(*) FROM messages WHERE status = 'sending'");
  await db.run(sql("UPDATE messages SET status = 'scheduled', claimed_at = NULL, attempts = 0 WHERE status = 'sending'"));
  return { times, fewDone, claimed };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2; };
async function measure(when: string) {
  const all: Record<string, number[]> = { plain: [], turns: [] };
  const firsts: Record<string, number[]> = { plain: [], turns: [] };
  let done: Record<string, string> = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const kind of r % 2 ? ['turns', 'plain'] as const : ['plain', 'turns'] as const) {
      const { times, fewDone, claimed } = await run(kind);
      all[kind]!.push(...times.slice(3));
      firsts[kind]!.push(...times.slice(0, 3));
      done[kind] = fewDone ? `all ${SHOPS * FEW} of the other shops' messages claimed by claim ${fewDone}` : `the other shops' messages not all claimed in ${CLAIMS} claims (${claimed} claimed)`;
    }
  }
  console.log(`\n${when}: ${ROUNDS} runs of ${CLAIMS} claims of ${MESSAGE_CLAIM} each kind`);
  for (const kind of ['plain', 'turns']) {
    const xs = all[kind]!;
    console.log(`  ${kind.padEnd(6)} claims 4-${CLAIMS}: median ${median(xs).toFixed(2)} ms, max ${Math.max(...xs).toFixed(2)} ms; ` +
      `claims 1-3 (the turns': the shops with messages due read in the first): median ${median(firsts[kind]!).toFixed(2)} ms, max ${Math.max(...firsts[kind]!).toFixed(2)} ms; ${done[kind]}`);
  }
}

/**
 * One claim of each statement in isolation, alternating, --claims of each, the rows put back after each: the plain
 * claim, and the claim in turn with every shop named (the shops with messages due read once, not timed).
 */
async function alone(when: string) {
  const shops = await messages.dueShops(DUE);
  const times: Record<string, number[]> = { plain: [], turn: [] };
  const putBack = sql("UPDATE messages SET status = 'scheduled', claimed_at = NULL, attempts = 0 WHERE status = 'sending'");
  for (let c = 0; c < CLAIMS; c++) {
    for (const kind of c % 2 ? ['turn', 'plain'] : ['plain', 'turn']) {
      const t0 = performance.now();
      if (kind === 'plain') await messages.claim(DUE, MESSAGE_CLAIM, DUE);
      else await messages.claimInTurn(DUE, MESSAGE_CLAIM, DUE, shops.slice(0, MESSAGE_CLAIM), Math.ceil(MESSAGE_CLAIM / Math.min(shops.length, MESSAGE_CLAIM)));
      times[kind]!.push(performance.now() - t0);
      await db.run(putBack);
    }
  }
  console.log(`\n${when}: one claim alone, ${CLAIMS} of each, alternating (the rows put back after each)`);
  for (const kind of ['plain', 'turn']) console.log(`  ${kind.padEnd(6)} claim: median ${median(times[kind]!).toFixed(2)} ms, max ${Math.max(...times[kind]!).toFixed(2)} ms`);
}

/**
 * The plans of the claims as the dispatcher makes them (their statements caught on a handle that runs nothing): on
 * PostgreSQL run (EXPLAIN ANALYZE, in a transaction rolled back, at most --explain-timeout ms; past it the plan alone).
 */
async function explain(when: string) {
  const caught: { kind: string; text: string; params: Params | undefined }[] = [];
  let kind = '';
  // (The read of the shops with messages due answers for real: whether it walks the shops follows from its first read.)
  const dry = { ...db, all: async (s: Statement<unknown>, p?: Params) =>
    (caught.push({ kind, text: textOf(s, db.engine), params: p }), kind.startsWith('the shops') ? db.all(s, p) : []) } as unknown as typeof db;
  const of = createStore(dry).messages;
  const shops = await messages.dueShops(DUE);
  kind = 'plain claim';
  await of.claim(DUE, MESSAGE_CLAIM, DUE);
  kind = 'the shops with messages due (once a drain), the backlog due';
  await of.dueShops(DUE);
  kind = 'the shops with messages due (once a drain), none due';
  await of.dueShops(DUE - 1);
  kind = 'claim in turn';
  const named = shops.slice(0, MESSAGE_CLAIM);
  await of.claimInTurn(DUE, MESSAGE_CLAIM, DUE, named, Math.ceil(MESSAGE_CLAIM / named.length));
  console.log(`\n${when}: the plans`);
  for (const { kind, text, params } of caught) {
    const rows = db.engine === 'sqlite'
      ? (await db.all<{ detail: string }>(sql(`EXPLAIN QUERY PLAN ${text}`), params)).map((r) => r.detail)
      : await db.transaction(async (tx) => {
        await tx.exec(`SET LOCAL statement_timeout = ${Number(opt['explain-timeout'])}`);
        const plan = (await tx.all<{ 'QUERY PLAN': string }>(sql(`EXPLAIN (ANALYZE, BUFFERS) ${text}`), params)).map((r) => r['QUERY PLAN']);
        throw Object.assign(new Error('rolled back'), { plan });
      }).catch(async (e: { plan?: string[]; code?: string }) => {
        if (e.plan) return e.plan;
        if (e.code !== '57014') throw e;
        const plan = (await db.all<{ 'QUERY PLAN': string }>(sql(`EXPLAIN ${text}`), params)).map((r) => r['QUERY PLAN']);
        return [`(not done in ${opt['explain-timeout']} ms: the plan alone)`, ...plan];
      });
    console.log(`\n-- ${kind}: ${text.replace(/\s+/g, ' ').slice(0, 100)}…\n${rows.join('\n')}`);
  }
}

/**
 * The shops with messages due read alone, as the turns' first claim of a drain reads them: none due, one, 50 (a minute
 * early, of the shops with an invitation a week on), and the backlog due (all of the claims' data); --due-reads of
 * each, half in a forward pass and half in a backward one, the rows made due once a pass. What the read found is
 * checked: how many shops.
 */
async function dueShops(when: string) {
  const early = (n: number, at: number) => db.run(sql(`UPDATE messages SET next_attempt_at = ${at} WHERE kind = 'comeback' AND status = 'scheduled'
    AND shop_id IN (SELECT id FROM shops WHERE slug LIKE 'ander-%' ORDER BY id LIMIT ${n})`));
  const cases = [['none due', 0, DUE - 1], ['one due', 1, DUE - 1], ['50 due', 50, DUE - 1], [`${DUE_MANY} due`, DUE_MANY, DUE - 1],
    [`${DUE_MANY + 1} due`, DUE_MANY + 1, DUE - 1], [`the backlog due (${BACKLOG + SHOPS * FEW + 50} messages)`, 50, DUE]] as const;
  const times = cases.map(() => [] as number[]);
  const found = cases.map(() => new Set<number>());
  for (const pass of [[...cases.keys()], [...cases.keys()].reverse()]) {
    for (const c of pass) {
      const [, n, now] = cases[c]!;
      await early(n, DUE - 60_000);
      for (let r = 0; r < DUE_READS / 2; r++) {
        const t0 = performance.now();
        const shops = await messages.dueShops(now);
        times[c]!.push(performance.now() - t0);
        found[c]!.add(shops.length);
      }
      await early(n, LATER);
    }
  }
  const all = await value('SELECT count(*) FROM shops');
  console.log(`\n${when}: the shops with messages due, read alone, ${DUE_READS} times each (${all} shops)`);
  for (const [c, [name]] of cases.entries()) {
    console.log(`  ${name.padEnd(40)} median ${median(times[c]!).toFixed(3)} ms, max ${Math.max(...times[c]!).toFixed(3)} ms; found ${[...found[c]!].join(', ')} shops`);
  }
}

await explain('right after the import (no statistics)');
if (!opt['plans-only']) {
  if (!opt['due-only']) await measure('right after the import (no statistics)'), await alone('right after the import (no statistics)');
  await dueShops('right after the import (no statistics)');
}
if (db.engine === 'postgres') await db.exec('ANALYZE messages'); else await db.exec('ANALYZE');
await explain('after ANALYZE');
if (!opt['plans-only']) {
  if (!opt['due-only']) await measure('after ANALYZE'), await alone('after ANALYZE');
  await dueShops('after ANALYZE');
}
await db.close();
if (dir) rmSync(dir, { recursive: true, force: true });
await dropDatabases();
