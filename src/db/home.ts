// PostgreSQL: which database nextdeal was taken up in, so that a pg_restored copy is not started as if nothing had
// gone out since the dump. pg_restore into a new database brings every row along, a check-in that went out after the
// dump among them as still 'scheduled': started on the copy, the dispatcher would send it again (the operator review
// of 6 December). `restore --after-pg-restore` holds those in doubt; this makes the step one that cannot be skipped.
// The row 'database' in `installation` names the database by its object id (a new database gets a new one; see
// instances.ts), with when it was written: by the first start on a database, or by `restore --after-pg-restore` once
// it has held what was due. Nothing of a person is in it. On SQLite a restore is only ever done by `nextdeal restore`.
import { type Db, sql } from './sql.js';
import { DATABASE, ranElsewhere } from './instances.js';

const NOW_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';
const ROW = `json_build_object('db', ${DATABASE}, 'at', ${NOW_MS})::text`;

const q = {
  // The first start on a database (or on one of a release before this row): written, unless rows of instances that
  // ran on another database say that this is a copy. Two instances starting together: one writes it, both read it.
  first: sql(`INSERT INTO installation (name, value) SELECT 'database', ${ROW}
      WHERE NOT EXISTS (SELECT 1 FROM installation WHERE name LIKE 'instance:%'
        AND (CASE WHEN name LIKE 'instance:%' THEN value::json END)->>'db' NOT IN ('', ${DATABASE}))
    ON CONFLICT (name) DO NOTHING`),
  // `restore --after-pg-restore` took the copy up: from now on it is this database's own.
  takenUp: sql(`INSERT INTO installation (name, value) VALUES ('database', ${ROW}) ON CONFLICT (name) DO UPDATE SET value = excluded.value`),
  read: sql<{ db: string; at: number; here: string }>(
    `SELECT (value::json)->>'db' AS db, ((value::json)->>'at')::numeric::bigint AS at, ${DATABASE} AS here FROM installation WHERE name = 'database'`,
  ),
};

const day = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * At the server's start on PostgreSQL, before the dispatcher runs: why this database is a copy of the one nextdeal
 * ran on (pg_restore) that `restore --after-pg-restore` has not taken up, in words; or null, having written the row
 * at the first start.
 */
export async function copyNotTakenUp(db: Db): Promise<string | null> {
  await db.run(q.first);
  const row = await db.get(q.read);
  if (row && row.db === row.here) return null;
  const where = row
    ? `nextdeal was taken up in another database (${day(row.at)}) than this one`
    : `instances of nextdeal ran on another database (the latest ${day((await ranElsewhere(db))?.at ?? Date.now())}) than this one`;
  return (
    `this database is a copy (pg_restore) of the one nextdeal ran on: ${where}, and what went out after the dump is still due in it and would go again; ` +
    'run nextdeal restore --after-pg-restore first: it holds what may have gone out since the dump, then start'
  );
}

/** When this very database was taken up (by `restore --after-pg-restore`, or by the first start on it), or null. */
export async function takenUpAt(db: Db): Promise<number | null> {
  const row = await db.get(q.read);
  return row && row.db === row.here ? row.at : null;
}

/** `restore --after-pg-restore` has held what was due: the database is nextdeal's own from now on. */
export const markTakenUp = (db: Db) => db.run(q.takenUp);
