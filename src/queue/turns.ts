// Shops take turns in the dispatcher's claims. The queue was one line for the whole installation, oldest first: a big
// shop's 50,000 check-ins due at 10:00 went before the 315 of 105 small shops due at the same 10:00 (the vendor's
// review), which with a real provider waited minutes to hours for them, into their quiet hours. Now each claim takes
// the first messages due of a few shops in turn, and one shop's backlog takes what the others leave of it.
import type { QueueOps } from '../db/queue.js';

/**
 * The claims of one drain (attempt.ts drain), the shops taking turns. The shops with messages due are read once, at
 * the drain's first claim (a tick's `now` does not move: what is due is what was due then); each claim then names the
 * next `limit` of them, round and round, each bringing up to its share of the claim (`limit` over the shops named,
 * at least one), a shop's first before any shop's second; what they leave is filled from the oldest due of all, as
 * before. With one shop or none due, a claim is the plain one. Messages of a shop that had none due when the drain
 * began are claimed from the oldest due of all, as before, until the next tick names it too.
 */
export function takingTurns(queue: Pick<QueueOps, 'claim' | 'claimInTurn' | 'dueShops'>): Pick<QueueOps, 'claim'> {
  let shops: number[] | null = null;
  let next = 0;
  return {
    async claim(now, limit, claimedAt = now) {
      shops ??= await queue.dueShops(now);
      if (shops.length < 2) return queue.claim(now, limit, claimedAt);
      const named: number[] = [];
      for (let i = 0; i < Math.min(limit, shops.length); i++) named.push(shops[(next + i) % shops.length]!);
      next = (next + named.length) % shops.length;
      return queue.claimInTurn(now, limit, claimedAt, named, Math.ceil(limit / named.length));
    },
  };
}
