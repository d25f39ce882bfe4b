// Shops take turns in the dispatcher's claims. The queue was one line for the whole installation, oldest first: when
// one shop's import made 100,000 check-ins due at 10:00, those of every other shop due at the same 10:00 went after
// all 100,000 of them (with a real provider: hours, into their quiet hours).
import { describe, expect, it } from 'vitest';
import type { SmsOut } from '../../src/channels/types.js';
import { messageStore } from '../../src/db/messages.js';
import { MESSAGE_CLAIM } from '../../src/queue/dispatcher.js';
import { type TestStore, createShop, recordingChannel, run, testDispatcher, testStore } from '../helpers.js';
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

  // The review of a02e854: with more shops due than a claim names, a named shop's first message left out of a full
  // claim (the oldest due of all fill it too) was taken for none due, and went after the whole backlog.
  it('sends every small shop\'s check-in in the first claims when more shops are due than a claim names', async () => {
    const store = await testStore();
    const big = await salesOf(store, 'grootwinkel', 0, 8 * MESSAGE_CLAIM);
    const small: string[] = [];
    for (let n = 0; n < 3 * MESSAGE_CLAIM; n++) small.push(...(await salesOf(store, `winkel-${n}`, 1000 + n, 1)));
    // Theirs due a second after the big shop's: the oldest due of all, which fill each claim, are the big shop's.
    await run(store.db, "UPDATE messages SET next_attempt_at = next_attempt_at + 1000 WHERE shop_id <> (SELECT id FROM shops WHERE slug = 'grootwinkel')");
    const { dispatcher, sms } = testDispatcher(store);
    expect((await dispatcher.tick(CHECKIN + 1000)).sent).toBe(big.length + small.length);
    const firstClaims = sms.sent.slice(0, 5 * MESSAGE_CLAIM).map((m) => m.to);
    expect(small.filter((p) => !firstClaims.includes(p))).toEqual([]);
  });

  // The review of a02e854: on PostgreSQL, a claim in turn whose rows another instance holds came back empty, and the
  // second instance's drain ended while messages were due and free.
  it('claims what is free while another instance holds the rows a claim in turn picks (PostgreSQL)', async () => {
    const store = await testStore();
    if (store.db.engine !== 'postgres') return; // (SQLite has one writer: the other instance waits)
    await salesOf(store, 'winkel-a', 0, 100);
    await salesOf(store, 'winkel-b', 1000, 40);
    await salesOf(store, 'winkel-c', 2000, 40);
    await store.db.transaction(async (tx) => {
      const m = messageStore(tx);
      const shops = await m.dueShops(CHECKIN);
      expect(await m.claimInTurn(CHECKIN, MESSAGE_CLAIM, CHECKIN, shops, Math.ceil(MESSAGE_CLAIM / shops.length))).toHaveLength(MESSAGE_CLAIM);
      // The second instance ticks meanwhile (its own connections): it sends what the first does not hold.
      expect((await testDispatcher(store).dispatcher.tick(CHECKIN)).sent).toBe(180 - MESSAGE_CLAIM);
      throw Object.assign(new Error('rollback'), { rollback: true });
    }).catch((e: { rollback?: boolean }) => {
      if (!e.rollback) throw e;
    });
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
