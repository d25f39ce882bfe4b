// "Why did I never get anything?": a search of the message log that finds no message names the customer and why.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, one, ownerClient, postSale, saleBody, startApp, testClock, testStore } from '../helpers.js';

describe('a search of the message log that finds no message', () => {
  it('says of each customer it names why: held out on purpose, no consent', async () => {
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { shop, webhookSecret } = await createShop(store, { holdout: 50 });
    await store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
    const base = await startApp(store, clock.now);
    const sell = (n: number, consent = true) => postSale(base, 'fietsenmaker', webhookSecret, saleBody({
      id: `sale-${n}`, customer: { name: `Klant${n} Jansen`, phone: `+316123450${String(n).padStart(2, '0')}`, consent: { sms: consent } },
    }), clock.now());
    const group: Record<number, number> = {}; // held_out (1 held out, 0 messaged) → one customer of that group
    for (let n = 1; n <= 40 && Object.keys(group).length < 2; n++) {
      expect((await sell(n)).status).toBe(201);
      group[(await one<{ held_out: number }>(store.db, 'SELECT held_out FROM customers WHERE name = ?', `Klant${n} Jansen`))!.held_out] ??= n;
    }
    const [heldOut, messaged] = [group[1], group[0]]; // one in two is held out: forty of one group would be a 1 in 10^11 draw
    expect(heldOut && messaged).toBeTruthy();
    await sell(99, false);
    const owner = ownerClient(base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const search = async (q: string) => (await (await owner.get(`/shops/fietsenmaker/messages?status=planned&q=${encodeURIComponent(q)}`)).text());
    const held = await search(`Klant${heldOut} Jansen`);
    expect(held).toContain(`<strong>Klant${heldOut} Jansen</strong>`);
    expect(held).toContain('Krijgt bewust geen berichten: zit in de vergelijkingsgroep');
    expect(await search('Klant99')).toContain('Gaf bij de kassa geen toestemming voor sms of e-mail');
    expect(await search('Niemand')).not.toContain('class="found"');
    // A customer with messages is listed by them, as before.
    expect(await search(`Klant${messaged} Jansen`)).not.toContain('class="found"');
  });
});
