-- Erased means erased, and /metrics reads counts kept as things happen.

-- A secret of this installation: the sales' fingerprints are keyed with it (HMAC), so what an erasure leaves of a
-- sale cannot be brute-forced back to a phone number. The code creates it, and re-keys the fingerprints already
-- there, in this same transaction (see src/db/open.ts).
CREATE TABLE installation (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Messages by kind, channel and status, kept by triggers on every insert and status change: GET /metrics reads a
-- dozen rows here instead of counting the messages table.
CREATE TABLE message_counts (
  kind    TEXT    NOT NULL,
  channel TEXT    NOT NULL,
  status  TEXT    NOT NULL,
  n       INTEGER NOT NULL,
  PRIMARY KEY (kind, channel, status)
) STRICT, WITHOUT ROWID;
INSERT INTO message_counts SELECT kind, channel, status, count(*) FROM messages GROUP BY kind, channel, status;

CREATE TRIGGER message_counts_insert AFTER INSERT ON messages
BEGIN
  INSERT INTO message_counts VALUES (new.kind, new.channel, new.status, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER message_counts_update AFTER UPDATE OF status ON messages WHEN old.status IS NOT new.status
BEGIN
  UPDATE message_counts SET n = n - 1 WHERE kind = old.kind AND channel = old.channel AND status = old.status;
  INSERT INTO message_counts VALUES (new.kind, new.channel, new.status, 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
