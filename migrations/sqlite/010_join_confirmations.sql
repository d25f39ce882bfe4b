-- Double opt-in for the public pages (a sale's consent link /c/<code> and the shop's /shops/<slug>/join): what a
-- visitor gives there is held here, unconfirmed, until the owner of the number or address proves it with the code
-- texted to them or the link e-mailed to them. Only then is the sale recorded (or the link's sale given its customer),
-- with consent for the one channel that was confirmed. Nothing unconfirmed ever reaches the customers table.

-- Countries whose mobile numbers may be sent a code (comma-separated ISO 3166 codes, e.g. 'NL,BE'); null: the shop's own.
ALTER TABLE shops ADD COLUMN join_countries TEXT;

CREATE TABLE join_confirmations (
  id              INTEGER PRIMARY KEY,
  shop_id         INTEGER NOT NULL REFERENCES shops(id),
  sale_id         INTEGER REFERENCES sales(id),          -- from a sale's consent link: the sale to give its customer; null from the join page
  link_code       TEXT,                                  -- that consent link: used up when a request for it is confirmed
  item            TEXT,                                  -- what they bought, when the page asked (never in the confirmation message)
  reason          TEXT,                                  -- why, in their words (never in the confirmation message)
  channel         TEXT    NOT NULL CHECK (channel IN ('sms', 'email')),
  destination     TEXT    NOT NULL,                      -- the E.164 number or normalised e-mail address being confirmed
  locale          TEXT    NOT NULL,                      -- the page's language: the message's too
  page_hash       TEXT    UNIQUE,                        -- SMS: sha256 of the token of the page that asks for the code
  code_hash       TEXT,                                  -- sha256 of the code (SMS) or of the link's token (e-mail), made when the message is sent
  code_from       INTEGER REFERENCES join_confirmations(id), -- a repeat within 24 h: the earlier request whose code it shares; nothing is sent for it
  guesses         INTEGER NOT NULL DEFAULT 0,            -- wrong codes typed against this row's code; at 5 the code is void
  code_used_at    INTEGER,                               -- this row's code confirmed a request (this one or a repeat): it confirms no other
  confirmed_at    INTEGER,
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,                      -- the code or link works until then
  -- The confirmation message, queued like the messages table (null for a repeat, which sends nothing).
  status          TEXT    CHECK (status IN ('scheduled', 'sending', 'sent', 'failed', 'uncertain')),
  next_attempt_at INTEGER,
  attempts        INTEGER NOT NULL DEFAULT 0,
  claimed_at      INTEGER,
  sent_at         INTEGER,
  provider_id     TEXT,
  error           TEXT,
  error_detail    TEXT
) STRICT;
CREATE UNIQUE INDEX join_confirmations_by_link ON join_confirmations(code_hash) WHERE channel = 'email' AND code_hash IS NOT NULL;
CREATE INDEX join_confirmations_due ON join_confirmations(next_attempt_at) WHERE status = 'scheduled';
CREATE INDEX join_confirmations_claimed ON join_confirmations(claimed_at) WHERE status = 'sending';
CREATE INDEX join_confirmations_by_destination ON join_confirmations(shop_id, destination, created_at);
-- The shop's daily cap counts the messages it sent (repeats send none).
CREATE INDEX join_confirmations_sent_by_shop ON join_confirmations(shop_id, created_at) WHERE code_from IS NULL;
CREATE INDEX join_confirmations_by_expiry ON join_confirmations(expires_at);

-- Consent history gains the source 'customer_page_confirmed'. SQLite cannot change a CHECK constraint, so the table is
-- rebuilt the documented way: create the new one, copy, drop the old one, rename, and create its indexes again.
-- (No other table, trigger or view refers to consent_events.)
CREATE TABLE consent_events_new (
  id          INTEGER PRIMARY KEY,
  shop_id     INTEGER NOT NULL REFERENCES shops(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  channel     TEXT    NOT NULL CHECK (channel IN ('sms', 'email')),
  given       INTEGER NOT NULL CHECK (given IN (0, 1)),
  source      TEXT    NOT NULL CHECK (source IN ('till', 'sms_keyword', 'unsubscribe_link', 'owner', 'provider', 'customer_page', 'customer_page_confirmed')),
  at          INTEGER NOT NULL
) STRICT;
INSERT INTO consent_events_new (id, shop_id, customer_id, channel, given, source, at)
  SELECT id, shop_id, customer_id, channel, given, source, at FROM consent_events;
DROP TABLE consent_events;
ALTER TABLE consent_events_new RENAME TO consent_events;
CREATE INDEX consent_events_by_customer ON consent_events(customer_id, at);
CREATE INDEX consent_opt_outs ON consent_events(shop_id, at, channel)
  WHERE given = 0 AND source IN ('sms_keyword', 'unsubscribe_link', 'provider');
