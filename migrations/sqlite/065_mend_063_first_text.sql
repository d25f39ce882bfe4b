-- Migration 063's first text (8ec3b04) was on main for an hour on 5 December 2026 before 508c925 replaced it, and a
-- release refused to start on a database that had run it (a migration changed after it ran: migration-checksums.ts).
-- That text did two things the final one does not: it opted out a customer who, after the owner's old "no", said yes
-- herself on the join page or a consent link; and it cancelled a held-out customer's would-be messages due before the
-- "no" (they had "gone", as the hold-out comparison counts them). Here only a database that ran that text changes (the
-- checksum kept for 63 says which text ran): the two are undone, and it holds the final text's checksum from then on.
-- What the first text cancelled of such a customer's own messages (and would-be messages due after the "no") stays
-- cancelled (their time has passed, or a later purchase's took their place): one message fewer, never one twice. Today's code opts in a customer who confirms on the join page
-- (confirmations.ts), so an opt-out dated as an owner's "no", with such a yes after it, is only ever this text's.
CREATE TEMP TABLE first_063 AS SELECT applied_at AS ran FROM schema_migrations
  WHERE version = 63 AND checksum = 'f487cb77dfb2fcf10766bb2b5ae723218e2c765d1ed0fdf381d4ab55d78f05a9';

-- The opt-outs that text dated as an owner's "no" (on any row of the shop with the number or address).
CREATE TEMP TABLE owner_no_063 AS
SELECT c.id, x.channel, x.at FROM customers c
  JOIN customers s ON s.shop_id = c.shop_id
  JOIN consent_events x ON x.customer_id = s.id AND x.source = 'owner' AND x.given = 0
  WHERE EXISTS (SELECT 1 FROM first_063)
    AND (s.id = c.id OR (x.channel = 'sms' AND s.phone = c.phone) OR (x.channel = 'email' AND s.email = c.email))
    AND x.at = CASE x.channel WHEN 'sms' THEN c.sms_opted_out_at ELSE c.email_opted_out_at END;

UPDATE held_out_messages SET status = 'waiting', reason = NULL
  WHERE status = 'cancelled' AND reason = 'opted_out'
    AND EXISTS (SELECT 1 FROM owner_no_063 n WHERE n.id = held_out_messages.customer_id AND n.channel = held_out_messages.channel
      AND held_out_messages.due_at <= n.at)
    -- Not one a "no" before it was due had cancelled already (the customer's own opt-out, taken back later).
    AND NOT EXISTS (SELECT 1 FROM consent_events e WHERE e.customer_id = held_out_messages.customer_id
      AND e.channel = held_out_messages.channel AND e.given = 0 AND e.at < held_out_messages.due_at);
UPDATE customers SET sms_opted_out_at = NULL
  WHERE id IN (SELECT n.id FROM owner_no_063 n JOIN customers c ON c.id = n.id JOIN join_confirmations j ON j.shop_id = c.shop_id
    AND j.channel = 'sms' AND j.destination = c.phone WHERE n.channel = 'sms' AND j.confirmed_at > n.at AND j.confirmed_at < (SELECT ran FROM first_063));
UPDATE customers SET email_opted_out_at = NULL
  WHERE id IN (SELECT n.id FROM owner_no_063 n JOIN customers c ON c.id = n.id JOIN join_confirmations j ON j.shop_id = c.shop_id
    AND j.channel = 'email' AND j.destination = c.email WHERE n.channel = 'email' AND j.confirmed_at > n.at AND j.confirmed_at < (SELECT ran FROM first_063));

UPDATE schema_migrations SET checksum = 'f24458fa2e9c7c389b5109b6b542ae7097df6f56836bd8c47361be85b4fb84f7'
  WHERE version = 63 AND checksum = 'f487cb77dfb2fcf10766bb2b5ae723218e2c765d1ed0fdf381d4ab55d78f05a9';
DROP TABLE owner_no_063;
DROP TABLE first_063;
