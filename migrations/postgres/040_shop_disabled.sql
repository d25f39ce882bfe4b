-- As migrations/sqlite/040.
-- A shop that leaves the installation (`nextdeal shop disable`): from then on its tills are refused, nothing planned
-- for it goes out, and its public pages are gone; its owner can still read and download its page. NULL: in use.
ALTER TABLE shops ADD COLUMN disabled_at BIGINT;
