// SQLite's search index (migrations/sqlite/016, 021): new customers go in by catchUpSearch, a few hundred a
// transaction, each transaction merging about as much of the index as it wrote (FTS5's own merging, in bursts, is off).
import { describe, expect, it } from 'vitest';
import type { SqliteDb } from '../../src/db/engines/sqlite.js';
import { createShop, engine, run, testStore, value } from '../helpers.js';

describe.skipIf(engine === 'postgres')('the search index on SQLite', () => {
  it('stays in a few segments while customers come in, and finds each of them', async () => {
    const store = await testStore();
    const { shop } = await createShop(store);
    const native = (store.db as SqliteDb).native;
    // FTS5 keeps a segment's pages under rowids that start with its id (rowid >> 37); the structure record is below.
    const segments = () => native.prepare('SELECT count(DISTINCT rowid >> 37) FROM customer_search_data WHERE rowid >= (1 << 37)').pluck().get() as number;
    const counts: number[] = [];
    for (let round = 0; round < 40; round++) {
      await run(store.db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
        INSERT INTO customers (shop_id, name, phone, sms_consent, email_consent, details_at, created_at)
        SELECT ?, 'Klant ' || (? + i), '+3169' || (1000000 + ? + i), 1, 0, 0, 0 FROM n`, shop.id, round * 250, round * 250);
      await store.figures.catchUpSearch();
      counts.push(segments());
    }
    // Unmerged, a segment a transaction: up to 16, when FTS5 merges a whole level at once. Merged as they come: 8 at most.
    expect(Math.max(...counts)).toBeLessThanOrEqual(8);
    expect(await value(store.db, `SELECT count(*) FROM customer_search WHERE customer_search MATCH '"Klant 1"'`)).toBe(1112); // 1, 10-19, 100-199, 1000-1999, 10000
    expect(await value(store.db, `SELECT count(*) FROM customer_search WHERE customer_search MATCH '"+31691009999"'`)).toBe(1);
  });
});
