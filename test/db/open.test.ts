// What the embedded default costs in memory: nothing of PostgreSQL (its driver is loaded only when DATABASE_URL names
// one), and a page cache of SQLite's own size; and what a sale costs the disk: pages of 1 KiB in a new database.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { readSale } from '../../src/http/sale-schema.js';
import { createShop, engine, onCleanup, saleBody, tempDir, testStore } from '../helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('opens a SQLite database without loading the PostgreSQL driver (9 MB of memory on a small machine)', () => {
  // A process of its own, so that nothing the test runner loaded counts: which packages did opening the database load?
  const script = `
    const { openDatabase } = await import(${JSON.stringify(join(root, 'src/db/open.ts'))});
    const { createRequire } = await import('node:module');
    const db = await openDatabase({ path: ${JSON.stringify(join(tempDir(), 'nextdeal.db'))} });
    await db.close();
    const loaded = Object.keys(createRequire(import.meta.url).cache).map((f) => /node_modules\\/([^/]+)\\//.exec(f)?.[1]).filter(Boolean);
    console.log(JSON.stringify([...new Set(loaded)]));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  const packages = JSON.parse(out.trim().split('\n').pop()!) as string[];
  expect(packages).toContain('better-sqlite3'); // the check sees what was loaded
  expect(packages).not.toContain('pg');
});

it("keeps SQLite's page cache at SQLite's own 2 MB, not the 16 MB better-sqlite3 is built with", async () => {
  // Under a burst of sales a 16 MB cache fills and stays: 17 MB of the server's peak memory in bench/ingest.ts
  // (146–153 MB against 132–135), for no speed the operating system's file cache does not give as well.
  const db = await openDatabase({ path: join(tempDir(), 'nextdeal.db') });
  onCleanup(() => db.close());
  if (db.engine !== 'sqlite') throw new Error('expected SQLite');
  expect(db.native.pragma('cache_size', { simple: true })).toBe(-2000); // kibibytes
});

describe.skipIf(engine === 'postgres')("SQLite's pages", () => {
  /** A sale of a new customer, each `i` its own, as a till posts it. */
  const sale = (i: number) => {
    const read = readSale(saleBody({ id: `sale-${i}`, customer: { name: `Klant ${i}`, phone: `06 ${String(20_000_000 + i)}`, consent: { sms: true } } }), 'NL', Date.now());
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    return read.sale;
  };

  it('are 1 KiB in a new database: a sale writes a third as much to the write-ahead log', async () => {
    // Every page a sale changes goes to the log whole, and the checkpoints copy and sync all of it (src/db/engines/sqlite.ts).
    const store = await testStore();
    if (store.db.engine !== 'sqlite') throw new Error('expected SQLite');
    const { shop } = await createShop(store);
    for (let i = 1; i <= 20; i++) await store.sales.record(shop, sale(i), Date.now()); // the summaries' rows made
    store.db.native.pragma('wal_checkpoint(TRUNCATE)');
    await store.sales.record(shop, sale(21), Date.now());
    const logged = statSync(`${store.db.file}-wal`).size;
    expect(logged).toBeGreaterThan(0); // the sale was written, and to the log
    expect(logged).toBeLessThan(24 * 1024); // 12 KiB; 40 KiB with 4 KiB pages (and 99 against 31 once the tables are large)
    expect(store.db.native.pragma('page_size', { simple: true })).toBe(1024);
  });

  it('keep their size in a database made before, which opens and takes sales as it did', async () => {
    const path = join(tempDir(), 'nextdeal.db');
    const before = new Database(path); // as SQLite made databases before: 4 KiB pages
    before.pragma('journal_mode = WAL');
    before.close();
    const db = await openDatabase({ path });
    onCleanup(() => db.close());
    if (db.engine !== 'sqlite') throw new Error('expected SQLite');
    const store = createStore(db);
    const { shop } = await createShop(store);
    const recorded = await store.sales.record(shop, sale(1), Date.now());
    expect(recorded.outcome).toBe('created');
    expect(await store.sales.record(shop, sale(1), Date.now())).toMatchObject({ outcome: 'repeat' });
    expect(db.native.pragma('page_size', { simple: true })).toBe(4096);
    expect(db.native.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
