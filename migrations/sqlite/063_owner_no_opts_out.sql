-- Before 3 December (58f2b31) `customer consent --sms no` (--email-consent no) kept the owner's "no" only as consent
-- withdrawn, which the till's next sale with consent gave back; since then it is an opt-out, as "Niets meer sturen"
-- is (src/cli/privacy.ts: customers.optOut). A "no" recorded before is made one here, as that build would have
-- recorded it: on every row of the shop with the number (address), as of the "no", where the newest consent change
-- on that channel for them is still the owner's "no". A yes that came later from the customer (a START, the join or
-- consent page) or the owner wins; a till's yes does not (today it gives no opt-out back either). What still
-- waited for them on that channel is cancelled, as an opt-out cancels it (held-out would-be messages too).
CREATE TEMP TABLE owner_no AS
SELECT id, channel, at FROM (
  SELECT c.id, t.channel, e.at, e.source, e.given, row_number() OVER (PARTITION BY c.id, t.channel ORDER BY e.at DESC, e.id DESC) AS n
  -- The rows of the shop with the number (address) of a row the owner said "no" for (few: a command typed by hand).
  FROM (SELECT DISTINCT r.id, x.channel FROM consent_events x JOIN customers s ON s.id = x.customer_id
      JOIN customers r ON r.id = s.id OR (r.shop_id = s.shop_id AND ((x.channel = 'sms' AND r.phone = s.phone) OR (x.channel = 'email' AND r.email = s.email)))
    WHERE x.source = 'owner' AND x.given = 0) t
  JOIN customers c ON c.id = t.id
  -- Each one's newest consent change on the channel, on any row of the shop with its number (address), a till's aside.
  JOIN customers o ON o.shop_id = c.shop_id AND (o.id = c.id OR (t.channel = 'sms' AND o.phone = c.phone) OR (t.channel = 'email' AND o.email = c.email))
  JOIN consent_events e ON e.customer_id = o.id AND e.channel = t.channel AND e.source <> 'till'
  WHERE CASE t.channel WHEN 'sms' THEN c.sms_opted_out_at ELSE c.email_opted_out_at END IS NULL
) newest WHERE n = 1 AND source = 'owner' AND given = 0
  -- Nor after a yes the customer confirmed on the join page or a consent link, which wrote no consent change when the
  -- row held consent already (the till's yes had given it back).
  AND NOT EXISTS (SELECT 1 FROM customers c JOIN join_confirmations j ON j.shop_id = c.shop_id AND j.channel = newest.channel
    AND j.destination = CASE newest.channel WHEN 'sms' THEN c.phone ELSE c.email END
    WHERE c.id = newest.id AND j.confirmed_at > newest.at);

UPDATE messages SET status = 'cancelled', error = 'opted_out', error_detail = NULL
  WHERE status = 'scheduled' AND EXISTS (SELECT 1 FROM owner_no n WHERE n.id = messages.customer_id AND n.channel = messages.channel);
UPDATE held_out_messages SET status = 'cancelled', reason = 'opted_out'
  WHERE status = 'waiting' AND EXISTS (SELECT 1 FROM owner_no n WHERE n.id = held_out_messages.customer_id AND n.channel = held_out_messages.channel
    AND held_out_messages.due_at > n.at);
UPDATE customers SET sms_opted_out_at = (SELECT n.at FROM owner_no n WHERE n.id = customers.id AND n.channel = 'sms')
  WHERE id IN (SELECT id FROM owner_no WHERE channel = 'sms');
UPDATE customers SET email_opted_out_at = (SELECT n.at FROM owner_no n WHERE n.id = customers.id AND n.channel = 'email')
  WHERE id IN (SELECT id FROM owner_no WHERE channel = 'email');
DROP TABLE owner_no;
