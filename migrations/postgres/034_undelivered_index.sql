-- As migrations/sqlite/034.
-- The owner's message log shows under "mislukt" what did not reach the customer: messages refused (status 'failed',
-- in messages_by_shop_few) and those sent but reported undelivered by Twilio (status 'sent', which that index leaves
-- out). Both are few, so they have one small index together; a sale's messages never go into it (they start
-- 'scheduled'), and one goes in only when it fails or its delivery report says it did not arrive.
CREATE INDEX messages_by_shop_trouble ON messages(shop_id, due_at)
  WHERE status = 'failed' OR (status = 'sent' AND delivery IN ('undelivered', 'failed'));
