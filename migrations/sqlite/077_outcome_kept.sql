-- The hold-out's outcome of a customer at 30, 60 and 90 days is what it was when those days ended (README, "Does
-- nextdeal help?"): a refund or void of a return that comes after them no longer takes the return back. Before, the
-- counts (experiment_days, from customers.return_day) followed a refund made months later while the safe test had read
-- the customer once, as they stood: "35 van 96" beside an e-value made of 47 of 96, and `nextdeal experiment --at` a day
-- the page said "Ja, bewezen" said "not proven yet". customer_days ("Komen klanten terug?") still follows every refund.
-- sales.undone_at / undone_day: when (and on which of the shop's days) a stored sale was refunded in whole or voided;
-- null for one still completed, and for one that came refunded or voided (it never counted). Filled for the sales
-- refunded before this from the kept refunds (src/db/open.ts, afterMigration 77: keepOutcomes).
-- customers.back30 / back60 / back90: came back within so many days, as it stood when they ended (src/db/summary.ts,
-- contribution); experiment_days counts these now.
ALTER TABLE sales ADD COLUMN undone_at INTEGER;
ALTER TABLE sales ADD COLUMN undone_day INTEGER;
ALTER TABLE customers ADD COLUMN back30 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN back60 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN back90 INTEGER NOT NULL DEFAULT 0;
-- As experiment_days counted them until now (no trigger follows these yet): the counts stay as they were.
UPDATE customers SET back30 = coalesce(return_day - first_day <= 30, 0), back60 = coalesce(return_day - first_day <= 60, 0),
  back90 = coalesce(return_day - first_day <= 90, 0) WHERE return_day IS NOT NULL AND first_day IS NOT NULL;

DROP TRIGGER experiment_days_follow;
CREATE TRIGGER experiment_days_follow AFTER UPDATE OF first_day, back30, back60, back90, asked, period_id, held_out, came_back_after ON customers
  WHEN old.period_id IS NOT NULL OR new.period_id IS NOT NULL
BEGIN
  INSERT INTO experiment_days SELECT old.shop_id, old.period_id, old.first_day, old.held_out, -1, -old.back30, -old.back60, -old.back90,
      -coalesce(old.asked IN ('sms', 'email'), 0), -old.came_back_after
    WHERE old.period_id IS NOT NULL AND old.first_day IS NOT NULL
    ON CONFLICT DO UPDATE SET customers = customers + excluded.customers, back30 = back30 + excluded.back30,
      back60 = back60 + excluded.back60, back90 = back90 + excluded.back90, asked = asked + excluded.asked,
      came_back_after = came_back_after + excluded.came_back_after;
  INSERT INTO experiment_days SELECT new.shop_id, new.period_id, new.first_day, new.held_out, 1, new.back30, new.back60, new.back90,
      coalesce(new.asked IN ('sms', 'email'), 0), new.came_back_after
    WHERE new.period_id IS NOT NULL AND new.first_day IS NOT NULL
    ON CONFLICT DO UPDATE SET customers = customers + excluded.customers, back30 = back30 + excluded.back30,
      back60 = back60 + excluded.back60, back90 = back90 + excluded.back90, asked = asked + excluded.asked,
      came_back_after = came_back_after + excluded.came_back_after;
END;
