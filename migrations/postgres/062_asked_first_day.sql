-- As migrations/sqlite/062_asked_first_day.sql (read there why): a customer counts as asked when a check-in about any
-- sale of their first day went out, on its channel (the first in time of those); what was counted before is put right
-- here, customer_days and experiment_days following by their triggers.
UPDATE customers SET asked = (SELECT s.checkin FROM sales s WHERE s.customer_id = customers.id AND s.local_day = customers.first_day
    AND s.checkin IN ('sms', 'email') ORDER BY s.occurred_at, s.id LIMIT 1)
  WHERE first_day IS NOT NULL
    AND (SELECT s.checkin FROM sales s WHERE s.customer_id = customers.id AND s.local_day = customers.first_day
      AND s.checkin IN ('sms', 'email') ORDER BY s.occurred_at, s.id LIMIT 1) IS NOT NULL
    AND asked IS DISTINCT FROM (SELECT s.checkin FROM sales s WHERE s.customer_id = customers.id AND s.local_day = customers.first_day
      AND s.checkin IN ('sms', 'email') ORDER BY s.occurred_at, s.id LIMIT 1);
