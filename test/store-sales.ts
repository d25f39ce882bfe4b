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

/**
 * New customers of the hold-out, each with consent and a phone, at `at` a second apart, numbered on from `numbers.n`;
 * the k-th of a group (held out or not) buys again 5 days later when `back(heldOut, k)`. `meanwhile` runs between the
 * first sales and the returns (the check-ins going out, say). Returns each new customer's group, in order.
 */
export async function holdoutCustomers(
  store: TestStore, shop: Shop, numbers: { n: number }, count: number, at: number,
  back: (heldOut: boolean, k: number) => boolean, meanwhile?: () => Promise<unknown>,
): Promise<boolean[]> {
  const seen = { true: 0, false: 0 };
  const groups: boolean[] = [];
  const again: [string, number][] = [];
  for (let i = 0; i < count; i++) {
    const phone = phoneOf(++numbers.n);
    const r = await store.sales.record(shop, sale(customer({ name: `K${numbers.n}`, phone, consent: { sms: true } }), at + i * 1000), at + i * 1000 + 500);
    if (r.outcome !== 'created') throw new Error(r.outcome);
    const held = r.response.skipped.some((s) => s.reason === 'held_out');
    groups.push(held);
    if (back(held, seen[`${held}`]++)) again.push([phone, i]);
  }
  await meanwhile?.();
  for (const [phone, i] of again) {
    const t = at + 5 * DAY + i * 1000;
    await store.sales.record(shop, sale(customer({ phone, consent: { sms: true } }), t), t + 500);
  }
  return groups;
}
