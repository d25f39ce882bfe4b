// Migration 063 (an owner's "no" from before 3 December becomes the opt-out it is today), as the review of it found it
// wrong: a held-out customer's would-be messages due before the "no" were cancelled (they had "gone", as the hold-out
// comparison counts them; today's opt-out cancels only those due after), and a customer who said yes herself on the
// join page after it (which writes no consent change when the till's yes had given consent back) was opted out.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/engines/postgres.js';
import { openSqlite } from '../../src/db/engines/sqlite.js';
import { type Database, migrate } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { all, createShop, engine, migrateOlder, onCleanup, postSale, run, saleBody, startApp, tempDir, testClock, testDispatcher } from '../helpers.js';
import { freshDatabase } from '../pg/cluster.js';

const NO = Date.parse('2026-03-20T16:00:00+01:00');
const DUE_BEFORE = Date.parse('2026-03-15T10:00:00+01:00');
const DUE_AFTER = Date.parse('2026-04-13T10:00:00+02:00');

async function world(upTo: number | null) {
  const db: Database = engine === 'postgres' ? openPostgres(await freshDatabase()) : openSqlite(join(tempDir(), 'nextdeal.db'));
  onCleanup(() => db.close());
  if (upTo === null) await migrate(db); else await migrateOlder(db, upTo);
  const store = createStore(db);
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const shop = await createShop(store);
  const base = await startApp(store, clock.now);
  const body = (await postSale(base, 'fietsenmaker', shop.webhookSecret, saleBody({ id: 'a1', customer: { name: 'Eva', phone: '06 11112222', consent: { sms: true } } }), clock.now())).body;
  const eva = body.customerId as number;
  const saleId = (await all<{ id: number }>(db, "SELECT id FROM sales WHERE till_sale_id = 'a1'"))[0]!.id;
  // Eva as a held-out customer: her would-be check-in (due 15 March, before the "no") and invitation (after it).
  await run(db, "UPDATE messages SET status = 'cancelled', error = 'held_out' WHERE customer_id = ?", eva);
  for (const [kind, due] of [['checkin', DUE_BEFORE], ['comeback', DUE_AFTER]] as const) {
    await run(db, "INSERT INTO held_out_messages (shop_id, customer_id, sale_id, kind, channel, due_at, created_at) SELECT shop_id, ?, ?, ?, 'sms', ?, ? FROM customers WHERE id = ?", eva, saleId, kind, due, clock.now(), eva);
  }
  return { db, store, eva };
}

describe("migration 63 and a held-out customer's would-be messages", () => {
  it("today's opt-out (control): only the would-be message due after the \"no\" is cancelled", async () => {
    const { db, store, eva } = await world(null);
    await store.customers.optOut(eva, 'sms', 'owner', NO);
    expect(await all(db, 'SELECT kind, status FROM held_out_messages ORDER BY due_at')).toEqual([{ kind: 'checkin', status: 'waiting' }, { kind: 'comeback', status: 'cancelled' }]);
  });
  it('the migrated old "no" does the same', async () => {
    const { db, store, eva } = await world(62);
    await store.customers.setConsent(eva, 'sms', false, 'owner', NO); // as the release before 3 December recorded it
    expect(await all(db, 'SELECT kind, status FROM held_out_messages ORDER BY due_at')).toEqual([{ kind: 'checkin', status: 'waiting' }, { kind: 'comeback', status: 'cancelled' }]);
    expect(await migrate(db)).toEqual([63]);
    // The would-be check-in due on 15 March, five days before the "no", "went" for the hold-out: it must stay so.
    expect(await all(db, 'SELECT kind, status, reason FROM held_out_messages ORDER BY due_at')).toEqual([{ kind: 'checkin', status: 'waiting', reason: null }, { kind: 'comeback', status: 'cancelled', reason: 'consent_withdrawn' }]);
  });
});

const postForm = (url: string, form: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(), redirect: 'manual' });

describe('migration 63 and a yes the customer gave on the join page', () => {
  it('a customer who confirmed "yes, text me" on the join page after the old "no" is not opted out', async () => {
    const db: Database = engine === 'postgres' ? openPostgres(await freshDatabase()) : openSqlite(join(tempDir(), 'nextdeal.db'));
    onCleanup(() => db.close());
    await migrateOlder(db, 62);
    const store = createStore(db);
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const shop = await createShop(store);
    const base = await startApp(store, clock.now);
    const { dispatcher, sms } = testDispatcher(store);
    const buy = async (id: string, at: string) => {
      clock.set(at);
      return (await postSale(base, 'fietsenmaker', shop.webhookSecret, saleBody({ id, occurredAt: at, customer: { name: 'Eva', phone: '06 11112222', consent: { sms: true } } }), clock.now())).body;
    };
    const evaId = (await buy('a1', '2026-03-14T15:30:00+01:00')).customerId;
    // 14 March: the owner's "no", as the release before 3 December recorded it.
    await store.customers.setConsent(evaId, 'sms', false, 'owner', Date.parse('2026-03-14T16:00:00+01:00'));
    // 20 March: the till's sale with consent ticked gave it back (the old bug).
    await buy('a2', '2026-03-20T11:00:00+01:00');
    // 25 March: Eva herself asks on the join page, proves her number with the texted code: "yes, text me".
    clock.set('2026-03-25T12:00:00+01:00');
    const page = await (await postForm(`${base}/shops/fietsenmaker/join`, { phone: '06 11112222', sms: 'yes', item: 'Bel' })).text();
    const token = /action="\/j\/([\w-]+)"/.exec(page)?.[1];
    expect(token).toBeDefined();
    await dispatcher.tick(clock.now());
    const code = /\b(\d{6})\b/.exec(sms.sent.at(-1)!.body)![1]!;
    const res = await postForm(`${base}/j/${token}`, { code });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('mag je nu vragen');

    expect(await migrate(db)).toEqual([63]);
    // Her own confirmed yes came last: she is not opted out.
    expect(await all(db, 'SELECT sms_opted_out_at AS sms FROM customers WHERE id = ?', evaId)).toEqual([{ sms: null }]);
  });
});
