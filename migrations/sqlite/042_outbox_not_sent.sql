-- A message the outbox took (no SMTP or Twilio set up: provider_id 'outbox:<file>', written to a file, never sent)
-- is no longer counted as reaching the customer: not an invitation in "what follows the come-back invitation", not a
-- customer asked (sales.checkin, and so "did asking help?" and the hold-out's "went out"), not a message a customer
-- came back after. New sends are counted so as they are marked sent (src/db/messages.ts, src/db/summary.ts); this
-- puts right what was counted before. The check-ins table takes them off as it reads (src/db/figures.ts).

-- The invitations: only those that went out, counted afresh.
DROP VIEW invitation_purchases;
DROP VIEW invitation_outcomes;

CREATE VIEW invitation_outcomes AS
SELECT m.customer_id, m.shop_id, m.sent_at / 900000 AS slot,
    EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = m.customer_id AND s.status = 'completed'
      AND s.occurred_at > m.sent_at AND s.occurred_at <= m.sent_at + 1209600000) AS returned
  FROM messages m WHERE m.kind = 'comeback' AND m.status = 'sent' AND coalesce(substr(m.provider_id, 1, 7), '') <> 'outbox:';

CREATE VIEW invitation_purchases AS
SELECT i.customer_id, i.shop_id, i.sent_at / 900000 AS slot, coalesce(s.currency, '') AS currency,
    CAST(round(coalesce(s.total, 0) * 100) AS INTEGER) AS cents
  FROM messages i JOIN sales s ON s.customer_id = i.customer_id AND s.occurred_at > i.sent_at AND s.occurred_at <= i.sent_at + 1209600000
  WHERE i.kind = 'comeback' AND i.status = 'sent' AND coalesce(substr(i.provider_id, 1, 7), '') <> 'outbox:' AND s.status = 'completed'
    AND NOT EXISTS (SELECT 1 FROM messages j WHERE j.customer_id = i.customer_id AND j.kind = 'comeback' AND j.status = 'sent'
      AND coalesce(substr(j.provider_id, 1, 7), '') <> 'outbox:' AND (j.sent_at, j.id) > (i.sent_at, i.id) AND j.sent_at < s.occurred_at);

DELETE FROM invitation_slots;
DELETE FROM invitation_revenue;
INSERT INTO invitation_slots SELECT shop_id, slot, count(*), sum(returned) FROM invitation_outcomes GROUP BY shop_id, slot;
INSERT INTO invitation_revenue SELECT shop_id, slot, currency, count(*), sum(cents) FROM invitation_purchases GROUP BY shop_id, slot, currency;

-- A sale whose check-in only the outbox took was not asked about; its customer's summary follows (customer_days and
-- experiment_days by their triggers).
UPDATE sales SET checkin = NULL WHERE checkin IN ('sms', 'email')
  AND EXISTS (SELECT 1 FROM messages m WHERE m.sale_id = sales.id AND m.kind = 'checkin' AND m.status = 'sent'
    AND substr(m.provider_id, 1, 7) = 'outbox:')
  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.sale_id = sales.id AND m.kind = 'checkin' AND m.status = 'sent'
    AND coalesce(substr(m.provider_id, 1, 7), '') <> 'outbox:');
UPDATE customers SET asked = NULL WHERE asked IN ('sms', 'email')
  AND EXISTS (SELECT 1 FROM sales s WHERE s.id = customers.first_sale_id AND s.checkin IS NULL);

-- Came back after a message: not after one the outbox took (the same test as src/db/summary.ts's CAME_BACK).
UPDATE customers SET came_back_after = 0 WHERE came_back_after = 1 AND coalesce(held_out, 0) <> 1
  AND NOT EXISTS (SELECT 1 FROM sales s JOIN messages m ON m.customer_id = s.customer_id
    WHERE s.customer_id = customers.id AND s.status = 'completed' AND s.local_day > customers.first_day
      AND m.status = 'sent' AND (m.delivery IS NULL OR m.delivery NOT IN ('failed', 'undelivered'))
      AND coalesce(substr(m.provider_id, 1, 7), '') <> 'outbox:'
      AND s.occurred_at > m.sent_at AND s.occurred_at <= m.sent_at + 1209600000);
