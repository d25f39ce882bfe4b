-- As migrations/sqlite/049: the address an owner's alert went to, or was last refused at (NULL: never tried, or
-- tried before this migration), so that an alert address refused for good is shown while it is still the shop's.
ALTER TABLE alerts ADD COLUMN recipient TEXT;
CREATE INDEX alerts_by_recipient ON alerts(shop_id, recipient) WHERE recipient IS NOT NULL;
