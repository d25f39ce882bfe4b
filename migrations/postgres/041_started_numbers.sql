-- As migrations/sqlite/041.
-- What takes a STOP to a number several shops text from (migration 039) back, and when: a START to the number itself
-- (shop_id 0), for every shop that texts from it; or consent given to one shop (the join page, the owner on the
-- customer's word), for that shop only. The number's STOP holds for a shop unless one of these came after it, so the
-- later of a STOP and a START wins whichever is kept first (two instances at the same moment), and one shop's consent
-- lifts it for that shop alone. Keyed as stopped_numbers is (pair_hash: the sending number and the phone, an HMAC), and
-- kept as it is, past an erasure.
CREATE TABLE started_numbers (
  pair_hash  TEXT   NOT NULL,
  shop_id    BIGINT NOT NULL,
  started_at BIGINT NOT NULL,
  PRIMARY KEY (pair_hash, shop_id)
);
