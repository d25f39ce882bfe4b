-- As migrations/sqlite/072_invitation_undelivered.sql (read there why): a come-back invitation Twilio reported
-- undelivered or failed is not one the customer got, in "what follows the come-back invitation" (the views, with
-- 042's test of the outbox); the triggers on messages follow a change of delivery too; what was counted is put right.
CREATE OR REPLACE VIEW invitation_outcomes AS
SELECT m.customer_id, m.shop_id, m.sent_at / 900000 AS slot,
    (EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = m.customer_id AND s.status = 'completed'
      AND s.occurred_at > m.sent_at AND s.occurred_at <= m.sent_at + 1209600000))::integer AS returned
  FROM messages m WHERE m.kind = 'comeback' AND m.status = 'sent' AND coalesce(substr(m.provider_id, 1, 7), '') <> 'outbox:'
    AND coalesce(m.delivery, '') NOT IN ('undelivered', 'failed');

CREATE OR REPLACE VIEW invitation_purchases AS
SELECT i.customer_id, i.shop_id, i.sent_at / 900000 AS slot, coalesce(s.currency, '') AS currency,
    CAST(sign(coalesce(s.total, 0) * 100) * trunc(abs(coalesce(s.total, 0) * 100) + 0.5::double precision) AS BIGINT) AS cents
  FROM messages i JOIN sales s ON s.customer_id = i.customer_id AND s.occurred_at > i.sent_at AND s.occurred_at <= i.sent_at + 1209600000
  WHERE i.kind = 'comeback' AND i.status = 'sent' AND coalesce(substr(i.provider_id, 1, 7), '') <> 'outbox:'
    AND coalesce(i.delivery, '') NOT IN ('undelivered', 'failed') AND s.status = 'completed'
    AND NOT EXISTS (SELECT 1 FROM messages j WHERE j.customer_id = i.customer_id AND j.kind = 'comeback' AND j.status = 'sent'
      AND coalesce(substr(j.provider_id, 1, 7), '') <> 'outbox:' AND coalesce(j.delivery, '') NOT IN ('undelivered', 'failed')
      AND (j.sent_at, j.id) > (i.sent_at, i.id) AND j.sent_at < s.occurred_at);

-- An invitation reported undelivered or failed (or, later, delivered after all): the customer's part taken out and
-- put back, as for one that goes out (012's invitation_sent, which locks the customer's row first).
DROP TRIGGER invitation_sent_before ON messages;
DROP TRIGGER invitation_sent_after ON messages;
CREATE TRIGGER invitation_sent_before BEFORE UPDATE OF status, sent_at, delivery ON messages
  FOR EACH ROW WHEN (OLD.kind = 'comeback' AND (OLD.status = 'sent' OR NEW.status = 'sent')) EXECUTE FUNCTION invitation_sent();
CREATE TRIGGER invitation_sent_after AFTER UPDATE OF status, sent_at, delivery ON messages
  FOR EACH ROW WHEN (OLD.kind = 'comeback' AND (OLD.status = 'sent' OR NEW.status = 'sent')) EXECUTE FUNCTION invitation_sent();

DELETE FROM invitation_slots;
DELETE FROM invitation_revenue;
INSERT INTO invitation_slots SELECT shop_id, slot, count(*), sum(returned) FROM invitation_outcomes GROUP BY shop_id, slot;
INSERT INTO invitation_revenue SELECT shop_id, slot, currency, count(*), sum(cents) FROM invitation_purchases GROUP BY shop_id, slot, currency;
