// The summaries behind the owner's new figures stay right on every write: what the triggers keep (migrations/009) is
// what a full recount (summary.rebuild) gives, after invitations going out, purchases, a refund, and a sale whose
// customer is only known later. And the call-back list holds exactly the replies the store calls open.
import { describe, expect, it } from 'vitest';
import { rebuildSummaries } from '../../src/db/summary.js';
import { smsOutbox } from '../../src/channels/outbox.js';
import { type TestStore, all, createShop, postSale, saleBody, startApp, tempDir, testClock, testDispatcher, testStore, value } from '../helpers.js';

const tables = (store: TestStore) =>
  Promise.all(['invitation_slots', 'invitation_revenue'].map((t) =>
    all(store.db, `SELECT * FROM ${t} WHERE ${t === 'invitation_slots' ? 'invited != 0 OR returned != 0' : 'purchases != 0 OR cents != 0'} ORDER BY 1, 2, 3`),
  ));

describe('the invitation summaries', () => {
  it('equal a full recount after invitations (the first only written to the outbox), purchases, a refund, a customer who gives their details later and an erasure', async () => {
    const store = await testStore();
    const clock = testClock('2026-03-02T11:00:00+01:00');
    const { shop, webhookSecret, apiKey } = await createShop(store);
    await store.shops.update(shop.slug, { comebackDays: 7 }); // invitations close together: one purchase may follow two
    const base = await startApp(store, clock.now);
    const { dispatcher } = testDispatcher(store);
    const { dispatcher: outbox } = testDispatcher(store, { sms: smsOutbox(tempDir()) });
    const sell = async (id: string, who: number | null, iso: string, total = 25, currency = 'EUR') => {
      clock.set(iso);
      const customer = who === null ? null : { name: `Klant ${who}`, phone: `06 3000 00${String(who).padStart(2, '0')}`, consent: { sms: true } };
      const res = await postSale(base, shop.slug, webhookSecret, saleBody({ id, occurredAt: new Date(clock.now() - 60_000).toISOString(), customer, total, currency }), clock.now());
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as { saleId: number; consentUrl?: string };
    };
    const tick = (iso: string, through = dispatcher) => {
      clock.set(iso);
      return through.tick(clock.now());
    };
    await sell('a1', 1, '2026-03-02T11:00:00+01:00');
    await sell('b1', 2, '2026-03-02T12:00:00+01:00');
    await tick('2026-03-09T10:05:00+01:00', outbox); // both invitations only to the outbox: not counted
    await sell('a2', 1, '2026-03-10T12:00:00+01:00', 40); // back after 1 day
    await sell('b2', 2, '2026-03-11T12:00:00+01:00', 12.5, 'USD');
    await tick('2026-03-17T10:05:00+01:00'); // a2's and b2's invitations
    await sell('a3', 1, '2026-03-20T12:00:00+01:00', 7.25); // within 14 days of two invitations: counted once, for the latest
    const walkIn = await sell('w1', null, '2026-03-20T13:00:00+01:00', 99);
    // The walk-in turns out to be customer 2, who leaves their details on the consent page.
    const code = new URL(walkIn.consentUrl!).pathname;
    expect((await fetch(base + code, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'phone=06+3000+0002&sms=yes' })).status).toBe(200);
    const refund = await fetch(`${base}/v1/shops/${shop.slug}/sales/a2/refund`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` } });
    expect(refund.status).toBe(200);

    const kept = await tables(store);
    const invited = (rows: Record<string, unknown>[]) => rows.reduce((n, r) => n + Number(r.invited), 0);
    expect(invited(kept[0]!)).toBe(Number(await value(store.db, "SELECT count(*) FROM messages WHERE kind = 'comeback' AND status = 'sent' AND provider_id NOT LIKE 'outbox:%'")));
    expect(kept[0]!.length).toBeGreaterThan(0);
    expect(kept[1]!.length).toBeGreaterThan(0);
    await store.db.transaction((tx) => rebuildSummaries(tx));
    expect(await tables(store)).toEqual(kept);
    // An erasure empties the provider's ids, but a message the outbox took stays one: nothing it counts changes.
    const outboxed = await value<number>(store.db, "SELECT customer_id FROM messages WHERE kind = 'comeback' AND provider_id LIKE 'outbox:%' ORDER BY id LIMIT 1");
    await store.privacy.erase([outboxed!], 'request', clock.now());
    expect(await tables(store)).toEqual(kept);
    await store.db.transaction((tx) => rebuildSummaries(tx));
    expect(await tables(store)).toEqual(kept);
  });
});

describe('the call-back list', () => {
  it('holds exactly the replies the store calls open, newest first', async () => {
    const store = await testStore();
    const { shop } = await createShop(store);
    const at = Date.parse('2026-03-14T15:31:00+01:00');
    const sale = await store.sales.record(shop, {
      tillSaleId: 's1', status: 'completed', occurredAt: at, reason: null, items: [], total: null, currency: null, staff: null,
      customer: { name: 'A', phone: '+31611111111', email: null, locale: null, posCustomerId: null, consent: { sms: true } },
    }, at);
    if (sale.outcome !== 'created') throw new Error(sale.outcome);
    const record = (body: string | null, answer: 'great' | 'unsure' | 'problem' | null, n: number) =>
      store.replies.record({ shopId: shop.id, customerId: sale.response.customerId!, messageId: null, saleId: sale.response.saleId, channel: 'email', providerId: null, answer, body, at: at + n });
    await record(null, 'great', 1);
    await record(null, 'unsure', 2);
    const problem = await record('De rits is kapot', null, 3);
    await record('Kan ik hem wassen?', null, 4);
    await record(null, 'problem', 5);
    if (problem.duplicate) throw new Error('duplicate');
    await store.replies.handle(shop, problem.id, at + 10);
    const open = (await store.replies.open(shop.id)).map((r) => r.id);
    expect(open.length).toBeGreaterThanOrEqual(2);
    expect((await store.figures.inbox(shop.id, { filter: 'open', limit: 100 })).map((r) => r.id)).toEqual(open);
    expect(await store.figures.openReplies(shop.id)).toBe(open.length);
  });
});
