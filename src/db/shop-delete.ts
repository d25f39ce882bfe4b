// `shop delete`: a shop that left (disabled first) and whose customers' data must go, all of it, the shop row last.
//
// In steps, not one transaction: a shop with a million sales deleted at once would hold SQLite's one writer (and the
// server's one thread) for minutes, and every other shop's sales would wait or get 503. Each step deletes a batch of
// rows in a transaction of its own; the shop row, which goes last, is what makes the job findable again, so a delete
// cut off by a crash or a restart leaves a disabled shop with less data, and the same command run again finishes it.
// Before its first row goes, the shop is marked (deleting_at, migration 046): such a shop is not enabled again, which
// would take sales beside half its customers, messages and figures.
// Nothing of the shop is sent meanwhile: it is disabled, so its tills are refused and its queues cancelled.
import type { OutboxMessage } from '../channels/outbox.js';
import { COUNTED_STATUS } from './outboxed.js';
import { flush } from './privacy.js';
import type { Database } from './open.js';
import { type Db, type Engine, type Params, type Statement, idList, inIds, sql } from './sql.js';

/** Rows per step: a step then takes some tens of milliseconds on SQLite, and other shops' sales wait no longer. */
export const DELETE_BATCH = { sqlite: 2000, postgres: 10_000 } as const;

/**
 * Every table with a shop_id, children before the tables they refer to (the order the deletes go in). A table added
 * with a shop_id must be added here: test/shop-delete.test.ts finds every such table in the schema and fails if the
 * deleted shop still has a row in one. Not here, for they are the installation's: the STOPs to the number every shop
 * shares (stopped_numbers, without a shop), channel health, the message counts (which lose the deleted messages).
 */
export const SHOP_TABLES = [
  'sessions', 'login_failures', 'alerts', 'consent_events', 'consent_links', 'held_out_messages', 'lookups', 'join_confirmations', 'replies',
  'messages', 'sales', 'customers', 'experiment_periods', 'checkin_slot_changes', 'checkin_slots', 'cohort_cells',
  'customer_days', 'experiment_days', 'reason_days', 'invitation_revenue', 'invitation_slots', 'connections',
  'early_refunds', 'refunds', 'erasures', 'started_numbers', 'stopped_contacts', 'webhook_events',
] as const;
export type ShopTable = (typeof SHOP_TABLES)[number];

/** What was removed, a count per table. */
export type Removed = Record<ShopTable, number>;

// A batch of the shop's rows. The tables with no index that starts with shop_id (customers, consent_events, lookups, …)
// are gone through by id, each batch after the last one's ids: a batch that looked from the start each time would read
// the whole table once per batch. The ids are read outside the transaction (on SQLite a reader holds up no writer),
// and deleted in it. The others are found by that index: SQLite as better-sqlite3 builds it takes DELETE … LIMIT;
// PostgreSQL deletes by the rows' ctid.
const WITH_ID: ReadonlySet<ShopTable> = new Set<ShopTable>(['alerts', 'consent_events', 'held_out_messages', 'lookups', 'customers', 'erasures']);
type Batch = { next: Statement<{ id: number }>; change: Statement } | Statement;
const byId = (table: string, change: string, also = ''): Batch => ({
  next: sql(`SELECT id FROM ${table} WHERE shop_id = @shop AND id > @after${also} ORDER BY id LIMIT @limit`),
  change: sql((e: Engine) => `${change} WHERE id ${inIds(e)}`),
});
// The installation's counts of messages (/metrics: the messages in the database, by kind, channel and status) lose the
// deleted ones, as a change to fold in (chores.foldCounts), in the transaction that deletes them.
const returning = (table: ShopTable) => (table === 'messages' ? ` RETURNING kind, channel, ${COUNTED_STATUS} AS status` : '');
const uncount = sql('INSERT INTO message_count_changes (kind, channel, status, n) VALUES (?, ?, ?, ?)');
const batchOf = (table: ShopTable): Batch =>
  WITH_ID.has(table)
    ? byId(table, `DELETE FROM ${table}`)
    : sql((e: Engine) => (e === 'postgres'
      ? `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE shop_id = @shop LIMIT @limit))${returning(table)}`
      : `DELETE FROM ${table} WHERE shop_id = @shop${returning(table)} LIMIT @limit`)); // (SQLite's RETURNING comes before LIMIT)
const batches = Object.fromEntries(SHOP_TABLES.map((t) => [t, batchOf(t)])) as Record<ShopTable, Batch>;
// What is left, all at once (the last step).
const rest = Object.fromEntries(SHOP_TABLES.map((t) => [t, sql(`DELETE FROM ${t} WHERE shop_id = ?${returning(t)}`)])) as Record<ShopTable, Statement>;

/** Runs a delete of `table`'s rows; returns how many went. */
async function deleting(tx: Db, table: ShopTable, s: Statement, params: Params): Promise<number> {
  if (table !== 'messages') return tx.run(s, params);
  const rows = (await tx.all(s, params)) as { kind: string; channel: string; status: string }[];
  const counts = new Map<string, { kind: string; channel: string; status: string; n: number }>();
  for (const r of rows) {
    const key = `${r.kind} ${r.channel} ${r.status}`;
    const c = counts.get(key) ?? counts.set(key, { ...r, n: 0 }).get(key)!;
    c.n++;
  }
  for (const c of counts.values()) await tx.run(uncount, [c.kind, c.channel, c.status, -c.n]);
  return rows.length;
}

// References that close circles (customers ⇄ sales, messages ⇄ replies, a confirmation to the earlier one it shares a
// code with) are cut first, a batch at a time too, so that each table's rows can go without the other's.
const circles = [
  ['customers', 'first_sale_id'],
  ['messages', 'held_by'],
  ['join_confirmations', 'code_from'],
] as const;
const unlinks = circles.map(([table, column]) => byId(table, `UPDATE ${table} SET ${column} = NULL`, ` AND ${column} IS NOT NULL`));
const unlinkRest = circles.map(([table, column]) => sql(`UPDATE ${table} SET ${column} = NULL WHERE shop_id = ? AND ${column} IS NOT NULL`));
// First, in one statement with the check that it is disabled: the shop is marked as being deleted (shop enable then
// refuses it), and its owner is logged out and cannot log in again (a page showing half a shop's figures would mislead).
// A delete run again keeps when the first began.
const begin = sql('UPDATE shops SET password_hash = NULL, deleting_at = coalesce(deleting_at, ?) WHERE id = ? AND disabled_at IS NOT NULL');
const removeShop = sql('DELETE FROM shops WHERE id = ? AND disabled_at IS NOT NULL');

/** Runs a batch after another, each in a transaction of its own, until none is left; returns how many rows it changed. */
async function inBatches(db: Db, b: Batch, shop: number, limit: number, table?: ShopTable): Promise<number> {
  let total = 0;
  if (!('next' in b)) {
    for (let n = limit; n === limit; total += n) n = await db.transaction((tx) => (table ? deleting(tx, table, b, { shop, limit }) : tx.run(b, { shop, limit })));
    return total;
  }
  for (let after = 0; ; ) {
    const ids = (await db.values<number>(b.next, { shop, after, limit })).map(Number);
    if (ids.length > 0) total += await db.transaction((tx) => tx.run(b.change, { ids: idList(tx, ids) }));
    if (ids.length < limit) return total;
    after = ids.at(-1)!;
  }
}

// A message or an alert a dispatcher is handing to the provider now (claimed since @since): its copy would be written
// to the outbox after the delete looked there, and its row is what a dispatcher's answer would be recorded on.
const underWay = sql(`SELECT 1 FROM messages WHERE shop_id = @shop AND status = 'sending' AND claimed_at >= @since
  UNION ALL SELECT 1 FROM alerts WHERE shop_id = @shop AND status = 'sending' AND claimed_at >= @since LIMIT 1`);

/** Whether a send in the shop's name is under way, claimed since `since` (a lease ago: an older claim is a dead dispatcher's). */
export const sendUnderWay = async (db: Db, shopId: number, since: number): Promise<boolean> =>
  (await db.value(underWay, { shop: shopId, since })) !== undefined;

/**
 * Marks the disabled shop as being deleted (deleting_at; a run again keeps the first date) and logs its owner out;
 * false when it is not disabled. Before anything of it goes, its outbox files too (src/cli/shop.ts).
 */
export const beginDelete = async (db: Db, shopId: number, at = Date.now()): Promise<boolean> => (await db.run(begin, [at, shopId])) > 0;

/**
 * Deletes every row of the shop, then the shop itself (its slug is free again). The shop must be disabled (null
 * otherwise, nothing deleted). Run again after a crash, it finishes the job. `logEmptied`: whether the deleted values
 * are gone from SQLite's write-ahead log (or PostgreSQL's old row versions vacuumed), as for an erasure.
 */
export async function deleteShop(db: Database, shopId: number, batch: number = DELETE_BATCH[db.engine], at = Date.now()): Promise<{ removed: Removed; logEmptied: boolean } | null> {
  if (!(await beginDelete(db, shopId, at))) return null;
  // SQLite checks, for every sale, message, reply deleted, that no row refers to it, reading the whole referring table
  // where no index starts with the referring column (customers.first_sale_id, replies.sale_id, …): once per row. Its
  // checks are off on this connection meanwhile (a sale writes no index more for them); the order above keeps every
  // reference whole, children first. PostgreSQL has the indexes (migrations/postgres/045).
  if (db.engine === 'sqlite') db.native.pragma('foreign_keys = OFF');
  try {
    return await deleteAll(db, shopId, batch);
  } finally {
    if (db.engine === 'sqlite') db.native.pragma('foreign_keys = ON');
  }
}

async function deleteAll(db: Database, shopId: number, batch: number): Promise<{ removed: Removed; logEmptied: boolean } | null> {
  const checked = db.engine === 'postgres'; // the circles need cutting only where references are checked
  if (checked) for (const b of unlinks) await inBatches(db, b, shopId, batch);
  const removed = {} as Removed;
  for (const t of SHOP_TABLES) removed[t] = await inBatches(db, batches[t], shopId, batch, t);
  // The last step, under the shop's lock (as its sales are written): whatever came in meanwhile (a sale in the second a
  // running server still took the shop for enabled) goes with the shop row, in one transaction.
  const gone = await db.transaction(async (tx) => {
    await tx.lock(shopId);
    if (checked) for (const s of unlinkRest) await tx.run(s, [shopId]);
    for (const t of SHOP_TABLES) removed[t] += await deleting(tx, t, rest[t], [shopId]);
    return tx.run(removeShop, [shopId]);
  });
  if (gone === 0) return null; // enabled again (before migration 046): what was deleted stays deleted, the shop stays
  return { removed, logEmptied: await flush(db) };
}

const owned = {
  // With when each was made: a file of another message that had the id is not the shop's (see removeOutboxCopies).
  messageIds: sql<OutboxMessage>((e: Engine) => `SELECT id, created_at AS createdAt FROM messages WHERE shop_id = @shop AND id ${inIds(e)}`),
  alertIds: sql((e: Engine) => `SELECT id FROM alerts WHERE shop_id = @shop AND id ${inIds(e)}`),
  confirmationIds: sql((e: Engine) => `SELECT id FROM join_confirmations WHERE shop_id = @shop AND id ${inIds(e)}`),
};
type Ids = Record<keyof typeof owned, readonly number[]>;

/** Of the ids the outbox's files name (see outboxIds), the shop's: its files go before its rows, which name them. */
export async function shopsOwn(db: Db, shopId: number, ids: Ids) {
  const mine = async (k: 'alertIds' | 'confirmationIds') => db.values<number>(owned[k], { shop: shopId, ids: idList(db, ids[k]) });
  const messageFiles = await db.all(owned.messageIds, { shop: shopId, ids: idList(db, ids.messageIds) });
  return { messageFiles, alertIds: await mine('alertIds'), confirmationIds: await mine('confirmationIds') };
}
