// Shops take turns in the dispatcher's claims. The queue was one line for the whole installation, oldest first: when
// one shop's import made 100,000 check-ins due at 10:00, those of every other shop due at the same 10:00 went after
// all 100,000 of them (with a real provider: hours, into their quiet hours).
import { describe, expect, it } from 'vitest';
import type { SmsOut } from '../../src/channels/types.js';
import { MESSAGE_CLAIM } from '../../src/queue/dispatcher.js';
import { type TestStore, createShop, recordingChannel, testDispatcher, testStore } from '../helpers.js';
import { customer, phoneOf, sale } from '../store-sales.js';

const BOUGHT = Date.parse('2026-03-14T15:30:00+01:00');
const CHECKIN = Date.parse('2026-03-15T10:00:00+01:00'); // every check-in of these sales is due then

/** A shop's `count` sales of 14 March, each a customer texted from number `from` on: their check-in phones. */
async function salesOf(store: TestStore, slug: string, from: number, count: number): Promise<string[]> {
  await createShop(store, { slug, name: slug });
  const shop = (await store.shops.bySlug(slug))!;
  const phones: string[] = [];
  for (let n = from; n < from + count; n++) {
    await store.sales.record(shop, sale(customer({ name: `K${n}`, phone: phoneOf(n), consent: { sms: true } }), BOUGHT), BOUGHT + 500);
    phones.push(phoneOf(n));
  }
  return phones;
}

describe('many shops on one installation', () => {
  it("sends the other shops' check-ins in the first claim, beside a big shop's backlog due at the same time", async () => {
    const store = await testStore();
    // The big shop's sales come first: two claims of check-ins, all due tomorrow at 10:00, as the small shops' are.
    const big = await salesOf(store, 'grootwinkel', 0, 2 * MESSAGE_CLAIM);
    const small = [
      ...(await salesOf(store, 'fietsenmaker', 1000, 3)),
      ...(await salesOf(store, 'bakker', 2000, 2)),
      ...(await salesOf(store, 'kapper', 3000, 1)),
    ];

    const { dispatcher, sms } = testDispatcher(store);
    const report = await dispatcher.tick(CHECKIN);
    expect(report.sent).toBe(big.length + small.length); // everything due went, each once
    expect(sms.sent.map((m) => m.to).sort()).toEqual([...big, ...small].sort());
    // The first claim's sends all go before the second claim is made: the small shops' six are among them, and the
    // big shop took the rest of that claim.
    const firstClaim = sms.sent.slice(0, MESSAGE_CLAIM).map((m) => m.to);
    expect(small.filter((p) => firstClaim.includes(p))).toEqual(small);
    expect(firstClaim.filter((p) => big.includes(p))).toHaveLength(MESSAGE_CLAIM - small.length);
  });

  // Each claim names shops in turn and takes their first messages due; two dispatchers (PostgreSQL: each its own
  // connection, FOR UPDATE SKIP LOCKED) claiming side by side still claim each message once.
  it('sends every message once with two dispatchers ticking at once over several shops', async () => {
    const store = await testStore();
    const phones = [
      ...(await salesOf(store, 'winkel-a', 0, MESSAGE_CLAIM + 20)),
      ...(await salesOf(store, 'winkel-b', 1000, 15)),
      ...(await salesOf(store, 'winkel-c', 2000, 15)),
    ];
    const sms = recordingChannel<SmsOut>();
    const reports = await Promise.all([testDispatcher(store, { sms }).dispatcher.tick(CHECKIN), testDispatcher(store, { sms }).dispatcher.tick(CHECKIN)]);
    expect(reports[0]!.sent + reports[1]!.sent).toBe(phones.length);
    expect(sms.sent.map((m) => m.to).sort()).toEqual([...phones].sort());
  });
});
