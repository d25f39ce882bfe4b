// A start that is refused leaves nothing on disk (an operator's review): the outbox folder was made first thing, and
// stayed behind when the start was then refused for the database or the port. An outbox nextdeal cannot write to is
// still refused at start.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onCleanup, tempDir } from '../helpers.js';
import { freePort } from './server.js';

const root = new URL('../../', import.meta.url).pathname;

/** Starts src/main.ts with only `env` and waits for it to exit: its exit code and its last line on stderr. */
function startExits(env: Record<string, string>): Promise<{ code: number | null; last: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  onCleanup(() => void (child.exitCode === null && child.kill('SIGKILL')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, last: err.trimEnd().split('\n').at(-1) ?? '' })));
}

describe('a refused start', () => {
  it('leaves no outbox folder behind: DATABASE_PATH under a file, DATABASE_URL where nothing listens, PORT in use', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'afile'), '');
    const outbox = join(dir, 'data', 'outbox');
    const underFile = await startExits({ PORT: String(await freePort()), DATABASE_PATH: join(dir, 'afile', 'n.db'), OUTBOX_DIR: outbox });
    expect(underFile.code).toBe(1);
    expect(existsSync(join(dir, 'data'))).toBe(false);

    const nobody = await freePort();
    const noServer = await startExits({ PORT: String(await freePort()), DATABASE_URL: `postgres://n:pw@127.0.0.1:${nobody}/n`, OUTBOX_DIR: outbox });
    expect(noServer.code).toBe(1);
    expect(noServer.last).toMatch(/^nextdeal cannot start/);
    expect(existsSync(join(dir, 'data'))).toBe(false);

    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, ok));
    onCleanup(() => new Promise<void>((ok) => taken.close(() => ok())));
    const port = (taken.address() as { port: number }).port;
    const inUse = await startExits({ PORT: String(port), DATABASE_PATH: join(dir, 'n.db'), OUTBOX_DIR: outbox });
    expect(inUse.code).toBe(1);
    expect(inUse.last).toContain('another program listens on port');
    expect(existsSync(join(dir, 'data'))).toBe(false);
  }, 60_000);

  it('still refuses an outbox folder it cannot make, and keeps one that was there', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'afile'), '');
    const refused = await startExits({ PORT: String(await freePort()), DATABASE_PATH: join(dir, 'n.db'), OUTBOX_DIR: join(dir, 'afile', 'outbox') });
    expect(refused.code).toBe(1);
    expect(refused.last).toMatch(/^nextdeal cannot start: OUTBOX_DIR/);

    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, ok));
    onCleanup(() => new Promise<void>((ok) => taken.close(() => ok())));
    const inUse = await startExits({ PORT: String((taken.address() as { port: number }).port), DATABASE_PATH: join(dir, 'n.db'), OUTBOX_DIR: dir });
    expect(inUse.code).toBe(1);
    expect(existsSync(dir)).toBe(true);
  }, 60_000);
});
