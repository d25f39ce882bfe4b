// A come-back invitation her complaint held is marked on the message (migration 079), and nothing about it reads the
// replies of anyone but the customer. The first attempt asked the whole replies table, for every come-back it sent and
// on every sweep (its review: 45-180 ms a come-back at 50,000 replies of another customer, and a full scan a tick for
// each invitation a question held past its time): here the other customer has 20,000, and every statement the
// complaint's life runs is explained on the engine under test.
import { afterEach, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { type Params, type Statement, sql, textOf } from '../../src/db/sql.js';
import { createStore } from '../../src/db/store.js';
import { createShop, postSale, run, runCleanups, saleBody, startApp, testClock, testDatabase, testDispatcher, value } from '../helpers.js';

afterEach(runCleanups);

type Seen = { text: string; params: Params | undefined }[];

/** The database as the stores see it, writing down every statement they run (in transactions too) on its way. */
function catching(db: Database, seen: Seen): Database {
  return new Proxy(db, {
    get(target, key) {
      const v = Reflect.get(target, key, target) as unknown;
      if (typeof v !== 'function') return v;
      if (['get', 'all', 'value', 'values', 'run', 'send'].includes(key as string)) {
        return (s: Statement<unknown>, p?: Params) => (seen.push({ text: textOf(s, target.engine), params: p }), v.call(target, s, p));
      }
      if (key === 'transaction') return (fn: (tx: Database) => Promise<unknown>) => v.call(target, (tx: Database) => fn(catching(tx, seen)));
      return v.bind(target);
    },
  });
}

/** The plan of a statement, with PostgreSQL told not to scan a table where it has a way round (as indexes.test.ts does). */
async function plan(db: Database, text: string, params?: Params): Promise<string> {
  if (db.engine === 'sqlite') return (await db.all<{ detail: string; id: number; parent: number }>(sql(`EXPLAIN QUERY PLAN ${text}`), params)).map((r) => `${r.id}<${r.parent} ${r.detail}`).join('\n');
  return db.transaction(async (tx) => {
    await tx.exec('SET LOCAL enable_seqscan = off');
    return (await tx.all(sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`), params)).map((r) => r['QUERY PLAN']).join('\n');
  });
}

/** Whether a plan reads the replies table through no index condition: a scan of it, whole. */
function scansReplies(engine: Database['engine'], text: string, planned: string): boolean {
  if (engine === 'sqlite') {
    const aliases = [...text.matchAll(/\breplies(?:\s+(?:AS\s+)?(?!WHERE|JOIN|ON|LEFT|ORDER|GROUP|SET|LIMIT)([a-z]\w*))?/gi)].map((m) => m[1] ?? 'replies');
    return planned.split('\n').some((line) => aliases.some((a) => new RegExp(`^[\\d<]* \\W*SCAN (replies|${a})\\b`).test(line)));
  }
  const nodes = planned.split('->');
  return nodes.some((n) => /\bon replies\b/.test(n) && (/Seq Scan/.test(n) || (/Index (Only )?Scan/.test(n) && !/Index Cond/.test(n))));
}

it("reads no replies but the customer's own, through an index, in all a complaint's invitation goes through; the chore finds those to lapse by an index", async () => {
  const db = await testDatabase();
  const seen: Seen = [];
  const store = { ...createStore(catching(db, seen)), db };
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const created = await createShop(store);
  const shop = (await store.shops.bySlug('fietsenmaker'))!;
  const base = await startApp(store, clock.now);
  const post = (b: unknown) => postSale(base, 'fietsenmaker', created.webhookSecret, b, clock.now());
  const sanne = (await post(saleBody())).body as { customerId: number; saleId: number };
  // Another customer of the shop, with 20,000 replies: complaints handled long ago, and as many words never handled
  // (a busy shop's pile of "Ok"s that the owner leaves to read himself).
  const other = (await post(saleBody({ id: 'sale-o', customer: { name: 'Ander', phone: '06 24681357', consent: { sms: true } } }))).body as { customerId: number };
  await run(db, `INSERT INTO replies (shop_id, customer_id, channel, body, class, read_as, received_at, handled_at, answered_with)
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
    SELECT ?, ?, 'sms', 'kapot', CASE WHEN i % 2 = 0 THEN 'problem' ELSE 'other' END, 'problem', 1000 + i,
      CASE WHEN i % 2 = 0 THEN 2000 + i END, 'sorry' FROM n`, shop.id, other.customerId);
  // With statistics, as PostgreSQL's autovacuum keeps them; nextdeal never has SQLite gather any (and statistics of two
  // customers, one with 20,000 replies, would tell SQLite a customer has 10,000).
  if (db.engine === 'postgres') await db.exec('ANALYZE');
  const { dispatcher } = testDispatcher(store);
  const tick = (iso: string) => (clock.set(iso), dispatcher.tick(Date.parse(iso)));
  await tick('2026-03-15T10:00:00+01:00');
  const checkin = Number(await value(db, "SELECT id FROM messages WHERE kind = 'checkin' AND customer_id = ?", sanne.customerId));

  // Her complaint, handled, taken back and handled again; a new purchase while a second one waits; words the owner
  // reads as a complaint, then as a question; both handled; the sweep; her invitation sent.
  const said = async (body: string, providerId: string) => {
    const r = await store.replies.record({ shopId: shop.id, customerId: sanne.customerId, messageId: checkin, saleId: sanne.saleId, channel: 'sms', providerId, answer: null, body, at: clock.now() });
    if (r.duplicate) throw new Error('duplicate');
    return r.id;
  };
  const first = await said('De rits is stuk', 'SM1');
  expect(await store.replies.handle(shop, first, Date.parse('2026-03-16T12:00:00+01:00'))).toBe('handled');
  expect(await store.replies.reopen(shop, first)).toBe(true);
  expect(await store.replies.handle(shop, first, Date.parse('2026-03-16T13:00:00+01:00'))).toBe('handled');
  const second = await said('En de capuchon scheurt', 'SM2');
  clock.set('2026-03-20T12:00:00+01:00');
  expect((await post(saleBody({ id: 'sale-2', occurredAt: '2026-03-20T11:00:00+01:00' }))).status).toBe(201);
  const third = await said('Hmm, weet niet', 'SM3');
  expect(await store.replies.correct(shop, third, 'problem', clock.now())).toBe(true);
  expect(await store.replies.correct(shop, third, 'question', clock.now())).toBe(true);
  expect(await store.replies.handle(shop, third, Date.parse('2026-03-21T11:00:00+01:00'))).toBe('handled');
  expect(await store.replies.handle(shop, second, Date.parse('2026-03-21T12:00:00+01:00'))).toBe('handled');
  await store.chores.sweep(0, Date.parse('2026-04-19T09:00:00+02:00'));
  await tick('2026-04-19T10:00:00+02:00');
  expect(Number(await value(db, "SELECT count(*) FROM messages WHERE kind = 'comeback' AND status = 'sent' AND after_problem IS NOT NULL"))).toBe(1);

  const statements = [...new Map(seen.map((s) => [s.text, s])).values()];
  // The claim's context reads the mark with the message, and no reply.
  const context = statements.filter((s) => s.text.includes('after_problem AS afterProblem'));
  expect(context.length).toBeGreaterThan(0);
  for (const s of context) expect(s.text).not.toMatch(/\breplies\b/);
  // Every statement that reads replies (or checks a reference to a message there), through an index.
  const reading = statements.filter((s) => /\breplies\b|INTO messages/.test(s.text));
  expect(reading.some((s) => s.text.includes('after_problem'))).toBe(true);
  const scanning = [];
  for (const s of reading) {
    const planned = await plan(db, s.text, s.params);
    if (scansReplies(db.engine, s.text, planned)) scanning.push(`${s.text}\n${planned}`);
  }
  expect(scanning.join('\n\n')).toBe('');
  // The chore looks only at invitations a complaint still holds, past their time, by their index.
  const lapse = statements.find((s) => s.text.includes("error = 'complaint_late'") && s.text.includes('planned_at <'))!;
  expect(await plan(db, lapse.text, lapse.params)).toMatch(/messages_complaint_held/);
});
