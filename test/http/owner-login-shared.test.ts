// Several instances on one database (README "several instances"): the limits against guessing owners' passwords are
// counted in the database, so guesses spread over the instances wait as guesses sent to one do. Before, each process
// counted in its own memory and n instances gave a guesser n times the attempts.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { hashPassword } from '../../src/domain/password.js';
import { all, createShop, onCleanup, ownerClient, startApp, testClock, testStore } from '../helpers.js';

const PASSWORD = 'correct horse battery';
const GUESSER = { 'x-forwarded-for': '203.0.113.7' };

/** Two instances (each its own store, its own connections, its own app and server) on one database file or server. */
async function twoInstances() {
  const store = await testStore();
  const { shop } = await createShop(store);
  await store.sessions.setPassword(shop.id, await hashPassword(PASSWORD));
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const db = await openDatabase(store.db.engine === 'postgres' ? { url: store.db.url, path: '' } : { path: store.db.file });
  onCleanup(() => db.close());
  const [one, two] = [await startApp(store, clock.now, { trustProxy: 1 }), await startApp(createStore(db), clock.now, { trustProxy: 1 })];
  return { store, clock, one: one!, two: two! };
}

describe('the login limit, with several instances on one database', () => {
  it('makes an address whose failures were spread over two instances wait at either, and lets the owner in meanwhile', async () => {
    const { clock, one, two } = await twoInstances();
    const guessers = [ownerClient(one, GUESSER), ownerClient(two, GUESSER)];
    for (let i = 0; i < 4; i++) expect((await guessers[i % 2]!.logIn('fietsenmaker', `guess ${i}`)).status, `guess ${i}`).toBe(401);
    // Two failures at each instance, four in all: the address waits 2 s, at both.
    for (const guesser of guessers) {
      const blocked = await guesser.logIn('fietsenmaker', PASSWORD);
      expect([blocked.status, blocked.headers.get('retry-after')]).toEqual([429, '2']);
      expect(await blocked.text()).toContain('Too many failed attempts from this address. Try again in 2 seconds.');
    }
    // The owner, on their own phone, is let in at either.
    for (const base of [one, two]) expect((await ownerClient(base, { 'x-forwarded-for': '198.51.100.20' }).logIn('fietsenmaker', PASSWORD)).status).toBe(303);
    // After the wait, the next failure (at the other instance) doubles it, for both.
    clock.advance(2000);
    expect((await guessers[1]!.logIn('fietsenmaker', 'guess 4')).status).toBe(401);
    clock.advance(3999);
    expect((await guessers[0]!.logIn('fietsenmaker', PASSWORD)).headers.get('retry-after')).toBe('1');
    clock.advance(1);
    expect((await guessers[0]!.logIn('fietsenmaker', PASSWORD)).status).toBe(303);
  });

  it('counts every one of the guesses sent to two instances at once: four checked or refused as busy, the rest told to wait', async () => {
    const { one, two } = await twoInstances();
    const guessers = [ownerClient(one, GUESSER), ownerClient(two, GUESSER)];
    const forms = await Promise.all(guessers.map(async (g) => g.csrfIn(await (await g.get('/login')).text())));
    const guess = (i: number) =>
      guessers[i % 2]!.post('/login', { _csrf: forms[i % 2]!, slug: 'fietsenmaker', password: `guess ${i}`, next: '' }).then((r) => r.status);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => guess(i)));
    // Four counted (the fourth makes the address wait), whichever instance counted them; counted apart, each instance
    // would have let four through.
    expect(answers.filter((s) => s !== 429).length, answers.join(',')).toBe(4);
    expect(answers.filter((s) => s === 401).length).toBeGreaterThanOrEqual(1);
  });

  it('keeps neither the address nor the name typed in clear, and the sweep deletes what is past its window', async () => {
    const { store, clock, one } = await twoInstances();
    await ownerClient(one, GUESSER).logIn('FietsenMaker', 'guess');
    const rows = JSON.stringify([...(await all(store.db, 'SELECT * FROM login_addresses')), ...(await all(store.db, 'SELECT * FROM login_failures'))]);
    expect(rows).toMatch(/[0-9a-f]{64}/);
    expect(rows).not.toMatch(/203\.0\.113|fietsenmaker/i);
    // The owner's password typed into the name field by mistake: kept nowhere, not even as a hash (its key sits in the
    // same database, so a copy of it would confirm the password at an HMAC's cost).
    const before = JSON.stringify(await all(store.db, 'SELECT * FROM login_failures'));
    expect((await ownerClient(one, GUESSER).logIn(PASSWORD, '')).status).toBe(401);
    expect(JSON.stringify(await all(store.db, 'SELECT * FROM login_failures'))).toBe(before);
    await store.chores.sweep(0, clock.now() + 20 * 60_000 - 1); // still within the window and a clock's margin
    expect((await all(store.db, 'SELECT * FROM login_addresses')).length + (await all(store.db, 'SELECT * FROM login_failures')).length).toBe(2);
    await store.chores.sweep(0, clock.now() + 20 * 60_000);
    expect((await all(store.db, 'SELECT * FROM login_addresses')).length + (await all(store.db, 'SELECT * FROM login_failures')).length).toBe(0);
  });

  it('refuses the login with the page for an unavailable database when the counts cannot be read or written, even with the right password', async () => {
    const { store, clock } = await twoInstances();
    const down = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    for (const step of ['until', 'count', 'recentFailures', 'giveBack'] as const) {
      const base = await startApp({ ...store, loginLimits: { ...store.loginLimits, [step]: down } }, clock.now);
      const owner = ownerClient(base);
      const res = await owner.logIn('fietsenmaker', PASSWORD);
      expect([step, res.status, res.headers.get('retry-after')]).toEqual([step, 503, '30']);
      expect(await res.text()).toContain('Something went wrong on our side. Try again shortly.');
      expect(owner.jar.has('nd_session'), step).toBe(false);
    }
    // A wrong password whose failure cannot be written is not answered as a wrong password either.
    const base = await startApp({ ...store, loginLimits: { ...store.loginLimits, failed: down } }, clock.now);
    expect((await ownerClient(base).logIn('fietsenmaker', 'guess')).status).toBe(503);
  });
});
