// Customer look-ups: a till that sends only its own customer id (Square, Loyverse, Lightspeed) is asked for that
// customer's phone and e-mail; then the sale gets its customer and its messages, or waits for them on the consent page.
import type { NotSent } from '../domain/not-sent.js';
import { shopsOwn, withoutPlaceholders } from '../domain/placeholder-contact.js';
import type { SaleCustomer } from '../domain/sale.js';
import { adapters } from '../vendors/index.js';
import { LookupFailed } from '../vendors/types.js';
import { MAX_ATTEMPTS, type Tick, backoff } from './attempt.js';

export async function lookUp(t: Tick, id: number): Promise<void> {
  const { store, log, retryBaseSeconds } = t.deps;
  const l = await store.tills.lookups.load(id);
  if (!l) return;
  // Read afresh, not the tick's copy (it may be from before the shop left): a shop that left asks its till's API nothing more.
  const shop = await store.shops.byId(l.shopId);
  if (!shop) return; // deleted since the claim, with this look-up
  if (shop.disabledAt !== null) return void (await store.tills.lookups.settle(id, 'cancelled', 'shop_disabled'));
  const connection = await store.tills.connection(l.shopId, l.vendor);
  const adapter = adapters[l.vendor];
  const posCustomerId = `${l.vendor}:${l.customerRef}`;
  // With a contact, the sale gets its customer and its messages now. Without one, the sale's messages go to the
  // contact it came with (a payment's own e-mail address); with none, it waits for the customer on the consent page,
  // like a sale from a till that knows no customers.
  // (An address of the shop's own that the till keeps on a customer is not theirs: left out, see withoutPlaceholders.)
  const settle = async (found: SaleCustomer | null, why: NotSent | null, detail: string | null = null) => {
    const customer = found && withoutPlaceholders(found, shopsOwn(shop, t.deps.emailFrom)).customer;
    if (customer && (customer.phone || customer.email)) await store.sales.attach(shop, l.saleId, { ...customer, posCustomerId }, t.now);
    else if (!(await store.sales.planWithOwnCustomer(shop, l.saleId, t.now))) await store.tills.consentLinks.create(shop.id, l.saleId, t.now);
    if (why) await store.tills.lookups.settle(id, 'failed', why, detail);
    else await store.tills.lookups.done(id);
    t.report.lookups++;
  };
  if (!connection?.accessToken || !adapter.lookup) return settle(null, 'no_access_token');
  try {
    const customer = await adapter.lookup(l.customerRef, connection, shop.country);
    await settle(customer, customer ? null : 'unknown_customer');
  } catch (err) {
    const again = err instanceof LookupFailed && l.attempts < MAX_ATTEMPTS;
    if (again) await store.tills.lookups.markRetry(id, t.now + Math.max(1, backoff(l.attempts, retryBaseSeconds)), 'lookup_failed', (err as Error).message);
    else await settle(null, 'lookup_failed', (err as Error).message);
    log.warn({ lookup: id, vendor: l.vendor, attempt: l.attempts, retry: again }, 'customer look-up failed');
  }
}
