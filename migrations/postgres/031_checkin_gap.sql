-- How many days apart a customer's check-ins are at least. A regular at a bakery or a café buys every day; a check-in
-- after each purchase asks them every morning whether the bread was good. One in 30 days by default; 1 is once a day.
ALTER TABLE shops ADD COLUMN checkin_gap_days INTEGER NOT NULL DEFAULT 30 CHECK (checkin_gap_days BETWEEN 1 AND 365);
