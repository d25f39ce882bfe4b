import express, { type Request, type RequestHandler, type Response } from 'express';
import { type Shop, stillWorks } from '../db/shops.js';
import type { Store } from '../db/store.js';
import { adapters } from '../vendors/index.js';
import { basePath } from './base-path.js';
import { HttpError } from './errors.js';
import { knownInPath } from './guard.js';
import { readWithinBudget } from './reading-budget.js';
import { apiKeyMatches, verifySignature } from './signature.js';

/**
 * A sale's or refund's body, at most this many bytes once inflated (a till may send it gzip-compressed). A large
 * basket is no till's mistake (a DIY store's receipt of 600 lines is 70 to 100 KB): it is taken, the items past 200 left
 * out with a warning (sale-schema.ts), rather than the visit lost. Read within the tills' reading budget.
 */
export const SALE_BODY_LIMIT = 1024 * 1024;
const readBody = express.raw({ type: () => true, limit: SALE_BODY_LIMIT });
/** What a plain body may say it holds to be read outside the reading budget (the limit before large baskets were taken). */
const SMALL_BODY = 64 * 1024;
const compressed = (req: Request): boolean => !/^(identity)?$/i.test((req.get('content-encoding') ?? '').trim());
/** What a 413 says: what of a sale nextdeal keeps, whatever made the body large (800 lines, a long note, images). */
const tooLarge = (refund: boolean): string => `the body is larger than the ${SALE_BODY_LIMIT} bytes (1 MiB) allowed, counted uncompressed: `
  + (refund ? 'a refund body needs only "id" and "status"' : 'nextdeal reads a sale\'s fields the README lists and keeps its first 200 items (of each the name, sku, quantity and unitPrice): leave out the rest');

/** Webhook bodies are read as raw bytes (signatures cover exactly those), at most SALE_BODY_LIMIT. */
export const rawJson: RequestHandler[] = [
  // An empty body needs no type; any other body must be JSON.
  (req, _res, next) => {
    const empty = req.get('content-length') === '0' || (req.get('content-length') === undefined && req.get('transfer-encoding') === undefined);
    if (!empty && !req.is('application/json')) return next(new HttpError(415, 'unsupported_media_type', 'send the body as Content-Type: application/json'));
    // JSON is UTF-8 (RFC 8259): a body said to be latin1 or UTF-16 would be stored garbled ("caf\ufffd cr\ufffdme").
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1];
    next(charset && !/^utf-?8$/i.test(charset) ? new HttpError(415, 'unsupported_media_type', `send the body in UTF-8: Content-Type says charset=${charset.slice(0, 40)}`) : undefined);
  },
  (req, res, next) => {
    const tooLargeSaid = (err?: unknown) =>
      next((err as { type?: string } | undefined)?.type === 'entity.too.large' ? new HttpError(413, 'too_large', tooLarge(req.path.endsWith('/refund'))) : err);
    // A plain body that says it is small (every sale but a large basket's) is read as before, outside the budget: its
    // pace timer and listeners on every sale took the server's peak memory past its goal (155 MB against 148 MB with
    // this, bench/ingest.ts), for bodies the budget never held back (64 KiB at most, declared and checked by the reader).
    const length = Number(req.get('content-length'));
    if (!compressed(req) && Number.isInteger(length) && length <= SMALL_BODY) return readBody(req, res, tooLargeSaid);
    readWithinBudget(req, res, tooLargeSaid, SALE_BODY_LIMIT, readBody, compressed(req) ? SALE_BODY_LIMIT : 0);
  },
];

export const tillShop = (res: { locals: Record<string, unknown> }): Shop => res.locals.shop as Shop;

/** How the till proved it speaks for the shop: a signature binds the body, the API key binds nothing. */
export type TillCredential = 'signature' | 'apiKey';
export const tillCredential = (res: Response): TillCredential => res.locals.credential as TillCredential;

/**
 * The path a till signs for a v2 signature: the path it posted to, as in its request line, without the query. When
 * PUBLIC_URL has a path (nextdeal behind a proxy at https://example.com/nextdeal), that prefix is part of it.
 */
export function signedPath(publicUrl: string): (originalUrl: string) => string {
  const prefix = basePath(publicUrl);
  return (originalUrl) => {
    const q = originalUrl.indexOf('?');
    return prefix + (q === -1 ? originalUrl : originalUrl.slice(0, q));
  };
}

/**
 * The shop a till posts to, by the slug in its path, in any case: 404 when there is none, 410 when it left (shop disable). One found
 * is named in the log (knownInPath), what names none is not: it may be anything typed there.
 */
export async function shopForTill(store: Store, slug: string, now: number, res: Response): Promise<Shop> {
  // A slug is lower case (shop create takes no other): "Fietsenmaker" typed into a till's settings is the same shop.
  const shop = await store.shops.bySlugForWebhook(slug.toLowerCase(), now);
  if (!shop) throw new HttpError(404, 'unknown_shop', `there is no shop "${slug}"`);
  knownInPath(res, shop.slug);
  if (shop.disabledAt !== null) throw new HttpError(410, 'shop_disabled', `the shop "${shop.slug}" no longer uses nextdeal (shop disable): nothing is stored`);
  return shop;
}

/**
 * Signature headers whose name a till's developer may give their own signature too (X-Signature, Lightspeed's): the
 * vendor is named only for a shop connected to it.
 */
const AMBIGUOUS = new Set(['x-signature']);

/**
 * A vendor's own delivery (it carries that vendor's signature header) posted to the generic sale URL: the 401 says where
 * that vendor's webhooks go, or the vendor retries, then switches the webhook off, and the owner never learns why. It
 * names the header, never its value. A header of AMBIGUOUS names its vendor only when the shop is connected to it.
 */
async function vendorHere(req: Request, store: Store, publicUrl: string, shop: Shop): Promise<string | null> {
  for (const adapter of Object.values(adapters)) {
    const header = adapter.signature.headers.find((h) => req.get(h) !== undefined);
    if (header === undefined) continue;
    if (AMBIGUOUS.has(header.toLowerCase()) && !(await store.tills.connection(shop.id, adapter.vendor))) continue;
    const name = adapter.vendor[0]!.toUpperCase() + adapter.vendor.slice(1);
    return `this looks like a ${name} webhook (it has ${header}): ${name}'s webhooks go to ${publicUrl}/v1/shops/${shop.slug}/webhooks/${adapter.vendor} `
      + `(nextdeal shop connect ${adapter.vendor}; nextdeal shop show lists the URL), not to this URL, which takes the generic sale signed with Nextdeal-Signature`;
  }
  return null;
}

/**
 * Finds the shop named in the path and checks the till speaks for it: a `Nextdeal-Signature` over the raw body
 * made with the shop's webhook secret (v1: over the body; v2: over method, path and body), or
 * `Authorization: Bearer <apiKey>`. Nothing of the body is read before this.
 */
export function tillAuth(store: Store, now: () => number, publicUrl: string): RequestHandler {
  const pathOf = signedPath(publicUrl);
  return async (req, res, next) => {
    const shop = await shopForTill(store, String(req.params.slug), now(), res);
    const signature = req.get('nextdeal-signature');
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let problem: string | null;
    if (signature !== undefined) {
      const request = { method: req.method, path: pathOf(req.originalUrl) };
      const at = now();
      let check = verifySignature(signature, body, shop.webhookSecret, Math.floor(at / 1000), request);
      // The secret before a rotation, for as long as the rotation gave the till to take the new one.
      if (check === 'mismatch' && stillWorks(shop.previousWebhookSecret, shop.previousSecretUntil, at)) {
        check = verifySignature(signature, body, shop.previousWebhookSecret, Math.floor(at / 1000), request);
      }
      problem = {
        ok: null,
        malformed: 'Nextdeal-Signature must look like t=<unix seconds>,v1=<hex HMAC-SHA256> (or v2=<hex HMAC-SHA256>)',
        stale: 'Nextdeal-Signature is more than 300 seconds from now: check the till clock, or sign again',
        mismatch: 'Nextdeal-Signature does not match this body (v2: this method, path and body) and the shop webhook secret',
      }[check];
      res.locals.credential = 'signature' satisfies TillCredential;
    } else if (bearer !== undefined) {
      // The key before a rotation, for as long as the rotation gave the till to take the new one.
      const matches = apiKeyMatches(bearer, shop.apiKeyHash)
        || (stillWorks(shop.previousApiKeyHash, shop.previousKeyUntil, now()) && apiKeyMatches(bearer, shop.previousApiKeyHash));
      problem = matches ? null : 'the API key is not valid for this shop';
      res.locals.credential = 'apiKey' satisfies TillCredential;
    } else {
      problem = (await vendorHere(req, store, publicUrl, shop)) ?? 'sign the body with Nextdeal-Signature, or send Authorization: Bearer <API key>';
    }
    if (problem) {
      res.set('WWW-Authenticate', 'Bearer realm="nextdeal"');
      throw new HttpError(401, 'unauthorized', problem);
    }
    res.locals.shop = shop;
    next();
  };
}
