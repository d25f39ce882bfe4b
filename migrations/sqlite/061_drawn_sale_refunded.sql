-- A customer drawn for the hold-out (customers.joined_day) whose sale they were drawn at was refunded or voided
-- afterwards was counted from their next completed sale, or, buying nothing more, not at all: a return after the
-- refund was not counted as one, a late return kept them out of the matured customers until 60 days after it, and
-- whether someone was compared depended on what happened after the draw (a check-in that brings a complaint and a
-- refund took the customer out of the messaged group only). Such a customer now counts from the day they were drawn
-- whatever becomes of that sale (src/db/summary.ts, contribution), here as in the owner's return rates, cohorts, "did
-- asking help?" and "why people buy". Those already counted otherwise are counted anew right after this file, in code
-- (src/db/open.ts, afterMigration 61: recountDrawn); customer_days, reason_days and experiment_days follow by their
-- triggers. Nobody never drawn changes.
SELECT 1;
