// Recording a sale: customer upsert, sale, and its scheduled messages, in one transaction.
import { type LiveMessage, type Planned, type Reachability, type Skipped, messageKinds, planMessages } from '../domain/plan.js';
import { DAY } from '../domain/schedule.js';
import { type Sale, type SaleCustomer, pickLocale } from '../domain/sale.js';
import { dayNumber } from '../domain/calendar.js';
import type { ConsentSource, CustomerStore } from './customers.js';
import { fingerprinter } from './fingerprint.js';
import type { Db } from './open.js';
import type { Shop } from './shops.js';
import type { SummaryStore } from './summary.js';

export interface SaleAnswer {
  saleId: number;
  customerId: number | null;
  scheduled: { kind: Planned['kind']; channel: Planned['channel']; dueAt: string }[];
  skipped: Skipped[];
  /** Fields the till got wrong, left out or shortened: the sale was stored without them. */
  warnings?: { field: string; message: string }[];
}

export interface RefundAnswer {
  saleId: number;
  status: 'refunded' | 'voided';
  cancelled: number; // messages that will not go out any more
}

export interface RecordOptions {
  /** Schedule nothing yet: the customer's contact details are still being looked up. */
  later?: boolean;
  /** Who gave the consent in the sale: the till (default), or the customer on the consent page. */
  consentSource?: ConsentSource;
  /** What was wrong in the till's body and left out; answered with the sale (and to its repeats). */
  warnings?: { field: string; message: string }[];
  /** The contact fields the till got wrong (customer.phone, customer.email), counted on the owner's page. */
  contactIssue?: string;
  /** Leave the customer's earlier come-back invitations alone (a purchase confirmed on a public page cancels nothing). */
  keepEarlierComebacks?: boolean;
}

export interface AttachOptions {
  consentSource?: ConsentSource;
  /** As in RecordOptions. */
  keepEarlierComebacks?: boolean;
  /** The reason the customer gave, kept when the till gave none. */
  reason?: string | null;
}

export type RecordResult =
  | { outcome: 'created'; answer: SaleAnswer }
  | { outcome: 'repeat'; answer: SaleAnswer } // same id, same body: nothing written
  | { outcome: 'refunded'; answer: RefundAnswer } // a sale known before, now posted as refunded or voided
  | { outcome: 'conflict' }; // same id, another body

interface CustomerRow {
  id: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  locale: string | null;
  posCustomerId: string | null;
  smsConsent: number;
  emailConsent: number;
  smsOptedOutAt: number | null;
  emailOptedOutAt: number | null;
  detailsAt: number;
}

export function saleStore(db: Db, customers: CustomerStore, summary: SummaryStore) {
  const fingerprint = fingerprinter(db);
  const customerColumns = `id, name, phone, email, locale, pos_customer_id AS posCustomerId, sms_consent AS smsConsent,
    email_consent AS emailConsent, sms_opted_out_at AS smsOptedOutAt, email_opted_out_at AS emailOptedOutAt, details_at AS detailsAt`;
  const q = {
    existing: db.prepare<[number, string], { id: number; customerId: number | null; status: string; fingerprint: string; answer: string }>(
      'SELECT id, customer_id AS customerId, status, fingerprint, answer FROM sales WHERE shop_id = ? AND till_sale_id = ?',
    ),
    notAsked: db.prepare("UPDATE sales SET checkin = 'none' WHERE id = ?"),
    saleById: db.prepare<[number], { shopId: number; customerId: number | null; occurredAt: number; status: string }>(
      'SELECT shop_id AS shopId, customer_id AS customerId, occurred_at AS occurredAt, status FROM sales WHERE id = ?',
    ),
    setCustomer: db.prepare('UPDATE sales SET customer_id = ? WHERE id = ?'),
    setReason: db.prepare('UPDATE sales SET reason = coalesce(reason, ?) WHERE id = ?'),
    hasMessages: db.prepare<[number], 1>('SELECT 1 FROM messages WHERE sale_id = ? LIMIT 1').pluck(),
    setStatus: db.prepare("UPDATE sales SET status = ? WHERE id = ? AND status = 'completed'"),
    cancelForSale: db.prepare("UPDATE messages SET status = 'cancelled', error = ?, error_detail = NULL WHERE sale_id = ? AND status = 'scheduled'"),
    // A customer is the same person when the till's id, the phone or the e-mail matches, in that order of trust.
    customerByPosId: db.prepare<[number, string], CustomerRow>(`SELECT ${customerColumns} FROM customers WHERE shop_id = ? AND pos_customer_id = ? LIMIT 1`),
    customerByPhone: db.prepare<[number, string], CustomerRow>(`SELECT ${customerColumns} FROM customers WHERE shop_id = ? AND phone = ? ORDER BY details_at DESC LIMIT 1`),
    customerByEmail: db.prepare<[number, string], CustomerRow>(`SELECT ${customerColumns} FROM customers WHERE shop_id = ? AND email = ? ORDER BY details_at DESC LIMIT 1`),
    customerById: db.prepare<[number], CustomerRow>(`SELECT ${customerColumns} FROM customers WHERE id = ?`),
    insertCustomer: db.prepare(`INSERT INTO customers (shop_id, pos_customer_id, name, phone, email, locale, sms_consent, email_consent, details_at, created_at)
      VALUES (@shopId, @posCustomerId, @name, @phone, @email, @locale, @smsConsent, @emailConsent, @detailsAt, @now)`),
    updateCustomer: db.prepare(`UPDATE customers SET pos_customer_id = @posCustomerId, name = @name, phone = @phone, email = @email,
      locale = @locale, sms_consent = @smsConsent, email_consent = @emailConsent, details_at = @detailsAt WHERE id = @id`),
    insertSale: db.prepare(`INSERT INTO sales (shop_id, till_sale_id, customer_id, occurred_at, local_day, reason, items, total, currency, staff, status,
        fingerprint, answer, received_at, contact_issue)
      VALUES (@shopId, @tillSaleId, @customerId, @occurredAt, @localDay, @reason, @items, @total, @currency, @staff, @status, @fingerprint, '{}', @now, @contactIssue)`),
    setAnswer: db.prepare('UPDATE sales SET answer = ? WHERE id = ?'),
    boughtSince: db.prepare<[number, number, number], 1>('SELECT 1 FROM sales WHERE customer_id = ? AND occurred_at > ? AND id != ? LIMIT 1').pluck(),
    // A new purchase makes the invitations of earlier sales pointless: that sale schedules its own.
    cancelEarlierComebacks: db.prepare(`UPDATE messages SET status = 'cancelled', error = 'bought_again', error_detail = NULL
      WHERE customer_id = ? AND kind = 'comeback' AND status = 'scheduled'
        AND sale_id IN (SELECT id FROM sales WHERE customer_id = ? AND occurred_at <= ? AND id != ?)`),
    liveMessages: db.prepare<[number, number], LiveMessage>(`SELECT kind, coalesce(sent_at, next_attempt_at) AS at FROM messages
      WHERE customer_id = ? AND status IN ('scheduled', 'sending', 'sent', 'uncertain') AND coalesce(sent_at, next_attempt_at) >= ?`),
    // An invitation for a customer whose reply still waits for the owner is held by that reply from the start.
    insertMessage: db.prepare(`INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, due_at, next_attempt_at, created_at, held_by)
      VALUES (@shopId, @customerId, @saleId, @kind, @channel, @key, @dueAt, @dueAt, @now, CASE WHEN @kind = 'comeback' THEN (SELECT max(id) FROM replies
        WHERE customer_id = @customerId AND class IN ('problem', 'question', 'other') AND handled_at IS NULL) END)`),
  };

  function findCustomer(shopId: number, c: SaleCustomer): CustomerRow | undefined {
    return (
      (c.posCustomerId ? q.customerByPosId.get(shopId, c.posCustomerId) : undefined) ??
      (c.phone ? q.customerByPhone.get(shopId, c.phone) : undefined) ??
      (c.email ? q.customerByEmail.get(shopId, c.email) : undefined)
    );
  }

  /** Creates or updates the customer. Details and consent from the newest sale win; an older sale only fills gaps. */
  function upsertCustomer(shop: Shop, c: SaleCustomer, occurredAt: number, now: number, source: ConsentSource = 'till'): CustomerRow {
    const locale = c.locale ? pickLocale(c.locale, shop.locale) : null;
    const found = findCustomer(shop.id, c);
    if (!found) {
      const row = {
        shopId: shop.id, posCustomerId: c.posCustomerId, name: c.name, phone: c.phone, email: c.email, locale,
        smsConsent: c.consent.sms ? 1 : 0, emailConsent: c.consent.email ? 1 : 0, detailsAt: occurredAt, now,
      };
      const id = Number(q.insertCustomer.run(row).lastInsertRowid);
      customers.recordConsent(shop.id, id, null, c.consent, occurredAt, source);
      return q.customerById.get(id)!;
    }
    const newer = occurredAt >= found.detailsAt;
    if (newer) customers.recordConsent(shop.id, found.id, { sms: found.smsConsent, email: found.emailConsent }, c.consent, occurredAt, source);
    const pick = <T>(given: T | null, had: T | null): T | null => (newer ? (given ?? had) : (had ?? given));
    q.updateCustomer.run({
      id: found.id,
      posCustomerId: pick(c.posCustomerId, found.posCustomerId),
      name: pick(c.name, found.name),
      phone: pick(c.phone, found.phone),
      email: pick(c.email, found.email),
      locale: pick(locale, found.locale),
      smsConsent: newer && c.consent.sms !== undefined ? Number(c.consent.sms) : found.smsConsent,
      emailConsent: newer && c.consent.email !== undefined ? Number(c.consent.email) : found.emailConsent,
      detailsAt: Math.max(occurredAt, found.detailsAt),
    });
    return q.customerById.get(found.id)!;
  }

  const reachability = (c: CustomerRow): Reachability => ({
    phone: c.phone,
    email: c.email,
    smsConsent: c.smsConsent === 1,
    emailConsent: c.emailConsent === 1,
    smsOptedOut: c.smsOptedOutAt !== null,
    emailOptedOut: c.emailOptedOutAt !== null,
  });

  /** Marks a sale refunded or voided and cancels what it still had waiting. Idempotent. */
  function refundSale(sale: { id: number; customerId: number | null; status: string }, status: 'refunded' | 'voided'): RefundAnswer {
    if (sale.status !== 'completed') return { saleId: sale.id, status: sale.status as RefundAnswer['status'], cancelled: 0 };
    const summarise = sale.customerId === null ? null : summary.track(sale.customerId);
    q.setStatus.run(status, sale.id);
    const cancelled = q.cancelForSale.run(status, sale.id).changes;
    summarise?.();
    return { saleId: sale.id, status, cancelled };
  }

  const refund = db.transaction((shop: Shop, tillSaleId: string, status: 'refunded' | 'voided') => {
    const sale = q.existing.get(shop.id, tillSaleId);
    return sale && refundSale(sale, status);
  });

  /** Schedules the check-in and invitation of a completed sale for its customer; returns what was and was not. */
  function plan(shop: Shop, saleId: number, customer: CustomerRow | null, soldAt: number, now: number, keepEarlierComebacks = false) {
    if (customer && !keepEarlierComebacks) q.cancelEarlierComebacks.run(customer.id, customer.id, soldAt, saleId);
    const planned = planMessages({
      soldAt,
      now,
      rules: shop,
      reach: customer && reachability(customer),
      boughtSince: customer !== null && q.boughtSince.get(customer.id, soldAt, saleId) !== undefined,
      live: customer ? q.liveMessages.all(customer.id, soldAt - DAY) : [],
    });
    for (const m of customer ? planned.scheduled : []) {
      const key = `sale:${saleId}:${m.kind}`;
      q.insertMessage.run({ shopId: shop.id, customerId: customer!.id, saleId, kind: m.kind, channel: m.channel, key, dueAt: m.dueAt, now });
    }
    // For the owner's "did asking help?": this customer could not be asked.
    if (planned.skipped.some((m) => m.kind === 'checkin' && (m.reason === 'no_consent' || m.reason === 'no_contact'))) q.notAsked.run(saleId);
    return planned;
  }

  const answerOf = (saleId: number, customerId: number | null, p: { scheduled: Planned[]; skipped: Skipped[] }): SaleAnswer => ({
    saleId,
    customerId,
    scheduled: p.scheduled.map((m) => ({ kind: m.kind, channel: m.channel, dueAt: new Date(m.dueAt).toISOString() })),
    skipped: p.skipped,
  });

  const record = db.transaction((shop: Shop, sale: Sale, now: number, options: RecordOptions): RecordResult => {
    const print = fingerprint(sale);
    const existing = q.existing.get(shop.id, sale.tillSaleId);
    if (existing && sale.status !== 'completed') return { outcome: 'refunded', answer: refundSale(existing, sale.status) };
    if (existing) {
      return existing.fingerprint === print ? { outcome: 'repeat', answer: JSON.parse(existing.answer) } : { outcome: 'conflict' };
    }
    const customer = sale.customer ? upsertCustomer(shop, sale.customer, sale.occurredAt, now, options.consentSource) : null;
    const summarise = customer && summary.track(customer.id);
    const saleId = Number(
      q.insertSale.run({
        shopId: shop.id, tillSaleId: sale.tillSaleId, customerId: customer?.id ?? null, occurredAt: sale.occurredAt,
        reason: sale.reason, items: JSON.stringify(sale.items), total: sale.total, currency: sale.currency, staff: sale.staff,
        status: sale.status, fingerprint: print, now, localDay: dayNumber(sale.occurredAt, shop.timezone), contactIssue: options.contactIssue ?? null,
      }).lastInsertRowid,
    );
    let answer: SaleAnswer;
    if (sale.status !== 'completed') answer = { saleId, customerId: customer?.id ?? null, scheduled: [], skipped: messageKinds.map((kind) => ({ kind, reason: 'refunded' })) };
    else if (options.later) answer = { saleId, customerId: customer?.id ?? null, scheduled: [], skipped: [] }; // planned once the contact is known
    else answer = answerOf(saleId, customer?.id ?? null, plan(shop, saleId, customer, sale.occurredAt, now, options.keepEarlierComebacks));
    summarise?.();
    if (options.warnings?.length) answer = { ...answer, warnings: options.warnings };
    q.setAnswer.run(JSON.stringify(answer), saleId);
    return { outcome: 'created', answer };
  });

  /**
   * Gives a sale that had no (reachable) customer its customer, as they told us themselves or as the till's
   * API knew them, and schedules its messages now. Nothing is scheduled twice.
   */
  const attach = db.transaction((shop: Shop, saleId: number, c: SaleCustomer, now: number, o: AttachOptions): SaleAnswer | undefined => {
    const sale = q.saleById.get(saleId);
    if (!sale || sale.shopId !== shop.id) return undefined;
    const customer = upsertCustomer(shop, c, Math.max(sale.occurredAt, now), now, o.consentSource);
    if (o.reason) q.setReason.run(o.reason, saleId);
    const before = sale.customerId !== null && sale.customerId !== customer.id ? summary.track(sale.customerId) : null;
    const summarise = summary.track(customer.id);
    q.setCustomer.run(customer.id, saleId);
    const planned =
      sale.status === 'completed' && !q.hasMessages.get(saleId)
        ? plan(shop, saleId, q.customerById.get(customer.id)!, sale.occurredAt, now, o.keepEarlierComebacks)
        : { scheduled: [], skipped: [] };
    before?.();
    summarise();
    return answerOf(saleId, customer.id, planned);
  });

  return {
    /** Records a sale exactly once per (shop, till sale id); safe against concurrent writers in other processes. */
    record: (shop: Shop, sale: Sale, now: number, options: RecordOptions = {}): RecordResult => record.immediate(shop, sale, now, options),
    attach: (shop: Shop, saleId: number, customer: SaleCustomer, now: number, options: AttachOptions = {}) => attach.immediate(shop, saleId, customer, now, options),
    /** Refunds or voids a sale known by the till's id; undefined when there is no such sale. */
    refund: (shop: Shop, tillSaleId: string, status: 'refunded' | 'voided'): RefundAnswer | undefined => refund.immediate(shop, tillSaleId, status),
  };
}
export type SaleStore = ReturnType<typeof saleStore>;
