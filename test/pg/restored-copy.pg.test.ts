// PostgreSQL: a pg_restored copy started without `nextdeal restore --after-pg-restore` (a README step an operator can
// skip). The dispatcher sent again every check-in that had gone out after the dump (the operator review of 6
// December). The database now knows which one nextdeal was taken up in (src/db/home.ts): the server refuses to start on
// a copy until the command has held what may have gone out; the command, run again, changes nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/engines/postgres.js';
import { copyNotTakenUp } from '../../src/db/home.js';
import { runningInstance } from '../../src/db/instances.js';
import { openDatabase } from '../../src/db/open.js';
import { sql } from '../../src/db/sql.js';
import { createStore } from '../../src/db/store.js';
import { cliRunner } from '../cli-run.js';
import { engine, migratedPostgres, postSale, saleBody, startApp, tempDir } from '../helpers.js';
import { environment, freePort, startServer } from '../process/server.js';
import { freshDatabase } from './cluster.js';

const HOUR = 3_600_000;

/** pg_dump of the database at `from`, pg_restore into a new one (a new object id, the same rows); its URL. */
async function pgCopy(from: string): Promise<string> {
  const dump = spawnSync('pg_dump', ['--format=custom', from]);
  expect(dump.status, String(dump.stderr)).toBe(0);
  const to = await freshDatabase();
  const restored = spawnSync('pg_restore', ['--no-owner', `--dbname=${to}`], { input: dump.stdout });
  expect(restored.status, String(restored.stderr)).toBe(0);
  return to;
}

async function script(url: string, text: string): Promise<void> {
  const db = openPostgres(url, 1);
  try {
    await db.exec(text);
  } finally {
    await db.close();
  }
}

async function look(url: string) {
  const db = openPostgres(url, 1);
  try {
    return {
      checkins: await db.all(sql("SELECT status, error FROM messages WHERE kind = 'checkin' ORDER BY id")),
      home: await db.value(sql("SELECT value FROM installation WHERE name = 'database'")),
    };
  } finally {
    await db.close();
  }
}

const outboxFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []);

/** A database nextdeal started on (and stopped), a shop's sale in it whose check-in is due at `due`; its environment and commands. */
async function startedWithCheckinDue() {
  const live = await environment();
  const exec = cliRunner({ ...live.env });
  const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
  const first = await startServer(live.env);
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  const store = createStore(await openDatabase({ url: live.env.DATABASE_URL!, path: '' }));
  const soldAt = Date.now() - 40 * HOUR;
  const sale = await postSale(await startApp(store, () => soldAt), 'x', webhookSecret, saleBody({ occurredAt: new Date(soldAt).toISOString() }), soldAt);
  await store.close();
  return { live, exec, due: sale.body.scheduled.find((m: { kind: string }) => m.kind === 'checkin').dueAt as string };
}

describe.skipIf(engine !== 'postgres')('a pg_restored copy, and the server started on it', () => {
  it('refuses to start on a copy until restore --after-pg-restore held what went out after the dump, then starts and sends nothing twice; the command again changes nothing', async () => {
    // The live database: nextdeal started on it, and a sale whose check-in is due waits in it as the dump is taken.
    const { live, exec, due } = await startedWithCheckinDue();
    const copy = await pgCopy(live.env.DATABASE_URL!);
    // After the dump, the check-in goes out from the live database.
    expect((await exec(`dispatch --at ${due}`)).code).toBe(0);
    expect(outboxFiles(live.env.OUTBOX_DIR!)).toHaveLength(1);

    // Started on the copy without the command: refused, in one line, and nothing goes.
    const port = await freePort();
    const onCopy = { ...live.env, DATABASE_URL: copy, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, OUTBOX_DIR: join(tempDir(), 'outbox') };
    const refused = await startServer(onCopy).then(() => 'started', (err: Error) => err.message);
    expect(refused).toMatch(
      /^the server stopped \(exit code 1\): nextdeal cannot start: DATABASE_URL \(\S+\): this database is a copy \(pg_restore\) of the one nextdeal ran on: nextdeal has run on another database than this one \(first started there on \d{4}-\d\d-\d\dT[\d:]+Z\), .*run nextdeal restore --after-pg-restore first: it holds what may have gone out since the dump, then start\n$/,
    );
    // Nor does a dispatch by hand send anything on it.
    const onCopyCli = cliRunner(onCopy);
    const dispatched = await onCopyCli(`dispatch --at ${due}`);
    expect(dispatched).toMatchObject({ code: 1, out: '' });
    expect(dispatched.err).toMatch(/^DATABASE_URL \(\S+\): this database is a copy \(pg_restore\) of the one nextdeal ran on: .*run nextdeal restore --after-pg-restore first/);
    expect((await look(copy)).checkins).toEqual([{ status: 'scheduled', error: null }]);
    expect(outboxFiles(onCopy.OUTBOX_DIR)).toEqual([]);

    // The command takes it up: the check-in waits in doubt, and the server starts on it and does not send it.
    const taken = await onCopyCli('restore --after-pg-restore');
    expect(taken).toMatchObject({ code: 0, err: '' });
    expect(taken.out).toContain('1 message(s) were due since and may have gone out already: they wait in doubt, not sent again');
    const server = await startServer(onCopy);
    expect((await onCopyCli(`dispatch --at ${due}`)).code).toBe(0);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(outboxFiles(onCopy.OUTBOX_DIR)).toEqual([]);
    const after = await look(copy);
    expect(after.checkins).toEqual([{ status: 'uncertain', error: 'restored' }]);

    // Run again (from a runbook, say): refused, and nothing changes.
    const again = await onCopyCli('restore --after-pg-restore');
    expect(again).toMatchObject({ code: 1, out: '' });
    expect(again.err).toMatch(
      /^DATABASE_URL \(\S+\) cannot be taken up after pg_restore: nextdeal has run on this very database since \d{4}-\d\d-\d\dT[\d:.]+Z, and no restore since that it can tell: nothing to do\. It cannot tell every one: after a snapshot or point-in-time restore, or a dump restored into a new server once again, run it with --again\n$/,
    );
    expect(await look(copy)).toEqual(after);
  }, 120_000);

  it('restore --after-pg-restore that fails as it takes the copy up leaves it as it was; run again, it holds what went out after the dump, and nothing goes twice', async () => {
    const { live, exec, due } = await startedWithCheckinDue();
    const copy = await pgCopy(live.env.DATABASE_URL!);
    expect((await exec(`dispatch --at ${due}`)).code).toBe(0);
    expect(outboxFiles(live.env.OUTBOX_DIR!)).toHaveLength(1);
    const outbox = join(tempDir(), 'outbox');
    const onCopy = cliRunner({ ...live.env, DATABASE_URL: copy, OUTBOX_DIR: outbox });
    const dumped = await look(copy);
    // Writing the row fails (the server's disk, say), after the hold.
    await script(copy, `CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$;
      CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON installation FOR EACH ROW WHEN (NEW.name = 'database') EXECUTE FUNCTION refuse()`);
    await expect(onCopy('restore --after-pg-restore')).rejects.toThrow('No space left on device');
    // Nothing held, nothing taken up: the copy still refuses, and the command is still to be run.
    expect(await look(copy)).toEqual(dumped);
    await script(copy, 'DROP TRIGGER refuse ON installation; DROP FUNCTION refuse()');
    expect((await onCopy(`dispatch --at ${due}`)).err).toMatch(/this database is a copy \(pg_restore\)/);
    const taken = await onCopy('restore --after-pg-restore');
    expect(taken).toMatchObject({ code: 0, err: '' });
    expect(taken.out).toContain('1 message(s) were due since and may have gone out already: they wait in doubt, not sent again');
    expect((await onCopy(`dispatch --at ${due}`)).code).toBe(0);
    expect((await look(copy)).checkins).toEqual([{ status: 'uncertain', error: 'restored' }]);
    expect(outboxFiles(outbox)).toEqual([]);
  }, 60_000);

  it('refuses to start on a dump pg_restored --clean into the same database (the same object id) until restore --after-pg-restore held what went out after the dump; a dispatch then sends nothing twice', async () => {
    // The review of 6 December: docker-compose has one database, and pg_restore --clean into it kept its object id,
    // which the dumped row named: the server started and sent again, and the command said "nothing to do".
    const { live, exec, due } = await startedWithCheckinDue();
    const dump = spawnSync('pg_dump', ['--format=custom', live.env.DATABASE_URL!]);
    expect(dump.status, String(dump.stderr)).toBe(0);
    expect((await exec(`dispatch --at ${due}`)).code).toBe(0);
    expect(outboxFiles(live.env.OUTBOX_DIR!)).toHaveLength(1);
    const restored = spawnSync('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${live.env.DATABASE_URL}`], { input: dump.stdout });
    expect(restored.status, String(restored.stderr)).toBe(0);

    const refused = await startServer(live.env).then((s) => (s.child.kill('SIGTERM'), 'started'), (err: Error) => err.message);
    expect(refused).toMatch(
      /^the server stopped \(exit code 1\): nextdeal cannot start: DATABASE_URL \(\S+\): this database is a copy \(pg_restore\) of the one nextdeal ran on: pg_restore wrote its tables anew from a dump of the database nextdeal ran on here \(first started there on \d{4}-\d\d-\d\dT[\d:]+Z\), .*run nextdeal restore --after-pg-restore first/,
    );
    expect((await exec(`dispatch --at ${due}`)).code).toBe(1);
    const taken = await exec('restore --after-pg-restore');
    expect(taken).toMatchObject({ code: 0, err: '' });
    expect(taken.out).toContain('1 message(s) were due since and may have gone out already: they wait in doubt, not sent again');
    expect((await exec(`dispatch --at ${due}`)).code).toBe(0);
    expect(outboxFiles(live.env.OUTBOX_DIR!)).toHaveLength(1);
    expect((await look(live.env.DATABASE_URL!)).checkins).toEqual([{ status: 'uncertain', error: 'restored' }]);
  }, 60_000);

  it('after a snapshot or point-in-time restore, which keeps the database and its tables, restore --after-pg-restore --again holds what went out since, as the first run does', async () => {
    const { live, exec, due } = await startedWithCheckinDue();
    const url = live.env.DATABASE_URL!;
    const db = openPostgres(url, 1);
    try {
      // The snapshot: the check-in as it waits; then it goes out, and the database is put back to the snapshot.
      const snapshot = await db.value(sql("SELECT row_to_json(m)::text FROM messages m WHERE kind = 'checkin'"));
      expect((await exec(`dispatch --at ${due}`)).code).toBe(0);
      expect(outboxFiles(live.env.OUTBOX_DIR!)).toHaveLength(1);
      await db.run(sql("DELETE FROM messages WHERE kind = 'checkin'"));
      await db.run(sql('INSERT INTO messages SELECT * FROM json_populate_record(NULL::messages, ?::json)'), [snapshot]);
    } finally {
      await db.close();
    }
    expect((await look(url)).checkins).toEqual([{ status: 'scheduled', error: null }]);

    // Nothing tells it from the database nextdeal ran on: the command says how to run it anyway.
    const told = await exec('restore --after-pg-restore');
    expect(told).toMatchObject({ code: 1, out: '' });
    expect(told.err).toMatch(/, and no restore since that it can tell: nothing to do\. It cannot tell every one: after a snapshot or point-in-time restore, or a dump restored into a new server once again, run it with --again\n$/);
    expect((await exec('restore --again')).err).toBe('--again goes with --after-pg-restore (PostgreSQL): nextdeal restore --after-pg-restore --again\n');
    const taken = await exec('restore --after-pg-restore --again');
    expect(taken).toMatchObject({ code: 0, err: '' });
    expect(taken.out).toContain('1 message(s) were due since and may have gone out already: they wait in doubt, not sent again');
    expect((await exec(`dispatch --at ${due}`)).code).toBe(0);
    expect(outboxFiles(live.env.OUTBOX_DIR!)).toHaveLength(1);
    expect((await look(url)).checkins).toEqual([{ status: 'uncertain', error: 'restored' }]);
  }, 60_000);

  it('starts the first time on a new database, two instances at once; restore --after-pg-restore then has nothing to do', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([environment({ DATABASE_URL: url }), environment({ DATABASE_URL: url })]);
    const servers = await Promise.all([startServer(a.env), startServer(b.env)]);
    for (const s of servers) s.child.kill('SIGTERM');
    expect(await Promise.all(servers.map((s) => s.exited))).toEqual([0, 0]);
    expect(JSON.parse(String((await look(url)).home))).toMatchObject({ db: expect.stringMatching(/^\d+$/), at: expect.any(Number) });
    // Never pg_restored, the command has nothing to hold: what is due there never went.
    expect((await cliRunner({ DATABASE_URL: url, OUTBOX_DIR: a.env.OUTBOX_DIR! })('restore --after-pg-restore')).err).toMatch(/: nothing to do\. It cannot tell every one: after a snapshot or point-in-time restore, or a dump restored into a new server once again, run it with --again\n$/);
  }, 60_000);

  it('reads a row of the release before the table\'s object id as naming the database alone, and gives it the table\'s at the start', async () => {
    const url = await migratedPostgres();
    const db = openPostgres(url, 1);
    try {
      await db.run(sql(`INSERT INTO installation (name, value) SELECT 'database', json_build_object('db', (SELECT oid FROM pg_database WHERE datname = current_database())::text, 'at', 1796400000000)::text`));
      expect(await copyNotTakenUp(db)).toBeNull();
      expect(JSON.parse(String(await db.value(sql("SELECT value FROM installation WHERE name = 'database'"))))).toEqual({
        db: expect.stringMatching(/^\d+$/),
        table: String(await db.value(sql("SELECT 'installation'::regclass::oid"))),
        at: 1796400000000,
      });
      expect(await copyNotTakenUp(db)).toBeNull();
    } finally {
      await db.close();
    }
  });

  it('refuses a copy of a database from before the row, by its instances that ran on another database; not a copy made by nextdeal copy', async () => {
    // As a release before this one leaves the database it runs on: an instance's row, no 'database' row.
    const live = await migratedPostgres();
    const db = openPostgres(live, 1);
    await runningInstance(db).say(Date.now());
    await db.close();
    const copy = openPostgres(await pgCopy(live), 1);
    try {
      expect(await copyNotTakenUp(copy)).toMatch(/^this database is a copy \(pg_restore\) of the one nextdeal ran on: instances of nextdeal ran on another database .*run nextdeal restore --after-pg-restore first/);
      expect(await copy.value(sql("SELECT count(*) FROM installation WHERE name = 'database'"))).toBe(0);
    } finally {
      await copy.close();
    }
    // `nextdeal copy` brings SQLite's instance rows along, which name no PostgreSQL database: its first start goes ahead.
    const copied = openPostgres(await migratedPostgres(), 1);
    try {
      await copied.run(sql(`INSERT INTO installation (name, value) VALUES ('instance:sqlite', '{"at":${Date.now()},"db":"","host":"h","pid":1}')`));
      expect(await copyNotTakenUp(copied)).toBeNull();
      expect(await copyNotTakenUp(copied)).toBeNull();
    } finally {
      await copied.close();
    }
  });
});
