-- As migrations/sqlite/038.
-- The vendor account a connection is for (`shop connect --account`): Shopify's shop domain, Lightspeed's domain_prefix,
-- Loyverse's merchant_id, Zettle's organizationUuid, lower-case. Shops connected through one vendor app share its
-- secret, so the signature alone did not say whose sale a delivery was: one posted to the wrong shop's URL was taken
-- there, and its customer messaged in that shop's name. A delivery naming another account is now ignored. NULL: not
-- recorded, and any delivery signed with the secret is taken, as before.
ALTER TABLE connections ADD COLUMN account TEXT;
