// Review: a restore holds a due come-back in doubt ('uncertain', 'restored': never claimed, so no claimed_at and no
// recipient). A reply that is matched by customer (lastSmsToCustomer: her phone changed since) is filed by
// ORDER BY coalesce(sent_at, claimed_at) DESC: NULL sorts last on SQLite and FIRST on PostgreSQL.
import { describe, expect, it } from 'vitest';
import { messageSid, postTwilio, scenario } from '../helpers.js';

describe('a restored message in doubt and the reply matching', () => {
  it('files a "Nee" to the check-in under the check-in, on both engines', async () => {
    const s = await scenario();
    await s.tick('2026-03-15T10:00:00+01:00');
    const due = (await s.one<{ due: number }>("SELECT due_at AS due FROM messages WHERE kind = 'comeback'")).due;
    // The database is restored from a copy in which the come-back was waiting, due by now.
    s.clock.set(new Date(due + 3_600_000).toISOString());
    expect(await s.store.messages.holdRestored(s.clock.now())).toMatchObject({ restored: 1 });
    // Her phone changed since (the till sent her new number); she texts the shop from it.
    await s.store.db.run({ text: "UPDATE customers SET phone = '+31687654321'" }, []);
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31687654321', To: '+15005550006', Body: 'Nee' });
    const r = await s.one<{ kind: string | null; class: string }>('SELECT m.kind, r.class FROM replies r LEFT JOIN messages m ON m.id = r.message_id');
    expect(r).toEqual({ kind: 'checkin', class: 'problem' });
  });
});
