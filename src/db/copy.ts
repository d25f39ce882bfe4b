// Moving an installation from SQLite to PostgreSQL: every table, the summaries included, in one PostgreSQL
// transaction. The source is read in one snapshot; the target must be empty (fresh, or migrated and unused). At the
// end every table's rows are counted on both sides: any difference, or any error on the way, and nothing is written.
//
// The rows go in as they are (ids too) with the summary triggers off, since the summaries come along as counted on
// SQLite; foreign keys between tables are checked at the end (two of them close a circle: customers ⇄ sales,
// messages ⇄ replies). Then each id sequence is moved past the copied ids, so the next row gets a fresh one.
import type { PostgresDb } from './engines/postgres.js';
import type { SqliteDb } from './engines/sqlite.js';
import { migrate } from './open.js';
import { type Db, sql } from './sql.js';

export interface Copied {
  table: string;
  rows: number;
}

export class CopyError extends Error {}

const q = {
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

/** Copies everything in `from` into the empty PostgreSQL database `to`. Both are brought to the latest schema first. */
export async function copyToPostgres(from: SqliteDb, to: PostgresDb, progress: (c: Copied) => void = () => {}): Promise<Copied[]> {
  await migrate(from);
  await migrate(to);
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

    // One snapshot of the source: a server still writing to it changes nothing in what is copied.
    from.native.exec('BEGIN');
    const copied: Copied[] = [];
    try {
      for (const table of tables) {
        const columns = (await tx.all(q.columns, [table])).map((c) => c.name);
        const rows = await copyTable(from, tx, table, columns);
        const expected = sqliteCount(from, table);
        if (rows !== expected) throw new CopyError(`${table}: ${rows} rows copied, but the source has ${expected}`);
        copied.push({ table, rows });
        progress({ table, rows });
      }
    } finally {
      from.native.exec('COMMIT');
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
