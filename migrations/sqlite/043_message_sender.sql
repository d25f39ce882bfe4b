-- The number an SMS went from, kept as it is handed to Twilio: the shop's --sms-from, '' for the shared TWILIO_FROM (or
-- the Messaging Service); NULL for an e-mail (and for an SMS an instance of the version before keeps, in a rolling
-- deploy). A customer answers in the thread on their phone, with the number their SMS came from, also after the shop
-- moved to another: a reply is matched by it (src/db/replies.ts), and a send in doubt is looked for under it
-- (src/queue/messages.ts reconcile). Before, both took the shop's number now, so a reply to the shared number reached
-- nobody once the shop had its own.
ALTER TABLE messages ADD COLUMN sender TEXT;
-- The SMS kept before: from the number their shop texts from now. That is the one they went from, unless the shop moved
-- before this upgrade (then it is what replies were matched by until now): a shop that moves after it still gets the
-- answers to what it sent before. Those of the last 90 days, which are answered: every SMS ever kept would make this
-- one statement rewrite millions of rows on a large installation (older ones are matched as before).
UPDATE messages SET sender = (SELECT coalesce(sms_from, '') FROM shops WHERE shops.id = messages.shop_id)
  WHERE channel = 'sms' AND recipient IS NOT NULL
    AND coalesce(sent_at, claimed_at, created_at) > CAST(strftime('%s', 'now') AS INTEGER) * 1000 - 7776000000;

-- A STOP or START from a phone no customer matches (src/http/twilio.ts strangerSaid) keeps no reply, so a redelivery of
-- it (the same MessageSid) was dated anew, and a STOP delivered again after a START undid it. Its MessageSid is kept
-- with when it first came, for a week (Twilio's redeliveries come within hours): nothing else of it.
CREATE TABLE keywords_heard (
  provider_id TEXT    NOT NULL PRIMARY KEY,
  heard_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
