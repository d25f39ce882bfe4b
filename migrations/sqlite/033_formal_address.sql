-- Whether the shop's Dutch messages and pages say "u" rather than "je": a pharmacy, a notary, most Flemish shops.
ALTER TABLE shops ADD COLUMN formal INTEGER NOT NULL DEFAULT 0 CHECK (formal IN (0, 1));
