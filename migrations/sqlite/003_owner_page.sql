-- The owner's page: login, and summaries kept up to date on every write so the page reads few rows.
-- Day numbers are local calendar days in the shop's time zone, counted from 1970-01-01 (day 0).

ALTER TABLE shops ADD COLUMN password_hash TEXT;              -- scrypt; null until `shop set-password`

CREATE TABLE sessions (
  token_hash TEXT    PRIMARY KEY,                             -- sha256 of the cookie value
  shop_id    INTEGER NOT NULL REFERENCES shops(id),
  csrf       TEXT    NOT NULL,                                -- the token every form of this session carries
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_expiry ON sessions(expires_at);

ALTER TABLE sales ADD COLUMN local_day INTEGER;                -- the sale's calendar day in the shop's time zone
-- What became of the check-in about this sale: 'sms' or 'email' when it went out, 'none' when it could not
-- be asked (no consent, no contact), null otherwise (pending, opted out, failed, refunded).
ALTER TABLE sales ADD COLUMN checkin TEXT CHECK (checkin IN ('sms', 'email', 'none'));

-- Per customer, from their completed (not refunded or voided) sales:
ALTER TABLE customers ADD COLUMN first_sale_id INTEGER REFERENCES sales(id);
ALTER TABLE customers ADD COLUMN first_day INTEGER;            -- day of the first purchase
ALTER TABLE customers ADD COLUMN return_day INTEGER;           -- first later day with a purchase: they came back
ALTER TABLE customers ADD COLUMN asked TEXT;                   -- the first sale's checkin, as above
ALTER TABLE customers ADD COLUMN first_reason TEXT;            -- the first sale's reason, normalised for counting
ALTER TABLE messages ADD COLUMN replied_at INTEGER;            -- when the first reply to it came in
CREATE INDEX messages_by_shop_due ON messages(shop_id, due_at);
CREATE INDEX messages_by_shop_status ON messages(shop_id, status, due_at);
-- Opt-outs the customer (or Twilio for them) asked for; the same condition as the page's count.
CREATE INDEX consent_opt_outs ON consent_events(shop_id, at, channel)
  WHERE given = 0 AND source IN ('sms_keyword', 'unsubscribe_link', 'provider');

-- Per shop and day of first purchase (and whether those customers were asked): how many customers, and how
-- many of them came back within 30, 60 and 90 days. The page's return rates are sums over a few hundred rows.
-- Triggers on customers keep it right, whoever changes a customer's summary columns.
CREATE TABLE customer_days (
  shop_id   INTEGER NOT NULL,
  first_day INTEGER NOT NULL,
  asked     TEXT    NOT NULL,                                 -- customers.asked, '' when null
  customers INTEGER NOT NULL,
  back30    INTEGER NOT NULL,
  back60    INTEGER NOT NULL,
  back90    INTEGER NOT NULL,
  PRIMARY KEY (shop_id, first_day, asked)
) STRICT, WITHOUT ROWID;

-- The same per normalised reason of the first purchase, for "why people buy".
CREATE TABLE reason_days (
  shop_id   INTEGER NOT NULL,
  first_day INTEGER NOT NULL,
  reason    TEXT    NOT NULL,
  customers INTEGER NOT NULL,
  back30    INTEGER NOT NULL,
  PRIMARY KEY (shop_id, first_day, reason)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER customer_days_follow AFTER UPDATE OF first_day, return_day, asked, first_reason ON customers
BEGIN
  INSERT INTO customer_days SELECT old.shop_id, old.first_day, coalesce(old.asked, ''), -1,
      -coalesce(old.return_day - old.first_day <= 30, 0), -coalesce(old.return_day - old.first_day <= 60, 0),
      -coalesce(old.return_day - old.first_day <= 90, 0)
    WHERE old.first_day IS NOT NULL
    ON CONFLICT DO UPDATE SET customers = customers + excluded.customers, back30 = back30 + excluded.back30,
      back60 = back60 + excluded.back60, back90 = back90 + excluded.back90;
  INSERT INTO customer_days SELECT new.shop_id, new.first_day, coalesce(new.asked, ''), 1,
      coalesce(new.return_day - new.first_day <= 30, 0), coalesce(new.return_day - new.first_day <= 60, 0),
      coalesce(new.return_day - new.first_day <= 90, 0)
    WHERE new.first_day IS NOT NULL
    ON CONFLICT DO UPDATE SET customers = customers + excluded.customers, back30 = back30 + excluded.back30,
      back60 = back60 + excluded.back60, back90 = back90 + excluded.back90;
  INSERT INTO reason_days SELECT old.shop_id, old.first_day, old.first_reason, -1, -coalesce(old.return_day - old.first_day <= 30, 0)
    WHERE old.first_day IS NOT NULL AND old.first_reason IS NOT NULL
    ON CONFLICT DO UPDATE SET customers = customers + excluded.customers, back30 = back30 + excluded.back30;
  -- A reason nobody gave any more goes: after an erasure, the customer's words must not stay behind as a key.
  DELETE FROM reason_days WHERE shop_id = old.shop_id AND first_day = old.first_day AND reason = old.first_reason AND customers = 0;
  INSERT INTO reason_days SELECT new.shop_id, new.first_day, new.first_reason, 1, coalesce(new.return_day - new.first_day <= 30, 0)
    WHERE new.first_day IS NOT NULL AND new.first_reason IS NOT NULL
    ON CONFLICT DO UPDATE SET customers = customers + excluded.customers, back30 = back30 + excluded.back30;
END;

-- Check-ins counted per shop, channel and quarter of an hour of their due time (every time zone's offset is a
-- whole number of quarters, so a local day is a whole number of slots): the page sums a few hundred rows.
CREATE TABLE checkin_slots (
  shop_id   INTEGER NOT NULL,
  slot      INTEGER NOT NULL,                                 -- due_at / 900000
  channel   TEXT    NOT NULL,
  total     INTEGER NOT NULL,
  sent      INTEGER NOT NULL,
  delivered INTEGER NOT NULL,
  failed    INTEGER NOT NULL,
  waiting   INTEGER NOT NULL,
  replied   INTEGER NOT NULL,
  PRIMARY KEY (shop_id, slot, channel)
) STRICT, WITHOUT ROWID;

-- What is there already (before replied_at is filled in below, which the trigger then counts).
INSERT INTO checkin_slots SELECT shop_id, due_at / 900000, channel, count(*), count(*) FILTER (WHERE status = 'sent'),
    count(*) FILTER (WHERE delivery IN ('delivered', 'read')), count(*) FILTER (WHERE status = 'failed' OR delivery IN ('failed', 'undelivered')),
    count(*) FILTER (WHERE status IN ('scheduled', 'sending')), count(replied_at)
  FROM messages WHERE kind = 'checkin' GROUP BY 1, 2, 3;

CREATE TRIGGER checkin_slots_insert AFTER INSERT ON messages WHEN new.kind = 'checkin'
BEGIN
  INSERT INTO checkin_slots SELECT new.shop_id, new.due_at / 900000, new.channel, 1, new.status = 'sent',
      coalesce(new.delivery IN ('delivered', 'read'), 0), new.status = 'failed' OR coalesce(new.delivery IN ('failed', 'undelivered'), 0),
      new.status IN ('scheduled', 'sending'), new.replied_at IS NOT NULL
    WHERE true
    ON CONFLICT DO UPDATE SET total = total + 1, sent = sent + excluded.sent, delivered = delivered + excluded.delivered,
      failed = failed + excluded.failed, waiting = waiting + excluded.waiting, replied = replied + excluded.replied;
END;

CREATE TRIGGER checkin_slots_update AFTER UPDATE OF status, delivery, replied_at, due_at, channel ON messages WHEN new.kind = 'checkin'
BEGIN
  INSERT INTO checkin_slots SELECT old.shop_id, old.due_at / 900000, old.channel, -1, -(old.status = 'sent'),
      -coalesce(old.delivery IN ('delivered', 'read'), 0), -(old.status = 'failed' OR coalesce(old.delivery IN ('failed', 'undelivered'), 0)),
      -(old.status IN ('scheduled', 'sending')), -(old.replied_at IS NOT NULL)
    WHERE true
    ON CONFLICT DO UPDATE SET total = total + excluded.total, sent = sent + excluded.sent, delivered = delivered + excluded.delivered,
      failed = failed + excluded.failed, waiting = waiting + excluded.waiting, replied = replied + excluded.replied;
  INSERT INTO checkin_slots SELECT new.shop_id, new.due_at / 900000, new.channel, 1, new.status = 'sent',
      coalesce(new.delivery IN ('delivered', 'read'), 0), new.status = 'failed' OR coalesce(new.delivery IN ('failed', 'undelivered'), 0),
      new.status IN ('scheduled', 'sending'), new.replied_at IS NOT NULL
    WHERE true
    ON CONFLICT DO UPDATE SET total = total + excluded.total, sent = sent + excluded.sent, delivered = delivered + excluded.delivered,
      failed = failed + excluded.failed, waiting = waiting + excluded.waiting, replied = replied + excluded.replied;
END;

-- Cohort table cells: of the customers whose first purchase fell in period `cohort` (a week or a month),
-- how many bought again (on a later day than that first purchase) in the period `offset` later; offset 0 is the
-- first period itself. Offset -1 holds the cohort's size.
CREATE TABLE cohort_cells (
  shop_id   INTEGER NOT NULL REFERENCES shops(id),
  unit      TEXT    NOT NULL CHECK (unit IN ('week', 'month')),
  cohort    INTEGER NOT NULL,                                 -- week number (Monday weeks) or month number (year*12 + month-1)
  offset    INTEGER NOT NULL,
  customers INTEGER NOT NULL,
  PRIMARY KEY (shop_id, unit, cohort, offset)
) STRICT, WITHOUT ROWID;

-- What can be filled in from what is already there. Day numbers and the summaries need the shops' time zones:
-- the code fills those in, in this same transaction (summary.rebuild() in src/db/summary.ts).
UPDATE sales SET checkin = (SELECT channel FROM messages m WHERE m.sale_id = sales.id AND m.kind = 'checkin' AND m.status = 'sent')
  WHERE EXISTS (SELECT 1 FROM messages m WHERE m.sale_id = sales.id AND m.kind = 'checkin' AND m.status = 'sent');
UPDATE sales SET checkin = 'none'
  WHERE checkin IS NULL AND EXISTS (SELECT 1 FROM json_each(sales.answer, '$.skipped') j
    WHERE json_extract(j.value, '$.kind') = 'checkin' AND json_extract(j.value, '$.reason') IN ('no_consent', 'no_contact'));
UPDATE messages SET replied_at = (SELECT min(received_at) FROM replies r WHERE r.message_id = messages.id)
  WHERE EXISTS (SELECT 1 FROM replies r WHERE r.message_id = messages.id);
