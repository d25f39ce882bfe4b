// Which shop and customer an inbound SMS is filed under (src/db/replies.ts matchInbound).
import { describe, expect, it } from 'vitest';
import { messageSid, postSale, postTwilio, run, saleBody, scenario } from '../helpers.js';

describe('matching a reply to the shop and the customer', () => {
  // One phone, two customer rows of the shop (the README: "one phone can be several customers"). The shop texts from
  // its own number. Sanne (till customer c1) and Daan (c2, then on his own phone) each got a check-in; later that
  // morning Daan buys again and gives the family phone, Sanne's. Sanne then answers the check-in she got.
  it("files a reply to a shop's own number under the customer and check-in it answers, not the other row with that phone", async () => {
    const own = '+3197014204768';
    const s = await scenario({ customer: { name: 'Sanne de Vries', posCustomerId: 'c1', phone: '06 13572468', consent: { sms: true } } });
    await s.store.shops.update('fietsenmaker', { smsFrom: own });
    await s.post(saleBody({ id: 'sale-2', items: [{ name: 'Bel' }], customer: { name: 'Daan', posCustomerId: 'c2', phone: '06 87654321', consent: { sms: true } } }));
    await s.tick('2026-03-15T10:00:00+01:00');
    const sanne = await s.one<{ id: number; customer_id: number; sale_id: number }>(
      "SELECT id, customer_id, sale_id FROM messages WHERE status = 'sent' AND recipient = '+31613572468'",
    );
    s.clock.set('2026-03-15T11:00:00+01:00');
    await s.post(saleBody({ id: 'sale-3', occurredAt: '2026-03-15T10:55:00+01:00', items: [{ name: 'Bidon' }], customer: { name: 'Daan', posCustomerId: 'c2', phone: '06 13572468', consent: { sms: true } } }));
    expect(await s.all("SELECT id FROM customers WHERE phone = '+31613572468'")).toHaveLength(2);

    s.clock.set('2026-03-15T12:00:00+01:00');
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: own, Body: 'De rits is na een dag al kapot' });
    await s.tick('2026-03-15T12:01:00+01:00');
    // The owner's alert is about what the one SMS to this phone asked about: Sanne's Regenjas.
    expect(s.email.sent.at(-1)!.subject).toBe('Probleem van Sanne de Vries over Regenjas');
    expect(await s.one('SELECT customer_id, message_id, sale_id FROM replies')).toEqual({ customer_id: sanne.customer_id, message_id: sanne.id, sale_id: sanne.sale_id });
  });

  // Two shops text from the shared number. The bike shop's check-in reached her; the bakery's, a day later, was never
  // delivered (Twilio's status callback: undelivered, 30007 filtered by the carrier). She answers the one she got.
  it('does not file a reply under a shop whose last SMS Twilio reported undelivered', async () => {
    const s = await scenario();
    await s.tick('2026-03-15T10:00:00+01:00');
    const bakery = await s.store.shops.create({ slug: 'bakker', name: 'Bakker Jansen', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl', holdout: 0 }, Date.now());
    s.clock.set('2026-03-15T12:00:00+01:00');
    await postSale(s.base, 'bakker', bakery.webhookSecret, saleBody({ id: 'brood-1', occurredAt: '2026-03-15T11:00:00+01:00', items: [{ name: 'Brood' }] }), s.clock.now());
    await s.tick('2026-03-16T10:00:00+01:00');
    expect(s.sms.sent.map((m) => (m.body.includes('Bakker') ? 'bakery' : 'bikes'))).toEqual(['bikes', 'bakery']);
    const bakerySid = 'SM' + 'b'.repeat(32);
    await run(s.store.db, "UPDATE messages SET provider_id = ? WHERE shop_id = ? AND channel = 'sms' AND status = 'sent'", bakerySid, bakery.shop.id);
    const cb = await postTwilio(s.base, '/v1/twilio/status', { MessageSid: bakerySid, MessageStatus: 'undelivered', ErrorCode: '30007', To: '+31613572468', From: '+15005550006' });
    expect(cb.status).toBe(204);

    s.clock.set('2026-03-16T18:00:00+01:00');
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'De rits van de regenjas is kapot' });
    expect(await s.one('SELECT s.slug, r.class FROM replies r JOIN shops s ON s.id = r.shop_id')).toEqual({ slug: 'fietsenmaker', class: 'problem' });
  });
});
