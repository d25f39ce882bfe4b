// Databases on the throw-away PostgreSQL server of `npm run test:postgres` (test/pg/run.sh starts it, and
// test/pg/global-setup.ts checks it): an empty database per test, or a clone of a template prepared once per worker.
//
//   engineUnderTest()                      'postgres' under vitest.postgres.config.ts, else 'sqlite'
//   await freshDatabase()                  a new, empty database; its URL. Dropped when the test ends.
//   await createTemplate('migrated', fn)   a database made once per worker slot and prepared by fn(url) (migrate it
//                                          there and close every connection); its name, for freshDatabase({ template })
//   await freshDatabase({ template })      a copy of that template: ~15 ms, where an empty one and migrating it takes ~70
//
// Removal uses vitest's onTestFinished, which runs after every afterEach (so after test/helpers.ts's onCleanup):
// close your pool in onCleanup and the DROP … WITH (FORCE) that follows finds nobody connected. A database made
// outside a test (in beforeAll, say) lives until the run ends; global-setup's teardown drops all of this run's
// databases, templates included.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onTestFinished } from 'vitest';

export type Engine = 'sqlite' | 'postgres';

/** The engine this test run is for: NEXTDEAL_TEST_ENGINE, which vitest.postgres.config.ts's global setup sets. */
export function engineUnderTest(): Engine {
  const engine = process.env.NEXTDEAL_TEST_ENGINE ?? 'sqlite';
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`NEXTDEAL_TEST_ENGINE is "${engine}": use sqlite or postgres`);
  return engine;
}

/** The test server's superuser URL, as test/pg/run.sh gives it. */
export function serverUrl(): string {
  const url = process.env.NEXTDEAL_TEST_POSTGRES;
  if (!url) throw new Error('NEXTDEAL_TEST_POSTGRES is not set: PostgreSQL tests run with `npm run test:postgres`, which starts a server');
  return url;
}

/** The prefix of every database this run makes (nd_<run>_…), so the teardown can drop exactly those. */
export function runPrefix(): string {
  return `nd_${process.env.NEXTDEAL_TEST_RUN ?? 'x'}_`;
}

/**
 * The same URL with another database. Not `new URL()`: it rejects the socket form
 * postgres://user:pass@/db?host=/run/postgresql that the pg driver accepts.
 */
export function withDatabase(url: string, database: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(\/[^?#]*)?(.*)$/i.exec(url);
  if (!m) throw new Error('NEXTDEAL_TEST_POSTGRES is not a postgres:// URL');
  return `${m[1]}/${encodeURIComponent(database)}${m[3]}`;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

// One small pool per module instance for CREATE and DROP DATABASE. vitest evaluates this module again for each test
// file (in a new worker process), so idle connections close on their own rather than pile up on the server.
let admin: pg.Pool | undefined;
function adminPool(): pg.Pool {
  if (!admin) {
    admin = new pg.Pool({ connectionString: serverUrl(), max: 2, idleTimeoutMillis: 1_000, allowExitOnIdle: true });
    admin.on('error', () => {}); // an idle admin connection that the server closes is simply replaced
  }
  return admin;
}
const sql = (text: string, values?: unknown[]) => adminPool().query(text, values);

/** This worker's slot (1…maxWorkers): two workers running at once never share it. */
const workerSlot = () => process.env.VITEST_POOL_ID ?? `p${process.pid}`;

let made = 0;
const uniqueName = (kind: string) => `${runPrefix()}${kind}_${process.pid}_${++made}_${randomBytes(3).toString('hex')}`;

/** Drops a database, ending whatever sessions are still open on it. */
export async function dropDatabase(name: string): Promise<void> {
  await sql(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
}

/**
 * A new database on the test server, empty (made from template0) or a copy of `template` (from createTemplate),
 * and its URL. Called in a test or a beforeEach, it is dropped when the test ends; elsewhere, when the run ends.
 * STRATEGY FILE_COPY (PostgreSQL 15): copies the files after a checkpoint, which costs nothing on run.sh's server
 * (fsync off, in memory); measured there, 11-17 ms for an empty database or a clone, against 16-43 ms with WAL_LOG.
 */
export async function freshDatabase(options: { template?: string } = {}): Promise<string> {
  const name = uniqueName('t');
  await sql(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(options.template ?? 'template0')} STRATEGY FILE_COPY`);
  try {
    onTestFinished(() => dropDatabase(name));
  } catch {
    // Not inside a test: global-setup's teardown drops it with the rest of the run's databases.
  }
  return withDatabase(serverUrl(), name);
}

const templates = new Map<string, Promise<string>>();

/**
 * A template database, made once per worker slot (it outlives the test file, so the next file in the same slot reuses
 * it): created empty, handed to `prepare(url)` (which migrates it and must leave no connection open), then
 * locked against connections, since PostgreSQL copies a template only while nobody is connected to it.
 * Resolves to its name, for freshDatabase({ template }). One name, one content: `prepare` must not vary between files.
 */
export function createTemplate(name: string, prepare: (url: string) => Promise<void>): Promise<string> {
  if (!/^[a-z0-9_]{1,20}$/.test(name)) throw new Error(`template name "${name}": use 1 to 20 of a-z, 0-9 and _`);
  let pending = templates.get(name);
  if (!pending) {
    pending = makeTemplate(`${runPrefix()}tpl_${workerSlot()}_${name}`, prepare);
    templates.set(name, pending);
    pending.catch(() => templates.delete(name));
  }
  return pending;
}

async function makeTemplate(final: string, prepare: (url: string) => Promise<void>): Promise<string> {
  if ((await sql('SELECT 1 FROM pg_database WHERE datname = $1', [final])).rowCount) return final;
  // Prepared under a working name and renamed when done: a template under its final name is always complete.
  const building = uniqueName('build');
  await sql(`CREATE DATABASE ${ident(building)} TEMPLATE template0 STRATEGY FILE_COPY`);
  try {
    await prepare(withDatabase(serverUrl(), building));
    await sql(`ALTER DATABASE ${ident(building)} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
    await evict(building);
    await sql(`ALTER DATABASE ${ident(building)} RENAME TO ${ident(final)}`);
  } catch (e) {
    await sql(`ALTER DATABASE ${ident(building)} WITH IS_TEMPLATE false`).catch(() => {});
    await dropDatabase(building);
    throw e;
  }
  return final;
}

/**
 * Waits until nobody is connected to `database` (a session that has just closed may still be ending on the server),
 * ending sessions still open after 300 ms.
 */
async function evict(database: string): Promise<void> {
  const open = 'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()';
  for (let waited = 0; waited < 5_000; waited += 20) {
    if (!(await sql(open, [database])).rowCount) return;
    if (waited === 300) await sql(`SELECT pg_terminate_backend(pid) FROM (${open}) AS s`, [database]);
    await new Promise((ok) => setTimeout(ok, 20));
  }
  throw new Error(`sessions on ${database} did not end: close every connection that prepare(url) opened`);
}

/** Drops every database whose name starts with `prefix`, templates included (global-setup's teardown). */
export async function dropDatabasesStartingWith(prefix: string): Promise<string[]> {
  const like = `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
  const { rows } = await sql('SELECT datname FROM pg_database WHERE datname LIKE $1', [like]);
  for (const { datname } of rows as { datname: string }[]) {
    await sql(`ALTER DATABASE ${ident(datname)} WITH IS_TEMPLATE false`);
    await dropDatabase(datname);
  }
  return rows.map((r: { datname: string }) => r.datname);
}

/** Closes this module's admin connections (global-setup's teardown; workers let them time out). */
export async function closeAdmin(): Promise<void> {
  const pool = admin;
  admin = undefined;
  await pool?.end();
}
