-- "Helpt het om te vragen?" counts every new customer in one row, and those held out on purpose in a line of their own.
-- A held-out customer was kept in customer_days under their customers.asked, and the page took the held-out
-- customers (experiment_days) from the row of those no check-in reached: one whose first day's sales were all voided
-- or refunded, the first of them without consent, was 'none', so counted in "Niet gevraagd" and in the held-out line,
-- and the rows added up to more than the customers of "Komen klanten terug?". customer_days now keeps every held-out
-- customer under 'held', whatever became of their sales, so each customer is under one key; the trigger follows a
-- change of held_out too (a customer drawn at a later sale). What was counted before is counted anew from the
-- customers' summary columns.
DROP TRIGGER customer_days_follow;

CREATE TRIGGER customer_days_follow AFTER UPDATE OF first_day, return_day, asked, first_reason, held_out ON customers
BEGIN
  INSERT INTO customer_days SELECT old.shop_id, old.first_day, CASE WHEN old.held_out = 1 THEN 'held' ELSE coalesce(old.asked, '') END, -1,
      -coalesce(old.return_day - old.first_day <= 30, 0), -coalesce(old.return_day - old.first_day <= 60, 0),
      -coalesce(old.return_day - old.first_day <= 90, 0)
    WHERE old.first_day IS NOT NULL
    ON CONFLICT DO UPDATE SET customers = customers + excluded.customers, back30 = back30 + excluded.back30,
      back60 = back60 + excluded.back60, back90 = back90 + excluded.back90;
  INSERT INTO customer_days SELECT new.shop_id, new.first_day, CASE WHEN new.held_out = 1 THEN 'held' ELSE coalesce(new.asked, '') END, 1,
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

DELETE FROM customer_days;
INSERT INTO customer_days
  SELECT shop_id, first_day, CASE WHEN held_out = 1 THEN 'held' ELSE coalesce(asked, '') END, count(*),
      sum(coalesce(return_day - first_day <= 30, 0)), sum(coalesce(return_day - first_day <= 60, 0)), sum(coalesce(return_day - first_day <= 90, 0))
    FROM customers WHERE first_day IS NOT NULL GROUP BY 1, 2, 3;
