// A shop with two tills that number their sales each on their own: both post a sale 1003. Before `tillId`, the second
// till's sale was answered 409 and lost: the customer's return visit was not recorded, and she was invited to come
// back two weeks after she had been in the shop.
import { describe, expect, it } from 'vitest';
import { sign } from '../../src/http/signature.js';
import { all, createShop, one, postSale, saleBody, startApp, testClock, testDispatcher, testStore, value } from '../helpers.js';

/** The 409's message (see "A sale posted again" in the README): the sale stays as stored, how to correct it, and tillId. */
const conflict = (sale: string, refund: string, last: string) =>
  `${sale} was posted before with other content: the sale stays as it was stored, and nothing was changed. `
  + 'A sale posted again takes only a consent withdrawn ("false"); posted again with nothing else changed but its customer\'s number or address, '
  + 'it also sends nothing more to the one first posted. '
  + `To correct what was sold, void the sale (POST /v1/shops/fietsenmaker/sales/1003/refund with ${refund}"status": "voided") and post it corrected `
  + 'under a new id; a customer\'s new details and consent come with their next sale, or the shop\'s owner records a consent (nextdeal customer consent). '
  + last;
const CONFLICT_WITHOUT_TILL = conflict('sale id "1003"', '', 'If this is another sale of a till that numbers its sales separately, send tillId (the till\'s name or number) with each sale');

async function setup() {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const shop = await createShop(store);
  const base = await startApp(store, clock.now);
  const post = (body: unknown) => postSale(base, 'fietsenmaker', shop.webhookSecret, body, clock.now());
  /** A signed refund of the sale `id`, its body as given (naming the sale, as a signed refund must). */
  const refund = async (id: string, body: Record<string, unknown>) => {
    const raw = JSON.stringify(body);
    const res = await fetch(`${base}/v1/shops/fietsenmaker/sales/${encodeURIComponent(id)}/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(shop.webhookSecret, raw, Math.floor(clock.now() / 1000)) },
      body: raw,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const { dispatcher, sms } = testDispatcher(store);
  const tick = (iso: string) => {
    clock.set(iso);
    return dispatcher.tick(Date.parse(iso));
  };
  const count = (table: string) => value<number>(store.db, `SELECT count(*) FROM ${table}`);
  return { store, clock, post, refund, tick, sms, count };
}

/** Till 2's sale 1003: another purchase of Sanne's, two weeks after till 1's sale 1003. */
const laterSale = (over: Record<string, unknown> = {}) =>
  saleBody({ id: '1003', occurredAt: '2026-03-30T11:00:00+02:00', items: [{ name: 'Fietsbel', quantity: 1, unitPrice: 12.5 }], total: 12.5, reason: null, ...over });

describe('a shop whose tills number their sales each on their own', () => {
  it("stores the second till's sale 1003 when it names its till, and she is not invited back after she came back", async () => {
    const s = await setup();
    expect((await s.post(saleBody({ id: '1003' }))).status).toBe(201); // till 1, sending no tillId (as before there was one)
    await s.tick('2026-03-15T10:00:00+01:00'); // her check-in
    s.clock.set('2026-03-30T11:01:00+02:00');

    // Without its till, the second till's sale is another sale under an id taken: refused, saying what to do.
    expect(await s.post(laterSale())).toEqual({ status: 409, body: { error: 'conflict', message: CONFLICT_WITHOUT_TILL } });
    const stored = await s.post(laterSale({ tillId: 'Kassa 2' }));
    expect(stored.status).toBe(201);
    expect(stored.body.customerId).toBe((await one<{ id: number }>(s.store.db, 'SELECT id FROM customers'))?.id);
    expect(await all(s.store.db, 'SELECT till_sale_id, total FROM sales ORDER BY id')).toEqual([
      { till_sale_id: '1003', total: 89.95 },
      { till_sale_id: 'till:Kassa 2:1003', total: 12.5 },
    ]);

    // The day the first sale's invitation was due (30 days after 14 March): she was in the shop two weeks ago.
    const before = s.sms.sent.length;
    await s.tick('2026-04-13T10:00:00+02:00');
    expect(s.sms.sent.slice(before)).toEqual([]);
    expect(await one(s.store.db, "SELECT status, error FROM messages WHERE kind = 'comeback' AND sale_id = (SELECT id FROM sales WHERE till_sale_id = '1003')"))
      .toEqual({ status: 'cancelled', error: 'bought_again' });
    // Her invitation now follows her last visit.
    expect(stored.body.scheduled).toContainEqual({ kind: 'comeback', channel: 'sms', dueAt: '2026-04-29T08:00:00.000Z' });
  });

  it('knows each sale again when posted again: without a till as it first came, and with the same till (a name or the same number)', async () => {
    const s = await setup();
    const plain = await s.post(saleBody({ id: '1003' }));
    const one1 = await s.post(saleBody({ id: '1003', tillId: 1 }));
    s.clock.set('2026-03-30T11:01:00+02:00');
    const two = await s.post(laterSale({ tillId: '2' }));
    expect([plain.status, one1.status, two.status]).toEqual([201, 201, 201]);

    expect(await s.post(saleBody({ id: '1003' }))).toEqual({ status: 200, body: plain.body });
    expect(await s.post(saleBody({ id: '1003', tillId: null }))).toEqual({ status: 200, body: plain.body });
    expect(await s.post(saleBody({ id: '1003', tillId: '' }))).toEqual({ status: 200, body: plain.body });
    expect(await s.post(saleBody({ id: '1003', tillId: '1' }))).toEqual({ status: 200, body: one1.body });
    expect(await s.post(laterSale({ tillId: ' 2 ' }))).toEqual({ status: 200, body: two.body });
    expect(await s.post(laterSale({ tillId: 2 }))).toEqual({ status: 200, body: two.body });
    expect(await s.count('sales')).toBe(3);

    // The same till and id with another body is a conflict of that till's, and says so.
    expect(await s.post(laterSale({ tillId: '2', total: 99 }))).toEqual({
      status: 409,
      body: { error: 'conflict', message: conflict('sale id "1003" of tillId "2"', '"tillId": "2" and ', 'A new sale of that till needs a new id') },
    });
    expect(await s.count('sales')).toBe(3);
  });

  it('keeps tills apart whose names hold a colon', async () => {
    const s = await setup();
    // ("a:b", "1003") and ("a", "b:1003") are two sales.
    expect((await s.post(saleBody({ id: '1003', tillId: 'a:b' }))).status).toBe(201);
    s.clock.set('2026-03-30T11:01:00+02:00');
    expect((await s.post(laterSale({ id: 'b:1003', tillId: 'a' }))).status).toBe(201);
    expect(await all(s.store.db, 'SELECT till_sale_id FROM sales ORDER BY id')).toEqual([{ till_sale_id: 'till:a\\:b:1003' }, { till_sale_id: 'till:a:b:1003' }]);
  });

  it("refunds the sale of the till named, and not the other till's sale with the same id", async () => {
    const s = await setup();
    await s.post(saleBody({ id: '1003' }));
    s.clock.set('2026-03-30T11:01:00+02:00');
    const two = await s.post(laterSale({ tillId: '2' }));

    const res = await s.refund('1003', { id: '1003', tillId: '2', status: 'refunded' });
    expect(res).toEqual({ status: 200, body: { saleId: two.body.saleId, status: 'refunded', cancelled: 2 } });
    expect(await all(s.store.db, 'SELECT till_sale_id, status FROM sales ORDER BY id')).toEqual([
      { till_sale_id: '1003', status: 'completed' },
      { till_sale_id: 'till:2:1003', status: 'refunded' },
    ]);
    // Safe to repeat; and a void posted as the sale again, with its till, is of that sale too.
    expect((await s.refund('1003', { id: '1003', tillId: 2 })).body).toEqual({ saleId: two.body.saleId, status: 'refunded', cancelled: 0 });
    const three = await s.post(laterSale({ id: '1004', tillId: '2' }));
    expect(await s.post(laterSale({ id: '1004', tillId: '2', status: 'voided' }))).toEqual({ status: 200, body: { saleId: three.body.saleId, status: 'voided', cancelled: 2 } });
  });

  it("keeps a refund of a till's sale that has not come yet for that till's sale, and answers with the till", async () => {
    const s = await setup();
    await s.post(saleBody({ id: '1003' }));
    expect(await s.refund('1003', { id: '1003', tillId: '2', amount: 5, refundId: 'R1' })).toEqual({
      status: 202, body: { refunded: '1003', tillId: '2', cancelled: 0, saleNotYetReceived: true },
    });
    s.clock.set('2026-03-30T11:01:00+02:00');
    const later = await s.post(laterSale({ tillId: '2' }));
    expect([later.status, later.body.scheduled]).toEqual([201, []]);
    expect(await all(s.store.db, 'SELECT till_sale_id, status, total, refunded FROM sales ORDER BY id')).toEqual([
      { till_sale_id: '1003', status: 'completed', total: 89.95, refunded: null },
      { till_sale_id: 'till:2:1003', status: 'completed', total: 7.5, refunded: 5 },
    ]);
  });

  it('answers a tillId it cannot read with a 400 naming it, and stores nothing: without it there is no knowing which sale it is', async () => {
    const s = await setup();
    for (const [tillId, message] of [
      ['x'.repeat(65), 'at most 64 characters'],
      [{ name: 'Kassa 2' }, "expected the till's name or number: a text or a whole number"],
      [2.5, "expected the till's name or number: a text or a whole number: 2.5 has a fraction"], // (-2 is till "-2", as "-2" is)
      ['Kassa\u00002', 'no control characters'],
    ] as const) {
      const res = await s.post(saleBody({ id: '1003', tillId, reason: 'x'.repeat(501) }));
      expect(res.status, JSON.stringify(tillId)).toBe(400);
      expect(res.body.issues).toEqual([{ field: 'tillId', message }, { field: 'reason', message: 'at most 500 characters' }]);
    }
    expect(await s.count('sales')).toBe(0);
    const refund = await s.refund('1003', { id: '1003', tillId: 'x'.repeat(65) });
    expect(refund).toEqual({ status: 400, body: expect.objectContaining({ issues: [{ field: 'tillId', message: 'at most 64 characters' }] }) });
  });
});
