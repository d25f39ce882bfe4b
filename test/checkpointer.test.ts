import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkpointInBackground } from '../src/db/checkpointer.js';
import { openDb } from '../src/db/open.js';
import { tempDir } from './helpers.js';

/** Frames in the write-ahead log not yet copied into the database file, as a second connection sees them. */
function uncopied(path: string): number {
  const peek = new Database(path);
  // NOOP reports the log's frames and how many are copied, without copying any itself.
  const { log, checkpointed } = (peek.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[])[0]!;
  peek.close();
  return log - checkpointed;
}

describe('checkpoints in the background', () => {
  it('copy the write-ahead log into the database file from another thread, while the writer never does', async () => {
    const path = join(tempDir(), 'nextdeal.db');
    const db = openDb(path);
    const stop = checkpointInBackground(db, 50);
    db.exec('CREATE TABLE t (x TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 2000; i++) insert.run('x'.repeat(2000)); // well past the 1,000 pages that would checkpoint inline
    await new Promise((r) => setTimeout(r, 300));
    expect(uncopied(path)).toBe(0);
    await stop();
    db.close();
  });

  it('are needed: without them the writer leaves the log uncopied', () => {
    const path = join(tempDir(), 'nextdeal.db');
    const db = openDb(path);
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (x TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 2000; i++) insert.run('x'.repeat(2000));
    expect(uncopied(path)).toBeGreaterThan(1000);
    db.close();
  });
});
