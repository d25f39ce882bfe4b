-- One word for one thing (the glossary in the README), and no column named after a reserved word:
--   cohort_cells.offset (OFFSET is one in SQL) becomes periods_later, the name it has on PostgreSQL too;
--   sales.answer, the JSON nextdeal responded to the till with (given again to a repeat), becomes sales.response: an
--   "answer" is the customer's one-tap answer on the reply page.
-- SQLite runs one instance at a time, so no older instance still reads the old names.
ALTER TABLE cohort_cells RENAME COLUMN offset TO periods_later;
ALTER TABLE sales RENAME COLUMN answer TO response;
