// A unit whose work forks (Promise.all, as recordIn does) and fails in one branch: what the other branch writes after
// the failure must not be committed ("everything fn does through tx commits together or not at all").
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type SqliteDb, openSqlite } from '../../src/db/engines/sqlite.js';
import { sql } from '../../src/db/sql.js';
import { onCleanup, tempDir } from '../helpers.js';

const insert = sql('INSERT INTO t (v) VALUES (?)');
const stored = (db: SqliteDb) => db.native.prepare('SELECT v FROM t ORDER BY id').pluck().all();

function table(): SqliteDb {
  const db = openSqlite(join(tempDir(), 'stray.db'));
  onCleanup(() => db.close());
  db.native.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  return db;
}
const ticks = async (n: number) => { for (let i = 0; i < n; i++) await Promise.resolve(); };

describe('a failed unit whose other branch is still at work', () => {
  it('alone: nothing of it is written', async () => {
    const db = table();
    const r = await db.transaction(async (tx) => {
      await Promise.all([
        (async () => { await tx.run(insert, ['a1']); throw new Error('a failed'); })(),
        (async () => { await ticks(10); await tx.run(insert, ['a-late']); })(),
      ]);
    }).then(() => 'ok', (e: Error) => e.message);
    expect(r).toBe('a failed');
    await new Promise((res) => setTimeout(res, 20));
    expect(stored(db)).toEqual([]);
  });

  it('in a group: nothing of it is written, the others are', async () => {
    const db = table();
    const settled = await Promise.allSettled([
      db.transaction(async (tx) => {
        await Promise.all([
          (async () => { await tx.run(insert, ['a1']); throw new Error('a failed'); })(),
          (async () => { await ticks(10); await tx.run(insert, ['a-late']); })(),
        ]);
      }),
      db.transaction(async (tx) => { await tx.run(insert, ['b']); }),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled']);
    await new Promise((res) => setTimeout(res, 20));
    expect(stored(db)).toEqual(['b']);
  });
});
