// Channel health: consecutive provider failures per channel, and the pause they lead to. What it keeps of the last
// failure is its code (Twilio 21611, SMTP 535, HTTP 503, ECONNREFUSED), never the provider's words: those may quote a
// customer's address, and this table is the installation's, not a customer's, so an erase does not look here. A login
// the provider refused (our credentials: SMTP 535, Twilio 20003) is kept as `login_refused:<code>`, for the owner's
// page tells it apart: nothing goes until the person who runs nextdeal puts the setting right. So is the outbox that
// could not be written (a full disk: `outbox:ENOSPC`): the provider is not to blame, and the owner's page says so.
import type { ChannelName } from '../domain/plan.js';
import { type Db, type Statement, sql } from './sql.js';

/**
 * What the last failure was: the provider's trouble, the provider refusing our login (provider_auth: no pause ends
 * that, the operator does), or the outbox on this machine that could not be written (outbox_unwritable: its disk full,
 * its folder not writable), where no provider is involved at all.
 */
export type PauseCause = 'provider' | 'login' | 'outbox';

export interface ChannelPause {
  channel: ChannelName;
  pausedUntil: number;
  failures: number;
  /** The last failure's code (Twilio 21611, SMTP 535, ECONNREFUSED, ENOSPC) or, without one, its reason (provider_error). */
  lastError: string | null;
  /** The last failure was the provider refusing our login (cause 'login'). */
  loginRefused: boolean;
  cause: PauseCause;
}

const LOGIN_REFUSED = 'login_refused:';
/** How the last failure's code is kept, by its cause (none for the provider's own trouble). */
const PREFIX: Record<PauseCause, string> = { provider: '', login: LOGIN_REFUSED, outbox: 'outbox:' };

const q = {
  troubled: sql<number>('SELECT 1 FROM channel_health WHERE channel = ? AND (failures > 0 OR paused_until IS NOT NULL)'),
  ok: sql('UPDATE channel_health SET failures = 0, paused_until = NULL, changed_at = ? WHERE channel = ? AND (failures > 0 OR paused_until IS NOT NULL)'),
  fail: sql<{ failures: number; pausedUntil: number | null }>(`INSERT INTO channel_health (channel, failures, last_error, changed_at)
    VALUES (?, 1, ?, ?) ON CONFLICT (channel) DO UPDATE SET failures = channel_health.failures + 1, last_error = excluded.last_error,
      changed_at = excluded.changed_at
    RETURNING failures, paused_until AS pausedUntil`),
  // Only when it is not paused already: two sends failing side by side both count past the limit, and the pause (and
  // its line in the log) is the first one's.
  pause: sql('UPDATE channel_health SET paused_until = ? WHERE channel = ? AND (paused_until IS NULL OR paused_until <= ?)'),
  pausedUntil: sql<number | null>('SELECT paused_until FROM channel_health WHERE channel = ?'),
  liftLoginPause: sql(`UPDATE channel_health SET failures = 0, paused_until = NULL, changed_at = ?
    WHERE channel = ? AND last_error LIKE '${LOGIN_REFUSED}%' AND (failures > 0 OR paused_until IS NOT NULL)`),
  paused: sql<Omit<ChannelPause, 'loginRefused' | 'cause'>>(`SELECT channel, paused_until AS pausedUntil, failures, last_error AS lastError
    FROM channel_health WHERE paused_until > ? ORDER BY channel`),
};

// A pause of a refused login with one of `n` codes, in one statement: one for each `n` asked (a statement is prepared
// once, as the same object).
const liftLoginPauseIn = new Map<number, Statement<unknown>>();
const liftLoginPauseOf = (n: number): Statement<unknown> => {
  let s = liftLoginPauseIn.get(n);
  if (!s) {
    s = sql(`UPDATE channel_health SET failures = 0, paused_until = NULL, changed_at = ?
      WHERE channel = ? AND last_error IN (${Array(n).fill('?').join(', ')}) AND (failures > 0 OR paused_until IS NOT NULL)`);
    liftLoginPauseIn.set(n, s);
  }
  return s;
};

/**
 * The outbox could not be written because its disk is full, or the quota of the user nextdeal runs as on it (ENOSPC,
 * EDQUOT): no permission to put right, but space to free. The owner's page and `shop show` word it so alike.
 */
export const outboxDiskFull = (p: Pick<ChannelPause, 'cause' | 'lastError'>): boolean => p.cause === 'outbox' && (p.lastError === 'ENOSPC' || p.lastError === 'EDQUOT');

/** A provider's code as kept: letters, digits, spaces and a few signs, short; anything else (an address) is not kept. */
const asCode = (code: string): string | null => (/^[A-Za-z0-9_ .:-]{1,40}$/.test(code) ? code : null);

export function healthStore(db: Db) {
  // The tick (its clock) in which this process last found the channel healthy: the rest of that tick's sends need
  // not ask again, unless one of them fails here.
  const healthyIn = new Map<ChannelName, number>();
  return {
    /** A send went out: the channel is healthy again. Written only when it was not (a read costs less than a write). */
    async succeeded(channel: ChannelName, at: number): Promise<void> {
      if (healthyIn.get(channel) === at) return;
      if ((await db.value(q.troubled, [channel])) !== undefined) await db.run(q.ok, [at, channel]);
      healthyIn.set(channel, at);
    },
    /**
     * A send failed for a reason of the provider's (or of the outbox's), not the recipient's: `code` is the failure's
     * code (Twilio 21611, SMTP 535, ENOSPC) or reason, never the provider's text. Returns, when the channel is paused
     * once this failure is counted, until when, and whether it was this failure that paused it (after `pauseAfter` in a
     * row: `first`), or it was paused already (by a failure before it, here or at another instance); else null.
     */
    async failed(channel: ChannelName, code: string, at: number, pauseAfter: number, pauseMs: number, cause: PauseCause = 'provider'): Promise<{ until: number; first: boolean } | null> {
      healthyIn.delete(channel);
      const kept = asCode(code);
      const r = (await db.get(q.fail, [channel, kept !== null ? PREFIX[cause] + kept : kept, at]))!;
      if (r.pausedUntil !== null && r.pausedUntil > at) return { until: Number(r.pausedUntil), first: false };
      if (r.failures < pauseAfter) return null;
      if ((await db.run(q.pause, [at + pauseMs, channel, at])) > 0) return { until: at + pauseMs, first: true };
      // Paused between the two statements by a failure counted beside this one (a batch's sends fail side by side).
      const until = Number(await db.value(q.pausedUntil, [channel]));
      return until > at ? { until, first: false } : null;
    },
    /**
     * The settings the provider refused were put right and nextdeal restarted with them: the failures counted toward a
     * pause (and the pause) of a refused login end. True when there were any. A login still refused pauses again.
     * `codes`: only when the last failure had one of these codes (Twilio's provider_auth is its From number's too).
     */
    async liftLoginPause(channel: ChannelName, at: number, codes?: readonly string[]): Promise<boolean> {
      if (!codes) return (await db.run(q.liftLoginPause, [at, channel])) > 0;
      if (codes.length === 0) return false;
      return (await db.run(liftLoginPauseOf(codes.length), [at, channel, ...codes.map((c) => LOGIN_REFUSED + c)])) > 0;
    },
    paused: async (at: number): Promise<ChannelPause[]> =>
      (await db.all(q.paused, [at])).map((p) => {
        const cause = (['login', 'outbox'] as const).find((c) => p.lastError?.startsWith(PREFIX[c])) ?? 'provider';
        return { ...p, lastError: p.lastError?.slice(PREFIX[cause].length) ?? null, loginRefused: cause === 'login', cause };
      }),
  };
}
export type HealthStore = ReturnType<typeof healthStore>;
