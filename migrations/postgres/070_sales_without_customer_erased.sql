-- A sale with no customer (a walk-in who gave only a name, a regular whose number the till had wrong) keeps the name
-- the till gave with it (customer_name) and the customer's reason on the sale alone. Erasing customers never reached
-- them: the retention purge and `customer erase` left them for good. Now the purge empties them once the sale is older
-- than its period, and `customer erase --sale` at once (src/db/privacy.ts); erased_at says when, so that a restore
-- erases them again in the copy (src/db/restore.ts). The index holds only the sales with such words and no customer,
-- for the purge to find them without reading every sale.
ALTER TABLE sales ADD COLUMN erased_at BIGINT;
CREATE INDEX sales_alone_with_words ON sales(occurred_at) WHERE customer_id IS NULL AND (reason IS NOT NULL OR customer_name IS NOT NULL);
