// Twilio's status reports on come-back invitations, handled side by side with each other and with the same customers'
// sales. Since migration 072 a come-back's delivery moves its customer's invitation figures (invitation_slots,
// invitation_revenue, by triggers), and on PostgreSQL two reports written outside the shop's lock took those rows in
// different orders: "deadlock detected", the loser's report lost (a 500 to Twilio, which does not send it again). Its
// review found it in 2 of 3 runs; written under the shop's lock, as every other writer of them, none. On SQLite (one
// writer at a time) it shows the kept figures equal to a fresh count.
import { expect, it } from 'vitest';
import { all, createShop, run, testDispatcher, testStore } from '../helpers.js';
import { DAY, customer, phoneOf, sale } from '../store-sales.js';

const START = Date.parse('2026-01-05T09:00:00+01:00');

it('takes come-back status reports side by side, with sales, losing none and keeping the figures right', async () => {
  const store = await testStore();
  await createShop(store);
  const shop = (await store.shops.bySlug('fietsenmaker'))!;
  const { dispatcher } = testDispatcher(store);
  for (let k = 0; k < 6; k++) await store.sales.record(shop, sale(customer({ phone: phoneOf(k), consent: { sms: true } }), START + k * 60_000), START + k * 60_000 + 500);
  for (let d = 1; d <= 33; d++) await dispatcher.tick(START + d * DAY + 2 * 3_600_000);
  const invited = await all<{ sid: string; sent: number; phone: string }>(store.db,
    "SELECT m.provider_id AS sid, m.sent_at AS sent, c.phone FROM messages m JOIN customers c ON c.id = m.customer_id WHERE kind = 'comeback' AND status = 'sent' ORDER BY m.id");
  expect(invited).toHaveLength(6);
  // A second invitation each, two days later (in other slots): a report's triggers then touch several rows.
  for (const [i, x] of invited.entries()) {
    await run(store.db, `INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, recipient, status, due_at, next_attempt_at, sent_at, provider_id, created_at)
      SELECT shop_id, customer_id, sale_id, kind, channel, key || ':2', recipient, 'sent', due_at + ${2 * DAY}, next_attempt_at + ${2 * DAY}, sent_at + ${2 * DAY}, 'SM2-${i}', created_at
      FROM messages WHERE provider_id = ?`, x.sid);
  }
  const sids = [...invited.map((x) => x.sid), ...invited.map((_, i) => `SM2-${i}`)];
  const statuses = ['undelivered', 'delivered', 'failed', 'read'];
  for (let round = 0; round < 12; round++) {
    const work: Promise<unknown>[] = [];
    for (const [i, x] of invited.entries()) {
      const at = Number(x.sent) + (1 + ((round * 7 + i) % 12)) * (DAY / 2);
      work.push(store.sales.record(shop, sale(customer({ phone: x.phone, consent: { sms: true } }), at, { tillSaleId: `c${round}-${i}`, total: 10 + round }), Number(x.sent) + 20 * DAY));
      work.push(store.messages.recordDelivery(sids[(round + i) % sids.length]!, statuses[(round + i) % 4]!, null));
      work.push(store.messages.recordDelivery(sids[(round * 3 + i + 6) % sids.length]!, statuses[(round + i + 1) % 4]!, null));
    }
    await Promise.all(work); // on PostgreSQL, before: "deadlock detected" from a report
  }
  const kept = await all(store.db, 'SELECT shop_id, slot, invited, returned FROM invitation_slots WHERE invited <> 0 OR returned <> 0 ORDER BY shop_id, slot');
  const counted = await all(store.db, 'SELECT shop_id, slot, count(*) AS invited, sum(returned) AS returned FROM invitation_outcomes GROUP BY shop_id, slot ORDER BY shop_id, slot');
  expect(kept.map((r) => Object.values(r).map(Number))).toEqual(counted.map((r) => Object.values(r).map(Number)));
}, 120_000);
