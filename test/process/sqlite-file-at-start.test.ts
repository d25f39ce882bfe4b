// What a server starting on SQLite says of its file (the operator's review of 6 December): a second server started by
// mistake on the same file started without a word.
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { engine } from '../helpers.js';
import { type Running, environment, startServer } from './server.js';

/** The warnings the server logged that match `about`. */
const warned = (server: Running, about: string) =>
  server.logs.join('').split('\n').filter((l) => l.includes(about)).map((l) => JSON.parse(l) as { level: number; msg: string });

describe.skipIf(engine === 'postgres')('a server starting on a SQLite file', () => {
  it('warns that another server runs on the file, naming it, and starts all the same', async () => {
    const { env } = await environment();
    const first = await startServer(env);
    const other = await environment();
    const second = await startServer({ ...env, PORT: other.env.PORT!, PUBLIC_URL: other.env.PUBLIC_URL! });
    await vi.waitFor(() => expect(warned(second, 'was in use as this server started')).toHaveLength(1), { timeout: 10_000 });
    const [warning] = warned(second, 'was in use as this server started');
    expect(warning!.level).toBe(40);
    expect(warning!.msg).toContain(`${env.DATABASE_PATH} (DATABASE_PATH) was in use as this server started: a nextdeal server runs on it (`);
    expect(warning!.msg).toContain(`, process ${first.child.pid}, `);
    expect(warning!.msg).toContain('stop the one started by mistake');
    expect(warned(first, 'was in use')).toEqual([]);
    for (const s of [second, first]) {
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    }
  }, 90_000);

  // Held by a process that is no nextdeal server (a sqlite3 shell, a backup, Litestream): said as such, with how to
  // find it, not "stop the one started by mistake" (the review of b999b47).
  it('says a process that holds the file and is no server is one, and how to find it', async () => {
    const { env } = await environment();
    const first = await startServer(env);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const holder = new Database(env.DATABASE_PATH!, { readonly: true });
    holder.prepare('SELECT count(*) FROM schema_migrations').get();
    const server = await startServer(env);
    await vi.waitFor(() => expect(warned(server, 'was open in another process')).toHaveLength(1), { timeout: 10_000 });
    expect(warned(server, 'was open in another process')[0]!.msg).toContain('`fuser` or `lsof` on the file names it');
    expect(server.logs.join('')).not.toContain('started by mistake');
    holder.close();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 90_000);
});
