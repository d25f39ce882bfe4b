-- As migrations/sqlite/054: a message the outbox took (provider_id 'outbox:…') is counted as 'outbox', not 'sent',
-- by the triggers that append to message_count_changes (013), so that /metrics never counts the messages table.
CREATE OR REPLACE FUNCTION counted_status(status TEXT, provider_id TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS
  $$ SELECT CASE WHEN status = 'sent' AND substr(provider_id, 1, 7) = 'outbox:' THEN 'outbox' ELSE status END $$;

CREATE OR REPLACE FUNCTION message_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO message_count_changes VALUES (NEW.kind, NEW.channel, counted_status(NEW.status, NEW.provider_id), 1);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION message_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO message_count_changes VALUES (OLD.kind, OLD.channel, counted_status(OLD.status, OLD.provider_id), -1),
    (NEW.kind, NEW.channel, counted_status(NEW.status, NEW.provider_id), 1);
  RETURN NULL;
END $$;

DROP TRIGGER message_counts_update ON messages;
CREATE TRIGGER message_counts_update AFTER UPDATE OF status, provider_id ON messages
  FOR EACH ROW WHEN (counted_status(OLD.status, OLD.provider_id) IS DISTINCT FROM counted_status(NEW.status, NEW.provider_id))
  EXECUTE FUNCTION message_counts_update();

-- Counted anew once, with the outboxed apart (a scan of the table, here only). Under the migration lock; instances
-- still running add their changes after it, to these counts.
DELETE FROM message_count_changes;
DELETE FROM message_counts;
INSERT INTO message_counts SELECT kind, channel, counted_status(status, provider_id), count(*) FROM messages GROUP BY 1, 2, 3;
