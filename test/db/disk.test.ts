// The disk under a SQLite database: full, or remounted read-only after disk errors. The database still answers every
// read there, so /healthz asks the disk itself; a sale gets 503 and is stored once the disk has room again.
// The real failures run on a small tmpfs of their own, which takes root (as CI runs); elsewhere they say why they skip.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskTrouble } from '../../src/db/disk.js';
import { openDatabase } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { createShop, engine, onCleanup, postSale, saleBody, startApp, tempDir, testClock, value } from '../helpers.js';
import { mayMount, tmpfs } from '../mounts.js';

/** A tmpfs of `size` at a fresh folder, unmounted when the test ends. */
const smallDisk = (size: string) => tmpfs(`size=${size}`);

/** Writes zeros to a file until the disk is full. */
function fill(file: string): void {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

const mountable = engine === 'sqlite' && mayMount();
if (engine === 'sqlite' && !mountable) console.warn('test/db/disk.test.ts: a full and a read-only disk are tested on a tmpfs, which this process may not mount (run as root, as CI does): not tested here');

describe.skipIf(engine === 'postgres')('the disk under a SQLite database', () => {
  it('is fine with room and a file that can be written; full below the least free space; a file gone cannot be written', async () => {
    const dir = tempDir();
    const db = await openDatabase({ url: undefined, path: join(dir, 'nextdeal.db') });
    onCleanup(() => db.close());
    const file = join(dir, 'nextdeal.db');
    expect(await diskTrouble(file)).toBeNull();
    expect(await diskTrouble(file, Number.MAX_SAFE_INTEGER)).toMatch(/^the disk holding the database is full \(\d+ KiB free\): no sale can be stored$/);
    // deleted under a running instance (an operator's clean-up): the sales would go to a file nobody will open again
    unlinkSync(file);
    expect(await diskTrouble(file)).toBe('the database file cannot be written (ENOENT): no sale can be stored');
  });

  it.runIf(mountable)('full: /healthz says so and a sale gets 503, stored once the disk has room again', async () => {
    const disk = smallDisk('8m');
    const db = await openDatabase({ url: undefined, path: join(disk, 'nextdeal.db') });
    onCleanup(() => db.close());
    const store = createStore(db);
    const { webhookSecret } = await createShop(store);
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const base = await startApp(store, clock.now);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    fill(join(disk, 'filler'));
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, error: 'database', message: expect.stringMatching(/^the disk holding the database is full/) });
    // Many sales, so that one has to grow the write-ahead log past what it holds already.
    const sales = [];
    for (let i = 0; i < 200; i++) {
      const res = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: `sale-${i}`, reason: 'x'.repeat(400) }), clock.now());
      sales.push(res.status);
      if (res.status !== 201) {
        expect(res).toEqual({ status: 503, body: { error: 'unavailable', message: expect.stringContaining('the database is unavailable for now') } });
        break;
      }
    }
    expect(sales.at(-1)).toBe(503);
    const refused = sales.length - 1;

    unlinkSync(join(disk, 'filler'));
    const again = await fetch(`${base}/healthz`);
    expect(await again.json()).toEqual({ ok: true });
    expect((await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: `sale-${refused}`, reason: 'x'.repeat(400) }), clock.now())).status).toBe(201);
    expect(await value(db, 'SELECT count(*) FROM sales')).toBe(refused + 1);
    expect(await value(db, "SELECT count(*) FROM sales WHERE till_sale_id = ?", `sale-${refused}`)).toBe(1);
  });

  // A running instance's file system goes read-only when the kernel remounts it so after disk errors; a test cannot
  // remount one with the database open for writing, so it asks the disk of a file that is not open.
  it.runIf(mountable)('remounted read-only: a file on it cannot be written', async () => {
    const disk = smallDisk('1m');
    writeFileSync(join(disk, 'nextdeal.db'), '');
    expect(await diskTrouble(join(disk, 'nextdeal.db'))).toBeNull();
    execFileSync('mount', ['-o', 'remount,ro', disk]);
    expect(await diskTrouble(join(disk, 'nextdeal.db'))).toBe("the database's file system is read-only (remounted so after disk errors?): no sale can be stored");
  });
});
