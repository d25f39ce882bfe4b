// What tills' bodies may hold of the server's memory while they are read, before any of them is known to be signed: all
// told, per client, and at a pace a body must keep. Shared by the vendor webhooks and the generic sale and refund.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from './errors.js';
import { clientKey, privateAddress } from './guard.js';

/**
 * Bytes of tills' bodies (vendors' deliveries and the generic sales) this process holds at once, before any of them is
 * known to be signed. Shopify may send 10
 * MiB: twenty unsigned 10 MiB posts side by side took the server from 110 to 282 MB. What a body holds is what of it has
 * come, not the length it declares: a few slow posts declaring 10 MiB each and sending a few kilobytes held the whole
 * budget, and every shop's deliveries got 503 (a security review). A delivery whose next bytes do not fit is answered
 * 503 with Retry-After (vendors send it again later); a single body of any allowed size always fits.
 */
export const READING_BUDGET = 32 * 1024 * 1024;
let bytesInHand = 0;
/** The bytes of vendors' bodies held now, all told (tests wait on it). */
export const bytesBeingRead = (): number => bytesInHand;
/**
 * What one client (an IPv6 address by its /56, as every limit counts one) may hold of the budget: one of the largest
 * bodies, with room. Four slow posts from one address held the whole budget (operator-side review); so did a few from
 * one /64, one address each (a security review).
 */
export const PER_ADDRESS = 12 * 1024 * 1024;
const inHandOf = new Map<string, number>();
/**
 * A body must keep coming: in every `everyMs` until it is whole at least `leastBytes`, and an eighth of what it holds,
 * or it is cut off.
 */
export const BODY_PACE = { everyMs: 5000, leastBytes: 4096 };

const BUSY = 'too many deliveries are being read at once; send this one again in a few seconds';

/**
 * Reads the body with `reader` (at most `limit` bytes), counted against the budget as it comes. A compressed body
 * (`reserve`: what it may take once inflated, as the generic sale route inflates it) holds that much from its first
 * byte: what it takes is not what comes (sixty gzip posts of 41 KB, each 9.5 MiB inflated, took the server from 140 to
 * 745 MB: a security review).
 */
export function readWithinBudget(req: Request, res: Response, next: NextFunction, limit: number, reader: RequestHandler, reserve = 0): void {
  // Not for a proxy's address (TRUST_PROXY not set behind one): every till would share its 12 MiB.
  const capped = Boolean(req.app.get('trust proxy')) || !privateAddress(req.ip ?? '');
  const client = clientKey(req.ip);
  let mine = 0;
  let wire = 0;
  let done = false;
  const giveBack = () => {
    done = true;
    bytesInHand -= mine;
    const left = (inHandOf.get(client) ?? 0) - mine;
    if (left > 0) inHandOf.set(client, left);
    else inHandOf.delete(client);
    mine = 0;
  };
  /** Takes `bytes` more of the budget, or answers 503 and gives back what this body held. */
  const take = (bytes: number): boolean => {
    const ofClient = inHandOf.get(client) ?? 0;
    if ((bytesInHand > mine && bytesInHand + bytes > READING_BUDGET) || (capped && ofClient > mine && ofClient + bytes > PER_ADDRESS)) {
      giveBack();
      if (res.headersSent) return false;
      res.status(503).set('Retry-After', '5').json({ error: 'busy', message: BUSY });
      // The body's reader stops keeping it; the error it hands on, once the rest is dropped, finds the answer given.
      if (req.listenerCount('error') > 0) req.emit('error', new HttpError(503, 'busy', BUSY));
      return false;
    }
    mine += bytes;
    bytesInHand += bytes;
    inHandOf.set(client, ofClient + bytes);
    return true;
  };
  // Each piece of the body is counted as it comes; one that would take the budget past what others hold, or this
  // client's past its share, is answered 503 at once, gives back what it held, and the rest of it is read and dropped.
  let came = 0;
  req.on('data', (chunk: Buffer) => {
    came += chunk.length;
    wire += chunk.length;
    if (done) return;
    // Past the limit the reader keeps nothing (it answers 413 and drops the rest): nor does the budget.
    if (wire > limit) return giveBack();
    if (reserve === 0) take(chunk.length);
  });
  // A body that trickles (a byte every few seconds) is cut off, and what it held given back; so is one that came fast
  // and then slows, holding much: the more it holds, the more must keep coming (an eighth of it in each interval), so
  // whatever holds a large share must soon be whole. Any plain body that comes at one pace and is whole within 40 s
  // passes. A compressed body is paced by what it holds for its inflating too (an eighth of its MiB in each interval):
  // it must be whole within the first interval or come at 128 KiB in each (a sale is a few kilobytes compressed, and
  // comes in one piece; a till on a line slower than that sends it plain); paced by what of it came, 32 of them sending
  // a few kilobytes every few seconds held the whole budget for twenty minutes (the review of 15c168e).
  const pace = setInterval(() => (came < Math.max(BODY_PACE.leastBytes, mine / 8) ? req.destroy() : (came = 0)), BODY_PACE.everyMs);
  req.once('end', () => clearInterval(pace));
  res.once('close', () => {
    clearInterval(pace);
    giveBack();
  });
  if (reserve > 0 && !take(reserve)) return req.resume() as unknown as void;
  reader(req, res, next);
}
