// Owner passwords: scrypt with a random salt, slow on purpose; checked in constant time. Each hash carries its own
// parameters ("scrypt$N$r$p$salt$hash"), so raising the cost never breaks a stored hash: a hash made with less is
// checked with what it was made with, and upgraded at the owner's next login (needsRehash).
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

/**
 * One scrypt at a time in this process. Each takes 128 MiB, and logins come side by side, an attacker's too: four at
 * once (libuv's threads) took the server from 110 to 621 MB. Checks wait by the shop they are for, and the shops take
 * turns (each shop's next check, then each one's after that): with one queue for all, 60 addresses guessing at made-up
 * shops kept it full, and the real owner was answered "busy" at every try (a security review). Now an owner's check
 * waits for at most one check of each other shop being tried at that moment.
 */
const lanes = new Map<string, (() => void)[]>();
let running = false;
/** How long the last check took: what a check of a shop that does not exist seems to take (seemToVerify). */
let lastCheckMs: number | undefined;
const nextTurn = () => {
  if (running) return;
  const first = lanes.entries().next().value;
  if (!first) return;
  const [lane, waiting] = first;
  lanes.delete(lane);
  if (waiting.length > 1) lanes.set(lane, waiting.slice(1)); // behind every other shop's
  running = true;
  waiting[0]!();
};
const scrypt = (lane: string, ...args: Parameters<typeof scryptAsync>): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const run = () => {
      const started = performance.now();
      scryptAsync(...args)
        .then(resolve, reject)
        .finally(() => {
          lastCheckMs = performance.now() - started;
          running = false;
          nextTurn();
        });
    };
    lanes.set(lane, [...(lanes.get(lane) ?? []), run]);
    nextTurn();
  });

/**
 * Checks for one shop's name waiting or under way beyond which a login for it is refused at once (PasswordsBusy),
 * rather than queued: the owner and one other, so that nobody's guessing fills a queue the owner waits behind (a flood
 * made the owner's own login wait 47 s: the operator-side review). Names that are no shop count as shops do. A device
 * the owner logged in from before counts apart (src/http/owner/auth.ts), so that guesses at the shop do not keep it out.
 */
export const PER_SHOP = 2;
const underWay = new Map<string, number>();
export class PasswordsBusy extends Error {}
/** Checks for this shop's name waiting or under way now (the tests wait for one to have begun). */
export const checksUnderWay = (shop: string): number => underWay.get(shop) ?? 0;
/** Whether a check for this shop's name now would be refused (PasswordsBusy). */
export const passwordsBusy = (shop: string): boolean => (underWay.get(shop) ?? 0) >= PER_SHOP;
/** Runs `check` counted as under way for `shop`; PasswordsBusy when PER_SHOP are already. */
async function counted<T>(shop: string, check: () => Promise<T>): Promise<T> {
  if (passwordsBusy(shop)) throw new PasswordsBusy('too many password checks waiting for this shop');
  underWay.set(shop, (underWay.get(shop) ?? 0) + 1);
  try {
    return await check();
  } finally {
    const left = underWay.get(shop)! - 1;
    if (left > 0) underWay.set(shop, left);
    else underWay.delete(shop);
  }
}

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
  const hash = await scrypt('', password, salt, 32, { N, r, p, maxmem: maxmem(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

const parse = (stored: string | null) => {
  const [kind, n, r, p, salt, hash] = (stored ?? '').split('$');
  const N = Number(n), R = Number(r), P = Number(p);
  const sane = kind === 'scrypt' && salt && hash && Number.isInteger(Math.log2(N)) && N <= 2 ** 20 && R >= 1 && R <= 32 && P >= 1 && P <= 16;
  return sane ? { N, r: R, p: P, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') } : null;
};

/** A check at today's cost against no hash: as long as a real one, and always false. */
const againstNothing = (password: string, shop: string) => {
  const { N, r, p } = passwordCost;
  return scrypt(shop, password, Buffer.alloc(16), 32, { N, r, p, maxmem: maxmem(N, r) });
};
/** Until a check has been timed (a process just started), the first name that is no shop is checked against nothing. */
let firstTiming: Promise<unknown> | undefined;

/** Checks `password` against a hash of `shop`'s (its name as typed: it takes that shop's turns); PasswordsBusy when PER_SHOP wait. */
export function verifyPassword(password: string, stored: string | null, shop = ''): Promise<boolean> {
  return counted(shop, async () => {
    const h = parse(stored);
    if (!h) {
      // Spend the same time as a real check, so a shop without a password does not answer faster.
      await againstNothing(password, shop);
      return false;
    }
    const actual = await scrypt(shop, password, h.salt, h.hash.length, { N: h.N, r: h.r, p: h.p, maxmem: maxmem(h.N, h.r) });
    return timingSafeEqual(actual, h.hash);
  });
}

/**
 * For a name that is no shop: false, after about as long as a check for a shop of its own would take now (its turn
 * after one of each shop waiting, then the check), without taking a turn, so that guesses at made-up names keep no owner
 * waiting. It counts toward the name's PER_SHOP as a check does: neither the answer, nor a busy one, nor (roughly) the
 * time tells whether a name is a shop. Until a check has been timed, the first is a real check against nothing and the
 * others wait for it too (all of them real checks kept an owner who came just after a restart waiting a minute).
 */
export function seemToVerify(password: string, shop: string): Promise<false> {
  return counted(shop, async (): Promise<false> => {
    if (lastCheckMs === undefined) {
      const first = !firstTiming;
      await (firstTiming ??= againstNothing(password, shop).catch(() => undefined));
      if (first) return false;
    }
    const turns = lanes.size + (running ? 0.5 : 0) + 1;
    await new Promise((done) => setTimeout(done, (lastCheckMs ?? 0) * turns));
    return false;
  });
}

/** Whether a stored hash was made with less than today's cost (to be made again at the next successful login). */
export function needsRehash(stored: string): boolean {
  const h = parse(stored);
  return !h || h.N < passwordCost.N || h.r < passwordCost.r;
}
