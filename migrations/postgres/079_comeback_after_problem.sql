-- As migrations/sqlite/079_comeback_after_problem.sql (read there why): the complaint (a reply's id) that held a
-- come-back invitation, and its time when a complaint first held it; and the index the lapse chore finds those a
-- complaint still holds by.
ALTER TABLE messages ADD COLUMN after_problem BIGINT;
ALTER TABLE messages ADD COLUMN planned_at BIGINT;
CREATE INDEX messages_complaint_held ON messages(planned_at) WHERE status = 'scheduled' AND held_by = after_problem;
