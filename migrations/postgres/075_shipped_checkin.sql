-- A web shop's order sent to the customer by post or courier (a Shopify web order with goods to ship) is a sale dated
-- when it was placed, and its check-in went the next morning: before the parcel had come, the customer was asked how
-- she liked what she did not have yet. Such a sale is marked shipped (1), and its check-in goes the shop's
-- shipped_checkin_days after it (4 by default: a parcel mostly comes in one to three working days, and an order placed
-- on a Friday evening on the Tuesday), at the check-in hour; 1 is the next morning, as a sale in the shop.
-- No CHECK on sales.shipped: one would read every sale at the upgrade; only 0 and 1 are written.
ALTER TABLE sales ADD COLUMN shipped INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shops ADD COLUMN shipped_checkin_days INTEGER NOT NULL DEFAULT 4 CHECK (shipped_checkin_days BETWEEN 1 AND 30);
