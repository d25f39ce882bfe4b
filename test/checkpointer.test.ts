import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { checkpointInBackground } from '../src/db/checkpointer.js';
import type { SqliteDb } from '../src/db/engines/sqlite.js';
import { openDatabase } from '../src/db/open.js';
import { sql } from '../src/db/sql.js';
import { engine, onCleanup, tempDir } from './helpers.js';

/** nextdeal's SQLite database in a file of its own, as the server opens it. */
async function openFile(path: string): Promise<SqliteDb> {
  const db = await openDatabase({ path });
  onCleanup(() => db.close());
  if (db.engine !== 'sqlite') throw new Error('a path opens SQLite');
  return db;
}

const insert = sql('INSERT INTO t VALUES (?)');

/**
 * Transactions of ten pages' writes back to back, as sales in groups under load, for `ms` milliseconds or until `pages`
 * are written (however long that takes on a busy machine); `after` each. Pages written.
 */
async function writeFor(db: SqliteDb, limit: { ms: number } | { pages: number }, after: () => void = () => {}): Promise<number> {
  let written = 0;
  const until = 'ms' in limit ? Date.now() + limit.ms : Infinity;
  const done = () => ('ms' in limit ? Date.now() >= until : written >= limit.pages);
  while (!done()) {
    await db.transaction(async (tx) => {
      for (let i = 0; i < 10; i++) await tx.run(insert, ['x'.repeat(3000)]);
    });
    written += 10;
    after();
  }
  return written;
}

/** Frames in the write-ahead log not yet copied into the database file, as a second connection sees them. */
function uncopied(path: string): number {
  const peek = new Database(path);
  // NOOP reports the log's frames and how many are copied, without copying any itself.
  const { log, checkpointed } = (peek.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[])[0]!;
  peek.close();
  return log - checkpointed;
}

/** A table to write to in a fresh database file, and `db` with its holds counted (each a start over asked for). */
async function counted(path: string): Promise<{ db: SqliteDb; holds: () => number }> {
  const db = await openFile(path);
  db.native.exec('CREATE TABLE t (x TEXT)');
  let holds = 0;
  const hold = db.hold.bind(db);
  return { db: { ...db, hold: (fn) => (holds++, hold(fn)) }, holds: () => holds };
}

// The write-ahead log and its checkpoints are SQLite's; PostgreSQL checkpoints by itself (src/main.ts starts no checkpointer).
describe.skipIf(engine === 'postgres')('checkpoints in the background', () => {
  it('copy the write-ahead log into the database file from another thread, while the writer never does', async () => {
    const path = join(tempDir(), 'nextdeal.db');
    const db = await openFile(path);
    const stop = checkpointInBackground(db, 50);
    db.native.exec('CREATE TABLE t (x TEXT)');
    const insert = db.native.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 2000; i++) insert.run('x'.repeat(2000)); // well past the 1,000 pages that would checkpoint inline
    // Within a few of its rounds: the worker thread has to start first, which on a busy machine took over 300 ms (CI).
    await vi.waitFor(() => expect(uncopied(path)).toBe(0), { timeout: 10_000, interval: 50 });
    await stop();
  });

  it('start the log over under a steady stream of writes, so that its file does not grow without end', async () => {
    // The log starts over only when a writer finds every frame copied; a checkpoint takes milliseconds, and a writer
    // that commits more often than that always finds some new ones. Groups of sales back to back, as under load.
    const path = join(tempDir(), 'nextdeal.db');
    const db = await openFile(path);
    const stop = checkpointInBackground(db, 20, 500);
    db.native.exec('CREATE TABLE t (x TEXT)');
    // Once its thread runs (on a busy machine that took over 300 ms, and the log grew meanwhile): a first copy.
    await writeFor(db, { ms: 20 });
    await vi.waitFor(() => expect(uncopied(path)).toBe(0), { timeout: 10_000, interval: 20 });
    let largest = 0;
    const written = await writeFor(db, { pages: 5_000 }, () => (largest = Math.max(largest, statSync(`${path}-wal`).size)));
    await stop();
    const pages = largest / 4096;
    expect(written).toBeGreaterThanOrEqual(5_000); // 5,000 pages written: ten times the log's limit
    expect(pages, `the log grew to ${Math.round(pages)} pages while ${written} were written`).toBeLessThan(written / 4);
  });

  it('leave the log\'s file its size when the log starts over, not cut back and grown again each time', async () => {
    // Cut back, the file was cut at every start over by the server's connection, in the COMMIT after it: an ftruncate
    // on the server's thread (6-17 ms at 256 MB), and the file then extended again, page by page.
    const path = join(tempDir(), 'nextdeal.db');
    const { db, holds } = await counted(path);
    const stop = checkpointInBackground(db, 20, 2_000);
    await writeFor(db, { ms: 20 });
    await vi.waitFor(() => expect(uncopied(path)).toBe(0), { timeout: 10_000, interval: 20 });
    let cuts = 0;
    let size = 0;
    await writeFor(db, { pages: 20_000 }, () => {
      const now = statSync(`${path}-wal`).size;
      if (now < size) cuts++;
      size = now;
    });
    await stop();
    expect(holds(), 'the log started over').toBeGreaterThanOrEqual(3);
    expect(cuts).toBe(0);
  });

  it('hold the server\'s writes at most once while a reader elsewhere keeps the log from starting over', async () => {
    const path = join(tempDir(), 'nextdeal.db');
    const { db, holds } = await counted(path);
    const stop = checkpointInBackground(db, 20, 100, 60_000);
    // A backup, say: another connection in the middle of reading.
    const reader = new Database(path);
    onCleanup(() => void reader.close());
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM t').get();
    await writeFor(db, { ms: 1_000 });
    await stop();
    reader.exec('COMMIT');
    expect(holds()).toBe(1);
  });

  it('are needed: without them the writer leaves the log uncopied', async () => {
    const path = join(tempDir(), 'nextdeal.db');
    const db = await openFile(path);
    db.native.pragma('wal_autocheckpoint = 0');
    db.native.exec('CREATE TABLE t (x TEXT)');
    const insert = db.native.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 2000; i++) insert.run('x'.repeat(2000));
    expect(uncopied(path)).toBeGreaterThan(1000);
  });
});
