-- A channel whose provider keeps failing pauses itself for a while, so messages wait instead of using up their
-- attempts; the owner's page and the log say so. One row per channel (sms, email).
CREATE TABLE channel_health (
  channel      TEXT    PRIMARY KEY CHECK (channel IN ('sms', 'email')),
  failures     INTEGER NOT NULL DEFAULT 0,                   -- retryable failures in a row
  paused_until INTEGER,
  last_error   TEXT,
  changed_at   INTEGER NOT NULL
) STRICT;
