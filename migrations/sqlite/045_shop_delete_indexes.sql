-- Nothing on SQLite. PostgreSQL's 045 indexes the columns that refer to a sale, a message, a reply or a confirmation,
-- so that `shop delete` does not read a whole table per row it deletes; SQLite would read them the same way, but there
-- `shop delete` turns the foreign key checks off on its own connection instead (src/db/shop-delete.ts), and a sale
-- writes no index more.
SELECT 1;
