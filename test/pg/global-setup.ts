// vitest.postgres.config.ts's global setup, in vitest's main process before any worker starts: the PostgreSQL server
// of NEXTDEAL_TEST_POSTGRES must answer and let us create databases, or the run stops here with the reason. Then the
// workers are told the engine (NEXTDEAL_TEST_ENGINE=postgres) and this run's tag, which names its databases
// (NEXTDEAL_TEST_RUN; workers inherit the environment as it is now). At the end, every database of the run is dropped,
// so a server that outlives the run (your own, not run.sh's throw-away one) is left as it was.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { closeAdmin, dropDatabasesStartingWith, runPrefix } from './cluster.js';

export default async function setup() {
  const url = process.env.NEXTDEAL_TEST_POSTGRES;
  if (!url) {
    throw new Error(
      'NEXTDEAL_TEST_POSTGRES is not set. Run `npm run test:postgres` (test/pg/run.sh starts a throw-away PostgreSQL ' +
        'server and sets it), or set it to a superuser URL such as postgres://postgres:secret@localhost:5432/postgres.',
    );
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string; num: number; may: boolean }>(
      `SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int AS num,
        rolsuper OR rolcreatedb AS may FROM pg_roles WHERE rolname = current_user`,
    );
    const server = rows[0];
    if (!server?.may) throw new Error('its user may not create databases (it needs CREATEDB, or to be a superuser)');
    if (server.num < 150000) throw new Error(`it is PostgreSQL ${server.version}; the tests need 15 or later, as docker-compose.yml runs`);
  } catch (e) {
    const where = url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
    throw new Error(`The PostgreSQL server of NEXTDEAL_TEST_POSTGRES (${where}) cannot be used for the tests: ${(e as Error).message}`, {
      cause: e,
    });
  } finally {
    await client.end().catch(() => {});
  }

  process.env.NEXTDEAL_TEST_ENGINE = 'postgres';
  process.env.NEXTDEAL_TEST_RUN ??= randomBytes(3).toString('hex');

  return async () => {
    await dropDatabasesStartingWith(runPrefix());
    await closeAdmin();
  };
}
