-- As migrations/sqlite/037.
-- Two of the owner's first page's look-ups read every row they count (300,000 customers, three years: 100 ms for the
-- page, 53 of it these two):
-- - the call-back list, problems then questions then the rest, newest first: it read every open reply (thousands of
--   'other' at a busy shop) and sorted them for ten. In this index they stand in that order.
-- - the warning that messages went to the local outbox: it read every message sent in 30 days to see which. Only
--   those go in this index, none at all where Twilio and SMTP are set up.
CREATE INDEX replies_call_back ON replies(shop_id, (CASE class WHEN 'problem' THEN 0 WHEN 'question' THEN 1 ELSE 2 END), received_at DESC, id DESC)
  WHERE class IN ('problem', 'question', 'other') AND handled_at IS NULL;
CREATE INDEX messages_outboxed ON messages(shop_id, due_at) WHERE status = 'sent' AND substr(provider_id, 1, 7) = 'outbox:';
