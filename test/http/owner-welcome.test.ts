// A shop whose till has sent nothing yet: the owner is told how to begin, not shown a page of empty figures.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, ownerClient, postSale, saleBody, startApp, testStore } from '../helpers.js';

describe("a new shop's overview", () => {
  it('says no sale came yet and what to check, until the first sale comes', async () => {
    const store = await testStore();
    const { shop, webhookSecret } = await createShop(store);
    await store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
    const base = await startApp(store, Date.now);
    const owner = ownerClient(base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const before = await (await owner.get('/shops/fietsenmaker')).text();
    expect(before).toContain('De kassa heeft nog geen verkoop aan nextdeal doorgegeven.');
    expect(before).toContain('Dan is de kassa waarschijnlijk nog niet gekoppeld.');
    expect(before).not.toContain('id="return-rate"');
    expect(before).not.toContain('Nog niets in deze periode.');
    expect(before).toContain('id="waiting"'); // the QR poster, for customers the till knows nothing of

    expect((await postSale(base, 'fietsenmaker', webhookSecret, saleBody())).status).toBe(201);
    const after = await (await owner.get('/shops/fietsenmaker')).text();
    expect(after).not.toContain('id="welcome"');
    expect(after).toContain('id="return-rate"');
  });
});
