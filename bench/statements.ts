// What the benches see of SQLite: every statement a store prepares on `db` is wrapped, so that while a listener is
// set each get/all/run reports its SQL, arguments and time. Call before createStore(db).
import type { Db } from '../src/db/open.js';

export type StatementListener = (sql: string, args: unknown[], ms: number) => void;

export function watchStatements(db: Db): { listen(fn: StatementListener | null): void } {
  let listener: StatementListener | null = null;
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql) as unknown as Record<'get' | 'all' | 'run', (...a: unknown[]) => unknown>;
    for (const m of ['get', 'all', 'run'] as const) {
      const call = stmt[m].bind(stmt);
      stmt[m] = (...args) => {
        if (!listener) return call(...args);
        const t = performance.now(), out = call(...args);
        listener(sql, args, performance.now() - t);
        return out;
      };
    }
    return stmt;
  }) as unknown as Db['prepare'];
  return { listen: (fn) => void (listener = fn) };
}

/** A listener that adds up count and time per statement (its SQL on one line, cut to `width` characters). */
export function tally(into: Map<string, { n: number; ms: number }>, width: number): StatementListener {
  return (sql, _args, ms) => {
    const key = sql.replace(/\s+/g, ' ').trim().slice(0, width);
    const c = into.get(key) ?? into.set(key, { n: 0, ms: 0 }).get(key)!;
    c.n++, c.ms += ms;
  };
}
