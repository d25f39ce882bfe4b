// What the benches see of the database, on either engine: a handle that times every statement run through it (and
// through the transactions it opens), so that while a listener is set each get/all/value/values/run reports its SQL
// (as written for this engine, before PostgreSQL's $n rewriting), its parameters and its time. On PostgreSQL the time
// is the round trip, waiting for a pooled connection included; a statement sent without waiting (send) is reported
// with none. Make the store from the handle this returns.
import { type Db, type Params, type Statement, textOf } from '../src/db/sql.js';

export type StatementListener = (sql: string, params: Params | undefined, ms: number) => void;

export function watchStatements<D extends Db>(db: D): { db: D; listen(fn: StatementListener | null): void } {
  let listener: StatementListener | null = null;
  const wrap = <H extends Db>(h: H): H => {
    const timed = <M extends 'get' | 'all' | 'value' | 'values' | 'run'>(m: M) =>
      (async (s: Statement<unknown>, p?: Params) => {
        const heard = listener;
        if (!heard) return (h[m] as (s: Statement<unknown>, p?: Params) => Promise<unknown>)(s, p);
        const t = performance.now();
        try {
          return await (h[m] as (s: Statement<unknown>, p?: Params) => Promise<unknown>)(s, p);
        } finally {
          heard(textOf(s, h.engine), p, performance.now() - t);
        }
      }) as H[M];
    return {
      ...h,
      get: timed('get'),
      all: timed('all'),
      value: timed('value'),
      values: timed('values'),
      run: timed('run'),
      // Sent without waiting for its answer: counted, with no time of its own (it is in what waits after it).
      send: ((s: Statement<unknown>, p?: Params) => (listener?.(textOf(s, h.engine), p, 0), h.send(s, p))) as H['send'],
      transaction: ((fn: (tx: Db) => Promise<unknown>) => h.transaction((tx) => fn(wrap(tx)))) as H['transaction'],
    };
  };
  return { db: wrap(db), listen: (fn) => void (listener = fn) };
}

/** A listener that adds up count and time per statement (its SQL on one line, cut to `width` characters). */
export function tally(into: Map<string, { n: number; ms: number }>, width: number): StatementListener {
  return (sql, _params, ms) => {
    const key = sql.replace(/\s+/g, ' ').trim().slice(0, width);
    const c = into.get(key) ?? into.set(key, { n: 0, ms: 0 }).get(key)!;
    c.n++, c.ms += ms;
  };
}

/** What a tally added up: statements run and milliseconds spent in them, over all statements. */
export function totals(counted: Map<string, { n: number; ms: number }>): { n: number; ms: number } {
  let n = 0, ms = 0;
  for (const c of counted.values()) n += c.n, ms += c.ms;
  return { n, ms };
}
