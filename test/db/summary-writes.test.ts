// A sale changes the owner's summaries only where they change. A regular customer's third purchase in a week they
// already bought in leaves their cohort cells, their summary columns (and the per-day counts kept from those) and their
// details as they were: none of that is written again, only when their details were last given.
// (SQLite: temporary triggers log the writes.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { type Db, type Params, type Statement, textOf } from '../../src/db/sql.js';
import { createStore } from '../../src/db/store.js';
import { rebuildSummaries } from '../../src/db/summary.js';
import type { Sale, SaleCustomer } from '../../src/domain/sale.js';
import { all, closeEarly, createShop, engine, run, testDatabase, testStore } from '../helpers.js';

const SUMMARIES = ['cohort_cells', 'customer_days', 'reason_days', 'experiment_days'];
const WATCHED = [...SUMMARIES, 'customers', 'sales'];

/** A shop holding 20% out, a way to buy as one customer, and the writes to the summaries and customers logged. */
async function watched() {
  const store = await testStore();
  const { shop } = await createShop(store, { holdout: 20 });
  // A known secret, so that the draw is known: of customers 1 to 20, 1, 2, 5, 7, 13 and 15 are held out.
  await run(store.db, 'UPDATE experiment_periods SET salt = ?', 'held-out-test');
  let n = 0;
  const buy = (iso: string, customer: SaleCustomer = SANNE) => {
    const at = Date.parse(iso);
    const sale: Sale = { tillSaleId: `s-${++n}`, status: 'completed', occurredAt: at, customer, reason: 'kapot', items: [], total: 20, currency: 'EUR', staff: null };
    return store.sales.record(shop, sale, at + 60_000);
  };
  await run(store.db, 'CREATE TEMP TABLE writes (tbl TEXT, op TEXT)');
  for (const t of WATCHED) {
    for (const op of ['INSERT', 'UPDATE']) {
      await run(store.db, `CREATE TEMP TRIGGER log_${op}_${t} AFTER ${op} ON main.${t} BEGIN INSERT INTO writes VALUES ('${t}', '${op}'); END`);
    }
  }
  const writes = async () => (await all<{ tbl: string; op: string }>(store.db, 'SELECT tbl, op FROM writes'));
  const summaries = () => Promise.all(SUMMARIES.map((t) => all(store.db, `SELECT * FROM ${t} WHERE true ORDER BY 1, 2, 3, 4`)));
  return { store, buy, writes, summaries };
}

const SANNE: SaleCustomer = { name: 'Sanne', phone: '+31613572468', email: null, locale: null, posCustomerId: null, consent: { sms: true } };

describe.skipIf(engine === 'postgres')('what a new customer\'s sale writes', () => {
  it('writes their row once after making it: their first day and their place in the experiment together', async () => {
    const { store, buy, writes, summaries } = await watched();
    // Enough new customers that both groups of the hold-out are drawn (with the known secret, always).
    for (let i = 0; i < 20; i++) {
      await run(store.db, 'DELETE FROM writes');
      const phone = `+3161234${String(5000 + i)}`;
      const { outcome } = await buy('2026-03-02T10:00:00+01:00', { ...SANNE, phone });
      expect(outcome).toBe('created');
      expect((await writes()).filter((w) => w.tbl === 'customers').map((w) => w.op)).toEqual(['INSERT', 'UPDATE']);
      // The sale once, with its answer and whether its check-in could be asked: decided before it is written.
      expect((await writes()).filter((w) => w.tbl === 'sales').map((w) => w.op)).toEqual(['INSERT']);
    }
    const groups = await all<{ heldOut: number; n: number }>(store.db, 'SELECT held_out AS heldOut, count(*) AS n FROM customers WHERE period_id IS NOT NULL AND first_day IS NOT NULL GROUP BY held_out ORDER BY 1');
    expect(groups).toEqual([{ heldOut: 0, n: 14 }, { heldOut: 1, n: 6 }]);
    const kept = await summaries();
    await rebuildSummaries(store.db);
    expect(kept).toEqual(await summaries());
    expect(kept[3]!.length).toBeGreaterThan(0); // experiment_days counted them
  });
});

describe.skipIf(engine === 'postgres')('what a returning customer\'s sale writes', () => {
  it('writes no summary row and no customer row that stays the same, and the summaries stay right', async () => {
    const { store, buy, writes: logged, summaries } = await watched();
    const writes = async () => (await logged()).map((w) => w.tbl);

    await buy('2026-03-02T10:00:00+01:00'); // Monday: the first purchase
    await buy('2026-03-04T10:00:00+01:00'); // Wednesday: back on a later day, the summaries change
    await run(store.db, 'DELETE FROM writes');
    await buy('2026-03-05T10:00:00+01:00'); // Thursday, the same week and month: nothing to count anew
    expect(await writes()).toEqual(['customers', 'sales']); // their details once (now Thursday's: details_at), the sale once
    await run(store.db, 'DELETE FROM writes');
    await buy('2026-03-04T09:00:00+01:00'); // a sale of Wednesday morning the till sends late: older details
    expect(await writes()).toEqual(['sales']); // the sale, once

    // What was kept is what counting from the sales gives.
    const kept = await summaries();
    await rebuildSummaries(store.db);
    expect(kept).toEqual(await summaries());
  });
});

// What a returning customer's sale asks of the database, on either engine (on PostgreSQL each statement is a round
// trip): their match, their details, their sales before (after: those and the new one, not read again), the earlier
// invitation cancelled (sent and would-be), whether they bought since, their live messages, an earlier check-in that
// gives way to theirs (when it has not gone yet), the sale and its two messages, the cohort cells that change, their
// summary columns, whether they came back after a message (set where it is found). Not: their shop, or their place in the experiment, looked up again, or the sale written again. Of
// these, only the six whose answers it needs are waited for (the sale's id, and the reads); the writes go out without
// waiting (Db.send), and on PostgreSQL share round trips with what follows them.
describe('the statements of a returning customer\'s sale', () => {
  it('runs no more than these 16 (one a check-in that gives way), in a shop that holds customers out, and waits for the answers of six', async () => {
    const db = await testDatabase();
    const texts: string[] = [];
    const waited: string[] = [];
    // Every statement run through the handle, and through the transactions it opens.
    const counting = <D extends Db>(h: D): D => {
      const count = (m: 'get' | 'all' | 'value' | 'values' | 'run') => (s: Statement<any>, p?: Params) => (texts.push(textOf(s, h.engine)), waited.push(textOf(s, h.engine)), (h[m] as any)(s, p));
      const send = (s: Statement<any>, p?: Params) => (texts.push(textOf(s, h.engine)), h.send(s, p));
      const transaction = (fn: (tx: Db) => Promise<unknown>) => h.transaction((tx) => fn(counting(tx)));
      return { ...h, get: count('get'), all: count('all'), value: count('value'), values: count('values'), run: count('run'), send, transaction };
    };
    const store = createStore(counting(db) as Database);
    const { shop } = await createShop(store, { holdout: 20 });
    const buy = (id: string, iso: string) => {
      const at = Date.parse(iso);
      const sale: Sale = { tillSaleId: id, status: 'completed', occurredAt: at, customer: SANNE, reason: 'kapot', items: [], total: 20, currency: 'EUR', staff: null };
      return store.sales.record(shop, sale, at + 60_000);
    };
    await buy('first', '2026-03-02T10:00:00+01:00');
    texts.length = 0;
    waited.length = 0;
    expect((await buy('again', '2026-03-09T10:00:00+01:00')).outcome).toBe('created');
    expect(texts.filter((t) => /FROM customers WHERE id = \?/.test(t))).toEqual([]); // no look-up of what is known
    expect(texts.length, texts.join('\n')).toBeLessThanOrEqual(16);
    expect(waited.length, waited.join('\n')).toBeLessThanOrEqual(6);
  });
});

// The summaries a sale keeps as it goes are what counting every sale anew gives, whatever the order the till sends
// them in: sales posted late (older than those before them), at the same minute as another, refunded as they come in
// or later, of customers bought for once or again and again. (A returning customer's sales after a sale are those
// before it and the new one, not read again: this is what checks that.)
describe('the summaries kept sale by sale', () => {
  it('equal those rebuilt from all the sales, for any order of sales and refunds', async () => {
    const DAY = 86_400_000, START = Date.parse('2026-03-02T10:00:00+01:00');
    const step = fc.record({
      customer: fc.integer({ min: 0, max: 3 }),
      day: fc.integer({ min: 0, max: 70 }), // a week apart or many: cohort weeks, months, the 30-day window
      minute: fc.constantFrom(0, 0, 1, 30), // the same time as another now and then
      status: fc.constantFrom('completed', 'completed', 'completed', 'refunded'),
      refundLater: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const store = await testStore();
        try {
          const { shop } = await createShop(store, { holdout: 20 });
          const kept = () => Promise.all(SUMMARIES.map((t) => all(store.db, `SELECT * FROM ${t} WHERE customers <> 0 ORDER BY 1, 2, 3, 4`)));
          for (const [i, s] of steps.entries()) {
            const at = START + s.day * DAY + s.minute * 60_000;
            const customer = { ...SANNE, name: `Klant ${s.customer}`, phone: `+3161234500${s.customer}` };
            const reason = ['kapot', 'cadeau', null][i % 3] ?? null;
            const sale: Sale = { tillSaleId: `s-${i}`, status: s.status as Sale['status'], occurredAt: at, customer, reason, items: [], total: 20, currency: 'EUR', staff: null };
            await store.sales.record(shop, sale, START + 80 * DAY);
            if (s.refundLater && s.status === 'completed' && i % 2 === 0) await store.sales.refund(shop, `s-${i}`, { status: 'refunded' }, START + 80 * DAY);
          }
          const before = await kept();
          await store.db.transaction((tx) => rebuildSummaries(tx));
          expect(before).toEqual(await kept());
        } finally {
          await closeEarly(store.db);
        }
      }),
      { numRuns: engine === 'postgres' ? 15 : 40 },
    );
  }, 60_000);
});
