-- The owner's message log found a status through messages_by_shop_status (shop_id, status, due_at): one more index
-- every message went into when its sale came in, and moved in at each step of its sending. Most messages are planned
-- or sent, and the log finds those by walking messages_by_shop_due (their day's messages are mostly of that status).
-- The others (failed, cancelled, expired, uncertain, being sent) are few: only they are indexed by status, so a sale
-- writes one index fewer for each of its messages.
DROP INDEX messages_by_shop_status;
CREATE INDEX messages_by_shop_few ON messages(shop_id, status, due_at) WHERE status NOT IN ('scheduled', 'sent');
