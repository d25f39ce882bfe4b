-- The limits against guessing owners' passwords (src/http/owner/login-limit.ts), kept in the database so that every
-- instance on it counts the same failures: with the counts in each process's memory, n instances behind a load
-- balancer gave a guesser n times the attempts. No address is kept as it came: it is an HMAC under the installation's
-- secret (as the sales' fingerprints are). Nothing typed is kept: a shop's failures are kept by its id, and those at a
-- name that is no shop (an owner's password typed into the name field, say) only in each instance's memory. Rows are
-- deleted once their window is over (the sweep each minute, src/db/chores.ts; a shop's older failures also as a new one
-- is written).

-- An address's attempts: how many in the window that ends WINDOW after the last, and until when it must wait.
CREATE TABLE login_addresses (
  address_hash TEXT    PRIMARY KEY,
  failures     INTEGER NOT NULL,
  last_at      INTEGER NOT NULL,
  until_at     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX login_addresses_by_last ON login_addresses (last_at);

-- Failed attempts at a shop, one row each: enough of them in the window slow its logins.
CREATE TABLE login_failures (
  id      INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  at      INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_by_shop ON login_failures (shop_id, at);
CREATE INDEX login_failures_by_at ON login_failures (at);
