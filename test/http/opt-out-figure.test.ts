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
