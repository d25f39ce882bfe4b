// A sale's fingerprint: what it says, so that the same sale posted again (in other bytes) is recognised and a sale id
// posted with other content is a conflict. Keyed with this installation's secret (the `installation` table), so the
// fingerprint of an erased customer's sale cannot be brute-forced back to their phone number or e-mail address.
import { createHash, createHmac } from 'node:crypto';
import type { Sale } from '../domain/sale.js';
import type { Db } from './open.js';

/** HMAC-SHA-256 of the plain digest: also how the migration re-keyed the fingerprints stored before it. */
export const keyed = (key: string, digest: string): string => createHmac('sha256', key).update(digest).digest('hex');

/** The sale in a canonical form (keys sorted): the same meaning gives the same digest, whatever the bytes. */
const canonical = (v: unknown): unknown =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
    : Array.isArray(v) ? v.map(canonical) : v;

/**
 * The fingerprint function of this installation. The status is left out: posting a sale again as refunded is a
 * refund, not a conflict.
 */
export function fingerprinter(db: Db): (sale: Sale) => string {
  const key = db.prepare<[], string>("SELECT value FROM installation WHERE name = 'fingerprint_key'").pluck().get();
  if (!key) throw new Error('the installation has no fingerprint key: the database was not migrated');
  return ({ status: _, ...sale }) => keyed(key, createHash('sha256').update(JSON.stringify(canonical(sale))).digest('hex'));
}
