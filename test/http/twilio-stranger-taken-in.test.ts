// Words to a shop's own number from a phone no customer of it has make a row for the phone (replies.ts fromStranger).
// A till's later sale that names another customer (by the till's id) with that phone gave that customer the phone and
// left the row beside it: her complaint stood on the owner's list as "a number with no purchase", which the owner may
// take for spam, though the number was now a customer's. The sale takes the row in: one customer (sales.ts, takeIn).
import { describe, expect, it } from 'vitest';
import { EVA, NO_PURCHASE, evaWrites } from './eva-writes.js';

describe('a till’s sale that gives another customer the phone of a row a text made', () => {
  it('makes them one customer: her words under her name, still open, the row gone', async () => {
    const s = await evaWrites();
    await s.text('Mijn fiets is weer kapot, bel me');
    const [row] = await s.all<{ id: number }>('SELECT id FROM customers WHERE phone = ?', EVA);
    expect(await s.card()).toContain(NO_PURCHASE);

    s.clock.set('2026-03-20T11:00:00+01:00');
    const sale = await s.sale();
    expect(sale.status).toBe(201);
    expect(sale.body.customerId).toBe(s.eva);
    expect(await s.all('SELECT id FROM customers WHERE phone = ?', EVA)).toEqual([{ id: s.eva }]);
    expect(await s.all('SELECT id FROM customers WHERE id = ?', row!.id)).toEqual([]);
    expect(await s.all('SELECT customer_id, body, handled_at FROM replies WHERE customer_id = ?', s.eva))
      .toEqual([{ customer_id: s.eva, body: 'Mijn fiets is weer kapot, bel me', handled_at: null }]);
    // On the call-back list under her name, no longer as a number with no purchase (which the owner may take for spam).
    const open = await s.store.replies.open((await s.shop()).id);
    expect(open.map((r) => [r.customerName, r.phone, r.body])).toEqual([['Eva de Boer', EVA, 'Mijn fiets is weer kapot, bel me']]);
    const page = await s.card();
    expect(page).toContain('Mijn fiets is weer kapot, bel me');
    expect(page).not.toContain(NO_PURCHASE);
    // Her open complaint holds the new sale's invitation, as any complaint of a customer's does.
    const comeback = await s.one<{ held: number | null }>("SELECT held_by AS held FROM messages WHERE kind = 'comeback' AND sale_id = ?", sale.body.saleId);
    expect(Number(comeback.held)).toBe(Number((await s.one<{ id: number }>('SELECT id FROM replies WHERE customer_id = ?', s.eva)).id));
    // Her words texted later answer the check-in, as a customer's.
    await s.tick('2026-03-21T10:00:00+01:00');
    expect(s.sms.sent.filter((m) => m.to === EVA)).toHaveLength(1);
  });

  it('keeps her STOP from the phone a STOP of the SMS to her, her consent events with her', async () => {
    const s = await evaWrites();
    await s.text('Hebben jullie nog regenjassen?');
    await s.text('STOP', '2026-03-14T16:05:00+01:00');
    s.clock.set('2026-03-20T11:00:00+01:00');
    const sale = await s.sale();
    expect(sale.body.scheduled.map((m: { channel: string }) => m.channel)).toEqual(['email', 'email']);
    expect(await s.one('SELECT sms_opted_out_at AS at FROM customers WHERE id = ?', s.eva)).toEqual({ at: Date.parse('2026-03-14T16:05:00+01:00') });
    // Her STOP in her history, then the till's yes with the phone, which her STOP outlasts as any customer's does.
    const events = await s.all<{ given: number; source: string }>("SELECT given, source FROM consent_events WHERE customer_id = ? AND channel = 'sms' ORDER BY id", s.eva);
    expect(events.map((e) => [Number(e.given), e.source])).toEqual([[0, 'sms_keyword'], [1, 'till']]);
    expect(await s.all('SELECT DISTINCT customer_id FROM replies')).toEqual([{ customer_id: s.eva }]);
    await s.tick('2026-06-30T10:00:00+02:00');
    expect(s.sms.sent.filter((m) => m.to === EVA)).toEqual([]);
  });

  it('keeps her "geen berichten meer" from the phone a stop of every message to her, e-mail too', async () => {
    const s = await evaWrites();
    await s.text('Geen berichten meer, mijn slot is al kapot');
    s.clock.set('2026-03-20T11:00:00+01:00');
    const sale = await s.sale();
    expect(sale.body.scheduled).toEqual([]);
    expect(sale.body.skipped).toEqual([{ kind: 'checkin', reason: 'opted_out' }, { kind: 'comeback', reason: 'opted_out' }]);
    expect((await s.store.replies.open((await s.shop()).id)).map((r) => [r.customerName, r.class])).toEqual([['Eva de Boer', 'problem']]);
  });

  // As when a till's sale finds her row itself (test/http/twilio-stranger.test.ts): her START is the number's yes.
  it('keeps her START from the phone her yes to texts where the sale says nothing of them; its "no" ends it', async () => {
    const s = await evaWrites();
    await s.text('Hebben jullie nog regenjassen?');
    await s.text('START', '2026-03-14T16:05:00+01:00');
    s.clock.set('2026-03-20T11:00:00+01:00');
    const customer = { posCustomerId: 'K-17', name: 'Eva de Boer', phone: '06 22334455', email: 'eva@example.com' };
    const sale = await s.sale({ customer });
    expect(sale.body.scheduled.map((m: { kind: string; channel: string }) => [m.kind, m.channel])).toEqual([['checkin', 'sms'], ['comeback', 'sms']]);
    expect(await s.one('SELECT sms_consent FROM customers WHERE id = ?', s.eva)).toEqual({ sms_consent: 1 });
    const events = await s.all<{ given: number; source: string }>("SELECT given, source FROM consent_events WHERE customer_id = ? AND channel = 'sms' ORDER BY id", s.eva);
    expect(events.map((e) => [Number(e.given), e.source])).toEqual([[1, 'sms_keyword']]);
    s.clock.set('2026-03-21T09:00:00+01:00');
    await s.sale({ id: 'sale-bell', occurredAt: '2026-03-21T09:00:00+01:00', customer: { ...customer, consent: { sms: false } } });
    expect(await s.one('SELECT sms_consent FROM customers WHERE id = ?', s.eva)).toEqual({ sms_consent: 0 });
  });

  it('a sale whose new row would have the phone finds the row instead (already one customer)', async () => {
    const s = await evaWrites();
    await s.text('Mijn fiets is weer kapot, bel me');
    const [row] = await s.all<{ id: number }>('SELECT id FROM customers WHERE phone = ?', EVA);
    s.clock.set('2026-03-20T11:00:00+01:00');
    const sale = await s.sale({ customer: { posCustomerId: 'K-99', name: 'Eva', phone: '06 22334455', consent: { sms: true } } });
    expect(sale.body.customerId).toBe(row!.id);
    expect(await s.all('SELECT id FROM customers WHERE phone = ?', EVA)).toEqual([{ id: row!.id }]);
  });
});
