-- The counters' changes, as PostgreSQL keeps them (migrations/postgres/013): there, every instance adds to the same
-- counter rows (message_counts, checkin_slots), so its triggers append a change instead, which the dispatcher's sweep
-- folds in once a minute and readers add meanwhile. SQLite has one writer at a time, which never waits on a row: its
-- triggers go on updating the counters in place (cheaper here), and these tables stay empty. They exist so that both
-- engines have one schema and the readers one statement.

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
