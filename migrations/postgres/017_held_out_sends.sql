-- Messages that went (or may have gone) to a held-out customer, counted as it happens, per period (as
-- migrations/sqlite/017): the owner's page reads one number instead of every customer of the period and their messages.
ALTER TABLE experiment_periods ADD COLUMN held_out_sends INTEGER NOT NULL DEFAULT 0;
UPDATE experiment_periods p SET held_out_sends = (SELECT count(*) FROM messages m JOIN customers c ON c.id = m.customer_id
  WHERE c.period_id = p.id AND c.held_out = 1 AND m.status IN ('sending', 'sent', 'uncertain'));

CREATE FUNCTION held_out_sends() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE experiment_periods SET held_out_sends = held_out_sends + 1
    WHERE id = (SELECT period_id FROM customers WHERE id = NEW.customer_id AND held_out = 1);
  RETURN NULL;
END $$;
CREATE TRIGGER held_out_sends AFTER UPDATE OF status ON messages
  FOR EACH ROW WHEN (NEW.status IN ('sent', 'uncertain') AND OLD.status NOT IN ('sent', 'uncertain')) EXECUTE FUNCTION held_out_sends();
CREATE TRIGGER held_out_sends_inserted AFTER INSERT ON messages
  FOR EACH ROW WHEN (NEW.status IN ('sending', 'sent', 'uncertain')) EXECUTE FUNCTION held_out_sends();
