// Shops take turns in the dispatcher's claims. The queue was one line for the whole installation, oldest first: one
// shop's 100,000 check-ins due at 10:00 (an import, a chain's morning) went before those of every other shop due at
// the same 10:00, which with a real provider waited hours for them, into their quiet hours. Now each claim takes the
// first messages due of a few shops in turn, and one shop's backlog takes what the others leave of it.
import type { QueueOps } from '../db/queue.js';

/**
 * The claims of one drain (attempt.ts drain), the shops taking turns. The shops with messages due are read once, at
 * the drain's first claim (a tick's `now` does not move: what is due is what was due then); each claim then names the
 * next `limit` of them, round and round, each bringing up to its share of the claim (`limit` over the shops named, at
 * least one), a shop's first before any shop's second; what they leave is filled from the oldest due of all, as
 * before. A shop named that brought nothing (it has nothing due any more, or another instance took it) is named no
 * more in this drain, so a drain through one shop's backlog soon claims the plain way again: with one shop or none
 * left, a claim is the plain one. Messages of a shop that had none due when the drain began are claimed from the
 * oldest due of all, as before, until the next tick names it too.
 */
export function takingTurns(queue: Pick<QueueOps, 'claim' | 'claimInTurn' | 'dueShops'>): Pick<QueueOps, 'claim'> {
  // The shops still taking turns, the next to be named first: those named go to the back after each claim.
  let shops: number[] | null = null;
  return {
    async claim(now, limit, claimedAt = now) {
      shops ??= await queue.dueShops(now);
      if (shops.length < 2) return queue.claim(now, limit, claimedAt);
      const named = shops.slice(0, limit);
      const rows = await queue.claimInTurn(now, limit, claimedAt, named, Math.ceil(limit / named.length));
      const brought = new Set(rows.map((r) => r.shop));
      shops = [...shops.slice(named.length), ...named.filter((shop) => brought.has(shop))];
      const ids = rows.map((r) => r.id);
      // Short because another instance holds the rows it picked (PostgreSQL, SKIP LOCKED): filled the plain way, so that
      // a drain does not end on an empty claim while messages are due.
      if (ids.length < limit) ids.push(...(await queue.claim(now, limit - ids.length, claimedAt)));
      return ids;
    },
  };
}
