// The look in the database after a send's wait for its turn at the provider (src/channels/last-look.ts afterWait),
// shared. Behind a backlog nearly every send waits (a claim is 64, Twilio takes 32 at once): one query each took the
// dispatcher's CPU a message from 335-357 µs to 392-511 on SQLite (bench/NOTES.md). A send now goes on a look no
// older than LOOKED_AT_WITHIN_MS, as one that went at once goes on its batch's, read milliseconds before; the look is
// taken again only when the last one is older, and then for every send of the tick still waiting at once, by primary
// keys: sends whose turns come together, or soon after each other, pay one query for all, not one each.
import { type LastLook, waitingLooks } from '../channels/last-look.js';

/**
 * How old the look at a waiting send's message (its customer's consent, STOP, erasure, the sale, the shop) may be when
 * its turn comes: a STOP confirmed to her longer ago than this is seen before her message goes. About the time
 * between a batch's read and the first of its sends that go at once, under load.
 */
export const LOOKED_AT_WITHIN_MS = 50;

/** One send handed over: what its look needs (`key`), and its last look, when it was taken and what it found. */
export interface Look<K, R> {
  key: K;
  /** The clock's time when its last look began (first: its batch's read, which found it to go). */
  at: number;
  /** What that look found; undefined while it is its batch's read. */
  found?: Promise<R>;
  /** The send's last look as its channel has it (see waitingLooks), once handed over. */
  lastLook?: LastLook;
}

/**
 * The sends of a tick handed over to their channels, and the looks after their waits. `lookAt` reads the keys given, in
 * their order; `clock` counts milliseconds (a send must not go on a look older than `withinMs` by it).
 */
export function sharedLooks<K, R>(lookAt: (keys: K[]) => Promise<R[]>, withinMs = LOOKED_AT_WITHIN_MS, clock = elapsed()) {
  const handedOver = new Map<LastLook, Look<K, R>>();
  // When the last send had its turn: turns that come further apart than the bound share no look (each would be too old
  // by the next), and one each reads one row, not every send still waiting (their review: behind a mail server answering
  // in 200 ms, 60 e-mails waiting read 30 rows each).
  let lastTurn: number | undefined;
  return {
    clock,
    /** A send whose batch's read began at `at` (by `clock`, taken before the read), which found it to go. */
    of: (key: K, at: number): Look<K, R> => ({ key, at }),
    /** The send is with its channel, waiting for its turn or going. */
    handed(look: Look<K, R>, lastLook: LastLook): void {
      look.lastLook = lastLook;
      handedOver.set(lastLook, look);
    },
    /** The send is done: gone, or stopped. */
    done: (look: Look<K, R>): void => void (look.lastLook && handedOver.delete(look.lastLook)),
    /**
     * At a send's turn after a wait: undefined when its last look is its batch's and recent enough, else what a look
     * taken within `withinMs` found: taken now if the last was older, for it and every send still waiting (for it
     * alone when the turn before came `withinMs` or more ago: turns that far apart share nothing).
     */
    at(look: Look<K, R>): Promise<R> | undefined {
      const now = clock();
      const apart = lastTurn !== undefined && now - lastTurn >= withinMs;
      lastTurn = now;
      if (now - look.at < withinMs) return look.found;
      const waiting = apart ? new Set<LastLook>() : waitingLooks();
      const those = [look, ...[...handedOver.values()].filter((other) => other !== look && waiting.has(other.lastLook!))];
      const found = lookAt(those.map((l) => l.key));
      those.forEach((l, i) => {
        l.at = now;
        const mine = (l.found = found.then((r) => r[i] as R));
        // Failed (the database, for a moment), it fails the sends whose turns came while it was under way (put back:
        // src/queue/attempt.ts); the others, their turns still to come, look again themselves.
        mine.catch(() => {
          if (l.found === mine) [l.at, l.found] = [-Infinity, undefined];
        });
      });
      return look.found;
    },
  };
}

/**
 * Milliseconds since it was made, by the monotonic clock or the wall clock, the more: a paused VM's monotonic clock
 * may not count the pause, and a send frozen through it must not take the look before it for a recent one.
 */
function elapsed(): () => number {
  const began = performance.now();
  const wall = Date.now();
  return () => Math.max(performance.now() - began, Date.now() - wall);
}
