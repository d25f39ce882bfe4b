// Guessing owners' passwords, slowed. Failures are counted per address: after a few, that address waits before its next
// attempt is even looked at, twice as long after each further failure (up to 15 minutes). The owner, trying from their
// own phone, is never locked out by someone else's guessing. A shop that many addresses fail at is slowed down for
// everyone (each attempt answered a second later), never closed. Counts live in this process's memory.
import { clientKey } from '../guard.js';

const FREE = 3; // failures from an address before it has to wait
const LONGEST = 15 * 60_000;
const WINDOW = 15 * 60_000;
const BUSY_SHOP = 20; // failures at a shop within the window before its attempts are slowed

export interface LoginLimit {
  /** Milliseconds this address must still wait before its next attempt is looked at (0: go ahead). */
  wait(ip: string | undefined, now: number): number;
  /** Milliseconds to hold this attempt before answering: a shop under attack answers slowly, to everyone. */
  pause(slug: string, now: number): number;
  failed(ip: string | undefined, slug: string, now: number): void;
  succeeded(ip: string | undefined): void;
}

/** A shop's short name as typed: case, spaces and look-alike forms (full-width letters) make no other shop. */
export const normaliseSlug = (typed: unknown): string => String(typed ?? '').normalize('NFKC').trim().toLowerCase();

export function loginLimit(): LoginLimit {
  const addresses = new Map<string, { failures: number; until: number; last: number }>();
  const shops = new Map<string, number[]>();
  // A flood of addresses or names cannot grow these without end.
  const bounded = (m: Map<unknown, unknown>) => {
    if (m.size > 100_000) m.clear();
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
    failed(ip, slug, now) {
      const key = clientKey(ip);
      const a = addresses.get(key);
      const failures = a && a.last > now - WINDOW ? a.failures + 1 : 1;
      bounded(addresses);
      addresses.set(key, { failures, last: now, until: failures > FREE ? now + Math.min(LONGEST, 1000 * 2 ** (failures - FREE)) : 0 });
      bounded(shops);
      shops.set(slug, [...(shops.get(slug) ?? []).filter((t) => t > now - WINDOW), now].slice(-BUSY_SHOP));
    },
    succeeded(ip) {
      addresses.delete(clientKey(ip));
    },
  };
}
