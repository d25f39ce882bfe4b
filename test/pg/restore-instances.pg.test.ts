// PostgreSQL: `nextdeal restore --after-pg-restore` while an instance runs on the database. A running server holds no
// connection most of each minute (it connects at its tick; the pool closes a connection idle for 10 s), so the check of
// pg_stat_activity let the restore go ahead 75 s after the server started (the operator review of 4 December): every
// message due was held in doubt under the running server. Each instance now says in the database that it runs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/engines/postgres.js';
import { runningInstance } from '../../src/db/instances.js';
import { cliRunner } from '../cli-run.js';
import { engine, migratedPostgres, tempDir } from '../helpers.js';
import { environment, startServer } from '../process/server.js';
import { freshDatabase } from './cluster.js';

/** Ends every connection nextdeal has open on the database at `url`, and waits until none is left: an instance between its ticks. */
async function noConnections(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url, application_name: 'test' });
  await admin.connect();
  try {
    const open = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'nextdeal'";
    for (let tries = 0; tries < 250; tries++) {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM (${open}) AS s`);
      await new Promise((ok) => setTimeout(ok, 40));
      if ((await admin.query(open)).rowCount === 0) return;
    }
    throw new Error('nextdeal kept a connection open');
  } finally {
    await admin.end();
  }
}

const restore = (url: string) => cliRunner({ DATABASE_URL: url, OUTBOX_DIR: join(tempDir(), 'outbox') })('restore --after-pg-restore');

describe.skipIf(engine !== 'postgres')('restore --after-pg-restore and the instances running on the database', () => {
  it('refuses while a server runs on it though it holds no connection between its ticks, and goes ahead once it stopped', async () => {
    const { env } = await environment({ PORT: '47601', PUBLIC_URL: 'http://127.0.0.1:47601' });
    const url = env.DATABASE_URL!;
    const server = await startServer(env);
    // As a server of a release before this one runs on it: without the row that names the database it was taken up in
    // (with it, the command has nothing to do: test/pg/restored-copy.pg.test.ts).
    const db = openPostgres(url, 1);
    await db.exec("DELETE FROM installation WHERE name = 'database'");
    await db.close();
    await noConnections(url);
    const refused = await restore(url);
    expect(refused).toMatchObject({ code: 1, out: '' });
    expect(refused.err).toMatch(
      new RegExp(
        `^DATABASE_URL \\(\\S+\\) cannot be taken up after pg_restore: 1 running instance\\(s\\) of nextdeal said they run on it \\([^,]+, process ${server.child.pid}, \\d+ s ago\\), ` +
          'though between their minute ticks they hold no connection: stop every instance first, then run this again',
      ),
    );
    // Stopped (SIGTERM), the server takes its word back: the restore goes ahead at once.
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const taken = await restore(url);
    expect(taken.err).toBe('');
    expect(taken.code).toBe(0);
   }, 60_000);

  // The operator review of 5 December: three instances running, and the refusal spoke of 2 connections and named
  // processes of the database server, not the instances to stop.
  it('names the instances that said they run on it beside the connections nextdeal holds', async () => {
    const live = await migratedPostgres();
    const db = openPostgres(live, 1);
    await runningInstance(db).say(Date.now());
    await runningInstance(db).say(Date.now());
    const held = new pg.Client({ connectionString: live, application_name: 'nextdeal' });
    await held.connect();
    try {
      expect((await restore(live)).err).toMatch(
        new RegExp(`in use by \\d+ connection\\(s\\) of nextdeal .*: stop every instance first \\(2 said they run on it: [^,]+, process ${process.pid}, \\d+ s ago; [^,]+, process ${process.pid}, \\d+ s ago\\), then run this again`),
      );
    } finally {
      await held.end();
      await db.close();
    }
  });

  it('goes ahead on a copy whose instances ran on the database dumped, and after one killed was silent for 3 minutes', async () => {
    const live = await migratedPostgres();
    const killed = openPostgres(live, 1);
    await runningInstance(killed).say(Date.now());
    await killed.close(); // as a killed instance: its word stays behind
    // pg_dump of the live database, pg_restore into another: the row comes along, its instance runs on the first.
    const dump = spawnSync('pg_dump', ['--format=custom', live]);
    expect(dump.status, String(dump.stderr)).toBe(0);
    const copy = await freshDatabase();
    const restored = spawnSync('pg_restore', ['--no-owner', `--dbname=${copy}`], { input: dump.stdout });
    expect(restored.status, String(restored.stderr)).toBe(0);
    expect(await restore(copy)).toMatchObject({ code: 0, err: '' });

    // On the database it ran on, its word holds for 3 minutes.
    expect((await restore(live)).err).toMatch(/1 running instance\(s\) of nextdeal said they run on it \(.+, process \d+, \d+ s ago\).*is taken for stopped 3 minutes after it last said so\)\n$/);
    // Its word 4 minutes old: it is taken for stopped.
    const db = openPostgres(live, 1);
    await db.exec(`UPDATE installation SET value = jsonb_set(value::jsonb, '{at}', to_jsonb(${Date.now() - 4 * 60_000}::bigint))::text WHERE name LIKE 'instance:%'`);
    await db.close();
    expect(await restore(live)).toMatchObject({ code: 0, err: '' });
  });
});
