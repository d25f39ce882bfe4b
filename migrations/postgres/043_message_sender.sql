-- As migrations/sqlite/043_message_sender.sql (read there why): the number an SMS went from ('' for the shared
-- TWILIO_FROM), and the MessageSids of STOPs and STARTs from phones no customer matches, with when they first came.
ALTER TABLE messages ADD COLUMN sender TEXT;
UPDATE messages SET sender = (SELECT coalesce(sms_from, '') FROM shops WHERE shops.id = messages.shop_id)
  WHERE channel = 'sms' AND recipient IS NOT NULL
    AND coalesce(sent_at, claimed_at, created_at) > (extract(epoch FROM now()) * 1000)::bigint - 7776000000;

CREATE TABLE keywords_heard (
  provider_id TEXT   NOT NULL PRIMARY KEY,
  heard_at    BIGINT NOT NULL
);
