-- A sale's consent link (link_code) is a sale the till authenticated: its requests are bounded by their own PER_LINK
-- unconfirmed a day (src/db/confirmations.ts), counted by this index, and no longer by the join page's daily cap and
-- ceiling, which strangers can fill.
CREATE INDEX join_confirmations_by_link_code ON join_confirmations(link_code, created_at) WHERE code_from IS NULL AND link_code IS NOT NULL;
-- When the join page last sent a customer to the counter because the shop's cap (unconfirmed) or ceiling (all) was
-- reached, since when it did (the first such refusal after the page last took a request), and which limit: the owner's
-- page and `shop show` say so for 24 hours after the last one. Nothing of who asked.
ALTER TABLE shops ADD COLUMN join_refused_since INTEGER;
ALTER TABLE shops ADD COLUMN join_refused_at INTEGER;
ALTER TABLE shops ADD COLUMN join_refused_by TEXT CHECK (join_refused_by IN ('unconfirmed', 'all'));
