-- Whether the customer's reason ("voor mijn fietstochten", "tegen hoofdpijn") is quoted in their messages. A pharmacy
-- or a clinic turns it off: an SMS shows on a phone's locked screen, where a reason about health is nobody else's.
ALTER TABLE shops ADD COLUMN reason_in_messages INTEGER NOT NULL DEFAULT 1 CHECK (reason_in_messages IN (0, 1));
