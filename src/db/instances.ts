// Every running server says that it runs, at its start and at each minute's tick: a row of its own in the
// `installation` table, 'instance:<random id>', with when (the dispatcher's clock: the database server's on PostgreSQL),
// on which machine and process, and on PostgreSQL which database it was written in. It takes the row away as it stops
// (SIGTERM); a killed one's row grows old, and goes after an hour. `restore --after-pg-restore` reads them: a running
// instance holds no connection most of each minute (the pool closes one idle for 10 s), so pg_stat_activity alone
// misses it (the review of 4 December). No statement of a sale's reads or writes them.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Db, sql } from './sql.js';

/**
 * An instance whose word is older than this is taken for stopped: each writes one a minute at a second of its own
 * (at most 20 s into the minute), so two ticks missed in a row. As chores.ts's DOWN_AFTER.
 */
export const SEEN_WITHIN = 3 * 60_000;
/** A word older than this is deleted by the next instance to speak (one killed, or on a machine that is gone). */
const FORGOTTEN_AFTER = 3_600_000;

/**
 * The database a row was written in, on PostgreSQL: pg_restore into another database copies the rows of the instances
 * that ran on the one dumped, and those do not run on this one. Its object id, which a new database gets anew.
 */
export const DATABASE = "(SELECT oid FROM pg_database WHERE datname = current_database())::text";
/** An instance's row as JSON; no other row is read as JSON (the installation's secret is none), in whatever order PostgreSQL tries the conditions. */
const MARK = "(CASE WHEN name LIKE 'instance:%' THEN value::json END)";
// (Through numeric: a row SQLite wrote before it cast its numbers, copied to PostgreSQL by `copy`, says 1796414234489.0.)
const AT = (e: string) => (e === 'postgres' ? `(${MARK}->>'at')::numeric::bigint` : "json_extract(CASE WHEN name LIKE 'instance:%' THEN value END, '$.at')");

const q = {
  say: sql((e) =>
    e === 'postgres'
      ? `INSERT INTO installation (name, value) VALUES (?, json_build_object('at', ?::bigint, 'db', ${DATABASE}, 'host', ?::text, 'pid', ?::int)::text)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value`
      : `INSERT INTO installation (name, value) VALUES (?, json_object('at', CAST(? AS INTEGER), 'db', '', 'host', ?, 'pid', CAST(? AS INTEGER)))
         ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
  ),
  // PostgreSQL: the latest row of an instance that ran on another PostgreSQL database (not '': SQLite's, brought by
  // `nextdeal copy`), which pg_restore brought along.
  elsewhere: sql<{ db: string; at: number }>(
    `SELECT ${MARK}->>'db' AS db, ${AT('postgres')} AS at FROM installation
      WHERE name LIKE 'instance:%' AND ${MARK}->>'db' NOT IN ('', ${DATABASE}) ORDER BY 2 DESC LIMIT 1`,
  ),
  forgetOld: sql((e) => `DELETE FROM installation WHERE name LIKE 'instance:%' AND ${AT(e)} < ?`),
  forget: sql('DELETE FROM installation WHERE name = ?'),
  // PostgreSQL: the instances that said they run on this database within SEEN_WITHIN of the database server's clock.
  seen: sql<{ host: string; pid: number; ago: number }>(
    `SELECT ${MARK}->>'host' AS host, (${MARK}->>'pid')::numeric::int AS pid, (now_ms - ${AT('postgres')})::int AS ago
       FROM installation, (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_ms) AS clock
      WHERE name LIKE 'instance:%' AND ${MARK}->>'db' = ${DATABASE} AND ${AT('postgres')} > now_ms - ?
      ORDER BY 3`,
  ),
};

/**
 * This process as a running instance: `say(now)` at its start and every tick, `gone()` as it stops. Nothing is said
 * after `gone()`, which waits for a word under way: a tick that began before the stop wrote the row again after it was
 * taken away, and `restore --after-pg-restore` then took the stopped server for a running one for 3 minutes (a review
 * of 6 December, from a test that failed one run in two).
 */
export function runningInstance(db: Db) {
  const name = `instance:${randomUUID()}`;
  let ended = false;
  let saying: Promise<unknown> = Promise.resolve();
  return {
    say: async (now: number): Promise<void> => {
      if (ended) return;
      const said = (async () => {
        await db.run(q.say, [name, now, hostname(), process.pid]);
        await db.run(q.forgetOld, [now - FORGOTTEN_AFTER]);
      })();
      saying = Promise.all([saying, said.catch(() => undefined)]); // a tick and a wake's may overlap: every one
      await said;
    },
    gone: async (): Promise<void> => {
      ended = true;
      await saying;
      await db.run(q.forget, [name]);
    },
  };
}

/** PostgreSQL: the instances that said within SEEN_WITHIN that they run on this database, the latest first. */
export const instancesSeen = (db: Db) => db.all(q.seen, [SEEN_WITHIN]);

/** PostgreSQL: the latest word of an instance that ran on another database than this one (a copy's), or undefined. */
export const ranElsewhere = (db: Db) => db.get(q.elsewhere);
