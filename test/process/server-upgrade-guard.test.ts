// A new release's server started on a SQLite file a server of the release before still runs on (the operator's review
// of 6 December): it applied its migrations under the old one, then found the port taken and exited, and the old
// server answered every sale 500 ("no such column") while /healthz said ok. Now the start refuses, as a command does,
// and asks for the port before it opens the database: the file is left as it was either way.
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { engine, onCleanup } from '../helpers.js';
import { environment, olderRelease, runCli, startServer } from './server.js';

/** The migrations the file has run, read without opening it as nextdeal does (which would upgrade it). */
function applied(path: string): number[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
  } finally {
    db.close();
  }
}

describe.skipIf(engine === 'postgres')('a server of a new release, on a SQLite file of the release before', () => {
  it('refuses to start while a server of the release before runs on the file, changing nothing, and that server goes on', async () => {
    const { release, lacks } = olderRelease();
    const { env } = await environment();
    const old = await startServer(env, release);
    expect((await runCli(['shop', 'create', '--slug', 'fietsenmaker', '--name', 'Fietsenmaker'], env, release).done).code).toBe(0);
    const before = applied(env.DATABASE_PATH!);
    expect(before).not.toContain(Number.parseInt(lacks, 10));

    const other = await environment();
    const started = startServer({ ...env, PORT: other.env.PORT!, PUBLIC_URL: other.env.PUBLIC_URL! });
    await expect(started).rejects.toThrow(
      `nextdeal cannot start: ${env.DATABASE_PATH} (DATABASE_PATH) has migration this release brings that it has not run (${lacks}), and a nextdeal server runs on it (`,
    );
    await expect(started).rejects.toThrow(`, process ${old.child.pid}, `);
    await expect(started).rejects.toThrow('Nothing was changed. Stop the server that runs on it');
    await expect(started).rejects.not.toThrow('database upgraded');
    expect(applied(env.DATABASE_PATH!)).toEqual(before);
    expect((await fetch(`${old.base}/healthz`)).status).toBe(200);
    old.child.kill('SIGTERM');
    expect(await old.exited).toBe(0);
  }, 120_000);

  // The review of the refusal: a process that holds the file and never said it is a nextdeal server (a `backup` from
  // cron, a sqlite3 shell) failed an upgrade's start at once, its words blaming a server. It is waited for: once it
  // lets go, the start applies the migrations.
  it('waits for a process holding the file that is no nextdeal server, and upgrades once it lets go', async () => {
    const { release, lacks } = olderRelease();
    const { env } = await environment();
    expect((await runCli(['shop', 'create', '--slug', 'fietsenmaker', '--name', 'Fietsenmaker'], env, release).done).code).toBe(0);
    const holder = new Database(env.DATABASE_PATH!, { readonly: true });
    holder.prepare('SELECT count(*) FROM schema_migrations').get();
    // Held until the start says it waits for it (however long its compiling took), then let go, as a backup finishes.
    let seen!: () => void;
    const waiting = new Promise<void>((resolve) => (seen = resolve));
    const started = startServer(env, undefined, (text) => void (text.includes('waiting up to 30 s') && seen()));
    await waiting;
    holder.close();
    const server = await started;
    expect(server.logs.join('')).toContain('is open in another process (a command, a backup, or a tool: `fuser` or `lsof` on the file names it): waiting up to 30 s for it to let go');
    expect(server.logs.join('').split('waiting up to 30 s')).toHaveLength(2); // said once
    expect(server.logs.join('')).toContain('database upgraded');
    expect(applied(env.DATABASE_PATH!)).toContain(Number.parseInt(lacks, 10));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 120_000);

  it('stops on a port another program holds before it upgrades the file', async () => {
    const { release, lacks } = olderRelease();
    const { env } = await environment();
    expect((await runCli(['shop', 'create', '--slug', 'fietsenmaker', '--name', 'Fietsenmaker'], env, release).done).code).toBe(0);
    const before = applied(env.DATABASE_PATH!);
    expect(before).not.toContain(Number.parseInt(lacks, 10));
    // Another program on the port: it answers /healthz 404, so the wait for the server's start sees its exit.
    const holder = createServer((_req, res) => void res.writeHead(404).end());
    await new Promise<void>((resolve) => holder.listen(Number(env.PORT), resolve));
    onCleanup(() => new Promise<void>((resolve) => (holder.closeAllConnections(), holder.close(() => resolve()))));

    const started = startServer(env);
    await expect(started).rejects.toThrow(`nextdeal cannot start: PORT: another program listens on port ${env.PORT} already`);
    await expect(started).rejects.not.toThrow('database upgraded');
    expect(applied(env.DATABASE_PATH!)).toEqual(before);
  }, 120_000);
});
