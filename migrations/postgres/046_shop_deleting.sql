-- As migrations/sqlite/046.
-- When `shop delete` began deleting the shop (src/db/shop-delete.ts), set before its first row goes. The delete goes in
-- steps, and one cut off half-way (a crash, a restart) leaves the shop disabled with part of its customers, sales and
-- figures gone: `shop enable` refuses such a shop (it would take sales beside half its data), and `shop delete` run
-- again finishes it. NULL: no delete begun.
ALTER TABLE shops ADD COLUMN deleting_at BIGINT;
