// `nextdeal copy` reads a working copy of the SQLite file, made in a hidden folder beside it: every customer's details.
// Ctrl-C or a SIGTERM during the copy left that folder for good, where no erasure reaches it (the review of d5292f1).
// Now the command removes it before it exits (130, 143), and a copy finds and removes one a copy killed outright left
// (kill -9, a reboot), saying so. Real `nextdeal copy` processes: one whose target never answers (it waits there, its
// working copy made), and under test:postgres one stopped after its first table, while it copies rows.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { type AddressInfo, type Socket, createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/engines/sqlite.js';
import { openDatabase } from '../../src/db/open.js';
import { engine, onCleanup, run, tempDir, value } from '../helpers.js';
import { freshDatabase } from '../pg/cluster.js';
import { environment, runCli } from './server.js';

/** A nextdeal SQLite file with a shop, and `failures` login failures of it (rows to copy). */
async function source(failures = 0): Promise<string> {
  const file = join(tempDir(), 'shop.db');
  await (await openDatabase({ path: file })).close();
  const db = openSqlite(file);
  await run(db, `INSERT INTO shops (id, slug, name, timezone, country, locale, api_key_hash, webhook_secret, created_at) VALUES (1, 'x', 'X', 'Europe/Amsterdam', 'NL', 'nl', 'h', 'w', 0)`);
  if (failures > 0) {
    await run(db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${failures}) INSERT INTO login_failures (shop_id, at) SELECT 1, i FROM n`);
  }
  await db.close();
  return file;
}

/** A loopback server that takes connections and never answers: a copy to it waits there. Its port. */
async function silentServer(): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => void sockets.add(s.on('error', () => {})));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

const until = async (what: () => boolean, ms = 30_000) => {
  for (const end = Date.now() + ms; !what(); ) {
    if (Date.now() > end) throw new Error('waited in vain');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The working copy's folder beside `file`, once it holds the copy. */
const workingFolder = (file: string) => readdirSync(join(file, '..')).find((n) => n.startsWith('.shop.db.copy-') && readdirSync(join(file, '..', n)).includes('shop.db'));

describe('`nextdeal copy` stopped by a signal', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} while it waits for the target: the working copy is removed, exit ${code}`, async () => {
      const file = await source();
      const port = await silentServer();
      const { env } = await environment({});
      const copy = runCli(['copy', '--from', file, '--to', `postgres://nextdeal:s3cret-pw@127.0.0.1:${port}/nextdeal`], env);
      await until(() => workingFolder(file) !== undefined);
      copy.child.kill(signal);
      const ended = await copy.done;
      expect(ended.code).toBe(code);
      expect(ended.err).toBe(`copy stopped (${signal}) before it finished: nothing was copied (the target's transaction is rolled back), and the working copy of ${file} is removed\n`);
      expect(readdirSync(join(file, '..'))).toEqual(['shop.db']);
    }, 60_000);
  }

  it.skipIf(engine !== 'postgres')('SIGINT after its first table, while it copies rows: nothing left beside the file, nothing in the target', async () => {
    const file = await source(300_000);
    const url = await freshDatabase();
    const { env } = await environment({});
    const copy = runCli(['copy', '--from', file, '--to', url], env);
    let out = '';
    copy.child.stdout!.on('data', (d) => (out += d));
    await until(() => /^\w+: \d+$/m.test(out), 60_000);
    copy.child.kill('SIGINT');
    const ended = await copy.done;
    expect(ended.out).not.toContain('copied ');
    expect(ended.code).toBe(130);
    expect(readdirSync(join(file, '..'))).toEqual(['shop.db']);
    const target = await openDatabase({ url, path: '' });
    onCleanup(() => target.close());
    expect(await value(target, 'SELECT count(*) FROM shops')).toBe(0);
  }, 120_000);
});

describe('a working copy an interrupted copy left', () => {
  it('is removed by the next copy of that file, which says so; one of a copy still running is kept', async () => {
    const file = await source();
    const dir = join(file, '..');
    const left = join(dir, '.shop.db.copy-Ab12Cd'); // an earlier release's name, no process in it
    const killed = join(dir, '.shop.db.copy-999999999-Xy34Zw'); // a process that runs no more
    const running = join(dir, `.shop.db.copy-${process.pid}-Qr56St`); // this test's own process: runs
    for (const folder of [left, killed, running]) {
      mkdirSync(folder);
      writeFileSync(join(folder, 'shop.db'), 'every customer');
    }
    const { env } = await environment({});
    // A target that never answers: the copy waits there, after the sweep, and is stopped.
    const port = await silentServer();
    const copy = runCli(['copy', '--from', file, '--to', `postgres://nextdeal:s3cret-pw@127.0.0.1:${port}/nextdeal`], env);
    await until(() => workingFolder(file) !== undefined && readdirSync(dir).length === 3);
    copy.child.kill('SIGTERM');
    const ended = await copy.done;
    expect(ended.err.split('\n').slice(0, 2).sort()).toEqual([
      `removed ${killed}, a working copy of ${file} that an interrupted copy left behind`,
      `removed ${left}, a working copy of ${file} that an interrupted copy left behind`,
    ]);
    expect(readdirSync(dir).sort()).toEqual([`.shop.db.copy-${process.pid}-Qr56St`, 'shop.db']);
  }, 60_000);
});
