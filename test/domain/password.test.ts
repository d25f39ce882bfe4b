// Owner passwords at the production cost, and hashes made at another cost.
import { describe, expect, it } from 'vitest';
import { MOST_WAITING, PRODUCTION_COST, PasswordsBusy, hashPassword, needsRehash, passwordCost, verifyPassword } from '../../src/domain/password.js';

describe('owner passwords', () => {
  // A flood of guesses from many addresses made the owner's own login wait 47 s behind them (operator-side review).
  it(`refuse a check at once while ${MOST_WAITING} wait for theirs, and check again once they are done`, async () => {
    const stored = await hashPassword('correct horse battery');
    const waiting = Array.from({ length: MOST_WAITING }, () => verifyPassword('guess', stored));
    await expect(verifyPassword('correct horse battery', stored)).rejects.toBeInstanceOf(PasswordsBusy);
    expect(await Promise.all(waiting)).toEqual(Array(MOST_WAITING).fill(false));
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
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
