// The customer's rights (AVG/GDPR): everything held on them, and erasure that keeps only anonymous counts.
import { keepStopped, keepStoppedHash } from './customers.js';
import { wouldBe } from './experiments.js';
import { fingerprintKey } from './fingerprint.js';
import type { OutboxMessage } from '../channels/outbox.js';
import { LISTED_STATUS } from './outboxed.js';
import { release } from './replies.js';
import { type Shop, shopStore } from './shops.js';
import { type Db, type Row, type Statement, indexedBy, sql } from './sql.js';
import type { Database } from './open.js';

/** What an erasure did: how many rows it emptied, and the messages whose copies in the outbox folder must go too. */
export interface Erased {
  customers: number;
  sales: number;
  messages: number;
  replies: number;
  lookups: number;
  /** What the outbox folder may hold of them, to go too: their messages, the owner's alerts about their replies, and
   * the public pages' confirmation messages to their numbers and addresses. */
  messageFiles: OutboxMessage[];
  alertIds: number[];
  destinations: string[];
  /** False when the write-ahead log could not be emptied (another connection was reading it): erased values may
   * linger there until it is. The erasure itself stands; say so loudly and run it again when nextdeal is idle. */
  logEmptied: boolean;
}

/** A message of theirs not handed to a provider, nor about to be: scheduled, or claimed with nothing kept yet. */
const UNSENT = "(status = 'scheduled' OR (status = 'sending' AND recipient IS NULL))";

const q = {
  // Consent as it acts: none on a channel the customer opted out of (a STOP, the unsubscribe link, the owner's "no"),
  // whatever was given before it, for the opt-out wins (queue/messages.ts reasonNotToSend). The stored flag stays as the
  // till or the page last gave it, and read beside the opt-out it said "emailConsent": 1 to a customer who had
  // unsubscribed (the operator's review of 5 December). What was given and withdrawn, and when, is the consent history.
  customer: sql(`SELECT id, pos_customer_id AS posCustomerId, name, phone, email, locale,
      CASE WHEN sms_opted_out_at IS NULL THEN sms_consent ELSE 0 END AS smsConsent,
      CASE WHEN email_opted_out_at IS NULL THEN email_consent ELSE 0 END AS emailConsent,
      sms_opted_out_at AS smsOptedOutAt, email_opted_out_at AS emailOptedOutAt,
      held_out AS heldOut, created_at AS createdAt, erased_at AS erasedAt FROM customers WHERE id = ?`),
  consent: sql('SELECT channel, given, source, at FROM consent_events WHERE customer_id = ? ORDER BY at, id'),
  sales: sql(`SELECT till_sale_id AS id, occurred_at AS occurredAt, status, customer_name AS name, reason, items, total, refunded, currency
    FROM sales WHERE customer_id = ? ORDER BY occurred_at`),
  // One the outbox took was written to a file, never sent: 'outbox', as `messages list` and messages.csv say.
  messages: sql(`SELECT kind, channel, ${LISTED_STATUS} AS status, due_at AS dueAt, sent_at AS sentAt, recipient, content, delivery, error, error_detail AS errorDetail
    FROM messages m WHERE customer_id = ? ORDER BY due_at, id`),
  replies: sql(`SELECT channel, answer, body, class, received_at AS receivedAt, handled_at AS handledAt
    FROM replies WHERE customer_id = ? ORDER BY received_at, id`),
  // Erased already (by another instance's purge, say): nothing left to erase, nothing to count twice.
  shopOf: sql('SELECT shop_id FROM customers WHERE id = ? AND erased_at IS NULL'),
  // Every row of the shop with that phone number or e-mail address: one person may be several rows.
  byPhone: sql('SELECT id FROM customers WHERE shop_id = ? AND phone = ? ORDER BY id'),
  byEmail: sql('SELECT id FROM customers WHERE shop_id = ? AND email = ? ORDER BY id'),
  // Their messages as their outbox files name them (see removeOutboxCopies).
  messageIds: sql<OutboxMessage>('SELECT id, created_at AS createdAt FROM messages WHERE customer_id = ? ORDER BY id'),
  alertIds: sql('SELECT id FROM alerts WHERE reply_id IN (SELECT id FROM replies WHERE customer_id = ?) ORDER BY id'),
  contact: sql<{ phone: string | null; email: string | null; smsOptedOutAt: number | null; emailOptedOutAt: number | null }>(
    'SELECT phone, email, sms_opted_out_at AS smsOptedOutAt, email_opted_out_at AS emailOptedOutAt FROM customers WHERE id = ?',
  ),
  // The public pages' requests to confirm their number or address, not yet purged (a day past their time); one whose
  // code is being handed over right then too: its sender writes nothing more of it (its last writes name its claim,
  // and find no row: src/queue/confirmations.ts), and sends it no second time.
  eraseConfirmations: sql('DELETE FROM join_confirmations WHERE shop_id = @shopId AND destination IN (@phone, @email)'),
  // Contact details and the customer's own words go; the rows stay, anonymous, so the shop's counts stay right.
  eraseCustomer: sql(`UPDATE customers SET pos_customer_id = NULL, name = NULL, phone = NULL, email = NULL, locale = NULL,
      sms_consent = 0, email_consent = 0, sms_opted_out_at = coalesce(sms_opted_out_at, @at),
      email_opted_out_at = coalesce(email_opted_out_at, @at), first_reason = NULL, erased_at = @at WHERE id = @id`),
  mergeSearch: sql("INSERT INTO customer_search (customer_search) VALUES ('optimize')"),
  eraseSales: sql('UPDATE sales SET reason = NULL, customer_name = NULL WHERE customer_id = ?'),
  // A sale by the till's id in the shop (a vendor's key, or `till:<tillId>:<id>`, as sales.till_sale_id keeps it).
  saleByKey: sql<{ id: number; customerId: number | null }>('SELECT id, customer_id AS customerId FROM sales WHERE shop_id = ? AND till_sale_id = ?'),
  // The rows of the buyer of a sale: theirs, and every row of the shop with their number or address (as --phone or
  // --email erases them: one person may be several rows).
  samePerson: sql<number>(`SELECT o.id FROM customers c JOIN customers o ON o.shop_id = c.shop_id
      AND (o.id = c.id OR o.phone = c.phone OR o.email = c.email) WHERE c.id = ? ORDER BY o.id`),
  saleAlone: sql(`SELECT till_sale_id AS id, occurred_at AS occurredAt, status, customer_name AS name, reason, items, total, refunded, currency,
      erased_at AS erasedAt FROM sales WHERE id = ? AND customer_id IS NULL`),
  shopOfSale: sql('SELECT shop_id FROM sales WHERE id = ?'),
  // A sale with no customer holds their words on itself alone: the name the till gave with it and the reason. One that
  // was given its customer meanwhile (a consent link confirmed) is theirs now, and goes with them.
  eraseSaleAlone: sql(`UPDATE sales SET reason = NULL, customer_name = NULL, erased_at = @at
    WHERE id = @id AND customer_id IS NULL AND (reason IS NOT NULL OR customer_name IS NOT NULL)`),
  eraseSaleLookup: sql("UPDATE lookups SET customer_ref = 'erased', error_detail = NULL WHERE sale_id = ? AND customer_ref <> 'erased'"),
  // A row a restore wrote back that is still the row the database it replaced erased: the same shop, id and moment it
  // was made (an id given again since, after an earlier restore, is another person's row, made at another moment).
  sameRow: sql<number>('SELECT id FROM customers WHERE id = ? AND shop_id = ? AND created_at = ? AND erased_at IS NULL'),
  // The same for a sale with no customer: the till's id, and what the sale said (its fingerprint).
  sameSale: sql<number>('SELECT id FROM sales WHERE shop_id = ? AND till_sale_id = ? AND fingerprint = ? AND customer_id IS NULL AND erased_at IS NULL'),
  // The next few sales with no customer and such words, of before `since`, by the index of migration 070, which holds
  // only them (SQLite would read every sale with no customer, walk-ins and all, by sales_by_customer).
  staleSales: sql<number>((e) => `SELECT id FROM sales ${indexedBy(e, 'sales_alone_with_words')}
    WHERE customer_id IS NULL AND (reason IS NOT NULL OR customer_name IS NOT NULL)
      AND occurred_at < @since AND (@shop = 0 OR shop_id = @shop) ORDER BY occurred_at, id LIMIT @limit`),
  // The till's own id for the customer, kept to look them up in its API.
  eraseLookups: sql("UPDATE lookups SET customer_ref = 'erased', error_detail = NULL WHERE sale_id IN (SELECT id FROM sales WHERE customer_id = ?)"),
  // Of a provider's id only that it was the outbox's (a file, never sent), which names nobody: the figures and the log
  // go on leaving it out of what was sent.
  // One being sent right then: if its sender has not yet kept what it hands over, it goes no more (its sender finds its
  // claim gone: queue/messages.ts); if it has, it may be at the provider already, and keeps '' for a recipient, so that
  // the sweep, should that sender die, takes it for a send in doubt, not for one never handed over (which it would send
  // again, and cancel as if the customer had said stop).
  eraseMessages: sql(`UPDATE messages SET recipient = CASE WHEN status = 'sending' AND recipient IS NOT NULL THEN '' END,
      content = NULL, error_detail = NULL, token_hash = NULL,
      provider_id = CASE WHEN substr(provider_id, 1, 7) = 'outbox:' THEN 'outbox:' END,
      error = CASE WHEN ${UNSENT} THEN 'erased' ELSE error END,
      status = CASE WHEN ${UNSENT} THEN 'cancelled' ELSE status END WHERE customer_id = ?`),
  // Her replies still open, which may hold the come-back invitation of another row of hers (see erase).
  openReplies: sql<number>('SELECT id FROM replies WHERE customer_id = ? AND handled_at IS NULL ORDER BY id'),
  // Of what her reply holds, the invitations of rows with no purchase since the retention purge's cut-off: that purge
  // erases them too, in a batch of its own (by id), and cancels them then ('erased'). Let go by her batch, the
  // dispatcher sent one, for a purchase of years ago, in between (or until the next purge, when the server stopped).
  // Left held, it goes to nobody: a purchase before that batch cancels it (bought_again), as it leaves that row be.
  heldStale: sql<number>(`SELECT m.id FROM messages m WHERE m.held_by = ? AND m.status = 'scheduled'
      AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = m.customer_id AND s.occurred_at >= ?)`),
  // An open reply closes (handled at the erasure): with no words, name or number left, nobody can act on it, so it
  // leaves the owner's call-back list and its count.
  eraseReplies: sql('UPDATE replies SET body = NULL, provider_id = NULL, handled_at = coalesce(handled_at, @at) WHERE customer_id = @id'),
  eraseAlerts: sql('UPDATE alerts SET error_detail = NULL WHERE reply_id IN (SELECT id FROM replies WHERE customer_id = ?)'),
  record: sql('INSERT INTO erasures (shop_id, why, at) VALUES (?, ?, ?)'),
  boughtSince: sql('SELECT 1 FROM sales WHERE customer_id = ? AND occurred_at >= ? LIMIT 1'),
  lastPurge: sql<{ doneAt: number }>("SELECT done_at AS doneAt FROM chores WHERE name = 'retention'"),
  purged: sql("INSERT INTO chores (name, done_at) VALUES ('retention', ?) ON CONFLICT (name) DO UPDATE SET done_at = excluded.done_at"),
  // The next few stale customers after @after, in id order. A row with no sale at all is stale by when it was made
  // and by her last words: one a text to the shop's own number made (replies.ts, fromStranger) holds her words for the
  // owner, and would otherwise go at the next purge, the day after; nor does her complaint of last week go with it
  // because her first text was long ago. (A row whose sales are all older than @since goes as ever, one a till's
  // history made today too.)
  stale: sql(`SELECT c.id FROM customers c
    WHERE c.id > @after AND c.erased_at IS NULL AND (@shop = 0 OR c.shop_id = @shop)
      AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = c.id AND s.occurred_at >= @since)
      AND (EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = c.id)
        OR (c.created_at < @since AND NOT EXISTS (SELECT 1 FROM replies r WHERE r.customer_id = c.id AND r.received_at >= @since)))
    ORDER BY c.id LIMIT @limit`),
};

/**
 * The shop of each row (`shopOf`: its statement; a row it finds none for is left out), each shop locked, in one order,
 * so that two erasures over the same shops cannot wait for each other.
 */
async function lockShops(tx: Db, ids: readonly number[], shopOf: Statement<Row>): Promise<Map<number, number>> {
  const shops = new Map<number, number>();
  for (const id of ids) {
    const shopId = await tx.value<number>(shopOf, [id]);
    if (shopId !== undefined) shops.set(id, shopId);
  }
  for (const shopId of [...new Set(shops.values())].sort((a, b) => a - b)) await tx.lock(shopId);
  return shops;
}

/**
 * Erases customers in one transaction, each shop's under its lock; records that erasures happened, not whose. With
 * `unlessBoughtSince` (the retention purge), a customer who bought since then is left alone: the list was made before
 * the locks, and on PostgreSQL a sale may have come in between (a customer coming back after two years, just then).
 */
async function erase(tx: Db, customerIds: readonly number[], why: 'request' | 'retention', at: number, unlessBoughtSince?: number): Promise<Erased> {
  const done = nothing();
  // The rows erased, with their replies that were open: what those held is let go after the loop (see there).
  const erased: { id: number; shopId: number; open: number[] }[] = [];
  for (const [id, shopId] of await lockShops(tx, customerIds, q.shopOf)) {
    if (unlessBoughtSince !== undefined && (await tx.value(q.boughtSince, [id, unlessBoughtSince])) !== undefined) continue;
    done.messageFiles.push(...(await tx.all(q.messageIds, [id])));
    done.alertIds.push(...(await tx.values<number>(q.alertIds, [id])));
    const { phone, email, smsOptedOutAt, emailOptedOutAt } = (await tx.get(q.contact, [id]))!;
    const contacts = [phone, email].filter((d): d is string => d !== null);
    done.destinations.push(...contacts);
    // A STOP or an unsubscribe outlives the erasure: kept under the channel's own number or address, as a later sale
    // with it finds it. A stop of both channels (she never wanted any message: "Er gaat niets meer naartoe, geen sms en
    // geen e-mail") is kept under every contact the row holds, so that a later sale with any of them, beside any
    // other, stops both, as her row did; and a stop with no contact of its own (the e-mail of a phone-only customer)
    // under the other. Before, such a stop went with her row, and the till's next sale with her number and an address
    // e-mailed her. A plain STOP stays a stop of the SMS alone, kept under her number alone, as before.
    const both = smsOptedOutAt !== null && emailOptedOutAt !== null;
    for (const [channel, own, stoppedAt] of [['sms', phone, smsOptedOutAt], ['email', email, emailOptedOutAt]] as const) {
      if (stoppedAt === null) continue;
      for (const contact of both || own === null ? contacts : [own]) keepStopped(tx, await fingerprintKey(tx), shopId, channel, contact, stoppedAt);
    }
    if (phone !== null || email !== null) await tx.run(q.eraseConfirmations, { shopId, phone, email });
    done.lookups += await tx.run(q.eraseLookups, [id]);
    done.sales += await tx.run(q.eraseSales, [id]);
    done.messages += await tx.run(q.eraseMessages, [id]);
    await tx.run(wouldBe.cancelAll, ['erased', id, at]);
    await tx.run(q.eraseAlerts, [id]);
    erased.push({ id, shopId, open: await tx.values<number>(q.openReplies, [id]) });
    done.replies += await tx.run(q.eraseReplies, { id, at });
    await tx.run(q.record, [shopId, why, at]);
  }
  // Their replies closed, what they held on another row of the shop with their number or address (her household's,
  // under its own till id) goes as when the owner handles them (release): the morning after her complaint, or not at
  // all when that is too late, or held on by other words of hers still open. Before, it stayed held by replies nobody
  // could act on any more, and never went. Once every row erased here has its messages cancelled ('erased': none of
  // them is let go, nor lapses), and before the rows lose their numbers and addresses, which find the open replies of
  // the rows kept (SAME_PERSON).
  const shops = new Map<number, Shop>();
  for (const { id, shopId, open } of erased) {
    if (open.length === 0) continue;
    if (!shops.has(shopId)) shops.set(shopId, (await shopStore(tx).byId(shopId))!);
    for (const replyId of open) {
      const stays = unlessBoughtSince === undefined ? undefined : new Set((await tx.values(q.heldStale, [replyId, unlessBoughtSince])).map(Number));
      await release(tx, shops.get(shopId)!, replyId, id, at, stays);
    }
  }
  for (const { id } of erased) await tx.run(q.eraseCustomer, { id, at });
  done.customers += erased.length;
  return done;
}

/**
 * Erases what sales with no customer hold of the person who bought (see q.eraseSaleAlone), in one transaction, each
 * shop's under its lock, and their till look-ups' customer ids; records that an erasure happened for each sale that
 * held anything.
 */
async function eraseAlone(tx: Db, saleIds: readonly number[], why: 'request' | 'retention', at: number): Promise<Erased> {
  const done = nothing();
  for (const [id, shopId] of await lockShops(tx, saleIds, q.shopOfSale)) {
    const erased = await tx.run(q.eraseSaleAlone, { id, at });
    // Only of a sale still without its customer: one given its customer goes with them.
    const lookups = erased > 0 || (await tx.get(q.saleAlone, [id])) !== undefined ? await tx.run(q.eraseSaleLookup, [id]) : 0;
    done.sales += erased;
    done.lookups += lookups;
    if (erased + lookups > 0) await tx.run(q.record, [shopId, why, at]);
  }
  return done;
}

/**
 * Makes erased values unreadable outside the tables too. SQLite: the search index is merged into one segment (its
 * older segments still held the erased customers' trigrams, only marked deleted); the write-ahead log is moved into
 * the database file (where secure_delete has zeroed them) and emptied; a reader holding the log is waited for a second (readers are
 * brief); false when it still held it. PostgreSQL: VACUUM frees the old row versions that still held them. What the
 * server's own write-ahead log, replicas and backups keep is the operator's (see README, "Privacy").
 */
export async function flush(db: Database): Promise<boolean> {
  if (db.engine === 'postgres') {
    await db.exec('VACUUM customers, sales, messages, replies, lookups, alerts, join_confirmations, consent_events, held_out_messages');
    return true;
  }
  const native = db.native;
  await db.run(q.mergeSearch);
  const patience = native.pragma('busy_timeout', { simple: true }) as number;
  native.pragma('busy_timeout = 1000');
  try {
    return (native.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy === 0;
  } finally {
    native.pragma(`busy_timeout = ${patience}`);
  }
}

/**
 * Customers the retention purge erases in one transaction: a hundred take a few tenths of a second, and only their
 * shops wait for them. One transaction for all of them held every shop's lock (and on PostgreSQL a pool connection
 * per waiting sale) for minutes: every sale and /healthz answered 503 on every instance until it was done. On SQLite a
 * transaction holds the server's one thread as well, and every shop's requests wait for it: there a batch is a
 * quarter of that (a hundred at a time, a purge of 40,000 customers held other shops' sales 470 ms each for two
 * minutes: the review of many shops).
 */
export const PURGE_BATCH = { sqlite: 25, postgres: 100 } as const;

type Why = 'request' | 'retention';
/** What a database a restore replaced had erased (restore.ts, erasuresIn), by its shops' ids in the restored one. */
export interface ErasedBefore {
  customers: { shopId: number; id: number; createdAt: number; why: Why; at: number }[];
  sales: { shopId: number; tillSaleId: string; fingerprint: string; why: Why; at: number }[];
  stopped: { shopId: number; hash: string; at: number }[];
}
/** Erased again after a restore, per transaction (nothing else runs on the database then). */
const AGAIN = 500;

const nothing = (): Erased => ({ customers: 0, sales: 0, messages: 0, replies: 0, lookups: 0, messageFiles: [], alertIds: [], destinations: [], logEmptied: true });
function add(to: Erased, e: Erased): void {
  for (const k of ['customers', 'sales', 'messages', 'replies', 'lookups'] as const) to[k] += e[k];
  to.messageFiles.push(...e.messageFiles);
  to.alertIds.push(...e.alertIds);
  to.destinations.push(...e.destinations);
}

export function privacyStore(db: Database) {
  /**
   * Erases the stale customers (of one shop, or all: 0) batch after batch, then what the sales with no customer of
   * before `since` hold of who bought (the name the till gave with it, the reason), each batch in its transaction under
   * the 'retention' lock; `finish` runs in the last one. Null when another instance holds the lock before any was
   * erased. Stopped part-way (a restart), what was erased stays erased, and the rest waits for the next purge.
   */
  async function purgeInBatches(
    since: number, at: number, shopId: number, o: { finish?: (tx: Db) => Promise<unknown>; due?: (tx: Db) => Promise<boolean>; signal?: AbortSignal | undefined } = {},
  ): Promise<Erased | null> {
    const total = nothing();
    const size = PURGE_BATCH[db.engine];
    let customersDone = false;
    for (let after = 0; ; ) {
      if (o.signal?.aborted) return total; // shutting down: the rest at the next purge
      const batch = await db.transaction(async (tx) => {
        if (!(await tx.tryLock('retention'))) return null;
        // Done meanwhile by another instance (the lock is let go between batches): nothing more to do.
        if (o.due && !(await o.due(tx))) return { ids: [], erased: nothing(), last: true };
        // Sales emptied drop out of what staleSales finds: no place to keep between their batches.
        const ids = customersDone
          ? await tx.values<number>(q.staleSales, { shop: shopId, since, limit: size })
          : await tx.values<number>(q.stale, { shop: shopId, since, after, limit: size });
        const erased = customersDone ? await eraseAlone(tx, ids, 'retention', at) : await erase(tx, ids, 'retention', at, since);
        const last = customersDone && ids.length < size;
        if (last) await o.finish?.(tx);
        return { ids, erased, last };
      });
      if (!batch) return total.customers + total.sales > 0 ? total : null; // another instance is at it, and carries on from here
      add(total, batch.erased);
      if (batch.last) return total;
      if (!customersDone && batch.ids.length < size) customersDone = true;
      else after = batch.ids.at(-1)!;
    }
  }
  // Not while shutting down: VACUUM or a checkpoint could outlast the shutdown's deadline (logEmptied false: said).
  const flushed = async (done: Erased | null, signal?: AbortSignal) =>
    done && done.customers + done.sales > 0 ? { ...done, logEmptied: signal?.aborted ? false : await flush(db) } : done;

  const store = {
    /** Every customer of the shop with that phone number (E.164) or e-mail address (normalised). */
    matching: (shopId: number, by: { phone: string } | { email: string }): Promise<number[]> =>
      'phone' in by ? db.values(q.byPhone, [shopId, by.phone]) : db.values(q.byEmail, [shopId, by.email]),
    /** Everything held on one customer, as the customer may ask to see it. */
    async export(customerId: number) {
      const customer = await db.get(q.customer, [customerId]);
      if (!customer) return undefined;
      return {
        customer,
        consent: await db.all(q.consent, [customerId]),
        sales: (await db.all(q.sales, [customerId])).map((s) => ({ ...s, items: JSON.parse(s.items as string) })),
        messages: await db.all(q.messages, [customerId]),
        replies: await db.all(q.replies, [customerId]),
      };
    },
    /** Erases these customers and empties what still holds their old values; returns what it did. */
    async erase(customerIds: readonly number[], why: 'request' | 'retention', at: number): Promise<Erased> {
      return (await flushed(await db.transaction((tx) => erase(tx, customerIds, why, at))))!;
    },
    /**
     * Erases again, in the database a restore wrote back, what the one it replaced had erased since the copy was
     * taken (restore.ts, erasuresIn), as it was erased (why, and when): each customer row that is still the row erased,
     * each sale with no customer that is still the sale; and keeps the keyed hashes that kept their STOPs and
     * unsubscribes past the erasure (`stopped`: how many it did not have). What the copy had erased already stays as it
     * is. `alone`: of the sales erased, those with no customer.
     */
    async eraseAgain(e: ErasedBefore): Promise<Erased & { alone: number; stopped: number }> {
      const total = nothing();
      let alone = 0;
      const groups = new Map<string, { why: Why; at: number; customers: number[]; sales: number[] }>();
      const group = (why: Why, at: number) => {
        const key = `${why} ${at}`;
        if (!groups.has(key)) groups.set(key, { why, at, customers: [], sales: [] });
        return groups.get(key)!;
      };
      for (const c of e.customers) if ((await db.value(q.sameRow, [c.id, c.shopId, c.createdAt])) !== undefined) group(c.why, c.at).customers.push(c.id);
      for (const s of e.sales) {
        const id = await db.value<number>(q.sameSale, [s.shopId, s.tillSaleId, s.fingerprint]);
        if (id !== undefined) group(s.why, s.at).sales.push(id);
      }
      for (const g of groups.values()) {
        for (let i = 0; i < g.customers.length; i += AGAIN) add(total, await db.transaction((tx) => erase(tx, g.customers.slice(i, i + AGAIN), g.why, g.at)));
        for (let i = 0; i < g.sales.length; i += AGAIN) {
          const done = await db.transaction((tx) => eraseAlone(tx, g.sales.slice(i, i + AGAIN), g.why, g.at));
          alone += done.sales;
          add(total, done);
        }
      }
      let stopped = 0;
      for (const s of e.stopped) if (await keepStoppedHash(db, s.shopId, s.hash, s.at)) stopped++;
      return { ...(await flushed(total))!, alone, stopped };
    },
    /**
     * The sale the till's id names in the shop (sales.till_sale_id: with the till's name where it sent one, see
     * saleKey): its buyer's rows (theirs and every row with their number or address), or none when it has no customer.
     * Undefined when there is no such sale.
     */
    async bySale(shopId: number, tillSaleId: string): Promise<{ saleId: number; customers: number[] } | undefined> {
      const sale = await db.get(q.saleByKey, [shopId, tillSaleId]);
      if (!sale) return undefined;
      return { saleId: sale.id, customers: sale.customerId === null ? [] : await db.values(q.samePerson, [sale.customerId]) };
    },
    /** Everything held of the buyer on a sale with no customer: the sale, as a customer's export lists theirs. */
    async exportSale(saleId: number) {
      const sale = await db.get(q.saleAlone, [saleId]);
      if (!sale) return undefined;
      return { customer: null, consent: [], sales: [{ ...sale, items: JSON.parse(sale.items as string) }], messages: [], replies: [] };
    },
    /** Erases what a sale with no customer holds of who bought (see eraseAlone), and empties what still holds it. */
    async eraseSale(saleId: number, at: number): Promise<Erased> {
      return (await flushed(await db.transaction((tx) => eraseAlone(tx, [saleId], 'request', at))))!;
    },
    /**
     * Erases every customer (of one shop, or all) with no purchase since `since`. A chore: null when another instance
     * is purging right now (its purge erases the same customers).
     */
    async purge(since: number, at: number, shopId = 0): Promise<Erased | null> {
      return flushed(await purgeInBatches(since, at, shopId));
    },
    /**
     * The retention purge of every shop, unless it was done at or after `dueFrom` (by this instance or another): the
     * server asks every hour, so that a purge missed while no instance was up happens at the first chance after.
     * 'done' when it was done already; null when another instance is purging right now.
     */
    async purgeUnlessDone(since: number, at: number, dueFrom: number, signal?: AbortSignal): Promise<Erased | 'done' | null> {
      const due = async (tx: Db) => ((await tx.value<number>(q.lastPurge)) ?? -Infinity) < dueFrom;
      if (!(await due(db))) return 'done';
      // Marked done with the last batch: a purge stopped part-way (`signal`: the server stops) goes on at the next chance.
      return flushed(await purgeInBatches(since, at, 0, { finish: (tx) => tx.run(q.purged, [at]), due, signal }), signal);
    },
  };
  return store;
}
