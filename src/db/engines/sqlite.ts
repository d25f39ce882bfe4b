// SQLite through better-sqlite3: synchronous and in-process, behind the asynchronous interface of src/db/sql.ts. A
// statement is prepared once per database. Transactions are BEGIN IMMEDIATE (one writer at a time, also across
// processes, waiting up to busy_timeout), committed in groups (see commitGroup); while one is open, other work on this
// connection waits for it, so nothing slips into it between its awaits.
import { closeSync, constants, existsSync, openSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { makeFolder, whyFileNotMade } from '../../folders.js';
import { type Db, type Params, type Statement, storable, textOf } from '../sql.js';
import { SQLITE_BUSY_WAIT_MS } from '../unavailable.js';

/** Group commit (see schedule): how long a transaction waits for company, while they come at least this often. */
export const WINDOW_MS = 1;
const STREAM_MS = 2;

const holdsNul = (v: unknown) => typeof v === 'string' && v.includes('\u0000');

export type SqliteDb = Db & {
  readonly engine: 'sqlite';
  /** The database file (for backups, checkpoints and tests that read the file itself). */
  readonly file: string;
  /** The better-sqlite3 handle, for what only SQLite has: online backup, checkpoints, pragmas. */
  readonly native: Database.Database;
  /**
   * Runs `fn` once this connection is free, and keeps it free until `fn` settles: what is asked for meanwhile waits
   * (the event loop does not), as for a checkpoint that has the write-ahead log start over (checkpointer.ts).
   */
  hold<T>(fn: () => Promise<T>): Promise<T>;
};

/**
 * Opens (creating file and folder when missing) a SQLite database with nextdeal's settings. What it creates only its
 * owner may read (folder 0700, file 0600; SQLite gives its -wal and -shm files the database file's mode): the file
 * holds the shops' webhook secrets, the tills' tokens and every customer's details. A folder or file that was there
 * already keeps the mode its owner gave it.
 */
export function openSqlite(path: string): SqliteDb {
  if (path !== ':memory:') {
    makeFolder(dirname(path), 0o700);
    privateFile(path);
  }
  const native = new Database(path);
  // Pages of 1 KiB, not SQLite's 4 KiB, for a database made now (SQLite fixes the size when it writes the first page;
  // one made before keeps its own). A sale changes a few rows at the ends of some thirty b-trees, and each page it
  // changes goes to the write-ahead log whole: a sale on its own wrote 31 KiB to the log rather than 99, and four in
  // a group 13 KiB each rather than 35. The checkpoints then have about a third as much to copy and sync (the
  // checkpointer's fsyncs 4.6 ms on average against 7.9, at 2,400 sales a second) and the log starts over half as
  // often; the CPU a sale did not grow. At half the bench's rate the p99 met 20 ms in 6 runs of 7 against 4
  // (bench/NOTES.md, 2 December).
  native.pragma('page_size = 1024');
  native.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a crash of this process; only power loss can lose the last commits.
  native.pragma('synchronous = NORMAL');
  native.pragma(`busy_timeout = ${SQLITE_BUSY_WAIT_MS}`);
  native.pragma('foreign_keys = ON');
  // Overwrite deleted content with zeros: an erased phone number must not linger in free space.
  native.pragma('secure_delete = ON');
  // SQLite's own page cache size, 2 MB, not the 16 MB better-sqlite3 builds it with: the pages a sale writes are few
  // (the ends of some thirty b-trees) and the operating system's file cache serves the owner's page as fast, but a
  // 16 MB cache fills under a burst of sales and stays: 17 MB of the server's peak memory (bench/ingest.ts).
  native.pragma('cache_size = -2000');
  // Temporary data in memory, not in files in /var/tmp. Above all the undo copy a statement keeps of the pages it
  // changes (both messages of a sale in one insert touch six b-trees): past 64 KiB SQLite writes it to a file, made,
  // written page by page (some 300 writes for 20 sales) and deleted in most groups of sales once the tables have some
  // thousands of rows, with pages of customers' rows in it. (The benches could not tell the CPU a sale apart.) The
  // other temporary data here is small: a GROUP BY's groups, a customer's few rows sorted.
  native.pragma('temp_store = MEMORY');
  return sqliteDb(native);
}

export function sqliteDb(native: Database.Database): SqliteDb {
  const prepared = new Map<Statement<unknown>, Database.Statement>();
  const plucked = new Map<Statement<unknown>, Database.Statement>();
  const prepare = (s: Statement<unknown>, pluck = false): Database.Statement => {
    const cache = pluck ? plucked : prepared;
    let p = cache.get(s);
    if (!p) {
      p = native.prepare(textOf(s, 'sqlite'));
      if (pluck) p.pluck();
      cache.set(s, p);
    }
    return p;
  };
  /** The parameters as better-sqlite3 takes them; copied only in the rare case that a text holds NUL (see storable). */
  const args = (params: Params | undefined): unknown[] => {
    if (params === undefined) return [];
    if (Array.isArray(params)) return params.some(holdsNul) ? params.map(storable) : params;
    const named = params as Record<string, unknown>;
    for (const k in named) if (holdsNul(named[k])) return [Object.fromEntries(Object.entries(named).map(([n, v]) => [n, storable(v)]))];
    return [named];
  };
  // Prepared once, as better-sqlite3's own transactions do (exec() would parse them every time).
  const begin = native.prepare('BEGIN IMMEDIATE');
  const commit = native.prepare('COMMIT');
  const rollback = native.prepare('ROLLBACK');

  // The work itself, synchronous.
  const now = {
    get: (s: Statement<unknown>, p?: Params) => prepare(s).get(...args(p)),
    all: (s: Statement<unknown>, p?: Params) => prepare(s).all(...args(p)),
    value: (s: Statement<unknown>, p?: Params) => prepare(s, true).get(...args(p)),
    values: (s: Statement<unknown>, p?: Params) => prepare(s, true).all(...args(p)),
    run: (s: Statement<unknown>, p?: Params) => prepare(s).run(...args(p)).changes,
  };

  /**
   * Group commit: the transactions asked for while the event loop works through what came in (requests arriving in
   * the same turn) share one BEGIN IMMEDIATE … COMMIT, so that the COMMIT (writing every changed page to the
   * write-ahead log) is paid once for the group. Each unit is answered only once the COMMIT is done, so an
   * acknowledged write is a committed one.
   *
   * The units run one after the other, without savepoints: a savepoint keeps an undo copy of every page its unit
   * changes (about 30 for a sale, 120 KB; in a temporary file past 64 KiB, before temp_store = MEMORY). Should a unit
   * fail, the whole transaction is rolled back, that unit gets its error, and the others run again, each in a
   * savepoint of its own, so that a failure is undone alone. (Running again is what Db.transaction allows: PostgreSQL
   * does it to a deadlock's victim.)
   */
  interface Unit {
    fn: (tx: Db) => Promise<unknown>;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }
  type Outcome = { unit: Unit; ok: true; value: unknown } | { unit: Unit; ok: false; error: unknown };
  let waiting: Unit[] = [];
  let scheduled = false;
  const savepoint = native.prepare('SAVEPOINT unit');
  const release = native.prepare('RELEASE unit');
  const rollbackUnit = native.prepare('ROLLBACK TO unit');
  const undo = () => void (native.inTransaction && rollback.run());

  /**
   * One transaction for `units`. Each in a savepoint (`isolated`): every unit's outcome, failures undone alone. Without:
   * the outcomes, or at the first failure nothing written and that failure. A failed BEGIN or COMMIT throws.
   */
  async function attempt(units: Unit[], isolated: boolean): Promise<Outcome[] | { failed: Outcome & { ok: false } }> {
    begin.run();
    const outcomes: Outcome[] = [];
    try {
      for (const unit of units) {
        if (isolated) savepoint.run();
        const work = forUnit();
        try {
          const value = await unit.fn(work.db);
          work.end();
          outcomes.push({ unit, ok: true, value });
          if (isolated) release.run();
        } catch (error) {
          work.end();
          if (!isolated) return undo(), { failed: { unit, ok: false, error } };
          rollbackUnit.run();
          release.run();
          outcomes.push({ unit, ok: false, error });
        }
      }
      commit.run();
      return outcomes;
    } catch (err) {
      undo();
      throw err;
    }
  }

  /** The group's outcomes: each unit's, failures undone alone. */
  async function commitUnits(group: Unit[]): Promise<Outcome[]> {
    let failed: Outcome | undefined; // failed in the first attempt: answered with its own error, whatever comes after
    try {
      const first = await attempt(group, false);
      if (Array.isArray(first)) return first;
      const alone = (failed = first.failed);
      const others = group.filter((u) => u !== alone.unit);
      return [alone, ...(others.length > 0 ? ((await attempt(others, true)) as Outcome[]) : [])];
    } catch (error) {
      // BEGIN or COMMIT failed: nothing of the group was written (a unit that had failed by itself keeps its own error).
      const alone = failed;
      return group.map((unit): Outcome => (alone?.unit === unit ? alone : { unit, ok: false, error }));
    } finally {
      lastGroup = performance.now();
    }
  }

  async function commitGroup(): Promise<void> {
    // Once a statement outside (or a backup, or a hold) is done with the connection, the units asked for until then.
    const outcomes = await exclusively(async () => {
      const group = waiting;
      waiting = [];
      scheduled = false;
      return group.length === 0 ? [] : commitUnits(group);
    });
    for (const o of outcomes) (o.ok ? o.unit.resolve(o.value) : o.unit.reject(o.error));
    // Asked for while this group ran (a unit that waited on something outside the database): the next group.
    if (waiting.length > 0) schedule();
  }

  /**
   * The next group goes once this turn of the event loop is done with what came in; but while transactions come in a
   * stream (the group before ended under STREAM_MS ago), after waiting WINDOW_MS for company. A sale committed alone
   * writes about 24 pages to the write-ahead log, 20 together 2.5 each. At 1,400 evenly spaced sales a second (half
   * what it takes at most), each alone, the server was busy 0.92-0.96 of a core and its p99 was 23-33 ms; sharing
   * commits this way, 0.73-0.76 and 18-19 ms (bench/ingest.ts --steady-rate 1400 --steady-seconds 60). At its most,
   * groups are large either way.
   */
  let lastGroup = -Infinity;
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    if (performance.now() - lastGroup < STREAM_MS) setTimeout(() => void commitGroup(), WINDOW_MS);
    else setImmediate(() => void commitGroup());
  }

  /** Runs `fn` in the next group's transaction; settles once that is committed (or `fn` failed and was undone). */
  const grouped = <T>(fn: (tx: Db) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ fn, resolve, reject } as Unit);
      schedule();
    });

  /** Set while a transaction is open (or the connection is held): other work on this connection waits for it to end. */
  let open: Promise<void> | null = null;
  /** Runs `fn` once the connection is free, keeping it so until `fn` settles (taken in the turn the wait ends). */
  async function exclusively<T>(fn: () => Promise<T>): Promise<T> {
    while (open) await open;
    let done!: () => void;
    open = new Promise((resolve) => (done = resolve));
    try {
      return await fn();
    } finally {
      open = null;
      done();
    }
  }
  const settled = async () => {
    while (open) await open;
  };

  /**
   * The handle one unit's work goes through, closed once the unit has settled. A unit may have work still going when
   * it fails (statements side by side, one of which threw): what that work asks for later must not run in the next
   * unit's transaction, nor outside any, once this one was rolled back. It fails instead.
   */
  function forUnit(): { db: SqliteDb; end: () => void } {
    let live = true;
    const check = () => {
      if (!live) throw new Error('the transaction this work belonged to has ended');
    };
    const db: SqliteDb = {
      ...inside,
      get: async (s, p) => (check(), now.get(s, p)) as never,
      all: async (s, p) => (check(), now.all(s, p)) as never,
      value: async (s, p) => (check(), now.value(s, p)) as never,
      values: async (s, p) => (check(), now.values(s, p)) as never,
      run: async (s, p) => (check(), now.run(s, p)),
      send: (s, p) => void (check(), now.run(s, p)),
      transaction: (fn) => (check(), fn(db)),
      exec: async (script) => void (check(), native.exec(script)),
    };
    return { db, end: () => void (live = false) };
  }

  /** The handle a transaction's work goes through: straight to the database, and nested transactions join it. */
  const inside: SqliteDb = {
    engine: 'sqlite',
    file: native.name,
    native,
    get: async (s, p) => now.get(s, p) as never,
    all: async (s, p) => now.all(s, p) as never,
    value: async (s, p) => now.value(s, p) as never,
    values: async (s, p) => now.values(s, p) as never,
    run: async (s, p) => now.run(s, p),
    send: (s, p) => void now.run(s, p),
    transaction: (fn) => fn(inside),
    lock: async () => {}, // the write transaction holds the whole database already
    tryLock: async () => true, // one process's dispatcher at a time: a chore runs in a write transaction
    exec: async (script) => void native.exec(script),
    hold: (fn) => fn(),
    close: async () => {
      throw new Error('close the database, not a transaction');
    },
  };

  const outside: SqliteDb = {
    ...inside,
    // The wait and the work in the same turn (as in transaction() below): awaiting settled() would leave a gap in which
    // another transaction could begin, and this statement would then run (and be rolled back) inside it.
    get: async (s, p) => { while (open) await open; return now.get(s, p) as never; },
    all: async (s, p) => { while (open) await open; return now.all(s, p) as never; },
    value: async (s, p) => { while (open) await open; return now.value(s, p) as never; },
    values: async (s, p) => { while (open) await open; return now.values(s, p) as never; },
    // A write on its own is a transaction of one statement, committed with the group like any other: the dispatcher
    // keeps what it hands each of a batch's sends to the provider with one COMMIT, not one each.
    run: (s, p) => grouped((tx) => tx.run(s, p)),
    send: () => {
      throw new Error('send() outside a transaction');
    },
    exec: async (script) => { while (open) await open; native.exec(script); },
    transaction: grouped,
    hold: exclusively,
    close: async () => {
      await settled();
      native.close();
    },
  };
  return outside;
}

/** Creates an empty file only its owner may read and write, unless it exists (an empty file is an empty database). */
export function privateFile(path: string): void {
  try {
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw whyFileNotMade(path, err as NodeJS.ErrnoException);
  }
}

/**
 * A copy (`nextdeal backup`) taken of a database in write-ahead-log mode is in that mode too, and every later opening of
 * it, read-only included (backup checks the earlier one it replaces, restore the one it restores), leaves a -wal and
 * a -shm file beside it: out of that mode it is one file, and stays so. nextdeal opens a restored one in it again.
 */
export function inOneFile(path: string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/**
 * Runs `look` on the SQLite file at `path`, opened read-only, and takes away the -wal and -shm files that opening it
 * made (a copy in write-ahead-log mode, from before backups were one file): looking at a file leaves nothing behind.
 * Those that were there before are left alone.
 */
export function lookAt<T>(path: string, look: (db: Database.Database) => T): T {
  const made = ['-wal', '-shm'].filter((suffix) => !existsSync(path + suffix));
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const done = () => {
    db.close();
    for (const suffix of made) rmSync(path + suffix, { force: true });
  };
  let seen: T;
  try {
    seen = look(db);
  } catch (err) {
    done();
    throw err;
  }
  // A look that takes its time (SQLite's online backup from it) is done when its promise settles.
  if (seen instanceof Promise) return seen.finally(done) as T;
  done();
  return seen;
}

