// A sale's fingerprint: what it says, so that the same sale posted again (in other bytes) is recognised and a sale id
// posted with other content is a conflict. Keyed with this installation's secret (the `installation` table), so the
// fingerprint of an erased customer's sale cannot be brute-forced back to their phone number or e-mail address.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Sale } from '../domain/sale.js';
import { type Db, sql } from './sql.js';

/** HMAC-SHA-256 of the plain digest: also how migration 11 re-keyed the fingerprints stored before it. */
export const keyed = (key: string, digest: string): string => createHmac('sha256', key).update(digest).digest('hex');

const q = {
  key: sql("SELECT value FROM installation WHERE name = 'fingerprint_key'"),
  newKey: sql("INSERT INTO installation (name, value) VALUES ('fingerprint_key', ?) ON CONFLICT DO NOTHING"),
};

/** The installation's secret the fingerprints are keyed with; made the first time it is needed. */
export async function fingerprintKey(db: Db): Promise<string> {
  const key = await db.value<string>(q.key);
  if (key) return key;
  await db.run(q.newKey, [randomBytes(32).toString('base64url')]);
  return (await db.value<string>(q.key))!;
}

/**
 * fingerprintKey(db), read once for a store: a read that failed (a connection dropped at the first sale) is tried again
 * by the next caller.
 */
export function cachedKey(db: Db): () => Promise<string> {
  let key: Promise<string> | undefined;
  return () =>
    (key ??= fingerprintKey(db).catch((err: unknown) => {
      key = undefined;
      throw err;
    }));
}

/** The sale in a canonical form (keys sorted): the same meaning gives the same digest, whatever the bytes. */
const canonical = (v: unknown): unknown =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
    : Array.isArray(v) ? v.map(canonical) : v;

/** A sale's fingerprint under `key`. The status is left out: posting a sale again as refunded is a refund, not a conflict. */
export const fingerprint = (key: string, { status: _, ...sale }: Sale): string =>
  keyed(key, createHash('sha256').update(JSON.stringify(canonical(sale))).digest('hex'));
