// store.sales.record, its track() read failing once (a stand-in for any failing statement in one branch of recordIn's
// Promise.all): the sale is refused, and nothing of it may be written. decide(), the other branch, goes on and puts the
// customer in the hold-out after the ROLLBACK, in autocommit.
import { describe, expect, it } from 'vitest';
import { saleStore } from '../../src/db/sales.js';
import type { Db } from '../../src/db/sql.js';
import { one } from '../helpers.js';
import { customer, sale, shopWith } from '../store-sales.js';

/** `db` whose transactions read the customer's sales (track()) with a failure, once. */
function failingTrackOnce(db: Db): Db {
  let armed = true;
  const wrap = (tx: Db): Db => ({
    ...tx,
    all: (s, p) => {
      const text = typeof s.text === 'string' ? s.text : s.text(tx.engine);
      if (armed && text.includes('FROM customers c LEFT JOIN sales s ON s.customer_id = c.id WHERE c.id = ?')) {
        armed = false;
        return Promise.reject(new Error('track read failed'));
      }
      return tx.all(s, p);
    },
    transaction: (fn) => tx.transaction((inner) => fn(wrap(inner))),
  });
  return { ...db, transaction: (fn) => db.transaction((tx) => fn(wrap(tx))) };
}

describe('a sale refused by a failing statement', () => {
  it('leaves its customer as it was (not put into the hold-out)', async () => {
    const { store, shop } = await shopWith(50);
    const who = customer({ phone: '+31613572468', consent: { sms: true } });
    const now = Date.now();
    // The customer's first sale came in voided: they exist, in no period, with no first sale.
    expect((await store.sales.record(shop, sale(who, now - 3_600_000, { status: 'voided' }), now)).outcome).toBe('created');
    const before = await one(store.db, 'SELECT id, period_id AS periodId, first_sale_id AS firstSaleId FROM customers');
    expect(before).toMatchObject({ periodId: null, firstSaleId: null });

    const failing = saleStore(failingTrackOnce(store.db));
    const r = await failing.record(shop, sale(who, now - 60_000), now).then(() => 'stored', (e: Error) => e.message);
    expect(r).toBe('track read failed');
    await new Promise((res) => setTimeout(res, 50));
    expect(await one(store.db, 'SELECT count(*) AS n FROM sales')).toEqual({ n: 1 });
    expect(await one(store.db, 'SELECT period_id AS periodId FROM customers WHERE id = ?', before!.id)).toEqual({ periodId: null });
  });
});
