-- What customers wrote, read right; why a message did not go out, as a code the owner's page translates.

-- A reply's reading (class) is what the page shows; read_as keeps what the reader made of it, so a shop's
-- corrections can be exported to grow its own corpus. Any reading but positive lands on the owner's list.
ALTER TABLE replies ADD COLUMN read_as TEXT;                  -- the reader's reading, before the owner corrected it
ALTER TABLE replies ADD COLUMN corrected_at INTEGER;          -- when the owner corrected the reading
UPDATE replies SET read_as = class;
DROP INDEX replies_open;
CREATE INDEX replies_open ON replies(shop_id, received_at) WHERE class IN ('problem', 'question', 'other') AND handled_at IS NULL;

-- Nobody gets an automated invitation after writing something no person has read: a come-back invitation waits
-- for every open reply that is not clearly happy, not only for problems.
UPDATE messages SET held_by = (SELECT max(r.id) FROM replies r
    WHERE r.customer_id = messages.customer_id AND r.class IN ('problem', 'question', 'other') AND r.handled_at IS NULL)
  WHERE kind = 'comeback' AND status = 'scheduled' AND held_by IS NULL
    AND EXISTS (SELECT 1 FROM replies r WHERE r.customer_id = messages.customer_id AND r.class IN ('problem', 'question', 'other')
      AND r.handled_at IS NULL);

-- `error` becomes a code (src/domain/not-sent.ts); the provider's own words move to error_detail.
ALTER TABLE messages ADD COLUMN error_detail TEXT;
ALTER TABLE alerts ADD COLUMN error_detail TEXT;
ALTER TABLE lookups ADD COLUMN error_detail TEXT;

UPDATE messages SET error_detail = CASE WHEN error LIKE 'Twilio %' OR error LIKE 'SMTP %' OR error LIKE 'E%: %' THEN error END,
  error = CASE
    WHEN error = 'bought again' THEN 'bought_again'
    WHEN error = 'more than 48 hours late' THEN 'expired'
    WHEN error = 'the sale was refunded' THEN 'refunded'
    WHEN error = 'the sale was voided' THEN 'voided'
    WHEN error IN ('the customer withdrew consent', 'consent withdrawn') THEN 'consent_withdrawn'
    WHEN error = 'the customer opted out (sms keyword)' THEN 'opted_out_keyword'
    WHEN error = 'the customer opted out (unsubscribe link)' THEN 'opted_out_link'
    WHEN error = 'the customer opted out (provider)' THEN 'opted_out_provider'
    WHEN error LIKE 'the customer opted out%' THEN 'opted_out'
    WHEN error = 'no address any more' THEN 'no_address'
    WHEN error LIKE 'the dispatcher stopped%' THEN 'interrupted'
    WHEN error LIKE 'Twilio 21211%' THEN 'invalid_number'
    WHEN error LIKE 'Twilio 21612%' OR error LIKE 'Twilio 21614%' THEN 'not_mobile'
    WHEN error LIKE 'Twilio 21610%' THEN 'unsubscribed_at_provider'
    WHEN error LIKE 'Twilio 3%' THEN 'undelivered'
    WHEN error LIKE 'SMTP 550%' OR error LIKE 'SMTP 551%' OR error LIKE 'SMTP 553%' THEN 'mailbox_unknown'
    WHEN error LIKE 'SMTP 5%' THEN 'rejected'
    WHEN error LIKE 'could not render%' THEN 'render_failed'
    WHEN error LIKE 'E%: %' THEN 'unreachable'
    ELSE 'provider_error' END
  WHERE error IS NOT NULL;

UPDATE alerts SET error_detail = error, error = CASE
    WHEN error = 'the shop has no alert address' THEN 'no_alert_address'
    WHEN error LIKE 'the dispatcher stopped%' THEN 'interrupted'
    WHEN error LIKE 'SMTP 5%' THEN 'rejected'
    WHEN error LIKE 'E%: %' THEN 'unreachable'
    ELSE 'provider_error' END
  WHERE error IS NOT NULL;

UPDATE lookups SET error_detail = error, error = CASE
    WHEN error = 'no access token for the till API' THEN 'no_access_token'
    WHEN error = 'the till does not know this customer' THEN 'unknown_customer'
    ELSE 'lookup_failed' END
  WHERE error IS NOT NULL;
