-- Searching customers by any part of a name, phone number or e-mail address (the owner's "search" box) through an
-- index instead of reading every customer (as migrations/sqlite/016 does with FTS5): pg_trgm's GIN indexes serve
-- ILIKE '%…%' for terms of three characters or more. pg_trgm ships with PostgreSQL (contrib) and is a trusted
-- extension: the database's owner may create it. VACUUM (src/db/privacy.ts) removes an erased customer's entries.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX customers_name_trgm ON customers USING gin (name gin_trgm_ops);
CREATE INDEX customers_phone_trgm ON customers USING gin (phone gin_trgm_ops);
CREATE INDEX customers_email_trgm ON customers USING gin (email gin_trgm_ops);
