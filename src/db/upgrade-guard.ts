// A command of a new release run on a database a server of the release before still runs on: opening it would apply
// the new migrations under that server, which goes on taking sales and sending with the rules they changed, without a
// word (the operator's review: `node dist/cli.js shop list` beside a running server said "database upgraded: applied 2
// migrations (062, 063)"). A command refuses then, changing nothing; a server's start applies them (README
// "Upgrading"; on PostgreSQL a rolling deploy's new instances start beside the old ones: "Deploying a new version").
// Looked at before the command opens the database, for on SQLite its own connection would hold the file too.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { openPostgres } from './engines/postgres.js';
import { SEEN_WITHIN, instancesSeen } from './instances.js';
import { hostAndName, pendingMigrations } from './open.js';
import { inUse } from './restore.js';
import { sql } from './sql.js';

const pgQ = {
  hasTable: sql("SELECT to_regclass('schema_migrations') IS NOT NULL"),
  applied: sql<number>('SELECT version FROM schema_migrations'),
  // Other sessions of nextdeal's on this database: an instance (or a command) of a release before instances said so.
  others: sql<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
    AND application_name IN (?, current_setting('application_name')) AND application_name <> '' ORDER BY pid`),
};

/** SQLite: the instances that said within SEEN_WITHIN of `now` that they run on this file (src/db/instances.ts). */
const SQLITE_SEEN = `SELECT json_extract(value, '$.host') AS host, json_extract(value, '$.pid') AS pid, ? - json_extract(value, '$.at') AS ago
  FROM installation WHERE name LIKE 'instance:%' AND json_valid(value) AND json_extract(value, '$.at') > ? ORDER BY 3`;

type Seen = { host: string; pid: number; ago: number };
const who = (seen: Seen[]) => seen.map((i) => `${i.host}, process ${i.pid}, ${Math.max(0, Math.round(Number(i.ago) / 1000))} s ago`).join('; ');

const listed = (pending: string[]) =>
  `${pending.length === 1 ? 'migration' : `${pending.length} migrations`} this release brings that it has not run (${pending.join(', ')})`;

/**
 * Why a command must not open (and so upgrade) the database the settings name, in words; null when it may: there is
 * nothing to apply, or nothing else runs on it. What cannot be looked at here (no file yet, no server to reach, not a
 * nextdeal database) is left to the opening, which says so.
 */
export async function upgradeRefusal(o: { url?: string | undefined; path: string }): Promise<string | null> {
  return o.url ? postgresRefusal(o.url) : (sqliteRefusal(o.path, 'command')?.words ?? null);
}

/** How long a server's start waits for a process that holds the file and never said it is a nextdeal server. */
export const HOLDER_WAIT_MS = 30_000;

/**
 * The same for a server's start, on SQLite (on PostgreSQL a rolling deploy's new instances upgrade the database beside
 * the old ones, README "Deploying a new version"): a new release started while the old server still runs on the file
 * applied its migrations under it, then found the port taken and exited; the old server answered every sale 500 ("no
 * such column") while /healthz said ok (the operator's review of 6 December).
 */
export async function serverUpgradeRefusal(path: string, waiting: (said: string) => void = () => {}, waitMs = HOLDER_WAIT_MS): Promise<string | null> {
  // A holder that never said it is a nextdeal server (a `backup` from cron, a sqlite3 shell, Litestream, a release
  // before instances said so) is waited for, up to waitMs: a backup's few seconds must not fail an upgrade's start (and
  // a service manager's restarts after it). One that said so is refused at once (the review of f315b12).
  for (let until = Date.now() + waitMs, first = true; ; first = false) {
    const refused = sqliteRefusal(path, 'server');
    if (!refused || refused.said || Date.now() >= until) return refused?.words ?? null;
    // Said once, so that a start that waits does not look hung (the review of 2ae93b9).
    if (first) waiting(`${path} (DATABASE_PATH) has migrations to apply and is open in another process (a command, a backup, or a tool: \`fuser\` or \`lsof\` on the file names it): waiting up to ${waitMs / 1000} s for it to let go`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function sqliteRefusal(path: string, by: 'command' | 'server'): { words: string; said: boolean } | null {
  if (path === ':memory:' || !existsSync(path)) return null;
  let look: { applied: number[]; seen: Seen[] } | null;
  try {
    // Read as it is, and the write-ahead log SQLite makes beside it left there (not removed as engines/sqlite.ts lookAt
    // removes what it made): this look runs before every command, and a server starting meanwhile may have taken that
    // log up as its own; removed under it, what it wrote next would be lost. The command's own opening uses it anyway.
    look = readOnly(path, (db) => {
      const table = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
      if (!table('schema_migrations')) return null;
      const applied = db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
      const now = Date.now();
      return { applied, seen: table('installation') ? (db.prepare(SQLITE_SEEN).all(now, now - SEEN_WITHIN) as Seen[]) : [] };
    });
  } catch {
    return null; // not a database SQLite can read: the opening says so
  }
  if (!look) return null;
  const pending = pendingMigrations('sqlite', look.applied);
  if (pending.length === 0 || !busy(path)) return null;
  const running = whoHasIt(look.seen);
  const said = look.seen.length > 0;
  if (by === 'server') {
    return {
      said,
      words: said
        ? `${path} (DATABASE_PATH) has ${listed(pending)}, and ${running}: this server does not upgrade the database under a running ` +
          'one, which would go on taking sales and sending messages by the rules of the release before, and fail on the upgraded tables ' +
          '(see README, "Upgrading"). Nothing was changed. Stop the server that runs on it (every one on this file), then start this release again: ' +
          'its start applies the migrations and says so.'
        : `${path} (DATABASE_PATH) has ${listed(pending)}, and another process has held it open for ${HOLDER_WAIT_MS / 1000} s as this server started ` +
          '(a nextdeal server of an older release, a command, a backup, or a tool such as a sqlite3 shell or Litestream: `fuser` or `lsof` on the file ' +
          'names it): this server does not upgrade the database under it (see README, "Upgrading"). Nothing was changed. Stop it (or let it finish), ' +
          'then start this release again: its start applies the migrations and says so.',
    };
  }
  return { said, words: (
    `${path} (DATABASE_PATH) has ${listed(pending)}, and ${running}: a command does not upgrade the database under a running ` +
    'server, which would go on taking sales and sending messages by the rules of the release before (see README, "Upgrading"). ' +
    'Nothing was changed. Stop the server and start this release in its place (its start applies the migrations and says so), ' +
    'then run this command again; or run this command with the release the server runs.'
  ) };
}

const whoHasIt = (seen: Seen[]) =>
  seen.length > 0 ? `a nextdeal server runs on it (${who(seen)})` : 'it is open in another process (a running nextdeal server, or another command)';

/** Whether othersOnFile's words name a nextdeal server that said it runs on the file (not a command or a tool). */
export const namesServer = (others: string): boolean => others.startsWith('a nextdeal server runs on it');

/**
 * SQLite, as a server starts: who else has the file open, in words (the instances that said they run on it, when they
 * did), or null when nothing does. A second server started by mistake on the same file started without a word, and its
 * sales then wait for the other's write lock (503 SQLITE_BUSY to the tills, README "SQLite busy").
 */
export function othersOnFile(path: string): string | null {
  if (path === ':memory:' || !existsSync(path) || !busy(path)) return null;
  let seen: Seen[] = [];
  try {
    seen = readOnly(path, (db) => {
      if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'installation'").get()) return [];
      const now = Date.now();
      return db.prepare(SQLITE_SEEN).all(now, now - SEEN_WITHIN) as Seen[];
    });
  } catch {
    // who it is cannot be read: that something has it open is said all the same
  }
  return whoHasIt(seen);
}

function readOnly<T>(path: string, look: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return look(db);
  } finally {
    db.close();
  }
}

/** Whether another process has the file open (restore.ts inUse); not when that cannot be told (the opening says why). */
function busy(path: string): boolean {
  try {
    return inUse(path);
  } catch {
    return false;
  }
}

async function postgresRefusal(url: string): Promise<string | null> {
  let db: ReturnType<typeof openPostgres> | undefined;
  try {
    // pg loaded here, not with this file: a server on SQLite asks serverUpgradeRefusal alone, and needs none of it.
    const { APPLICATION_NAME, openPostgres } = await import('./engines/postgres.js');
    db = openPostgres(url, 1);
    if (!(await db.value(pgQ.hasTable))) return null;
    const pending = pendingMigrations('postgres', await db.values(pgQ.applied));
    if (pending.length === 0) return null;
    const [seen, others] = [await instancesSeen(db), await db.all(pgQ.others, [APPLICATION_NAME])];
    if (seen.length === 0 && others.length === 0) return null;
    // Said to run, with no connection open now: stopped without taking its word back (kill -9, an OOM kill), or idle
    // between ticks. Its word lapses SEEN_WITHIN after it was said (the review: refused for minutes after a kill -9).
    const lapses = Math.ceil((SEEN_WITHIN - Math.min(...seen.map((i) => Number(i.ago)))) / 1000);
    const running = seen.length > 0
      ? `${seen.length} instance(s) of nextdeal of the release before said they run on it (${who(seen)})` + (others.length > 0 ? '' :
        `; none has a connection open to it now: they may be idle between their ticks (running on), or were killed (then their word lapses in ${Math.max(1, lapses)} s, and this command may run then)`)
      : `${others.length} connection(s) of nextdeal of the release before are open to it (process ${others.map((c) => c.pid).join(', ')} on the database server)`;
    return (
      `DATABASE_URL (${hostAndName(url)}) has ${listed(pending)}, and ${running}: a command does not ` +
      'upgrade the database under running instances. Nothing was changed. Deploy this release as README "Deploying a new version" ' +
      'says: the start of its first instance applies the migrations (the instances of the release before may run on beside it ' +
      'meanwhile, but one that stops cannot start again on the upgraded database: replace it with this release); then run this ' +
      'command again. Or run this command with the release the instances run.'
    );
  } catch {
    return null; // the server cannot be reached, or refuses us: the opening says so, in its words
  } finally {
    await db?.close().catch(() => undefined);
  }
}
