// The counters the owner's page and /metrics read (checkin_slots, message_counts) are kept by triggers on every write
// to messages: after five months of sales, sends, deliveries, replies, refunds and an opt-out, they hold exactly what
// counting the messages themselves gives, on the engine under test.
import { describe, expect, it } from 'vitest';
import { all, testStore } from '../helpers.js';
import { writeHistory } from '../pg/history.js';

const recountSlots = `SELECT shop_id AS shop, due_at / 900000 AS slot, channel, count(*) AS total,
    sum(CASE WHEN status = 'sent' THEN 1 ELSE 0 END) AS sent,
    sum(CASE WHEN delivery IN ('delivered', 'read') THEN 1 ELSE 0 END) AS delivered,
    sum(CASE WHEN status = 'failed' OR delivery IN ('failed', 'undelivered') THEN 1 ELSE 0 END) AS failed,
    sum(CASE WHEN status IN ('scheduled', 'sending') THEN 1 ELSE 0 END) AS waiting,
    sum(CASE WHEN replied_at IS NOT NULL THEN 1 ELSE 0 END) AS replied
  FROM messages WHERE kind = 'checkin' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
const keptSlots = `SELECT shop_id AS shop, slot, channel, sum(total) AS total, sum(sent) AS sent, sum(delivered) AS delivered,
    sum(failed) AS failed, sum(waiting) AS waiting, sum(replied) AS replied
  FROM checkin_slots GROUP BY 1, 2, 3 HAVING sum(total) <> 0 ORDER BY 1, 2, 3`;
const recountMessages = 'SELECT kind, channel, status, count(*) AS n FROM messages GROUP BY 1, 2, 3 ORDER BY 1, 2, 3';
const keptMessages = 'SELECT kind, channel, status, sum(n) AS n FROM message_counts GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3';

const numbers = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v])));

describe('the counters kept by triggers', () => {
  it('hold what counting the messages gives, after months of sends, deliveries, replies and a claim left waiting', async () => {
    const store = await testStore();
    await writeHistory(store);
    // Twilio's delivery reports for some SMS (delivered, failed after sending), and one claim still under way.
    const sms = await all<{ providerId: string }>(store.db, "SELECT provider_id AS \"providerId\" FROM messages WHERE channel = 'sms' AND status = 'sent' ORDER BY id");
    for (const [i, m] of sms.entries()) if (i % 3 < 2) await store.messages.recordDelivery(m.providerId, i % 3 === 0 ? 'delivered' : 'undelivered', i % 3 === 0 ? null : 'Twilio 30003');
    expect(await store.messages.claim(Date.parse('2026-12-31T00:00:00Z'), 3)).toHaveLength(3);
    await store.chores.fold();
    const slots = numbers(await all(store.db, keptSlots));
    expect(slots.length).toBeGreaterThan(100);
    expect(slots).toEqual(numbers(await all(store.db, recountSlots)));
    expect(numbers(await all(store.db, keptMessages))).toEqual(numbers(await all(store.db, recountMessages)));
    // The history has every state the counters tell apart.
    const total = (k: string) => slots.reduce((a, r) => a + Number(r[k]), 0);
    for (const k of ['sent', 'delivered', 'failed', 'waiting', 'replied']) expect(total(k), k).toBeGreaterThan(0);
  }, 60_000);
});
