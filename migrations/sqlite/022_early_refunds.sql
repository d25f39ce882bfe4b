-- A refund or void that a till's webhook brings before its sale (webhooks arrive out of order, and one that failed is
-- delivered again later): kept, so that the sale, when it comes, is stored refunded and nobody is asked about what
-- they brought back. Only the till's sale id: nothing personal.
CREATE TABLE early_refunds (
  shop_id      INTEGER NOT NULL REFERENCES shops(id),
  till_sale_id TEXT    NOT NULL,
  status       TEXT    NOT NULL CHECK (status IN ('refunded', 'voided')),
  received_at  INTEGER NOT NULL,
  PRIMARY KEY (shop_id, till_sale_id)
) STRICT, WITHOUT ROWID;
