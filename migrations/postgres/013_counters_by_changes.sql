-- Counters that every instance adds to, kept by appending changes (the same as migrations/sqlite/013): the triggers
-- that kept message_counts (a dozen rows every writer shared) and checkin_slots (a row per shop and quarter hour)
-- by updating them in place now insert a change instead, which never waits for another transaction; the dispatcher's
-- sweep folds the changes in once a minute, and readers add what is not folded yet. Before this, every sale of every
-- shop queued on the same "check-ins scheduled" row until its commit, and two dispatchers' claims could lock
-- checkin_slots rows in opposite orders (a deadlock).

CREATE TABLE message_count_changes (
  kind    TEXT    NOT NULL,
  channel TEXT    NOT NULL,
  status  TEXT    NOT NULL,
  n       INTEGER NOT NULL
);

CREATE TABLE checkin_slot_changes (
  shop_id   BIGINT  NOT NULL,
  slot      INTEGER NOT NULL,
  channel   TEXT    NOT NULL,
  total     INTEGER NOT NULL,
  sent      INTEGER NOT NULL,
  delivered INTEGER NOT NULL,
  failed    INTEGER NOT NULL,
  waiting   INTEGER NOT NULL,
  replied   INTEGER NOT NULL
);
CREATE INDEX checkin_slot_changes_by_slot ON checkin_slot_changes(shop_id, slot);

CREATE OR REPLACE FUNCTION checkin_slots_part(m messages, sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO checkin_slot_changes VALUES (m.shop_id, m.due_at / 900000, m.channel, sign,
    sign * (m.status = 'sent')::integer,
    sign * CASE WHEN m.delivery IN ('delivered', 'read') THEN 1 ELSE 0 END,
    sign * CASE WHEN m.status = 'failed' OR m.delivery IN ('failed', 'undelivered') THEN 1 ELSE 0 END,
    sign * (m.status IN ('scheduled', 'sending'))::integer,
    sign * (m.replied_at IS NOT NULL)::integer);
END $$;

CREATE OR REPLACE FUNCTION message_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO message_count_changes VALUES (NEW.kind, NEW.channel, NEW.status, 1);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION message_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO message_count_changes VALUES (OLD.kind, OLD.channel, OLD.status, -1), (NEW.kind, NEW.channel, NEW.status, 1);
  RETURN NULL;
END $$;
