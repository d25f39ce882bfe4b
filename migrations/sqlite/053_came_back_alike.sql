-- "Came back after a message" (customers.came_back_after, summed in experiment_days) counted a messaged customer only
-- after a message that reached them (not one the outbox took, nor one reported undelivered), but a held-out customer
-- after every would-be message: with the outbox taking every message the owner read "0 of 18 who got messages came
-- back within 14 days, 6 of 12 who got none" of two groups that came back alike. The rule is now the same for both
-- groups (src/db/summary.ts, CAME_BACK: within 14 days after the moment a message was due, reached or not, as the
-- comparison itself counts everyone as assigned). It is counted anew for every customer in the experiment right after
-- this file, in code (src/db/open.ts, afterMigration 53: recountCameBack), with that one rule; experiment_days follows
-- by its trigger.
SELECT 1;
