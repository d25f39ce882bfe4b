// On PostgreSQL a sale holds its shop's lock, and wakes both processes, once for every round trip: what it sends goes
// out in as few writes as its answers allow (src/db/engines/postgres.ts: pg's pipeline mode, a transaction's writes
// corked until one whose answer it waits for; Db.send for what nothing waits on). Counted here as the writes (system
// calls) on the connections to the server. Only `npm run test:postgres` runs this file.
import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { Sale, SaleCustomer } from '../../src/domain/sale.js';
import { createShop, onCleanup, testStore } from '../helpers.js';

const at = Date.parse('2026-03-02T10:00:00+01:00');
const sale = (id: string, customer: SaleCustomer, days = 0): Sale =>
  ({ tillSaleId: id, status: 'completed', occurredAt: at + days * 86_400_000, customer, reason: 'kapot', items: [], total: 20, currency: 'EUR', staff: null });
const customer = (phone: string): SaleCustomer => ({ name: 'Sanne', phone, email: null, locale: null, posCustomerId: null, consent: { sms: true } });

/** Writes to the server's port while `fn` runs. */
async function writesDuring(port: number, fn: () => Promise<unknown>): Promise<number> {
  const proto = net.Socket.prototype as unknown as { _writeGeneric: (...a: unknown[]) => unknown };
  const spy = vi.spyOn(proto, '_writeGeneric');
  onCleanup(() => spy.mockRestore());
  await fn();
  const writes = spy.mock.contexts.filter((s) => (s as net.Socket).remotePort === port).length;
  spy.mockRestore();
  return writes;
}

describe('the round trips of a sale on PostgreSQL', () => {
  // A shop that holds customers out (as every shop does unless told not to) has a new customer join its open period:
  // that period is looked up with the sale and its customer (it took a round trip of its own before).
  it.each([0, 20])('are four for a new customer and four for one coming back, in a shop holding %i per cent out (eleven and eighteen when each statement was awaited)', async (holdout) => {
    const store = await testStore();
    const { shop } = await createShop(store, { holdout });
    const port = Number(new URL((store.db as { url: string }).url).port || 5432);
    await store.sales.record(shop, sale('warm-up', customer('+31612345000')), at + 60_000); // a connection, and its statements prepared
    expect(await writesDuring(port, () => store.sales.record(shop, sale('new', customer('+31612345001')), at + 60_000))).toBe(4);
    expect(await writesDuring(port, () => store.sales.record(shop, sale('again', customer('+31612345001'), 7), at + 7 * 86_400_000 + 60_000))).toBe(4);
  });

  // A till's "no" is also the no of the shop's other rows with its number or address (customers.ts,
  // withdrawnWithContact): for a new customer there is none (the sale would have found it), and nothing is asked; for one
  // coming back, one look for both channels (six each when each channel's "no" was its own awaited statement).
  it('are four for a new customer saying no to both channels, and five for one coming back', async () => {
    const store = await testStore();
    const { shop } = await createShop(store, { holdout: 0 });
    const port = Number(new URL((store.db as { url: string }).url).port || 5432);
    const no = (phone: string): SaleCustomer => ({ ...customer(phone), email: `${phone.slice(1)}@example.com`, consent: { sms: false, email: false } });
    await store.sales.record(shop, sale('warm-up', no('+31612345000')), at + 60_000);
    await store.sales.record(shop, sale('warm-up-2', no('+31612345000'), 7), at + 7 * 86_400_000 + 60_000);
    expect(await writesDuring(port, () => store.sales.record(shop, sale('new', no('+31612345001')), at + 60_000))).toBe(4);
    expect(await writesDuring(port, () => store.sales.record(shop, sale('again', no('+31612345001'), 7), at + 7 * 86_400_000 + 60_000))).toBe(5);
  });
});
