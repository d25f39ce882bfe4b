// The customer's rights (AVG/GDPR): everything held on them, and erasure that keeps only anonymous counts.
import type { Db } from './open.js';

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
    // Contact details and the customer's own words go; the rows stay, anonymous, so the shop's counts stay right.
    eraseCustomer: db.prepare(`UPDATE customers SET pos_customer_id = NULL, name = NULL, phone = NULL, email = NULL, locale = NULL,
        sms_consent = 0, email_consent = 0, sms_opted_out_at = coalesce(sms_opted_out_at, @at),
        email_opted_out_at = coalesce(email_opted_out_at, @at), first_reason = NULL, erased_at = @at WHERE id = @id`),
    eraseSales: db.prepare('UPDATE sales SET reason = NULL WHERE customer_id = ?'),
    eraseMessages: db.prepare(`UPDATE messages SET recipient = NULL, content = NULL, error_detail = NULL, token_hash = NULL,
        error = CASE status WHEN 'scheduled' THEN 'erased' ELSE error END,
        status = CASE status WHEN 'scheduled' THEN 'cancelled' ELSE status END WHERE customer_id = ?`),
    eraseReplies: db.prepare('UPDATE replies SET body = NULL, provider_id = NULL WHERE customer_id = ?'),
    eraseAlerts: db.prepare('UPDATE alerts SET error_detail = NULL WHERE reply_id IN (SELECT id FROM replies WHERE customer_id = ?)'),
    record: db.prepare('INSERT INTO erasures (shop_id, why, at) VALUES (?, ?, ?)'),
    stale: db.prepare<[number, number, number], number>(`SELECT c.id FROM customers c
      WHERE c.erased_at IS NULL AND (? = 0 OR c.shop_id = ?)
        AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = c.id AND s.occurred_at >= ?)`).pluck(),
  };

  const erase = db.transaction((customerId: number, why: 'request' | 'retention', at: number) => {
    const shopId = q.shopOf.get(customerId);
    if (shopId === undefined) return false;
    q.eraseCustomer.run({ id: customerId, at });
    q.eraseSales.run(customerId);
    q.eraseMessages.run(customerId);
    q.eraseAlerts.run(customerId);
    q.eraseReplies.run(customerId);
    q.record.run(shopId, why, at);
    return true;
  });

  /** Moves the write-ahead log into the database file and empties it, so erased values linger in neither. */
  const flush = () => db.pragma('wal_checkpoint(TRUNCATE)');

  return {
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
    /** Erases one customer; records that an erasure happened, not whose. */
    erase(customerId: number, why: 'request' | 'retention', at: number): boolean {
      const done = erase.immediate(customerId, why, at);
      if (done) flush();
      return done;
    },
    /** Erases every customer (of one shop, or all) with no purchase since `since`; returns how many. */
    purge(since: number, at: number, shopId = 0): number {
      const ids = q.stale.all(shopId, shopId, since);
      for (const id of ids) erase.immediate(id, 'retention', at);
      if (ids.length > 0) flush();
      return ids.length;
    },
  };
}
