import { describe, expect, it } from 'vitest';
import { sign } from '../../src/http/signature.js';
import { saleBody, scenario } from '../helpers.js';

async function setup() {
  const s = await scenario();
  const refund = async (id: string, body = '', secret = s.shop.webhookSecret) => {
    const res = await fetch(`${s.base}/v1/shops/fietsenmaker/sales/${id}/refund`, {
      method: 'POST',
      headers: { ...(body && { 'content-type': 'application/json' }), 'nextdeal-signature': sign(secret, body, Math.floor(s.clock.now() / 1000)) },
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
    expect(s.messages()).toEqual([
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
    expect((await s.refund('sale-1', '{"status":"voided"}')).body).toMatchObject({ status: 'voided', cancelled: 1 });
    expect(s.messages().map((m) => m.status)).toEqual(['sent', 'cancelled']);
    expect(s.one('SELECT status FROM sales')).toEqual({ status: 'voided' });
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

  it('a sale that arrives already voided schedules nothing', async () => {
    const s = await setup();
    const res = await s.post(saleBody({ id: 'sale-2', status: 'voided' }));
    expect(res.status).toBe(201);
    expect(res.body.skipped).toEqual([{ kind: 'checkin', reason: 'refunded' }, { kind: 'comeback', reason: 'refunded' }]);
  });

  it('answers 404 for an unknown sale, 401 for a wrong signature, 400 for a wrong status', async () => {
    const s = await setup();
    expect(await s.refund('nope')).toEqual({ status: 404, body: { error: 'unknown_sale', message: 'there is no sale "nope" for this shop' } });
    expect((await s.refund('sale-1', '', 'wrong-secret')).status).toBe(401);
    expect((await s.refund('sale-1', '{"status":"lost"}')).body).toMatchObject({ error: 'invalid_body', issues: [{ field: 'status' }] });
    expect(s.messages().map((m) => m.status)).toEqual(['scheduled', 'scheduled']);
  });
});
