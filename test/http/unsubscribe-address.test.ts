// An e-mail's unsubscribe link stops the address that e-mail went to. The simulated lives found a household's row,
// given her address by a later sale, unsubscribed by his click (7064a3c); its review found the fix then stopping
// nothing when no row held the address any more, while the page said it had: the same person's new address went on
// getting e-mail, and a sale that brought the old address back mailed it again.
import { describe, expect, it } from 'vitest';
import { saleBody, scenario } from '../helpers.js';

type Scenario = Awaited<ReturnType<typeof scenario>>;

/** The unsubscribe link of the first e-mail to `to`, on the test server. */
const linkTo = (s: Scenario, to: string) =>
  /https:\/\/deals\.example\.test\/u\/[\w-]+/.exec(s.email.sent.find((m) => m.to === to)!.text)![0].replace('https://deals.example.test', s.base);

describe("an e-mail's unsubscribe link", () => {
  it('after the till gave her record a new address: stops the record, her new address too', async () => {
    const s = await scenario({ customer: { posCustomerId: 'K-17', name: 'Sanne', email: 'sanne.oud@example.com', consent: { email: true } } });
    await s.tick('2026-03-15T10:00:00+01:00');
    const link = linkTo(s, 'sanne.oud@example.com');
    s.clock.set('2026-03-20T11:00:00+01:00');
    await s.post(saleBody({ id: 's2', occurredAt: '2026-03-20T10:59:00+01:00', customer: { posCustomerId: 'K-17', name: 'Sanne', email: 'sanne.nieuw@example.com', consent: { email: true } } }));
    expect(await (await fetch(link)).text()).toContain('<button'); // asked, not said to be unsubscribed already
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);
    expect(await s.all("SELECT kind, status, error FROM messages WHERE status = 'scheduled'")).toEqual([]);
    const before = s.email.sent.length;
    await s.tick('2026-03-21T10:00:00+01:00');
    await s.tick('2026-04-20T10:00:00+02:00');
    expect(s.email.sent.slice(before)).toEqual([]);
  });

  it("after his household's record was given her address: a sale that brings his address back mails it nothing", async () => {
    const s = await scenario({ customer: { name: 'Piet', phone: '06 13572468', email: 'piet@example.com', consent: { sms: false, email: true } } });
    await s.tick('2026-03-15T10:00:00+01:00');
    const link = linkTo(s, 'piet@example.com');
    s.clock.set('2026-03-16T11:00:00+01:00');
    await s.post(saleBody({ id: 'anna-1', occurredAt: '2026-03-16T11:00:00+01:00', customer: { name: 'Anna', phone: '06 13572468', email: 'anna@example.com', consent: { sms: false, email: true } } }));
    expect((await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(200);
    s.clock.set('2026-03-20T11:00:00+01:00');
    const sale = await s.post(saleBody({ id: 'piet-2', occurredAt: '2026-03-20T11:00:00+01:00', customer: { name: 'Piet', email: 'piet@example.com', consent: { email: true } } }));
    expect(sale.body.scheduled).toEqual([]);
    const before = s.email.sent.length;
    await s.tick('2026-03-21T10:00:00+01:00');
    expect(s.email.sent.slice(before).filter((m) => m.to === 'piet@example.com')).toEqual([]);
  });
});
