// The queue half of the messages, alerts and look-ups tables: claim what is due, record a retry or a final outcome.
// Outcomes are stored as a code (see domain/not-sent.ts) and, apart, the provider's own words.
import type { NotSent } from '../domain/not-sent.js';
import type { Db } from './open.js';

export function queueOps(db: Db, table: 'messages' | 'alerts' | 'lookups') {
  // A come-back invitation held for an unread or unhandled reply waits, whatever its time; so does a message for a
  // channel that paused itself after its provider kept failing.
  const ready =
    table === 'messages'
      ? 'AND held_by IS NULL AND channel NOT IN (SELECT channel FROM channel_health WHERE paused_until > @now)'
      : table === 'alerts'
        ? "AND NOT EXISTS (SELECT 1 FROM channel_health WHERE channel = 'email' AND paused_until > @now)"
        : '';
  const q = {
    // One statement, so claiming is atomic even against a dispatcher in another process.
    claim: db.prepare<{ now: number; limit: number }, { id: number }>(`UPDATE ${table} SET status = 'sending', claimed_at = @now, attempts = attempts + 1
      WHERE id IN (SELECT id FROM ${table} WHERE status = 'scheduled' AND next_attempt_at <= @now ${ready} ORDER BY next_attempt_at LIMIT @limit)
      RETURNING id`),
    // A claim older than the lease belongs to a dispatcher that died mid-send: the provider may or may not have it.
    orphans: db.prepare(`UPDATE ${table} SET status = 'uncertain', error = 'interrupted', error_detail = NULL
      WHERE status = 'sending' AND claimed_at < ?`),
    // Recording an outcome also settles an 'uncertain' row: the answer came after all.
    retry: db.prepare(`UPDATE ${table} SET status = 'scheduled', next_attempt_at = @nextAt, error = @reason, error_detail = @detail
      WHERE id = @id AND status IN ('sending', 'uncertain')`),
    settle: db.prepare(`UPDATE ${table} SET status = @status, error = @reason, error_detail = @detail WHERE id = @id AND status IN ('sending', 'uncertain')`),
    // The provider took the request and never answered: it may have gone out. Never sent again by itself.
    inDoubt: db.prepare(`UPDATE ${table} SET status = 'uncertain', error = @reason, error_detail = @detail WHERE id = @id AND status = 'sending'`),
  };
  return {
    claim: (now: number, limit: number): number[] => q.claim.all({ now, limit }).map((r) => r.id),
    markOrphans: (claimedBefore: number): number => q.orphans.run(claimedBefore).changes,
    markRetry: (id: number, nextAt: number, reason: NotSent, detail: string | null = null) => void q.retry.run({ id, nextAt, reason, detail }),
    settle: (id: number, status: 'failed' | 'cancelled' | 'expired', reason: NotSent, detail: string | null = null) =>
      void q.settle.run({ id, status, reason, detail }),
    markInDoubt: (id: number, reason: NotSent, detail: string | null = null) => void q.inDoubt.run({ id, reason, detail }),
  };
}
