// Why a message, an owner alert or a look-up did not go out (or not yet): a code, stored in the `error` column of
// its row. The phrases for each code are in the owner's language tables (src/http/owner/phrases.ts), typed so that a
// code without words in every language fails the build. A provider's own text, which may quote an address, is kept
// apart in `error_detail`, for the operator.

export const notSentReasons = [
  // decided before sending
  'expired', // found more than 48 hours past its time
  'refunded', // the sale was refunded
  'voided', // the sale was voided
  'bought_again', // the customer bought again: that sale schedules its own invitation
  'checkin_moved', // the customer bought again before this check-in went: the newer purchase's check-in goes instead
  'contact_changed', // a newer sale gave the customer another number or address: this was meant for the one before
  'contact_corrected', // the till posted the sale again with the number or address put right: not to the one first posted
  'opted_out', // the customer opted out of this channel
  'opted_out_keyword', // ... by texting STOP
  'opted_out_link', // ... with the unsubscribe link
  'opted_out_provider', // ... with the provider (Twilio's own STOP list)
  'consent_withdrawn', // consent withdrawn (by the till, or the owner on the customer's word)
  'consent_withdrawn_shared', // consent withdrawn for its number or address at the till, with a sale on another row that has it
  'no_address', // no phone or e-mail address any more
  'own_number', // a text to a number nextdeal texts from (TWILIO_FROM, a shop's --sms-from): not the customer's
  'machine_number', // a text to a machine's SIM (NL 097: a meter, an alarm, a car), which no one reads
  'erased', // the customer's data was erased
  'held_out', // the customer is in the hold-out group (never messaged): sending it would have been a bug
  'shop_disabled', // the shop stopped using nextdeal (shop disable)
  'complaint_late', // a come-back invitation her complaint held, the complaint not handled within 14 days of its planned time: it would have come out of the blue
  'quiet_hours', // waiting, not failed: it would have gone in the quiet hours where it is read (only while it waits)
  'messaged_recently', // another check-in or invitation of the shop's went to the customer's phone or address less than a day before: it waited for the day to pass, too long
  'number_busy', // another shop texted the customer from the same (shared) number just before: it waited for an answer to that one, too long
  // while sending
  'interrupted', // the dispatcher stopped while sending: it may or may not have gone out
  'in_doubt', // the provider took the request and never answered: it may or may not have gone out
  'restored', // the database was restored from an earlier copy, in which it still waited: it may have gone out since
  'unreachable', // the provider could not be reached (refused, timed out, DNS, TLS): nothing was sent
  'rate_limited', // the provider asked to slow down
  'provider_error', // the provider failed for now (a 5xx, an SMTP 4xx, an SMTP 5xx about the relay or the sender, not the recipient)
  'outbox_unwritable', // the outbox folder could not be written (a full disk: ENOSPC; no right to it): nothing was written
  'provider_auth', // the provider refused our credentials: the operator must fix the configuration
  'sender_refused', // the mail server refused the sender address (at MAIL FROM): the shop's own, or EMAIL_FROM
  'region_not_enabled', // the Twilio account may not text that country yet (21408, its Geo Permissions): the operator's setting
  'trial_account', // the Twilio account is a trial one, which texts only the numbers verified in its console (21608): the operator's
  'invalid_number', // not a valid phone number (Twilio 21211)
  'not_mobile', // the number cannot take a text (Twilio 21612, 21614)
  'unsubscribed_at_provider', // the number is on the provider's STOP list (Twilio 21610)
  'mailbox_full', // the recipient's mailbox is full (SMTP 452 4.2.2 at RCPT): tried again, that message alone
  'recipient_deferred', // the mail server put off taking mail for that recipient (a 4xx at RCPT naming its mailbox, 4.2.x, or address): tried again
  'mailbox_unknown', // the mail server says the address does not exist (SMTP 550, 551, 553)
  'rejected', // refused for good for another reason (an SMTP 5xx of the recipient or of the message's content, a Twilio 4xx)
  'undelivered', // the provider took it, then reported it undelivered
  'render_failed', // the template could not be rendered: nothing was sent
  // owner alerts and look-ups
  'no_alert_address', // the shop has no alert address
  'no_access_token', // no API token for the till, so no look-up
  'unknown_customer', // the till does not know the customer
  'lookup_failed', // the till's API failed
] as const;

export type NotSent = (typeof notSentReasons)[number];

export const isNotSent = (v: unknown): v is NotSent => (notSentReasons as readonly unknown[]).includes(v);
