// Opening the database: SQLite at DATABASE_PATH (the embedded default), or PostgreSQL at DATABASE_URL; then its
// migrations, numbered files in migrations/<engine>/, each in one transaction with its version row.
//
// Migrations run at start under a lock, so instances starting together apply each one once. The rule that keeps a
// rolling deploy safe (old and new instances on one database for a while): a migration only adds (tables, nullable
// columns, indexes, triggers that keep summaries); a column or table the previous release reads is dropped or renamed
// only in a later release, once no instance of the previous one runs; one of the previous release that stops cannot
// start again on the migrated database (madeByNewer). PostgreSQL starts at version 12, one file with
// the schema SQLite reached through 1 to 12; later migrations come in both folders with the same number.
import { readFileSync, readdirSync } from 'node:fs';
import { ConfigError } from '../config.js';
import type { PostgresDb } from './engines/postgres.js';
import { type SqliteDb, openSqlite } from './engines/sqlite.js';
import { fingerprintKey, keyed } from './fingerprint.js';
import { maskTokens } from './messages.js';
import { MENDED, REPAIR, changedAfterRun, migrationChecksum } from './migration-checksums.js';
import { migrationsSaid } from './migration-notes.js';
import { type Db, type Engine, sql } from './sql.js';
import { rebuildSummaries, recountCameBack, recountDrawn, recountDrawnAt } from './summary.js';
import { tlsTrouble } from './tls-trouble.js';
import { isUnavailable } from './unavailable.js';

export type Database = SqliteDb | PostgresDb;

const migrationsDir = (engine: Engine) => new URL(`../../migrations/${engine}/`, import.meta.url);

/** This build's migration files for the engine, in the order they run ("001_schema.sql", …). */
const migrationFiles = (engine: Engine): string[] =>
  readdirSync(migrationsDir(engine))
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();

/** This build's migration files that a database which ran `applied` (their versions) has not run yet, in order. */
export const pendingMigrations = (engine: Engine, applied: readonly number[]): string[] => {
  const done = new Set(applied.map(Number));
  return migrationFiles(engine).filter((f) => !done.has(Number.parseInt(f, 10)));
};

/** The newest migration this build has for the engine: a database a newer release made has more. */
export const newestMigration = (engine: Engine): number => Number.parseInt(migrationFiles(engine).at(-1)!, 10);

/** Why a release does not start on a database a newer release upgraded (`name`: its newest migration's file). */
const madeByNewer = (name: string, ours: number) =>
  new ConfigError(
    `nextdeal cannot start: this database was upgraded by a newer release of nextdeal (it holds migration ${name}, which this ` +
      `release does not know; it knows those up to ${String(ours).padStart(3, '0')}). Run the release that upgraded it (or a newer one), or restore the backup ` +
      'taken before the upgrade (nextdeal restore <file>; on PostgreSQL pg_restore, then nextdeal restore --after-pg-restore): ' +
      'what came in since the upgrade is then gone.',
  );

/** Work a migration needs done in code, run in the same transaction right after its SQL. */
const afterMigration: Partial<Record<Engine, Record<number, (tx: Db) => Promise<void>>>> = {
  sqlite: {
    // The fingerprints there are re-keyed with the installation's secret (made here when there are any; a new
    // installation makes it at its first start); tokens kept in e-mail texts go.
    11: async (tx) => {
      if (await tx.value(q.anySale)) {
        const key = await fingerprintKey(tx);
        await inChunks<{ id: number; fingerprint: string }>(tx, 'SELECT id, fingerprint FROM sales WHERE true', (s) => tx.run(q.rekey, [keyed(key, s.fingerprint), s.id]));
      }
      await inChunks<{ id: number; content: string }>(tx, "SELECT id, content FROM messages WHERE channel = 'email' AND content IS NOT NULL", async (m) => {
        const masked = maskTokens(m.content);
        if (masked !== m.content) await tx.run(q.mask, [masked, m.id]);
      });
    },
    // The summaries of sales from before migration 3 (which added them) need the shops' time zones: counted here,
    // once the column names are final, for a database that has such sales.
    12: async (tx) => {
      if (await tx.value(q.undated)) await rebuildSummaries(tx, { undrawn: true });
    },
    53: recountCameBack,
    61: recountDrawn,
    73: recountDrawnAt,
    // What migrations/sqlite/059 cannot do in SQL: the columns and table shapes of 029, 048 and 055's final texts, where
    // a database ran an earlier text (SQLite adds a column at the table's end: the code reads columns by name).
    [REPAIR]: async (tx) => {
      for (const [table, column, type] of REPAIRED_COLUMNS) {
        if (!(await columnsOf(tx, table)).includes(column)) await tx.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
      }
      // 048's first text kept failures by an HMAC of the name typed; they are counts of minutes: made anew, empty.
      if ((await columnsOf(tx, 'login_failures')).includes('slug_hash')) {
        await tx.exec(`DROP TABLE login_failures;
          CREATE TABLE login_failures (id INTEGER PRIMARY KEY, shop_id INTEGER NOT NULL REFERENCES shops(id), at INTEGER NOT NULL) STRICT;
          CREATE INDEX login_failures_by_shop ON login_failures (shop_id, at);
          CREATE INDEX login_failures_by_at ON login_failures (at);`);
      }
    },
  },
  postgres: { 53: recountCameBack, 61: recountDrawn, 73: recountDrawnAt },
};

/** The columns 029 and 055 were given after their release, as their final texts make them on SQLite. */
const REPAIRED_COLUMNS = [
  ['shops', 'previous_api_key_hash', 'TEXT'],
  ['shops', 'previous_key_until', 'INTEGER'],
  ['join_confirmations', 'resent', 'INTEGER NOT NULL DEFAULT 0 CHECK (resent IN (0, 1))'],
  ['alerts', 'resent', 'INTEGER NOT NULL DEFAULT 0 CHECK (resent IN (0, 1))'],
] as const;

/** A table's column names (on either engine). */
const columnsOf = (tx: Db, table: string): Promise<string[]> =>
  tx.values<string>(tx.engine === 'sqlite' ? q.sqliteColumns : q.postgresColumns, [table]);

const q = {
  applied: sql('SELECT version FROM schema_migrations'),
  anyShop: sql('SELECT 1 FROM shops LIMIT 1'),
  named: sql<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version DESC'),
  checksums: sql<{ version: number; checksum: string | null }>('SELECT version, checksum FROM schema_migrations'),
  record: sql('INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)'),
  keepChecksum: sql('UPDATE schema_migrations SET checksum = ? WHERE version = ?'),
  sqliteColumns: sql('SELECT name FROM pragma_table_info(?)'),
  postgresColumns: sql('SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?'),
  rekey: sql('UPDATE sales SET fingerprint = ? WHERE id = ?'),
  mask: sql('UPDATE messages SET content = ? WHERE id = ?'),
  undated: sql('SELECT 1 FROM sales WHERE local_day IS NULL LIMIT 1'),
  anySale: sql('SELECT 1 FROM sales LIMIT 1'),
};

// `checksum`: of the file's SQL as it ran (migrationChecksum); NULL in a row an earlier release wrote, until the first
// start of this one (after migration 59) keeps it.
const migrationsTable: Record<Engine, string> = {
  sqlite: 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL, checksum TEXT) STRICT',
  postgres: 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL, checksum TEXT)',
};

/** A few thousand rows at a time (SQLite cannot write while a statement reads on one connection). */
async function inChunks<R extends { id: number }>(tx: Db, select: string, each: (row: R) => Promise<unknown>) {
  const next = sql<R>(`${select} AND id > ? ORDER BY id LIMIT 5000`);
  for (let rows = await tx.all(next, [0]); rows.length > 0; rows = await tx.all(next, [rows.at(-1)!.id])) {
    for (const row of rows) await each(row);
  }
}

/** How long a PostgreSQL migration waits for a table another query holds (see migrate). */
const MIGRATION_LOCK_WAIT = '10s';

/**
 * Applies each numbered migration not yet applied (up to `until`, for tests of an upgrade), each in one transaction
 * with its version row and checksum, holding the migrations' lock so that instances starting together take turns.
 * A ConfigError, before anything is applied, when a file already applied is not the text that ran (see
 * migration-checksums.ts).
 */
export async function migrate(db: Db, until = Infinity, lockWait = MIGRATION_LOCK_WAIT): Promise<number[]> {
  const dir = migrationsDir(db.engine);
  const files = migrationFiles(db.engine);
  const texts = new Map(files.map((f) => [Number.parseInt(f, 10), { file: f, text: readFileSync(new URL(f, dir), 'utf8') }]));
  const checksumOf = (version: number) => migrationChecksum(texts.get(version)!.text);
  await db.transaction(async (tx) => {
    await tx.lock('migrations');
    await tx.exec(migrationsTable[db.engine]);
    // A table an earlier release made has no checksum column.
    if (!(await columnsOf(tx, 'schema_migrations')).includes('checksum')) await tx.exec('ALTER TABLE schema_migrations ADD COLUMN checksum TEXT');
    for (const { version, checksum } of await tx.all(q.checksums)) {
      if (checksum !== null && texts.has(version) && checksum !== checksumOf(version) && checksum !== MENDED[db.engine][version]) {
        throw changedAfterRun(db.engine, texts.get(version)!.file, version);
      }
    }
    // A release rolled back to, on the database a newer one upgraded: it would take sales and send messages with rules
    // the newer one changed (a shop that left, an opt-out it does not read). It refuses, before it writes anything: a
    // migration it has no file of, newer than its own or not (one numbered below its newest that landed after it).
    const unknown = (await tx.all(q.named)).find((m) => !texts.has(Number(m.version)));
    if (unknown) throw madeByNewer(unknown.name, newestMigration(db.engine));
  });
  const applied: number[] = [];
  for (const [version, { file, text }] of texts) {
    if (version > until) break;
    const done = await db.transaction(async (tx) => {
      await tx.lock('migrations');
      if ((await tx.values<number>(q.applied)).includes(version)) return false; // another instance got there first
      // PostgreSQL, in a rolling deploy: a table another query holds (a long report) is waited for `lockWait` at most,
      // then the migration gives up, changing nothing, and the instance does not start (run it again). Waiting longer
      // would queue every sale and claim of the running instances behind it.
      if (db.engine === 'postgres') await tx.exec(`SET LOCAL lock_timeout = '${lockWait}'`);
      await tx.exec(text);
      await afterMigration[db.engine]?.[version]?.(tx);
      await tx.run(q.record, [version, file, Date.now(), checksumOf(version)]);
      return true;
    });
    if (done) applied.push(version);
  }
  // The rows an earlier release wrote get their checksum, once 59 has brought the files changed after their release to
  // their final shape (a database that ran an earlier text of one holds the final text's checksum from then on).
  await db.transaction(async (tx) => {
    await tx.lock('migrations');
    const kept = await tx.all(q.checksums);
    if (!kept.some((r) => r.version === REPAIR)) return;
    for (const { version, checksum } of kept) {
      const now = texts.has(version) ? checksumOf(version) : null;
      if (now && checksum === null) await tx.run(q.keepChecksum, [now, version]);
    }
  });
  return applied;
}

/**
 * Opens the database the configuration names, and brings its schema up to date, telling `upgraded` what an upgrade
 * applied (migrationsSaid: nothing for a new database). A database that cannot be opened or
 * reached (a folder that cannot be made, a file that is not a database, no server, a refused password, a TLS connection
 * that failed) is a ConfigError naming the setting, never the URL's password. A server's start says "nextdeal cannot
 * start:", a command (`by: 'command'`) "nextdeal cannot open the database:": nothing is starting there.
 */
export async function openDatabase(o: {
  url?: string | undefined;
  path: string;
  poolSize?: number;
  upgraded?: (said: string[]) => void;
  /** false: as it is, no migration applied and nothing written (`backup`: a copy of the database before an upgrade). */
  migrate?: boolean;
  /** Who opens it, for the words of a refusal: a server's start (the default), or a command. */
  by?: 'server' | 'command';
}): Promise<Database> {
  const refusal = o.by === 'command' ? 'nextdeal cannot open the database:' : 'nextdeal cannot start:';
  const unusable = (err: unknown): unknown => {
    const where = o.url ? `DATABASE_URL (${hostAndName(o.url)})` : `DATABASE_PATH (${o.path})`;
    // The migrations' own refusals (a newer release's database, a file changed after it ran) are worded for a start.
    if (err instanceof ConfigError) return o.by === 'command' ? new ConfigError(err.message.replace(/^nextdeal cannot start:/, refusal)) : err;
    if ((err as { code?: unknown })?.code === '55P03') {
      return new ConfigError(`${refusal} ${where}: a migration waited ${MIGRATION_LOCK_WAIT} for a table another query holds, and changed nothing: start again once that query is done`);
    }
    const tls = o.url ? tlsTrouble(err, o.url, 'DATABASE_URL') : null;
    if (tls) return new ConfigError(`${refusal} ${where}: ${tls}`);
    if (!isEnvironmental(err)) return err;
    return new ConfigError(`${refusal} ${where}: ${(err as Error).message}`);
  };
  let db: Database;
  try {
    // PostgreSQL's driver is loaded only for PostgreSQL: on the embedded default it would be 9 MB of memory for nothing.
    db = o.url ? (await import('./engines/postgres.js')).openPostgres(o.url, o.poolSize) : openSqlite(o.path);
  } catch (err) {
    throw unusable(err);
  }
  if (o.migrate === false) return db;
  try {
    const applied = await migrate(db);
    // New: its schema made from the first migration by this start, or, made by several instances starting together
    // (each applying some), no shop in it yet: no owner to tell anything.
    const fresh = applied.length > 0 && (applied[0] === Number.parseInt(migrationFiles(db.engine)[0]!, 10) || (await db.value(q.anyShop)) === undefined);
    const said = migrationsSaid(applied, fresh);
    if (said.length > 0) o.upgraded?.(said);
    await fingerprintKey(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw unusable(err);
  }
  return db;
}

/**
 * Errors of the place rather than of nextdeal: what makes the database unavailable while it runs (src/db/unavailable.ts:
 * a file it cannot open or write, a server it cannot reach, a password, a database that is not there), and at start-up
 * also any error of the file system (EACCES, ENOTDIR, EEXIST…), a file that is not a database or is damaged, and
 * PostgreSQL's permission denied (42501).
 */
function isEnvironmental(err: unknown): boolean {
  const code = String((err as { code?: unknown })?.code ?? '');
  return isUnavailable(err) || /^E[A-Z]+$/.test(code) || /^SQLITE_(NOTADB|CORRUPT)/.test(code) || code === '42501';
}

/** A PostgreSQL URL without what it must not show: its host and database, never the user or the password. */
export const hostAndName = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return 'not a URL';
  }
};
