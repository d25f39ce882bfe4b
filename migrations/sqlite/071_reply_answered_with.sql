-- What nextdeal answered a reply's words with (the auto-reply: thanks, sorry, question, received); NULL when it sent
-- none of these (a keyword's or a stop's own answer, nothing to a customer who opted out, nothing to a phone's own
-- answer, a reply page). A message's one "sorry" (or question's answer) is used up only by a problem or a question
-- that got it: before, a "Help!" answered with the HELP text, or a complaint sent while opted out, used it up, and her
-- next complaint got nothing back (src/db/replies.ts, record). The problems and questions stored before are counted
-- as answered, as they were ('unrecorded': what they got was not kept), so no thread already told gets a second one.
ALTER TABLE replies ADD COLUMN answered_with TEXT;
UPDATE replies SET answered_with = 'unrecorded' WHERE class IN ('problem', 'question');
