-- Opting out by SMS keyword, by unsubscribe link or through Twilio (21610) stopped only the one customer row the
-- reply or message was matched to; another row of the same shop with the same number or address (one person, or one
-- family, entered twice at the till) went on being texted or e-mailed. Now every row of the shop with that number or
-- address is opted out together (src/db/customers.ts). This does the same for the opt-outs kept before: each such row
-- is opted out as of the first opt-out at its number or address, with a consent event from the same source, and what
-- waited for it on that channel is cancelled.
INSERT INTO consent_events (shop_id, customer_id, channel, given, source, at)
  SELECT shop_id, id, 'sms', 0,
    coalesce((SELECT e.source FROM consent_events e JOIN customers o ON o.id = e.customer_id
      WHERE o.shop_id = customers.shop_id AND o.phone = customers.phone AND o.sms_opted_out_at IS NOT NULL AND e.channel = 'sms' AND e.given = 0
      ORDER BY e.at DESC LIMIT 1), 'sms_keyword'),
    (SELECT min(o.sms_opted_out_at) FROM customers o WHERE o.shop_id = customers.shop_id AND o.phone = customers.phone AND o.sms_opted_out_at IS NOT NULL)
  FROM customers WHERE sms_opted_out_at IS NULL AND phone IS NOT NULL AND EXISTS (SELECT 1 FROM customers o WHERE o.shop_id = customers.shop_id AND o.phone = customers.phone AND o.sms_opted_out_at IS NOT NULL);
UPDATE messages SET status = 'cancelled', error = 'opted_out', error_detail = NULL
  WHERE channel = 'sms' AND status = 'scheduled' AND customer_id IN (SELECT id FROM customers WHERE sms_opted_out_at IS NULL AND phone IS NOT NULL AND EXISTS (SELECT 1 FROM customers o WHERE o.shop_id = customers.shop_id AND o.phone = customers.phone AND o.sms_opted_out_at IS NOT NULL));
UPDATE held_out_messages SET status = 'cancelled', reason = 'opted_out'
  WHERE channel = 'sms' AND status = 'waiting' AND customer_id IN (SELECT id FROM customers WHERE sms_opted_out_at IS NULL AND phone IS NOT NULL AND EXISTS (SELECT 1 FROM customers o WHERE o.shop_id = customers.shop_id AND o.phone = customers.phone AND o.sms_opted_out_at IS NOT NULL));
UPDATE customers SET sms_opted_out_at = (SELECT min(o.sms_opted_out_at) FROM customers o WHERE o.shop_id = customers.shop_id AND o.phone = customers.phone AND o.sms_opted_out_at IS NOT NULL) WHERE sms_opted_out_at IS NULL AND phone IS NOT NULL AND EXISTS (SELECT 1 FROM customers o WHERE o.shop_id = customers.shop_id AND o.phone = customers.phone AND o.sms_opted_out_at IS NOT NULL);

INSERT INTO consent_events (shop_id, customer_id, channel, given, source, at)
  SELECT shop_id, id, 'email', 0,
    coalesce((SELECT e.source FROM consent_events e JOIN customers o ON o.id = e.customer_id
      WHERE o.shop_id = customers.shop_id AND o.email = customers.email AND o.email_opted_out_at IS NOT NULL AND e.channel = 'email' AND e.given = 0
      ORDER BY e.at DESC LIMIT 1), 'unsubscribe_link'),
    (SELECT min(o.email_opted_out_at) FROM customers o WHERE o.shop_id = customers.shop_id AND o.email = customers.email AND o.email_opted_out_at IS NOT NULL)
  FROM customers WHERE email_opted_out_at IS NULL AND email IS NOT NULL AND EXISTS (SELECT 1 FROM customers o WHERE o.shop_id = customers.shop_id AND o.email = customers.email AND o.email_opted_out_at IS NOT NULL);
UPDATE messages SET status = 'cancelled', error = 'opted_out', error_detail = NULL
  WHERE channel = 'email' AND status = 'scheduled' AND customer_id IN (SELECT id FROM customers WHERE email_opted_out_at IS NULL AND email IS NOT NULL AND EXISTS (SELECT 1 FROM customers o WHERE o.shop_id = customers.shop_id AND o.email = customers.email AND o.email_opted_out_at IS NOT NULL));
UPDATE held_out_messages SET status = 'cancelled', reason = 'opted_out'
  WHERE channel = 'email' AND status = 'waiting' AND customer_id IN (SELECT id FROM customers WHERE email_opted_out_at IS NULL AND email IS NOT NULL AND EXISTS (SELECT 1 FROM customers o WHERE o.shop_id = customers.shop_id AND o.email = customers.email AND o.email_opted_out_at IS NOT NULL));
UPDATE customers SET email_opted_out_at = (SELECT min(o.email_opted_out_at) FROM customers o WHERE o.shop_id = customers.shop_id AND o.email = customers.email AND o.email_opted_out_at IS NOT NULL) WHERE email_opted_out_at IS NULL AND email IS NOT NULL AND EXISTS (SELECT 1 FROM customers o WHERE o.shop_id = customers.shop_id AND o.email = customers.email AND o.email_opted_out_at IS NOT NULL);
