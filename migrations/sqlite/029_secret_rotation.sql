-- A shop's webhook secret rotated (`shop rotate --webhook-secret`): the one before it still verifies until
-- previous_secret_until (epoch ms), so that the till can be given the new one without a sale refused meanwhile.
ALTER TABLE shops ADD COLUMN previous_webhook_secret TEXT;
ALTER TABLE shops ADD COLUMN previous_secret_until INTEGER;
