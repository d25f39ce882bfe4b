-- SQLite's index of the come-back invitations a reply holds (migrations/sqlite/080). PostgreSQL has messages_held_by
-- (045), which the chore reads them through: nothing to change here. (An index like SQLite's was taken by PostgreSQL
-- for the lapse chore's look at complaints past their time, where messages_complaint_held serves it.)
SELECT 1;
