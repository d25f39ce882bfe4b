-- As migrations/sqlite/018: one index on the customers' phone numbers instead of two. (phone, shop_id) finds a number
-- in one shop (a sale, a reply, an erasure) as (shop_id, phone) did, and in every shop (an SMS reply to a sender that
-- several shops share) as (phone) did; a new customer, or a new number, writes one index fewer.
DROP INDEX customers_by_phone;
DROP INDEX customers_by_phone_any_shop;
CREATE INDEX customers_by_phone ON customers(phone, shop_id) WHERE phone IS NOT NULL;
