-- How many attachments (photos, mostly) an SMS reply brought (Twilio's NumMedia). nextdeal keeps no media, but the
-- owner must know a customer sent one: a photo of what broke, with no words, read as an empty reply.
ALTER TABLE replies ADD COLUMN media INTEGER NOT NULL DEFAULT 0 CHECK (media >= 0);
