// An install upgraded from a release that made its files 0644 and its outbox 0755 kept them readable by every user of
// the machine, and SQLite made the new -wal and -shm files so too, without a word (the operator's review of 6 December).
// The server's start now says so, with the chmod to run.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { engine } from '../helpers.js';
import { type Running, environment, runCli, startServer } from './server.js';

/** The warnings the server logged that match `about`. */
const warned = (server: Running, about: string) =>
  server.logs.join('').split('\n').filter((l) => l.includes(about)).map((l) => JSON.parse(l) as { level: number; msg: string });

describe.skipIf(engine === 'postgres')('a server starting on a SQLite file', () => {
  it('warns of a database and an outbox other users may read, with the chmod to run; none once it was run', async () => {
    const { env } = await environment();
    // As a release before 5 December left them: the database 0644 in a folder of 0755, the outbox 0755.
    expect((await runCli(['shop', 'create', '--slug', 'fietsenmaker', '--name', 'Fietsenmaker'], env).done).code).toBe(0);
    chmodSync(env.DATABASE_PATH!, 0o644);
    chmodSync(dirname(env.DATABASE_PATH!), 0o755);
    mkdirSync(env.OUTBOX_DIR!, { recursive: true });
    chmodSync(env.OUTBOX_DIR!, 0o755);
    chmodSync(dirname(env.OUTBOX_DIR!), 0o755);
    let server = await startServer(env);
    await vi.waitFor(() => expect(warned(server, 'readable by other users')).toHaveLength(1), { timeout: 10_000 });
    const db = env.DATABASE_PATH!;
    expect(statSync(`${db}-wal`).mode & 0o777).toBe(0o644); // SQLite gives them the database's mode
    const [warning] = warned(server, 'readable by other users');
    expect(warning!.level).toBe(40);
    expect(warning!.msg).toContain(`readable by other users of this machine: ${db} (0644), ${db}-wal (0644), ${db}-shm (0644), ${env.OUTBOX_DIR} (0755).`);
    const command = warning!.msg.slice(warning!.msg.indexOf('Run: ') + 5);
    expect(command).toBe(`chmod go= '${db}' '${db}-wal' '${db}-shm' && chmod -R go= '${env.OUTBOX_DIR}'`);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    // The command it gave, run: the next start says nothing of it.
    chmodSync(db, 0o600);
    chmodSync(env.OUTBOX_DIR!, 0o700);
    server = await startServer(env);
    await vi.waitFor(() => expect(server.logs.join('')).toContain('nextdeal listening'), { timeout: 10_000 });
    expect(warned(server, 'readable by other users')).toEqual([]);
    expect(statSync(join(db + '-wal')).mode & 0o777).toBe(0o600);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    // A file others may read in a folder they may not enter is no one else's to read: nothing said (the review).
    chmodSync(db, 0o644);
    chmodSync(dirname(db), 0o700);
    server = await startServer(env);
    await vi.waitFor(() => expect(server.logs.join('')).toContain('nextdeal listening'), { timeout: 10_000 });
    expect(warned(server, 'readable by other users')).toEqual([]);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 90_000);
});
