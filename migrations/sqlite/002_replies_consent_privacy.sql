-- Customers answer back: replies, consent history, owner alerts, delivery status, erasure.

ALTER TABLE shops ADD COLUMN alert_email TEXT;                 -- where problems and questions reach the owner

ALTER TABLE customers ADD COLUMN erased_at INTEGER;            -- contact details, replies and texts deleted on request
CREATE INDEX customers_by_phone_any_shop ON customers(phone) WHERE phone IS NOT NULL;

CREATE TABLE replies (
  id          INTEGER PRIMARY KEY,
  shop_id     INTEGER NOT NULL REFERENCES shops(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  message_id  INTEGER REFERENCES messages(id),               -- the check-in (or invitation) it answers
  sale_id     INTEGER REFERENCES sales(id),                  -- the sale behind that message
  channel     TEXT    NOT NULL CHECK (channel IN ('sms', 'email')),
  provider_id TEXT    UNIQUE,                                -- Twilio MessageSid: a redelivered webhook is stored once
  answer      TEXT    CHECK (answer IN ('great', 'unsure', 'problem')), -- the one-tap answer on the reply page
  body        TEXT,                                          -- the customer's words, as written
  class       TEXT    NOT NULL CHECK (class IN ('opt_out', 'opt_in', 'help', 'problem', 'question', 'positive', 'other')),
  received_at INTEGER NOT NULL,
  handled_at  INTEGER                                        -- the owner called back / dealt with it
) STRICT;
CREATE INDEX replies_by_shop ON replies(shop_id, received_at);
CREATE INDEX replies_by_customer ON replies(customer_id);
CREATE INDEX replies_open ON replies(shop_id, received_at) WHERE class IN ('problem', 'question') AND handled_at IS NULL;

ALTER TABLE messages ADD COLUMN token_hash TEXT;               -- sha256 of the token in an e-mail's reply and unsubscribe links
ALTER TABLE messages ADD COLUMN delivery TEXT;                 -- the provider's last delivery status (Twilio status callback)
ALTER TABLE messages ADD COLUMN held_by INTEGER REFERENCES replies(id); -- a come-back invitation waiting until this problem is handled
CREATE UNIQUE INDEX messages_by_token ON messages(token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX messages_by_provider_id ON messages(provider_id) WHERE provider_id IS NOT NULL;
CREATE INDEX messages_sms_by_recipient ON messages(recipient, sent_at) WHERE channel = 'sms' AND recipient IS NOT NULL;

-- Consent per channel: when and how it was given or withdrawn.
CREATE TABLE consent_events (
  id          INTEGER PRIMARY KEY,
  shop_id     INTEGER NOT NULL REFERENCES shops(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  channel     TEXT    NOT NULL CHECK (channel IN ('sms', 'email')),
  given       INTEGER NOT NULL CHECK (given IN (0, 1)),
  source      TEXT    NOT NULL CHECK (source IN ('till', 'sms_keyword', 'unsubscribe_link', 'owner', 'provider', 'customer_page')),
  at          INTEGER NOT NULL
) STRICT;
CREATE INDEX consent_events_by_customer ON consent_events(customer_id, at);

-- An e-mail to the owner about a problem or a question, sent by the dispatcher like any message.
CREATE TABLE alerts (
  id              INTEGER PRIMARY KEY,
  shop_id         INTEGER NOT NULL REFERENCES shops(id),
  reply_id        INTEGER NOT NULL UNIQUE REFERENCES replies(id),
  status          TEXT    NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'sending', 'sent', 'failed', 'uncertain')),
  next_attempt_at INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  claimed_at      INTEGER,
  sent_at         INTEGER,
  error           TEXT
) STRICT;
CREATE INDEX alerts_due ON alerts(next_attempt_at) WHERE status = 'scheduled';

-- That an erasure happened, never whose.
CREATE TABLE erasures (
  id      INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  why     TEXT    NOT NULL CHECK (why IN ('request', 'retention')),
  at      INTEGER NOT NULL
) STRICT;
