// The outbox table: scheduled messages, claimed by the dispatcher, then sent, failed, cancelled or expired.
import type { ChannelName, MessageKind } from '../domain/plan.js';
import type { SaleItem } from '../domain/sale.js';
import type { Db } from './open.js';

export type MessageStatus = 'scheduled' | 'sending' | 'sent' | 'failed' | 'expired' | 'cancelled' | 'uncertain';

/** A claimed message with everything needed to decide, render and send it. */
export interface MessageToSend {
  id: number;
  kind: MessageKind;
  channel: ChannelName;
  dueAt: number;
  attempts: number;
  customer: {
    id: number;
    name: string | null;
    phone: string | null;
    email: string | null;
    locale: string | null;
    smsConsent: boolean;
    emailConsent: boolean;
    smsOptedOut: boolean;
    emailOptedOut: boolean;
  };
  sale: { id: number; occurredAt: number; reason: string | null; items: SaleItem[]; status: string };
  shopId: number;
}

export function messageStore(db: Db) {
  const q = {
    // One statement, so claiming is atomic even against a dispatcher in another process.
    claim: db.prepare<[number, number, number], { id: number }>(`UPDATE messages SET status = 'sending', claimed_at = ?, attempts = attempts + 1
      WHERE id IN (SELECT id FROM messages WHERE status = 'scheduled' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?)
      RETURNING id`),
    // A claim older than the lease belongs to a dispatcher that died mid-send: the provider may or may not have the message.
    orphans: db.prepare(`UPDATE messages SET status = 'uncertain', error = 'the dispatcher stopped while sending: check before resending'
      WHERE status = 'sending' AND claimed_at < ?`),
    context: db.prepare<[number], Record<string, unknown>>(`SELECT m.id, m.kind, m.channel, m.due_at AS dueAt, m.attempts, m.shop_id AS shopId,
        c.id AS customerId, c.name, c.phone, c.email, c.locale, c.sms_consent AS smsConsent, c.email_consent AS emailConsent,
        c.sms_opted_out_at AS smsOptedOutAt, c.email_opted_out_at AS emailOptedOutAt,
        s.id AS saleId, s.occurred_at AS occurredAt, s.reason, s.items, s.status AS saleStatus
      FROM messages m JOIN customers c ON c.id = m.customer_id JOIN sales s ON s.id = m.sale_id WHERE m.id = ?`),
    // Recording an outcome also settles an 'uncertain' row: the answer came after all.
    sent: db.prepare(`UPDATE messages SET status = 'sent', sent_at = @at, recipient = @recipient, provider_id = @providerId, content = @content, error = NULL
      WHERE id = @id AND status IN ('sending', 'uncertain')`),
    retry: db.prepare(`UPDATE messages SET status = 'scheduled', next_attempt_at = @nextAt, error = @error WHERE id = @id AND status IN ('sending', 'uncertain')`),
    settle: db.prepare(`UPDATE messages SET status = @status, error = @error WHERE id = @id AND status IN ('sending', 'uncertain')`),
    optOut: db.prepare(`UPDATE customers SET sms_opted_out_at = coalesce(sms_opted_out_at, ?) WHERE id = ?`),
  };

  return {
    claim: (now: number, limit: number): number[] => q.claim.all(now, now, limit).map((r) => r.id),
    markOrphans: (claimedBefore: number): number => q.orphans.run(claimedBefore).changes,
    load(id: number): MessageToSend | undefined {
      const r = q.context.get(id);
      if (!r) return undefined;
      return {
        id: r.id as number,
        kind: r.kind as MessageKind,
        channel: r.channel as ChannelName,
        dueAt: r.dueAt as number,
        attempts: r.attempts as number,
        shopId: r.shopId as number,
        customer: {
          id: r.customerId as number,
          name: r.name as string | null,
          phone: r.phone as string | null,
          email: r.email as string | null,
          locale: r.locale as string | null,
          smsConsent: r.smsConsent === 1,
          emailConsent: r.emailConsent === 1,
          smsOptedOut: r.smsOptedOutAt !== null,
          emailOptedOut: r.emailOptedOutAt !== null,
        },
        sale: {
          id: r.saleId as number,
          occurredAt: r.occurredAt as number,
          reason: r.reason as string | null,
          items: JSON.parse(r.items as string) as SaleItem[],
          status: r.saleStatus as string,
        },
      };
    },
    markSent: (id: number, at: number, recipient: string, providerId: string, content: string) =>
      q.sent.run({ id, at, recipient, providerId, content }),
    markRetry: (id: number, nextAt: number, error: string) => q.retry.run({ id, nextAt, error }),
    settle: (id: number, status: 'failed' | 'cancelled' | 'expired', error: string) => q.settle.run({ id, status, error }),
    optOutSms: (customerId: number, at: number) => q.optOut.run(at, customerId),
  };
}
export type MessageStore = ReturnType<typeof messageStore>;
