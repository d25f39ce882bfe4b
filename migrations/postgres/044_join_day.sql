-- As migrations/sqlite/044.
-- The local day of the customer's sale recorded from the shop's join page, while it stands alone: a till's sale for
-- them that day takes that sale's place (one visit, one check-in) instead of being a second visit. NULL: none, or taken.
ALTER TABLE customers ADD COLUMN join_day INTEGER;
