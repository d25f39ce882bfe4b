// PostgreSQL through `pg`, behind the interface of src/db/sql.ts. Statements are the same text as on SQLite: `?` and
// `@name` parameters become $1…$n, camelCase aliases are quoted (PostgreSQL folds unquoted names to lower case), and
// each statement is prepared once per connection (by name). Times are BIGINT milliseconds, read back as numbers.
// Connections run in pg's pipeline mode: in a transaction, a statement whose answer nothing needs (Db.send) goes out
// without waiting, BEGIN and the shop's lock with the first read, COMMIT right behind the last writes: what a
// transaction sends is held (corked) until a statement whose answer it waits for goes out, then leaves in one system
// call with it.
import pg from 'pg';
import { type Db, type Params, type Statement, choreKey, storable, textOf } from '../sql.js';

// BIGINT (ids, times in ms) and NUMERIC (sums of BIGINT) arrive as strings by default: every value nextdeal stores
// in them is a safe integer or an amount, so numbers they are.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/** A statement in PostgreSQL's form: its text with $n, and the order of its named parameters. */
interface Converted {
  name: string;
  text: string;
  names: string[] | null; // null: positional (?)
}

/**
 * Rewrites a statement written for both engines: @name and ? become $1…$n (outside quotes), and camelCase identifiers
 * (the aliases rows are read by) are quoted so PostgreSQL keeps their case.
 */
export function convert(text: string): { text: string; names: string[] | null } {
  const names: string[] = [];
  let positional = 0;
  let out = '';
  // Quoted strings and quoted identifiers are copied as they are; everything else is rewritten.
  const parts = text.split(/('(?:[^']|'')*'|"[^"]*")/);
  for (const [i, part] of parts.entries()) {
    if (i % 2 === 1) {
      out += part;
      continue;
    }
    out += part
      .replace(/@([A-Za-z_]\w*)|\?/g, (m, name: string | undefined) => {
        if (name === undefined) return `$${++positional}`;
        const at = names.indexOf(name);
        if (at >= 0) return `$${at + 1}`;
        names.push(name);
        return `$${names.length}`;
      })
      .replace(/\b([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)\b/g, '"$1"');
  }
  if (positional > 0 && names.length > 0) throw new Error(`a statement mixes ? and @name parameters: ${text}`);
  return { text: out, names: names.length > 0 ? names : null };
}

let statements = 0;
const converted = new WeakMap<Statement<unknown>, Converted>();
function prepared(s: Statement<unknown>): Converted {
  let c = converted.get(s);
  if (!c) {
    c = { name: `nd${++statements}`, ...convert(textOf(s, 'postgres')) };
    converted.set(s, c);
  }
  return c;
}

function values(c: Converted, params: Params | undefined): unknown[] {
  if (params === undefined) return [];
  if (c.names === null) return (Array.isArray(params) ? [...params] : [params]).map(storable);
  const named = params as Record<string, unknown>;
  return c.names.map((n) => {
    if (!(n in named)) throw new Error(`missing parameter @${n}`);
    return named[n] === undefined ? null : storable(named[n]);
  });
}

type Queryable = pg.Pool | pg.PoolClient;

/** PostgreSQL's error code for a transaction it rolled back to break a deadlock. */
const DEADLOCK = '40P01';

/**
 * A transaction's statements in flight: what was sent without waiting (Db.send), and the first statement to fail.
 * Answers come back in the order the statements went out, so the first failure seen is the first on the wire: the
 * cause, where what came after it only says the transaction was already aborted.
 */
interface InFlight {
  sent: Promise<void>[];
  failure?: { error: unknown };
  /** The transaction's function has settled: no statement of it goes to the connection any more. */
  ended?: boolean;
}

/** Connections whose held writes go out at the end of this turn of the event loop. */
const flushing = new WeakSet<import('node:net').Socket>();

/**
 * Holds what a transaction's connection writes, to send it at once: pg writes each message of a statement (Bind,
 * Describe, Execute, Sync) on its own, a system call and a TCP segment each, which PostgreSQL then reads one by one.
 * `flush`: what is held goes out when this turn of the event loop is done (a statement whose answer is waited for, and
 * with it everything sent before); else it waits for such a statement (Db.send, BEGIN, the lock), at the latest the
 * COMMIT or ROLLBACK, rather than going out alone in a write of its own.
 */
function corked(client: pg.PoolClient, flush = true): void {
  const stream = (client as unknown as { connection?: { stream?: import('node:net').Socket } }).connection?.stream;
  if (!stream) return;
  if (stream.writableCorked === 0) stream.cork();
  if (!flush || flushing.has(stream)) return;
  flushing.add(stream);
  setImmediate(() => {
    flushing.delete(stream);
    stream.uncork();
  });
}

/** A statement of the transaction `f`: its failure, when it is the first, is the transaction's. */
function watched<T>(f: InFlight, result: Promise<T>): Promise<T> {
  result.catch((error: unknown) => void (f.failure ??= { error }));
  return result;
}

/** A statement of `f` sent without waiting: the transaction waits for its answer before it ends. */
const sent = (f: InFlight, result: Promise<unknown>) => void f.sent.push(result.then(() => undefined, () => undefined));

function handle(q: Queryable, pool: pg.Pool, flight: InFlight | null): Db {
  const query = (s: Statement<unknown>, p?: Params, flush = true) => {
    const c = prepared(s), config = { name: c.name, text: c.text, values: values(c, p) };
    if (!flight) return q.query(config);
    // Work of a transaction that has ended (a statement side by side with one that failed, asked for after the
    // ROLLBACK): never on the connection, which is back in the pool and may be in another transaction by now.
    if (flight.ended) return Promise.reject(new Error('the transaction this statement belonged to has ended'));
    corked(q as pg.PoolClient, flush);
    return watched(flight, q.query(config));
  };
  const first = (row: Record<string, unknown> | undefined) => (row === undefined ? undefined : Object.values(row)[0]);
  const db: Db = {
    engine: 'postgres',
    get: async (s, p) => (await query(s, p)).rows[0],
    all: async (s, p) => (await query(s, p)).rows,
    value: async (s, p) => first((await query(s, p)).rows[0]) as never,
    values: async (s, p) => (await query(s, p)).rows.map((r) => first(r)) as never,
    run: async (s, p) => (await query(s, p)).rowCount ?? 0,
    send(s, p) {
      if (!flight) throw new Error('send() outside a transaction');
      sent(flight, query(s, p, false));
    },
    exec: async (script) => {
      if (flight?.ended) throw new Error('the transaction this statement belonged to has ended');
      if (flight) corked(q as pg.PoolClient);
      await q.query(script);
    },
    async transaction(fn) {
      if (flight) return fn(db);
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        const f: InFlight = { sent: [] };
        // The server may end the connection mid-transaction (a restart, a failover, a transaction left idle past
        // IDLE_IN_TRANSACTION_MS): its statements fail with that, and the connection is not given back to the pool.
        // Unheard, the client's 'error' took the whole process down.
        let broken: Error | undefined;
        const onError = (err: Error) => void (broken = err);
        client.on('error', onError);
        try {
          // BEGIN goes out with the first statements, not a round trip ahead of them (it fails only with the
          // connection, and they with it), and the COMMIT right behind the last statements sent without waiting.
          corked(client, false);
          sent(f, watched(f, client.query('BEGIN')));
          const result = await fn(handle(client, pool, f)).finally(() => void (f.ended = true));
          corked(client);
          await client.query('COMMIT');
          await Promise.all(f.sent);
          // A statement sent without waiting failed: PostgreSQL made that COMMIT a rollback.
          if (f.failure) throw f.failure.error;
          return result;
        } catch (err) {
          corked(client);
          await client.query('ROLLBACK').catch(() => undefined);
          await Promise.all(f.sent);
          const error = f.failure?.error ?? err;
          // Chosen as a deadlock's victim: nothing of it was written, so it runs again (see Db.transaction).
          if ((error as { code?: string }).code !== DEADLOCK || attempt === 3) throw error;
        } finally {
          client.off('error', onError);
          client.release(broken);
        }
      }
    },
    async lock(key) {
      if (!flight) throw new Error('lock() outside a transaction');
      if (flight.ended) throw new Error('the transaction this statement belonged to has ended');
      // Shops' ids in one key space, named locks in another (the two-number form of PostgreSQL's advisory locks).
      // Sent without waiting: what comes after it runs once the lock is held, and a deadlock fails the transaction.
      corked(q as pg.PoolClient, false);
      sent(flight, watched(flight, q.query('SELECT pg_advisory_xact_lock($1, $2)', typeof key === 'number' ? [1, key] : [2, choreKey(key)])));
    },
    async tryLock(chore) {
      if (!flight) throw new Error('tryLock() outside a transaction');
      if (flight.ended) throw new Error('the transaction this statement belonged to has ended');
      corked(q as pg.PoolClient);
      const r = await q.query('SELECT pg_try_advisory_xact_lock(2, $1) AS got', [choreKey(chore)]);
      return r.rows[0].got === true;
    },
    close: async () => {
      if (flight) throw new Error('close the database, not a transaction');
      await pool.end();
    },
  };
  return db;
}

export type PostgresDb = Db & { readonly engine: 'postgres'; readonly url: string };

/**
 * How long a statement waits for a connection: to be made, or to come free in the pool. Without a limit, a server
 * that stops answering (its machine gone, a network dropping packets) held every request, GET /healthz too, until the
 * operating system gave up on the connection, some two minutes; now they are answered 503 (src/db/unavailable.ts).
 */
export const CONNECT_TIMEOUT_MS = 5000;

/**
 * How long a connection may sit in a transaction doing nothing before the server ends it, and its locks with it. No
 * transaction of nextdeal's waits on anything but the database (see Db.transaction), so only an instance that stopped
 * mid-transaction (a frozen VM, a process suspended) does: it held its shop's lock, and that shop's sales waited on
 * every other instance until it came back (the review of three instances). What it had not committed is lost, as in a
 * crash, and nothing it had not committed was acknowledged.
 */
export const IDLE_IN_TRANSACTION_MS = 30_000;

/** The name nextdeal's connections give PostgreSQL (pg_stat_activity.application_name). */
export const APPLICATION_NAME = 'nextdeal';

/**
 * The URL as node-postgres is given it: sslmode=prefer, require or verify-ca (without uselibpqcompat=true) as
 * verify-full, which is how pg-connection-string 2.x reads them anyway (an empty ssl object: the certificate checked,
 * its name too). Given as written, it prints its nine-line "SECURITY WARNING" about those modes on every start and
 * command; nextdeal says what they mean itself, where it matters (src/db/tls-trouble.ts, which reads the URL as
 * written).
 */
export function quietSslmode(url: string): string {
  if (/[?&]uselibpqcompat=true(?:&|$)/.test(url)) return url;
  return url.replace(/([?&])sslmode=(?:prefer|require|verify-ca)(?=&|$)/g, '$1sslmode=verify-full');
}

/** A pool of at most `max` connections (DATABASE_POOL_SIZE) to the database at `url` (postgres://user:pass@host:5432/db). */
export function openPostgres(url: string, max = 10, connectTimeoutMs = CONNECT_TIMEOUT_MS, idleInTransactionMs = IDLE_IN_TRANSACTION_MS): PostgresDb {
  // Pipeline mode: statements sent without waiting (Db.send) go out at once instead of each after the last's answer.
  const pool = new pg.Pool({
    connectionString: quietSslmode(url), max, pipeline: true, connectionTimeoutMillis: connectTimeoutMs, idle_in_transaction_session_timeout: idleInTransactionMs,
    // How an instance is told from other clients in pg_stat_activity (`restore --after-pg-restore` refuses while one is
    // connected). An application_name in DATABASE_URL is used instead.
    application_name: APPLICATION_NAME,
  });
  // An idle connection the server closed must not take the process down: the pool makes a new one.
  pool.on('error', () => undefined);
  return { ...handle(pool, pool, null), engine: 'postgres', url };
}
