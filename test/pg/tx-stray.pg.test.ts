// PostgreSQL: a unit whose work forks (Promise.all) and fails in one branch; the other branch's write that follows a
// read must not be committed after the ROLLBACK.
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/engines/postgres.js';
import { sql } from '../../src/db/sql.js';
import { engine, onCleanup } from '../helpers.js';
import { freshDatabase } from './cluster.js';

const insert = sql('INSERT INTO t (v) VALUES (?)');
const read = sql('SELECT 1');

describe.skipIf(engine !== 'postgres')('postgres: a failed unit whose other branch is still at work', () => {
  it('nothing of it is written', async () => {
    const db = openPostgres(await freshDatabase(), 2);
    onCleanup(() => db.close());
    await db.exec('CREATE TABLE t (id BIGSERIAL PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
    const r = await db.transaction(async (tx) => {
      await Promise.all([
        (async () => { await tx.run(insert, ['a1']); throw new Error('a failed'); })(),
        (async () => { await tx.get(read); await tx.get(read); await tx.run(insert, ['a-late']); })(),
      ]);
    }).then(() => 'ok', (e: Error) => e.message);
    expect(r).toBe('a failed');
    await new Promise((res) => setTimeout(res, 100));
    expect(await db.values(sql('SELECT v FROM t ORDER BY id'))).toEqual([]);
  });
});
