-- A channel's last failure is kept as its code only (SMTP 535, Twilio 21611): the provider's own words could quote a
-- customer's address, and erasing the customer did not reach them. What was kept before, in those words, is cleared;
-- the next failure writes its code.
UPDATE channel_health SET last_error = NULL;
