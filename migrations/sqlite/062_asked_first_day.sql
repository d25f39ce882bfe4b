-- A customer who bought twice on their first day was counted as not asked when the check-in that went out was about
-- the other purchase: the second one's (a second purchase that day takes the first one's check-in), or the one that
-- came first when the till sent an earlier sale late. The owner's "did asking help?" left them out, and the hold-out's
-- "went out" (and experiment.csv's messaged_delivered) counted their check-in as not gone out. A customer now counts
-- as asked when a check-in about any sale of their first day went out, on its channel (the first in time of those),
-- here as in the code (src/db/summary.ts, contribution; src/db/messages.ts, ASKED); else as their first sale says, as
-- before. This puts right what was counted before; customer_days and experiment_days follow by their triggers.
UPDATE customers SET asked = (SELECT s.checkin FROM sales s WHERE s.customer_id = customers.id AND s.local_day = customers.first_day
    AND s.checkin IN ('sms', 'email') ORDER BY s.occurred_at, s.id LIMIT 1)
  WHERE first_day IS NOT NULL
    AND (SELECT s.checkin FROM sales s WHERE s.customer_id = customers.id AND s.local_day = customers.first_day
      AND s.checkin IN ('sms', 'email') ORDER BY s.occurred_at, s.id LIMIT 1) IS NOT NULL
    AND asked IS DISTINCT FROM (SELECT s.checkin FROM sales s WHERE s.customer_id = customers.id AND s.local_day = customers.first_day
      AND s.checkin IN ('sms', 'email') ORDER BY s.occurred_at, s.id LIMIT 1);
