-- As migrations/sqlite/035.
-- A STOP or an unsubscribe outlives the erasure of the customer who gave it (by request, or the retention purge):
-- erasing takes the number and address off their row, and the till's next sale with them would otherwise make a new
-- customer, with the till's usual consent, and the messages would begin again. Kept as an HMAC of the channel and the
-- number or address under the installation's secret (as the sales' fingerprints are), so it cannot be read back.
CREATE TABLE stopped_contacts (
  shop_id      BIGINT NOT NULL REFERENCES shops(id),
  contact_hash TEXT   NOT NULL,
  stopped_at   BIGINT NOT NULL,
  PRIMARY KEY (shop_id, contact_hash)
);
