// Guessing owners' passwords, slowed. Failures are counted per address: after a few, that address waits before its next
// attempt is even looked at, twice as long after each further failure (up to 15 minutes). The owner, trying from their
// own phone, is never locked out by someone else's guessing. An attempt counts as it starts, before its password is
// checked, so guesses sent all at once wait like guesses sent one by one, and an address has one attempt under way at a
// time (one refused as busy counts too); one that succeeds is given back, and only
// that one: its address's earlier failures stay until the window ends (logging into one's own shop clears no guesses
// at another). A shop that many addresses fail at is slowed down for everyone (each attempt answered a second later),
// never closed. The counts and waits live in the database (src/db/login-limits.ts), so every instance on it counts the
// same failures: guesses spread over n instances behind a load balancer wait as guesses sent to one do. Two things are
// this process's own: "one attempt under way per address" (an attempt cut off by a crash would otherwise leave its
// address busy in the database; with n instances an address may have one under way at each, each counted all the
// same), and the failures at a name that is no shop, which only make its answers as slow as a shop's would be: kept
// in the database, what was typed there (an owner's password, by mistake) would be kept too.
// The database unavailable, nothing is looked at: the login fails as the owner's pages do then (503), never open.
import { type LoginLimitStore, WINDOW } from '../../db/login-limits.js';
import { clientKey, forgetOldest } from '../guard.js';

const BUSY_SHOP = 20; // failures at a shop within the window before its attempts are slowed

export interface LoginLimit {
  /** Milliseconds this address must still wait before its next attempt is looked at (0: go ahead). */
  wait(ip: string | undefined, now: number): Promise<number>;
  /**
   * Milliseconds to hold this attempt before answering: a shop under attack answers slowly, to everyone. `at`: the
   * shop's id, or the name typed when it is no shop's.
   */
  pause(at: number | string, now: number): Promise<number>;
  /**
   * An attempt from this address starts: counted now, as a failure until it succeeds, unless the address must still
   * wait (`wait` > 0: refused, not counted; a guess sent at the same moment to another instance may have made it wait).
   * `alone` false when another of this address's is still under way here: this one is to be refused (counted all the
   * same), and not ended.
   */
  begin(ip: string | undefined, now: number): Promise<{ wait: number; alone: boolean }>;
  /** The attempt begun alone is over: the address may start another. */
  end(ip: string | undefined): void;
  /** The attempt failed: counted against the shop (its id), or the name typed when it is no shop's, as well. */
  failed(at: number | string, now: number): Promise<void>;
  /** The attempt succeeded: it is given back to its address. */
  succeeded(ip: string | undefined): Promise<void>;
}

/**
 * A shop's short name as typed: case, spaces and look-alike forms (full-width letters) make no other shop, and control
 * characters are no part of one (nor can a name typed make the turns of a known device: auth.ts).
 */
export const normaliseSlug = (typed: unknown): string => String(typed ?? '').normalize('NFKC').replace(/\p{Cc}/gu, '').trim().toLowerCase();

export function loginLimit(counts: LoginLimitStore): LoginLimit {
  // Addresses with an attempt under way here: at most one each, so that an address holds no more than one of a shop's
  // turns at the password checks (password.ts). Emptied as each attempt ends, so it holds no more than the attempts
  // under way.
  const underWay = new Set<string>();
  // Failures at names that are no shop's, each name's latest BUSY_SHOP. A flood of names cannot grow this without end,
  // nor clear others' counts: each name moves to the end as it is counted, and the one counted longest ago goes first.
  const names = new Map<string, number[]>();
  const recentAt = (name: string, now: number) => (names.get(name) ?? []).filter((t) => t > now - WINDOW);
  return {
    async wait(ip, now) {
      const until = await counts.until(clientKey(ip));
      return until > now ? until - now : 0;
    },
    async pause(at, now) {
      const recent = typeof at === 'number' ? await counts.recentFailures(at, now, BUSY_SHOP) : recentAt(at, now).length;
      return recent >= BUSY_SHOP ? 1000 : 0;
    },
    async begin(ip, now) {
      const key = clientKey(ip);
      if ((await counts.count(key, now)) === null) return { wait: Math.max(1, (await counts.until(key)) - now), alone: false };
      if (underWay.has(key)) return { wait: 0, alone: false };
      underWay.add(key);
      return { wait: 0, alone: true };
    },
    end(ip) {
      underWay.delete(clientKey(ip));
    },
    async failed(at, now) {
      if (typeof at === 'number') return counts.failed(at, now, BUSY_SHOP);
      const recent = [...recentAt(at, now), now].slice(-BUSY_SHOP);
      names.delete(at);
      forgetOldest(names, 100_000);
      names.set(at, recent);
    },
    succeeded: (ip) => counts.giveBack(clientKey(ip)),
  };
}
