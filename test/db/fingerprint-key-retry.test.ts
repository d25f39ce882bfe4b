// saleStore keeps the installation's fingerprint key as a promise (src/db/sales.ts: key ??= fingerprintKey(db)). When
// the first read of it fails (a connection PostgreSQL dropped, a pool that could not connect just then), the rejected
// promise is kept: every later sale fails with that same old error until the process restarts.
import { describe, expect, it } from 'vitest';
import { saleStore } from '../../src/db/sales.js';
import type { Db } from '../../src/db/sql.js';
import { createShop, testStore } from '../helpers.js';
import { customer, sale } from '../store-sales.js';

describe('the fingerprint key of the sales store', () => {
  it('is read again after a failed first read: one failure does not refuse every later sale', async () => {
    const store = await testStore();
    await createShop(store);
    const shop = (await store.shops.bySlug('fietsenmaker'))!;
    let fail = true;
    const db: Db = {
      ...store.db,
      value: (s, p) => {
        if (fail) {
          fail = false;
          return Promise.reject(new Error('connection terminated unexpectedly'));
        }
        return store.db.value(s, p);
      },
    };
    const sales = saleStore(db);
    const now = Date.now();
    const who = customer({ phone: '+31613572468', consent: { sms: true } });
    const first = await sales.record(shop, sale(who, now - 60_000), now).then((r) => r.outcome, (e: Error) => e.message);
    expect(first).toBe('connection terminated unexpectedly');
    // The database is back: the next sale is stored.
    const second = await sales.record(shop, sale(who, now - 30_000), now).then((r) => r.outcome, (e: Error) => e.message);
    expect(second).toBe('created');
  });
});
