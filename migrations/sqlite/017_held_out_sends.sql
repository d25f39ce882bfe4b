-- Messages that went (or may have gone) to a held-out customer, counted as it happens, per period: the owner's page
-- reads one number instead of looking through every customer of the period and their messages (20 ms at 30,000
-- customers, and growing). Such a message is a bug (src/queue/messages.ts stops them); the page says so.
ALTER TABLE experiment_periods ADD COLUMN held_out_sends INTEGER NOT NULL DEFAULT 0;
UPDATE experiment_periods SET held_out_sends = (SELECT count(*) FROM messages m JOIN customers c ON c.id = m.customer_id
  WHERE c.period_id = experiment_periods.id AND c.held_out = 1 AND m.status IN ('sending', 'sent', 'uncertain'));

CREATE TRIGGER held_out_sends AFTER UPDATE OF status ON messages
  WHEN new.status IN ('sent', 'uncertain') AND old.status NOT IN ('sent', 'uncertain')
BEGIN
  UPDATE experiment_periods SET held_out_sends = held_out_sends + 1
    WHERE id = (SELECT period_id FROM customers WHERE id = new.customer_id AND held_out = 1);
END;

CREATE TRIGGER held_out_sends_inserted AFTER INSERT ON messages WHEN new.status IN ('sending', 'sent', 'uncertain')
BEGIN
  UPDATE experiment_periods SET held_out_sends = held_out_sends + 1
    WHERE id = (SELECT period_id FROM customers WHERE id = new.customer_id AND held_out = 1);
END;
