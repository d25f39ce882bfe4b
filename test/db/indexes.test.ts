// Indexes that a sale writes: as few as the look-ups need, and the look-ups still use them (on both engines).
import { afterEach, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.js';
import { figureStore } from '../../src/db/figures.js';
import { messageStore } from '../../src/db/messages.js';
import { type Params, type Statement, sql, textOf } from '../../src/db/sql.js';
import { all, runCleanups, testDatabase, value } from '../helpers.js';

afterEach(runCleanups);

/** The plan of `query` (with its parameters) as text, with PostgreSQL told not to scan the table (its tables here are too small to bother). */
async function plan(db: Database, query: string, params?: Params): Promise<string> {
  if (db.engine === 'sqlite') return (await db.all<{ detail: string }>(sql(`EXPLAIN QUERY PLAN ${query}`), params)).map((r) => r.detail).join('\n');
  return db.transaction(async (tx) => {
    await tx.exec('SET LOCAL enable_seqscan = off');
    return (await tx.all(sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${query}`), params)).map((r) => r['QUERY PLAN']).join('\n');
  });
}

// Customers' phone numbers have one index for look-ups, (phone, shop_id). (The owner's search has its own: FTS5 on
// SQLite, a trigram index on PostgreSQL.)
it('has one index on the customers\' phone numbers, and finds a number in one shop and in every shop with it', async () => {
  const db = await testDatabase();
  const indexes = db.engine === 'sqlite'
    ? await all<{ name: string }>(db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customers' AND sql LIKE '%phone%'")
    : await all<{ name: string }>(db, "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'customers' AND indexdef LIKE '%USING btree%phone%'");
  expect(indexes.map((i) => i.name)).toEqual(['customers_by_phone']);

  const ONE_SHOP = "SELECT id FROM customers WHERE shop_id = 1 AND phone = '+31613572468' ORDER BY details_at DESC LIMIT 1";
  const ANY_SHOP = "SELECT id, shop_id FROM customers WHERE phone = '+31613572468' LIMIT 2";
  const SALE = `SELECT id FROM customers WHERE shop_id = 1 AND (pos_customer_id = 'p1' OR phone = '+31613572468' OR email = 'a@b.nl')
    ORDER BY CASE WHEN pos_customer_id = 'p1' THEN 0 WHEN phone = '+31613572468' THEN 1 ELSE 2 END, details_at DESC LIMIT 1`;
  for (const query of [ONE_SHOP, ANY_SHOP, SALE]) expect(await plan(db, query), query).toMatch(/customers_by_phone\b/);
});

it('keeps a customer of a hold-out period out of its index until they have a first day, and the safe test reads by it', async () => {
  const db = await testDatabase();
  const definition = db.engine === 'sqlite'
    ? await value<string>(db, "SELECT sql FROM sqlite_schema WHERE name = 'customers_in_experiment'")
    : await value<string>(db, "SELECT indexdef FROM pg_indexes WHERE indexname = 'customers_in_experiment'");
  // Joining the period comes before the first day is counted: an entry under no day would move at once.
  expect(definition).toMatch(/WHERE .*period_id IS NOT NULL.* AND .*first_day IS NOT NULL/);
  const MATURED = 'SELECT held_out FROM customers WHERE period_id = 1 AND first_day > 20000 AND first_day <= 20060 ORDER BY first_day, id';
  expect(await plan(db, MATURED)).toMatch(/customers_in_experiment/);
});

// Messages are indexed by status only when they are few (failed, cancelled, expired, uncertain, being sent): an index
// of every message by status costs each sale a b-tree write per message, and moves at every step of a sending. The
// owner's log still finds a status through an index: a few status through messages_by_shop_few, planned and sent
// (most messages) by walking the shop's messages by time, and what failed or was not delivered through its own.
it('indexes only the few messages by status, and the owner\'s log and its count of uncertain messages still use an index', async () => {
  const db = await testDatabase();
  const byStatus = await all<{ name: string; def: string }>(db, db.engine === 'sqlite'
    ? "SELECT name, sql AS def FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'messages' AND sql LIKE '%shop_id, status%'"
    : "SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'messages' AND indexdef LIKE '%shop_id, status%'");
  expect(byStatus.map((i) => i.name)).toEqual(['messages_by_shop_few']);
  expect(byStatus[0]!.def).toMatch(/WHERE .*status.* NOT IN .*'scheduled'.*'sent'|WHERE .*status.*<> ALL .*'scheduled'.*'sent'/);

  // The statements the owner's pages run, caught on their way to the database and explained with their parameters.
  const run: { text: string; params: unknown }[] = [];
  const caught = (s: Statement<any>, params?: Params) => run.push({ text: textOf(s, db.engine), params });
  const catching = {
    ...db,
    all: (s: Statement<any>, p?: Params) => (caught(s, p), db.all(s, p)),
    value: (s: Statement<any>, p?: Params) => (caught(s, p), db.value(s, p)),
  } as typeof db;
  const figures = figureStore(catching);
  const explained = async () => {
    const plans = [];
    for (const r of run.splice(0)) plans.push(await plan(db, r.text, r.params as Params));
    return plans.join('\n');
  };
  const log = (status: string) => figures.messages(1, { start: 0, end: Date.now(), status, limit: 26 });
  for (const status of ['cancelled', 'expired', 'uncertain', 'sending']) {
    await log(status);
    expect(await explained(), status).toMatch(/messages_by_shop_few/);
  }
  await log('failed'); // with what was sent and reported undelivered, which has no status of its own
  expect(await explained()).toMatch(/messages_by_shop_trouble/);
  for (const status of ['', 'sent', 'scheduled']) {
    await log(status);
    // (PostgreSQL may take the due messages' own index for what is planned, on these empty tables.)
    expect(await explained(), status || 'no status').toMatch(status === 'scheduled' ? /messages_by_shop_due|messages_due/ : /messages_by_shop_due/);
  }
  // In a period up to now, what was cancelled ahead of its time is found through the few too, not by walking every
  // invitation planned for the coming months.
  const now = Date.now();
  await figures.messages(1, { start: 0, end: now, now, limit: 26 });
  expect(await explained()).toMatch(/messages_by_shop_few[\s\S]*messages_by_shop_due/);
  await figures.uncertainMessages(1, Date.now());
  await figures.checkins(1, 0, Date.now());
  const checkins = await explained();
  expect(checkins.match(/messages_by_shop_few/g)).toHaveLength(2); // the list and the count
  expect(checkins).toMatch(/consent_opt_outs/); // the customers who opted out, through the index of opt-outs
});

// The owner's first page reads its call-back list (problems, then questions, then the rest, newest first) and its
// count of messages the outbox took through indexes that hold just those rows in that order: the ten first, not every
// open reply sorted (31.7 ms of a 100 ms page at 300,000 customers), and no message sent through a real provider
// (21.6 ms).
it('reads the owner\'s call-back list in its index\'s order, and the outbox\'s messages through their own index', async () => {
  const db = await testDatabase();
  const run: { text: string; params: unknown }[] = [];
  const catching = { ...db, all: (s: Statement<any>, p?: Params) => (run.push({ text: textOf(s, db.engine), params: p }), db.all(s, p)) } as typeof db;
  const figures = figureStore(catching);
  await figures.callBack(1, 10);
  await figures.outboxed(1, 0, Date.now());
  // The whole list ("Alle N op de lijst"), in the same order, and a page after a reply of it.
  await figures.inbox(1, { filter: 'open', limit: 26 });
  await figures.inbox(1, { filter: 'open', limit: 26, before: { rank: 1, at: Date.now(), id: 5 } });
  const [callBack, outboxed, ...whole] = await Promise.all(run.map((r) => plan(db, r.text, r.params as Params)));
  for (const read of [callBack, ...whole]) {
    expect(read).toMatch(/replies_call_back/);
    expect(read).not.toMatch(/TEMP B-TREE|Sort/); // read in order: no sort of every open reply
  }
  expect(outboxed).toMatch(/messages_outboxed/);
});

// Every owner's overview counts the texts waiting on the Twilio account (21408, 21608) through the few messages that
// wait with a reason (migration 074), not by walking the shop's scheduled messages; `dispatch` counts every shop's so.
it('counts the texts waiting on the Twilio account through their own index, of one shop and of all', async () => {
  const db = await testDatabase();
  const run: { text: string; params: unknown }[] = [];
  const catching = { ...db, all: (s: Statement<any>, p?: Params) => (run.push({ text: textOf(s, db.engine), params: p }), db.all(s, p)) } as typeof db;
  const messages = messageStore(catching);
  expect(await messages.waitingOnAccount(1)).toEqual({ country: 0, trial: 0 });
  expect(await messages.waitingOnAccount()).toEqual({ country: 0, trial: 0 });
  expect(run).toHaveLength(2);
  for (const r of run) expect(await plan(db, r.text, r.params as Params)).toMatch(/messages_waiting_on/);
});

// The overview's and `dispatch`'s count of texts held back as possible spam (30007): through the few messages that did
// not arrive (migration 034), not by walking every text sent.
it('counts the texts the carriers held back as spam through the index of messages that did not arrive, of one shop and of all', async () => {
  const db = await testDatabase();
  const run: { text: string; params: unknown }[] = [];
  const catching = { ...db, value: (s: Statement<any>, p?: Params) => (run.push({ text: textOf(s, db.engine), params: p }), db.value(s, p)) } as typeof db;
  const messages = messageStore(catching);
  expect(await messages.spamFiltered(1, Date.now())).toBe(0);
  expect(await messages.spamFiltered(null, Date.now())).toBe(0);
  expect(run).toHaveLength(2);
  for (const r of run) expect(await plan(db, r.text, r.params as Params)).toMatch(/messages_by_shop_trouble/);
});

// As a message is kept, the dispatcher looks for another check-in or invitation of the shop's that went to the
// customer's phone or address in the last day (never two within 24 hours), and for another shop's text to the phone
// from the same number: through the partial indexes of texts' and e-mails' recipients
// (migrations 002 and 077), not by walking every message sent.
it("finds what went to a customer's phone and e-mail address lately through the indexes of recipients", async () => {
  const db = await testDatabase();
  const run: { text: string; params: unknown }[] = [];
  const catching = {
    ...db,
    transaction: <T>(fn: (tx: typeof db) => Promise<T>) =>
      db.transaction((tx) => fn({ ...tx, all: (s: Statement<any>, p?: Params) => (run.push({ text: textOf(s, db.engine), params: p }), tx.all(s, p)) } as typeof db)),
  } as typeof db;
  const keep = { id: 1, shop: 1, recipient: '+31612345678', sender: '', content: 'Hoi', claimed: 1, phone: '+31612345678', email: 'rosa@example.com' };
  await messageStore(catching).sending([keep], Date.now());
  const looked = run.find((r) => r.text.includes('UNION ALL'))!;
  expect(await plan(db, looked.text, looked.params as Params)).toMatch(/messages_sms_by_recipient[\s\S]*messages_email_by_recipient/);
});

// The dispatcher's shops take turns (src/queue/turns.ts): the shops with messages due are found from the messages due
// themselves (messages_due: with none due, one look), and each claim takes the shops' first messages due, by one look
// per shop in the index of scheduled messages by shop (migration 078), not by walking a shop's messages; the plain
// claim (the oldest due of all) keeps messages_due, which is in its order.
it("finds the shops with messages due, and each one's first messages due, through the index of scheduled messages by shop", async () => {
  const db = await testDatabase();
  const run: { text: string; params: unknown }[] = [];
  const catching = { ...db, all: (s: Statement<any>, p?: Params) => (run.push({ text: textOf(s, db.engine), params: p }), db.all(s, p)) } as typeof db;
  const messages = messageStore(catching);
  expect(await messages.dueShops(Date.now())).toEqual([]);
  expect(await messages.claimInTurn(Date.now(), 64, Date.now(), [1, 2], 32)).toEqual([]);
  expect(await messages.claim(Date.now(), 64)).toEqual([]);
  expect(run).toHaveLength(3);
  expect(await plan(db, run[0]!.text, run[0]!.params as Params)).toMatch(/messages_due(?!_by_shop)/);
  expect(await plan(db, run[0]!.text, run[0]!.params as Params)).not.toMatch(/shops/);
  expect(await plan(db, run[1]!.text, run[1]!.params as Params)).toMatch(/messages_due_by_shop/);
  expect(await plan(db, run[2]!.text, run[2]!.params as Params)).not.toMatch(/messages_due_by_shop/);
});
