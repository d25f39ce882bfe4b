import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { messageSid, postTwilio, saleBody, scenario } from './helpers.js';

const dbFiles = (store: { db: { name: string } }) => [store.db.name, `${store.db.name}-wal`].filter(existsSync).map((f) => readFileSync(f));
const contains = (files: Buffer[], text: string) => files.some((f) => f.includes(Buffer.from(text)));

async function customerWithHistory() {
  const s = await scenario();
  await s.tick('2026-03-15T10:00:00+01:00');
  await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31612345678', To: '+15005550006', Body: 'De rits van mijn Regenjas is kapot, bel me op 0612345678' });
  await s.tick('2026-03-15T10:01:00+01:00');
  const customerId = s.sale.customerId as number;
  return { ...s, customerId };
}

describe('customer export', () => {
  it('gives everything held on the customer: details, consent history, sales, messages and replies', async () => {
    const s = await customerWithHistory();
    const data = s.store.privacy.export(s.customerId)!;
    expect(data.customer).toMatchObject({ name: 'Sanne de Vries', phone: '+31612345678', email: 'sanne@example.com' });
    expect(data.consent).toEqual([
      { channel: 'sms', given: 1, source: 'till', at: Date.parse('2026-03-14T15:30:00+01:00') },
      { channel: 'email', given: 1, source: 'till', at: Date.parse('2026-03-14T15:30:00+01:00') },
    ]);
    expect(data.sales).toEqual([expect.objectContaining({ id: 'sale-1', reason: 'voor mijn fietstochten', items: [expect.objectContaining({ name: 'Regenjas' })] })]);
    expect(data.messages).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'checkin', status: 'sent', recipient: '+31612345678', content: expect.stringContaining('Hoi Sanne') })]));
    expect(data.replies).toEqual([expect.objectContaining({ class: 'problem', body: expect.stringContaining('kapot') })]);
  });
});

describe('customer erase', () => {
  it('leaves no trace of the contact details, replies or texts in the database file or its WAL', async () => {
    const s = await customerWithHistory();
    const secrets = ['+31612345678', '0612345678', 'sanne@example.com', 'Sanne de Vries', 'voor mijn fietstochten', 'De rits van mijn', 'Hoi Sanne'];
    s.store.db.pragma('wal_checkpoint(PASSIVE)');
    expect(secrets.filter((t) => contains(dbFiles(s.store), t))).toEqual(secrets); // they were there

    expect(s.store.privacy.erase(s.customerId, 'request', Date.now())).toBe(true);
    expect(secrets.filter((t) => contains(dbFiles(s.store), t))).toEqual([]);
  });

  it('keeps the anonymous counts and records that an erasure happened, not whose', async () => {
    const s = await customerWithHistory();
    const count = () => s.one('SELECT (SELECT count(*) FROM sales) AS sales, (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM replies) AS replies');
    const before = count();
    s.store.privacy.erase(s.customerId, 'request', Date.parse('2026-03-20T12:00:00+01:00'));
    expect(count()).toEqual(before);
    expect(s.one('SELECT class, body FROM replies')).toEqual({ class: 'problem', body: null });
    expect(s.all('SELECT * FROM erasures')).toEqual([{ id: 1, shop_id: 1, why: 'request', at: Date.parse('2026-03-20T12:00:00+01:00') }]);
    expect(s.one("SELECT status FROM messages WHERE kind = 'comeback'")).toEqual({ status: 'cancelled' });
  });

  it('lets the same person start afresh as a new customer with their next purchase', async () => {
    const s = await customerWithHistory();
    s.store.privacy.erase(s.customerId, 'request', Date.now());
    s.clock.set('2026-03-20T12:00:00+01:00');
    const next = await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-20T11:00:00+01:00' }));
    expect(next.body.customerId).not.toBe(s.customerId);
    expect(next.body.scheduled).toHaveLength(2);
  });
});

describe('purge', () => {
  it('erases customers with no purchase since the cut-off and keeps the others', async () => {
    const s = await scenario();
    s.clock.set('2028-05-01T12:00:00+02:00');
    await s.post(saleBody({ id: 'recent', occurredAt: '2028-05-01T11:00:00+02:00', customer: { name: 'Piet', phone: '0687654321', consent: { sms: true } } }));
    const erased = s.store.privacy.purge(Date.parse('2026-05-01T00:00:00+02:00'), Date.now());
    expect(erased).toBe(1);
    expect(s.all('SELECT name, erased_at IS NOT NULL AS erased FROM customers ORDER BY id')).toEqual([
      { name: null, erased: 1 },
      { name: 'Piet', erased: 0 },
    ]);
    expect(s.one('SELECT why FROM erasures')).toEqual({ why: 'retention' });
  });
});
