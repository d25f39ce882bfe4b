// Migration 063 (an owner's "no" from before 3 December becomes the opt-out it is today), as the review of it found it
// wrong: a held-out customer's would-be messages due before the "no" were cancelled (they had "gone", as the hold-out
// comparison counts them; today's opt-out cancels only those due after), and a customer who said yes herself on the
// join page after it (which writes no consent change when the till's yes had given consent back) was opted out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/engines/postgres.js';
import { openSqlite } from '../../src/db/engines/sqlite.js';
import { migrationChecksum } from '../../src/db/migration-checksums.js';
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
    expect(await migrate(db)).toContain(63);
    // The would-be check-in due on 15 March, five days before the "no", "went" for the hold-out: it must stay so.
    expect(await all(db, 'SELECT kind, status, reason FROM held_out_messages ORDER BY due_at')).toEqual([{ kind: 'checkin', status: 'waiting', reason: null }, { kind: 'comeback', status: 'cancelled', reason: 'consent_withdrawn' }]);
  });
});

const postForm = (url: string, form: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(), redirect: 'manual' });

/**
 * Eva, with the owner's old "no" (14 March), the till's yes that gave it back (20 March), and her own yes confirmed on
 * the join page (25 March), on a database at migration 62.
 */
async function joinedAfterNo() {
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
  const evaId = (await buy('a1', '2026-03-14T15:30:00+01:00')).customerId as number;
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
  return { db, evaId };
}

describe('migration 63 and a yes the customer gave on the join page', () => {
  it('a customer who confirmed "yes, text me" on the join page after the old "no" is not opted out', async () => {
    const { db, evaId } = await joinedAfterNo();
    expect(await migrate(db)).toContain(63);
    // Her own confirmed yes came last: she is not opted out.
    expect(await all(db, 'SELECT sms_opted_out_at AS sms FROM customers WHERE id = ?', evaId)).toEqual([{ sms: null }]);
  });
});

// 063's first text (8ec3b04) was on main for an hour before the text above replaced it; a release then refused to start
// on a database that had run it ("not the text this database ran as migration 63"). Migration 65 undoes what that text
// did and the final one does not, on such a database only.
const FIRST_063 = '063_owner_no_opts_out.8ec3b04.sql';
const firstText = () => readFileSync(new URL(`../fixtures/old-migrations/${engine}/${FIRST_063}`, import.meta.url), 'utf8');
/** 063's first text run, and its checksum kept, as the release of 5 December 10:00 did. */
async function ranFirstText(db: Database) {
  await db.transaction((tx) => tx.exec(firstText()));
  await run(db, 'INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (63, ?, ?, ?)', '063_owner_no_opts_out.sql', Date.now(), migrationChecksum(firstText()));
}

describe("a database that ran 063's first text", () => {
  it('starts, and the customer who said yes on the join page after the old "no" is no longer opted out', async () => {
    const { db, evaId } = await joinedAfterNo();
    await ranFirstText(db);
    expect(await all(db, 'SELECT sms_opted_out_at AS sms FROM customers WHERE id = ?', evaId)).not.toEqual([{ sms: null }]);
    expect(await migrate(db)).toContain(65);
    expect(await all(db, 'SELECT sms_opted_out_at AS sms FROM customers WHERE id = ?', evaId)).toEqual([{ sms: null }]);
    // It holds the final text's checksum: the next start finds nothing changed.
    const final = migrationChecksum(readFileSync(new URL(`../../migrations/${engine}/063_owner_no_opts_out.sql`, import.meta.url), 'utf8'));
    expect(await all(db, 'SELECT checksum FROM schema_migrations WHERE version = 63')).toEqual([{ checksum: final }]);
    expect(await migrate(db)).toEqual([]);
  });

  it("gives back a held-out customer's would-be check-in due before the \"no\", and leaves the invitation after it cancelled", async () => {
    const { db, store, eva } = await world(62);
    await store.customers.setConsent(eva, 'sms', false, 'owner', NO);
    await ranFirstText(db);
    expect(await all(db, 'SELECT kind, status FROM held_out_messages ORDER BY due_at')).toEqual([{ kind: 'checkin', status: 'cancelled' }, { kind: 'comeback', status: 'cancelled' }]);
    expect(await migrate(db)).toContain(65);
    expect(await all(db, 'SELECT kind, status FROM held_out_messages ORDER BY due_at')).toEqual([{ kind: 'checkin', status: 'waiting' }, { kind: 'comeback', status: 'cancelled' }]);
    // The opt-out itself stands: the owner's "no" was the last word.
    expect(await all(db, 'SELECT sms_opted_out_at AS sms FROM customers WHERE id = ?', eva)).toEqual([{ sms: NO }]);
  });

  it("leaves cancelled a would-be check-in the customer's own opt-out cancelled before it was due", async () => {
    const { db, store, eva } = await world(62);
    await store.customers.optOut(eva, 'sms', 'customer_page', Date.parse('2026-03-14T16:00:00+01:00'));
    await store.customers.optIn(eva, 'sms', 'customer_page_confirmed', Date.parse('2026-03-17T12:00:00+01:00'));
    await store.customers.setConsent(eva, 'sms', false, 'owner', NO);
    await ranFirstText(db);
    await migrate(db);
    expect(await all(db, 'SELECT kind, status, reason FROM held_out_messages ORDER BY due_at')).toEqual([
      { kind: 'checkin', status: 'cancelled', reason: 'opted_out' }, { kind: 'comeback', status: 'cancelled', reason: 'opted_out' },
    ]);
  });

  it('on a database that ran the final text, 65 changes nothing', async () => {
    const { db, store, eva } = await world(62);
    await store.customers.setConsent(eva, 'sms', false, 'owner', NO);
    await migrate(db, 64);
    const before = await all(db, 'SELECT id, status, reason FROM held_out_messages ORDER BY id');
    const customers = await all(db, 'SELECT id, sms_opted_out_at, email_opted_out_at FROM customers ORDER BY id');
    expect(await migrate(db)).toContain(65);
    expect(await all(db, 'SELECT id, status, reason FROM held_out_messages ORDER BY id')).toEqual(before);
    expect(await all(db, 'SELECT id, sms_opted_out_at, email_opted_out_at FROM customers ORDER BY id')).toEqual(customers);
  });

  it('another text of 63 still stops the start', async () => {
    const { db } = await world(62);
    await db.transaction((tx) => tx.exec(firstText()));
    await run(db, 'INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (63, ?, ?, ?)', '063_owner_no_opts_out.sql', Date.now(), migrationChecksum(`${firstText()} SELECT 1;`));
    await expect(migrate(db)).rejects.toThrow(/not the text this database ran as migration 63/);
  });
});
