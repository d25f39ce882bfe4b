-- What follows a come-back invitation, for the owner's page: of the customers invited, who bought again within 14 days
-- after the invitation went out, and what those purchases came to (per currency). Counted per shop and quarter hour of
-- sending (like checkin_slots), so the page sums a few hundred rows for any period instead of looking at sales.
--
--   invitation      a come-back message with status 'sent', at its sent_at
--   bought again    a completed (not refunded, not voided) sale of the same customer in the 14 days after sent_at
--                   (sent_at < occurred_at <= sent_at + 1,209,600,000 ms)
--   what it came to the sales' `total` as the till sent it, in hundredths, per currency ('' when the till sent none);
--                   a purchase counts for the latest invitation before it, so one purchase is never counted twice
--
-- Kept right by the triggers below: before a customer's sales or sent invitations change, that customer's whole part is
-- taken out; after the change it is put back as it now is. A customer has few invitations, so that is a handful of rows.
-- A sale can only change invitations sent in the 14 days before it, so the sales' triggers run only when there is one
-- (a new customer's sale costs one look in messages_by_customer).

-- One row per sent invitation, with whether the customer bought again within 14 days.
CREATE VIEW invitation_outcomes AS
SELECT m.customer_id, m.shop_id, m.sent_at / 900000 AS slot,
    EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = m.customer_id AND s.status = 'completed'
      AND s.occurred_at > m.sent_at AND s.occurred_at <= m.sent_at + 1209600000) AS returned
  FROM messages m WHERE m.kind = 'comeback' AND m.status = 'sent';

-- One row per purchase within 14 days after an invitation, counted for the latest invitation before it.
CREATE VIEW invitation_purchases AS
SELECT i.customer_id, i.shop_id, i.sent_at / 900000 AS slot, coalesce(s.currency, '') AS currency,
    CAST(round(coalesce(s.total, 0) * 100) AS INTEGER) AS cents
  FROM messages i JOIN sales s ON s.customer_id = i.customer_id AND s.occurred_at > i.sent_at AND s.occurred_at <= i.sent_at + 1209600000
  WHERE i.kind = 'comeback' AND i.status = 'sent' AND s.status = 'completed'
    AND NOT EXISTS (SELECT 1 FROM messages j WHERE j.customer_id = i.customer_id AND j.kind = 'comeback' AND j.status = 'sent'
      AND (j.sent_at, j.id) > (i.sent_at, i.id) AND j.sent_at < s.occurred_at);

CREATE TABLE invitation_slots (
  shop_id  INTEGER NOT NULL,
  slot     INTEGER NOT NULL,                                 -- sent_at / 900000
  invited  INTEGER NOT NULL,                                 -- invitations sent
  returned INTEGER NOT NULL,                                 -- of those, the customer bought again within 14 days
  PRIMARY KEY (shop_id, slot)
) STRICT, WITHOUT ROWID;

CREATE TABLE invitation_revenue (
  shop_id   INTEGER NOT NULL,
  slot      INTEGER NOT NULL,                                -- the invitation's sent_at / 900000
  currency  TEXT    NOT NULL,
  purchases INTEGER NOT NULL,
  cents     INTEGER NOT NULL,                                -- sum of total × 100
  PRIMARY KEY (shop_id, slot, currency)
) STRICT, WITHOUT ROWID;

-- What is there already.
INSERT INTO invitation_slots SELECT shop_id, slot, count(*), sum(returned) FROM invitation_outcomes GROUP BY shop_id, slot;
INSERT INTO invitation_revenue SELECT shop_id, slot, currency, count(*), sum(cents) FROM invitation_purchases GROUP BY shop_id, slot, currency;

-- The replies page filters by reading, newest first (a rare reading, such as STOP, without reading every reply).
CREATE INDEX replies_by_reading ON replies(shop_id, class, received_at);

-- The triggers. Each "take out" and "put in" is the same pair of statements for one customer, with the sign flipped.

CREATE TRIGGER invitation_sale_insert_before BEFORE INSERT ON sales
  WHEN new.status = 'completed' AND EXISTS (SELECT 1 FROM messages WHERE customer_id = new.customer_id AND kind = 'comeback' AND status = 'sent'
    AND sent_at < new.occurred_at AND sent_at >= new.occurred_at - 1209600000)
BEGIN
  INSERT INTO invitation_slots SELECT shop_id, slot, -count(*), -sum(returned) FROM invitation_outcomes WHERE customer_id = new.customer_id GROUP BY shop_id, slot
    ON CONFLICT DO UPDATE SET invited = invited + excluded.invited, returned = returned + excluded.returned;
  INSERT INTO invitation_revenue SELECT shop_id, slot, currency, -count(*), -sum(cents) FROM invitation_purchases WHERE customer_id = new.customer_id
    GROUP BY shop_id, slot, currency
    ON CONFLICT DO UPDATE SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
END;

CREATE TRIGGER invitation_sale_insert_after AFTER INSERT ON sales
  WHEN new.status = 'completed' AND EXISTS (SELECT 1 FROM messages WHERE customer_id = new.customer_id AND kind = 'comeback' AND status = 'sent'
    AND sent_at < new.occurred_at AND sent_at >= new.occurred_at - 1209600000)
BEGIN
  INSERT INTO invitation_slots SELECT shop_id, slot, count(*), sum(returned) FROM invitation_outcomes WHERE customer_id = new.customer_id GROUP BY shop_id, slot
    ON CONFLICT DO UPDATE SET invited = invited + excluded.invited, returned = returned + excluded.returned;
  INSERT INTO invitation_revenue SELECT shop_id, slot, currency, count(*), sum(cents) FROM invitation_purchases WHERE customer_id = new.customer_id
    GROUP BY shop_id, slot, currency
    ON CONFLICT DO UPDATE SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
END;

-- A refund or void, a sale given its customer later (the consent page), or any other change that matters: the old
-- customer's part and, when the sale moves, the new customer's.
CREATE TRIGGER invitation_sale_update_before BEFORE UPDATE OF status, customer_id, occurred_at, total, currency ON sales
  WHEN EXISTS (SELECT 1 FROM messages WHERE customer_id IN (old.customer_id, new.customer_id) AND kind = 'comeback' AND status = 'sent'
    AND ((sent_at < old.occurred_at AND sent_at >= old.occurred_at - 1209600000) OR (sent_at < new.occurred_at AND sent_at >= new.occurred_at - 1209600000)))
BEGIN
  INSERT INTO invitation_slots SELECT shop_id, slot, -count(*), -sum(returned) FROM invitation_outcomes
    WHERE customer_id IN (old.customer_id, new.customer_id) GROUP BY shop_id, slot
    ON CONFLICT DO UPDATE SET invited = invited + excluded.invited, returned = returned + excluded.returned;
  INSERT INTO invitation_revenue SELECT shop_id, slot, currency, -count(*), -sum(cents) FROM invitation_purchases
    WHERE customer_id IN (old.customer_id, new.customer_id) GROUP BY shop_id, slot, currency
    ON CONFLICT DO UPDATE SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
END;

CREATE TRIGGER invitation_sale_update_after AFTER UPDATE OF status, customer_id, occurred_at, total, currency ON sales
  WHEN EXISTS (SELECT 1 FROM messages WHERE customer_id IN (old.customer_id, new.customer_id) AND kind = 'comeback' AND status = 'sent'
    AND ((sent_at < old.occurred_at AND sent_at >= old.occurred_at - 1209600000) OR (sent_at < new.occurred_at AND sent_at >= new.occurred_at - 1209600000)))
BEGIN
  INSERT INTO invitation_slots SELECT shop_id, slot, count(*), sum(returned) FROM invitation_outcomes
    WHERE customer_id IN (old.customer_id, new.customer_id) GROUP BY shop_id, slot
    ON CONFLICT DO UPDATE SET invited = invited + excluded.invited, returned = returned + excluded.returned;
  INSERT INTO invitation_revenue SELECT shop_id, slot, currency, count(*), sum(cents) FROM invitation_purchases
    WHERE customer_id IN (old.customer_id, new.customer_id) GROUP BY shop_id, slot, currency
    ON CONFLICT DO UPDATE SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
END;

-- An invitation goes out (or, in a repair by hand, stops counting as sent).
CREATE TRIGGER invitation_sent_before BEFORE UPDATE OF status, sent_at ON messages
  WHEN old.kind = 'comeback' AND (old.status = 'sent' OR new.status = 'sent')
BEGIN
  INSERT INTO invitation_slots SELECT shop_id, slot, -count(*), -sum(returned) FROM invitation_outcomes WHERE customer_id = old.customer_id GROUP BY shop_id, slot
    ON CONFLICT DO UPDATE SET invited = invited + excluded.invited, returned = returned + excluded.returned;
  INSERT INTO invitation_revenue SELECT shop_id, slot, currency, -count(*), -sum(cents) FROM invitation_purchases WHERE customer_id = old.customer_id
    GROUP BY shop_id, slot, currency
    ON CONFLICT DO UPDATE SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
END;

CREATE TRIGGER invitation_sent_after AFTER UPDATE OF status, sent_at ON messages
  WHEN old.kind = 'comeback' AND (old.status = 'sent' OR new.status = 'sent')
BEGIN
  INSERT INTO invitation_slots SELECT shop_id, slot, count(*), sum(returned) FROM invitation_outcomes WHERE customer_id = old.customer_id GROUP BY shop_id, slot
    ON CONFLICT DO UPDATE SET invited = invited + excluded.invited, returned = returned + excluded.returned;
  INSERT INTO invitation_revenue SELECT shop_id, slot, currency, count(*), sum(cents) FROM invitation_purchases WHERE customer_id = old.customer_id
    GROUP BY shop_id, slot, currency
    ON CONFLICT DO UPDATE SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
END;

-- A message written as sent straight away (an import, or the benchmark's seeding).
CREATE TRIGGER invitation_inserted_before BEFORE INSERT ON messages
  WHEN new.kind = 'comeback' AND new.status = 'sent'
BEGIN
  INSERT INTO invitation_slots SELECT shop_id, slot, -count(*), -sum(returned) FROM invitation_outcomes WHERE customer_id = new.customer_id GROUP BY shop_id, slot
    ON CONFLICT DO UPDATE SET invited = invited + excluded.invited, returned = returned + excluded.returned;
  INSERT INTO invitation_revenue SELECT shop_id, slot, currency, -count(*), -sum(cents) FROM invitation_purchases WHERE customer_id = new.customer_id
    GROUP BY shop_id, slot, currency
    ON CONFLICT DO UPDATE SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
END;

CREATE TRIGGER invitation_inserted_after AFTER INSERT ON messages
  WHEN new.kind = 'comeback' AND new.status = 'sent'
BEGIN
  INSERT INTO invitation_slots SELECT shop_id, slot, count(*), sum(returned) FROM invitation_outcomes WHERE customer_id = new.customer_id GROUP BY shop_id, slot
    ON CONFLICT DO UPDATE SET invited = invited + excluded.invited, returned = returned + excluded.returned;
  INSERT INTO invitation_revenue SELECT shop_id, slot, currency, count(*), sum(cents) FROM invitation_purchases WHERE customer_id = new.customer_id
    GROUP BY shop_id, slot, currency
    ON CONFLICT DO UPDATE SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
END;
