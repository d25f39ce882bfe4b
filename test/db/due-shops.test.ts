// The shops with messages due, read once a drain for the shops' turns in the dispatcher's claims (queue/turns.ts). They
// were read shop by shop, every row of `shops` and a look in the index of each: 13–40 ms a tick at 5,000 shops, due or
// not, when most ticks have one shop due or none. Now, up to a thousand due, they cost what is due.
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { DUE_READ, queueOps } from '../../src/db/queue.js';
import { type Params, type Statement, sql, textOf } from '../../src/db/sql.js';
import { type TestStore, all, createShop, run, runCleanups, testStore } from '../helpers.js';
import { customer, phoneOf, sale } from '../store-sales.js';

afterEach(runCleanups);

const BOUGHT = Date.parse('2026-03-14T15:30:00+01:00');
const CHECKIN = Date.parse('2026-03-15T10:00:00+01:00'); // every check-in of these sales is due then

/** `count` shops with one sale each (its check-in due at CHECKIN, its come-back invitation weeks later): their ids. */
async function shops(store: TestStore, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let n = 0; n < count; n++) {
    await createShop(store, { slug: `winkel-${n}`, name: `winkel-${n}` });
    const shop = (await store.shops.bySlug(`winkel-${n}`))!;
    await store.sales.record(shop, sale(customer({ name: `K${n}`, phone: phoneOf(n), consent: { sms: true } }), BOUGHT), BOUGHT + 500);
    ids.push(shop.id);
  }
  return ids;
}

/** `DUE_READ` check-ins more for the shop, copies of its own, due with it: more due than a read of the rows due takes. */
const backlog = (store: TestStore, shop: number) =>
  run(store.db, `WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ${DUE_READ})
    INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, status, due_at, next_attempt_at, created_at)
    SELECT shop_id, customer_id, sale_id, kind, channel, 'backlog:' || CAST(k AS TEXT), 'scheduled', due_at, next_attempt_at, created_at
    FROM messages, n WHERE shop_id = ? AND kind = 'checkin'`, shop);

/** The shops due as they were read before: every shop, its oldest scheduled message not held, oldest first. */
const everyShop = (db: Database, now: number) =>
  all<{ id: number }>(db, `SELECT shop AS id FROM (SELECT s.id AS shop, (SELECT min(d.next_attempt_at) FROM messages d WHERE d.shop_id = s.id
      AND d.status = 'scheduled' AND d.held_by IS NULL) AS first FROM shops s) AS due WHERE first <= ? ORDER BY first, shop`, now)
    .then((rows) => rows.map((r) => Number(r.id)));

/** The plan of `query` as text, PostgreSQL told not to scan a table (its tables here are too small to bother). */
async function plan(db: Database, query: string, params?: Params): Promise<string> {
  if (db.engine === 'sqlite') return (await db.all<{ detail: string }>(sql(`EXPLAIN QUERY PLAN ${query}`), params)).map((r) => r.detail).join('\n');
  return db.transaction(async (tx) => {
    await tx.exec('SET LOCAL enable_seqscan = off');
    return (await tx.all(sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${query}`), params)).map((r) => r['QUERY PLAN']).join('\n');
  });
}

/** The plans of the statements dueShops runs at `now`, caught on their way to the database, each with its parameters. */
async function plansOf(db: Database, now: number): Promise<string[]> {
  const caught: { text: string; params?: Params }[] = [];
  const catching = { ...db, all: (s: Statement<any>, p?: Params) => (caught.push({ text: textOf(s, db.engine), params: p }), db.all(s, p)) } as typeof db;
  await queueOps(catching, 'messages').dueShops(now);
  return Promise.all(caught.map((c) => plan(db, c.text, c.params)));
}

/** Every place a plan reads a table or an index, and how: none reads `shops`, nor a whole table or index. */
function reads(engine: string, plans: string[]): string[] {
  const lines = plans.join('\n').split('\n');
  if (lines.some((l) => /\bshops\b/.test(l))) return lines;
  return lines.filter((l, i) => engine === 'sqlite'
    ? /^\s*(SCAN|SEARCH)\b/.test(l) && !/^\s*SCAN due\b/.test(l) && !/USING (COVERING )?INDEX messages_due(_by_shop)? \(.+\)/.test(l)
    : /(Seq|Index|Index Only|Bitmap Heap|Bitmap Index) Scan\b/.test(l) && !/Index Cond: /.test(lines[i + 1] ?? ''));
}

describe('the shops with messages due, read for their turns in the claims', () => {
  it('are those whose oldest message waited longest first, whether none, one, a few or more than a read\'s worth are due', async () => {
    const store = await testStore();
    const ids = await shops(store, 6);
    const due = (now: number) => queueOps(store.db, 'messages').dueShops(now);
    // Nothing due yet: every shop has its check-in and its invitation ahead.
    expect(await due(CHECKIN - 1)).toEqual([]);
    // One shop's check-in a minute earlier: it alone.
    await run(store.db, "UPDATE messages SET next_attempt_at = next_attempt_at - 60000 WHERE shop_id = ? AND kind = 'checkin'", ids[3]);
    expect(await due(CHECKIN - 1)).toEqual([ids[3]]);
    // All due at one time, the oldest first, a tie by shop; one shop's invitation held for a reply makes it due no sooner.
    await run(store.db, "UPDATE messages SET next_attempt_at = next_attempt_at - 1000 WHERE shop_id = ? AND kind = 'checkin'", ids[5]);
    const reply = await all<{ id: number }>(store.db, `INSERT INTO replies (shop_id, customer_id, sale_id, channel, body, class, received_at)
      SELECT shop_id, customer_id, sale_id, 'sms', 'kapot', 'problem', ? FROM messages WHERE shop_id = ? LIMIT 1 RETURNING id`, CHECKIN, ids[1]);
    await run(store.db, "UPDATE messages SET next_attempt_at = ?, held_by = ? WHERE shop_id = ? AND kind = 'comeback'", CHECKIN - 3_600_000, reply[0]!.id, ids[1]);
    const expected = [ids[3], ids[5], ids[0], ids[1], ids[2], ids[4]];
    expect(await due(CHECKIN)).toEqual(expected);
    expect(await everyShop(store.db, CHECKIN)).toEqual(expected);
    // More due than a read of them takes (a shop's backlog, due at the same 10:00): every shop is read, in the same order.
    await backlog(store, ids[2]!);
    expect(await due(CHECKIN)).toEqual(expected);
    expect(await due(CHECKIN - 1)).toEqual([ids[3], ids[5]]);
  });

  // The review's measure: 13–40 ms a tick at 5,000 shops for the read of every shop on PostgreSQL, due or not.
  it('reads neither every shop nor every message to find a few: nothing due is one look, a few due their rows', async () => {
    const store = await testStore();
    const ids = await shops(store, 3);
    expect(reads(store.db.engine, await plansOf(store.db, CHECKIN - 1))).toEqual([]);
    expect(reads(store.db.engine, await plansOf(store.db, CHECKIN))).toEqual([]);
    // More due than a read of them takes (a backlog, whose drain makes many claims): then every shop, one look each.
    await backlog(store, ids[0]!);
    const [first, every, ...more] = await plansOf(store.db, CHECKIN);
    expect(reads(store.db.engine, [first!])).toEqual([]);
    expect(every).toMatch(/messages_due_by_shop/);
    expect(more).toEqual([]);
  });
});
