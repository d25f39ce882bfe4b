-- As migrations/sqlite/071_reply_answered_with.sql (read there why): what nextdeal answered a reply's words with, or
-- 'none'; NULL for a reply stored before, or by an instance of the release before (counted as it was).
ALTER TABLE replies ADD COLUMN answered_with TEXT;
