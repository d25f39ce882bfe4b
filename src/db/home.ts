// PostgreSQL: which database nextdeal was taken up in, so that a pg_restored copy is not started as if nothing had
// gone out since the dump. pg_restore into a new database brings every row along, a check-in that went out after the
// dump among them as still 'scheduled': started on the copy, the dispatcher would send it again (the operator review
// of 6 December). `restore --after-pg-restore` holds those in doubt; this makes the step one that cannot be skipped.
// The row 'database' in `installation` names the database by its object id (a new database gets a new one; see
// instances.ts) and by the `installation` table's (pg_restore creates every table anew, also with --clean into the
// same database, natural under docker-compose's one database: the review of 6 December; ALTER DATABASE RENAME,
// pg_upgrade, a promoted replica and a snapshot keep both), with when it was written: by the first start on a
// database, or by `restore --after-pg-restore` once it has held what was due. A row of the release before the table's
// id names the database alone: read so, and given the table's id at the next start where it matches. Nothing of a
// person is in it. A snapshot or point-in-time restore keeps both ids and cannot be told: the command runs then with
// --again. On SQLite a restore is only ever done by `nextdeal restore`. No migration may make `installation` anew
// (DROP and CREATE, or a rename of a rebuilt table): its new id would be read as a restore, and every instance refuse.
import { type Db, sql } from './sql.js';
import { DATABASE, ranElsewhere } from './instances.js';

const NOW_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';
const TABLE = "('installation'::regclass::oid)::text";
const ROW = `json_build_object('db', ${DATABASE}, 'table', ${TABLE}, 'at', ${NOW_MS})::text`;
const FIELD = (f: string) => `(CASE WHEN name = 'database' THEN value::json END)->>'${f}'`;

const q = {
  // The first start on a database (or on one of a release before this row): written, unless rows of instances that
  // ran on another database say that this is a copy. Two instances starting together: one writes it, both read it.
  first: sql(`INSERT INTO installation (name, value) SELECT 'database', ${ROW}
      WHERE NOT EXISTS (SELECT 1 FROM installation WHERE name LIKE 'instance:%'
        AND (CASE WHEN name LIKE 'instance:%' THEN value::json END)->>'db' NOT IN ('', ${DATABASE}))
    ON CONFLICT (name) DO NOTHING`),
  // `restore --after-pg-restore` took the copy up: from now on it is this database's own.
  takenUp: sql(`INSERT INTO installation (name, value) VALUES ('database', ${ROW}) ON CONFLICT (name) DO UPDATE SET value = excluded.value`),
  // A row of the release before the table's id, naming this database: given it, keeping when it was written.
  withTable: sql(`UPDATE installation SET value = json_build_object('db', ${DATABASE}, 'table', ${TABLE}, 'at', (${FIELD('at')})::numeric::bigint)::text
      WHERE name = 'database' AND ${FIELD('db')} = ${DATABASE} AND ${FIELD('table')} IS NULL`),
  read: sql<{ db: string; table: string | null; at: number; here: string; hereTable: string }>(
    `SELECT ${FIELD('db')} AS db, ${FIELD('table')} AS "table", (${FIELD('at')})::numeric::bigint AS at, ${DATABASE} AS here, ${TABLE} AS "hereTable"
       FROM installation WHERE name = 'database'`,
  ),
};

type Row = { db: string; table: string | null; here: string; hereTable: string };
/** Whether the row names this very database and table (one of the release before the table's id: the database alone). */
const ours = (row: Row) => row.db === row.here && (row.table === null || row.table === row.hereTable);

const day = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * At the server's start on PostgreSQL, before the dispatcher runs: why this database is a copy of the one nextdeal
 * ran on (pg_restore) that `restore --after-pg-restore` has not taken up, in words; or null, having written the row
 * at the first start.
 */
export async function copyNotTakenUp(db: Db): Promise<string | null> {
  await db.run(q.first);
  const row = await db.get(q.read);
  if (row && ours(row)) {
    if (row.table === null) await db.run(q.withTable);
    return null;
  }
  const where = row
    ? row.db === row.here
      ? `pg_restore wrote its tables anew from a dump of the database nextdeal ran on here (first started there on ${day(row.at)})`
      : `nextdeal has run on another database than this one (first started there on ${day(row.at)})`
    : `instances of nextdeal ran on another database (the latest ${day((await ranElsewhere(db))?.at ?? Date.now())}) than this one`;
  return (
    `this database is a copy (pg_restore) of the one nextdeal ran on: ${where}, and what went out after the dump is still due in it and would go again; ` +
    'run nextdeal restore --after-pg-restore first: it holds what may have gone out since the dump, then start'
  );
}

/** When this very database was taken up (by `restore --after-pg-restore`, or by the first start on it), or null. */
export async function takenUpAt(db: Db): Promise<number | null> {
  const row = await db.get(q.read);
  return row && ours(row) ? row.at : null;
}

/** `restore --after-pg-restore` has held what was due: the database is nextdeal's own from now on (in the transaction that held them: store.takeUpRestored). */
export const markTakenUp = (db: Db) => db.run(q.takenUp);
