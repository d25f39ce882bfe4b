-- Every owner's overview (and `nextdeal dispatch`) counts the texts waiting on the Twilio account: a country it may not
-- text (21408, region_not_enabled), a number a trial account may not (21608, trial_account). They are few among the
-- scheduled messages, which the count walked, shop by shop twice per page. Only a message that waits with a reason is
-- in this index: a sale's new messages (no error yet) are not, so it costs a sale nothing.
CREATE INDEX messages_waiting_on ON messages(shop_id, error) WHERE status = 'scheduled' AND error IS NOT NULL;
