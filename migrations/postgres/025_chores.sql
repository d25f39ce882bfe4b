-- When each chore shared by every instance was last done, for chores that must not be missed when no instance was up
-- at their time (the monthly retention purge: a server off on the night of the 1st purged nothing that month).
CREATE TABLE chores (
  name    TEXT   PRIMARY KEY,
  done_at BIGINT NOT NULL
);
