// Owner passwords at the production cost, and hashes made at another cost.
import { describe, expect, it } from 'vitest';
import { PER_SHOP, PRODUCTION_COST, PasswordsBusy, hashPassword, needsRehash, passwordCost, seemToVerify, verifyPassword } from '../../src/domain/password.js';

describe('owner passwords', () => {
  // A flood of guesses from many addresses made the owner's own login wait 47 s behind them (operator-side review); one
  // queue for all, kept full by guesses at made-up names, answered the owner "busy" at every try (a security review).
  it(`refuse a check at once while ${PER_SHOP} for the same shop are under way, never one for another shop`, async () => {
    const stored = await hashPassword('correct horse battery');
    const waiting = Array.from({ length: PER_SHOP }, () => verifyPassword('guess', stored, 'bakker'));
    await expect(verifyPassword('correct horse battery', stored, 'bakker')).rejects.toBeInstanceOf(PasswordsBusy);
    await expect(seemToVerify('guess', 'bakker')).rejects.toBeInstanceOf(PasswordsBusy); // a name that is no shop alike
    expect(await verifyPassword('correct horse battery', stored, 'fietsenmaker')).toBe(true);
    expect(await Promise.all(waiting)).toEqual(Array(PER_SHOP).fill(false));
    expect(await verifyPassword('correct horse battery', stored, 'bakker')).toBe(true);
  });

  it("take turns by shop: an owner's check waits for one of each other shop's, not for all that came before it", async () => {
    const stored = await hashPassword('x', { N: 2 ** 14, r: 8, p: 1 });
    const done: string[] = [];
    const check = (shop: string) => verifyPassword('guess', stored, shop).then(() => void done.push(shop));
    await Promise.all([check('under way'), check('a'), check('a'), check('b'), check('b'), check('c')]);
    expect(done).toEqual(['under way', 'a', 'b', 'c', 'a', 'b']);
  });

  it('take as long for a name that is no shop as for a shop, with nothing to check it against', async () => {
    const stored = await hashPassword('x', { N: 2 ** 14, r: 8, p: 1 });
    const timed = async (check: () => Promise<boolean>) => {
      const started = performance.now();
      expect(await check()).toBe(false);
      return performance.now() - started;
    };
    const shop = await timed(() => verifyPassword('guess', stored, 'fietsenmaker'));
    const none = await timed(() => seemToVerify('guess', 'nobody'));
    expect(none).toBeGreaterThan(shop * 0.7);
    expect(none).toBeLessThan(shop * 1.5 + 20);
  });

  it('are hashed with scrypt at N = 2^17, r = 8 in production, the parameters kept beside the hash', async () => {
    expect(PRODUCTION_COST).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    const stored = await hashPassword('correct horse battery', PRODUCTION_COST);
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[\w+/=]{24}\$[\w+/=]{44}$/);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });

  it('check an older hash with the cost it was made with, and say it needs making again', async () => {
    const old = await hashPassword('correct horse battery', { N: 2 ** 10, r: 8, p: 1 });
    expect(await verifyPassword('correct horse battery', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('correct horse battery', passwordCost))).toBe(false);
  });

  it('refuse a stored hash with parameters no hash of ours has (that would take gigabytes), without trying it', async () => {
    const silly = `scrypt$${2 ** 30}$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
    expect(await verifyPassword('x', silly)).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
  });
});
