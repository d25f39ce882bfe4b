// The queue half of the messages, alerts and look-ups tables: claim what is due, record a retry or a final outcome.
// Outcomes are stored as a code (see domain/not-sent.ts) and, apart, the provider's own words.
import type { NotSent } from '../domain/not-sent.js';
import { type Db, type Engine, idList, sql } from './sql.js';

export type QueueTable = 'messages' | 'alerts' | 'lookups' | 'join_confirmations';

// A come-back invitation held for an unread or unhandled reply waits, whatever its time; so does a message for a
// channel that paused itself after its provider kept failing. The pause follows the real clock (@claimedAt, as the
// claims' leases do), not the time `dispatch --at` pretends: a pause set by such a run held the server's messages
// back for hours, and one set by the server did not hold such a run's.
const ready: Record<QueueTable, string> = {
  messages: 'AND held_by IS NULL AND channel NOT IN (SELECT channel FROM channel_health WHERE paused_until > @claimedAt)',
  alerts: "AND NOT EXISTS (SELECT 1 FROM channel_health WHERE channel = 'email' AND paused_until > @claimedAt)",
  lookups: '',
  join_confirmations: 'AND channel NOT IN (SELECT channel FROM channel_health WHERE paused_until > @claimedAt)',
};

/**
 * A message claimed again (a retry, one put back) forgets what an earlier attempt kept of what it handed over: that
 * went nowhere (only a row known not sent is scheduled again). Until the send keeps it anew, no recipient says nothing
 * was handed over yet: a STOP or a refund meanwhile cancels it (customers.ts cancelPending), and a sweep after a crash
 * sends it again (chores.ts requeueUnsent). Kept, a retry's STOP found its claim and still sent (the final review).
 */
const FRESH = ', recipient = NULL, content = NULL';
/** An owner's alert claimed again likewise forgets the address an earlier try kept: none kept says nothing was handed over yet. */
const FRESH_ALERT = ', recipient = NULL';
/**
 * A join code claimed again forgets that an earlier claim handed it over (the code itself is kept: every send of a
 * request carries the same one). Until the send keeps it anew, the sweep after a crash sends it again at once.
 */
const FRESH_CODE = ', handed_over = 0';
const fresh: Record<QueueTable, string> = { messages: FRESH, alerts: FRESH_ALERT, lookups: '', join_confirmations: FRESH_CODE };
/** A join code settled (failed for good, expired) is sent no more: the code itself is no longer kept, only its hash. */
const settled: Record<QueueTable, string> = { messages: '', alerts: '', lookups: '', join_confirmations: ', secret = NULL' };

/**
 * Claims rows due at @now in one statement, committed before any provider is called, stamped with @claimedAt (when the
 * claim is made: the lease runs from it). On SQLite the write lock makes it atomic against a dispatcher in another
 * process; on PostgreSQL, FOR UPDATE SKIP LOCKED lets dispatchers of several instances claim side by side, each row by
 * one of them.
 */
const claimOf = (table: QueueTable) => (engine: Engine) =>
  `UPDATE ${table} SET status = 'sending', claimed_at = @claimedAt, attempts = attempts + 1${fresh[table]}
    WHERE id IN (SELECT id FROM ${table} WHERE status = 'scheduled' AND next_attempt_at <= @now ${ready[table]} ORDER BY next_attempt_at LIMIT @limit
      ${engine === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : ''})
    RETURNING id`;

/**
 * The shops with rows due at @now, the one whose oldest has waited longest first: the shops that take turns in a drain's
 * claims (queue/turns.ts), read once a drain, not once a claim. They cost what is due, not what the installation holds:
 * read shop by shop, every row of `shops` and a look in the index of each, they cost 1.6–5.4 ms a tick on SQLite and
 * 26–48 ms on PostgreSQL at 5,000 shops (a loaded machine; 13–40 ms by a review's measure), due or not, when most ticks
 * have one shop due or none. So the rows due are read first, oldest first through messages_due as the plain claim
 * reads them, at most @few of them (dueFirstOf): nothing due is one look in that index (past invitations held for a
 * reply, read there too), a few due are read and their shops counted. Only when more are due than that (a backlog, whose
 * drain makes at least 16 claims) are the shops read one by one (dueEveryShopOf), one look each in the index of
 * scheduled messages by shop (migration 078). A walk of only the shops with messages scheduled (a recursive
 * query, each next shop one look past the one before) was tried for that, and cost more than reading every shop: at
 * 5,000 shops 20–27 ms against 1.5–1.9 on SQLite, 150–306 ms against 36–41 on PostgreSQL (bench/claims-by-shop.ts).
 * A come-back invitation held for a reply (held_by) waits whatever its time, so it makes no shop due.
 */
const scheduledOf = (table: QueueTable, r: string) => `${r}.status = 'scheduled' ${table === 'messages' ? `AND ${r}.held_by IS NULL` : ''}`;
const dueFirstOf = (table: QueueTable) =>
  `SELECT shop_id AS id, min(next_attempt_at) AS first, count(*) AS n FROM (
      SELECT d.shop_id, d.next_attempt_at FROM ${table} d WHERE ${scheduledOf(table, 'd')} AND d.next_attempt_at <= @now ORDER BY d.next_attempt_at LIMIT @few
    ) AS due GROUP BY shop_id ORDER BY first, id`;
const dueEveryShopOf = (table: QueueTable) =>
  `SELECT shop AS id FROM (SELECT s.id AS shop, (SELECT min(d.next_attempt_at) FROM ${table} d WHERE d.shop_id = s.id AND ${scheduledOf(table, 'd')}) AS first
    FROM shops s) AS due WHERE first <= @now ORDER BY first, shop`;
/** How many rows due dueFirstOf reads at most before every shop is read instead (the two timed: bench/claims-by-shop.ts). */
export const DUE_READ = 1000;

/**
 * Claims as claimOf does, but with the shops taking turns: @shops (up to a claim's worth, named in turn by
 * queue/turns.ts) each bring their first @share rows due, beside the first @limit due of all (claimOf's own); a shop's
 * first row due comes before any shop's second, and so on (`turn`), the oldest first within a turn. So one shop's
 * backlog (an import, a chain's morning) takes what the other shops leave of a claim, instead of every claim until it
 * is out: 100,000 check-ins of one shop due at 10:00 held those of 50 other shops due at the same 10:00 until all
 * 100,000 were out.
 *
 * It reads a claim's worth, whatever the backlog (bench/claims-by-shop.ts). Each shop's first rows come from the index
 * of scheduled messages by shop (migration 078) in its order, stopping after @share; the first of all from
 * messages_due, stopping after @limit: both ordered by next_attempt_at alone, which the indexes end in (ordered by id
 * as well, the first take, a3cf88c, read and sorted all of a shop's 100,000 check-ins due at one 10:00, twice a claim,
 * on PostgreSQL). Only those few are numbered in turns and sorted, and the first @limit of them taken by id, each with
 * its conditions checked again: on PostgreSQL each locked with FOR UPDATE SKIP LOCKED as it is looked up (a row another
 * dispatcher has claimed since is skipped, not claimed again). Looked up by id one by one, not joined: right after an
 * import, before PostgreSQL has statistics, it took the backlog for one row and read all of it for each of the few
 * (minutes for a claim). Returns each row's shop, for turns.ts to leave out a shop that has nothing due any more.
 */
const claimInTurnOf = (table: QueueTable) => (engine: Engine) => {
  const due = (r: string) => `${r}.status = 'scheduled' AND ${r}.next_attempt_at <= @now ${ready[table].replace(/\b(held_by IS|channel NOT IN)\b/g, `${r}.$1`)}`;
  const perShop = (shop: string) => `SELECT x.id FROM ${table} x WHERE x.shop_id = ${shop} AND ${due('x')} ORDER BY x.next_attempt_at LIMIT @share`;
  const shopsFirst = engine === 'postgres'
    ? `SELECT f.id FROM unnest(CAST(@shops AS BIGINT[])) AS j(shop) CROSS JOIN LATERAL (${perShop('j.shop')}) AS f`
    : `SELECT f.id FROM json_each(@shops) AS j JOIN ${table} f ON f.id IN (${perShop('j.value')})`;
  // Within a turn the named shops' rows first: a shop the oldest due of all bring in beside them (not named in this
  // claim) takes no named shop's place, which turns.ts would take for a shop with nothing due (its review).
  const named = engine === 'postgres' ? 'shop_id = ANY(CAST(@shops AS BIGINT[]))' : 'shop_id IN (SELECT value FROM json_each(@shops))';
  const inTurn = `SELECT id, turn, next_attempt_at FROM (
        SELECT id, next_attempt_at, row_number() OVER (PARTITION BY shop_id ORDER BY next_attempt_at, id) AS turn,
          CASE WHEN ${named} THEN 0 ELSE 1 END AS other FROM ${table} WHERE id IN (
          SELECT id FROM (SELECT id FROM ${table} WHERE ${due(table)} ORDER BY next_attempt_at LIMIT @limit) AS firsts
          UNION ${shopsFirst})) AS t
      ORDER BY turn, other, next_attempt_at LIMIT @limit`;
  const taken = engine === 'postgres'
    ? `SELECT m.id FROM (${inTurn}) AS c CROSS JOIN LATERAL (SELECT m.id FROM ${table} m WHERE m.id = c.id AND ${due('m')} FOR UPDATE SKIP LOCKED) AS m`
    : `SELECT m.id FROM (${inTurn}) AS c JOIN ${table} m ON m.id = c.id WHERE ${due('m')}`;
  return `UPDATE ${table} SET status = 'sending', claimed_at = @claimedAt, attempts = attempts + 1${fresh[table]}
    WHERE id IN (${taken})
    RETURNING id, shop_id AS shop`;
};

const ours = 'AND (CAST(@claimedAt AS BIGINT) IS NULL OR claimed_at = CAST(@claimedAt AS BIGINT))';

/**
 * The reasons a try gave for waiting that are the provider's or a setting's (queue/attempt.ts: a retry): a row that
 * still has one when it expires keeps the provider's words beside 'expired', so the owner and the operator read why it
 * never went (Twilio 21408 for two days, a full mailbox) rather than only that it came too late.
 */
const WAITED_ON: readonly NotSent[] = [
  'unreachable', 'rate_limited', 'provider_error', 'outbox_unwritable', 'provider_auth', 'sender_refused', 'region_not_enabled', 'trial_account',
  'mailbox_full', 'recipient_deferred',
];
const keptOnExpiry = `CAST(@status AS TEXT) = 'expired' AND CAST(@reason AS TEXT) = 'expired' AND status = 'sending'
  AND error IN (${WAITED_ON.map((r) => `'${r}'`).join(', ')})`;

function statements(table: QueueTable) {
  return {
    claim: sql<{ id: number }>(claimOf(table)),
    claimInTurn: sql<{ id: number; shop: number }>(claimInTurnOf(table)),
    dueFirst: sql<{ id: number; n: number }>(dueFirstOf(table)),
    dueEveryShop: sql<{ id: number }>(dueEveryShopOf(table)),
    // A claim older than the lease belongs to a dispatcher that died mid-send: the provider may or may not have it.
    orphans: sql(`UPDATE ${table} SET status = 'uncertain', error = 'interrupted', error_detail = NULL WHERE status = 'sending' AND claimed_at < ?`),
    // Recording an outcome also settles an 'uncertain' row: the answer came after all.
    // A retry or a put-back names the claim it is for (@claimedAt, when the caller knows it): a dispatcher that paused
    // past its lease must not put back a claim another instance has taken since, for a third to send it again.
    retry: sql(`UPDATE ${table} SET status = 'scheduled', next_attempt_at = @nextAt, error = @reason, error_detail = @detail
      WHERE id = @id AND status IN ('sending', 'uncertain') ${ours}`),
    // Settled or in doubt after the provider's answer, with the claim named too: a row deleted meanwhile (a join request
    // erased while its code was being sent: privacy.ts) may have given its id to a new one (SQLite takes the highest id
    // again), whose claim is not this one.
    // Expired after a provider's refusals: the provider's words are kept (WAITED_ON), the reason is 'expired' (the
    // refusal's own reason promises another try: "verlopen · … wordt later opnieuw geprobeerd", its review).
    settle: sql(`UPDATE ${table} SET status = @status, error = @reason,
      error_detail = CASE WHEN ${keptOnExpiry} THEN error_detail ELSE @detail END${settled[table]}
      WHERE id = @id AND status IN ('sending', 'uncertain') ${ours}`),
    // The provider took the request and never answered: it may have gone out. Never sent again by itself.
    inDoubt: sql(`UPDATE ${table} SET status = 'uncertain', error = @reason, error_detail = @detail WHERE id = @id AND status = 'sending' ${ours}`),
    // Nothing was handed to the provider (quiet hours at the shop, our own error before the call, a claim too old to
    // hand over: see queue/attempt.ts ClaimStale): back in the queue for @nextAt, the claim's attempt given back; what
    // an earlier attempt recorded stays. So does one the sweep took for a dead dispatcher's meanwhile ('interrupted'),
    // while no other claim came since: its dispatcher, alive after all, knows nothing went. Left in doubt, an owner's
    // alert or a join code, which nothing sends again once in doubt, never went at all. @why, when given, is why it
    // waits, for the owner's log (a message that waits out the day since another went to its customer: messaged_recently; another shop's text: number_busy; the night where it is
    // read: quiet_hours); sent, or put back for another reason once that wait is over, it is cleared.
    // A retry just recorded (still the caller's claim, not claimed again since) whose try did not count: its channel was
    // paused already when it failed (queue/attempt.ts failed). It waits out the pause instead of using up its tries.
    giveBack: sql(`UPDATE ${table} SET attempts = attempts - 1 WHERE id = @id AND status = 'scheduled' AND claimed_at = @claimedAt AND attempts > 0`),
    putBack: sql(`UPDATE ${table} SET status = 'scheduled', next_attempt_at = @nextAt, attempts = attempts - 1,
        error = CASE WHEN CAST(@why AS TEXT) IS NOT NULL THEN CAST(@why AS TEXT) WHEN status = 'uncertain' OR error IN ('messaged_recently', 'number_busy', 'quiet_hours') THEN NULL ELSE error END
      WHERE id = @id AND (status = 'sending' OR (status = 'uncertain' AND claimed_at = CAST(@claimedAt AS BIGINT))) ${ours}`),
  };
}
const byTable = Object.fromEntries((['messages', 'alerts', 'lookups', 'join_confirmations'] as const).map((t) => [t, statements(t)])) as Record<
  QueueTable,
  ReturnType<typeof statements>
>;

export function queueOps(db: Db, table: QueueTable) {
  const q = byTable[table];
  return {
    /** Claims up to `limit` rows due at `now`, stamped as claimed at `claimedAt` (when the claim is made; `now` by default). */
    claim: async (now: number, limit: number, claimedAt = now): Promise<number[]> => (await db.all(q.claim, { now, limit, claimedAt })).map((r) => r.id),
    /**
     * Claims as `claim` does, with `shops` (ids, up to `limit`) each bringing their first `share` rows due: a shop's
     * first comes before any shop's second (see claimInTurnOf). The rows claimed, each with its shop. Used by queue/turns.ts.
     */
    claimInTurn: async (now: number, limit: number, claimedAt: number, shops: readonly number[], share: number): Promise<{ id: number; shop: number }[]> =>
      (await db.all(q.claimInTurn, { now, limit, claimedAt, shops: idList(db, shops), share })).map((r) => ({ id: Number(r.id), shop: Number(r.shop) })),
    /** The shops with rows due at `now`, the one whose oldest has waited longest first (see dueFirstOf). */
    dueShops: async (now: number): Promise<number[]> => {
      const few = await db.all(q.dueFirst, { now, few: DUE_READ });
      if (few.reduce((read, r) => read + Number(r.n), 0) < DUE_READ) return few.map((r) => Number(r.id));
      return (await db.all(q.dueEveryShop, { now })).map((r) => Number(r.id));
    },
    markOrphans: (claimedBefore: number): Promise<number> => db.run(q.orphans, [claimedBefore]),
    // These three answer whether they recorded it: false when the claim is no longer the caller's (see queue/attempt.ts failed).
    markRetry: async (id: number, nextAt: number, reason: NotSent, detail: string | null = null, claimedAt: number | null = null): Promise<boolean> =>
      (await db.run(q.retry, { id, nextAt, reason, detail, claimedAt })) > 0,
    settle: async (id: number, status: 'failed' | 'cancelled' | 'expired', reason: NotSent, detail: string | null = null, claimedAt: number | null = null): Promise<boolean> =>
      (await db.run(q.settle, { id, status, reason, detail, claimedAt })) > 0,
    markInDoubt: async (id: number, reason: NotSent, detail: string | null = null, claimedAt: number | null = null): Promise<boolean> =>
      (await db.run(q.inDoubt, { id, reason, detail, claimedAt })) > 0,
    /** The try of a retry just recorded under this claim is given back (see q.giveBack); false when it was not. */
    giveBack: async (id: number, claimedAt: number): Promise<boolean> => (await db.run(q.giveBack, { id, claimedAt })) > 0,
    /** A claimed row nothing was handed over for: scheduled again for `nextAt`, without using up an attempt. */
    putBack: async (id: number, nextAt: number, claimedAt: number | null = null, why: NotSent | null = null) =>
      void (await db.run(q.putBack, { id, nextAt, claimedAt, why })),
  };
}
export type QueueOps = ReturnType<typeof queueOps>;
