// The one way the code reaches a database, whichever engine: a statement is written once (plain SQL with `?` or
// `@name` parameters), prepared once per connection, and run through a small asynchronous interface. SQLite (the
// embedded default) and PostgreSQL each implement it in src/db/engines/; the few statements that truly differ between
// them are written as a function of the engine: sql((engine) => …).
//
// Why not a query builder: on better-sqlite3 a statement prepared once costs about 2.4 µs a query; Kysely 0.28 building
// and preparing each query costs about 38 µs, sixteen times as much (measured on this machine, 50,000 indexed look-ups).

export type Engine = 'sqlite' | 'postgres';
export type Params = readonly unknown[] | Record<string, unknown>;
/** A row as a statement without a declared shape returns it. */
export type Row = Record<string, any>;

/** A statement, written once. `R` is the shape of a row it returns (its column names as aliased in the SQL). */
export interface Statement<R = Row> {
  readonly text: string | ((engine: Engine) => string);
  /** Only for the type of the rows; never set. */
  readonly row?: R;
}

/** A statement whose text is the same on both engines, or a function of the engine for the few that differ. */
export const sql = <R = Row>(text: string | ((engine: Engine) => string)): Statement<R> => ({ text });

export interface Db {
  readonly engine: Engine;
  /** The first row, or undefined. */
  get<R>(s: Statement<R>, params?: Params): Promise<R | undefined>;
  all<R>(s: Statement<R>, params?: Params): Promise<R[]>;
  /** The first column of the first row, or undefined. */
  value<V = unknown>(s: Statement<unknown>, params?: Params): Promise<V | undefined>;
  /** The first column of every row. */
  values<V = unknown>(s: Statement<unknown>, params?: Params): Promise<V[]>;
  /** Runs a statement; returns how many rows it changed. */
  run(s: Statement<unknown>, params?: Params): Promise<number>;
  /**
   * Inside a transaction: runs a statement whose answer nothing needs. On PostgreSQL it goes out at once, behind what
   * went before and ahead of what comes after, and nothing waits for its answer: the statements of a sale share round
   * trips instead of taking one each. Should it fail, the transaction fails with its error (at the latest when it
   * commits, which PostgreSQL then turns into a rollback). On SQLite it runs at once, as run() does.
   */
  send(s: Statement<unknown>, params?: Params): void;
  /**
   * A unit of work: everything `fn` does through `tx` commits together or not at all. Nested, it joins the transaction
   * it is in. Never call a provider or anything slow inside: the transaction holds the database (SQLite) or a
   * connection and its locks (PostgreSQL) until `fn` resolves. Keep `fn` to database work, for it may run again:
   * PostgreSQL's deadlock victim (writers take a shop's lock first so that this stays rare), or on SQLite a transaction
   * whose group commit was rolled back because another in the group failed.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: waits until no other transaction holds `key`, and holds it until this one ends. Writers of
   * one shop's data take the shop's id, so on PostgreSQL they go one at a time as they do on SQLite (where a write
   * transaction holds the whole database and this does nothing); a name is a lock of its own (`'migrations'`).
   */
  lock(key: number | string): Promise<void>;
  /** Inside a transaction: takes a chore's lock if nobody holds it (true), for chores that must run once at a time. */
  tryLock(chore: string): Promise<boolean>;
  /** Runs a script of several statements, no parameters (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * PostgreSQL's text cannot hold NUL (U+0000), which anyone may send (a till's sale id, a texted reply): on both engines
 * it becomes U+FFFD, the replacement character, in what is stored and in what is looked up alike, so such a sale id
 * still finds its sale, the statement does not fail, and both engines keep the same.
 */
export const storable = (v: unknown): unknown => (typeof v === 'string' && v.includes('\u0000') ? v.replace(/\u0000/g, '\uFFFD') : v);

/** SQL that tests a value against the list of ids given as @ids (see idList): `m.customer_id ${inIds(e)}`. */
export const inIds = (engine: Engine): string => (engine === 'postgres' ? '= ANY(CAST(@ids AS BIGINT[]))' : 'IN (SELECT value FROM json_each(@ids))');
/** A list of ids as @ids for inIds: an array on PostgreSQL, a JSON array on SQLite. */
export const idList = (db: Db, ids: readonly number[]): unknown => (db.engine === 'postgres' ? ids : JSON.stringify(ids));

/** A statement's text on an engine. */
export const textOf = (s: Statement<unknown>, engine: Engine): string => (typeof s.text === 'string' ? s.text : s.text(engine));

/** A chore's name as a number, for an advisory lock key (stable across processes). */
export function choreKey(chore: string): number {
  let h = 0;
  for (const c of chore) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

/** SQLite's planner is told which index to use where it would pick a worse one; PostgreSQL's needs no hint. */
export const indexedBy = (engine: Engine, index: string): string => (engine === 'sqlite' ? `INDEXED BY ${index}` : '');
