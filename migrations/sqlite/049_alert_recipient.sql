-- The address an owner's alert went to, or was last refused at: an alert that failed for good (a typo in the shop's
-- --alert-email, 550 mailbox unknown) is shown on the owner's page and by `shop show` while that address is still the
-- shop's and no alert to it went out since (src/db/alerts.ts refusedAt). NULL for an alert never tried, and for those
-- of before: nobody knows which address they were tried at.
ALTER TABLE alerts ADD COLUMN recipient TEXT;
CREATE INDEX alerts_by_recipient ON alerts(shop_id, recipient) WHERE recipient IS NOT NULL;
