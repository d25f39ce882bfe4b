-- A come-back invitation a complaint held (a reply read as a problem; not a stranger's "verkeerd nummer" nor the
-- reply page's wrong address, answered_with 'misdirected') is marked when the complaint holds it, once, on the message:
-- after_problem is that reply's id (the last complaint to hold it). Its wording names nothing bought ("bedankt dat je
-- ons liet weten wat er niet goed was"), read with the message (src/db/messages.ts CONTEXT), never by looking through
-- replies: the first attempt did, and read the whole replies table for every come-back it sent (its review, 45-180 ms
-- each at 50,000 replies). planned_at is the invitation's time when a complaint first holds it (or when it is planned
-- while one does), before any handling moves it: the 14 days within which the complaint must be handled count from
-- there, not from a time the handling moved it to ("Terug op de lijst", then handled again, counted them afresh).
-- Neither is a reference: a fact about the message, kept as it was (held_by is the reference).
ALTER TABLE messages ADD COLUMN after_problem INTEGER;
ALTER TABLE messages ADD COLUMN planned_at INTEGER;
-- The chore that lets an invitation lapse finds those a complaint still holds (held_by = after_problem) past their 14
-- days here, by planned_at: a row lapses the tick it is found, so most ticks look at nothing. One held by a question,
-- or by words the owner never handles, or released, is not in it: such a one may wait for good, and costs no tick.
CREATE INDEX messages_complaint_held ON messages(planned_at) WHERE status = 'scheduled' AND held_by = after_problem;
-- A reply's count of the replies to its message (src/db/replies.ts: whether these are the first words to it, whether
-- a "sorry" was said to it already) and the reply page's answer to its message read the whole replies table, every
-- reply of every shop, each time one came in; so did the foreign key's check of a message deleted. Found by this
-- migration's test, which explains every statement reading replies in a complaint's life beside 20,000 of another's.
-- PostgreSQL has it since its 045 (which left SQLite out for a sale's writes: a reply's are few, and write this one).
CREATE INDEX replies_by_message ON replies(message_id) WHERE message_id IS NOT NULL;
-- The invitations a complaint already holds at the upgrade are marked as one held after it would be: held by her last
-- open complaint (the same person, as src/db/customers.ts SAME_PERSON says: the shop's rows with her number or
-- address; also when the release before let a later question of hers hold it, max(id)), after_problem that
-- complaint, planned_at its time now. Unmarked, they never lapsed, went the moment the complaint was handled and named
-- the raincoat (its review, finding 1). Those already more than 14 days past their time lapse on the first sweep
-- (complaint_late), as one held after the upgrade would have: the owner is told so (migration-notes.ts). Only the
-- held ones (held_by IS NOT NULL) are looked at, one statement.
UPDATE messages SET held_by = p.complaint, after_problem = p.complaint, planned_at = messages.due_at
FROM (SELECT m.id AS message_id, (SELECT max(r.id) FROM replies r
    WHERE r.customer_id IN (SELECT m.customer_id
      UNION SELECT o.id FROM customers c JOIN customers o ON o.phone = c.phone AND o.shop_id = c.shop_id WHERE c.id = m.customer_id
      UNION SELECT o.id FROM customers c JOIN customers o ON o.email = c.email AND o.shop_id = c.shop_id WHERE c.id = m.customer_id)
    AND r.class = 'problem' AND coalesce(r.answered_with, '') <> 'misdirected' AND r.handled_at IS NULL) AS complaint
  FROM messages m WHERE m.status = 'scheduled' AND m.kind = 'comeback' AND m.held_by IS NOT NULL) p
WHERE messages.id = p.message_id AND p.complaint IS NOT NULL;
