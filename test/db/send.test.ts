// Db.send (src/db/sql.ts): a statement whose answer nothing needs, which on PostgreSQL goes out without waiting for
// the answers before it (a sale's writes share round trips). It must keep what awaiting each statement gives: written
// with its transaction or not at all, seen by what comes after it, and a failure reported as itself.
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { sql } from '../../src/db/sql.js';
import { engine, testDatabase } from '../helpers.js';

const insert = sql('INSERT INTO t (v) VALUES (?)');
const count = sql('SELECT count(*) AS n FROM t');
const stored = async (db: Database) => (await db.values<string>(sql('SELECT v FROM t ORDER BY id'))).map(String);

async function table(): Promise<Database> {
  const db = await testDatabase();
  await db.exec(engine === 'postgres'
    ? 'CREATE TABLE t (id BIGSERIAL PRIMARY KEY, v TEXT NOT NULL UNIQUE)'
    : 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  await db.run(insert, ['taken']);
  return db;
}

describe('statements sent without waiting for their answers', () => {
  it('are written with their transaction, in order, and what comes after them sees them', async () => {
    const db = await table();
    const seen = await db.transaction(async (tx) => {
      tx.send(insert, ['a']);
      tx.send(insert, ['b']);
      return Number(await tx.value(count));
    });
    expect(seen).toBe(3);
    expect(await stored(db)).toEqual(['taken', 'a', 'b']);
  });

  it('fail their transaction with their own error when one fails, though nothing after it waits, and nothing of it is written', async () => {
    const db = await table();
    const done = db.transaction(async (tx) => {
      tx.send(insert, ['a']);
      tx.send(insert, ['taken']);
      tx.send(insert, ['b']);
      return 'done';
    });
    await expect(done).rejects.toThrow(/unique/i);
    expect(await stored(db)).toEqual(['taken']);
  });

  it('are named as the cause when a statement after the failed one fails too (on PostgreSQL: "transaction is aborted")', async () => {
    const db = await table();
    const done = db.transaction(async (tx) => {
      tx.send(insert, ['taken']);
      return tx.value(count);
    });
    await expect(done).rejects.toThrow(/unique/i);
    // The connection goes on: the next transaction is written.
    await db.transaction(async (tx) => tx.send(insert, ['c']));
    expect(await stored(db)).toEqual(['taken', 'c']);
  });

  it('are refused outside a transaction, where nothing would report their failure', async () => {
    const db = await table();
    expect(() => db.send(insert, ['a'])).toThrow(/outside a transaction/);
    expect(await stored(db)).toEqual(['taken']);
  });
});
