-- Four migrations were changed after their first release: 029 (shops.previous_api_key_hash, previous_key_until), 043
-- (the SMS kept before it given their sender), 048 (login_failures kept by shop_id, not by an HMAC of the name typed;
-- two indexes) and 055 (join_confirmations.resent, alerts.resent). The migrator keeps only the version, so a database
-- that ran a file's first text never got the rest: every dispatch tick failed on `resent`, /login on `shop_id`. This
-- brings such a database to the shape the files have now, and changes nothing in one that ran their final text.
-- Since this migration, the migrator also keeps each file's checksum and refuses to start on a file changed after it
-- ran (src/db/migration-checksums.ts).
--
-- What SQLite cannot do conditionally (add a column only where it is missing, recreate login_failures only where it has
-- the old shape) is done in code right after this file (src/db/open.ts, afterMigration 59).
CREATE INDEX IF NOT EXISTS login_addresses_by_last ON login_addresses (last_at);

-- 043's first text gave no sender to the SMS kept before it, and replies are matched by sender (src/db/replies.ts): an
-- answer to one of them reached nobody. Its final text gives them the number their shop texted from, for those of the
-- 90 days before the migration ran. The same here, for those 90 days before 043's applied_at: in a database that ran
-- the final text every such SMS has a sender already (it ran before applied_at was taken), so nothing changes there.
-- The SMS an instance of the version before 043 sent after it ran (a rolling deploy) have no sender in either case and
-- are left as they are. A shop that moved to another number since 043 ran gets its number now, as 043 would have.
UPDATE messages SET sender = (SELECT coalesce(sms_from, '') FROM shops WHERE shops.id = messages.shop_id)
  WHERE channel = 'sms' AND recipient IS NOT NULL AND sender IS NULL
    AND coalesce(sent_at, claimed_at, created_at) > (SELECT applied_at FROM schema_migrations WHERE version = 43) - 7776000000
    AND coalesce(sent_at, claimed_at, created_at) <= (SELECT applied_at FROM schema_migrations WHERE version = 43);
