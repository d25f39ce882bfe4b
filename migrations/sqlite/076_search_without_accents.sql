-- The owner's search ignores accents, as it ignores case: "zoe" and "Zoe Vos" find Zoë Vos, "Zoë" finds Zoe, "muller"
-- finds Müller (on a phone an accent takes a long-press, and tills spell names either way). The search index of
-- migration 016 is made anew with the trigram tokenizer's remove_diacritics (SQLite 3.45 or newer; better-sqlite3
-- brings its own): the index and the search typed are folded alike, so a search with or without the accent finds the
-- name written with or without it. A tokenizer cannot be changed in place: the table and its merging in small steps
-- (021) are made again as there, and the index is filled from the customers as 016 filled it. 016's triggers on
-- customers name the table and keep it up to date as before. Letters Unicode does not write as a letter and an
-- accent (ø, ł, ß) stay as they are.
DROP TABLE customer_search;
CREATE VIRTUAL TABLE customer_search USING fts5(name, phone, email, content = 'customers', content_rowid = 'id', tokenize = 'trigram remove_diacritics 1');
INSERT INTO customer_search (customer_search, rank) VALUES ('automerge', 0);
INSERT INTO customer_search (customer_search) VALUES ('rebuild');
UPDATE customer_search_state SET indexed_to = (SELECT coalesce(max(id), 0) FROM customers);
