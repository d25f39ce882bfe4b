// PostgreSQL: an instance that stops in the middle of a transaction (a frozen VM, a suspended process) holds its shop's
// lock no longer than the server lets a transaction sit idle; then the other instances take that shop's sales again.
import { describe, expect, it } from 'vitest';
import { IDLE_IN_TRANSACTION_MS, openPostgres } from '../../src/db/engines/postgres.js';
import { sql } from '../../src/db/sql.js';
import { engine, onCleanup } from '../helpers.js';
import { freshDatabase } from './cluster.js';

describe.skipIf(engine !== 'postgres')('postgres: a transaction left idle', () => {
  it('is ended by the server after the limit, and its shop lock goes with it', async () => {
    const url = await freshDatabase();
    const frozen = openPostgres(url, 1, 5000, 1000); // the limit at a second, for the test
    const other = openPostgres(url, 1);
    onCleanup(() => Promise.all([frozen.close(), other.close()]).then(() => undefined));
    expect(await other.value(sql('SHOW idle_in_transaction_session_timeout'))).toBe(`${IDLE_IN_TRANSACTION_MS / 1000}s`);
    let locked!: () => void;
    const holding = new Promise<void>((ok) => (locked = ok));
    // The frozen instance takes shop 7's lock and then does nothing, for longer than the limit.
    const stuck = frozen.transaction(async (tx) => {
      await tx.lock(7);
      await tx.get(sql('SELECT 1')); // the lock goes out with the next statement that waits for its answer
      locked();
      await new Promise((r) => setTimeout(r, 8000)); // far past the limit: a wait this long would be the lock held
      await tx.get(sql('SELECT 1'));
    }).then(() => 'committed', () => 'ended by the server');
    await holding;
    const started = Date.now();
    await other.transaction(async (tx) => tx.lock(7));
    // Let go at the limit (a second), not when the frozen instance woke up (8 s): room for a loaded machine between.
    expect(Date.now() - started).toBeLessThan(6000);
    expect(await stuck).toBe('ended by the server');
    // The broken connection is not given back: the frozen instance's next transaction works on a new one.
    expect(await frozen.transaction(async (tx) => tx.value(sql('SELECT 1')))).toBe(1);
  });
});
