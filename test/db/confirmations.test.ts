// The join pages' limits that are counted across requests: one number gets at most PER_DESTINATION codes a day from all
// the installation's shops, and one address asks for at most UNCONFIRMED_PER_ADDRESS that are not confirmed, also when
// every shop is asked at the same moment (on PostgreSQL each request runs on a connection of its own).
import { describe, expect, it } from 'vitest';
import { type ConfirmationRequest, PER_DESTINATION, UNCONFIRMED_PER_ADDRESS } from '../../src/db/confirmations.js';
import type { Store } from '../../src/db/store.js';
import { createShop, testStore } from '../helpers.js';

const NOW = Date.parse('2026-03-14T15:31:00+01:00');
const asked = (shopId: number, destination: string, from: string | null): ConfirmationRequest =>
  ({ shopId, saleId: null, linkCode: null, item: null, reason: null, channel: 'sms', destination, locale: 'nl', from });

async function shops(store: Store, count: number) {
  const made = [];
  for (let n = 0; n < count; n++) made.push((await createShop(store, { slug: `winkel-${n}`, name: `Winkel ${n}` })).shop);
  return made;
}

describe('confirmation codes to one number from many shops', () => {
  it(`are at most ${PER_DESTINATION} a day, however many shops are asked at once`, async () => {
    const store = await testStore();
    const all = await shops(store, 8);
    const outcomes = await Promise.all(all.map((s) => store.confirmations.request(asked(s.id, '+31622223333', null), NOW)));
    expect(outcomes.filter((o) => o.outcome === 'queued')).toHaveLength(PER_DESTINATION);
    expect(outcomes.filter((o) => o.outcome === 'limited')).toHaveLength(all.length - PER_DESTINATION);
  });
});

describe('confirmation codes asked for from one address at many shops', () => {
  it(`are at most ${UNCONFIRMED_PER_ADDRESS} unconfirmed a day, however many shops are asked at once`, async () => {
    const store = await testStore();
    const all = await shops(store, 8);
    const outcomes = await Promise.all(all.map((s, i) => store.confirmations.request(asked(s.id, `+3162222000${i}`, '203.0.113.9'), NOW)));
    expect(outcomes.filter((o) => o.outcome === 'queued')).toHaveLength(UNCONFIRMED_PER_ADDRESS);
    expect(outcomes.filter((o) => o.outcome === 'limited')).toHaveLength(all.length - UNCONFIRMED_PER_ADDRESS);
  });
});
