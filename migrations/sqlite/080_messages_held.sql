-- The come-back invitations a reply holds (held_by), still to go: few, for a reply holds them only while the owner
-- has not handled it. The chore that lets go those held by a reply already handled (src/db/chores.ts letGoHandled: an
-- erasure before 5ce3b45 left them so, never to go) reads them here, at start and every hour, not every scheduled
-- message of the installation (messages_due: a come-back waits a month, so a month of sales), a look-up each. The
-- owner's "Afgehandeld" (src/db/replies.ts release) and the alert's "holds an invitation" find a reply's here too,
-- where SQLite read the scheduled messages for them. PostgreSQL has messages_held_by (its 045) for all of that.
CREATE INDEX messages_held ON messages(held_by) WHERE status = 'scheduled' AND held_by IS NOT NULL;
