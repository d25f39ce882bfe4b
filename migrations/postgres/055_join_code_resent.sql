-- As migrations/sqlite/055: a join code whose send a crash cut off goes again, with the same code. `secret` keeps the
-- code or link token until its message went or failed for good; `handed_over` says the claim kept it, the last step
-- before the provider. Those a crash left in doubt before, whose code was never
-- kept, were never handed over: they go now, if cut off in the last hour.
ALTER TABLE join_confirmations ADD COLUMN secret TEXT;
ALTER TABLE join_confirmations ADD COLUMN handed_over INTEGER NOT NULL DEFAULT 0 CHECK (handed_over IN (0, 1));
-- `resent` (here and in alerts): 1 once the sweep sent it again after a crash (src/db/chores.ts), for good: cut off
-- again, it stays in doubt, whatever a retry in between wrote in `error` (which alone let a third text through).
ALTER TABLE join_confirmations ADD COLUMN resent INTEGER NOT NULL DEFAULT 0 CHECK (resent IN (0, 1));
ALTER TABLE alerts ADD COLUMN resent INTEGER NOT NULL DEFAULT 0 CHECK (resent IN (0, 1));
UPDATE join_confirmations SET status = 'scheduled', next_attempt_at = claimed_at, attempts = attempts - 1, error = NULL
  WHERE status = 'uncertain' AND error = 'interrupted' AND code_hash IS NULL AND claimed_at > (extract(epoch FROM now()) * 1000)::bigint - 3600000;
