// A sale posted again under its id with other content than it was stored with. The stored sale is not changed, and the
// owner's figures count it once; what the till says by posting it again that must not be lost is taken (README,
// "A sale posted again"): a consent withdrawn at the counter, and a number or address put right, to which nothing more of
// the sale goes. A sale stamped with the time again (a till's retry) within a few minutes is the same sale.
//
// Only the keyed fingerprint of what was first posted is kept (nothing to read a customer's details back from), so the
// first post is found by trying what it may have said in the few fields that may be put right: the time as stored, each
// consent now false as it may have been (given, or not mentioned), the number and address as the customer's row has them.
import type { ChannelName } from '../domain/plan.js';
import type { Sale, SaleCustomer } from '../domain/sale.js';
import { anotherAtTill, noHolds, withdrawnAtTill, withdrawnWithContact } from './customers.js';
import { wouldBe } from './experiments.js';
import { fingerprint } from './fingerprint.js';
import { type Db, sql } from './sql.js';

/**
 * A till that stamps a sale with the time again when it sends it again (a retry after a lost answer): the same sale
 * when that is all that differs, and no more than this apart. Another sale under that id, the same in all else (the same
 * customer, things and total), this close, is what tills that number their sales each on their own could send, and
 * would be counted as that one visit: no loss to the figures, which count visits by day.
 */
export const RESTAMPED_WITHIN_MS = 5 * 60_000;

/** The sale as stored, as far as this reads it. */
export interface StoredSale {
  id: number;
  shopId: number;
  customerId: number | null;
  occurredAt: number;
  fingerprint: string;
}

/** The answer to a sale posted again of which something was taken. */
export interface PostedAgain {
  saleId: number;
  customerId: number | null;
  duplicate: true;
  /** The channels whose consent the till withdrew with it, taken for the customer (the history records it where it was given). */
  consentWithdrawn?: ChannelName[];
  /** Messages that will not go out any more. */
  cancelled: number;
  /** What was wrong in the body posted again (as a sale's), and the number or address put right, not taken. */
  warnings?: { field: string; message: string }[];
}

export type Again =
  | { outcome: 'repeat' } // the same sale, its time stamped again: the first answer again, nothing written
  | { outcome: 'posted_again'; response: PostedAgain }
  | { outcome: 'conflict'; consentWithdrawn?: ChannelName[]; cancelled?: number }; // another sale, or more was changed

interface Contact {
  phone: string | null;
  email: string | null;
  posCustomerId: string | null;
}

const q = {
  // Not an erased customer's row: nothing is left of them to withdraw or to send to.
  contact: sql<Contact>('SELECT phone, email, pos_customer_id AS posCustomerId FROM customers WHERE id = ? AND erased_at IS NULL'),
  // The sale's own messages on that channel, as the consent's withdrawal takes them (customers.ts, cancelPending): also
  // one a dispatcher has claimed and not handed over yet.
  cancelForChannel: sql(`UPDATE messages SET status = 'cancelled', error = 'contact_corrected', error_detail = NULL
    WHERE sale_id = ? AND channel = ? AND (status = 'scheduled' OR (status = 'sending' AND recipient IS NULL))`),
};

const CHANNELS = ['sms', 'email'] as const;
const FIELD = { sms: 'customer.phone', email: 'customer.email' } as const;
const CORRECTED = {
  sms: 'differs from the sale as first posted: not changed by posting the sale again; what the sale still had to send to the number first posted is cancelled, and nothing more of it goes there. The customer\'s next sale brings the right number',
  email: 'differs from the sale as first posted: not changed by posting the sale again; what the sale still had to send to the address first posted is cancelled, and nothing more of it goes there. The customer\'s next sale brings the right address',
} as const;

/**
 * What a sale's fingerprint holds in its phone number or e-mail address where the till posted a placeholder or the
 * shop's own address, left out of the sale (see withoutPlaceholders): any one of them alike, so that a sale first posted
 * with one and posted again with the customer's own is known as the same sale (see firstPosted).
 */
export const LEFT_OUT = '(a placeholder: left out)';

/**
 * The sale as its fingerprint is taken: as stored (`sale`), with its customer's contact and consent as the till posted
 * them (`posted`, before placeholders were taken out), a contact left out marked LEFT_OUT. A sale without one left out is
 * fingerprinted as before.
 */
export function asPosted(posted: Sale | undefined, sale: Sale): Sale {
  const was = posted?.customer;
  const c = sale.customer;
  if (!was || !c || (was.phone === c.phone && was.email === c.email)) return sale;
  const mark = (given: string | null, kept: string | null) => (given !== null && kept === null ? LEFT_OUT : kept);
  return { ...sale, customer: { ...c, phone: mark(was.phone, c.phone), email: mark(was.email, c.email), consent: was.consent } };
}

/** What may have been first posted in a field now `now`: that, and the alternatives. */
const choices = <T>(now: T, ...others: T[]): T[] => [now, ...others.filter((o) => o !== now)];

/**
 * The first post's customer, when the sale posted again differs from it only in a consent now false, its customer's
 * number or address (their row's at the first post, `row`), and its time by RESTAMPED_WITHIN_MS: as `sale.customer`
 * with what was first posted in those fields (null for a sale without one). Undefined when it differs in more.
 */
function firstPosted(key: string, sale: Sale, marked: Sale, stored: StoredSale, row: Contact | undefined): { customer: SaleCustomer | null } | undefined {
  const times = choices(sale.occurredAt, ...(Math.abs(sale.occurredAt - stored.occurredAt) <= RESTAMPED_WITHIN_MS ? [stored.occurredAt] : []));
  const c = sale.customer;
  const consents = (ch: ChannelName) => (c?.consent[ch] === false ? [false, true, undefined] : [c?.consent[ch]]);
  const contacts = (ch: ChannelName) => {
    const field = ch === 'sms' ? 'phone' : 'email';
    const given = c?.[field] ?? null;
    const had = row?.[field] ?? null;
    // As posted, as stored (a placeholder marked LEFT_OUT), as the customer's row has it, or a placeholder first posted.
    return [...new Set(choices(given, marked.customer?.[field] ?? null, ...(c && had !== null ? [had] : []), ...(c ? [LEFT_OUT] : [])))];
  };
  for (const occurredAt of times) {
    for (const sms of consents('sms')) {
      for (const email of consents('email')) {
        for (const phone of contacts('sms')) {
          for (const address of contacts('email')) {
            const customer = c && { ...c, phone, email: address, consent: { sms, email } };
            if (fingerprint(key, { ...sale, occurredAt, customer }) === stored.fingerprint) return { customer };
          }
        }
      }
    }
  }
  return undefined;
}

/**
 * Whether the sale's customer is the customer `row`, as a sale finds its customer (by the till's id, number or address),
 * for a "no" on channel `ch`.
 */
const names = (c: SaleCustomer | null, row: Contact | undefined, ch: ChannelName): boolean =>
  c !== null && row !== undefined && noHolds(row.posCustomerId, c.posCustomerId, ch) && (anotherAtTill(row.posCustomerId, c.posCustomerId)
    // The till's other customer: named only by the address its "no" is for.
    ? c.email !== null && c.email === row.email
    : (c.posCustomerId !== null && c.posCustomerId === row.posCustomerId) || (c.phone !== null && c.phone === row.phone) || (c.email !== null && c.email === row.email));

/**
 * A completed sale posted again with another fingerprint than the stored sale's, in the transaction holding the shop's
 * lock. The same sale (firstPosted): what it withdrew and put right is taken, or with only its time stamped again it is a
 * repeat. Otherwise it is a conflict, and nothing of it is taken but a consent it withdraws for the customer the sale
 * was stored with (a "no" is theirs, whatever else the till changed).
 */
export async function postedAgain(tx: Db, key: string, sale: Sale, marked: Sale, stored: StoredSale, now: number, read: PostedAgain['warnings'] = []): Promise<Again> {
  const row = stored.customerId === null ? undefined : await tx.get(q.contact, [stored.customerId]);
  const first = firstPosted(key, sale, marked, stored, row);
  const c = sale.customer;
  const was = first?.customer;
  const withdrawn = CHANNELS.filter((ch) => c?.consent[ch] === false && (first === undefined ? names(c, row, ch) : was?.consent[ch] !== false));
  // Put right: other than first posted both as posted and as stored (a placeholder again is the same sale).
  const m = marked.customer;
  const differs = (ch: ChannelName, x: SaleCustomer | null) => (ch === 'sms' ? x?.phone !== was!.phone : x?.email !== was!.email);
  const corrected = first === undefined || !c || !was ? [] : CHANNELS.filter((ch) => differs(ch, c) && differs(ch, m));
  // A consent is taken for a customer (not for a sale kept without one, nor an erased customer's).
  const taken = row === undefined ? [] : withdrawn;
  if (first !== undefined && taken.length === 0 && corrected.length === 0) return { outcome: 'repeat' };
  let cancelled = 0;
  for (const ch of taken) cancelled += await withdrawnAtTill(tx, stored.shopId, stored.customerId!, ch, now);
  // As the sale's "no" the first time: also on the shop's other rows with the number (address) it gives, where the
  // customer's row has it (not one the till put right, nor one answered as not theirs, kept off the row), as of the sale.
  const onRow = (ch: ChannelName) => taken.includes(ch) && (ch === 'sms' ? c!.phone === row!.phone : c!.email === row!.email);
  if (taken.length > 0) cancelled += await withdrawnWithContact(tx, stored.shopId, stored.customerId!, c!, stored.occurredAt, now, onRow);
  for (const ch of corrected) {
    cancelled += await tx.run(q.cancelForChannel, [stored.id, ch]);
    await tx.run(wouldBe.cancelSaleChannel, ['contact_corrected', stored.id, ch, now]);
  }
  const consentWithdrawn = taken.length > 0 ? { consentWithdrawn: taken } : {};
  if (first === undefined) return { outcome: 'conflict', ...(taken.length > 0 && { ...consentWithdrawn, cancelled }) };
  const warnings = [...read, ...corrected.map((ch) => ({ field: FIELD[ch], message: CORRECTED[ch] }))];
  return {
    outcome: 'posted_again',
    response: { saleId: stored.id, customerId: stored.customerId, duplicate: true, ...consentWithdrawn, cancelled, ...(warnings.length > 0 && { warnings }) },
  };
}
