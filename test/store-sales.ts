// Sales recorded straight into the store, as the webhook does after reading them: for tests of what follows from a
// history of sales (the summaries, the hold-out), where HTTP would only add time.
import type { Shop } from '../src/db/shops.js';
import { sql } from '../src/db/sql.js';
import type { Sale, SaleCustomer } from '../src/domain/sale.js';
import { type TestStore, createShop, testStore } from './helpers.js';

export const DAY = 86_400_000;
export const customer = (c: Partial<SaleCustomer>): SaleCustomer => ({ name: null, phone: null, email: null, locale: null, posCustomerId: null, consent: {}, ...c });
export const phoneOf = (n: number) => `+3161${String(2_000_000 + n).padStart(7, '0')}`;

let ids = 0;
export function sale(who: SaleCustomer, iso: string | number, over: Partial<Sale> = {}): Sale {
  return {
    tillSaleId: `s-${++ids}`, status: 'completed', occurredAt: typeof iso === 'number' ? iso : Date.parse(iso), customer: who, reason: 'nieuw',
    items: [{ name: 'Fiets', sku: null, quantity: 1, unitPrice: 500 }], total: 500, currency: 'EUR', staff: null, ...over,
  };
}

/** A shop holding `holdout`% out, with a fixed secret so that the groups are the same on every run. */
export async function shopWith(holdout: number, opts: Record<string, unknown> = {}): Promise<{ store: TestStore; shop: Shop }> {
  const store = await testStore();
  await createShop(store, { holdout, ...opts } as never);
  await store.db.run(sql("UPDATE experiment_periods SET salt = 'review-figures'"));
  const shop = (await store.shops.bySlug('fietsenmaker'))!;
  return { store, shop };
}
