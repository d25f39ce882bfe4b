// Chores: work on the whole installation that one instance does at a time, while the others skip it this round
// (PostgreSQL: an advisory lock tried, never waited for; SQLite: one writer at a time anyway).
import { COMPLAINT_GRACE, EXPIRES_AFTER } from '../domain/schedule.js';
import { confirmationStore } from './confirmations.js';
import { forgetOldLogins } from './login-limits.js';
import { queueOps } from './queue.js';
import { release } from './replies.js';
import { type Shop, shopStore } from './shops.js';
import { type Db, idList, inIds, sql } from './sql.js';

/**
 * Folds a counter's appended changes into it (see migrations/sqlite/013). PostgreSQL moves them in one statement, so a
 * change committed meanwhile is neither lost nor counted twice; SQLite's one writer makes two statements as good.
 */
const fold = (changes: string, counter: string, key: string, values: string) =>
  sql((e) =>
    e === 'postgres'
      ? `WITH moved AS (DELETE FROM ${changes} RETURNING *)
         INSERT INTO ${counter} SELECT ${key}, ${values.split(', ').map((v) => `sum(${v})`).join(', ')} FROM moved GROUP BY ${key} ORDER BY ${key}
         ON CONFLICT (${key}) DO UPDATE SET ${values.split(', ').map((v) => `${v} = ${counter}.${v} + excluded.${v}`).join(', ')}`
      : `INSERT INTO ${counter} SELECT ${key}, ${values.split(', ').map((v) => `sum(${v})`).join(', ')} FROM ${changes} WHERE true GROUP BY ${key}
         ON CONFLICT (${key}) DO UPDATE SET ${values.split(', ').map((v) => `${v} = ${counter}.${v} + excluded.${v}`).join(', ')}`,
  );

const q = {
  // A come-back invitation her complaint still holds (held_by = after_problem: marked when it held it, migration 079)
  // more than COMPLAINT_GRACE past its planned time lapses, as one whose complaint is handled that late does
  // (src/db/replies.ts release): the owner's log says why, and it never goes. Through messages_complaint_held, which
  // holds only those: one lapses the tick it is found, so most ticks look at nothing. One held by a question, or by
  // words the owner never handles, is not in it: it waits, however long, and costs no tick anything.
  lapseAfterComplaint: sql(`UPDATE messages SET status = 'cancelled', error = 'complaint_late', error_detail = NULL
    WHERE status = 'scheduled' AND held_by = after_problem AND planned_at < @before`),
  // A message whose sender died before it wrote down what it was handing over (recipient and text are kept just
  // before the provider is called: src/queue/messages.ts) certainly never reached the provider: it goes again.
  requeueUnsent: sql(`UPDATE messages SET status = 'scheduled', next_attempt_at = @now, error = NULL, error_detail = NULL
    WHERE status = 'sending' AND claimed_at < @before AND recipient IS NULL`),
  // So with an owner's alert claimed and no address kept for it (src/queue/alerts.ts keeps it just before the mail
  // server is called): it goes again at once, its try given back.
  requeueUnsentAlerts: sql(`UPDATE alerts SET status = 'scheduled', next_attempt_at = @now, attempts = attempts - 1
    WHERE status = 'sending' AND claimed_at < @before AND recipient IS NULL`),
  // One cut off after its address was kept may or may not have reached the mail server (the pool sends 4 at once, the
  // rest wait their turn inside nextdeal: 36 of 40 had not gone when a kill -9 came). An owner who gets the same alert
  // twice loses a minute; one who never hears of a complaint loses the customer: it goes again, once (`resent`, kept
  // whatever a retry in between writes in `error`). Cut off again, it stays in doubt ('interrupted'), and the owner's
  // page says so.
  resendInterruptedAlerts: sql(`UPDATE alerts SET status = 'scheduled', next_attempt_at = @now, error = 'interrupted', error_detail = NULL, resent = 1
    WHERE status = 'sending' AND claimed_at < @before AND resent = 0 AND coalesce(error, '') <> 'interrupted'`),
  // So with a join code (or e-mailed link) whose claim kept no code (src/queue/confirmations.ts keeps it just before
  // Twilio or the mail server is called): it goes again at once, its try given back. Not one whose code was kept by an
  // earlier version, which did not keep the code itself (code_hash without secret): it may have gone, with a code
  // nobody knows, and a new one would make that one void. One whose code the customer typed meanwhile is settled as
  // gone by its send, which sends nothing.
  requeueUnsentConfirmations: sql(`UPDATE join_confirmations SET status = 'scheduled', next_attempt_at = @now, attempts = attempts - 1
    WHERE status = 'sending' AND claimed_at < @before AND handed_over = 0 AND (code_hash IS NULL OR secret IS NOT NULL OR code_used_at IS NOT NULL)`),
  // One cut off after its code was kept may or may not have reached the provider (Twilio takes 32 requests at once,
  // the rest wait their turn inside nextdeal). A customer at the counter who asked for a code and got none cannot join
  // for a day (asking again sends nothing: one message per number a day); one who gets the same code twice types
  // either. So it goes again, once (`resent`), with the same code (its `secret`); not once the customer typed it (the
  // send settles it as gone: src/queue/confirmations.ts). Cut off again, it stays in doubt ('interrupted').
  resendInterruptedConfirmations: sql(`UPDATE join_confirmations SET status = 'scheduled', next_attempt_at = @now, error = 'interrupted', error_detail = NULL, resent = 1
    WHERE status = 'sending' AND claimed_at < @before AND handed_over = 1 AND resent = 0 AND coalesce(error, '') <> 'interrupted'`),
  // A look-up cut off by a crash only read: it is safe to do again.
  requeueLookups: sql("UPDATE lookups SET status = 'scheduled' WHERE status IN ('sending', 'uncertain') AND claimed_at < ?"),
  foldCounts: fold('message_count_changes', 'message_counts', 'kind, channel, status', 'n'),
  foldSlots: fold('checkin_slot_changes', 'checkin_slots', 'shop_id, slot, channel', 'total, sent, delivered, failed, waiting, replied'),
  // An API key or webhook secret rotated out (shop rotate) is kept only while it still works.
  forgetOldKeys: sql('UPDATE shops SET previous_api_key_hash = NULL, previous_key_until = NULL WHERE previous_key_until <= ?'),
  forgetOldSecrets: sql('UPDATE shops SET previous_webhook_secret = NULL, previous_secret_until = NULL WHERE previous_secret_until <= ?'),
  // SQLite only: what was just folded (PostgreSQL's fold deleted it).
  clearCounts: sql('DELETE FROM message_count_changes'),
  clearSlots: sql('DELETE FROM checkin_slot_changes'),
  // The shops of the sends a dispatcher's death cut off, which markOrphans is about to put in doubt, by short name
  // (not personal data): the operator of many shops knows whom to tell. Read through the orphans' own indexes.
  orphanShops: sql<{ slug: string; n: number }>(`SELECT s.slug, count(*) AS n FROM (
      SELECT shop_id FROM messages WHERE status = 'sending' AND claimed_at < @before
      UNION ALL SELECT shop_id FROM alerts WHERE status = 'sending' AND claimed_at < @before
    ) o JOIN shops s ON s.id = o.shop_id GROUP BY s.slug ORDER BY s.slug`),
  // Come-back invitations held by a reply that is handled: no "Afgehandeld" will let them go any more. An erasure
  // before 5ce3b45 closed her replies and left what they held on another row of hers so (a question's hold never
  // lapses, and the owner's page showed it waiting on words nobody can act on). Each reply once, with when it was
  // handled. Through the invitations held (SQLite: messages_held, its 080; PostgreSQL: messages_held_by, its 045),
  // each reply by its key.
  heldByHandled: sql<{ replyId: number; shopId: number; handledAt: number }>(`SELECT r.id AS replyId,
      r.shop_id AS shopId, r.handled_at AS handledAt FROM messages m JOIN replies r ON r.id = m.held_by
    WHERE m.status = 'scheduled' AND m.held_by IS NOT NULL AND r.handled_at IS NOT NULL
    GROUP BY r.id, r.shop_id, r.handled_at ORDER BY r.shop_id, r.id`),
  // Still handled, in the transaction: one the owner put back on the list meanwhile holds them again, rightly.
  handledAt: sql<number>('SELECT handled_at FROM replies WHERE id = ? AND handled_at IS NOT NULL'),
  // With the row each is of (her reply may hold those of two rows that are not each other's same person: one with her
  // number, one with her address), and whether that row bought nothing since the retention purge's cut-off: the purge
  // erases it, and leaves what her reply holds on it held until its batch comes (privacy.ts, heldStale); let go in
  // between, an invitation for a purchase of years ago went out.
  heldIds: sql<{ id: number; customerId: number; stale: number }>(`SELECT m.id, m.customer_id AS customerId,
      CASE WHEN CAST(@since AS BIGINT) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.customer_id = m.customer_id AND s.occurred_at >= @since)
        THEN 1 ELSE 0 END AS stale
    FROM messages m WHERE m.held_by = @replyId AND m.status = 'scheduled'`),
  outcome: sql<{ status: string; heldBy: number | null; dueAt: number }>((e) => `SELECT status, held_by AS heldBy, due_at AS dueAt
    FROM messages WHERE id ${inIds(e)}`),
  // The server's heartbeat (every instance's, each minute) and how long messages wait after it stopped: see alive.
  chore: sql<number>('SELECT done_at FROM chores WHERE name = ?'),
  stamp: sql(`INSERT INTO chores (name, done_at) VALUES (?, ?)
    ON CONFLICT (name) DO UPDATE SET done_at = CASE WHEN excluded.done_at > chores.done_at THEN excluded.done_at ELSE chores.done_at END`),
};

/** Heartbeats further apart than this mean no instance was running (each writes one a minute, at most 20 s late). */
export const DOWN_AFTER = 3 * 60_000;
/**
 * After a downtime, check-ins and invitations wait as long again as it lasted, up to this: the tills re-send what they
 * could not deliver meanwhile (a return, a refund, the customer's next sale) on a schedule that backs off as their
 * failures go on (SumUp: after 1, 5, 20 minutes and 2 hours; Square and Lightspeed for a day or two).
 */
export const WAIT_AT_MOST = 3 * 3_600_000;

/** The counters' changes folded in; in a transaction. */
async function foldCounters(tx: Db): Promise<void> {
  await tx.run(q.foldCounts);
  await tx.run(q.foldSlots);
  if (tx.engine === 'sqlite') {
    await tx.run(q.clearCounts);
    await tx.run(q.clearSlots);
  }
}

export interface Swept {
  /**
   * Messages whose send a dispatcher's death cut off: now 'uncertain', never sent again by themselves. Owner alerts
   * likewise when it cut off their second try (the first goes again: see resendInterruptedAlerts).
   */
  uncertain: number;
  /** Those by shop: its short name, and how many of its sends are now in doubt. */
  uncertainShops: Record<string, number>;
  /**
   * Confirmation codes and links likewise when a dispatcher's death cut off their sending a second time (the first
   * goes again: see resendInterruptedConfirmations), or cut off one an earlier version sent.
   */
  confirmations: number;
  /** Look-ups cut off: queued again. */
  lookups: number;
  /** Unconfirmed numbers and addresses a day past their time: deleted. */
  expired: number;
}


/** What letGoHandled did with the invitations it found held by handled replies, by count (nobody named). */
export interface LetGo {
  /** Let go by release(): they go at the time it gave them. */
  letGo: number;
  /** Of those, due more than EXPIRES_AFTER ago: the dispatcher expires them, never sent. */
  late: number;
  /** Lapsed by release() (a complaint handled more than COMPLAINT_GRACE after their time). */
  lapsed: number;
  /** Held on by another reply of hers still open. */
  heldAgain: number;
}

export function choreStore(db: Db) {
  return {
    /** The counters' changes folded in now (the sweep does it every minute): for a test or a benchmark that reads the counter tables themselves. */
    fold: () => db.transaction(foldCounters),
    /**
     * The server runs, said by every instance at start and every minute (by the database's clock). When the last time
     * anyone said so is more than DOWN_AFTER ago, the tills could deliver nothing meanwhile (nextdeal was stopped, or
     * its database down, or its machine frozen), and what they re-send may stop a message due now: the customer came
     * back, or returned it. So check-ins and invitations wait as long as the downtime lasted, up to WAIT_AT_MOST.
     * Returns how long nothing ran and until when messages wait, or null when nothing was down (or at the database's
     * first start).
     */
    alive: (now: number): Promise<{ down: number; until: number } | null> =>
      db.transaction(async (tx) => {
        await tx.lock('heartbeat');
        const last = await tx.value<number>(q.chore, ['alive']);
        await tx.run(q.stamp, ['alive', now]);
        if (last === undefined || now - Number(last) <= DOWN_AFTER) return null;
        const down = now - Number(last);
        await tx.run(q.stamp, ['messages_wait', now + Math.min(down, WAIT_AT_MOST)]);
        return { down, until: Number(await tx.value<number>(q.chore, ['messages_wait'])) };
      }),
    /** Until when check-ins and invitations wait after a downtime (see alive); 0 when they need not. */
    messagesWait: async (): Promise<number> => Number((await db.value<number>(q.chore, ['messages_wait'])) ?? 0),
    /**
     * What a dispatcher that died mid-send left behind (claims older than `claimedBefore`), the public pages'
     * requests past their time, failed owner logins past their window, API keys and webhook secrets rotated out and no longer working, and the counters'
     * changes to fold in. Null when another instance is at it.
     */
    sweep: (claimedBefore: number, now: number): Promise<Swept | null> =>
      db.transaction(async (tx) => {
        if (!(await tx.tryLock('sweep'))) return null;
        const confirmations = confirmationStore(tx);
        await foldCounters(tx);
        await tx.run(q.requeueUnsent, { before: claimedBefore, now });
        await tx.run(q.lapseAfterComplaint, { before: now - COMPLAINT_GRACE });
        await tx.run(q.requeueUnsentAlerts, { before: claimedBefore, now });
        await tx.run(q.resendInterruptedAlerts, { before: claimedBefore, now });
        await tx.run(q.requeueUnsentConfirmations, { before: claimedBefore, now });
        await tx.run(q.resendInterruptedConfirmations, { before: claimedBefore, now });
        await tx.run(q.forgetOldKeys, [now]);
        await tx.run(q.forgetOldSecrets, [now]);
        await forgetOldLogins(tx, now);
        const cutOff = await tx.all(q.orphanShops, { before: claimedBefore });
        return {
          uncertainShops: Object.fromEntries(cutOff.map((r) => [r.slug, Number(r.n)])),
          uncertain: (await queueOps(tx, 'messages').markOrphans(claimedBefore)) + (await queueOps(tx, 'alerts').markOrphans(claimedBefore)),
          confirmations: await confirmations.markOrphans(claimedBefore),
          lookups: await tx.run(q.requeueLookups, [claimedBefore]),
          expired: await confirmations.purge(now),
        };
      }),
    /**
     * Lets go the come-back invitations held by a reply already handled (see q.heldByHandled) as its handling would
     * have: release(), as of when it was handled. So a complaint's morning after and its lapse count from then, and
     * one whose time, so given, passed more than EXPIRES_AFTER ago expires at the dispatcher, as any message that
     * could not go in time: an invitation for a purchase of months ago does not come out of the blue now. Another open
     * reply of hers holds it on. Read first outside a transaction (at start and every hour: nearly always nothing);
     * null when another instance is at it.
     */
    letGoHandled: async (now: number, retainedSince: number | null = null): Promise<LetGo | null> => {
      const found = await db.all(q.heldByHandled);
      const done: LetGo = { letGo: 0, late: 0, lapsed: 0, heldAgain: 0 };
      if (found.length === 0) return done;
      return db.transaction(async (tx) => {
        if (!(await tx.tryLock('let_go_handled'))) return null;
        const shops = new Map<number, Shop>();
        for (const id of [...new Set(found.map((r) => Number(r.shopId)))].sort((a, b) => a - b)) {
          await tx.lock(id);
          const shop = await shopStore(tx).byId(id);
          if (shop) shops.set(id, shop);
        }
        for (const r of found) {
          const shop = shops.get(Number(r.shopId));
          const handledAt = await tx.value<number>(q.handledAt, [r.replyId]);
          if (!shop || handledAt === undefined) continue;
          const held = (await tx.all(q.heldIds, { replyId: r.replyId, since: retainedSince }))
            .map((m) => ({ id: Number(m.id), customerId: Number(m.customerId), stale: Number(m.stale) === 1 }));
          const ids = held.filter((m) => !m.stale).map((m) => m.id);
          // Each row's as of its own same person (SAME_PERSON): her own row's number and address are gone.
          for (const customerId of new Set(held.filter((m) => !m.stale).map((m) => m.customerId))) {
            const stays = new Set(held.filter((m) => m.stale || m.customerId !== customerId).map((m) => m.id));
            await release(tx, shop, Number(r.replyId), customerId, Number(handledAt), stays);
          }
          for (const m of ids.length ? await tx.all(q.outcome, { ids: idList(tx, ids) }) : []) {
            if (m.status !== 'scheduled') done.lapsed++;
            else if (m.heldBy !== null) done.heldAgain++;
            else {
              done.letGo++;
              if (now - Number(m.dueAt) > EXPIRES_AFTER) done.late++;
            }
          }
        }
        return done;
      });
    },
  };
}
