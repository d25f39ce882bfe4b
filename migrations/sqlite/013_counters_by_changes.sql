-- Counters that every instance adds to, kept by appending changes. Until now each message insert or status change
-- updated one of a dozen shared rows (message_counts) and a row per shop and quarter hour (checkin_slots); on
-- PostgreSQL, with several instances, writers then queue on those rows (every sale of every shop adds to the same
-- "check-ins scheduled" count) and two dispatchers' claims can lock them in opposite orders. Now the triggers only
-- insert a change; the dispatcher's sweep (src/db/chores.ts) folds the changes into the counters once a minute, and
-- readers add the changes not folded yet. SQLite has one writer at a time and never queued here, but the two engines
-- keep one design (and the same figures).

CREATE TABLE message_count_changes (
  kind    TEXT    NOT NULL,
  channel TEXT    NOT NULL,
  status  TEXT    NOT NULL,
  n       INTEGER NOT NULL
) STRICT;

CREATE TABLE checkin_slot_changes (
  shop_id   INTEGER NOT NULL,
  slot      INTEGER NOT NULL,
  channel   TEXT    NOT NULL,
  total     INTEGER NOT NULL,
  sent      INTEGER NOT NULL,
  delivered INTEGER NOT NULL,
  failed    INTEGER NOT NULL,
  waiting   INTEGER NOT NULL,
  replied   INTEGER NOT NULL
) STRICT;
-- The owner's page reads one shop's slots of a period.
CREATE INDEX checkin_slot_changes_by_slot ON checkin_slot_changes(shop_id, slot);

DROP TRIGGER message_counts_insert;
DROP TRIGGER message_counts_update;
DROP TRIGGER checkin_slots_insert;
DROP TRIGGER checkin_slots_update;

CREATE TRIGGER message_counts_insert AFTER INSERT ON messages
BEGIN
  INSERT INTO message_count_changes VALUES (new.kind, new.channel, new.status, 1);
END;

CREATE TRIGGER message_counts_update AFTER UPDATE OF status ON messages WHEN old.status IS NOT new.status
BEGIN
  INSERT INTO message_count_changes VALUES (old.kind, old.channel, old.status, -1), (new.kind, new.channel, new.status, 1);
END;

CREATE TRIGGER checkin_slots_insert AFTER INSERT ON messages WHEN new.kind = 'checkin'
BEGIN
  INSERT INTO checkin_slot_changes SELECT new.shop_id, new.due_at / 900000, new.channel, 1, new.status = 'sent',
    coalesce(new.delivery IN ('delivered', 'read'), 0), new.status = 'failed' OR coalesce(new.delivery IN ('failed', 'undelivered'), 0),
    new.status IN ('scheduled', 'sending'), new.replied_at IS NOT NULL;
END;

CREATE TRIGGER checkin_slots_update AFTER UPDATE OF status, delivery, replied_at, due_at, channel ON messages WHEN new.kind = 'checkin'
BEGIN
  INSERT INTO checkin_slot_changes SELECT old.shop_id, old.due_at / 900000, old.channel, -1, -(old.status = 'sent'),
    -coalesce(old.delivery IN ('delivered', 'read'), 0), -(old.status = 'failed' OR coalesce(old.delivery IN ('failed', 'undelivered'), 0)),
    -(old.status IN ('scheduled', 'sending')), -(old.replied_at IS NOT NULL);
  INSERT INTO checkin_slot_changes SELECT new.shop_id, new.due_at / 900000, new.channel, 1, new.status = 'sent',
    coalesce(new.delivery IN ('delivered', 'read'), 0), new.status = 'failed' OR coalesce(new.delivery IN ('failed', 'undelivered'), 0),
    new.status IN ('scheduled', 'sending'), new.replied_at IS NOT NULL;
END;
