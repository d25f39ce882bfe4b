// The webhooks' shop cache (src/db/shops.ts): "A change through this store forgets it at once". It is forgotten before
// the change is committed (update: before db.run; setShare: inside the transaction), so a webhook reading the shop
// between the two caches the old row again, for SHOP_CACHE_MS after the change was acknowledged.
import { describe, expect, it } from 'vitest';
import { createShop, testStore } from '../helpers.js';

describe('the shop cache after a change through the store', () => {
  it('gives the changed shop to the next webhook once update() has answered', async () => {
    const store = await testStore();
    await createShop(store, { checkinHour: 10 } as never);
    const now = Date.now();
    expect((await store.shops.bySlugForWebhook('fietsenmaker', now))!.checkinHour).toBe(10);
    // The owner saves the settings while a till's sale comes in (the same turn of the event loop).
    const saved = store.shops.update('fietsenmaker', { checkinHour: 15 });
    const during = store.shops.bySlugForWebhook('fietsenmaker', now);
    expect((await saved)!.checkinHour).toBe(15);
    await during;
    // After update() answered: the next sale's shop.
    expect((await store.shops.bySlugForWebhook('fietsenmaker', now + 10))!.checkinHour).toBe(15);
  });
});
