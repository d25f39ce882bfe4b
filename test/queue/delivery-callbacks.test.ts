// Twilio's status callbacks for one message come close together ("sent", then "delivered" or "undelivered") and are
// served side by side. The statuses' order is compared in the UPDATE itself, against what is stored when it writes:
// a lower one handled at the same moment as a higher one is never written last.
import { describe, expect, it } from 'vitest';
import { messageSid, postTwilio, run, scenario } from '../helpers.js';

async function sentCheckin() {
  const s = await scenario();
  await s.tick('2026-03-15T10:00:00+01:00');
  const sid = messageSid();
  const { id } = await s.one<{ id: number }>("SELECT id FROM messages WHERE kind = 'checkin'");
  await run(s.store.db, 'UPDATE messages SET provider_id = ? WHERE id = ?', sid, id);
  const row = () => s.one('SELECT delivery, error, error_detail FROM messages WHERE id = ?', id);
  return { ...s, sid, id, row };
}

describe('delivery callbacks', () => {
  it('keeps "undelivered" when a "sent" is recorded at the same moment, in either order', async () => {
    const s = await sentCheckin();
    for (const order of [0, 1]) {
      await run(s.store.db, 'UPDATE messages SET delivery = NULL, error = NULL, error_detail = NULL WHERE id = ?', s.id);
      const calls = [() => s.store.messages.recordDelivery(s.sid, 'undelivered', 'Twilio 30003'), () => s.store.messages.recordDelivery(s.sid, 'sent', null)];
      if (order) calls.reverse();
      await Promise.all(calls.map((c) => c()));
      expect(await s.row()).toEqual({ delivery: 'undelivered', error: 'undelivered', error_detail: 'Twilio 30003' });
    }
  });

  it('moves forward only: queued, sent, delivered, read; a late lower one changes nothing; the same rank overwrites', async () => {
    const s = await sentCheckin();
    const steps: [string, string | null][] = [['queued', 'queued'], ['sent', 'sent'], ['queued', 'sent'], ['delivered', 'delivered'], ['sent', 'delivered'], ['undelivered', 'undelivered'], ['read', 'read'], ['delivered', 'read']];
    for (const [status, stored] of steps) {
      expect(await s.store.messages.recordDelivery(s.sid, status, null)).toMatchObject({ id: s.id, customerId: expect.any(Number) });
      expect((await s.row()).delivery, `after ${status}`).toBe(stored);
    }
    expect(await s.store.messages.recordDelivery('SM-unknown', 'delivered', null)).toBeUndefined();
    // Not a status (an object's inherited property names included): nothing changes.
    for (const status of ['__proto__', 'constructor', 'toString', 'bogus']) await s.store.messages.recordDelivery(s.sid, status, null);
    expect((await s.row()).delivery).toBe('read');
  });

  it('keeps "delivered" when "delivered" and "sent" come over HTTP at once, 20 rounds', async () => {
    const s = await sentCheckin();
    const path = `/v1/twilio/status?message=${s.id}`;
    let wrong = 0;
    for (let i = 0; i < 20; i++) {
      await run(s.store.db, 'UPDATE messages SET delivery = NULL WHERE id = ?', s.id);
      await Promise.all([
        postTwilio(s.base, path, { MessageSid: s.sid, MessageStatus: 'delivered' }),
        postTwilio(s.base, path, { MessageSid: s.sid, MessageStatus: 'sent' }),
      ]);
      if ((await s.row()).delivery !== 'delivered') wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('leaves the sale asked exactly when "delivered" is what stays stored, when "delivered" and "undelivered" come at once, 20 rounds', async () => {
    const s = await sentCheckin();
    const path = `/v1/twilio/status?message=${s.id}`;
    const asked = async () => (await s.one<{ checkin: string | null; asked: string | null }>(
      'SELECT s.checkin, c.asked FROM sales s JOIN customers c ON c.first_sale_id = s.id JOIN messages m ON m.sale_id = s.id WHERE m.id = ?', s.id));
    expect(await asked()).toEqual({ checkin: 'sms', asked: 'sms' });
    let wrong = 0;
    for (let i = 0; i < 20; i++) {
      await Promise.all([
        postTwilio(s.base, path, { MessageSid: s.sid, MessageStatus: 'delivered' }),
        postTwilio(s.base, path, { MessageSid: s.sid, MessageStatus: 'undelivered', ErrorCode: '30003' }),
      ]);
      const { delivery } = await s.row();
      const want = delivery === 'delivered' ? 'sms' : null;
      const got = await asked();
      if (got.checkin !== want || got.asked !== want) wrong++;
    }
    expect(wrong).toBe(0);
  });
});
