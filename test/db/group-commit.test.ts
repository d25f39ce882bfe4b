// SQLite's group commit (src/db/engines/sqlite.ts): the transactions asked for in one turn of the event loop (and, in
// a stream, within a millisecond) share one COMMIT, without savepoints; a unit that fails is undone alone, and
// everything else in its group is committed.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { type SqliteDb, openSqlite, sqliteDb } from '../../src/db/engines/sqlite.js';
import { type Db, sql } from '../../src/db/sql.js';
import { engine, onCleanup, tempDir } from '../helpers.js';

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
    // Nor does its wait for company end but when the test says: on a slow machine the 1 ms had passed before the next
    // turn came, and b went alone. The timer is held here and run once c is asked for.
    const held: (() => void)[] = [];
    const timer = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void) => (held.push(fn), 0)) as never);
    onCleanup(() => timer.mockRestore());
    // Right after a commit (a stream of sales): b waits, so c, asked for in a later turn, shares its commit.
    await unit(db, 'a', runs);
    const b = unit(db, 'b', runs);
    await nextTurn();
    const c = db.transaction(async (tx) => (await tx.run(insert, ['c']), committed('b')));
    expect(held).toHaveLength(1); // b's wait for company
    timer.mockRestore();
    held[0]!();
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

  it('holds the connection free for a while: transactions asked for meanwhile wait, the event loop does not', async () => {
    const db = table();
    const runs: Record<string, number> = {};
    let release!: () => void;
    const held = db.hold(() => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setImmediate(resolve));
    const a = unit(db, 'a', runs);
    await new Promise((resolve) => setTimeout(resolve, 20)); // timers still fire
    expect(runs).toEqual({}); // a has not begun
    release();
    await held;
    expect(await a).toBe('A');
    expect(stored(db)).toEqual(['a']);
  });

  it('runs the units of a group without savepoints, and uses them only to undo a failed unit alone', async () => {
    // A savepoint keeps an undo copy of every page its unit changes (some 30 for a sale): the group does without, and
    // only after a unit failed are the others run again, each in a savepoint of its own.
    const native = new Database(join(tempDir(), 'savepoints.db'));
    onCleanup(() => void native.close());
    native.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
    let savepoints = 0;
    const prepare = native.prepare.bind(native);
    native.prepare = ((source: string) => {
      const statement = prepare(source);
      if (!/^SAVEPOINT/i.test(source)) return statement;
      const run = statement.run.bind(statement);
      return Object.assign(statement, { run: (...params: unknown[]) => (savepoints++, run(...params)) });
    }) as typeof native.prepare;
    const db = sqliteDb(native);
    const runs: Record<string, number> = {};
    expect(await Promise.all(['a', 'b', 'c'].map((v) => unit(db, v, runs)))).toEqual(['A', 'B', 'C']);
    expect(savepoints).toBe(0);
    await Promise.allSettled([unit(db, 'd', runs), unit(db, 'e', runs, true), unit(db, 'f', runs)]);
    expect(savepoints).toBe(2); // d and f, run again after e failed, each in a savepoint of its own
    expect(stored(db)).toEqual(['a', 'b', 'c', 'd', 'f']);
  });
});
