// The join pages' limits that are counted across requests: one number gets at most PER_DESTINATION codes a day from all
// the installation's shops, and one address asks for at most UNCONFIRMED_PER_ADDRESS that are not confirmed, also when
// every shop is asked at the same moment (on PostgreSQL each request runs on a connection of its own); a shop sends at
// most DAILY_CAP that are not confirmed from its join page, and DAILY_CEILING in all; a sale's consent link asks for
// at most PER_LINK, whatever strangers did to the join page.
import { describe, expect, it } from 'vitest';
import { type ConfirmationRequest, CONFIRM_HOURS, DAILY_CAP, DAILY_CEILING, PER_DESTINATION, PER_LINK, UNCONFIRMED_PER_ADDRESS } from '../../src/db/confirmations.js';
import type { Shop } from '../../src/db/shops.js';
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
    expect(await store.confirmations.joinClosed(shop!.id, NOW)).toMatchObject({ last: NOW, limit: 'all' });
  });
});

const DAY = CONFIRM_HOURS * 3_600_000;
/** A sale the till sent without a customer, and the consent link its answer gave: requests from that link. */
async function consentLink(store: Store, shop: Shop, tillSaleId = 'bon-1') {
  const sale = { tillSaleId, status: 'completed' as const, occurredAt: NOW, customer: null, reason: null, items: [], total: 20, currency: 'EUR', staff: null };
  const recorded = await store.sales.record(shop, sale, NOW);
  if (recorded.outcome !== 'created') throw new Error(recorded.outcome);
  const { saleId } = recorded.response;
  const code = await store.tills.consentLinks.create(shop.id, saleId, NOW);
  return (destination: string, from: string | null): ConfirmationRequest => ({ ...asked(shop.id, destination, from), saleId, linkCode: code });
}
/** Strangers fill the join page's cap from a few addresses each (UNCONFIRMED_PER_ADDRESS apiece), as the review did. */
async function fillJoinPage(store: Store, shop: Shop, at = NOW) {
  const outcomes = [];
  for (let i = 0; i <= DAILY_CAP; i++) {
    const from = `203.0.113.${Math.floor(i / UNCONFIRMED_PER_ADDRESS) + 1}`;
    outcomes.push(await store.confirmations.request(asked(shop.id, `+3163${String(i).padStart(7, '0')}`, from), at));
  }
  expect(outcomes.map((o) => o.outcome)).toEqual([...Array(DAILY_CAP).fill('queued'), 'limited']);
  return outcomes;
}

// The security review: seventeen addresses closed a shop's join page and, with it, the consent link a real sale's
// webhook answer gave for the receipt. The link is that sale's: it has a bound of its own now.
describe("a sale's consent link", () => {
  it(`still texts its customer a code when strangers filled the join page's cap, and asks for at most ${PER_LINK} a day`, async () => {
    const store = await testStore();
    const [shop] = await shops(store, 1);
    const fromLink = await consentLink(store, shop!);
    await fillJoinPage(store, shop!);
    expect((await store.confirmations.request(asked(shop!.id, '+31687654321', '198.51.100.1'), NOW)).outcome).toBe('limited');
    // The customer mistypes twice, each from another address, then types their own number; a fourth asks for nothing.
    const outcomes = [];
    for (const [i, to] of ['+31612345670', '+31612345671', '+31613572468', '+31612345679'].entries()) outcomes.push(await store.confirmations.request(fromLink(to, `198.51.100.${10 + i}`), NOW));
    expect(outcomes.map((o) => o.outcome)).toEqual([...Array(PER_LINK).fill('queued'), 'limited']);
    const { dispatcher, sms } = testDispatcher(store);
    await dispatcher.tick(NOW);
    const code = /\b(\d{6})\b/.exec(sms.sent.find((m) => m.to === '+31613572468')!.body)![1]!;
    const page = outcomes[2]!;
    if (page.outcome !== 'queued' || page.channel !== 'sms') throw new Error('no code page');
    expect(await store.confirmations.confirm(page.pageToken, code, NOW + 60_000)).toMatchObject({ outcome: 'confirmed', from: 'link' });
  });

  it("requests do not count toward the join page's cap: links cannot close it", async () => {
    const store = await testStore();
    const [shop] = await shops(store, 1);
    // Two sales' customers each mistype their number once: four requests, none confirmed.
    for (const bon of ['bon-1', 'bon-2']) {
      const fromLink = await consentLink(store, shop!, bon);
      for (const to of [`+316${bon.slice(-1)}1111111`, `+316${bon.slice(-1)}2222222`]) expect((await store.confirmations.request(fromLink(to, null), NOW)).outcome).toBe('queued');
    }
    let n = 0;
    const join = () => store.confirmations.request(asked(shop!.id, `+3163${String(++n).padStart(7, '0')}`, null), NOW);
    for (let i = 0; i < DAILY_CAP; i++) expect((await join()).outcome, `join ${n}`).toBe('queued');
    expect((await join()).outcome).toBe('limited');
  });
});

describe('the join page closed by its cap', () => {
  it('is told since when, until a day after the last customer it sent to the counter; a page open again in between starts anew', async () => {
    const store = await testStore();
    const [shop] = await shops(store, 1);
    const closed = (at: number) => store.confirmations.joinClosed(shop!.id, at);
    expect(await closed(NOW)).toBeNull();
    const [first] = await fillJoinPage(store, shop!);
    expect(await closed(NOW)).toEqual({ since: NOW, last: NOW, reopensBy: NOW + DAY, limit: 'unconfirmed' });
    const later = NOW + 3_600_000;
    expect((await store.confirmations.request(asked(shop!.id, '+31655550002', null), later)).outcome).toBe('limited');
    expect(await closed(later)).toEqual({ since: NOW, last: later, reopensBy: later + DAY, limit: 'unconfirmed' });
    // A customer confirms: the page takes one more, then sends the next to the counter: since then.
    const { dispatcher, sms } = testDispatcher(store);
    await dispatcher.tick(later);
    if (first?.outcome !== 'queued' || first.channel !== 'sms') throw new Error('no code page');
    const code = /\b(\d{6})\b/.exec(sms.sent.find((m) => m.to === '+31630000000')!.body)![1]!;
    expect((await store.confirmations.confirm(first.pageToken, code, later))?.outcome).toBe('confirmed');
    const again = later + 60_000;
    expect((await store.confirmations.request(asked(shop!.id, '+31655550003', null), again)).outcome).toBe('queued');
    expect((await store.confirmations.request(asked(shop!.id, '+31655550004', null), again + 1)).outcome).toBe('limited');
    expect(await closed(again + 1)).toMatchObject({ since: again + 1, last: again + 1 });
    expect(await closed(again + 1 + DAY - 1)).not.toBeNull();
    expect(await closed(again + 1 + DAY)).toBeNull();
  });
});
