// /healthz answered ok while every dispatch tick failed (`no such column: resent`, after an upgrade that left a column
// out): nothing was sent, and nothing told the load balancer or the operator (the operator's review of 4 December).
import { describe, expect, it } from 'vitest';
import { FAILED_TICKS } from '../../src/queue/dispatcher.js';
import { createShop, run, startApp, testDispatcher, testStore } from '../helpers.js';

describe('GET /healthz and the dispatcher', () => {
  it("/healthz/sending answers 503, saying why, once this instance's dispatcher failed its last runs in a row, and 200 again once one succeeds; /healthz, which a balancer asks, says it but stays 200: sales are still taken", async () => {
    const store = await testStore();
    await createShop(store);
    const { dispatcher } = testDispatcher(store);
    const base = await startApp(store, Date.now, { dispatcherTrouble: dispatcher.trouble });
    const health = async (path = '/healthz/sending') => {
      const res = await fetch(`${base}${path}`);
      return { status: res.status, body: await res.json() };
    };
    await run(store.db, 'ALTER TABLE alerts DROP COLUMN resent'); // as a database that missed part of migration 055
    for (let i = 1; i < FAILED_TICKS; i++) await expect(dispatcher.tick(Date.now())).rejects.toThrow(/resent/);
    expect(await health()).toEqual({ status: 200, body: { ok: true } }); // one failure, or two, may be a moment's
    await expect(dispatcher.tick(Date.now())).rejects.toThrow(/resent/);
    expect(await health()).toEqual({
      status: 503,
      body: { ok: false, error: 'dispatcher', message: `the dispatcher failed its last ${FAILED_TICKS} runs in a row: nothing is sent (the log says why: "dispatch failed")` },
    });
    expect(await health('/healthz')).toEqual({
      status: 200,
      body: { ok: true, sending: false, message: `the dispatcher failed its last ${FAILED_TICKS} runs in a row: nothing is sent (the log says why: "dispatch failed")` },
    });
    await run(store.db, 'ALTER TABLE alerts ADD COLUMN resent INTEGER NOT NULL DEFAULT 0');
    await dispatcher.tick(Date.now());
    expect(await health()).toEqual({ status: 200, body: { ok: true } });
    expect(await health('/healthz')).toEqual({ status: 200, body: { ok: true } });
  });
});
