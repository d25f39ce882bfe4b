-- A message the outbox took (no SMTP or Twilio set up: provider_id 'outbox:…', src/db/outboxed.ts) is counted in
-- message_counts as 'outbox', not 'sent': /metrics said "sent" of messages nobody got, while the owner's page and
-- `messages list` say they were only written to a file. Kept by the triggers as every other status is, so that a
-- scrape reads a dozen rows and never counts the messages table (counting the outboxed ones at each scrape took 0.2 s
-- at half a million of them). The status is derived where it is counted; an erasure keeps the 'outbox:' mark.
DROP TRIGGER message_counts_insert;
DROP TRIGGER message_counts_update;
CREATE TRIGGER message_counts_insert AFTER INSERT ON messages
BEGIN
  INSERT INTO message_counts VALUES (new.kind, new.channel,
      CASE WHEN new.status = 'sent' AND substr(new.provider_id, 1, 7) = 'outbox:' THEN 'outbox' ELSE new.status END, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER message_counts_update AFTER UPDATE OF status, provider_id ON messages
  WHEN (CASE WHEN old.status = 'sent' AND substr(old.provider_id, 1, 7) = 'outbox:' THEN 'outbox' ELSE old.status END)
    IS NOT (CASE WHEN new.status = 'sent' AND substr(new.provider_id, 1, 7) = 'outbox:' THEN 'outbox' ELSE new.status END)
BEGIN
  UPDATE message_counts SET n = n - 1 WHERE kind = old.kind AND channel = old.channel
    AND status = CASE WHEN old.status = 'sent' AND substr(old.provider_id, 1, 7) = 'outbox:' THEN 'outbox' ELSE old.status END;
  INSERT INTO message_counts VALUES (new.kind, new.channel,
      CASE WHEN new.status = 'sent' AND substr(new.provider_id, 1, 7) = 'outbox:' THEN 'outbox' ELSE new.status END, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- Counted anew once, with the outboxed apart (a scan of the table, here only).
DELETE FROM message_count_changes;
DELETE FROM message_counts;
INSERT INTO message_counts SELECT kind, channel,
    CASE WHEN status = 'sent' AND substr(provider_id, 1, 7) = 'outbox:' THEN 'outbox' ELSE status END, count(*)
  FROM messages GROUP BY 1, 2, 3;
