// The counts behind the limits against guessing owners' passwords (src/http/owner/login-limit.ts), shared by every
// instance on the database. An address is kept only as an HMAC under the installation's secret (fingerprint.ts): what
// is counted is looked up, never read back. A shop's failures are kept by its id: nothing typed is kept, for the key
// sits in the same database, and a password typed into the name field would be confirmed at an HMAC's cost, not a
// password hash's. Each count changes in one statement, so two instances counting the same address at once both count.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { cachedKey, keyed } from './fingerprint.js';
import { type Db, sql } from './sql.js';

/** Failures from an address before it has to wait. */
export const FREE = 3;
/** The longest an address waits. */
export const LONGEST = 15 * 60_000;
/** How long a failure counts: an address's count starts again this long after its last attempt. */
export const WINDOW = 15 * 60_000;
/** What the sweep leaves on top of the window: an instance whose clock is behind the sweeper's keeps its counts. */
const MARGIN = 5 * 60_000;

// An address's count after this attempt, and until when it must wait then: past the free ones 2 s, 4 s, 8 s… up to
// LONGEST (1000 << 10 is past it).
const next = 'CASE WHEN login_addresses.last_at > @since THEN login_addresses.failures + 1 ELSE 1 END';
const waitAfter = (n: string) => `CASE WHEN ${n} <= ${FREE} THEN 0
  WHEN ${n} - ${FREE} >= 10 THEN CAST(@now AS BIGINT) + ${LONGEST}
  ELSE CAST(@now AS BIGINT) + (1000 << (${n} - ${FREE})) END`;

const q = {
  until: sql<number>('SELECT until_at FROM login_addresses WHERE address_hash = ?'),
  // Counted unless the address must still wait (then nothing is returned, and nothing changed).
  count: sql<number>(`INSERT INTO login_addresses (address_hash, failures, last_at, until_at) VALUES (@address, 1, @now, 0)
    ON CONFLICT (address_hash) DO UPDATE SET failures = ${next}, last_at = excluded.last_at, until_at = ${waitAfter(next)}
    WHERE login_addresses.until_at <= excluded.last_at
    RETURNING failures`),
  // Given back: one failure fewer; a wait it had begun stays unless the address is back among the free ones.
  giveBack: sql(`UPDATE login_addresses SET failures = failures - 1, until_at = CASE WHEN failures - 1 > ${FREE} THEN until_at ELSE 0 END
    WHERE address_hash = ? AND failures > 0`),
  failed: sql('INSERT INTO login_failures (shop_id, at) VALUES (?, ?)'),
  // The shop's failures past the window, and those older than the `kept` latest: a shop guessed at all day keeps a few rows.
  trim: sql(`DELETE FROM login_failures WHERE shop_id = @shopId AND (at <= @since
    OR at < (SELECT at FROM login_failures WHERE shop_id = @shopId ORDER BY at DESC LIMIT 1 OFFSET @kept))`),
  // How many failed at the shop since then, counted up to `most` (a shop under attack has no more rows to read).
  failures: sql<number>('SELECT count(*) FROM (SELECT 1 FROM login_failures WHERE shop_id = ? AND at > ? LIMIT ?) recent'),
  expiredAddresses: sql('DELETE FROM login_addresses WHERE last_at <= ? AND until_at <= ?'),
  expiredFailures: sql('DELETE FROM login_failures WHERE at <= ?'),
};

export function loginLimitStore(db: Db) {
  const key = cachedKey(db);
  const hashed = async (address: string) => keyed(await key(), `login address:${address}`);
  return {
    /** Until when the address (clientKey) must wait before its next attempt is looked at: 0 when it need not. */
    until: async (address: string): Promise<number> => Number((await db.value<number>(q.until, [await hashed(address)])) ?? 0),
    /**
     * An attempt from the address starts: counted, as a failure until it is given back, and the address's count is
     * returned; null when the address must still wait (not counted: nothing was looked at).
     */
    async count(address: string, now: number): Promise<number | null> {
      const counted = await db.value<number>(q.count, { address: await hashed(address), now, since: now - WINDOW });
      return counted === undefined ? null : Number(counted);
    },
    /** An attempt that succeeded is no failure: given back to its address. */
    giveBack: async (address: string) => void (await db.run(q.giveBack, [await hashed(address)])),
    /** An attempt at the shop failed; older failures than the `kept` latest within the window go. */
    async failed(shopId: number, now: number, kept: number): Promise<void> {
      await db.run(q.failed, [shopId, now]);
      await db.run(q.trim, { shopId, since: now - WINDOW, kept: kept - 1 });
    },
    /**
     * A device the shop's owner logged in from: the value of its cookie, a nonce and its HMAC under the installation's
     * secret, over the shop's password hash as it is now (nothing kept: it is checked, never looked up). It gives a login
     * turns of its own at the password checks (src/http/owner/auth.ts), never the password; a new password makes every
     * device unknown again (someone who once knew the old one, an ex-employee, keeps no turns of the owner's).
     */
    async device(shopId: number, passwordHash: string): Promise<string> {
      const nonce = randomBytes(12).toString('base64url');
      return `${nonce}.${keyed(await key(), `owner device:${shopId}:${nonce}:${passwordHash}`)}`;
    },
    /** The device's nonce when a cookie's value is one `device` made for this shop and password (constant time), else null. */
    async knownDevice(shopId: number, passwordHash: string | null, value: string | undefined): Promise<string | null> {
      const [nonce, mac, ...rest] = (value ?? '').split('.');
      if (!nonce || !mac || rest.length > 0 || passwordHash === null) return null;
      const expected = Buffer.from(keyed(await key(), `owner device:${shopId}:${nonce}:${passwordHash}`));
      const given = Buffer.from(mac);
      return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
    },
    /** How many attempts at the shop failed within the window before `now`, counted up to `most`. */
    recentFailures: async (shopId: number, now: number, most: number): Promise<number> =>
      Number((await db.value<number>(q.failures, [shopId, now - WINDOW, most])) ?? 0),
  };
}
export type LoginLimitStore = ReturnType<typeof loginLimitStore>;

/** Counts whose window is over, deleted (the sweep, each minute): a flood of addresses or names leaves nothing behind. */
export async function forgetOldLogins(tx: Db, now: number): Promise<void> {
  await tx.run(q.expiredAddresses, [now - WINDOW - MARGIN, now]);
  await tx.run(q.expiredFailures, [now - WINDOW - MARGIN]);
}
