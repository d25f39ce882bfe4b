-- The limits against guessing owners' passwords (src/http/owner/login-limit.ts), kept in the database so that every
-- instance on it counts the same failures: with the counts in each process's memory, n instances behind a load
-- balancer gave a guesser n times the attempts. Neither table holds an address or a name as typed: each is an HMAC under
-- the installation's secret (as the sales' fingerprints are). Rows are deleted once their window is over (the sweep
-- each minute, src/db/chores.ts; a shop's older failures also as a new one is written).

-- An address's attempts: how many in the window that ends WINDOW after the last, and until when it must wait.
CREATE TABLE login_addresses (
  address_hash TEXT    PRIMARY KEY,
  failures     INTEGER NOT NULL,
  last_at      INTEGER NOT NULL,
  until_at     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Failed attempts at a shop's name (a shop's or none), one row each: enough of them in the window slow its logins.
CREATE TABLE login_failures (
  id        INTEGER PRIMARY KEY,
  slug_hash TEXT    NOT NULL,
  at        INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_by_slug ON login_failures (slug_hash, at);
