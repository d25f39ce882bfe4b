// `shop delete`: a shop that left (disabled first) and whose customers' data must go, all of it, the shop row last.
//
// In steps, not one transaction: a shop with a million sales deleted at once would hold SQLite's one writer (and the
// server's one thread) for minutes, and every other shop's sales would wait or get 503. Each step deletes a batch of
// rows in a transaction of its own; the shop row, which goes last, is what makes the job findable again, so a delete
// cut off by a crash or a restart leaves a disabled shop with less data, and the same command run again finishes it.
// Nothing of the shop is sent meanwhile: it is disabled, so its tills are refused and its queues cancelled.
import { flush } from './privacy.js';
import type { Database } from './open.js';
import { type Db, type Engine, type Statement, idList, inIds, sql } from './sql.js';

/** Rows per step: a step then takes some tens of milliseconds on SQLite, and other shops' sales wait no longer. */
export const DELETE_BATCH = { sqlite: 2000, postgres: 10_000 } as const;

/**
 * Every table with a shop_id, children before the tables they refer to (the order the deletes go in). A table added
 * with a shop_id must be added here: test/shop-delete.test.ts finds every such table in the schema and fails if the
 * deleted shop still has a row in one. Not here, for they are the installation's: the STOPs to the number every shop
 * shares (stopped_numbers, without a shop), channel health, the message counters (kept as metrics: how many went).
 */
export const SHOP_TABLES = [
  'sessions', 'alerts', 'consent_events', 'consent_links', 'held_out_messages', 'lookups', 'join_confirmations', 'replies',
  'messages', 'sales', 'customers', 'experiment_periods', 'checkin_slot_changes', 'checkin_slots', 'cohort_cells',
  'customer_days', 'experiment_days', 'reason_days', 'invitation_revenue', 'invitation_slots', 'connections',
  'early_refunds', 'refunds', 'erasures', 'started_numbers', 'stopped_contacts', 'webhook_events',
] as const;
export type ShopTable = (typeof SHOP_TABLES)[number];

/** What was removed, a count per table. */
export type Removed = Record<ShopTable, number>;

// A batch of the shop's rows: SQLite as better-sqlite3 builds it takes DELETE … LIMIT (not every table has a rowid or
// an id); PostgreSQL by the rows' ctid.
const batchOf = (table: string) =>
  sql((e: Engine) => (e === 'postgres'
    ? `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE shop_id = @shop LIMIT @limit))`
    : `DELETE FROM ${table} WHERE shop_id = @shop LIMIT @limit`));
const deletes = Object.fromEntries(SHOP_TABLES.map((t) => [t, batchOf(t)])) as Record<ShopTable, Statement>;

// References that close circles (customers ⇄ sales, messages ⇄ replies, a confirmation to the earlier one it shares a
// code with) are cut first, a batch at a time too, so that each table's rows can go without the other's.
const unlinks = [
  sql('UPDATE customers SET first_sale_id = NULL WHERE id IN (SELECT id FROM customers WHERE shop_id = @shop AND first_sale_id IS NOT NULL LIMIT @limit)'),
  sql('UPDATE messages SET held_by = NULL WHERE id IN (SELECT id FROM messages WHERE shop_id = @shop AND held_by IS NOT NULL LIMIT @limit)'),
  sql('UPDATE join_confirmations SET code_from = NULL WHERE id IN (SELECT id FROM join_confirmations WHERE shop_id = @shop AND code_from IS NOT NULL LIMIT @limit)'),
];
// The owner is logged out and cannot log in again first: a page showing half a shop's figures would mislead.
const noLogin = sql('UPDATE shops SET password_hash = NULL WHERE id = ?');
const removeShop = sql('DELETE FROM shops WHERE id = ? AND disabled_at IS NOT NULL');

/** Runs `s` batch after batch, each in a transaction of its own, until it changes nothing; returns how many it changed. */
async function inBatches(db: Db, s: Statement, shop: number, limit: number): Promise<number> {
  let total = 0;
  for (let n = limit; n === limit; total += n) n = await db.transaction((tx) => tx.run(s, { shop, limit }));
  return total;
}

// A message or an alert a dispatcher is handing to the provider now (claimed since @since): its copy would be written
// to the outbox after the delete looked there, and its row is what a dispatcher's answer would be recorded on.
const underWay = sql(`SELECT 1 FROM messages WHERE shop_id = @shop AND status = 'sending' AND claimed_at >= @since
  UNION ALL SELECT 1 FROM alerts WHERE shop_id = @shop AND status = 'sending' AND claimed_at >= @since LIMIT 1`);

/** Whether a send in the shop's name is under way, claimed since `since` (a lease ago: an older claim is a dead dispatcher's). */
export const sendUnderWay = async (db: Db, shopId: number, since: number): Promise<boolean> =>
  (await db.value(underWay, { shop: shopId, since })) !== undefined;

/**
 * Deletes every row of the shop, then the shop itself (its slug is free again). The shop must be disabled (null
 * otherwise, nothing deleted). Run again after a crash, it finishes the job. `logEmptied`: whether the deleted values
 * are gone from SQLite's write-ahead log (or PostgreSQL's old row versions vacuumed), as for an erasure.
 */
export async function deleteShop(db: Database, shopId: number, batch: number = DELETE_BATCH[db.engine]): Promise<{ removed: Removed; logEmptied: boolean } | null> {
  const disabled = await db.value(sql('SELECT 1 FROM shops WHERE id = ? AND disabled_at IS NOT NULL'), [shopId]);
  if (!disabled) return null;
  await db.run(noLogin, [shopId]);
  for (const s of unlinks) await inBatches(db, s, shopId, batch);
  const removed = {} as Removed;
  for (const t of SHOP_TABLES) removed[t] = await inBatches(db, deletes[t], shopId, batch);
  // The last step, under the shop's lock (as its sales are written): whatever came in meanwhile (a sale in the second a
  // running server still took the shop for enabled) goes with the shop row, in one transaction.
  const gone = await db.transaction(async (tx) => {
    await tx.lock(shopId);
    for (const s of unlinks) await tx.run(s, { shop: shopId, limit: Number.MAX_SAFE_INTEGER });
    for (const t of SHOP_TABLES) removed[t] += await tx.run(deletes[t], { shop: shopId, limit: Number.MAX_SAFE_INTEGER });
    return tx.run(removeShop, [shopId]);
  });
  if (gone === 0) return null; // enabled again meanwhile: what was deleted stays deleted, the shop stays
  return { removed, logEmptied: await flush(db) };
}

const owned = {
  messageIds: sql((e: Engine) => `SELECT id FROM messages WHERE shop_id = @shop AND id ${inIds(e)}`),
  alertIds: sql((e: Engine) => `SELECT id FROM alerts WHERE shop_id = @shop AND id ${inIds(e)}`),
  confirmationIds: sql((e: Engine) => `SELECT id FROM join_confirmations WHERE shop_id = @shop AND id ${inIds(e)}`),
};
type Ids = Record<keyof typeof owned, readonly number[]>;

/** Of the ids the outbox's files name (see outboxIds), the shop's: its files go before its rows, which name them. */
export async function shopsOwn(db: Db, shopId: number, ids: Ids): Promise<Ids> {
  const mine = async (k: keyof Ids) => db.values<number>(owned[k], { shop: shopId, ids: idList(db, ids[k]) });
  return { messageIds: await mine('messageIds'), alertIds: await mine('alertIds'), confirmationIds: await mine('confirmationIds') };
}
