-- What nextdeal answered a reply's words with (the auto-reply: thanks, sorry, question, received, misdirected), or
-- 'none' when it sent none of these (a keyword's or a stop's own answer, nothing to a customer who opted out, nothing to
-- a phone's own answer, a reply page). A message's one "sorry" (or question's answer) is used up only by a problem or a
-- question that got it: before, a "Help!" answered with the HELP text, or a complaint sent while opted out, used it up,
-- and her next complaint got nothing back (src/db/replies.ts, record). NULL: stored before this, or by an instance of
-- the release before still running beside a new one (a rolling deploy); those are counted as they were, a problem or a
-- question (as first read, read_as) as told, so that no thread already told is told again.
ALTER TABLE replies ADD COLUMN answered_with TEXT;
