// Authenticating a till: an HMAC over the exact bytes it sent, or its API key. Both compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { hashApiKey } from '../db/shops.js';

/** Seconds a signature stays valid either side of now: a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE = 300;

export const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The `Nextdeal-Signature` value for `body` at unix time `t`: `t=<t>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function sign(secret: string, body: string | Buffer, t: number | string): string {
  const mac = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
  return `t=${t},v1=${mac}`;
}

export type SignatureCheck = 'ok' | 'malformed' | 'stale' | 'mismatch';

/** Checks a `Nextdeal-Signature` header; several v1= values are allowed, so a secret can be rotated. */
export function verifySignature(header: string, body: Buffer, secret: string, nowSeconds: number): SignatureCheck {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const given = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
  if (!t || !/^\d{1,12}$/.test(t) || given.length === 0) return 'malformed';
  if (Math.abs(nowSeconds - Number(t)) > SIGNATURE_TOLERANCE) return 'stale';
  const expected = sign(secret, body, t).slice(`t=${t},v1=`.length);
  return given.some((v) => safeEqual(v.toLowerCase(), expected)) ? 'ok' : 'mismatch';
}

/** Checks an API key against the stored hash. */
export const apiKeyMatches = (key: string, storedHash: string): boolean => safeEqual(hashApiKey(key), storedHash);
