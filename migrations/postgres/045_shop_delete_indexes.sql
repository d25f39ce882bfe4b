-- `shop delete` removes a shop's sales, messages, replies and confirmations. PostgreSQL checks, for every row deleted,
-- that no row still refers to it, by looking for it in the referring column: where no index starts with that column
-- it reads the whole table, once per row deleted (a shop with a thousand sales, on an installation with a million
-- customers, read a thousand million rows). These indexes hold only the rows that refer to something: held_by, the
-- replies' and confirmations' references are rare; first_sale_id is set once per customer.
CREATE INDEX customers_by_first_sale ON customers(first_sale_id) WHERE first_sale_id IS NOT NULL;
CREATE INDEX messages_held_by ON messages(held_by) WHERE held_by IS NOT NULL;
CREATE INDEX replies_by_sale ON replies(sale_id) WHERE sale_id IS NOT NULL;
CREATE INDEX replies_by_message ON replies(message_id) WHERE message_id IS NOT NULL;
CREATE INDEX join_confirmations_by_sale ON join_confirmations(sale_id) WHERE sale_id IS NOT NULL;
CREATE INDEX join_confirmations_code_from ON join_confirmations(code_from) WHERE code_from IS NOT NULL;
