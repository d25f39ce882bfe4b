-- A check-in's slot counters change only when something they count changes (as migrations/sqlite/015). Claiming a
-- message (scheduled → sending) and most other updates leave all of it as it was: no more two change rows per
-- message a dispatcher claims. The condition lists exactly what checkin_slots_part counts (013).
DROP TRIGGER checkin_slots_update ON messages;
CREATE TRIGGER checkin_slots_update AFTER UPDATE OF status, delivery, replied_at, due_at, channel ON messages
  FOR EACH ROW WHEN (NEW.kind = 'checkin' AND (
    OLD.due_at / 900000 IS DISTINCT FROM NEW.due_at / 900000 OR OLD.channel IS DISTINCT FROM NEW.channel
    OR (OLD.status = 'sent') IS DISTINCT FROM (NEW.status = 'sent')
    OR coalesce(OLD.delivery IN ('delivered', 'read'), false) IS DISTINCT FROM coalesce(NEW.delivery IN ('delivered', 'read'), false)
    OR (OLD.status = 'failed' OR coalesce(OLD.delivery IN ('failed', 'undelivered'), false))
      IS DISTINCT FROM (NEW.status = 'failed' OR coalesce(NEW.delivery IN ('failed', 'undelivered'), false))
    OR (OLD.status IN ('scheduled', 'sending')) IS DISTINCT FROM (NEW.status IN ('scheduled', 'sending'))
    OR (OLD.replied_at IS NOT NULL) IS DISTINCT FROM (NEW.replied_at IS NOT NULL)))
  EXECUTE FUNCTION checkin_slots_update();
