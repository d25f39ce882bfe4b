// scrypt takes 128 MiB a check: logins posted side by side (an attacker's, from many addresses) must not run together.
import { describe, expect, it, vi } from 'vitest';

const running = { now: 0, most: 0, calls: 0 };
vi.mock('node:crypto', async (original) => {
  const crypto = await original<typeof import('node:crypto')>();
  const scrypt = (password: string, salt: Buffer, keylen: number, options: object, done: (e: Error | null, key?: Buffer) => void) => {
    running.calls++;
    running.most = Math.max(running.most, ++running.now);
    if (password === 'boom') return setTimeout(() => (running.now--, done(new Error('out of memory'))), 5);
    crypto.scrypt(password, salt, keylen, options, (err, key) => {
      running.now--;
      done(err, key);
    });
  };
  return { ...crypto, default: { ...crypto, scrypt }, scrypt };
});

// test/setup.ts loaded the module before the mock: this test's copy reads the mocked scrypt.
vi.resetModules();
const { hashPassword, passwordCost, verifyPassword } = await import('../../src/domain/password.js');
Object.assign(passwordCost, { N: 2 ** 10 });

describe('owner passwords, checked side by side', () => {
  it('are checked one at a time, each answered rightly', async () => {
    const stored = await hashPassword('correct horse battery');
    const tries = ['correct horse battery', 'wrong', 'correct horse battery', 'also wrong', 'x'];
    const answers = await Promise.all([...tries.map((t, i) => verifyPassword(t, stored, `shop ${i}`)), verifyPassword('y', null)]);
    expect(answers).toEqual([true, false, true, false, false, false]);
    expect(running.most).toBe(1);
  });

  it('go on after a check that failed', async () => {
    const stored = await hashPassword('x');
    const [bad, good] = [verifyPassword('boom', stored), verifyPassword('x', stored)];
    await expect(bad).rejects.toThrow('out of memory');
    expect(await good).toBe(true);
  });

  // Just after a start, no check has been timed: guesses at made-up names were all checked for real then, and an
  // owner who came a moment later waited for every one of them.
  it('check only the first of many names that are no shop before a check has been timed', async () => {
    vi.resetModules();
    const fresh = await import('../../src/domain/password.js');
    Object.assign(fresh.passwordCost, { N: 2 ** 10 });
    running.calls = 0;
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => fresh.seemToVerify('guess', `nosuch ${i}`)));
    expect(answers).toEqual(Array(20).fill(false));
    expect(running.calls).toBe(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
