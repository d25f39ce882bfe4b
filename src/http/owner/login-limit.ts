// Guessing owners' passwords, slowed. Failures are counted per address: after a few, that address waits before its next
// attempt is even looked at, twice as long after each further failure (up to 15 minutes). The owner, trying from their
// own phone, is never locked out by someone else's guessing. An attempt counts as it starts, before its password is
// checked, so guesses sent all at once wait like guesses sent one by one, and an address has one attempt under way at a
// time (one refused as busy counts too); one that succeeds is given back, and only
// that one: its address's earlier failures stay until the window ends (logging into one's own shop clears no guesses
// at another). A shop that many addresses fail at is slowed down for everyone (each attempt answered a second later),
// never closed. Counts live in this process's memory.
import { clientKey, forgetOldest } from '../guard.js';

const FREE = 3; // failures from an address before it has to wait
const LONGEST = 15 * 60_000;
const WINDOW = 15 * 60_000;
const BUSY_SHOP = 20; // failures at a shop within the window before its attempts are slowed

export interface LoginLimit {
  /** Milliseconds this address must still wait before its next attempt is looked at (0: go ahead). */
  wait(ip: string | undefined, now: number): number;
  /** Milliseconds to hold this attempt before answering: a shop under attack answers slowly, to everyone. */
  pause(slug: string, now: number): number;
  /**
   * An attempt from this address starts: counted now, as a failure until it succeeds. False when another of this
   * address's is still under way: this one is to be refused (counted all the same), and not ended.
   */
  begin(ip: string | undefined, now: number): boolean;
  /** The attempt begun alone is over: the address may start another. */
  end(ip: string | undefined): void;
  /** The attempt failed: counted against the shop as well. */
  failed(slug: string, now: number): void;
  /** The attempt succeeded: it is given back to its address. */
  succeeded(ip: string | undefined): void;
}

/** A shop's short name as typed: case, spaces and look-alike forms (full-width letters) make no other shop. */
export const normaliseSlug = (typed: unknown): string => String(typed ?? '').normalize('NFKC').trim().toLowerCase();

/** An address's count after `failures` attempts, the last at `now`: past the free ones, it waits 2 s, 4 s, 8 s… */
const counted = (failures: number, now: number) => ({
  failures,
  last: now,
  until: failures > FREE ? now + Math.min(LONGEST, 1000 * 2 ** (failures - FREE)) : 0,
});

export function loginLimit(): LoginLimit {
  const addresses = new Map<string, { failures: number; until: number; last: number }>();
  const shops = new Map<string, number[]>();
  // Addresses with an attempt under way: at most one each, so that an address holds no more than one of a shop's
  // turns at the password checks (password.ts).
  const underWay = new Set<string>();
  // A flood of addresses or names cannot grow these without end, nor clear others' counts.
  // Each key moves to the end as it is counted, so the oldest is the one counted longest ago.
  const bounded = <K, V>(m: Map<K, V>, key: K, value: V) => {
    m.delete(key);
    forgetOldest(m, 100_000);
    m.set(key, value);
  };
  return {
    wait(ip, now) {
      const a = addresses.get(clientKey(ip));
      return a && a.until > now ? a.until - now : 0;
    },
    pause(slug, now) {
      const recent = (shops.get(slug) ?? []).filter((t) => t > now - WINDOW);
      return recent.length >= BUSY_SHOP ? 1000 : 0;
    },
    begin(ip, now) {
      const key = clientKey(ip);
      const a = addresses.get(key);
      bounded(addresses, key, counted(a && a.last > now - WINDOW ? a.failures + 1 : 1, now));
      if (underWay.has(key)) return false;
      underWay.add(key);
      return true;
    },
    end(ip) {
      underWay.delete(clientKey(ip));
    },
    failed(slug, now) {
      bounded(shops, slug, [...(shops.get(slug) ?? []).filter((t) => t > now - WINDOW), now].slice(-BUSY_SHOP));
    },
    succeeded(ip) {
      const key = clientKey(ip);
      const a = addresses.get(key);
      if (a) addresses.set(key, { ...a, failures: a.failures - 1, until: a.failures - 1 > FREE ? a.until : 0 });
    },
  };
}
