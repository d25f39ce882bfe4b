// The real server and the real `nextdeal` command in processes of their own, for tests that kill them. Their database
// is a SQLite file in a fresh folder, or under `npm run test:postgres` a fresh PostgreSQL database (DATABASE_URL).
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Database, openDatabase } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { type TestStore, engine, migratedPostgres, onCleanup, run, tempDir } from '../helpers.js';

const root = new URL('../../', import.meta.url).pathname;

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Where the processes' data goes: a SQLite file in `dir`, or a new PostgreSQL database cloned from the migrated template. */
async function databaseSetting(dir: string): Promise<Record<string, string>> {
  if (engine === 'sqlite') return { DATABASE_PATH: join(dir, 'nextdeal.db') };
  return { DATABASE_URL: await migratedPostgres() };
}

/** A fresh data folder (and database) and the environment a server or command needs to use it. */
export async function environment(extra: Record<string, string> = {}) {
  const dir = tempDir();
  const port = await freePort();
  return {
    dir,
    port,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      // A database the caller names (an empty one, say) is used as it is.
      ...(extra.DATABASE_URL ? {} : await databaseSetting(dir)),
      OUTBOX_DIR: join(dir, 'outbox'),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'info',
      ...extra,
    } as Record<string, string>,
  };
}

/**
 * The database of `env`, opened in the test's own process as another instance would open it: to set up what the
 * processes find, and to look at what they left. `close()` may be called early (it is called again, harmlessly, when
 * the test ends).
 */
export async function openShared(env: Record<string, string>): Promise<TestStore> {
  const db = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH ?? '' });
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= db.close());
  onCleanup(close);
  const once: Database = { ...db, close };
  return { ...createStore(once), db: once };
}

export interface Running {
  child: ChildProcess;
  base: string;
  logs: string[];
  exited: Promise<number | null>;
}

/**
 * Starts `src/main.ts` (through tsx) and waits until /healthz answers. `release`: another copy's folder (olderRelease).
 * `output`: told each piece of what it writes as it comes, before it answers.
 */
export async function startServer(env: Record<string, string>, release = root, output?: (text: string) => void): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(release, 'src/main.ts')], { cwd: release, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  const heard = (d: Buffer) => (logs.push(String(d)), output?.(String(d)));
  child.stdout!.on('data', heard);
  child.stderr!.on('data', heard);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  const base = `http://127.0.0.1:${env.PORT}`;
  // Starting means compiling src/ through tsx: about a second alone, but several at once on a loaded two-core machine
  // have taken more than ten. A server that exits is reported at once; one still starting is given 25 s, within the
  // 30 s the shortest of these tests may take, so that this message, not a timeout, says what happened.
  const started = Date.now();
  while (Date.now() - started < 25_000) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server stopped (${child.signalCode ?? `exit code ${child.exitCode}`}): ${logs.join('')}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base, logs, exited };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the server, still running, did not answer /healthz within ${(Date.now() - started) / 1000} s: ${logs.join('') || '(it logged nothing)'}`);
}

/** Runs `nextdeal <args>` (src/cli.ts through tsx); resolves with its exit code and output. `release`: as startServer's. */
export function runCli(args: string[], env: Record<string, string>, release = root): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(release, 'src/cli.ts'), ...args], { cwd: release, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await done;
  });
  return { child, done };
}

/**
 * A release before this one, as far as the database can tell: this code in a folder of its own, without migration
 * `lacks` (default 065, which only mends data: this code runs without it), in both engines' folders; its node_modules
 * are this one's. Its server and commands run there (startServer, runCli with `release`). Returns the folder and the
 * file of the migration it lacks.
 */
export function olderRelease(lacks = '065'): { release: string; lacks: string } {
  const release = tempDir();
  for (const dir of ['src', 'migrations', 'templates', 'test/fixtures/replies']) cpSync(join(root, dir), join(release, dir), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json']) cpSync(join(root, file), join(release, file));
  symlinkSync(join(root, 'node_modules'), join(release, 'node_modules'));
  const file = readdirSync(join(release, 'migrations/sqlite')).find((f) => f.startsWith(`${lacks}_`))!;
  for (const engine of ['sqlite', 'postgres']) {
    for (const f of readdirSync(join(release, 'migrations', engine))) if (f.startsWith(`${lacks}_`)) rmSync(join(release, 'migrations', engine, f));
  }
  return { release, lacks: file };
}

/**
 * Minutes of real time passing for the dispatchers' claims: their stamps moved back by that much. A claim's lease and
 * a send in doubt are judged by the real clock, never by `dispatch --at` (which pretends only what is due and quiet
 * hours), so a test lets the lease run out this way rather than by waiting ten minutes.
 */
export async function claimsAge(db: Database, minutes: number): Promise<void> {
  await run(db, "UPDATE messages SET claimed_at = claimed_at - ? WHERE status IN ('sending', 'uncertain')", minutes * 60_000);
}
