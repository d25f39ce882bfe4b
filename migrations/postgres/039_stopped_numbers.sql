-- As migrations/sqlite/039.
-- A STOP to a number several shops text from (the shared TWILIO_FROM, or a number more than one shop names) stops that
-- number for the customer: every shop texting them from it, also one that gets them as a customer later. The pair is
-- kept as an HMAC of the sending number ('' for the shared TWILIO_FROM) and the phone under the installation's secret,
-- as stopped_contacts are (migration 035): it cannot be read back, and it outlives the erasure of the customer who
-- gave it. A START to the number (or another explicit opt-in at a shop that texts from it) takes it away.
CREATE TABLE stopped_numbers (
  pair_hash  TEXT   NOT NULL PRIMARY KEY,
  stopped_at BIGINT NOT NULL
);
