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
ALTER TABLE sales ADD COLUMN undone_at BIGINT;
ALTER TABLE sales ADD COLUMN undone_day INTEGER;
ALTER TABLE customers ADD COLUMN back30 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN back60 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN back90 INTEGER NOT NULL DEFAULT 0;
-- As experiment_days counted them until now (no trigger follows these yet): the counts stay as they were.
UPDATE customers SET back30 = CASE WHEN return_day - first_day <= 30 THEN 1 ELSE 0 END,
  back60 = CASE WHEN return_day - first_day <= 60 THEN 1 ELSE 0 END, back90 = CASE WHEN return_day - first_day <= 90 THEN 1 ELSE 0 END
  WHERE return_day IS NOT NULL AND first_day IS NOT NULL;

CREATE OR REPLACE FUNCTION experiment_days_part(c customers, sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF c.period_id IS NULL OR c.first_day IS NULL THEN RETURN; END IF;
  INSERT INTO experiment_days AS d VALUES (c.shop_id, c.period_id, c.first_day, c.held_out, sign,
      sign * c.back30, sign * c.back60, sign * c.back90,
      sign * CASE WHEN c.asked IN ('sms', 'email') THEN 1 ELSE 0 END,
      sign * c.came_back_after)
    ON CONFLICT (period_id, first_day, held_out) DO UPDATE SET customers = d.customers + excluded.customers,
      back30 = d.back30 + excluded.back30, back60 = d.back60 + excluded.back60, back90 = d.back90 + excluded.back90,
      asked = d.asked + excluded.asked, came_back_after = d.came_back_after + excluded.came_back_after;
END $$;

DROP TRIGGER experiment_days_follow ON customers;
CREATE TRIGGER experiment_days_follow AFTER UPDATE OF first_day, back30, back60, back90, asked, period_id, held_out, came_back_after ON customers
  FOR EACH ROW WHEN (OLD.period_id IS NOT NULL OR NEW.period_id IS NOT NULL) EXECUTE FUNCTION experiment_days_follow();
