-- As migrations/sqlite/071_reply_answered_with.sql (read there why): what nextdeal answered a reply's words with (the
-- auto-reply: thanks, sorry, question, received; NULL for none of these), so that only a problem or a question that got
-- an answer uses up the one a message has. Those stored before are counted as answered, as they were ('unrecorded').
ALTER TABLE replies ADD COLUMN answered_with TEXT;
UPDATE replies SET answered_with = 'unrecorded' WHERE class IN ('problem', 'question');
