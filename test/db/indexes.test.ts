// Indexes that a sale writes: as few as the look-ups need, and the look-ups still use them (on both engines).
import { afterEach, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { sql } from '../../src/db/sql.js';
import { all, runCleanups, testDatabase, value } from '../helpers.js';

afterEach(runCleanups);

/** The plan of `query` as text, with PostgreSQL told not to scan the table (its tables here are too small to bother). */
async function plan(db: Database, query: string): Promise<string> {
  if (db.engine === 'sqlite') return (await all<{ detail: string }>(db, `EXPLAIN QUERY PLAN ${query}`)).map((r) => r.detail).join('\n');
  return db.transaction(async (tx) => {
    await tx.exec('SET LOCAL enable_seqscan = off');
    return (await tx.all(sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${query}`))).map((r) => r['QUERY PLAN']).join('\n');
  });
}

// Customers' phone numbers have one index for look-ups, (phone, shop_id). (The owner's search has its own: FTS5 on
// SQLite, a trigram index on PostgreSQL.)
it('has one index on the customers\' phone numbers, and finds a number in one shop and in every shop with it', async () => {
  const db = await testDatabase();
  const indexes = db.engine === 'sqlite'
    ? await all<{ name: string }>(db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customers' AND sql LIKE '%phone%'")
    : await all<{ name: string }>(db, "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'customers' AND indexdef LIKE '%USING btree%phone%'");
  expect(indexes.map((i) => i.name)).toEqual(['customers_by_phone']);

  const ONE_SHOP = "SELECT id FROM customers WHERE shop_id = 1 AND phone = '+31612345678' ORDER BY details_at DESC LIMIT 1";
  const ANY_SHOP = "SELECT id, shop_id FROM customers WHERE phone = '+31612345678' LIMIT 2";
  const SALE = `SELECT id FROM customers WHERE shop_id = 1 AND (pos_customer_id = 'p1' OR phone = '+31612345678' OR email = 'a@b.nl')
    ORDER BY CASE WHEN pos_customer_id = 'p1' THEN 0 WHEN phone = '+31612345678' THEN 1 ELSE 2 END, details_at DESC LIMIT 1`;
  for (const query of [ONE_SHOP, ANY_SHOP, SALE]) expect(await plan(db, query), query).toMatch(/customers_by_phone\b/);
});

it('keeps a customer of a hold-out period out of its index until they have a first day, and the safe test reads by it', async () => {
  const db = await testDatabase();
  const definition = db.engine === 'sqlite'
    ? await value<string>(db, "SELECT sql FROM sqlite_schema WHERE name = 'customers_in_experiment'")
    : await value<string>(db, "SELECT indexdef FROM pg_indexes WHERE indexname = 'customers_in_experiment'");
  // Joining the period comes before the first day is counted: an entry under no day would move at once.
  expect(definition).toMatch(/WHERE .*period_id IS NOT NULL.* AND .*first_day IS NOT NULL/);
  const MATURED = 'SELECT held_out FROM customers WHERE period_id = 1 AND first_day > 20000 AND first_day <= 20060 ORDER BY first_day, id';
  expect(await plan(db, MATURED)).toMatch(/customers_in_experiment/);
});
