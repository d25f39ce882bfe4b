-- "Did nextdeal help?": a hold-out group (README, "Does nextdeal help?").
--
-- shops.holdout: the share of new customers held out, in percent (0: off). New shops start at 20; a shop that was
-- already running when this came keeps sending to everyone until its owner chooses otherwise on the page.
-- experiment_periods: one per stretch of time with one share, with its own secret (the salt of the keyed hash that
-- draws who is held out) and the state of its safe test. Changing the share ends the period; earlier periods keep
-- their customers and results.
-- customers.period_id / held_out: the period a customer joined at their first sale and their group (1 held out,
-- 0 messaged; null: outside the experiment), set once and never changed. came_back_after: they came back within 14
-- days after a delivered (or, held out, a would-be) message.
-- held_out_messages: for a held-out customer, the message nextdeal would have sent, with the same timing and skip rules.
-- experiment_days: per period, day of first sale and group, what the page counts; kept by the trigger below.
ALTER TABLE shops ADD COLUMN holdout INTEGER NOT NULL DEFAULT 20 CHECK (holdout IN (0, 10, 20, 30, 50));
UPDATE shops SET holdout = 0;

CREATE TABLE experiment_periods (
  id          INTEGER PRIMARY KEY,
  shop_id     INTEGER NOT NULL REFERENCES shops(id),
  share       INTEGER NOT NULL CHECK (share IN (10, 20, 30, 50)),
  salt        TEXT    NOT NULL,
  started_at  INTEGER NOT NULL,
  ended_at    INTEGER,
  tested_to   INTEGER,                                   -- the safe test has read the customers whose first day is up to this
  test        TEXT                                       -- its state (JSON: successes, counts, e-values, outcomes waiting for a block)
) STRICT;
-- At most one open period per shop.
CREATE UNIQUE INDEX experiment_periods_open ON experiment_periods(shop_id) WHERE ended_at IS NULL;
CREATE INDEX experiment_periods_by_shop ON experiment_periods(shop_id, started_at);

ALTER TABLE customers ADD COLUMN period_id INTEGER REFERENCES experiment_periods(id);
ALTER TABLE customers ADD COLUMN held_out INTEGER CHECK (held_out IN (0, 1));
ALTER TABLE customers ADD COLUMN came_back_after INTEGER NOT NULL DEFAULT 0;
CREATE INDEX customers_in_experiment ON customers(period_id, first_day) WHERE period_id IS NOT NULL;

CREATE TABLE held_out_messages (
  id          INTEGER PRIMARY KEY,
  shop_id     INTEGER NOT NULL REFERENCES shops(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  sale_id     INTEGER NOT NULL REFERENCES sales(id),
  kind        TEXT    NOT NULL CHECK (kind IN ('checkin', 'comeback')),
  channel     TEXT    NOT NULL CHECK (channel IN ('sms', 'email')),
  due_at      INTEGER NOT NULL,                          -- when it would have gone out
  status      TEXT    NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'cancelled')),
  reason      TEXT,                                      -- why it would not have gone out (bought_again, refunded, …)
  created_at  INTEGER NOT NULL,
  UNIQUE (sale_id, kind)
) STRICT;
CREATE INDEX held_out_messages_by_customer ON held_out_messages(customer_id, due_at);

CREATE TABLE experiment_days (
  shop_id         INTEGER NOT NULL,
  period_id       INTEGER NOT NULL,
  first_day       INTEGER NOT NULL,
  held_out        INTEGER NOT NULL,
  customers       INTEGER NOT NULL,
  back30          INTEGER NOT NULL,
  back60          INTEGER NOT NULL,
  back90          INTEGER NOT NULL,
  asked           INTEGER NOT NULL,                      -- their check-in went out (messaged group: the delivery rate)
  came_back_after INTEGER NOT NULL,
  PRIMARY KEY (period_id, first_day, held_out)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER experiment_days_follow AFTER UPDATE OF first_day, return_day, asked, period_id, held_out, came_back_after ON customers
  WHEN old.period_id IS NOT NULL OR new.period_id IS NOT NULL
BEGIN
  INSERT INTO experiment_days SELECT old.shop_id, old.period_id, old.first_day, old.held_out, -1,
      -coalesce(old.return_day - old.first_day <= 30, 0), -coalesce(old.return_day - old.first_day <= 60, 0),
      -coalesce(old.return_day - old.first_day <= 90, 0), -coalesce(old.asked IN ('sms', 'email'), 0), -old.came_back_after
    WHERE old.period_id IS NOT NULL AND old.first_day IS NOT NULL
    ON CONFLICT DO UPDATE SET customers = customers + excluded.customers, back30 = back30 + excluded.back30,
      back60 = back60 + excluded.back60, back90 = back90 + excluded.back90, asked = asked + excluded.asked,
      came_back_after = came_back_after + excluded.came_back_after;
  INSERT INTO experiment_days SELECT new.shop_id, new.period_id, new.first_day, new.held_out, 1,
      coalesce(new.return_day - new.first_day <= 30, 0), coalesce(new.return_day - new.first_day <= 60, 0),
      coalesce(new.return_day - new.first_day <= 90, 0), coalesce(new.asked IN ('sms', 'email'), 0), new.came_back_after
    WHERE new.period_id IS NOT NULL AND new.first_day IS NOT NULL
    ON CONFLICT DO UPDATE SET customers = customers + excluded.customers, back30 = back30 + excluded.back30,
      back60 = back60 + excluded.back60, back90 = back90 + excluded.back90, asked = asked + excluded.asked,
      came_back_after = came_back_after + excluded.came_back_after;
END;
