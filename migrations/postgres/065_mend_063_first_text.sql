-- As migrations/sqlite/065_mend_063_first_text.sql (read there why).
CREATE TEMP TABLE first_063 ON COMMIT DROP AS SELECT applied_at AS ran FROM schema_migrations
  WHERE version = 63 AND checksum = '3de8b7685378319152f847a77fade694bb04a1cea3613308e323a1fd4a4ebf29';

-- The opt-outs that text dated as an owner's "no" (on any row of the shop with the number or address).
CREATE TEMP TABLE owner_no_063 ON COMMIT DROP AS
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

UPDATE schema_migrations SET checksum = '3439e963d6484f9a43798769f88756f1b6e3a91d289868efc5c839fb17b35be2'
  WHERE version = 63 AND checksum = '3de8b7685378319152f847a77fade694bb04a1cea3613308e323a1fd4a4ebf29';
DROP TABLE owner_no_063;
DROP TABLE first_063;
