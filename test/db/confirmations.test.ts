// The join pages' limit across shops: one number gets at most PER_DESTINATION codes a day from all of them, also
// when every shop is asked at the same moment (on PostgreSQL each request runs on a connection of its own).
import { describe, expect, it } from 'vitest';
import { PER_DESTINATION } from '../../src/db/confirmations.js';
import { createShop, testStore } from '../helpers.js';

describe('confirmation codes to one number from many shops', () => {
  it(`are at most ${PER_DESTINATION} a day, however many shops are asked at once`, async () => {
    const store = await testStore();
    const shops = [];
    for (let n = 0; n < 8; n++) shops.push((await createShop(store, { slug: `winkel-${n}`, name: `Winkel ${n}` })).shop);
    const now = Date.parse('2026-03-14T15:31:00+01:00');
    const ask = (shopId: number) =>
      store.confirmations.request({ shopId, saleId: null, linkCode: null, item: null, reason: null, channel: 'sms', destination: '+31622223333', locale: 'nl' }, now);
    const outcomes = await Promise.all(shops.map((s) => ask(s.id)));
    expect(outcomes.filter((o) => o.outcome === 'queued')).toHaveLength(PER_DESTINATION);
    expect(outcomes.filter((o) => o.outcome === 'limited')).toHaveLength(shops.length - PER_DESTINATION);
  });
});
