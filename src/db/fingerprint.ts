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

/** An array index as an object key: JavaScript lists such keys first, in numeric order, whatever order they were set in. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;
const isIndex = (k: string): boolean => INDEX_KEY.test(k) && Number(k) < 4_294_967_295;

/** Object keys as JSON strings, kept: a sale has the same few keys every time (bounded, should it not). */
const quoted = new Map<string, string>();
const quote = (k: string): string => {
  let q = quoted.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quoted.size < 1000) quoted.set(k, q);
  }
  return q;
};

/**
 * The JSON of a value in a canonical form, keys sorted at every level: the same meaning gives the same text, whatever
 * the bytes. Written out directly; it is byte for byte what JSON.stringify gives of a copy of the value rebuilt with its
 * keys sorted (which is how fingerprints were made until 4 December 2026, and they are stored), without building that
 * copy: half the time a sale's fingerprint took, and less garbage. An object's toJSON is not called, as the copy had
 * none; an index-like key comes first, as it came first in the copy.
 */
export function canonicalJson(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      break;
    default:
      return JSON.stringify(v); // undefined, a function, a symbol: left out (null in an array); a bigint throws
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + (canonicalJson(v[i]) ?? 'null');
    return `${out}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  if (keys.some(isIndex)) keys.sort((a, b) => (isIndex(a) ? (isIndex(b) ? Number(a) - Number(b) : -1) : isIndex(b) ? 1 : 0));
  let out = '{';
  let first = true;
  for (const k of keys) {
    const value = canonicalJson(o[k]);
    if (value === undefined) continue;
    out += `${first ? '' : ','}${quote(k)}:${value}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * A sale's fingerprint under `key`. The status is left out: posting a sale again as refunded is a refund, not a conflict.
 * So is whether it is shipped, which nextdeal reads from the order (since 6 December 2026): an order stored before, sent
 * again, is the same sale.
 */
export const fingerprint = (key: string, { status: _, shipped: __, ...sale }: Sale): string =>
  keyed(key, createHash('sha256').update(canonicalJson(sale)!).digest('hex'));
