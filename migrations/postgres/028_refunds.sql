-- Refunds and voids as the till sent them, one row each; one sent again (a retry, Square's update of a refund) is the
-- same row. A refund of part of a sale leaves it a sale for what was kept: sales.total becomes what it came to less
-- sales.refunded, what was refunded of it. A refund of all of it, or a void, makes it refunded or voided. A refund
-- that comes before its sale waits here for it (as in early_refunds before). Only the till's ids and amounts: nothing
-- personal.
CREATE TABLE refunds (
  shop_id      BIGINT  NOT NULL REFERENCES shops(id),
  till_sale_id TEXT    NOT NULL,
  refund_id    TEXT    NOT NULL,                    -- the till's id of a refund of an amount; '' for one of all of it
  status       TEXT    NOT NULL CHECK (status IN ('refunded', 'voided')),
  amount       DOUBLE PRECISION,                    -- in the sale's units, as its total; null: all of it
  currency     TEXT,
  received_at  BIGINT  NOT NULL,
  PRIMARY KEY (shop_id, till_sale_id, refund_id)
);
INSERT INTO refunds (shop_id, till_sale_id, refund_id, status, amount, currency, received_at)
  SELECT shop_id, till_sale_id, '', status, NULL, NULL, received_at FROM early_refunds;

-- early_refunds stays for one release (README, "Deploying a new version": only add). Instances of the release before
-- this one, still running during a rolling deploy, keep a refund before its sale there and take it from there. This
-- release writes such a refund there too, marked mirrored (it has it in refunds already), and takes the previous
-- release's rows (mirrored null) as refunds of all of the sale, as that release meant them. The next release drops it.
ALTER TABLE early_refunds ADD COLUMN mirrored INTEGER;
UPDATE early_refunds SET mirrored = 1;

ALTER TABLE sales ADD COLUMN refunded DOUBLE PRECISION;
