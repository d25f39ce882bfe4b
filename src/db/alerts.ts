// Alerts: an e-mail to the owner about a problem or a question, queued and sent by the dispatcher.
import type { SaleItem } from '../domain/sale.js';
import type { Db } from './open.js';
import type { OneTapAnswer } from './replies.js';
import { queueOps } from './queue.js';

export interface AlertToSend {
  id: number;
  shopId: number;
  attempts: number;
  reply: { class: string; answer: OneTapAnswer | null; body: string | null; receivedAt: number };
  customer: { name: string | null; phone: string | null; email: string | null };
  sale: { occurredAt: number; items: SaleItem[]; reason: string | null } | null;
}

export function alertStore(db: Db) {
  const q = {
    context: db.prepare<[number], Record<string, unknown>>(`SELECT a.id, a.shop_id AS shopId, a.attempts,
        r.class, r.answer, r.body, r.received_at AS receivedAt, c.name, c.phone, c.email,
        s.occurred_at AS occurredAt, s.items, s.reason
      FROM alerts a JOIN replies r ON r.id = a.reply_id JOIN customers c ON c.id = r.customer_id LEFT JOIN sales s ON s.id = r.sale_id
      WHERE a.id = ?`),
    sent: db.prepare("UPDATE alerts SET status = 'sent', sent_at = ?, error = NULL, error_detail = NULL WHERE id = ? AND status IN ('sending', 'uncertain')"),
  };
  return {
    ...queueOps(db, 'alerts'),
    load(id: number): AlertToSend | undefined {
      const r = q.context.get(id);
      if (!r) return undefined;
      return {
        id: r.id as number,
        shopId: r.shopId as number,
        attempts: r.attempts as number,
        reply: { class: r.class as string, answer: r.answer as OneTapAnswer | null, body: r.body as string | null, receivedAt: r.receivedAt as number },
        customer: { name: r.name as string | null, phone: r.phone as string | null, email: r.email as string | null },
        sale: r.occurredAt === null ? null : { occurredAt: r.occurredAt as number, items: JSON.parse(r.items as string), reason: r.reason as string | null },
      };
    },
    markSent: (id: number, at: number) => void q.sent.run(at, id),
  };
}
