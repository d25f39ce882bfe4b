-- As migrations/sqlite/052: a consent link's requests are bounded per link, counted by this index; and when the join
-- page last sent a customer to the counter for the shop's cap or ceiling, since when, and which limit.
CREATE INDEX join_confirmations_by_link_code ON join_confirmations(link_code, created_at) WHERE code_from IS NULL AND link_code IS NOT NULL;
ALTER TABLE shops ADD COLUMN join_refused_since BIGINT;
ALTER TABLE shops ADD COLUMN join_refused_at BIGINT;
ALTER TABLE shops ADD COLUMN join_refused_by TEXT CHECK (join_refused_by IN ('unconfirmed', 'all'));
