// A command of a new release does not upgrade the database under a server that runs on it (src/db/upgrade-guard.ts):
// the release before, still running, would go on by rules the new migrations changed. Here the "server" is an open
// database in this process that said it runs (as a server says at each tick), and the database lacks migration 065
// (it only mends data, so running it again changes nothing), as a release before it left it.
// test/process/upgrade-under-server.test.ts does it with a real server of an older release in its own process.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runningInstance } from '../src/db/instances.js';
import { cliRunner } from './cli-run.js';
import { type TestStore, all, closeEarly, createShop, engine, run, tempDir, testStore } from './helpers.js';

const lacks = readdirSync(new URL('../migrations/sqlite/', import.meta.url)).find((f) => f.startsWith('065_'))!;
const version = 65;

/** The database as the release before left it, open and said to run on by a "server" (host and process: this one's). */
async function olderServerRunning() {
  const store = await testStore();
  await createShop(store, { slug: 'fietsenmaker' });
  await run(store.db, 'DELETE FROM schema_migrations WHERE version = ?', version);
  const instance = runningInstance(store.db);
  await instance.say(Date.now());
  if (store.db.engine === 'sqlite') store.db.native.pragma('wal_checkpoint(TRUNCATE)');
  const env = store.db.engine === 'sqlite' ? { DATABASE_PATH: store.db.file } : { DATABASE_URL: store.db.url };
  return { store, instance, cli: cliRunner({ ...env, OUTBOX_DIR: tempDir() }) };
}
const versions = async (store: TestStore) => (await all<{ version: number }>(store.db, 'SELECT version FROM schema_migrations')).map((r) => Number(r.version));

describe('a command of a new release, on a database a server of the release before runs on', () => {
  it('refuses, changing nothing, and says which migration, who runs on it and what to do', async () => {
    const { store, cli } = await olderServerRunning();
    const refused = await cli('shop list');
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toContain(`has migration this release brings that it has not run (${lacks})`);
    expect(refused.err).toContain(`, process ${process.pid}, `);
    expect(refused.err).toContain('Nothing was changed.');
    expect(refused.err).toContain(engine === 'sqlite' ? 'Stop the server and start this release in its place' : 'Deploying a new version');
    expect(refused.err).not.toContain('database upgraded');
    expect(await versions(store)).not.toContain(version);
  });

  it('upgrades it once the server is gone, and says so', async () => {
    const { store, instance, cli } = await olderServerRunning();
    // Stopped, as a server stops: its word taken back, its database closed.
    await instance.gone();
    await closeEarly(store.db);
    const upgraded = await cli('shop list');
    expect(upgraded.code).toBe(0);
    expect(JSON.parse(upgraded.out)).toEqual([expect.objectContaining({ slug: 'fietsenmaker' })]);
    expect(upgraded.err).toContain('database upgraded: applied migration 065');
  });

  // The review: after a kill -9 of the server on PostgreSQL, commands were refused for up to 3 minutes, unexplained.
  it.skipIf(engine === 'sqlite')('says when the instance that said it runs has no connection open (killed), and when its word lapses', async () => {
    const { store, cli } = await olderServerRunning();
    await closeEarly(store.db); // gone without a word: as a kill -9
    const refused = await cli('shop list');
    expect(refused.code).toBe(1);
    // (Idle between ticks, a running instance has no connection open either: not said to be dead, the review found an
    // operator waiting out 170 s for instances that ran on.)
    expect(refused.err).toMatch(/; none has a connection open to it now: they may be idle between their ticks \(running on\), or were killed \(then their word lapses in \d+ s, and this command may run then\)/);
  });

  it.skipIf(engine === 'postgres')('backup copies it as it is, while the server runs: the copy to go back to after the upgrade', async () => {
    const { store, cli } = await olderServerRunning();
    const copy = join(tempDir(), 'before.db');
    expect(await cli(`backup ${copy}`)).toMatchObject({ code: 0, err: '' });
    expect(existsSync(copy)).toBe(true);
    expect(await versions(store)).not.toContain(version);
  });
});
