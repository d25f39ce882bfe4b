-- A check-in's slot counters change only when something they count changes. Claiming a message (scheduled → sending)
-- and most other updates leave all of it as it was: the trigger no longer takes the message out and puts it back
-- (two upserts per message a dispatcher claims). The condition lists exactly what checkin_slots counts (003).
DROP TRIGGER checkin_slots_update;
CREATE TRIGGER checkin_slots_update AFTER UPDATE OF status, delivery, replied_at, due_at, channel ON messages
  WHEN new.kind = 'checkin' AND (
    old.due_at / 900000 IS NOT new.due_at / 900000 OR old.channel IS NOT new.channel
    OR (old.status = 'sent') IS NOT (new.status = 'sent')
    OR coalesce(old.delivery IN ('delivered', 'read'), 0) IS NOT coalesce(new.delivery IN ('delivered', 'read'), 0)
    OR (old.status = 'failed' OR coalesce(old.delivery IN ('failed', 'undelivered'), 0)) IS NOT (new.status = 'failed' OR coalesce(new.delivery IN ('failed', 'undelivered'), 0))
    OR (old.status IN ('scheduled', 'sending')) IS NOT (new.status IN ('scheduled', 'sending'))
    OR (old.replied_at IS NOT NULL) IS NOT (new.replied_at IS NOT NULL))
BEGIN
  INSERT INTO checkin_slots SELECT old.shop_id, old.due_at / 900000, old.channel, -1, -(old.status = 'sent'),
      -coalesce(old.delivery IN ('delivered', 'read'), 0), -(old.status = 'failed' OR coalesce(old.delivery IN ('failed', 'undelivered'), 0)),
      -(old.status IN ('scheduled', 'sending')), -(old.replied_at IS NOT NULL)
    WHERE true
    ON CONFLICT DO UPDATE SET total = total + excluded.total, sent = sent + excluded.sent, delivered = delivered + excluded.delivered,
      failed = failed + excluded.failed, waiting = waiting + excluded.waiting, replied = replied + excluded.replied;
  INSERT INTO checkin_slots SELECT new.shop_id, new.due_at / 900000, new.channel, 1, new.status = 'sent',
      coalesce(new.delivery IN ('delivered', 'read'), 0), new.status = 'failed' OR coalesce(new.delivery IN ('failed', 'undelivered'), 0),
      new.status IN ('scheduled', 'sending'), new.replied_at IS NOT NULL
    WHERE true
    ON CONFLICT DO UPDATE SET total = total + excluded.total, sent = sent + excluded.sent, delivered = delivered + excluded.delivered,
      failed = failed + excluded.failed, waiting = waiting + excluded.waiting, replied = replied + excluded.replied;
END;
