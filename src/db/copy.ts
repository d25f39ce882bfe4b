// Moving an installation from SQLite to PostgreSQL: every table, the summaries included, in one PostgreSQL
// transaction. The SQLite file is never changed: it is the one to go back to (README, "From SQLite to PostgreSQL"), with
// the release that made it. It is copied first (SQLite's online backup) to a file of its own, which this release's
// migrations bring up to date and the rows are read from, and which is removed after, also when the copy fails; the
// migrations it applied on the way are said as a start says them. (It migrated the file itself, and the release it came
// from then refused to start on it: the operator review of PostgreSQL, finding 5.) The target must be empty (fresh, or
// migrated and unused). At the end every table's rows are counted on both sides: any difference, or any error on the
// way, and nothing is written.
//
// The rows go in as they are (ids too) with the summary triggers off, since the summaries come along as counted on
// SQLite; foreign keys between tables are checked at the end (two of them close a circle: customers ⇄ sales,
// messages ⇄ replies). Then each id sequence is moved past the copied ids, so the next row gets a fresh one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { PostgresDb } from './engines/postgres.js';
import { type SqliteDb, lookAt, openSqlite } from './engines/sqlite.js';
import { migrationsSaid } from './migration-notes.js';
import { migrate } from './open.js';
import { type Db, sql } from './sql.js';

export interface Copied {
  table: string;
  rows: number;
}

export class CopyError extends Error {}

const q = {
  anyShop: sql('SELECT 1 FROM shops LIMIT 1'),
  // Base tables, parents before children (by the foreign keys checked at once; the deferrable ones may wait).
  tables: sql<{ name: string }>(`WITH RECURSIVE
      t AS (SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> 'schema_migrations'),
      edge AS (SELECT conrelid AS child, confrelid AS parent FROM pg_constraint
        WHERE contype = 'f' AND NOT condeferrable AND conrelid <> confrelid),
      depth (oid, d) AS (SELECT oid, 0 FROM t UNION ALL SELECT e.child, depth.d + 1 FROM depth JOIN edge e ON e.parent = depth.oid)
    SELECT t.relname AS name FROM t JOIN depth USING (oid) GROUP BY t.relname ORDER BY max(depth.d), t.relname`),
  columns: sql<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`),
  identities: sql<{ table: string; column: string }>(`SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
    WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`),
  triggered: sql<{ name: string }>(`SELECT DISTINCT c.relname AS name FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
    WHERE NOT g.tgisinternal ORDER BY 1`),
};

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** PostgreSQL takes at most 65,535 parameters a statement. */
const PARAMETERS = 60_000;

/** How many rows the table has (SQLite side). */
const sqliteCount = (from: SqliteDb, table: string) => from.native.prepare(`SELECT count(*) FROM ${ident(table)}`).pluck().get() as number;

async function copyTable(from: SqliteDb, tx: Db, table: string, columns: string[]): Promise<number> {
  const perBatch = Math.max(1, Math.floor(PARAMETERS / columns.length));
  const list = columns.map(ident).join(', ');
  const insertOf = (rows: number) =>
    sql(`INSERT INTO ${ident(table)} (${list}) VALUES ${Array.from({ length: rows }, () => `(${columns.map(() => '?').join(', ')})`).join(', ')}`);
  const full = insertOf(perBatch);
  let copied = 0;
  let batch: unknown[] = [];
  const flush = async () => {
    const rows = batch.length / columns.length;
    if (rows === 0) return;
    copied += await tx.run(rows === perBatch ? full : insertOf(rows), batch);
    batch = [];
  };
  // Raw rows in column order; iterate() reads them one at a time, so a big table never sits in memory whole.
  for (const row of from.native.prepare(`SELECT ${list} FROM ${ident(table)}`).raw().iterate() as Iterable<unknown[]>) {
    batch.push(...row);
    if (batch.length === perBatch * columns.length) await flush();
  }
  await flush();
  return copied;
}

/**
 * A copy of the SQLite file at `path`, taken through SQLite's online backup, in a folder of its own beside it (in TMPDIR
 * where that folder cannot be written), which only this user may read (the file holds every customer's details). The
 * file itself is opened read-only and left as it was. `remove` takes the folder away.
 */
async function workingCopy(path: string): Promise<{ file: string; remove: () => void }> {
  let folder: string;
  try {
    folder = mkdtempSync(join(dirname(path), `.${basename(path)}.copy-`));
  } catch {
    folder = mkdtempSync(join(tmpdir(), 'nextdeal-copy-'));
  }
  const remove = () => rmSync(folder, { recursive: true, force: true });
  const file = join(folder, basename(path));
  try {
    await lookAt(path, (db) => db.backup(file));
  } catch (err) {
    remove();
    throw new CopyError(`${path} could not be copied to read from (into ${dirname(file)}): ${(err as Error).message}`);
  }
  return { file, remove };
}

export interface CopyOptions {
  /** Told each table as it is copied. */
  progress?: (c: Copied) => void;
  /** Told what the migrations applied on the way change (migrationsSaid), when there were any. */
  upgraded?: (said: string[]) => void;
}

/**
 * Copies everything in the SQLite file `fromPath` into the empty PostgreSQL database `to`, both at the latest schema
 * (the file's copy brought there, see workingCopy; the file is left as it was).
 */
export async function copyToPostgres(fromPath: string, to: PostgresDb, o: CopyOptions = {}): Promise<Copied[]> {
  const working = await workingCopy(fromPath);
  try {
    const from = openSqlite(working.file);
    try {
      const applied = await migrate(from);
      await migrate(to);
      const copied = await copyInto(from, to, o.progress ?? (() => {}));
      // Said once the copy is done (what was not copied changed nothing), as a start says it: nothing for an installation
      // with no shop yet.
      const said = migrationsSaid(applied, (await from.value(q.anyShop)) === undefined);
      if (said.length > 0) o.upgraded?.(said);
      return copied;
    } finally {
      await from.close();
    }
  } finally {
    working.remove();
  }
}

async function copyInto(from: SqliteDb, to: PostgresDb, progress: (c: Copied) => void): Promise<Copied[]> {
  return to.transaction(async (tx) => {
    await tx.lock('migrations'); // no instance starts (and migrates, or writes) on the target meanwhile
    const tables = (await tx.all(q.tables)).map((t) => t.name);
    for (const table of tables) {
      // A migrated, never-started database holds only the installation's secret (made at the first start): the copy brings the source's.
      if (table === 'installation') continue;
      if (await tx.value(sql(`SELECT 1 FROM ${ident(table)} LIMIT 1`))) {
        throw new CopyError(`the target database is not empty (table ${table} has rows): copy into a new, empty database`);
      }
    }
    await tx.run(sql('DELETE FROM installation'));
    const triggered = (await tx.all(q.triggered)).map((t) => t.name);
    for (const table of triggered) await tx.exec(`ALTER TABLE ${ident(table)} DISABLE TRIGGER USER`);
    await tx.exec('SET CONSTRAINTS ALL DEFERRED');

    // The source is the working copy: one snapshot of the file (the backup's), which nothing else writes to.
    const copied: Copied[] = [];
    for (const table of tables) {
      const columns = (await tx.all(q.columns, [table])).map((c) => c.name);
      const rows = await copyTable(from, tx, table, columns);
      const expected = sqliteCount(from, table);
      if (rows !== expected) throw new CopyError(`${table}: ${rows} rows copied, but the source has ${expected}`);
      copied.push({ table, rows });
      progress({ table, rows });
    }

    await tx.exec('SET CONSTRAINTS ALL IMMEDIATE'); // the deferred foreign keys are checked here
    for (const table of triggered) await tx.exec(`ALTER TABLE ${ident(table)} ENABLE TRIGGER USER`);
    for (const { table, column } of await tx.all(q.identities)) {
      await tx.exec(`SELECT setval(pg_get_serial_sequence('${table}', '${column}'), coalesce(max(${ident(column)}), 0) + 1, false) FROM ${ident(table)}`);
    }
    // Counted again, as PostgreSQL now has them inside this transaction.
    for (const { table, rows } of copied) {
      const n = Number(await tx.value(sql(`SELECT count(*) FROM ${ident(table)}`)));
      if (n !== rows) throw new CopyError(`${table}: the target counts ${n} rows after the copy, the source ${rows}`);
    }
    return copied;
  });
}
