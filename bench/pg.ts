// PostgreSQL for the benches (`--engine postgres`): the server, a database of each run's own on it, and the CPU its
// processes use.
//
// Without --database-url, a bench re-runs itself inside Debian's `pg_virtualenv` (as test/pg/run.sh does): a
// throw-away cluster made for this run and removed after it (-t: its files in a temporary folder even as root; PGPORT:
// a free port picked here). Inside, the superuser's URL is built from the PG* variables pg_virtualenv sets. Unlike the
// tests, the cluster keeps fsync on (pg_virtualenv turns it off): a bench measures what a real server does, and a
// commit waits for its WAL to reach the disk; and max_connections is 100 whatever initdb would pick. --pg-option
// guc=value changes a setting (e.g. synchronous_commit=off, which loses the last commits on power loss, as SQLite's
// synchronous=NORMAL does; or fsync=off).
//
// With --database-url (a server of your own, as a user that may create databases), the bench makes its databases
// there (nextdeal_bench_<pid>_<n>) and drops them when it ends.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import pg from 'pg';
import type { Db } from '../src/db/sql.js';
import { sql } from '../src/db/sql.js';

export type BenchEngine = 'sqlite' | 'postgres';

/** The options every bench takes for its engine (merge into parseArgs's options). */
export const engineOptions = {
  engine: { type: 'string', default: 'sqlite' },
  'database-url': { type: 'string' },
  'pg-option': { type: 'string', multiple: true, default: [] as string[] },
} as const;

const INSIDE = 'NEXTDEAL_BENCH_PG_INSIDE';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as AddressInfo;
  await new Promise((ok) => s.close(ok));
  return port;
}

/**
 * The engine, and for PostgreSQL the URL of a server on which this bench may create databases. Without
 * --database-url (and not yet inside one), runs this same bench again inside a throw-away cluster and exits with its
 * status: call it first thing, before the bench does anything.
 */
export async function benchServer(o: { engine: string; 'database-url'?: string | undefined; 'pg-option': string[] }): Promise<{ engine: BenchEngine; serverUrl: string | undefined }> {
  if (o.engine !== 'sqlite' && o.engine !== 'postgres') throw new Error(`--engine ${o.engine}: use sqlite or postgres`);
  if (o.engine === 'sqlite') {
    if (o['database-url']) throw new Error('--database-url is for --engine postgres');
    return { engine: 'sqlite', serverUrl: undefined };
  }
  if (o['database-url']) return { engine: 'postgres', serverUrl: o['database-url'] };
  if (process.env[INSIDE]) return { engine: 'postgres', serverUrl: urlFromPgVariables() };

  const which = spawnSync('sh', ['-c', 'command -v pg_virtualenv'], { encoding: 'utf8' });
  if (which.status !== 0) {
    throw new Error('--engine postgres without --database-url needs pg_virtualenv (Debian\'s postgresql-common) to start a throw-away server: ' +
      'install the postgresql package, or give --database-url postgres://user:pass@host:5432/postgres');
  }
  // max_connections given: initdb picks fewer (down to 10) when the machine is short of shared memory or semaphores at
  // that moment, and two servers with a pool of 10 each, or three dispatchers, need more.
  const options = ['log_checkpoints=off', 'fsync=on', 'max_connections=100', ...o['pg-option']].flatMap((g) => ['-o', g]);
  const port = await freePort();
  console.error(`starting a throw-away PostgreSQL cluster (pg_virtualenv -t ${options.join(' ')}, port ${port}); it is removed when the bench ends`);
  const run = spawnSync('pg_virtualenv', ['-t', ...options, '--', process.execPath, ...process.execArgv, process.argv[1]!, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PGPORT: String(port), [INSIDE]: '1' },
  });
  process.exit(run.status ?? 1);
}

/** The superuser's URL over TCP from pg_virtualenv's PG* variables (as test/pg/run.sh builds it). */
function urlFromPgVariables(): string {
  const { PGUSER = 'postgres', PGPASSWORD = '', PGHOST = 'localhost', PGPORT = '5432', PGDATABASE = 'postgres' } = process.env;
  const e = encodeURIComponent, auth = `${e(PGUSER)}${PGPASSWORD ? `:${e(PGPASSWORD)}` : ''}@`;
  return PGHOST.startsWith('/') ? `postgres://${auth}/${e(PGDATABASE)}?host=${e(PGHOST)}&port=${PGPORT}` : `postgres://${auth}${PGHOST}:${PGPORT}/${e(PGDATABASE)}`;
}

/** The same URL with another database (not `new URL()`: it rejects the socket form postgres://u:p@/db?host=/run/…). */
export function withDatabase(url: string, database: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(\/[^?#]*)?(.*)$/i.exec(url);
  if (!m) throw new Error('not a postgres:// URL');
  return `${m[1]}/${encodeURIComponent(database)}${m[3]}`;
}

/** The URL with a setting for every session it opens (`options=-c name=value`, which node-pg passes to the server). */
export function withSetting(url: string, setting: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c ${setting}`)}`;
}

/** The URL without its password, for printing. */
export const shown = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const made = new Set<{ server: string; name: string }>();
let count = 0;

async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

/**
 * A new, empty database on the server for this run (dropped by dropDatabases(), or kept with `keep`); its URL.
 * `name` picks the name (else nextdeal_bench_<pid>_<n>); with `reuse`, an existing database of that name is kept.
 */
export async function createDatabase(serverUrl: string, o: { name?: string | undefined; keep?: boolean; reuse?: boolean } = {}): Promise<string> {
  const name = o.name ?? `nextdeal_bench_${process.pid}_${++count}`;
  await admin(serverUrl, async (c) => {
    const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
    if (exists && o.reuse) return;
    if (exists) await c.query(`DROP DATABASE ${ident(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${ident(name)} TEMPLATE template0`);
  });
  if (!o.keep) made.add({ server: serverUrl, name });
  return withDatabase(serverUrl, name);
}

/** Drops every database this run made (and did not keep). */
export async function dropDatabases(): Promise<void> {
  for (const d of [...made]) {
    made.delete(d);
    await admin(d.server, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(d.name)} WITH (FORCE)`)).catch((err: Error) =>
      console.error(`could not drop the bench's database ${d.name}: ${err.message}`));
  }
}

// A bench that fails or is interrupted still drops its databases on a server of your own.
const bail = (code: number) => (err?: unknown) => {
  if (err instanceof Error) console.error(err);
  void dropDatabases().finally(() => process.exit(code));
};
process.once('uncaughtException', bail(1));
process.once('unhandledRejection', bail(1));
process.once('SIGINT', bail(130));
process.once('SIGTERM', bail(143));

/** The server's version and the settings that matter for what a bench measures, on one line. */
export async function describeServer(serverUrl: string): Promise<string> {
  return admin(serverUrl, async (c) => {
    const { rows } = await c.query(`SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync,
      current_setting('synchronous_commit') AS sync, current_setting('shared_buffers') AS buffers, current_setting('max_connections') AS conns,
      current_setting('wal_level') AS wal, current_setting('full_page_writes') AS fpw`);
    const r = rows[0] as Record<string, string>;
    return `PostgreSQL ${r.version} at ${shown(serverUrl)}: fsync=${r.fsync}, synchronous_commit=${r.sync}, full_page_writes=${r.fpw}, ` +
      `shared_buffers=${r.buffers}, max_connections=${r.conns}, wal_level=${r.wal}`;
  });
}

// ---- the server's CPU ----------------------------------------------------------------------------------------------

/** CPU seconds in /proc/<pid>/stat: user + system, and of its reaped children. */
function procStat(pid: number): { ppid: number; own: number; children: number } | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { ppid: Number(f[1]), own: (Number(f[11]) + Number(f[12])) / 100, children: (Number(f[13]) + Number(f[14])) / 100 };
  } catch {
    return null; // gone
  }
}

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
};

export interface ServerCpu {
  readonly postmaster: number;
  /**
   * Starts counting; `end()` gives the CPU seconds used meanwhile by the whole cluster (postmaster, backends, WAL
   * writer, checkpointer, autovacuum, …) and by the backends of the bench's database.
   */
  begin(): { end(): { total: number; backends: number } };
}

/**
 * The PostgreSQL server's processes on this machine, found from a backend of ours: its pid (pg_backend_pid()) in
 * /proc, its parent the postmaster, whose children are the cluster. A process that ends hands its CPU time to the
 * postmaster's reaped-children counters, so the cluster's total over a run stays exact while pools open and close
 * connections. The backends of the bench's database are followed every 250 ms, each from when it was first seen
 * (one that starts during the run counts whole): one that ends loses at most its last 250 ms. null when the server is
 * not on this machine (or not visible in /proc).
 */
export async function serverCpu(databaseUrl: string): Promise<ServerCpu | null> {
  // Looked at while the connection is open (its backend ends with it). The same pid in another pid namespace (a
  // server in a container) would be some other process: its title must be a backend's, for this database.
  const found = await admin(databaseUrl, async (c) => {
    const { pid, database } = (await c.query('SELECT pg_backend_pid() AS pid, current_database() AS database')).rows[0] as { pid: number; database: string };
    const me = procStat(pid), title = cmdline(pid);
    return me && title.startsWith('postgres') && title.split(' ').includes(database) ? { postmaster: me.ppid, database } : null;
  });
  if (!found) return null;
  const { postmaster, database } = found;
  /** The cluster's CPU so far, and each backend of `database` with its own. */
  const now = () => {
    const top = procStat(postmaster);
    let total = top ? top.own + top.children : 0;
    const backends = new Map<number, number>();
    for (const e of readdirSync('/proc')) {
      if (!/^\d+$/.test(e)) continue;
      const s = procStat(Number(e));
      if (!s || s.ppid !== postmaster) continue;
      total += s.own + s.children;
      // A backend's title: "postgres: 15/regress: <user> <database> 127.0.0.1(port) idle"
      if (cmdline(Number(e)).split(' ').includes(database)) backends.set(Number(e), s.own);
    }
    return { total, backends };
  };
  return {
    postmaster,
    begin() {
      const start = now(), first = new Map(start.backends), last = new Map(start.backends);
      const follow = () => {
        const n = now();
        for (const [pid, cpu] of n.backends) {
          if (!first.has(pid)) first.set(pid, 0);
          last.set(pid, cpu);
        }
        return n;
      };
      const timer = setInterval(follow, 250);
      timer.unref();
      return {
        end() {
          clearInterval(timer);
          const n = follow();
          let backends = 0;
          for (const [pid, cpu] of last) backends += cpu - first.get(pid)!;
          return { total: n.total - start.total, backends };
        },
      };
    },
  };
}

// ---- loading rows fast on either engine ----------------------------------------------------------------------------

/**
 * Rows into several tables, inside a transaction the caller holds (`tx`): on SQLite a prepared INSERT per row (in one
 * transaction that is as fast as SQLite loads); on PostgreSQL multi-row INSERTs of up to 1,000 rows, one round trip
 * each. `tables` in the order rows must go in (a table before those whose foreign keys point at it): whenever one
 * buffer is full, all are written, in that order. Await `add` (it may write) and `flush` at the end.
 */
export function loader<T extends string>(tx: Db, tables: Record<T, readonly string[]>) {
  const names = Object.keys(tables) as T[];
  const head = (t: T) => `INSERT INTO ${t} (${tables[t].join(', ')}) VALUES `;
  const values = (t: T) => `(${tables[t].map(() => '?').join(', ')})`;
  if (tx.engine === 'sqlite') {
    const native = (tx as Db & { native: import('better-sqlite3').Database }).native;
    const stmts = Object.fromEntries(names.map((t) => [t, native.prepare(head(t) + values(t))])) as Record<T, import('better-sqlite3').Statement>;
    return { add: (table: T, row: unknown[]): void | Promise<void> => void stmts[table].run(...row), flush: async () => {} };
  }
  const per = Object.fromEntries(names.map((t) => [t, Math.max(1, Math.min(1000, Math.floor(60_000 / tables[t].length)))])) as Record<T, number>;
  const statements = new Map<string, ReturnType<typeof sql>>();
  const of = (t: T, n: number) => {
    const key = `${t}:${n}`;
    return statements.get(key) ?? statements.set(key, sql(head(t) + Array.from({ length: n }, () => values(t)).join(', '))).get(key)!;
  };
  const buffers = Object.fromEntries(names.map((t) => [t, { params: [] as unknown[], rows: 0 }])) as Record<T, { params: unknown[]; rows: number }>;
  const flush = async () => {
    for (const t of names) {
      const b = buffers[t];
      if (b.rows === 0) continue;
      const [n, params] = [b.rows, b.params];
      b.params = [], b.rows = 0;
      await tx.run(of(t, n), params);
    }
  };
  return {
    add(table: T, row: unknown[]): void | Promise<void> {
      const b = buffers[table];
      for (const v of row) b.params.push(v);
      if (++b.rows >= per[table]) return flush();
    },
    flush,
  };
}

/** After rows went in with their own ids (PostgreSQL): each table's identity moved past them, or the next insert collides. */
export async function moveIdentities(db: Db, tables: readonly string[]): Promise<void> {
  if (db.engine !== 'postgres') return;
  for (const t of tables) await db.run(sql(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), coalesce(max(id), 0) + 1, false) FROM ${t}`));
}
