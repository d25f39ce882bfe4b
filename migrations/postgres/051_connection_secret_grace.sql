-- As migrations/sqlite/051: a till connection's signing key before the last `shop connect --secret`, and until when
-- (epoch ms) a delivery signed with it still verifies. NULL: none is kept.
ALTER TABLE connections ADD COLUMN previous_secret TEXT;
ALTER TABLE connections ADD COLUMN previous_secret_until BIGINT;
