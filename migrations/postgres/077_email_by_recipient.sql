-- Never two messages to one customer within a day, also when one of them went late (a downtime, a retry, a paused
-- channel, the night): as a message is kept, the dispatcher looks for another that went to the customer's phone or
-- address less than a day before (src/db/messages.ts recentlyMessaged). Texts are found by recipient through
-- messages_sms_by_recipient (002); e-mails get the same index. Only a message that was handed over has a recipient:
-- one still planned is not in it, so it costs a sale nothing.
CREATE INDEX messages_email_by_recipient ON messages(recipient, sent_at) WHERE channel = 'email' AND recipient IS NOT NULL;
