-- As migrations/sqlite/060_checkin_undelivered.sql (read there why): a check-in Twilio later reported undelivered or
-- failed no longer counts as asking the customer, unless another check-in about the same sale went out and was not
-- reported so; what was counted before is put right here, the customers' summary following (customer_days and
-- experiment_days by their triggers).
UPDATE sales SET checkin = NULL WHERE checkin IN ('sms', 'email')
  AND EXISTS (SELECT 1 FROM messages m WHERE m.sale_id = sales.id AND m.kind = 'checkin' AND m.status = 'sent'
    AND m.delivery IN ('undelivered', 'failed'))
  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.sale_id = sales.id AND m.kind = 'checkin' AND m.status = 'sent'
    AND coalesce(substr(m.provider_id, 1, 7), '') <> 'outbox:' AND coalesce(m.delivery, '') NOT IN ('undelivered', 'failed'));
UPDATE customers SET asked = NULL WHERE asked IN ('sms', 'email')
  AND EXISTS (SELECT 1 FROM sales s WHERE s.id = customers.first_sale_id AND s.checkin IS NULL);
