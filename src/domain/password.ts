// Owner passwords: scrypt with a random salt, slow on purpose; checked in constant time. Each hash carries its own
// parameters ("scrypt$N$r$p$salt$hash"), so raising the cost never breaks a stored hash: a hash made with less is
// checked with what it was made with, and upgraded at the owner's next login (needsRehash).
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

/**
 * One scrypt at a time in this process. Each takes 128 MiB, and logins come side by side, an attacker's too: four at
 * once (libuv's threads) took the server from 110 to 621 MB. The owner's login waits a few hundred ms more at worst.
 */
let last: Promise<unknown> = Promise.resolve();
let queued = 0;
const scrypt: typeof scryptAsync = (...args) => {
  queued++;
  const run = last.then(() => scryptAsync(...args)).finally(() => queued--);
  last = run.catch(() => undefined);
  return run;
};

/**
 * Checks waiting their turn beyond which a login is refused at once (PasswordsBusy), rather than queued: a flood of
 * guesses from many addresses made the owner's own login wait 47 s (the operator-side review). Eight are a few
 * seconds' work.
 */
export const MOST_WAITING = 8;
export class PasswordsBusy extends Error {}
/** Whether a check now would be refused (PasswordsBusy): asked before an attempt is counted against its address. */
export const passwordsBusy = (): boolean => queued >= MOST_WAITING;

/**
 * The cost of new hashes: N = 2^17, r = 8 (OWASP's recommendation for scrypt), about 128 MiB and a few hundred
 * milliseconds per check. Tests lower it (test/setup.ts) so a suite of logins stays fast; stored hashes keep theirs.
 */
export const PRODUCTION_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
export const passwordCost: { N: number; r: number; p: number } = { ...PRODUCTION_COST };
/** Memory scrypt may use: 128 × N × r bytes, with room. */
const maxmem = (N: number, r: number) => 256 * N * r;

export const MIN_PASSWORD = 10;

/** "scrypt$N$r$p$salt$hash", all a verifier needs. */
export async function hashPassword(password: string, cost = passwordCost): Promise<string> {
  const { N, r, p } = cost;
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, { N, r, p, maxmem: maxmem(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

const parse = (stored: string | null) => {
  const [kind, n, r, p, salt, hash] = (stored ?? '').split('$');
  const N = Number(n), R = Number(r), P = Number(p);
  const sane = kind === 'scrypt' && salt && hash && Number.isInteger(Math.log2(N)) && N <= 2 ** 20 && R >= 1 && R <= 32 && P >= 1 && P <= 16;
  return sane ? { N, r: R, p: P, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') } : null;
};

/** Throws PasswordsBusy when MOST_WAITING checks wait already. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (passwordsBusy()) throw new PasswordsBusy('too many password checks waiting');
  const h = parse(stored);
  if (!h) {
    // Spend the same time as a real check, so a shop without a password does not answer faster.
    const { N, r, p } = passwordCost;
    await scrypt(password, Buffer.alloc(16), 32, { N, r, p, maxmem: maxmem(N, r) });
    return false;
  }
  const actual = await scrypt(password, h.salt, h.hash.length, { N: h.N, r: h.r, p: h.p, maxmem: maxmem(h.N, h.r) });
  return timingSafeEqual(actual, h.hash);
}

/** Whether a stored hash was made with less than today's cost (to be made again at the next successful login). */
export function needsRehash(stored: string): boolean {
  const h = parse(stored);
  return !h || h.N < passwordCost.N || h.r < passwordCost.r;
}
