-- A shop's API key or webhook secret rotated (`shop rotate`): the one before it still works until its time (epoch
-- ms), so that the till can be given the new one without a sale refused meanwhile. Forgotten once that time is over.
ALTER TABLE shops ADD COLUMN previous_api_key_hash TEXT;
ALTER TABLE shops ADD COLUMN previous_key_until INTEGER;
ALTER TABLE shops ADD COLUMN previous_webhook_secret TEXT;
ALTER TABLE shops ADD COLUMN previous_secret_until INTEGER;
