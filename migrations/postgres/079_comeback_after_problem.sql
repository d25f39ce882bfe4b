-- As migrations/sqlite/079_comeback_after_problem.sql (read there why): the complaint (a reply's id) that held a
-- come-back invitation, and its time when a complaint first held it; and the index the lapse chore finds those a
-- complaint still holds by.
ALTER TABLE messages ADD COLUMN after_problem BIGINT;
ALTER TABLE messages ADD COLUMN planned_at BIGINT;
CREATE INDEX messages_complaint_held ON messages(planned_at) WHERE status = 'scheduled' AND held_by = after_problem;
-- As migrations/sqlite/079_comeback_after_problem.sql: the invitations a complaint already holds at the upgrade are
-- marked (held by her last open complaint, after_problem it, planned_at their time now); those more than 14 days past
-- it lapse on the first sweep.
UPDATE messages SET held_by = p.complaint, after_problem = p.complaint, planned_at = messages.due_at
FROM (SELECT m.id AS message_id, (SELECT max(r.id) FROM replies r
    WHERE r.customer_id IN (SELECT m.customer_id
      UNION SELECT o.id FROM customers c JOIN customers o ON o.phone = c.phone AND o.shop_id = c.shop_id WHERE c.id = m.customer_id
      UNION SELECT o.id FROM customers c JOIN customers o ON o.email = c.email AND o.shop_id = c.shop_id WHERE c.id = m.customer_id)
    AND r.class = 'problem' AND coalesce(r.answered_with, '') <> 'misdirected' AND r.handled_at IS NULL) AS complaint
  FROM messages m WHERE m.status = 'scheduled' AND m.kind = 'comeback' AND m.held_by IS NOT NULL) p
WHERE messages.id = p.message_id AND p.complaint IS NOT NULL;
