-- A check-in Twilio later reported undelivered or failed (a wrong number, a landline) no longer counts as asking the
-- customer: not in "did asking help?", not in the hold-out's "went out" (the customer never got the text), unless
-- another check-in about the same sale went out and was not reported so. New reports are counted so as they come
-- (src/db/messages.ts, recordDelivery); this puts right what was counted before, as 042 did for the outbox. The
-- customers' summary follows, and customer_days and experiment_days by their triggers.
UPDATE sales SET checkin = NULL WHERE checkin IN ('sms', 'email')
  AND EXISTS (SELECT 1 FROM messages m WHERE m.sale_id = sales.id AND m.kind = 'checkin' AND m.status = 'sent'
    AND m.delivery IN ('undelivered', 'failed'))
  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.sale_id = sales.id AND m.kind = 'checkin' AND m.status = 'sent'
    AND coalesce(substr(m.provider_id, 1, 7), '') <> 'outbox:' AND coalesce(m.delivery, '') NOT IN ('undelivered', 'failed'));
UPDATE customers SET asked = NULL WHERE asked IN ('sms', 'email')
  AND EXISTS (SELECT 1 FROM sales s WHERE s.id = customers.first_sale_id AND s.checkin IS NULL);
