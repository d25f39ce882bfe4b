// SQLite's group commit (src/db/engines/sqlite.ts): the transactions asked for in one turn of the event loop (and, in
// a stream, within a millisecond) share one COMMIT, without savepoints; a unit that fails is undone alone, and
// everything else in its group is committed.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { type SqliteDb, openSqlite } from '../../src/db/engines/sqlite.js';
import { type Db, sql } from '../../src/db/sql.js';
import { engine, onCleanup, tempDir } from '../helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const insert = sql('INSERT INTO t (v) VALUES (?)');
const stored = (db: SqliteDb) => db.native.prepare('SELECT v FROM t ORDER BY id').pluck().all();

function table(): SqliteDb {
  const path = join(tempDir(), 'group.db');
  const db = openSqlite(path);
  onCleanup(() => db.close());
  db.native.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  return db;
}

/** A unit that writes `v` (and counts its runs); it fails after writing when `fails` is set. */
function unit(db: SqliteDb, v: string, runs: Record<string, number>, fails = false) {
  return db.transaction(async (tx: Db) => {
    runs[v] = (runs[v] ?? 0) + 1;
    await tx.run(insert, [v]);
    if (fails) throw new Error(`${v} failed`);
    return v.toUpperCase();
  });
}

describe.skipIf(engine === 'postgres')('group commit on SQLite', () => {
  it('answers every unit of a group with its own value, once all of them are committed', async () => {
    const db = table();
    const runs: Record<string, number> = {};
    const answers = await Promise.all(['a', 'b', 'c'].map((v) => unit(db, v, runs)));
    expect(answers).toEqual(['A', 'B', 'C']);
    expect(stored(db)).toEqual(['a', 'b', 'c']);
    expect(runs).toEqual({ a: 1, b: 1, c: 1 });
  });

  it('lets a transaction that follows another closely wait a moment for company, and one after a pause go at once', async () => {
    const db = table();
    const other = new Database(db.file, { readonly: true });
    onCleanup(() => void other.close());
    const committed = (v: string) => other.prepare('SELECT count(*) FROM t WHERE v = ?').pluck().get(v);
    const runs: Record<string, number> = {};
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve)); // as the next request would come
    // The engine's clock stands still but where the test moves it: a busy machine pausing this process between a's
    // commit and b cannot turn "right after" into "after a pause".
    let clock = performance.now();
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    onCleanup(() => now.mockRestore());
    // Right after a commit (a stream of sales): b waits, so c, asked for in a later turn, shares its commit.
    await unit(db, 'a', runs);
    const b = unit(db, 'b', runs);
    await nextTurn();
    const c = db.transaction(async (tx) => (await tx.run(insert, ['c']), committed('b')));
    expect(await c).toBe(0); // b was not committed yet when c ran: one COMMIT for both
    await b;
    // After a pause: d goes at once, and e, a turn later, comes after its commit.
    clock += 20;
    const d = unit(db, 'd', runs);
    await nextTurn();
    const e = db.transaction(async (tx) => (await tx.run(insert, ['e']), committed('d')));
    expect(await e).toBe(1);
    await d;
    expect(stored(db)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('undoes a failed unit alone: the others in its group are committed, those before it having run again', async () => {
    const db = table();
    const runs: Record<string, number> = {};
    const settled = await Promise.allSettled([unit(db, 'a', runs), unit(db, 'b', runs, true), unit(db, 'c', runs, true), unit(db, 'd', runs)]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['A', 'b failed', 'c failed', 'D']);
    expect(stored(db)).toEqual(['a', 'd']);
    expect(runs).toEqual({ a: 2, b: 1, c: 1, d: 1 });
    // The connection is free and whole afterwards.
    expect(db.native.inTransaction).toBe(false);
    expect(await unit(db, 'e', runs)).toBe('E');
    expect(stored(db)).toEqual(['a', 'd', 'e']);
  });

  it('keeps the rest of a unit that caught its own failed statement', async () => {
    const db = table();
    await db.run(insert, ['taken']);
    const [caught] = await Promise.all([
      db.transaction(async (tx) => {
        await tx.run(insert, ['x']);
        const refused = await tx.run(insert, ['taken']).then(() => 'written', (err: Error) => err.message);
        await tx.run(insert, ['y']);
        return refused;
      }),
      db.transaction((tx) => tx.run(insert, ['z'])),
    ]);
    expect(caught).toMatch(/UNIQUE constraint failed/);
    expect(stored(db)).toEqual(['taken', 'x', 'y', 'z']);
  });

  it('answers the whole group with the error when the transaction cannot begin, and writes nothing', async () => {
    const db = table();
    db.native.pragma('busy_timeout = 0');
    const other = new Database(db.file);
    onCleanup(() => void other.close());
    other.exec('BEGIN IMMEDIATE'); // another process writing
    const runs: Record<string, number> = {};
    const settled = await Promise.allSettled([unit(db, 'a', runs), unit(db, 'b', runs)]);
    expect(settled.map((s) => s.status === 'rejected' && (s.reason as { code?: string }).code)).toEqual(['SQLITE_BUSY', 'SQLITE_BUSY']);
    other.exec('ROLLBACK');
    expect(runs).toEqual({});
    expect(stored(db)).toEqual([]);
  });

  it('writes no temporary file for a unit that changes more than 64 KiB of pages', () => {
    // A savepoint's undo copies past 64 KiB go to a file in SQLITE_TMPDIR (read once, when SQLite starts): a process of
    // its own, watching that folder while a group of such units commits.
    const tmp = tempDir();
    const script = `
      const { watch } = await import('node:fs');
      const { openSqlite } = await import(${JSON.stringify(join(root, 'src/db/engines/sqlite.ts'))});
      const db = openSqlite(${JSON.stringify(join(tempDir(), 'big.db'))});
      // 120 rows of 3 KB, a page each: a unit that changes 40 of them changes 40 pages the database had before (160 KB).
      db.native.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120) INSERT INTO t (v) SELECT printf('%.3000c', 'x') FROM n");
      const files = [];
      const watcher = watch(process.env.SQLITE_TMPDIR, (_event, name) => files.push(name));
      const change = { text: "UPDATE t SET v = printf('%.3000c', 'y') WHERE id = ?" };
      await Promise.all(Array.from({ length: 3 }, (_, u) => db.transaction(async (tx) => {
        for (let i = 1; i <= 40; i++) await tx.run(change, [u * 40 + i]);
      })));
      await new Promise((ok) => setTimeout(ok, 200));
      watcher.close();
      console.log(JSON.stringify({ files: files.length, changed: db.native.prepare("SELECT count(*) FROM t WHERE v LIKE 'y%'").pluck().get() }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root, env: { ...process.env, SQLITE_TMPDIR: tmp }, encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ files: 0, changed: 120 });
  });
});
