// What the embedded default costs in memory: nothing of PostgreSQL (its driver is loaded only when DATABASE_URL names
// one), and a page cache of SQLite's own size.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { onCleanup, tempDir } from '../helpers.js';

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
