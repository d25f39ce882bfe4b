-- The fields of a sale's customer that the till put right by posting the sale again ('customer.phone',
-- 'customer.email', comma-separated; see src/db/posted-again.ts): the number first posted was not theirs. The customer's
-- row keeps its number (the right one may be another row's, which only a sale sorts out), so the owner's overview
-- read it as still wrong, and asked to put right in the till what the till had put right already (the till's wrong
-- numbers, and those Twilio found cannot take a text). NULL: nothing was put right so (also a sale posted again before).
ALTER TABLE sales ADD COLUMN contact_corrected TEXT;
