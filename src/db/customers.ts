// Consent per channel, with its history; and the customer's rights: export and erasure (AVG/GDPR).
import type { NotSent } from '../domain/not-sent.js';
import type { ChannelName } from '../domain/plan.js';
import type { Db } from './open.js';

/**
 * Where a consent change came from. `customer_page`: the consent page as it was before double opt-in (history only);
 * `customer_page_confirmed`: the customer on a public page, after proving the number or address with a code or link.
 */
export type ConsentSource = 'till' | 'sms_keyword' | 'unsubscribe_link' | 'owner' | 'provider' | 'customer_page' | 'customer_page_confirmed';

export interface CustomerRef {
  id: number;
  shopId: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  locale: string | null;
  smsOptedOutAt: number | null;
  emailOptedOutAt: number | null;
}

/** What the owner's page says about messages an opt-out cancelled, by where the customer opted out. */
const optOutReason: Record<ConsentSource, NotSent> = {
  sms_keyword: 'opted_out_keyword',
  unsubscribe_link: 'opted_out_link',
  provider: 'opted_out_provider',
  till: 'opted_out',
  owner: 'opted_out',
  customer_page: 'opted_out',
  customer_page_confirmed: 'opted_out',
};

const columns = `id, shop_id AS shopId, name, phone, email, locale, sms_opted_out_at AS smsOptedOutAt, email_opted_out_at AS emailOptedOutAt`;

export function customerStore(db: Db) {
  const q = {
    byId: db.prepare<[number], CustomerRef>(`SELECT ${columns} FROM customers WHERE id = ?`),
    byPhone: db.prepare<[number, string], CustomerRef>(`SELECT ${columns} FROM customers WHERE shop_id = ? AND phone = ? ORDER BY details_at DESC LIMIT 1`),
    byEmail: db.prepare<[number, string], CustomerRef>(`SELECT ${columns} FROM customers WHERE shop_id = ? AND email = ? ORDER BY details_at DESC LIMIT 1`),
    event: db.prepare('INSERT INTO consent_events (shop_id, customer_id, channel, given, source, at) VALUES (?, ?, ?, ?, ?, ?)'),
    optOut: {
      sms: db.prepare('UPDATE customers SET sms_opted_out_at = ? WHERE id = ? AND sms_opted_out_at IS NULL'),
      email: db.prepare('UPDATE customers SET email_opted_out_at = ? WHERE id = ? AND email_opted_out_at IS NULL'),
    },
    optIn: {
      sms: db.prepare('UPDATE customers SET sms_opted_out_at = NULL, sms_consent = 1 WHERE id = ?'),
      email: db.prepare('UPDATE customers SET email_opted_out_at = NULL, email_consent = 1 WHERE id = ?'),
    },
    consent: {
      sms: db.prepare('UPDATE customers SET sms_consent = ? WHERE id = ?'),
      email: db.prepare('UPDATE customers SET email_consent = ? WHERE id = ?'),
    },
    cancelPending: db.prepare(`UPDATE messages SET status = 'cancelled', error = ?, error_detail = NULL
      WHERE customer_id = ? AND channel = ? AND status = 'scheduled'`),
  };

  /** Stops every message on that channel: opted out, and everything still waiting is cancelled. */
  const optOut = db.transaction((customerId: number, channel: ChannelName, source: ConsentSource, at: number): boolean => {
    const c = q.byId.get(customerId);
    if (!c || !q.optOut[channel].run(at, customerId).changes) return false;
    q.event.run(c.shopId, customerId, channel, 0, source, at);
    q.cancelPending.run(optOutReason[source], customerId, channel);
    return true;
  });

  /** The customer asked to hear from the shop again on that channel. */
  const optIn = db.transaction((customerId: number, channel: ChannelName, source: ConsentSource, at: number): boolean => {
    const c = q.byId.get(customerId);
    if (!c) return false;
    const wasOut = c[channel === 'sms' ? 'smsOptedOutAt' : 'emailOptedOutAt'] !== null;
    q.optIn[channel].run(customerId);
    q.event.run(c.shopId, customerId, channel, 1, source, at);
    return wasOut;
  });

  /** Sets consent as the owner recorded it; withdrawing cancels what is waiting on that channel. */
  const setConsent = db.transaction((customerId: number, channel: ChannelName, given: boolean, source: ConsentSource, at: number) => {
    const c = q.byId.get(customerId)!;
    q.consent[channel].run(Number(given), customerId);
    q.event.run(c.shopId, customerId, channel, Number(given), source, at);
    if (!given) q.cancelPending.run('consent_withdrawn' satisfies NotSent, customerId, channel);
  });

  return {
    byId: (id: number) => q.byId.get(id),
    find: (shopId: number, by: { phone?: string; email?: string }) =>
      by.phone ? q.byPhone.get(shopId, by.phone) : by.email ? q.byEmail.get(shopId, by.email) : undefined,
    optOut: (customerId: number, channel: ChannelName, source: ConsentSource, at: number) => optOut.immediate(customerId, channel, source, at),
    optIn: (customerId: number, channel: ChannelName, source: ConsentSource, at: number) => optIn.immediate(customerId, channel, source, at),
    setConsent: (customerId: number, channel: ChannelName, given: boolean, source: ConsentSource, at: number) =>
      setConsent.immediate(customerId, channel, given, source, at),
    /** Records consent given or withdrawn with a sale (by the till, or on the consent page), when it differs from what was known. */
    recordConsent(shopId: number, customerId: number, before: { sms: number; email: number } | null, after: { sms?: boolean; email?: boolean }, at: number, source: ConsentSource) {
      for (const channel of ['sms', 'email'] as const) {
        const given = after[channel];
        if (given !== undefined && (before === null || before[channel] !== Number(given))) q.event.run(shopId, customerId, channel, Number(given), source, at);
      }
    },
  };
}
export type CustomerStore = ReturnType<typeof customerStore>;
