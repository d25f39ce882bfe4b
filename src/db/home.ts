// PostgreSQL: which database nextdeal was taken up in, so that a pg_restored copy is not started as if nothing had
// gone out since the dump. pg_restore into a new database brings every row along, a check-in that went out after the
// dump among them as still 'scheduled': started on the copy, the dispatcher would send it again (the operator review
// of 6 December). `restore --after-pg-restore` holds those in doubt; this makes the step one that cannot be skipped.
// The row 'database' in `installation` names the database by its object id (a new database gets a new one; see
// instances.ts), by the `installation` table's (pg_restore creates every table anew, also with --clean into the
// same database, natural under docker-compose's one database: the review of 6 December), and by the transaction that
// wrote the row (`xid`, which its `xmin` must still be): pg_restore writes every row anew, in a transaction of its
// own, where a fresh cluster (a new docker-compose volume) gives the database and the table the same two object ids
// each time the same dump is restored there, so a copy of a database that was itself restored so showed the ids its
// row names (the review of 6 December). `xmin` and txid_current() are read by any role that reads the table, as on a
// managed PostgreSQL; the cluster's system_identifier (pg_control_system()) was not taken: stock PostgreSQL 15 lets
// any role call it, but what a managed service lets an application's role call is its own to decide, and pg_upgrade's
// new cluster has another one. VACUUM (FREEZE or FULL) and CLUSTER keep a row's xmin, as do ALTER DATABASE RENAME,
// pg_upgrade (its database keeps its object id from PostgreSQL 15), a promoted replica and a snapshot: none is taken
// for a copy. A snapshot or point-in-time restore keeps all three and cannot be told: the command runs then with
// --again. The row says when it was written: by the first start on a database, or by `restore --after-pg-restore`
// once it has held what was due.
// A row of a release before names the database alone, or it and the table: read so, and given what it lacks at the
// next start where it matches (a copy of such a database restored into a fresh cluster is not told). Nothing of a
// person is in it. On SQLite a restore is only ever done by `nextdeal restore`. No migration may make `installation`
// anew (DROP and CREATE, or a rename of a rebuilt table), nor rewrite its rows (an ALTER TABLE that rewrites them, an
// UPDATE of this row): its new id, or the row's new xmin, would be read as a restore, and every instance refuse.
import { type Db, sql } from './sql.js';
import { DATABASE, ranElsewhere } from './instances.js';

const NOW_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';
const TABLE = "('installation'::regclass::oid)::text";
// The writing transaction's id as the row's xmin shows it (txid_current() counts the wraparounds above 32 bits).
const XID = '(txid_current() % 4294967296)::text';
const FIELD = (f: string) => `(CASE WHEN name = 'database' THEN value::json END)->>'${f}'`;
const ROW = (at: string) => `json_build_object('db', ${DATABASE}, 'table', ${TABLE}, 'xid', ${XID}, 'at', ${at})::text`;

const q = {
  // The first start on a database (or on one of a release before this row): written, unless rows of instances that
  // ran on another database say that this is a copy. Two instances starting together: one writes it, both read it.
  first: sql(`INSERT INTO installation (name, value) SELECT 'database', ${ROW(NOW_MS)}
      WHERE NOT EXISTS (SELECT 1 FROM installation WHERE name LIKE 'instance:%'
        AND (CASE WHEN name LIKE 'instance:%' THEN value::json END)->>'db' NOT IN ('', ${DATABASE}))
    ON CONFLICT (name) DO NOTHING`),
  // `restore --after-pg-restore` took the copy up: from now on it is this database's own.
  takenUp: sql(`INSERT INTO installation (name, value) VALUES ('database', ${ROW(NOW_MS)}) ON CONFLICT (name) DO UPDATE SET value = excluded.value`),
  // A row of a release before, naming this database (and this table, when it names one): given what it lacks,
  // keeping when it was written. Two instances starting together: the second finds it given, and leaves it.
  completed: sql(`UPDATE installation SET value = ${ROW(`(${FIELD('at')})::numeric::bigint`)}
      WHERE name = 'database' AND ${FIELD('xid')} IS NULL AND ${FIELD('db')} = ${DATABASE} AND coalesce(${FIELD('table')}, ${TABLE}) = ${TABLE}`),
  read: sql<{ db: string; table: string | null; xid: string | null; at: number; here: string; hereTable: string; hereXid: string }>(
    `SELECT ${FIELD('db')} AS db, ${FIELD('table')} AS "table", ${FIELD('xid')} AS xid, (${FIELD('at')})::numeric::bigint AS at,
        ${DATABASE} AS here, ${TABLE} AS "hereTable", xmin::text AS "hereXid"
       FROM installation WHERE name = 'database'`,
  ),
};

type Row = { db: string; table: string | null; xid: string | null; here: string; hereTable: string; hereXid: string };
/**
 * Whether the row names this very database and table and was written here (a row of a release before: the database
 * alone, or it and the table).
 */
const ours = (row: Row) =>
  row.db === row.here && (row.table === null || row.table === row.hereTable) && (row.xid === null || row.xid === row.hereXid);

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
    if (row.xid === null) await db.run(q.completed);
    return null;
  }
  const where = !row
    ? `instances of nextdeal ran on another database (the latest ${day((await ranElsewhere(db))?.at ?? Date.now())}) than this one`
    : row.db !== row.here
      ? `nextdeal has run on another database than this one (first started there on ${day(row.at)})`
      : row.table !== null && row.table !== row.hereTable
        ? `pg_restore wrote its tables anew from a dump of the database nextdeal ran on here (first started there on ${day(row.at)})`
        : `pg_restore wrote its rows anew from a dump, into a database and tables that have the same ids as those nextdeal ran on (a dump restored into a new server gets them again; first started there on ${day(row.at)})`;
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

/**
 * `restore --after-pg-restore` has held what was due: the database is nextdeal's own from now on. Never in a
 * savepoint: the row's xmin would be the savepoint's id.
 */
export const markTakenUp = (db: Db) => db.run(q.takenUp);
