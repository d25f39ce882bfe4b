-- The search index (migrations/016) merges its segments in small steps, not in FTS5's automatic ones. Automatically,
-- every 64 pages written it merges 64 pages for each level of the index, in the transaction that crossed the line:
-- with 100,000 customers, one catch-up in five took 5-14 ms instead of 1-2, and every sale meanwhile waited. Now
-- each catch-up transaction merges about as much as it wrote (src/db/figures.ts, catchUpSearch).
INSERT INTO customer_search (customer_search, rank) VALUES ('automerge', 0);
