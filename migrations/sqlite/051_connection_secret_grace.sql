-- A till connection's signing key before the last `shop connect --secret`, and until when (epoch ms) a delivery signed
-- with it still verifies (`--grace-hours`, default 24): a vendor may go on signing with the old key a while (Shopify: up
-- to an hour after an app's client secret is rotated), and a refused delivery is not sent again. NULL: none is kept.
ALTER TABLE connections ADD COLUMN previous_secret TEXT;
ALTER TABLE connections ADD COLUMN previous_secret_until INTEGER;
