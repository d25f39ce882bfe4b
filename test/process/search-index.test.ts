// The running server keeps SQLite's search index caught up a little at a time, several times a second (SEARCH_EVERY_MS
// in src/db/figures.ts): each catch-up then is short, and a sale that arrives meanwhile waits for one small step, not a
// second's worth of customers.
import { describe, expect, it, vi } from 'vitest';
import { createShop, engine, postSale, run, saleBody, value } from '../helpers.js';
import { environment, openShared, startServer } from './server.js';

describe.skipIf(engine === 'postgres')('the search index in the running server', () => {
  it('takes new customers in several times a second while sales come in', async () => {
    const { env } = await environment({ LOG_LEVEL: 'warn' });
    const store = await openShared(env);
    const { shop, webhookSecret } = await createShop(store);
    const server = await startServer(env);

    // Sales for two seconds, one new customer each; meanwhile, when the index moves on (the test's own connection reads
    // the server's database file).
    const indexedTo = async () => Number(await value(store.db, 'SELECT indexed_to FROM customer_search_state'));
    const moves: number[] = [];
    let last = await indexedTo(), posted = 0;
    const start = Date.now();
    const watching = (async () => {
      while (Date.now() - start < 2_200) {
        const now = await indexedTo();
        if (now !== last) (moves.push(Date.now() - start), (last = now));
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    while (Date.now() - start < 2_000) {
      const phone = `06 2${String(posted).padStart(7, '0')}`;
      const res = await postSale(server.base, shop.slug, webhookSecret, saleBody({ id: `s-${posted}`, occurredAt: new Date().toISOString(), customer: { name: `Klant ${posted}`, phone, consent: { sms: true } } }));
      expect(res.status).toBe(201);
      posted++;
      await new Promise((r) => setTimeout(r, 40));
    }
    await watching;

    // Every second, the index moved twice in these two seconds; five times a second, about ten times (a busy machine
    // may delay a catch-up by some tens of milliseconds).
    expect(moves.length, `the index moved at ${moves.join(', ')} ms`).toBeGreaterThanOrEqual(5);
    expect(Math.max(...moves.slice(1).map((t, i) => t - moves[i]!)), `the index moved at ${moves.join(', ')} ms`).toBeLessThan(700);
    expect(posted).toBeGreaterThan(20);
    // And the last sales' customers go in with the next catch-up.
    const newest = Number(await value(store.db, 'SELECT max(id) FROM customers'));
    await vi.waitFor(async () => expect(await indexedTo()).toBe(newest), { timeout: 3_000, interval: 20 }); // a busy machine may delay it
  });

  // The operator's review: on a full disk the catch-up failed five times a second, each logged at error level with its
  // stack (0.7 MB of log a minute on the disk being freed). Here it fails as long as a trigger refuses its write.
  it('says once that the catch-up fails, with the cause and no stack, and once that it works again', async () => {
    const { env } = await environment();
    const store = await openShared(env);
    const { shop, webhookSecret } = await createShop(store);
    const server = await startServer(env);
    await run(store.db, "CREATE TRIGGER refuse_catch_up BEFORE UPDATE ON customer_search_state BEGIN SELECT RAISE(ABORT, 'the disk is full, say'); END");
    const res = await postSale(server.base, shop.slug, webhookSecret, saleBody({ id: 's-1', customer: { name: 'Klant', phone: '06 21234567', consent: { sms: true } } }));
    expect(res.status).toBe(201);
    const lines = () => server.logs.join('').split('\n').filter((l) => l.includes('search index catch-up'));
    await vi.waitFor(() => expect(lines().length).toBeGreaterThan(0), { timeout: 5_000 });
    await new Promise((r) => setTimeout(r, 1_500)); // some seven tries more
    expect(lines()).toHaveLength(1);
    const failed = JSON.parse(lines()[0]!) as Record<string, unknown>;
    expect(failed).toMatchObject({ level: 40, code: 'SQLITE_CONSTRAINT_TRIGGER', reason: 'the disk is full, say' });
    expect(failed.msg).toMatch(/^search index catch-up failed: tried again five times a second, said again once it works/);
    expect(lines()[0]).not.toContain('stack');

    await run(store.db, 'DROP TRIGGER refuse_catch_up');
    const newest = Number(await value(store.db, 'SELECT max(id) FROM customers'));
    await vi.waitFor(async () => expect(Number(await value(store.db, 'SELECT indexed_to FROM customer_search_state'))).toBe(newest), { timeout: 5_000 });
    await vi.waitFor(() => expect(lines()).toHaveLength(2), { timeout: 5_000 });
    expect(JSON.parse(lines()[1]!)).toMatchObject({ level: 30, msg: 'search index catch-up works again' });
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(lines()).toHaveLength(2);
  }, 60_000);
});
