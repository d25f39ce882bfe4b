-- The owner's search ignores accents, as it ignores case (as migrations/sqlite/076 does): "zoe" and "Zoe Vos" find
-- Zoë Vos, "Zoë" finds Zoe, "muller" finds Müller. Names are searched through search_folded(name), the name without
-- its accents, and its pg_trgm index replaces the one of migration 016 on the name; src/db/figures.ts folds the search
-- typed by the same function. The accents come off by `unaccent`, an extension that ships with PostgreSQL (contrib) and
-- is trusted since PostgreSQL 13: the database's owner may create it, as 016 creates pg_trgm. A server that does not
-- have it or allow it (some managed ones) must not stop the upgrade: search_folded then gives the name as it is, the
-- search is what it was (accents count), and every start says so in the log (src/main.ts).
-- unaccent() with its dictionary named is not immutable (a changed search_path could name another dictionary), so an
-- index cannot use it directly: search_folded names both by their schema, which also keeps a restore (pg_dump sets
-- search_path to nothing) from failing on it.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS unaccent;
EXCEPTION WHEN others THEN
  RAISE WARNING 'the unaccent extension could not be created (%): the owner''s search will not ignore accents', SQLERRM;
END $$;

DO $$
DECLARE
  schema text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent');
BEGIN
  IF schema IS NULL THEN
    CREATE FUNCTION search_folded(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT $1';
  ELSE
    EXECUTE format('CREATE FUNCTION search_folded(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
      format('SELECT %I.unaccent(%L::regdictionary, $1)', schema, quote_ident(schema) || '.unaccent'));
  END IF;
END $$;

CREATE INDEX customers_name_folded_trgm ON customers USING gin (search_folded(name) gin_trgm_ops);
DROP INDEX customers_name_trgm;
