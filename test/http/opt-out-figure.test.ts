// The owner's "afmeldingen" counts customers who opted out in the period, each once per channel. A black-box review: one
// customer texting STOP and START five times showed 6 (five of hers and one other), where 2 had opted out.
import { expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { messageSid, ownerClient, postTwilio, saleBody, scenario } from '../helpers.js';

it('counts a customer who opted out and back in five times once, and an erased customer who opted out once', async () => {
  const s = await scenario();
  const piet = { name: 'Piet Jansen', phone: '06 24681357', consent: { sms: true } };
  expect((await s.post(saleBody({ id: 'sale-2', customer: piet }))).status).toBe(201);
  await s.tick('2026-03-15T10:00:00+01:00');
  expect(s.sms.sent).toHaveLength(2);
  const text = (from: string, Body: string) => {
    s.clock.advance(60_000);
    return postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: from, To: '+15005550006', Body });
  };
  for (const body of ['STOP', 'START', 'stop', 'START', 'STOPALL', 'START', 'UNSUBSCRIBE', 'START', 'Stop!', 'START']) {
    expect((await text('+31613572468', body)).status).toBe(200);
  }
  expect((await text('+31624681357', 'STOP')).status).toBe(200);
  const pietId = (await s.one<{ id: number }>("SELECT id FROM customers WHERE name = 'Piet Jansen'")).id;
  await s.store.privacy.erase([pietId], 'request', s.clock.now());

  const figures = await s.store.figures.checkins(s.shop.shop.id, Date.parse('2026-03-01T00:00:00+01:00'), Date.parse('2026-04-01T00:00:00+02:00'));
  expect(figures.optOuts.map((o) => ({ channel: o.channel, n: Number(o.n) }))).toEqual([{ channel: 'sms', n: 2 }]);
  // As the owner reads it on the overview.
  await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
  const owner = ownerClient(s.base);
  await owner.logIn('fietsenmaker', 'correct horse battery');
  const page = (await (await owner.get('/shops/fietsenmaker')).text()).replace(/<style[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(page).toMatch(/afmeldingen 2 /);
}, 60_000); // eleven replies and a login: 9 s on PostgreSQL

// A review: one phone on two customer rows (a household, or a customer the till made twice) that sends one STOP is two
// rows opted out, one consent event each, and "afmeldingen 2" for one person. Counted by the number, it is one; so is
// one address on two rows that unsubscribes.
it('counts one STOP from a phone on two customer rows once, and one unsubscribe from an address on two rows once', async () => {
  const s = await scenario();
  // Row 2, the till's customer K-2, takes Sanne's number (and address) with its second sale: one phone, two rows. Asked
  // by e-mail, so that the overview's table has an e-mail column.
  const k2 = (id: string, phone: string, email: string) =>
    s.post(saleBody({ id, customer: { posCustomerId: 'K-2', name: 'Familie de Vries', phone, email, consent: { sms: false, email: true } } }));
  expect((await k2('sale-2', '06 24681357', 'gezin@example.com')).status).toBe(201);
  expect((await k2('sale-3', '06 13572468', 'sanne@example.com')).status).toBe(201);
  expect(await s.all('SELECT id, phone, email FROM customers ORDER BY id')).toEqual([
    { id: 1, phone: '+31613572468', email: 'sanne@example.com' },
    { id: 2, phone: '+31613572468', email: 'sanne@example.com' },
  ]);
  s.clock.advance(60_000);
  expect((await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'STOP' })).status).toBe(200);
  expect(await s.store.customers.optOut(1, 'email', 'unsubscribe_link', s.clock.now())).toBe(true);
  expect(await s.all("SELECT customer_id, channel FROM consent_events WHERE given = 0 AND source <> 'till' ORDER BY channel, customer_id")).toEqual([
    { customer_id: 1, channel: 'email' }, { customer_id: 2, channel: 'email' }, { customer_id: 1, channel: 'sms' }, { customer_id: 2, channel: 'sms' },
  ]);
  await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
  const owner = ownerClient(s.base);
  await owner.logIn('fietsenmaker', 'correct horse battery');
  const page = async () => {
    const html = await (await owner.get('/shops/fietsenmaker')).text();
    return /<section id="checkins">[\s\S]*?<\/section>/.exec(html)![0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  };
  // The table's columns: sms, then e-mail.
  expect(await page()).toMatch(/afmeldingen 1 1 /);
  await s.store.shops.update('fietsenmaker', { locale: 'en' });
  expect(await page()).toMatch(/opt-outs 1 1 /);
}, 60_000);
