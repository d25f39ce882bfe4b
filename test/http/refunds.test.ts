import { describe, expect, it } from 'vitest';
import { sign, signV2 } from '../../src/http/signature.js';
import { sql } from '../../src/db/sql.js';
import { createShop, postSale, saleBody, scenario, startApp, testClock, testDispatcher, testStore } from '../helpers.js';
import { customer, sale } from '../store-sales.js';

async function setup() {
  const s = await scenario();
  /** A signed refund; its body names the sale, as a signed refund must. */
  const refund = async (id: string, body = JSON.stringify({ id }), secret = s.shop.webhookSecret, signature = sign(secret, body, Math.floor(s.clock.now() / 1000))) => {
    const res = await fetch(`${s.base}/v1/shops/fietsenmaker/sales/${encodeURIComponent(id)}/refund`, {
      method: 'POST',
      headers: { ...(body && { 'content-type': 'application/json' }), 'nextdeal-signature': signature },
      body: body || undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const messages = () => s.all<{ kind: string; status: string; error: string | null }>('SELECT kind, status, error FROM messages ORDER BY id');
  return { ...s, refund, messages };
}

describe('refunds and voids', () => {
  it('a refund before the check-in went out cancels it and the invitation: nobody is asked about a coat they returned', async () => {
    const s = await setup();
    const res = await s.refund('sale-1');
    expect(res).toEqual({ status: 200, body: { saleId: s.sale.saleId, status: 'refunded', cancelled: 2 } });
    expect(await s.messages()).toEqual([
      { kind: 'checkin', status: 'cancelled', error: 'refunded' },
      { kind: 'comeback', status: 'cancelled', error: 'refunded' },
    ]);
    await s.tick('2026-03-15T10:00:00+01:00');
    await s.tick('2026-04-13T10:00:00+02:00');
    expect(s.sms.sent).toEqual([]);
  });

  it('a refund after the check-in went out cancels the invitation only', async () => {
    const s = await setup();
    await s.tick('2026-03-15T10:00:00+01:00');
    expect((await s.refund('sale-1', '{"id":"sale-1","status":"voided"}')).body).toMatchObject({ status: 'voided', cancelled: 1 });
    expect((await s.messages()).map((m) => m.status)).toEqual(['sent', 'cancelled']);
    expect(await s.one('SELECT status FROM sales')).toEqual({ status: 'voided' });
  });

  it('is safe to repeat', async () => {
    const s = await setup();
    await s.refund('sale-1');
    expect((await s.refund('sale-1')).body).toEqual({ saleId: s.sale.saleId, status: 'refunded', cancelled: 0 });
  });

  it('also comes as the sale body posted again with "status": "refunded"', async () => {
    const s = await setup();
    const res = await s.post(saleBody({ status: 'refunded' }));
    expect(res).toEqual({ status: 200, body: { saleId: s.sale.saleId, status: 'refunded', cancelled: 2 } });
    // and the original body posted once more is a repeat, not a conflict
    expect((await s.post(saleBody())).status).toBe(200);
  });

  it('a sale that arrives already voided schedules nothing, and says it was voided (refunded, when it was)', async () => {
    const s = await setup();
    const res = await s.post(saleBody({ id: 'sale-2', status: 'voided' }));
    expect(res.status).toBe(201);
    expect(res.body.skipped).toEqual([{ kind: 'checkin', reason: 'voided' }, { kind: 'comeback', reason: 'voided' }]);
    expect(res.body.consentUrl).toBeUndefined();
    const refunded = await s.post(saleBody({ id: 'sale-3', status: 'refunded', customer: null }));
    expect(refunded.body.skipped).toEqual([{ kind: 'checkin', reason: 'refunded' }, { kind: 'comeback', reason: 'refunded' }]);
    // A voided sale without a customer gets no consent link either: there is nothing to leave contact details for.
    const walkIn = await s.post(saleBody({ id: 'sale-4', status: 'voided', customer: null }));
    expect(walkIn.body).toEqual({ saleId: expect.any(Number), customerId: null, scheduled: [], skipped: [{ kind: 'checkin', reason: 'voided' }, { kind: 'comeback', reason: 'voided' }] });
  });

  // Tills post out of order, and do not send a refused request again: before, a refund that came first got a 404 and
  // was lost, and the sale after it was asked "Bevalt het?" about goods brought back.
  it('keeps a refund that comes before its sale (202), and stores the sale refunded, or for what was kept, with nothing planned', async () => {
    const s = await setup();
    expect(await s.refund('sale-2')).toEqual({ status: 202, body: { refunded: 'sale-2', cancelled: 0, saleNotYetReceived: true } });
    const whole = await s.post(saleBody({ id: 'sale-2' }));
    expect([whole.status, whole.body.scheduled, whole.body.consentUrl]).toEqual([201, [], undefined]);
    expect(await s.one("SELECT status FROM sales WHERE till_sale_id = 'sale-2'")).toEqual({ status: 'refunded' });
    expect((await s.refund('sale-3', JSON.stringify({ id: 'sale-3', amount: 30, refundId: 'R1' }))).status).toBe(202);
    const part = await s.post(saleBody({ id: 'sale-3', customer: null }));
    expect([part.status, part.body.scheduled, part.body.consentUrl]).toEqual([201, [], undefined]);
    expect(await s.one("SELECT status, total, refunded FROM sales WHERE till_sale_id = 'sale-3'")).toEqual({ status: 'completed', total: 59.95, refunded: 30 });
    await s.tick('2026-03-15T10:00:00+01:00');
    expect(s.sms.sent.map((m) => m.body)).toEqual([expect.stringMatching(/^Hoi Sanne/)]); // sale-1's only
  });

  it('a refund of the purchase a customer came back for gives the earlier purchase its invitation back: they are not left with none', async () => {
    const s = await setup();
    await s.tick('2026-03-15T10:00:00+01:00');
    s.clock.set('2026-03-20T12:00:00+01:00');
    await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-20T11:00:00+01:00', items: [{ name: 'Fietsbel' }] }));
    expect((await s.refund('sale-2')).body).toMatchObject({ status: 'refunded', cancelled: 1 });
    const comebacks = s.all('SELECT s.till_sale_id AS sale, m.status, m.error FROM messages m JOIN sales s ON s.id = m.sale_id WHERE m.kind = \'comeback\' ORDER BY m.id');
    expect(await comebacks).toEqual([{ sale: 'sale-1', status: 'scheduled', error: null }, { sale: 'sale-2', status: 'cancelled', error: 'refunded' }]);
    // Not on 13 April, its own day, but 30 days after the bell she brought back (20 March), as the bell's would have.
    await s.tick('2026-04-14T10:00:00+02:00');
    expect(s.sms.sent.map((m) => m.body)).toEqual([expect.stringMatching(/Regenjas/)]);
    await s.tick('2026-04-19T10:00:00+02:00');
    expect(s.sms.sent.map((m) => m.body)).toEqual([expect.stringMatching(/Regenjas/), expect.stringMatching(/^Hoi Sanne, op zaterdag 14 maart kocht je Regenjas/)]);
  });

  it('but not when a later purchase has its own, or the earlier one was refunded too, or its time has passed', async () => {
    const s = await setup();
    s.clock.set('2026-03-20T12:00:00+01:00');
    await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-20T11:00:00+01:00' }));
    await s.post(saleBody({ id: 'sale-3', occurredAt: '2026-03-20T11:30:00+01:00' }));
    await s.refund('sale-2'); // sale-3 is the return now
    await s.refund('sale-1');
    await s.refund('sale-3'); // sale-1 was refunded: nothing to give back
    expect(await s.all('SELECT status FROM messages WHERE kind = \'comeback\' AND status = \'scheduled\'')).toEqual([]);
    const t = await setup();
    t.clock.set('2026-04-20T12:00:00+02:00');
    await t.post(saleBody({ id: 'sale-2', occurredAt: '2026-04-20T11:00:00+02:00' }));
    await t.refund('sale-2', '{"id":"sale-2","status":"voided"}'); // sale-1's invitation was due on 13 April, now past
    expect(await t.all('SELECT status FROM messages WHERE kind = \'comeback\' AND status = \'scheduled\'')).toEqual([]);
    // A refund (a visit, whose own invitation it would wait for) once that time has passed too: 19 April, for 20 March.
    const u = await setup();
    u.clock.set('2026-03-20T12:00:00+01:00');
    await u.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-20T11:00:00+01:00' }));
    u.clock.set('2026-04-20T12:00:00+02:00');
    await u.refund('sale-2');
    expect(await u.all('SELECT status FROM messages WHERE kind = \'comeback\' AND status = \'scheduled\'')).toEqual([]);
  });

  it('a refund of the later of two purchases the same day gives the earlier one its check-in back: the customer is asked about what they kept', async () => {
    // The bike at 15:30, a bell at 15:31 (its check-in took the bike's place), the bell refunded: by the refund route,
    // and by the sale posted again voided.
    for (const undo of ['route', 'voided'] as const) {
      const s = await setup();
      s.clock.set('2026-03-14T15:40:00+01:00');
      await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-14T15:31:00+01:00', items: [{ name: 'Fietsbel' }], total: 5 }));
      expect(await s.messages()).toEqual([
        { kind: 'checkin', status: 'cancelled', error: 'checkin_moved' },
        { kind: 'comeback', status: 'cancelled', error: 'bought_again' },
        { kind: 'checkin', status: 'scheduled', error: null },
        { kind: 'comeback', status: 'scheduled', error: null },
      ]);
      if (undo === 'route') await s.refund('sale-2');
      else await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-14T15:31:00+01:00', items: [{ name: 'Fietsbel' }], total: 5, status: 'voided' }));
      const gone = undo === 'route' ? 'refunded' : 'voided';
      expect(await s.messages()).toEqual([
        { kind: 'checkin', status: 'scheduled', error: null },
        { kind: 'comeback', status: 'scheduled', error: null },
        { kind: 'checkin', status: 'cancelled', error: gone },
        { kind: 'comeback', status: 'cancelled', error: gone },
      ]);
      await s.tick('2026-03-15T10:00:00+01:00');
      expect(s.sms.sent.map((m) => m.body)).toEqual([expect.stringMatching(/^Hoi Sanne, gisteren kocht je Regenjas/)]);
    }
  });

  it('but not once its time has passed, nor when the later purchase\'s check-in went already', async () => {
    const s = await setup();
    await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-14T15:31:00+01:00', items: [{ name: 'Fietsbel' }] }));
    s.clock.set('2026-03-15T10:30:00+01:00'); // the check-in's time, and nobody sent it (a server that was down)
    await s.refund('sale-2');
    expect(await s.all("SELECT status FROM messages WHERE kind = 'checkin' AND status = 'scheduled'")).toEqual([]);
    const t = await setup();
    await t.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-14T15:31:00+01:00', items: [{ name: 'Fietsbel' }] }));
    await t.tick('2026-03-15T10:00:00+01:00');
    await t.refund('sale-2');
    await t.tick('2026-03-16T10:00:00+01:00');
    expect(t.sms.sent.map((m) => m.body)).toEqual([expect.stringMatching(/Fietsbel/)]);
  });

  // The review of the fix: a sale refunded in part plans no check-in, and a partial refund cancels what waits for it.
  it('but none to a purchase refunded in part: the raincoat partly refunded, then the bell refunded, nothing goes', async () => {
    const s = await setup();
    await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-14T15:31:00+01:00', items: [{ name: 'Fietsbel' }], total: 5 }));
    expect((await s.refund('sale-1', JSON.stringify({ id: 'sale-1', amount: 10, refundId: 'R1' }))).status).toBe(200);
    await s.refund('sale-2');
    expect(await s.all("SELECT sale_id FROM messages WHERE kind = 'checkin' AND status = 'scheduled'")).toEqual([]);
    await s.tick('2026-03-15T10:00:00+01:00');
    expect(s.sms.sent).toEqual([]);
  });

  it('answers 401 for a wrong signature, 400 for a wrong status', async () => {
    const s = await setup();
    expect((await s.refund('sale-1', undefined, 'wrong-secret')).status).toBe(401);
    expect((await s.refund('sale-1', '{"id":"sale-1","status":"lost"}')).body).toMatchObject({ error: 'invalid_body', issues: [{ field: 'status' }] });
    expect((await s.messages()).map((m) => m.status)).toEqual(['scheduled', 'scheduled']);
  });

  it('a signed refund names its sale: no body, another sale, or a sale body is a 400 naming the field, and changes nothing', async () => {
    const s = await setup();
    const expectRefused = async (body: string, field: string) => {
      const res = await s.refund('sale-1', body);
      expect(res.status, body).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_body', issues: expect.arrayContaining([expect.objectContaining({ field })]) });
    };
    await expectRefused('', 'id');
    await expectRefused('{"status":"refunded"}', 'id');
    await expectRefused('{"id":"sale-2"}', 'id');
    await expectRefused('"sale-1"', '(body)');
    // the till's own signed sale body, posted to the refund path: it names the sale, but is no refund
    await expectRefused(JSON.stringify(saleBody()), 'occurredAt');
    expect((await s.messages()).map((m) => m.status)).toEqual(['scheduled', 'scheduled']);
    expect(await s.one('SELECT status FROM sales')).toEqual({ status: 'completed' });
    // the id may be a number, as in the sale body
    expect((await s.refund('12', '{"id":12}')).status).toBe(202);
  });

  it('a refund of part of the sale (an amount, with the till\'s id of the refund) leaves it a sale for what was kept', async () => {
    const s = await setup();
    const part = (refundId: string, amount: number | string) => s.refund('sale-1', JSON.stringify({ id: 'sale-1', amount, refundId }));
    // one of the two items brought back: nobody is asked about what they bought, but the visit stays a visit
    expect(await part('R1', 30)).toEqual({ status: 200, body: { saleId: s.sale.saleId, status: 'completed', refunded: 30, cancelled: 2 } });
    expect(await s.messages()).toEqual([
      { kind: 'checkin', status: 'cancelled', error: 'refunded' },
      { kind: 'comeback', status: 'cancelled', error: 'refunded' },
    ]);
    const sale = () => s.one('SELECT status, total, refunded FROM sales');
    expect(await sale()).toEqual({ status: 'completed', total: 59.95, refunded: 30 });
    // sent again (a retry after a lost answer): counted once
    expect(await part('R1', 30)).toEqual({ status: 200, body: { saleId: s.sale.saleId, status: 'completed', refunded: 30, cancelled: 0 } });
    expect(await sale()).toEqual({ status: 'completed', total: 59.95, refunded: 30 });
    // the same refund id with another amount: a mistake, as a sale's id posted again with other content (409)
    expect(await part('R1', 60)).toEqual({ status: 409, body: { error: 'conflict', message: 'refundId "R1" was posted before with amount 30: nothing was changed; a new refund needs a new refundId' } });
    expect(await sale()).toEqual({ status: 'completed', total: 59.95, refunded: 30 });
    // a second refund, amounts as strings as a sale's may be; then the rest of it: the sale is refunded
    expect((await part('R2', '0.10')).body).toMatchObject({ status: 'completed', refunded: 30.1 });
    expect(await sale()).toEqual({ status: 'completed', total: 59.85, refunded: 30.1 });
    expect((await part('R3', 59.85)).body).toEqual({ saleId: s.sale.saleId, status: 'refunded', cancelled: 0 });
    expect(await sale()).toMatchObject({ status: 'refunded' });
    expect((await part('R4', 1)).body).toEqual({ saleId: s.sale.saleId, status: 'refunded', cancelled: 0 });
  });

  it('an amount needs the refund\'s id, is more than 0, and a void has none: 400 naming the field, nothing changed', async () => {
    const s = await setup();
    const refused = async (body: Record<string, unknown>, field: string, message: string) => {
      const res = await s.refund('sale-1', JSON.stringify({ id: 'sale-1', ...body }));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.issues).toEqual([{ field, message: expect.stringContaining(message) }]);
    };
    await refused({ amount: 30 }, 'refundId', 'required with amount');
    await refused({ amount: 0, refundId: 'R1' }, 'amount', 'more than 0');
    await refused({ amount: -5, refundId: 'R1' }, 'amount', 'more than 0');
    await refused({ amount: 'thirty', refundId: 'R1' }, 'amount', 'expected a number');
    await refused({ amount: 30, refundId: 'R1', status: 'voided' }, 'amount', 'a void is of the whole sale');
    await refused({ amount: 30, refundId: '' }, 'refundId', 'required');
    // null is absent, as in a sale's body: required, not "expected … a string or a number"
    await refused({ amount: 30, refundId: null }, 'refundId', 'required with amount');
    await refused({ id: null }, 'id', 'required with a signature: the id of the sale refunded, "sale-1" as in the path');
    expect((await s.messages()).map((m) => m.status)).toEqual(['scheduled', 'scheduled']);
    expect(await s.one('SELECT status, total, refunded FROM sales')).toEqual({ status: 'completed', total: 89.95, refunded: null });
  });

  // A till that sends more than nextdeal reads (when it was refunded, in which currency, why) and does not send a refused
  // request again: a 400 lost the refund, and the customer who brought the coat back was asked how they liked it.
  it('takes a refund with fields it does not read, naming them in warnings: nobody is asked about the coat they brought back', async () => {
    const s = await setup();
    const NOT_READ = 'not a refund field: not read, the refund taken without it (a refund body is read for "id", "tillId", "status", "amount" and "refundId")';
    const body = { id: 'sale-1', status: 'refunded', refundedAt: '2026-03-14T16:00:00+01:00', currency: 'EUR', reason: 'te klein' };
    expect(await s.refund('sale-1', JSON.stringify(body))).toEqual({
      status: 200,
      body: {
        saleId: s.sale.saleId, status: 'refunded', cancelled: 2,
        warnings: ['refundedAt', 'currency', 'reason'].map((field) => ({ field, message: NOT_READ })),
      },
    });
    await s.tick('2026-03-15T10:00:00+01:00');
    expect([s.sms.sent, s.email.sent]).toEqual([[], []]);
    // A part refund with its currency, and one before its sale, alike.
    await s.post(saleBody({ id: 'sale-2' }));
    expect(await s.refund('sale-2', JSON.stringify({ id: 'sale-2', amount: 30, refundId: 'R1', currency: 'EUR' }))).toMatchObject({
      status: 200, body: { status: 'completed', refunded: 30, warnings: [{ field: 'currency', message: NOT_READ }] },
    });
    expect(await s.refund('sale-3', JSON.stringify({ id: 'sale-3', refundedAt: 'gisteren' }))).toEqual({
      status: 202, body: { refunded: 'sale-3', cancelled: 0, saleNotYetReceived: true, warnings: [{ field: 'refundedAt', message: NOT_READ }] },
    });
    // With the API key, which binds no body, even a sale's time is only not read.
    await s.post(saleBody({ id: 'sale-4' }));
    const res = await fetch(`${s.base}/v1/shops/fietsenmaker/sales/sale-4/refund`, {
      method: 'POST', headers: { authorization: `Bearer ${s.shop.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'sale-4', occurredAt: '2026-03-14T15:30:00+01:00' }),
    });
    expect(await res.json()).toMatchObject({ status: 'refunded', cancelled: 2, warnings: [{ field: 'occurredAt', message: NOT_READ }] });
  });

  it('a signed refund holding a sale\'s time is refused naming it: a signed sale body never passes as its refund', async () => {
    const s = await setup();
    const res = await s.refund('sale-1', JSON.stringify({ id: 'sale-1', occurredAt: '2026-03-14T15:30:00+01:00', refundedAt: 'x' }));
    expect(res).toEqual({
      status: 400,
      body: {
        error: 'invalid_body',
        message: expect.stringMatching(/^occurredAt: a sale's time, which a refund body does not hold/),
        issues: [{ field: 'occurredAt', message: expect.stringContaining('leave it out') }],
      },
    });
    expect((await s.messages()).map((m) => m.status)).toEqual(['scheduled', 'scheduled']);
  });

  it('an amount that cannot be weighed against the sale (it has no total) refunds all of it', async () => {
    const s = await setup();
    await s.post(saleBody({ id: 'sale-2', total: null }));
    expect((await s.refund('sale-2', JSON.stringify({ id: 'sale-2', amount: 5, refundId: 'R1' }))).body).toMatchObject({ status: 'refunded' });
  });

  it('takes a v2 signature, made for this refund path', async () => {
    const s = await setup();
    const body = '{"id":"sale-1","status":"voided"}';
    const t = Math.floor(s.clock.now() / 1000);
    const elsewhere = signV2(s.shop.webhookSecret, 'POST', '/v1/shops/fietsenmaker/sales/sale-2/refund', body, t);
    expect((await s.refund('sale-1', body, undefined, elsewhere)).status).toBe(401);
    const here = signV2(s.shop.webhookSecret, 'POST', '/v1/shops/fietsenmaker/sales/sale-1/refund', body, t);
    expect(await s.refund('sale-1', body, undefined, here)).toEqual({ status: 200, body: { saleId: s.sale.saleId, status: 'voided', cancelled: 2 } });
  });

  it('with the API key, which binds no body, the id may be left out (when given, it must be the sale\'s)', async () => {
    const s = await setup();
    const post = (body?: string) =>
      fetch(`${s.base}/v1/shops/fietsenmaker/sales/sale-1/refund`, {
        method: 'POST', headers: { authorization: `Bearer ${s.shop.apiKey}`, ...(body && { 'content-type': 'application/json' }) }, body,
      });
    expect((await post('{"id":"sale-2"}')).status).toBe(400);
    expect((await post()).status).toBe(200);
  });
});

// The review of time and cadence (finding 4): a customer who came back and bought, then brought that purchase back on
// the morning her first purchase's invitation was due, was invited back that morning: "We zien je graag nog eens
// terug!" the day after she was in the shop. The invitation given back now waits the shop's come-back days from the
// refunded visit. Its review (frv2, finding 1): not after a void, nor a web order sent by post, which were no visit.
describe('an invitation given back by a refund', () => {
  /** Lotte's coat on Monday: the shop invites back after 3 days, so hers is planned for Thursday 10:00. */
  async function lotte() {
    const store = await testStore();
    const clock = testClock('2026-11-30T11:05:00+01:00');
    const { webhookSecret } = await createShop(store);
    await store.shops.update('fietsenmaker', { comebackDays: 3 });
    const base = await startApp(store, clock.now);
    const { dispatcher, sms } = testDispatcher(store);
    const tick = (iso: string) => (clock.set(iso), dispatcher.tick(Date.parse(iso)));
    const who = { name: 'Lotte Bakker', phone: '06 24681357', consent: { sms: true } };
    const post = (body: unknown) => postSale(base, 'fietsenmaker', webhookSecret, body, clock.now());
    /** The till's refund (or void) of the sale `id`, at `iso`. */
    const undo = async (id: string, status: 'refunded' | 'voided', iso: string) => {
      clock.set(iso);
      const body = JSON.stringify({ id, status });
      const res = await fetch(`${base}/v1/shops/fietsenmaker/sales/${id}/refund`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(webhookSecret, body, Math.floor(clock.now() / 1000)) },
        body,
      });
      expect(res.status).toBe(200);
    };
    expect((await post(saleBody({ id: 'L1', occurredAt: '2026-11-30T11:00:00+01:00', customer: who, items: [{ name: 'Jas' }] }))).status).toBe(201);
    await tick('2026-12-01T10:00:00+01:00'); // the check-in
    const sent = () => sms.sent.map((m) => m.body);
    return { store, clock, tick, who, post, undo, sent };
  }
  const checkin = expect.stringMatching(/^Hoi Lotte, gisteren kocht je Jas/);
  const invitation = expect.stringMatching(/^Hoi Lotte, op maandag 30 november kocht je Jas bij Fietsenmaker Test\. We zien je graag nog eens terug!/);

  it('goes no sooner than the come-back days after the refunded visit: not the morning after she was in the shop', async () => {
    const s = await lotte();
    // Wednesday she is back and buys a scarf: Thursday's invitation gives way to the scarf's (Saturday).
    s.clock.set('2026-12-02T15:05:00+01:00');
    const scarf = await s.post(saleBody({ id: 'L2', occurredAt: '2026-12-02T15:00:00+01:00', customer: s.who, items: [{ name: 'Sjaal' }] }));
    expect(scarf.body.scheduled).toEqual([{ kind: 'comeback', channel: 'sms', dueAt: '2026-12-05T09:00:00.000Z' }]);
    // Thursday 08:30 the till refunds the scarf.
    await s.undo('L2', 'refunded', '2026-12-03T08:30:00+01:00');
    await s.tick('2026-12-03T10:00:00+01:00');
    await s.tick('2026-12-04T10:00:00+01:00');
    expect(s.sent()).toEqual([checkin]);
    // Three days after the scarf, at the check-in hour: the coat's invitation, given back.
    await s.tick('2026-12-05T10:00:00+01:00');
    expect(s.sent()).toEqual([checkin, invitation]);
  });

  // Its review (frv2, finding 2): refunded on Thursday at 10:30, after the coat's invitation's hour, the scarf left her
  // with no invitation at all, although the one given back would wait until Saturday anyway.
  it('comes back when the time it now goes is still to come, though its own has passed: the scarf brought back at 10:30 on Thursday', async () => {
    const s = await lotte();
    s.clock.set('2026-12-02T15:05:00+01:00');
    await s.post(saleBody({ id: 'L2', occurredAt: '2026-12-02T15:00:00+01:00', customer: s.who, items: [{ name: 'Sjaal' }] }));
    await s.tick('2026-12-03T10:00:00+01:00'); // the coat's invitation gave way to the scarf's: nothing goes
    await s.undo('L2', 'refunded', '2026-12-03T10:30:00+01:00');
    await s.tick('2026-12-04T10:00:00+01:00');
    expect(s.sent()).toEqual([checkin]);
    await s.tick('2026-12-05T10:00:00+01:00'); // Saturday, as the scarf's would have
    expect(s.sent()).toEqual([checkin, invitation]);
  });

  it('but a void (a scarf rung up by mistake, voided and posted again corrected) was no visit: it goes at its own time', async () => {
    const s = await lotte();
    s.clock.set('2026-12-02T15:05:00+01:00');
    await s.post(saleBody({ id: 'L2', occurredAt: '2026-12-02T15:00:00+01:00', customer: s.who, items: [{ name: 'Sjaal' }] }));
    await s.undo('L2', 'voided', '2026-12-02T15:10:00+01:00');
    await s.tick('2026-12-03T10:00:00+01:00'); // Thursday, as if the scarf had never been rung up; not Saturday
    expect(s.sent()).toEqual([checkin, invitation]);
  });

  it('nor was a web order sent by post, brought back: it goes at its own time', async () => {
    const s = await lotte();
    // Tuesday evening she orders a scarf online, sent by post (a Shopify web order with goods to ship, as stored).
    const shop = (await s.store.shops.bySlug('fietsenmaker'))!;
    const order = sale(customer({ name: 'Lotte Bakker', phone: '+31624681357', consent: { sms: true } }), '2026-12-01T20:00:00+01:00', { tillSaleId: 'W1', shipped: true });
    expect((await s.store.sales.record(shop, order, Date.parse('2026-12-01T20:01:00+01:00'))).outcome).toBe('created');
    expect(await s.store.db.all(sql("SELECT status, error FROM messages WHERE kind = 'comeback' ORDER BY id"))).toEqual([
      { status: 'cancelled', error: 'bought_again' },
      { status: 'scheduled', error: null },
    ]);
    await s.undo('W1', 'refunded', '2026-12-02T09:00:00+01:00'); // she sends it back
    await s.tick('2026-12-03T10:00:00+01:00');
    expect(s.sent()).toEqual([checkin, invitation]);
  });
});
