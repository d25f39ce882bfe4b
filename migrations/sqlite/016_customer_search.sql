-- Searching customers by any part of a name, phone number or e-mail address (the owner's "search" box) through an
-- index instead of reading every customer: FTS5 with the trigram tokenizer indexes every three characters, so
-- `customer_search MATCH '"8765"'` finds +31687654321 and "Van der Berg" finds "Jan van der Berg" (any case). Terms
-- shorter than three characters cannot use it and are searched as before (src/db/figures.ts).
-- The index holds no copy of the text (content = 'customers'). New customers are added in batches, not by the
-- sale that creates them (a trigger doing that doubled a sale's cost): customer_search_state says up to which id
-- the index has them, and src/db/figures.ts catchUpSearch adds the rest, before each search and once a minute.
-- Changes to customers it has are followed by the triggers below. An erased customer's entries are deleted with the
-- erasure; src/db/privacy.ts then merges the index, so none of their trigrams remain.
CREATE VIRTUAL TABLE customer_search USING fts5(name, phone, email, content = 'customers', content_rowid = 'id', tokenize = 'trigram');
CREATE TABLE customer_search_state (indexed_to INTEGER NOT NULL) STRICT;
INSERT INTO customer_search (customer_search) VALUES ('rebuild');
INSERT INTO customer_search_state SELECT coalesce(max(id), 0) FROM customers;

CREATE TRIGGER customer_search_update AFTER UPDATE OF name, phone, email ON customers
  WHEN (old.name IS NOT new.name OR old.phone IS NOT new.phone OR old.email IS NOT new.email)
    AND old.id <= (SELECT indexed_to FROM customer_search_state)
BEGIN
  INSERT INTO customer_search (customer_search, rowid, name, phone, email) VALUES ('delete', old.id, old.name, old.phone, old.email);
  INSERT INTO customer_search (rowid, name, phone, email) VALUES (new.id, new.name, new.phone, new.email);
END;

CREATE TRIGGER customer_search_delete AFTER DELETE ON customers WHEN old.id <= (SELECT indexed_to FROM customer_search_state)
BEGIN
  INSERT INTO customer_search (customer_search, rowid, name, phone, email) VALUES ('delete', old.id, old.name, old.phone, old.email);
END;
