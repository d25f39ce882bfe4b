// The warnings on top of the owner's page, in a real browser on a phone (390×844): the owner's alert e-mails refused for
// good at the shop's alert address (readable, a long address wrapped rather than widening the page), and the join page
// sending customers to the counter; screenshots in test/artifacts/.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, onCleanup, postSale, run, saleBody, startApp, testClock, testStore } from '../helpers.js';
import { contrasts, logIn, useChromium } from './browser.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const ADDRESS = 'klantenservice.en.reparaties@fietsenmaker-de-vries-en-zonen.exmaple';
const browser = useChromium();

describe("the owner's page with alerts refused at the alert address, on a phone", () => {
  it('says so on top, readable, the address wrapped within the page', async () => {
    const store = await testStore();
    const clock = testClock('2026-03-16T12:00:00+01:00');
    const { shop, webhookSecret } = await createShop(store, { holdout: 0 });
    await store.shops.update(shop.slug, { alertEmail: ADDRESS });
    await store.sessions.setPassword(shop.id, await hashPassword('fietsen-zijn-fijn-42'));
    const base = await startApp(store, clock.now);
    const sale = await postSale(base, shop.slug, webhookSecret, saleBody(), clock.now());
    expect(sale.status).toBe(201);
    const reply = await store.replies.record({
      shopId: shop.id, customerId: sale.body.customerId, messageId: null, saleId: sale.body.saleId, channel: 'email', providerId: null, answer: null,
      body: 'De rits is kapot', at: Date.parse('2026-03-15T11:00:00+01:00'),
    });
    expect(reply.duplicate).toBe(false);
    // As the dispatcher leaves it after the mail server answered 550 (test/http/owner-alerts-refused.test.ts).
    expect(await run(store.db, "UPDATE alerts SET status = 'failed', error = 'mailbox_unknown', recipient = ?, claimed_at = ?", ADDRESS, Date.parse('2026-03-15T11:00:00+01:00'))).toBe(1);

    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
    onCleanup(() => context.close());
    const page = await context.newPage();
    await logIn(page, base, shop.slug, 'fietsen-zijn-fijn-42');
    const warning = page.locator('#alerts-refused');
    expect(await warning.innerText()).toContain(`niet aangekomen bij ${ADDRESS}`);
    // The first thing on the page, above who to call back.
    const [top, callBack] = await Promise.all([warning.boundingBox(), page.locator('#call-back').boundingBox()]);
    expect(top!.y).toBeLessThan(callBack!.y);
    expect(top!.y).toBeLessThan(844);
    expect((await contrasts(page, '#alerts-refused p')).filter((c) => c.ratio < 4.5)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(390);
    await page.screenshot({ path: `${ARTIFACTS}overview-alerts-refused-390x844.png` });
  });

  it('says on top, readable, since when the join page sends customers to the counter, and by when it opens again', async () => {
    const store = await testStore();
    const clock = testClock('2026-03-16T12:00:00+01:00');
    const { shop } = await createShop(store, { holdout: 0 });
    await store.sessions.setPassword(shop.id, await hashPassword('fietsen-zijn-fijn-42'));
    const base = await startApp(store, clock.now);
    // As the join page leaves it after its 50 unconfirmed sign-ups of a day (test/http/join-closed.test.ts).
    const since = Date.parse('2026-03-16T09:40:00+01:00');
    expect(await run(store.db, "UPDATE shops SET join_refused_since = ?, join_refused_at = ?, join_refused_by = 'unconfirmed' WHERE id = ?", since, since + 3_600_000, shop.id)).toBe(1);

    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
    onCleanup(() => context.close());
    const page = await context.newPage();
    await logIn(page, base, shop.slug, 'fietsen-zijn-fijn-42');
    const warning = page.locator('#join-closed');
    expect(await warning.innerText()).toMatch(/^Sinds ma 16 mrt, 09:40 werden klanten .* uiterlijk di 17 mrt, 10:40\./);
    const box = await warning.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(844); // all of it on the first screen
    expect((await contrasts(page, '#join-closed p')).filter((c) => c.ratio < 4.5)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(390);
    await page.screenshot({ path: `${ARTIFACTS}overview-join-closed-390x844.png` });
  });
});
