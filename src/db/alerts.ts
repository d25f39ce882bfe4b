// Alerts: an e-mail to the owner about a problem or a question, queued and sent by the dispatcher.
import type { NotSent } from '../domain/not-sent.js';
import type { SaleItem } from '../domain/sale.js';
import { NO_SALE } from './customers.js';
import type { OneTapAnswer } from './replies.js';
import { queueOps } from './queue.js';
import { GREETED_NAME } from './sales.js';
import { type Shop, ownerAlerted } from './shops.js';
import { type Db, sql } from './sql.js';

export interface AlertToSend {
  id: number;
  shopId: number;
  attempts: number;
  reply: { id: number; class: string; channel: string; answer: OneTapAnswer | null; body: string | null; media: number; receivedAt: number };
  customer: { name: string | null; phone: string | null; email: string | null };
  /** The number the message answered went to (a wrong number is off the customer's row by now). */
  texted: string | null;
  sale: { occurredAt: number; items: SaleItem[]; total: number | null; reason: string | null } | null;
  /** A come-back invitation waits for the owner to handle this reply. */
  holdsInvitation: boolean;
  /** The reply answers a come-back invitation (not the check-in): "Ja graag" says yes to coming back. */
  afterInvitation: boolean;
  /** The customer asked for no more messages (on some channel): an answer about this, and nothing else. */
  optedOut: boolean;
  /** The reply is a text the customer sent after their STOP ("Oeps, dat was per ongeluk"): only their START undoes it. */
  afterSmsStop: boolean;
  /**
   * The reply is of a row with no sale that no message of ours answered: one a text to the shop's own number made
   * (replies.fromStranger), from a phone no customer had. Not "a customer": it may be anyone, or spam.
   */
  withoutSale: boolean;
}

const q = {
  context: sql(`SELECT a.id, a.shop_id AS shopId, a.attempts, a.reply_id AS replyId,
      r.class, r.channel, r.answer, r.body, r.media, r.received_at AS receivedAt, ${GREETED_NAME} AS name, c.phone, c.email,
      s.occurred_at AS occurredAt, s.items, s.total, s.reason,
      CASE WHEN EXISTS (SELECT 1 FROM messages m WHERE m.held_by = r.id AND m.status = 'scheduled') THEN 1 ELSE 0 END AS holds,
      answered.recipient AS texted, answered.kind AS answered,
      CASE WHEN c.sms_opted_out_at IS NULL AND c.email_opted_out_at IS NULL THEN 0 ELSE 1 END AS stopped,
      CASE WHEN r.channel = 'sms' AND c.sms_opted_out_at < r.received_at AND c.erased_at IS NULL THEN 1 ELSE 0 END AS after_stop,
      CASE WHEN r.message_id IS NULL AND r.sale_id IS NULL AND ${NO_SALE('c')} THEN 1 ELSE 0 END AS without_sale
    FROM alerts a JOIN replies r ON r.id = a.reply_id JOIN customers c ON c.id = r.customer_id LEFT JOIN sales s ON s.id = r.sale_id
      LEFT JOIN messages answered ON answered.id = r.message_id
    WHERE a.id = ?`),
  sent: sql("UPDATE alerts SET status = 'sent', sent_at = ?, recipient = ?, error = NULL, error_detail = NULL WHERE id = ? AND status IN ('sending', 'uncertain')"),
  // The address about to be handed the alert, kept just before the mail server is called, while the claim is still the
  // dispatcher's (its stamp, status 'sending'): an alert claimed with none kept was never handed over, and the sweep
  // after a crash sends it again (chores.ts requeueUnsentAlerts). Also where it was refused, when it fails.
  keep: sql("UPDATE alerts SET recipient = ? WHERE id = ? AND status = 'sending' AND claimed_at = ?"),
  // Alerts left in doubt (a crash cut off their sending twice, or the mail server took one and never answered) about
  // replies the owner has not marked handled yet.
  inDoubt: sql<number>(`SELECT count(*) FROM alerts a JOIN replies r ON r.id = a.reply_id
    WHERE a.shop_id = ? AND a.status = 'uncertain' AND r.handled_at IS NULL`),
  // Alerts to the address that failed for good, newest first, none of them followed by an alert to it that went out
  // (the address put right at the mail server, or a refusal that passed). Through alerts_by_recipient (049). One that
  // went keeps its sent_at while it waits to go again (replies.ts alertAgain): it still went (frv47c).
  refused: sql<{ error: NotSent; at: number }>(`SELECT f.error, f.claimed_at AS at FROM alerts f
    WHERE f.shop_id = ? AND f.recipient = ? AND f.status = 'failed'
      AND NOT EXISTS (SELECT 1 FROM alerts s WHERE s.shop_id = f.shop_id AND s.recipient = f.recipient AND s.sent_at > f.claimed_at)
    ORDER BY f.claimed_at DESC, f.id DESC`),
};

/**
 * Owner alerts that failed for good at the shop's alert address, and none went out to it since: the owner heard of
 * nothing by e-mail. `reason` is the last one's; `lastAt` when it was tried. Gone once the address changes (they were
 * tried at another) or an alert to it goes out.
 */
export interface AlertsRefused {
  address: string;
  count: number;
  reason: NotSent;
  lastAt: number;
}

/**
 * The reason that says the address itself is wrong (550 mailbox unknown): check it. Another refusal for good (a 554 for
 * the content) may be the mail server's: it is looked at too. (A server refusing to relay fails nothing for good: its
 * alerts wait and pause e-mail, channels/email.ts classifySmtpError.)
 */
export const addressRefused = (reason: NotSent): boolean => reason === 'mailbox_unknown';

export function alertStore(db: Db) {
  async function refusedAt(shopId: number, address: string | null): Promise<AlertsRefused | null> {
    if (address === null) return null;
    const rows = await db.all(q.refused, [shopId, address]);
    return rows.length ? { address, count: rows.length, reason: rows[0]!.error, lastAt: Number(rows[0]!.at) } : null;
  }
  return {
    ...queueOps(db, 'alerts'),
    async load(id: number): Promise<AlertToSend | undefined> {
      const r = await db.get(q.context, [id]);
      if (!r) return undefined;
      return {
        id: r.id,
        shopId: r.shopId,
        attempts: r.attempts,
        reply: { id: Number(r.replyId), class: r.class, channel: r.channel, answer: r.answer, body: r.body, media: r.media, receivedAt: r.receivedAt },
        customer: { name: r.name, phone: r.phone, email: r.email },
        texted: r.texted,
        sale: r.occurredAt === null ? null : { occurredAt: r.occurredAt, items: JSON.parse(r.items), total: r.total, reason: r.reason },
        holdsInvitation: Number(r.holds) === 1,
        afterInvitation: r.answered === 'comeback',
        optedOut: Number(r.stopped) === 1,
        afterSmsStop: Number(r.after_stop) === 1,
        withoutSale: Number(r.without_sale) === 1,
      };
    },
    markSent: async (id: number, at: number, to: string) => void (await db.run(q.sent, [at, to, id])),
    /**
     * Keeps the address the alert is about to be handed to, the last step before the mail server: false when the claim
     * (stamped `claimedAt`) is no longer this dispatcher's, and nothing may be handed over. Kept, the address is also
     * the one it was refused at, or left in doubt at.
     */
    keep: async (id: number, to: string, claimedAt: number): Promise<boolean> => (await db.run(q.keep, [to, id, claimedAt])) === 1,
    /**
     * How many of the shop's alerts may or may not have reached the owner (see chores.sweep), about replies not marked
     * handled yet: the owner's page says so, for nothing sends them again.
     */
    inDoubt: async (shopId: number): Promise<number> => Number((await db.value(q.inDoubt, [shopId])) ?? 0),
    refusedAt,
    /**
     * Whether the owner hears of a customer's problem or question at once: an alert address, e-mail that leaves this
     * machine (not an outbox on disk, not a catcher), and no alert refused for good at that address since the last
     * one went out there. What the customer is promised (a call, an answer) follows it.
     */
    reachesOwner: async (shop: Pick<Shop, 'id' | 'alertEmail'>, emailUndelivered: 'outbox' | 'catcher' | undefined): Promise<boolean> =>
      ownerAlerted(shop, emailUndelivered) && (await refusedAt(shop.id, shop.alertEmail)) === null,
  };
}
