-- As migrations/sqlite/043_message_sender.sql (read there why): the number an SMS went from ('' for the shared
-- TWILIO_FROM), and the MessageSids of STOPs and STARTs from phones no customer matches, with when they first came.
ALTER TABLE messages ADD COLUMN sender TEXT;

CREATE TABLE keywords_heard (
  provider_id TEXT   NOT NULL PRIMARY KEY,
  heard_at    BIGINT NOT NULL
);
