-- As migrations/sqlite/047.
-- The local day of the sale at which the customer was drawn for the hold-out: their first day is never before it (a
-- till's sale from an earlier day that arrives afterwards does not make them older). NULL: outside the experiment.
-- Only the customers drawn already are written, and no trigger follows the column.
ALTER TABLE customers ADD COLUMN joined_day INTEGER;
UPDATE customers SET joined_day = first_day WHERE period_id IS NOT NULL;
