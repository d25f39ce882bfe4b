// A command of a new release run on the database a server of the release before runs on (the operator's review: the
// new release's `node dist/cli.js shop list` beside a running server said "database upgraded: applied 2 migrations
// (062, 063)", and the server went on serving by the rules those migrations changed). Now the command refuses, saying
// which migrations, who runs on it and what to do, and changes nothing; `backup` copies the database as it is. Once the
// server is stopped, the command upgrades it; the release before then refuses to start on it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/engines/postgres.js';
import { sql } from '../../src/db/sql.js';
import { engine } from '../helpers.js';
import { environment, olderRelease, runCli, startServer } from './server.js';

/** The migrations the database has run (by version), read without opening it as nextdeal does (which would upgrade it). */
async function applied(env: Record<string, string>): Promise<number[]> {
  if (engine === 'sqlite') {
    const db = new Database(env.DATABASE_PATH!, { readonly: true });
    try {
      return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
    } finally {
      db.close();
    }
  }
  const db = openPostgres(env.DATABASE_URL!, 1);
  try {
    return (await db.values<number>(sql('SELECT version FROM schema_migrations ORDER BY version'))).map(Number);
  } finally {
    await db.close();
  }
}

describe('a command of a new release, on a database a server of the release before runs on', () => {
  it('refuses to upgrade it, saying which migrations, who runs on it and what to do; upgrades it once the server is stopped', async () => {
    const { release, lacks } = olderRelease();
    const version = Number.parseInt(lacks, 10);
    const { env, dir } = await environment();
    if (engine === 'postgres') {
      // The cloned database has every migration: as the release before left it, without the one it lacks.
      const db = openPostgres(env.DATABASE_URL!, 1);
      await db.exec(`DELETE FROM schema_migrations WHERE version = ${version}`);
      await db.close();
    }
    const server = await startServer(env, release);
    expect((await runCli(['shop', 'create', '--slug', 'fietsenmaker', '--name', 'Fietsenmaker'], env, release).done).code).toBe(0);
    const before = await applied(env);
    expect(before).not.toContain(version);

    const refused = await runCli(['shop', 'list'], env).done;
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toContain(engine === 'sqlite' ? `${env.DATABASE_PATH} (DATABASE_PATH)` : 'DATABASE_URL (');
    expect(refused.err).toContain(`has migration this release brings that it has not run (${lacks})`);
    expect(refused.err).toContain(`, process ${server.child.pid}, `);
    expect(refused.err).toContain('Nothing was changed.');
    expect(refused.err).toContain(engine === 'sqlite' ? 'Stop the server and start this release in its place (its start applies the migrations' : 'Deploying a new version');
    expect(refused.err).not.toContain('database upgraded');
    expect(await applied(env)).toEqual(before);
    // The server goes on, on the database as it was.
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);

    if (engine === 'sqlite') {
      // A backup is the database as it is, taken while the server runs: the one to go back to after an upgrade.
      const copy = join(dir, 'before-upgrade.db');
      expect(await runCli(['backup', copy], env).done).toMatchObject({ code: 0, err: '' });
      expect(existsSync(copy)).toBe(true);
      expect(await applied(env)).toEqual(before);
      expect(await applied({ DATABASE_PATH: copy })).toEqual(before);
    }

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const upgraded = await runCli(['shop', 'list'], env).done;
    expect(upgraded.code).toBe(0);
    expect(upgraded.err).toContain(`database upgraded: applied migration ${lacks.slice(0, 3)}`);
    expect(JSON.parse(upgraded.out)).toEqual([expect.objectContaining({ slug: 'fietsenmaker' })]);
    expect(await applied(env)).toContain(version);
    // The release before no longer starts on it (README, "Upgrading").
    await expect(startServer(env, release)).rejects.toThrow('this database was upgraded by a newer release of nextdeal');
  }, 120_000);
});
