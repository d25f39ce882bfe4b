// PostgreSQL: the statement a failed transaction's other branch sends after its ROLLBACK goes out on the connection
// once it is back in the pool: inside the next transaction that took it, which it can fail.
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/engines/postgres.js';
import { sql } from '../../src/db/sql.js';
import { engine, onCleanup } from '../helpers.js';
import { freshDatabase } from './cluster.js';

const insert = sql('INSERT INTO t (v) VALUES (?)');
const slow = sql('SELECT pg_sleep(0.05)');
const read = sql('SELECT 1');

describe.skipIf(engine !== 'postgres')('postgres: a failed transaction and the next on its connection', () => {
  it('does not touch the next transaction', async () => {
    const db = openPostgres(await freshDatabase(), 1);
    onCleanup(() => db.close());
    await db.exec('CREATE TABLE t (id BIGSERIAL PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
    await db.run(insert, ['taken']);
    const failed = db.transaction(async (tx) => {
      await Promise.all([
        (async () => { await tx.get(read); throw new Error('a failed'); })(),
        (async () => { await tx.get(slow); await tx.get(read); await tx.run(insert, ['taken']); })(),
      ]);
    }).then(() => 'ok', (e: Error) => e.message);
    const innocent = db.transaction(async (tx) => {
      await tx.run(insert, ['innocent']);
      await tx.get(slow);
      return 'ok';
    }).then((v) => v, (e: Error) => e.message);
    expect(await failed).toBe('a failed');
    expect(await innocent).toBe('ok');
    expect(await db.values(sql('SELECT v FROM t ORDER BY id'))).toEqual(['taken', 'innocent']);
  });
});
