// POST /v1/shops/:slug/webhooks/:vendor: the webhooks real tills already send, verified the way each vendor
// signs them, read into the same sales and refunds as the generic webhook, and answered at once.
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { type Shop, stillWorks } from '../db/shops.js';
import type { Store } from '../db/store.js';
import { type Connection, type Receiving, type Vendor, vendors } from '../db/tills.js';
import { shopsOwn, withoutPlaceholders } from '../domain/placeholder-contact.js';
import { afterRefunds } from '../domain/refunds.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { adapters } from '../vendors/index.js';
import { type Action, BadPayload, type Delivery, type Reading, type VendorAdapter } from '../vendors/types.js';
import { answerJson } from './answer.js';
import { HttpError } from './errors.js';
import { knownInPath } from './guard.js';
import { readWithinBudget } from './reading-budget.js';
import { EARLIEST_SALE, clockAhead, plausibleTime } from './sale-schema.js';
import { logAhead } from './sales.js';
import { shopForTill } from './till-auth.js';

export interface TillDeps {
  store: Store;
  now: () => number;
  publicUrl: string;
  /** Runs the dispatcher soon: a customer look-up should not wait a minute. */
  wake: () => void;
  metrics?: Metrics | undefined;
  /** Where a delivery that does not match its topic is noted (never its body). */
  log?: Logger | undefined;
  /** EMAIL_FROM: the shop's own address, never a customer's. */
  emailFrom?: string | undefined;
}

/** A sale stored without a way to reach the customer gets a link to give their own details. */
export const hasContact = (c: { phone: string | null; email: string | null } | null): boolean => Boolean(c && (c.phone || c.email));

export { BODY_PACE, PER_ADDRESS, READING_BUDGET, bytesBeingRead } from './reading-budget.js';

/**
 * Each vendor's body, read as raw bytes up to what that vendor can send (Shopify 10 MiB, Zettle 256 KiB, others 1 MiB),
 * and never compressed: no till sends its deliveries so, and the budget counts the bytes as they come, which for a
 * compressed body is not what it takes once inflated (sixty gzip posts of 41 KB, each 9.5 MiB inflated, took the server
 * from 140 to 745 MB: a security review). A Content-Encoding other than identity is answered 415 before a byte is read.
 */
const readers = Object.fromEntries(vendors.map((v) => [v, express.raw({ type: () => true, limit: adapters[v].bodyLimit, inflate: false })])) as Record<Vendor, ReturnType<typeof express.raw>>;

/**
 * Why a delivery that does not verify is refused: no signature header at all (naming the one expected, and the
 * vendor's reason it may have come unsigned), or one that does not match. A till's developer sees only this.
 */
function refusal(adapter: VendorAdapter, d: Delivery): string {
  const { headers, missing } = adapter.signature;
  if (headers.some((h) => d.headers[h.toLowerCase()])) return `the ${adapter.vendor} signature does not match this body and the signing key`;
  const others = headers.length > 1 ? ` (nor ${headers.slice(1).join(', ')})` : '';
  const why = missing?.(d);
  return `the ${adapter.vendor} signature is missing: no ${headers[0]} header${others}${why ? `; ${why}` : ''}`;
}

/** Why a sale's time is none a sale can have, as a question to the till's owner (see plausibleTime). */
const unlikely = (t: number, now: number): string =>
  t > now ? 'a till clock more than a day ahead?' : t < EARLIEST_SALE ? 'dated before 2000: a till clock that was reset?' : 'not a time a till could have sold it at';

export function tillRoutes({ store, now, publicUrl, wake, metrics, log, emailFrom }: TillDeps): Router {
  // The vendor, the shop and its connection are known before a byte of the body is read; the body then only as raw
  // bytes, within the vendor's limit, and nothing of it is parsed before its signature is checked (Zettle, which signs
  // a field inside its envelope, reads that envelope within tight limits: see src/vendors/zettle.ts).
  const connectionOf = async (req: Request, res: Response, next: NextFunction) => {
    const vendor = String(req.params.vendor);
    if (!(vendors as readonly string[]).includes(vendor)) throw new HttpError(404, 'unknown_vendor', `nextdeal does not know the till "${vendor}"`);
    knownInPath(res, vendor);
    const shop = await shopForTill(store, String(req.params.slug), now(), res);
    const connection = await store.tills.connection(shop.id, vendor);
    if (!connection) throw new HttpError(404, 'not_connected', `this shop has no ${vendor} connection (nextdeal shop connect ${vendor})`);
    res.locals.shop = shop;
    res.locals.connection = connection;
    readWithinBudget(req, res, next, adapters[vendor as Vendor].bodyLimit, readers[vendor as Vendor]);
  };

  return Router().post('/v1/shops/:slug/webhooks/:vendor', connectionOf, async (req, res) => {
    const shop = res.locals.shop as Shop;
    const connection = res.locals.connection as Connection;
    const vendor = connection.vendor;
    const adapter = adapters[vendor];
    const delivery = {
      raw: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])),
      url: connection.notificationUrl ?? publicUrl + req.originalUrl,
    };
    const unsigned = adapter.unsigned?.(delivery);
    if (unsigned) return answerJson(res, 200, { ignored: unsigned });
    // The secret before the last one given still verifies for its grace hours: a vendor goes on signing with it a while.
    const previous = stillWorks(connection.previousSecret, connection.previousSecretUntil, now()) ? connection.previousSecret : null;
    if (!adapter.verify(delivery, connection.secret) && !(previous && adapter.verify(delivery, previous))) throw new HttpError(401, 'unauthorized', refusal(adapter, delivery));

    let reading: Reading;
    try {
      reading = adapter.read(delivery, shop, connection);
    } catch (err) {
      if (err instanceof BadPayload) throw new HttpError(400, 'invalid_body', err.message);
      throw err;
    }
    if (reading.kind === 'ignore') {
      if (reading.mismatch) log?.warn({ vendor, why: reading.why }, 'till delivery does not match its topic: ignored');
      // The shop's slug, never the account: a subscription pointed at the wrong shop's URL shows here.
      if (reading.foreign) log?.warn({ vendor, shop: shop.slug, why: reading.why }, "till delivery is not for this connection's account: ignored");
      if (reading.later) log?.info({ vendor, shop: shop.slug, why: reading.why }, 'till delivery is not a sale yet: ignored until the delivery that makes it one');
      return answerJson(res, 200, { ignored: reading.why });
    }
    const at = now();
    // Whatever the vendor wrote, a sale's time must be a moment nextdeal can schedule from. In a delivery of several,
    // one that has none is skipped and said so, and the others are taken. A delivery of which nothing could be read is
    // refused; one whose sales were read but all have a till clock's impossible time gets 200 and is ignored (logged):
    // sending it again cannot mend the clock, and a vendor that keeps getting a 4xx switches the webhook off, with
    // every sale after it.
    const skipped = [...(reading.skipped ?? [])];
    const timely = reading.actions.filter((action) => {
      if (action.type !== 'sale' || plausibleTime(action.sale.occurredAt, at)) return true;
      skipped.push(`sale ${action.sale.tillSaleId} has no plausible time (${unlikely(action.sale.occurredAt, at)})`);
      return false;
    });
    if (reading.actions.length === 0) throw new HttpError(400, 'invalid_body', skipped.join('; '));
    if (timely.length === 0) {
      log?.warn({ vendor, skipped: skipped.length }, 'till delivery: no sale in it has a plausible time, ignored');
      return answerJson(res, 200, { ignored: 'no sale in this delivery has a plausible time', skipped });
    }
    // The furthest ahead of the sales this delivery created (clockAhead), for the log; set again if the transaction runs twice.
    let furthest = 0;
    const vendorName = vendor[0]!.toUpperCase() + vendor.slice(1);
    const act = async (action: Action, { sales, addLookup, consentLink, keepRefund, refundsOf, withdraw }: Receiving) => {
      // No sale, only the consent its customer withdrew (a Shopify web order not paid yet): taken, nothing stored of it.
      if (action.type === 'withdraw') return { sale: action.tillSaleId, ignored: action.why, ...(await withdraw(action.customer, action.placedAt)) };
      if (action.type === 'refund') {
        const given = { status: action.status, ...(action.part && { part: action.part }) };
        const refunded = await sales.refund(shop, action.tillSaleId, given, at);
        if (refunded && refunded !== 'kept') {
          return { refunded: action.tillSaleId, ...(refunded.refunded !== undefined && { amount: refunded.refunded }), cancelled: refunded.cancelled };
        }
        // Before its sale (out of order, or the sale's delivery failed and comes again later): kept for it.
        await keepRefund(action.tillSaleId, given);
        return { refunded: action.tillSaleId, cancelled: 0, saleNotYetReceived: true };
      }
      // A sale refunded or voided before it came is stored so: nothing scheduled, nothing counted, nobody to look up.
      // One of which part was refunded is still a sale, for what was kept: nothing is scheduled, but its customer is
      // looked up, so that it counts as their visit.
      const early = action.sale.status === 'completed' ? await refundsOf(action.sale.tillSaleId) : [];
      const after = afterRefunds(action.sale.total, action.sale.currency, early);
      if (after.status !== 'completed') {
        const result = await sales.record(shop, { ...action.sale, status: after.status }, at);
        return result.outcome === 'created' ? { sale: action.sale.tillSaleId, ...result.response } : { sale: action.sale.tillSaleId, duplicate: true };
      }
      // A customer known only by the till's id waits for the look-up: a till's anonymous "walk-in" customer
      // must not become one person who keeps coming back.
      const sale = action.lookup !== undefined && !hasContact(action.sale.customer) ? { ...action.sale, customer: null } : action.sale;
      const result = await sales.record(shop, sale, at, { later: action.lookup !== undefined, refunded: after.refunded });
      if (result.outcome !== 'created') return { sale: action.sale.tillSaleId, duplicate: true };
      const { saleId } = result.response;
      // Dated ahead of nextdeal's clock, as the generic webhook says it in the vendor's own field name (clockAhead);
      // logged once the delivery is stored, and only for a sale it created.
      const ahead = clockAhead(action.sale.occurredAt, at, adapter.timeField, vendorName);
      if (ahead) furthest = Math.max(furthest, action.sale.occurredAt - at);
      const warned = ahead ? { warnings: [...(result.response.warnings ?? []), ahead] } : {};
      if (action.lookup !== undefined) {
        await addLookup(saleId, action.lookup);
        return { sale: action.sale.tillSaleId, saleId, lookup: action.lookup, ...warned };
      }
      // None for a sale refunded in part before it came: it schedules nothing to leave contact details for.
      const consentUrl = hasContact(action.sale.customer) || after.refunded !== null ? undefined : `${publicUrl}/c/${await consentLink(saleId)}`;
      return { sale: action.sale.tillSaleId, ...result.response, ...warned, ...(consentUrl && { consentUrl }) };
    };
    // One transaction: an event is marked seen only together with what it did. (Counted after it: a transaction may
    // run twice, see Db.transaction.) A customer's e-mail address that is the shop's own is not theirs: left out, as
    // the vendor's placeholders were (phoneOrNull, emailOrNull), and the sale reaches them by the other, or its link.
    const own = shopsOwn(shop, emailFrom);
    const actions = timely.map((a) => (a.type === 'sale' && a.sale.customer ? { ...a, sale: { ...a.sale, customer: withoutPlaceholders(a.sale.customer, own).customer } } : a));
    if (skipped.length > 0) log?.warn({ vendor, skipped: skipped.length }, 'till delivery: some receipts could not be read, the others were taken');
    const results = await store.tills.receive(shop.id, vendor, reading.eventId, at, async (w) => {
      furthest = 0;
      const done = [];
      for (const action of actions) done.push(await act(action, w));
      return done;
    });
    const created = (results ?? []).filter((r) => 'saleId' in r);
    if (results !== null && furthest > 0) logAhead(log, shop.slug, vendor, furthest);
    if (created.length > 0) metrics?.salesReceived.inc({ source: vendor }, created.length);
    if (created.some((r) => 'lookup' in r)) wake();
    answerJson(res, 200, results === null ? { duplicate: true } : { results, ...(skipped.length > 0 && { skipped }) });
  });
}
