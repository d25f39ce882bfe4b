-- A join code (or e-mailed link) whose send a crash cut off (kill -9 while it was with Twilio or the mail server) stayed
-- in doubt for good, and nothing sent it again: a customer whose code never reached Twilio could not join for a day.
-- Now the sweep sends it again (src/db/chores.ts), with the same code, so that either text works. For that:
--   secret     the code or link token of the request, made at its first send and kept as it is while another send of
--              it may come: cleared once its message went, or failed for good. (Its hash is code_hash, what the page
--              checks.) One in doubt keeps it until the request is deleted, a day past its time (purge).
--   handed_over  1 once the claim kept the code, the last step before the provider (each claim starts at 0): a claim
--              that did not keep it handed nothing over, and the sweep after a crash sends it again at once; one that
--              did may have, and it goes again once.
ALTER TABLE join_confirmations ADD COLUMN secret TEXT;
ALTER TABLE join_confirmations ADD COLUMN handed_over INTEGER NOT NULL DEFAULT 0 CHECK (handed_over IN (0, 1));
-- `resent` (here and in alerts): 1 once the sweep sent it again after a crash (src/db/chores.ts), for good: cut off
-- again, it stays in doubt, whatever a retry in between wrote in `error` (which alone let a third text through).
ALTER TABLE join_confirmations ADD COLUMN resent INTEGER NOT NULL DEFAULT 0 CHECK (resent IN (0, 1));
ALTER TABLE alerts ADD COLUMN resent INTEGER NOT NULL DEFAULT 0 CHECK (resent IN (0, 1));
-- Those a crash left in doubt before this version whose code was never kept were never handed over: they go now, if
-- they were cut off in the last hour (a code that comes later, perhaps at night, is no use at the counter; older ones
-- stay in doubt, as before). One whose code was kept may have gone, and its code is not known: it stays in doubt.
UPDATE join_confirmations SET status = 'scheduled', next_attempt_at = claimed_at, attempts = attempts - 1, error = NULL
  WHERE status = 'uncertain' AND error = 'interrupted' AND code_hash IS NULL AND claimed_at > CAST(strftime('%s', 'now') AS INTEGER) * 1000 - 3600000;
