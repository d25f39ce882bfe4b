// The join pages' limits that are counted across requests: one number gets at most PER_DESTINATION codes a day from all
// the installation's shops, and one address asks for at most UNCONFIRMED_PER_ADDRESS that are not confirmed, also when
// every shop is asked at the same moment (on PostgreSQL each request runs on a connection of its own); a shop sends at
// most DAILY_CAP that are not confirmed, and DAILY_CEILING in all.
import { describe, expect, it } from 'vitest';
import { type ConfirmationRequest, DAILY_CAP, DAILY_CEILING, PER_DESTINATION, UNCONFIRMED_PER_ADDRESS } from '../../src/db/confirmations.js';
import type { Store } from '../../src/db/store.js';
import { createShop, testDispatcher, testStore } from '../helpers.js';

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

describe("a shop's daily cap", () => {
  // Before, confirmed messages counted too: a shop whose customers joined at the counter had its page closed by its own
  // customers, and a stranger's numbers needed fewer to close it.
  it(`counts the ${DAILY_CAP} messages not confirmed, and ${DAILY_CEILING} in all`, async () => {
    const store = await testStore();
    const [shop] = await shops(store, 1);
    const { dispatcher, sms } = testDispatcher(store);
    let n = 0;
    const ask = () => store.confirmations.request(asked(shop!.id, `+316${String(++n).padStart(8, '0')}`, null), NOW);
    for (let sent = 0; sent < DAILY_CEILING; sent += DAILY_CAP) {
      const pages = [];
      for (let i = 0; i < DAILY_CAP; i++) {
        const out = await ask();
        if (out.outcome !== 'queued' || out.channel !== 'sms') throw new Error(`request ${n}: ${out.outcome}`);
        pages.push({ to: `+316${String(n).padStart(8, '0')}`, token: out.pageToken });
      }
      expect((await ask()).outcome).toBe('limited');
      // Each customer types the code texted to them: the page opens again.
      await dispatcher.tick(NOW);
      for (const { to, token } of pages) {
        const code = /\b(\d{6})\b/.exec(sms.sent.find((m) => m.to === to)!.body)![1]!;
        expect((await store.confirmations.confirm(token, code, NOW))?.outcome).toBe('confirmed');
      }
    }
    expect(sms.sent).toHaveLength(DAILY_CEILING);
    expect((await ask()).outcome).toBe('limited');
  });
});
