// Reads and writes that many sends ask for at nearly the same moment, made as one. A write (together) waits for the
// rest of this turn of the event loop, then goes; what is asked for while it is under way goes next, all of it in
// one. Each caller is answered once its own write is done (or failed). A batch of 32 sends then keeps its recipients
// with one statement and records its outcomes in one or a few transactions, instead of one each: one COMMIT (one
// fsync on PostgreSQL) for many.
export function together<T, R = void>(write: (items: T[]) => Promise<R>): (item: T) => Promise<R> {
  let waiting: { item: T; done: (r: R) => void; failed: (e: unknown) => void }[] = [];
  let busy = false;
  const go = async () => {
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      try {
        const result = await write(group.map((w) => w.item));
        for (const w of group) w.done(result);
      } catch (err) {
        for (const w of group) w.failed(err);
      }
    }
    busy = false;
  };
  return (item) =>
    new Promise<R>((done, failed) => {
      waiting.push({ item, done, failed });
      if (!busy) {
        busy = true;
        setImmediate(() => void go());
      }
    });
}

/**
 * Reads of one row each, asked for in the same turn of the event loop (a claimed batch's messages), made as one
 * read of all of them: `read` answers with the rows it found, by key.
 */
export function gathered<K, V>(read: (keys: K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | undefined> {
  let asked: { key: K; found: (v: V | undefined) => void; failed: (e: unknown) => void }[] = [];
  const go = async () => {
    const group = asked;
    asked = [];
    try {
      const rows = await read(group.map((a) => a.key));
      for (const a of group) a.found(rows.get(a.key));
    } catch (err) {
      for (const a of group) a.failed(err);
    }
  };
  return (key) =>
    new Promise<V | undefined>((found, failed) => {
      if (asked.push({ key, found, failed }) === 1) setImmediate(() => void go());
    });
}
