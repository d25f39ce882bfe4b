-- "Helpt het om te vragen?" counts every new customer in one row, and those held out on purpose in a line of their own.
-- A held-out customer was kept in customer_days under their customers.asked, and the page took the held-out
-- customers (experiment_days) from the row of those no check-in reached: one whose first day's sales were all voided
-- or refunded, the first of them without consent, was 'none', so counted in "Niet gevraagd" and in the held-out line,
-- and the rows added up to more than the customers of "Komen klanten terug?". customer_days now keeps every held-out
-- customer under 'held', whatever became of their sales, so each customer is under one key; the trigger follows a
-- change of held_out too (a customer drawn at a later sale). What was counted before is counted anew from the
-- customers' summary columns.
CREATE OR REPLACE FUNCTION customer_days_part(c customers, sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF c.first_day IS NULL THEN RETURN; END IF;
  INSERT INTO customer_days AS d VALUES (c.shop_id, c.first_day, CASE WHEN c.held_out = 1 THEN 'held' ELSE coalesce(c.asked, '') END, sign,
      sign * CASE WHEN c.return_day - c.first_day <= 30 THEN 1 ELSE 0 END,
      sign * CASE WHEN c.return_day - c.first_day <= 60 THEN 1 ELSE 0 END,
      sign * CASE WHEN c.return_day - c.first_day <= 90 THEN 1 ELSE 0 END)
    ON CONFLICT (shop_id, first_day, asked) DO UPDATE SET customers = d.customers + excluded.customers,
      back30 = d.back30 + excluded.back30, back60 = d.back60 + excluded.back60, back90 = d.back90 + excluded.back90;
  IF c.first_reason IS NULL THEN RETURN; END IF;
  INSERT INTO reason_days AS r VALUES (c.shop_id, c.first_day, c.first_reason, sign,
      sign * CASE WHEN c.return_day - c.first_day <= 30 THEN 1 ELSE 0 END)
    ON CONFLICT (shop_id, first_day, reason) DO UPDATE SET customers = r.customers + excluded.customers,
      back30 = r.back30 + excluded.back30;
END $$;

DROP TRIGGER customer_days_follow ON customers;
CREATE TRIGGER customer_days_follow AFTER UPDATE OF first_day, return_day, asked, first_reason, held_out ON customers
  FOR EACH ROW EXECUTE FUNCTION customer_days_follow();

DELETE FROM customer_days;
INSERT INTO customer_days
  SELECT shop_id, first_day, CASE WHEN held_out = 1 THEN 'held' ELSE coalesce(asked, '') END, count(*),
      count(*) FILTER (WHERE return_day - first_day <= 30), count(*) FILTER (WHERE return_day - first_day <= 60),
      count(*) FILTER (WHERE return_day - first_day <= 90)
    FROM customers WHERE first_day IS NOT NULL GROUP BY 1, 2, 3;
