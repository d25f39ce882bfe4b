// The customer's rights (AVG/GDPR): everything held on them, and erasure that keeps only anonymous counts.
import type { Db } from './open.js';

/** What an erasure did: how many rows it emptied, and the messages whose copies in the outbox folder must go too. */
export interface Erased {
  customers: number;
  sales: number;
  messages: number;
  replies: number;
  lookups: number;
  messageIds: number[];
  /** False when the write-ahead log could not be emptied (another connection was reading it): erased values may
   * linger there until it is. The erasure itself stands; say so loudly and run it again when nextdeal is idle. */
  logEmptied: boolean;
}

export function privacyStore(db: Db) {
  const q = {
    customer: db.prepare<[number], Record<string, unknown>>(`SELECT id, pos_customer_id AS posCustomerId, name, phone, email, locale,
        sms_consent AS smsConsent, email_consent AS emailConsent, sms_opted_out_at AS smsOptedOutAt, email_opted_out_at AS emailOptedOutAt,
        created_at AS createdAt, erased_at AS erasedAt FROM customers WHERE id = ?`),
    consent: db.prepare<[number], Record<string, unknown>>('SELECT channel, given, source, at FROM consent_events WHERE customer_id = ? ORDER BY at, id'),
    sales: db.prepare<[number], Record<string, unknown>>(`SELECT till_sale_id AS id, occurred_at AS occurredAt, status, reason, items, total, currency
      FROM sales WHERE customer_id = ? ORDER BY occurred_at`),
    messages: db.prepare<[number], Record<string, unknown>>(`SELECT kind, channel, status, due_at AS dueAt, sent_at AS sentAt, recipient, content, delivery, error, error_detail AS errorDetail
      FROM messages WHERE customer_id = ? ORDER BY due_at`),
    replies: db.prepare<[number], Record<string, unknown>>(`SELECT channel, answer, body, class, received_at AS receivedAt, handled_at AS handledAt
      FROM replies WHERE customer_id = ? ORDER BY received_at`),
    shopOf: db.prepare<[number], number>('SELECT shop_id FROM customers WHERE id = ?').pluck(),
    // Every row of the shop with that phone number or e-mail address: one person may be several rows.
    byPhone: db.prepare<[number, string], number>('SELECT id FROM customers WHERE shop_id = ? AND phone = ? ORDER BY id').pluck(),
    byEmail: db.prepare<[number, string], number>('SELECT id FROM customers WHERE shop_id = ? AND email = ? ORDER BY id').pluck(),
    messageIds: db.prepare<[number], number>('SELECT id FROM messages WHERE customer_id = ?').pluck(),
    // Contact details and the customer's own words go; the rows stay, anonymous, so the shop's counts stay right.
    eraseCustomer: db.prepare(`UPDATE customers SET pos_customer_id = NULL, name = NULL, phone = NULL, email = NULL, locale = NULL,
        sms_consent = 0, email_consent = 0, sms_opted_out_at = coalesce(sms_opted_out_at, @at),
        email_opted_out_at = coalesce(email_opted_out_at, @at), first_reason = NULL, erased_at = @at WHERE id = @id`),
    eraseSales: db.prepare('UPDATE sales SET reason = NULL WHERE customer_id = ?'),
    // The till's own id for the customer, kept to look them up in its API.
    eraseLookups: db.prepare("UPDATE lookups SET customer_ref = 'erased', error_detail = NULL WHERE sale_id IN (SELECT id FROM sales WHERE customer_id = ?)"),
    eraseMessages: db.prepare(`UPDATE messages SET recipient = NULL, content = NULL, error_detail = NULL, token_hash = NULL, provider_id = NULL,
        error = CASE status WHEN 'scheduled' THEN 'erased' ELSE error END,
        status = CASE status WHEN 'scheduled' THEN 'cancelled' ELSE status END WHERE customer_id = ?`),
    eraseReplies: db.prepare('UPDATE replies SET body = NULL, provider_id = NULL WHERE customer_id = ?'),
    eraseAlerts: db.prepare('UPDATE alerts SET error_detail = NULL WHERE reply_id IN (SELECT id FROM replies WHERE customer_id = ?)'),
    record: db.prepare('INSERT INTO erasures (shop_id, why, at) VALUES (?, ?, ?)'),
    stale: db.prepare<[number, number, number], number>(`SELECT c.id FROM customers c
      WHERE c.erased_at IS NULL AND (? = 0 OR c.shop_id = ?)
        AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = c.id AND s.occurred_at >= ?)`).pluck(),
  };

  /** Erases customers in one transaction; records that erasures happened, not whose. */
  const erase = db.transaction((customerIds: readonly number[], why: 'request' | 'retention', at: number): Erased => {
    const done: Erased = { customers: 0, sales: 0, messages: 0, replies: 0, lookups: 0, messageIds: [], logEmptied: true };
    for (const id of customerIds) {
      const shopId = q.shopOf.get(id);
      if (shopId === undefined) continue;
      done.messageIds.push(...q.messageIds.all(id));
      q.eraseCustomer.run({ id, at });
      done.customers++;
      done.lookups += q.eraseLookups.run(id).changes;
      done.sales += q.eraseSales.run(id).changes;
      done.messages += q.eraseMessages.run(id).changes;
      q.eraseAlerts.run(id);
      done.replies += q.eraseReplies.run(id).changes;
      q.record.run(shopId, why, at);
    }
    return done;
  });

  /**
   * Moves the write-ahead log into the database file and empties it, so erased values linger in neither. A reader
   * holding the log is waited for a second (readers are brief); false when it still held it.
   */
  function flush(): boolean {
    const patience = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 1000');
    try {
      return (db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy === 0;
    } finally {
      db.pragma(`busy_timeout = ${patience}`);
    }
  }

  return {
    /** Every customer of the shop with that phone number (E.164) or e-mail address (normalised). */
    matching: (shopId: number, by: { phone: string } | { email: string }): number[] =>
      'phone' in by ? q.byPhone.all(shopId, by.phone) : q.byEmail.all(shopId, by.email),
    /** Everything held on one customer, as the customer may ask to see it. */
    export(customerId: number) {
      const customer = q.customer.get(customerId);
      if (!customer) return undefined;
      return {
        customer,
        consent: q.consent.all(customerId),
        sales: q.sales.all(customerId).map((s) => ({ ...s, items: JSON.parse(s.items as string) })),
        messages: q.messages.all(customerId),
        replies: q.replies.all(customerId),
      };
    },
    /** Erases these customers and empties the write-ahead log; returns what it did. */
    erase(customerIds: readonly number[], why: 'request' | 'retention', at: number): Erased {
      const done = erase.immediate(customerIds, why, at);
      return done.customers > 0 ? { ...done, logEmptied: flush() } : done;
    },
    /** Erases every customer (of one shop, or all) with no purchase since `since`. */
    purge(since: number, at: number, shopId = 0): Erased {
      return this.erase(q.stale.all(shopId, shopId, since), 'retention', at);
    },
  };
}
