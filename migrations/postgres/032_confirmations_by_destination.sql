-- The join pages' confirmation messages to one number or address across every shop of the installation, for the
-- limit on them (src/db/confirmations.ts): one per shop a day let a stranger have the same person texted once by each
-- of thousands of shops.
CREATE INDEX join_confirmations_to_destination ON join_confirmations(destination, created_at) WHERE code_from IS NULL;
