-- Real tills: connections to Shopify, Square, Lightspeed, Zettle and Loyverse; their deliveries seen once;
-- customer look-ups in their APIs; and the consent page for sales that came without a customer.

CREATE TABLE connections (
  id               INTEGER PRIMARY KEY,
  shop_id          INTEGER NOT NULL REFERENCES shops(id),
  vendor           TEXT    NOT NULL CHECK (vendor IN ('shopify', 'square', 'lightspeed', 'zettle', 'loyverse')),
  secret           TEXT    NOT NULL,                 -- the vendor's signing key, as it must be to verify its HMACs
  access_token     TEXT,                             -- for the vendor's API: looking up a customer's contact details
  notification_url TEXT,                             -- Square signs the URL it posts to: the one registered there
  api_base_url     TEXT,                             -- the vendor API's base URL (tests aim it at a local server)
  consent          TEXT    NOT NULL DEFAULT '',      -- 'sms', 'email' or 'sms,email': consent the shop collected in the till
  online_orders    INTEGER NOT NULL DEFAULT 1,       -- Shopify: web orders as well as POS orders
  created_at       INTEGER NOT NULL,
  UNIQUE (shop_id, vendor)
) STRICT;

-- A vendor's event id, once seen: a redelivery writes nothing.
CREATE TABLE webhook_events (
  shop_id     INTEGER NOT NULL REFERENCES shops(id),
  vendor      TEXT    NOT NULL,
  event_id    TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (shop_id, vendor, event_id)
) STRICT, WITHOUT ROWID;

-- Looking up a sale's customer in the vendor's API, queued like a message so the webhook is answered at once.
CREATE TABLE lookups (
  id              INTEGER PRIMARY KEY,
  shop_id         INTEGER NOT NULL REFERENCES shops(id),
  sale_id         INTEGER NOT NULL UNIQUE REFERENCES sales(id),
  vendor          TEXT    NOT NULL,
  customer_ref    TEXT    NOT NULL,                  -- the vendor's customer id
  status          TEXT    NOT NULL DEFAULT 'scheduled'
                  CHECK (status IN ('scheduled', 'sending', 'sent', 'failed', 'expired', 'cancelled', 'uncertain')),
  next_attempt_at INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  claimed_at      INTEGER,
  error           TEXT,
  created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX lookups_due ON lookups(next_attempt_at) WHERE status = 'scheduled';

-- A short link a customer opens to give their own contact, consent and reason: for one sale, or (sale_id null,
-- shop-wide, from the poster) for a purchase the till knows nothing of.
CREATE TABLE consent_links (
  code       TEXT    PRIMARY KEY,
  shop_id    INTEGER NOT NULL REFERENCES shops(id),
  sale_id    INTEGER UNIQUE REFERENCES sales(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT;
CREATE INDEX consent_links_by_shop ON consent_links(shop_id, created_at);
