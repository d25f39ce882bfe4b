-- The dispatcher's shops take turns (src/queue/turns.ts): once a drain it finds the shops with messages due, each
-- by its oldest scheduled message, and each claim takes a few shops' first messages due. Both look a shop's scheduled
-- messages up in their order: one look in this index per shop. A come-back invitation held for a reply (held_by) is
-- not claimed and not in it: so only queries that leave held ones out can use it, and the owner's counts of scheduled
-- messages keep their own indexes (PostgreSQL took this one for the count of texts waiting on the Twilio account).
CREATE INDEX messages_due_by_shop ON messages(shop_id, next_attempt_at) WHERE status = 'scheduled' AND held_by IS NULL;
