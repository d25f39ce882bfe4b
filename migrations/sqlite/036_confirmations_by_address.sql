-- The join pages' confirmation messages by the address that asked for them, for the limit on unconfirmed ones
-- (src/db/confirmations.ts): one person could type fifty strangers' numbers into a shop's page in a few minutes, and each
-- got a text in the shop's name. Kept as an HMAC of the client's address (IPv4, or IPv6 by its /56) under the
-- installation's secret, never the address itself; cleared when the code is confirmed, deleted with the row.
ALTER TABLE join_confirmations ADD COLUMN address_hash TEXT;
CREATE INDEX join_confirmations_by_address ON join_confirmations(address_hash, created_at) WHERE address_hash IS NOT NULL;
