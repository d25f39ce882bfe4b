-- SQLite's search index merges in small steps from now on (migrations/sqlite/021). PostgreSQL's pg_trgm indexes
-- (migrations/016) need nothing of the kind: nothing to change here.
SELECT 1;
