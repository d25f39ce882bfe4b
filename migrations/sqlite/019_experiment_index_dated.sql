-- The customers of a hold-out period are read by their first day (the safe test's matured customers: first_day in a
-- range), so a customer without one need not be in the index. A new customer joins the period before their first sale
-- is counted: their entry used to go in under no day and move at once to today's; now it goes in once, at today's.
DROP INDEX customers_in_experiment;
CREATE INDEX customers_in_experiment ON customers(period_id, first_day) WHERE period_id IS NOT NULL AND first_day IS NOT NULL;
