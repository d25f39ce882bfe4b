-- The local day of the sale at which the customer was drawn for the hold-out (customers.period_id, held_out): their
-- first day is never before it. A till's sale from an earlier day that arrives afterwards (a webhook that came late,
-- history sent later) is kept and counted as a sale, but no longer makes them older nor the visit they were drawn at a
-- return: "came back" is judged from the day they were drawn (an outcome must not be judged from before it), and the
-- owner's return rates count them the same way. NULL: outside the experiment (their first purchase is their first day).
-- Those drawn already get the first day they have now. Not a column the summaries' triggers follow: nothing recounts.
ALTER TABLE customers ADD COLUMN joined_day INTEGER;
UPDATE customers SET joined_day = first_day WHERE period_id IS NOT NULL;
