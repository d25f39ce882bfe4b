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

const hmacHex = (secret: string, ...parts: (string | Buffer)[]): string => {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
};

/** The `Nextdeal-Signature` value for `body` at unix time `t`: `t=<t>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function sign(secret: string, body: string | Buffer, t: number | string): string {
  return `t=${t},v1=${hmacHex(secret, `${t}.`, body)}`;
}

/**
 * The v2 value, bound to the request as well as the body: `t=<t>,v2=<hex HMAC-SHA256 of "<t>.<METHOD>.<path>.<body>">`.
 * `path` is the path the till posts to, exactly as in its request line (percent-encoding as sent), without the
 * query string: `/v1/shops/fietsenmaker/sales/till-0001/refund`. A v2 signature made for one endpoint or one sale
 * does not verify on another.
 */
export function signV2(secret: string, method: string, path: string, body: string | Buffer, t: number | string): string {
  return `t=${t},v2=${hmacHex(secret, `${t}.${method.toUpperCase()}.${path}.`, body)}`;
}

export type SignatureCheck = 'ok' | 'malformed' | 'stale' | 'mismatch';

/** The request a v2 signature is checked against: its method and the path the till signed. */
export interface SignedRequest {
  method: string;
  path: string;
}

/**
 * Checks a `Nextdeal-Signature` header: `t=` and one or more `v1=` (over the body) or `v2=` (over method, path and
 * body) values; any one matching is enough, so a secret can be rotated. v2 values are checked only when the request
 * is given.
 */
export function verifySignature(header: string, body: Buffer, secret: string, nowSeconds: number, request?: SignedRequest): SignatureCheck {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const given = (scheme: string) => parts.filter(([k, v]) => k === scheme && v).map(([, v]) => v!.toLowerCase());
  const v1 = given('v1');
  const v2 = request ? given('v2') : [];
  if (!t || !/^\d{1,12}$/.test(t) || v1.length + v2.length === 0) return 'malformed';
  if (Math.abs(nowSeconds - Number(t)) > SIGNATURE_TOLERANCE) return 'stale';
  if (v1.length > 0) {
    const expected = hmacHex(secret, `${t}.`, body);
    if (v1.some((v) => safeEqual(v, expected))) return 'ok';
  }
  if (v2.length > 0 && request) {
    const expected = hmacHex(secret, `${t}.${request.method.toUpperCase()}.${request.path}.`, body);
    if (v2.some((v) => safeEqual(v, expected))) return 'ok';
  }
  return 'mismatch';
}

/** Checks an API key against the stored hash. */
export const apiKeyMatches = (key: string, storedHash: string): boolean => safeEqual(hashApiKey(key), storedHash);
