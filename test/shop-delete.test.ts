// `shop delete`: a shop that left and whose customers' data must go (its contract ended; under the GDPR the shop asks
// its processor to delete it). Every row of it goes, in every table that has a shop_id, on either engine; the other
// shop's rows and figures stay exactly as they were, as does what is the installation's (a STOP to the shared number).
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunner } from './cli-run.js';
import { openDatabase } from '../src/db/open.js';
import { deleteShop } from '../src/db/shop-delete.js';
import { createStore } from '../src/db/store.js';
import { all, engine, postSale, saleBody, scenario, startApp, tempDir, testDispatcher, value } from './helpers.js';
import { freshDatabase } from './pg/cluster.js';
import { COUNTED_STATUS } from '../src/db/outboxed.js';

const SOLD = Date.parse('2026-03-14T15:31:00+01:00');

async function cli() {
  const dir = tempDir();
  const env: { DATABASE_PATH: string; OUTBOX_DIR: string; DATABASE_URL?: string } = { DATABASE_PATH: join(dir, 'nextdeal.db'), OUTBOX_DIR: join(dir, 'outbox') };
  if (engine === 'postgres') env.DATABASE_URL = await freshDatabase();
  return { env, exec: cliRunner(env) };
}

/** A shop "leaving" with one sale, none held out (the customer's check-in is a message, whose copy names it); its database open. */
async function leavingWithSale() {
  const { env, exec } = await cli();
  const created = JSON.parse((await exec('shop create --slug leaving --name Leaving --holdout 0')).out);
  const db = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
  const base = await startApp(createStore(db), () => SOLD);
  expect((await postSale(base, 'leaving', created.webhookSecret, saleBody(), SOLD)).status).toBe(201);
  return { env, exec, db };
}

/** Every table with a shop_id, read from the schema itself: a table added later is looked at without being named here. */
async function shopTables(db: Parameters<typeof all>[0]): Promise<string[]> {
  const rows = engine === 'postgres'
    ? await all<{ name: string }>(db, "SELECT table_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'shop_id' ORDER BY 1")
    : await all<{ name: string }>(db, "SELECT m.name AS name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'shop_id' ORDER BY 1");
  return rows.map((r) => r.name);
}

/** Every row of one shop in every table with a shop_id, and every row of the tables with none (the installation's). */
async function snapshot(db: Parameters<typeof all>[0], shopId: number) {
  const tables = engine === 'postgres'
    ? (await all<{ name: string }>(db, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")).map((r) => r.name)
    : (await all<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'customer_search%' AND name NOT LIKE 'sqlite_%' ORDER BY 1")).map((r) => r.name);
  const withShop = new Set(await shopTables(db));
  const rows: Record<string, unknown[]> = {};
  // Not the installation's message counts: they lose the deleted shop's messages (see below).
  for (const t of tables.filter((t) => t !== 'shops' && !t.startsWith('message_count'))) {
    rows[t] = withShop.has(t) ? await all(db, `SELECT * FROM ${t} WHERE shop_id = ? ORDER BY 1, 2, 3`, shopId) : await all(db, `SELECT * FROM ${t} ORDER BY 1, 2`);
  }
  rows.shops = await all(db, 'SELECT * FROM shops WHERE id = ?', shopId);
  return rows;
}

describe('nextdeal shop delete', () => {
  it("deletes every row of a disabled shop and its outbox files; the other shop's rows and figures, and the shared STOP, stay", async () => {
    const { env, exec } = await cli();
    const a = JSON.parse((await exec('shop create --slug leaving --name Leaving --alert-email eigenaar@leaving.example')).out);
    const b = JSON.parse((await exec('shop create --slug staying --name Staying --alert-email eigenaar@staying.example')).out);
    const db = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
    const store = createStore(db);
    const base = await startApp(store, () => SOLD);
    for (const [slug, secret] of [['leaving', a.webhookSecret], ['staying', b.webhookSecret]] as const) {
      for (let i = 0; i < 6; i++) {
        // Numbers of their own in each shop: two shops on the shared number text one phone a day apart (number_busy),
        // and which went first was up to the claim's order, so one shop's customers had no check-in to answer.
        const customer = { name: `${slug === 'leaving' ? 'Vertrekkend' : 'Blijvend'} ${i}`, phone: `06 ${slug === 'leaving' ? 1 : 2}234567${i}`, email: `klant${i}@example.com`, consent: { sms: true, email: true } };
        expect((await postSale(base, slug, secret, saleBody({ id: `sale-${i}`, customer }), SOLD)).status).toBe(201);
      }
    }
    expect((await exec('dispatch --at 2026-03-15T10:05:00+01:00')).code).toBe(0);
    // Each shop's customers answer their check-ins: a problem, which alerts the owner.
    for (const m of await all<{ id: number; shopId: number; customerId: number; saleId: number }>(db,
      "SELECT id, shop_id AS \"shopId\", customer_id AS \"customerId\", sale_id AS \"saleId\" FROM messages WHERE kind = 'checkin' AND status = 'sent' ORDER BY id")) {
      await store.replies.record({ ...m, messageId: m.id, channel: 'sms', providerId: `SM${m.id}`, answer: null, body: 'De rem doet het niet, erg slecht', at: SOLD + 86_400_000 });
    }
    expect((await exec('dispatch --at 2026-03-15T16:00:00+01:00')).code).toBe(0);
    // A STOP to the number every shop shares holds for them all: the installation's, not the leaving shop's.
    await db.run({ text: 'INSERT INTO stopped_numbers (pair_hash, stopped_at) VALUES (?, ?)' }, ['shared-stop', SOLD]);
    await db.run({ text: 'INSERT INTO started_numbers (pair_hash, shop_id, started_at) VALUES (?, 0, ?)' }, ['shared-start', SOLD]);
    const [leaving, staying] = [(await store.shops.bySlug('leaving'))!, (await store.shops.bySlug('staying'))!];
    const tables = await shopTables(db);
    const mine = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, Number(await value(db, `SELECT count(*) FROM ${t} WHERE shop_id = ?`, leaving.id))])));
    const before = await mine();
    for (const t of ['customers', 'sales', 'messages', 'replies', 'alerts', 'consent_events', 'experiment_periods', 'customer_days']) expect(before[t], t).toBeGreaterThan(0);

    // Not while it still uses nextdeal, and not without --yes: nothing goes.
    expect(await exec('shop delete --slug leaving --yes')).toMatchObject({ code: 1, err: expect.stringContaining('disable it first (shop disable --slug leaving)') });
    expect((await exec('shop disable --slug leaving')).code).toBe(0);
    expect(await exec('shop delete --slug leaving')).toMatchObject({ code: 1, err: expect.stringContaining('add --yes') });
    expect((await mine()).customers).toBe(before.customers);
    const kept = await snapshot(db, staying.id); // as the disabling left it (its messages counted as cancelled)
    const outbox = () => readdirSync(env.OUTBOX_DIR).sort();
    const theirs = outbox().filter((f) => kept.messages!.some((m: any) => f.includes(`-msg-${m.id}-`)) || kept.alerts!.some((x: any) => f.includes(`-alert-${x.id}.`)));
    expect(theirs.filter((f) => f.includes('-alert-')).length).toBe(kept.alerts!.length); // the owner's alerts quote the customers
    expect(outbox().length).toBeGreaterThan(theirs.length);

    const done = await exec('shop delete --slug leaving --yes');
    expect(done.code).toBe(0);
    const out = JSON.parse(done.out);
    expect(out).toMatchObject({ deleted: 'leaving', removed: { customers: before.customers, sales: before.sales, messages: before.messages, replies: before.replies, alerts: before.alerts } });
    expect(out.removed.outboxFiles).toBeGreaterThan(0);
    // What it says, and its log line: counts and the slug, no customer's number, address, name or words.
    expect(done.err).toMatch(/"msg":"shop deleted"/);
    for (const personal of ['1234567', 'example.com', 'Vertrekkend', 'De rem']) expect(done.out + done.err).not.toContain(personal);

    expect(await mine()).toEqual(Object.fromEntries(tables.map((t) => [t, 0])));
    expect(await snapshot(db, staying.id)).toEqual(kept);
    expect(await all(db, 'SELECT pair_hash AS hash FROM started_numbers WHERE shop_id = 0')).toEqual([{ hash: 'shared-start' }]);
    // /metrics counts the messages in the database: the deleted shop's are no longer among them.
    const counted = (await store.messages.counts()).filter((c) => Number(c.n) !== 0).map((c) => ({ ...c, n: Number(c.n) }));
    const there = await all<{ n: unknown }>(db, `SELECT kind, channel, ${COUNTED_STATUS} AS status, count(*) AS n FROM messages GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
    expect(counted).toEqual(there.map((c) => ({ ...c, n: Number(c.n) })));
    expect(outbox()).toEqual(theirs);
    expect(await store.shops.bySlug('leaving')).toBeUndefined();
    // Nor anywhere in SQLite's file: its free pages (secure_delete), its search index, its write-ahead log (emptied).
    if (engine === 'sqlite') expect(readFileSync(env.DATABASE_PATH).includes('Vertrekkend')).toBe(false);
    expect((await exec('shop create --slug leaving --name Leaving')).code).toBe(0);
    await db.close();
  });
});

describe('a shop delete cut off half-way (a crash, a restart)', () => {
  it('leaves the shop, disabled, with less of its data; run again, it finishes the job', async () => {
    const s = await scenario();
    await s.post(saleBody({ id: 'sale-2', customer: { name: 'Piet', phone: '06 87654321', consent: { sms: true } } }));
    const shop = (await s.store.shops.bySlug('fietsenmaker'))!;
    await s.store.shops.disable(shop, Date.now());
    const { db } = s.store;
    const transaction = db.transaction;
    let steps = 0;
    db.transaction = ((fn: never) => (++steps === 8 ? Promise.reject(new Error('killed')) : transaction.call(db, fn))) as typeof db.transaction;
    await expect(deleteShop(db, shop.id, 1)).rejects.toThrow('killed');
    db.transaction = transaction;
    expect(await s.store.shops.bySlug('fietsenmaker')).toMatchObject({ disabledAt: expect.any(Number) });
    expect(Number(await value(db, 'SELECT count(*) FROM customers'))).toBeGreaterThan(0);
    expect((await deleteShop(db, shop.id, 1))?.removed.customers).toBeGreaterThan(0);
    for (const t of await shopTables(db)) expect(Number(await value(db, `SELECT count(*) FROM ${t}`)), t).toBe(0);
    expect(await s.store.shops.bySlug('fietsenmaker')).toBeUndefined();
  });

  // Before, shop enable took such a shop back: its tills' sales came in beside half its customers, messages and
  // figures, and nothing said the delete had not finished.
  it('is not enabled again: shop enable refuses it, saying to run shop delete again, which finishes the job', async () => {
    const { env, exec } = await cli();
    const created = JSON.parse((await exec('shop create --slug leaving --name Leaving')).out);
    const db = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
    const base = await startApp(createStore(db), () => SOLD);
    for (let i = 0; i < 3; i++) {
      const customer = { name: `Klant ${i}`, phone: `06 1234567${i}`, consent: { sms: true } };
      expect((await postSale(base, 'leaving', created.webhookSecret, saleBody({ id: `sale-${i}`, customer }), SOLD)).status).toBe(201);
    }
    expect((await exec('shop disable --slug leaving')).code).toBe(0);
    const shopId = Number(await value(db, "SELECT id FROM shops WHERE slug = 'leaving'"));
    const transaction = db.transaction;
    let steps = 0;
    db.transaction = ((fn: never) => (++steps === 4 ? Promise.reject(new Error('killed')) : transaction.call(db, fn))) as typeof db.transaction;
    await expect(deleteShop(db, shopId, 1)).rejects.toThrow('killed');
    db.transaction = transaction;
    expect(Number(await value(db, 'SELECT count(*) FROM customers'))).toBeGreaterThan(0);
    await db.close();

    const enable = await exec('shop enable --slug leaving');
    expect(enable.code).not.toBe(0);
    expect(enable.err).toMatch(/the shop "leaving" is being deleted: shop delete began on \S+ and did not finish, so part of its data is gone already; it cannot be enabled again\. Run shop delete --slug leaving --yes again to finish deleting it/);
    expect(JSON.parse((await exec('shop show --slug leaving')).out)).toMatchObject({ disabledAt: expect.any(String), deletingSince: expect.any(String) });
    expect(JSON.parse((await exec('shop delete --slug leaving --yes')).out)).toMatchObject({ deleted: 'leaving' });
    expect((await exec('shop show --slug leaving')).code).not.toBe(0);
  });

  // The outbox's files go before the rows; before, the mark came with the rows, so a delete cut off among the files
  // left a shop that shop enable took back.
  it('is marked before its outbox files go: cut off among them, it is not enabled again either', async () => {
    const { env, exec, db } = await leavingWithSale();
    const id = Number(await value(db, 'SELECT min(id) FROM messages'));
    await db.close();
    // A copy the delete cannot remove (a directory where the file would be): it stops there, as a crash would.
    const stuck = join(env.OUTBOX_DIR, `2026-03-15T09-00-00-000Z-msg-${id}-checkin.sms.json`);
    mkdirSync(stuck, { recursive: true });
    writeFileSync(join(stuck, 'x'), '');
    expect((await exec('shop disable --slug leaving')).code).toBe(0);
    await expect(exec('shop delete --slug leaving --yes')).rejects.toThrow(/is a directory/);
    expect((await exec('shop enable --slug leaving')).err).toContain('the shop "leaving" is being deleted');
    rmSync(stuck, { recursive: true });
    expect(JSON.parse((await exec('shop delete --slug leaving --yes')).out)).toMatchObject({ deleted: 'leaving' });
  });

  // A message's id may have been another message's (a restore puts the ids back to the copy's): the outbox file of that
  // other message is not the shop's, and stays.
  it("deletes its messages' outbox files, not another message's that had the same id", async () => {
    const { env, exec, db } = await leavingWithSale();
    const m = (await all<{ id: number; created_at: number }>(db, "SELECT id, created_at FROM messages WHERE kind = 'checkin'"))[0]!;
    await db.close();
    const name = (made: number) => `2026-03-15T09-00-00-000Z-msg-${m.id}-${made}-checkin.sms.json`;
    mkdirSync(env.OUTBOX_DIR, { recursive: true });
    for (const made of [m.created_at, m.created_at - 86_400_000]) writeFileSync(join(env.OUTBOX_DIR, name(made)), '{}');
    expect((await exec('shop disable --slug leaving')).code).toBe(0);
    expect(JSON.parse((await exec('shop delete --slug leaving --yes')).out)).toMatchObject({ deleted: 'leaving', removed: { outboxFiles: 1 } });
    expect(readdirSync(env.OUTBOX_DIR)).toEqual([name(m.created_at - 86_400_000)]);
  });

  it('a shop disabled and enabled again, never deleted, is enabled as before', async () => {
    const { exec } = await cli();
    await exec('shop create --slug pausing --name Pausing');
    expect((await exec('shop disable --slug pausing')).code).toBe(0);
    const enable = await exec('shop enable --slug pausing');
    expect(enable.code).toBe(0);
    expect(JSON.parse(enable.out)).not.toHaveProperty('disabledAt');
  });
});

describe('a shop with many rows', () => {
  // A row deleted is looked for in every column that refers to its table: without an index there, a whole table read
  // per row deleted (a thousand sales deleted, a million customers read a thousand times).
  it.runIf(engine === 'postgres')('on PostgreSQL: every column that refers to a row is looked up by an index', async () => {
    const s = await scenario();
    // Every foreign key, read from the schema: one added later without an index fails here. Not those to the shop
    // itself: one row, deleted last, so each such table is read once; nor a customer's hold-out period: a shop has a
    // few (one per change of share), and an index on it would cost every new customer's sale a write.
    const refs = (await s.store.db.all<{ t: string; c: string }>({ text: `SELECT c.conrelid::regclass::text AS t, a.attname AS c FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND c.confrelid <> 'shops'::regclass ORDER BY 1, 2` }))
      .map((r) => [r.t, r.c]);
    expect(refs).toContainEqual(['customers', 'first_sale_id']);
    const unindexed: string[] = [];
    for (const [table, column] of refs.filter(([t, c]) => !(t === 'customers' && c === 'period_id'))) {
      const plan = await s.store.db.transaction(async (tx) => {
        await tx.exec('SET LOCAL enable_seqscan = off');
        return (await tx.all<{ 'QUERY PLAN': string }>({ text: `EXPLAIN SELECT 1 FROM ${table} WHERE ${column} = 1` })).map((r) => r['QUERY PLAN']).join('\n');
      });
      if (!/Index/.test(plan)) unindexed.push(`${table}.${column}`);
    }
    expect(unindexed).toEqual([]);
  });

  it.runIf(engine === 'sqlite')("on SQLite: the foreign key checks, off on the deleting connection while it runs, are on again after", async () => {
    const s = await scenario();
    const shop = (await s.store.shops.bySlug('fietsenmaker'))!;
    await s.store.shops.disable(shop, Date.now());
    await s.store.deleteShop(shop.id);
    expect(s.store.db.engine === 'sqlite' && s.store.db.native.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('a dispatcher holding a claim of a shop that is deleted', () => {
  it('stalled before it hands the check-in over: sends nothing and does not fail', async () => {
    const s = await scenario();
    const shop = (await s.store.shops.bySlug('fietsenmaker'))!;
    let reached!: () => void;
    let go!: () => void;
    const atKeep = new Promise<void>((ok) => (reached = ok));
    const gate = new Promise<void>((ok) => (go = ok));
    const sending = s.store.messages.sending;
    s.store.messages.sending = async (rows, now) => (reached(), await gate, sending(rows, now));
    const ticking = s.dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'));
    await atKeep;
    await s.store.shops.disable(shop, Date.now());
    expect(await s.store.deleteShop(shop.id)).toMatchObject({ removed: { messages: 2 } });
    go();
    expect(await ticking).toMatchObject({ sent: 0 });
    expect(s.sms.sent).toEqual([]);
  });

  it('handing a check-in over to the provider right now: the delete waits for it (try again in a minute)', async () => {
    const { env, exec } = await cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const db = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
    const store = createStore(db);
    expect((await postSale(await startApp(store, () => SOLD), 'x', webhookSecret, saleBody(), SOLD)).status).toBe(201);
    const now = Date.now();
    const [id] = await store.messages.claim(Date.parse('2026-03-15T10:00:00+01:00'), 1, now);
    expect((await store.messages.sending([{ id: id!, shop: (await store.shops.bySlug('x'))!.id, recipient: '+31613572468', sender: '', content: 'Hoi', claimed: now, phone: '+31613572468', email: null }], now)).kept).toEqual(new Set([id]));
    expect((await exec('shop disable --slug x')).code).toBe(0);
    expect(await exec('shop delete --slug x --yes')).toMatchObject({ code: 1, err: expect.stringContaining('is being handed to the provider right now: try again in a minute') });
    await store.messages.markSent([{ id: id!, shopId: (await store.shops.bySlug('x'))!.id, providerId: 'SM1' }], now);
    expect((await exec('shop delete --slug x --yes')).code).toBe(0);
    await db.close();
  });

  it('with the shop gone by the time it reads it: sends nothing and does not fail', async () => {
    const s = await scenario();
    const shop = (await s.store.shops.bySlug('fietsenmaker'))!;
    const { dispatcher, sms } = testDispatcher(s.store);
    // The claimed rows are read, then the shop is disabled and deleted before the dispatcher reads the shop.
    const load = s.store.messages.load;
    s.store.messages.load = async (ids) => {
      const rows = await load(ids);
      await s.store.shops.disable(shop, Date.now());
      await s.store.deleteShop(shop.id);
      return rows;
    };
    expect(await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'))).toMatchObject({ sent: 0 });
    expect(sms.sent).toEqual([]);
    expect(await all(s.store.db, 'SELECT id FROM messages')).toEqual([]);
  });
});
