-- A come-back invitation Twilio reported undelivered or failed (a wrong number, a landline: its status callback) is
-- not one the customer got: no longer counted in "what follows the come-back invitation", nor the purchases after it
-- credited to it (a purchase counts for the latest invitation before it that was not reported so). The same test as
-- "came back after a message" and a check-in's "asked" (060). The views count so from now on; the triggers on
-- messages now also follow a change of delivery (a callback, in whatever order Twilio's reports come: a later
-- "delivered" counts it again); what was counted before is put right here.
DROP VIEW invitation_purchases;
DROP VIEW invitation_outcomes;

CREATE VIEW invitation_outcomes AS
SELECT m.customer_id, m.shop_id, m.sent_at / 900000 AS slot,
    EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = m.customer_id AND s.status = 'completed'
      AND s.occurred_at > m.sent_at AND s.occurred_at <= m.sent_at + 1209600000) AS returned
  FROM messages m WHERE m.kind = 'comeback' AND m.status = 'sent' AND coalesce(substr(m.provider_id, 1, 7), '') <> 'outbox:'
    AND coalesce(m.delivery, '') NOT IN ('undelivered', 'failed');

CREATE VIEW invitation_purchases AS
SELECT i.customer_id, i.shop_id, i.sent_at / 900000 AS slot, coalesce(s.currency, '') AS currency,
    CAST(round(coalesce(s.total, 0) * 100) AS INTEGER) AS cents
  FROM messages i JOIN sales s ON s.customer_id = i.customer_id AND s.occurred_at > i.sent_at AND s.occurred_at <= i.sent_at + 1209600000
  WHERE i.kind = 'comeback' AND i.status = 'sent' AND coalesce(substr(i.provider_id, 1, 7), '') <> 'outbox:'
    AND coalesce(i.delivery, '') NOT IN ('undelivered', 'failed') AND s.status = 'completed'
    AND NOT EXISTS (SELECT 1 FROM messages j WHERE j.customer_id = i.customer_id AND j.kind = 'comeback' AND j.status = 'sent'
      AND coalesce(substr(j.provider_id, 1, 7), '') <> 'outbox:' AND coalesce(j.delivery, '') NOT IN ('undelivered', 'failed')
      AND (j.sent_at, j.id) > (i.sent_at, i.id) AND j.sent_at < s.occurred_at);

-- An invitation goes out, stops counting as sent (a repair by hand), or is reported undelivered or failed (or, later,
-- delivered after all): the customer's part taken out before and put back after, as 009's triggers do.
DROP TRIGGER invitation_sent_before;
DROP TRIGGER invitation_sent_after;

CREATE TRIGGER invitation_sent_before BEFORE UPDATE OF status, sent_at, delivery ON messages
  WHEN old.kind = 'comeback' AND (old.status = 'sent' OR new.status = 'sent')
BEGIN
  INSERT INTO invitation_slots SELECT shop_id, slot, -count(*), -sum(returned) FROM invitation_outcomes WHERE customer_id = old.customer_id GROUP BY shop_id, slot
    ON CONFLICT DO UPDATE SET invited = invited + excluded.invited, returned = returned + excluded.returned;
  INSERT INTO invitation_revenue SELECT shop_id, slot, currency, -count(*), -sum(cents) FROM invitation_purchases WHERE customer_id = old.customer_id
    GROUP BY shop_id, slot, currency
    ON CONFLICT DO UPDATE SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
END;

CREATE TRIGGER invitation_sent_after AFTER UPDATE OF status, sent_at, delivery ON messages
  WHEN old.kind = 'comeback' AND (old.status = 'sent' OR new.status = 'sent')
BEGIN
  INSERT INTO invitation_slots SELECT shop_id, slot, count(*), sum(returned) FROM invitation_outcomes WHERE customer_id = old.customer_id GROUP BY shop_id, slot
    ON CONFLICT DO UPDATE SET invited = invited + excluded.invited, returned = returned + excluded.returned;
  INSERT INTO invitation_revenue SELECT shop_id, slot, currency, count(*), sum(cents) FROM invitation_purchases WHERE customer_id = old.customer_id
    GROUP BY shop_id, slot, currency
    ON CONFLICT DO UPDATE SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
END;

DELETE FROM invitation_slots;
DELETE FROM invitation_revenue;
INSERT INTO invitation_slots SELECT shop_id, slot, count(*), sum(returned) FROM invitation_outcomes GROUP BY shop_id, slot;
INSERT INTO invitation_revenue SELECT shop_id, slot, currency, count(*), sum(cents) FROM invitation_purchases GROUP BY shop_id, slot, currency;
