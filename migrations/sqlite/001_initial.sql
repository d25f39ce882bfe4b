-- Times are INTEGER milliseconds since the Unix epoch (UTC); a shop's timezone turns them into local time.

CREATE TABLE shops (
  id             INTEGER PRIMARY KEY,
  slug           TEXT    NOT NULL UNIQUE,
  name           TEXT    NOT NULL,
  timezone       TEXT    NOT NULL,                 -- IANA zone, e.g. Europe/Amsterdam
  country        TEXT    NOT NULL,                 -- ISO 3166 alpha-2: the default for local phone numbers
  locale         TEXT    NOT NULL,                 -- picks templates/<locale>/
  checkin_hour   INTEGER NOT NULL DEFAULT 10 CHECK (checkin_hour BETWEEN 0 AND 23),
  quiet_start    INTEGER NOT NULL DEFAULT 20 CHECK (quiet_start BETWEEN 0 AND 23),
  quiet_end      INTEGER NOT NULL DEFAULT 9  CHECK (quiet_end BETWEEN 0 AND 23),
  comeback_days  INTEGER NOT NULL DEFAULT 30 CHECK (comeback_days BETWEEN 1 AND 365),
  email_from     TEXT,                             -- overrides EMAIL_FROM
  sms_from       TEXT,                             -- overrides TWILIO_FROM
  api_key_hash   TEXT    NOT NULL,                 -- sha256 hex of the API key; the key itself is shown once
  webhook_secret TEXT    NOT NULL,                 -- HMAC key for Nextdeal-Signature
  created_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE customers (
  id                 INTEGER PRIMARY KEY,
  shop_id            INTEGER NOT NULL REFERENCES shops(id),
  pos_customer_id    TEXT,
  name               TEXT,
  phone              TEXT,                         -- E.164
  email              TEXT,                         -- trimmed, lower case
  locale             TEXT,
  sms_consent        INTEGER NOT NULL DEFAULT 0,
  email_consent      INTEGER NOT NULL DEFAULT 0,
  sms_opted_out_at   INTEGER,                      -- set: send this customer no SMS, whatever the till says
  email_opted_out_at INTEGER,
  details_at         INTEGER NOT NULL,             -- occurred_at of the sale that last set the details: the newest wins
  created_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX customers_by_pos_id ON customers(shop_id, pos_customer_id) WHERE pos_customer_id IS NOT NULL;
CREATE INDEX customers_by_phone  ON customers(shop_id, phone) WHERE phone IS NOT NULL;
CREATE INDEX customers_by_email  ON customers(shop_id, email) WHERE email IS NOT NULL;

CREATE TABLE sales (
  id            INTEGER PRIMARY KEY,
  shop_id       INTEGER NOT NULL REFERENCES shops(id),
  till_sale_id  TEXT    NOT NULL,                  -- the till's own id: the idempotency key
  customer_id   INTEGER REFERENCES customers(id),
  occurred_at   INTEGER NOT NULL,
  reason        TEXT,                              -- why the customer bought, in their words
  items         TEXT    NOT NULL DEFAULT '[]',     -- JSON: [{name, sku, quantity, unitPrice}]
  total         REAL,
  currency      TEXT,
  staff         TEXT,
  status        TEXT    NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'refunded', 'voided')),
  fingerprint   TEXT    NOT NULL,                  -- sha256 of the parsed body: the same id with another body is a conflict
  answer        TEXT    NOT NULL,                  -- the JSON first answered, answered again to a repeat
  received_at   INTEGER NOT NULL,
  UNIQUE (shop_id, till_sale_id)
) STRICT;
CREATE INDEX sales_by_customer ON sales(customer_id, occurred_at);

CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  shop_id         INTEGER NOT NULL REFERENCES shops(id),
  customer_id     INTEGER NOT NULL REFERENCES customers(id),
  sale_id         INTEGER NOT NULL REFERENCES sales(id),
  kind            TEXT    NOT NULL CHECK (kind IN ('checkin', 'comeback')),
  channel         TEXT    NOT NULL CHECK (channel IN ('sms', 'email')),
  key             TEXT    NOT NULL UNIQUE,         -- sale:<id>:<kind>; a repeat can never schedule twice
  status          TEXT    NOT NULL DEFAULT 'scheduled'
                  CHECK (status IN ('scheduled', 'sending', 'sent', 'failed', 'expired', 'cancelled', 'uncertain')),
  due_at          INTEGER NOT NULL,                -- when it should reach the customer
  next_attempt_at INTEGER NOT NULL,                -- when the dispatcher may try: due_at, later after a retryable failure
  attempts        INTEGER NOT NULL DEFAULT 0,
  claimed_at      INTEGER,                         -- set with status 'sending', before the provider is called
  sent_at         INTEGER,
  recipient       TEXT,                            -- the address it went to
  provider_id     TEXT,                            -- Twilio SID, SMTP Message-ID or outbox file
  content         TEXT,                            -- what was sent (SMS text or e-mail subject and text)
  error           TEXT,                            -- the last failure, or why it was cancelled or expired
  created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX messages_due         ON messages(next_attempt_at) WHERE status = 'scheduled';
CREATE INDEX messages_by_customer ON messages(customer_id, due_at);
CREATE INDEX messages_by_sale     ON messages(sale_id);
CREATE INDEX messages_sending     ON messages(claimed_at) WHERE status = 'sending';
