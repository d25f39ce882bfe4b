// A reply's card on the owner's phone (390×844), in a real browser: what the customer's words mean for the owner, said
// on the card (a number to call that they gave, data that must go), fits the screen, and is what the owner reads
// first. Screenshot in test/artifacts/.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, onCleanup, postSale, saleBody, startApp, testClock, testStore } from '../helpers.js';
import { logIn, useChromium } from './browser.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const PASSWORD = 'fietsen-zijn-fijn-42';
const NOW = '2026-06-15T12:00:00+02:00';
const browser = useChromium();

/** A shop whose owner has a password, served on a random port. */
async function ownerShop() {
  const store = await testStore();
  const clock = testClock(NOW);
  const { shop, webhookSecret } = await createShop(store);
  await store.sessions.setPassword(shop.id, await hashPassword(PASSWORD));
  return { store, clock, shop, webhookSecret, base: await startApp(store, clock.now) };
}

describe("a reply's card on the owner's phone", () => {
  it('gives the number the customer wrote as the one to call, says when their data must go, and fits the screen', async () => {
    const { store, clock, shop, webhookSecret, base } = await ownerShop();
    const customer = async (id: string, name: string, phone: string) => {
      const res = await postSale(base, shop.slug, webhookSecret, saleBody({
        id, occurredAt: '2026-06-13T10:00:00Z', customer: { name, phone, email: `${id}@example.com`, consent: { sms: true, email: true } },
      }), clock.now());
      expect(res.status).toBe(201);
      return res.body as { saleId: number; customerId: number };
    };
    const said = async (c: { saleId: number; customerId: number }, body: string, at: string) => {
      const r = await store.replies.record({ shopId: shop.id, customerId: c.customerId, messageId: null, saleId: c.saleId, channel: 'email', providerId: null, answer: null, body, at: Date.parse(at) });
      if (r.duplicate) throw new Error('the reply was not stored');
      expect(r.class).toBe('problem');
      return r.id;
    };
    const callMe = await said(await customer('anna-1', 'Anna Jansen', '06 12345601'), 'De rits is kapot. Bel me even terug op 0687654321, dan ben ik thuis.', '2026-06-14T09:00:00Z');
    const goAway = await said(await customer('bram-1', 'Bram de Boer', '06 12345602'), 'Ik heb nooit toestemming gegeven, verwijder mijn gegevens', '2026-06-14T08:00:00Z');
    // Words to the shop's own number from a phone no customer has: said so where a customer's card shows the purchase.
    const text = await store.replies.fromStranger({ shopId: shop.id, phone: '+31622334455', channel: 'sms', providerId: 'SM0000000000000000000000000000stranger',
      answer: null, body: 'Mijn fiets is weer kapot, bel me', at: Date.parse('2026-06-14T07:00:00Z') });
    if (text.duplicate) throw new Error('the text was not stored');

    const viewport = { width: 390, height: 844 };
    const context = await browser().newContext({ viewport, locale: 'nl-NL' });
    onCleanup(() => context.close());
    const page = await context.newPage();
    await logIn(page, base, shop.slug, PASSWORD);
    await page.goto(`${base}/shops/${shop.slug}/replies`);

    const card = page.locator(`#inbox article[data-reply="${callMe}"]`);
    const buttons = await card.locator('.actions a.button').evaluateAll((as) => as.map((a) => `${a.textContent} ${a.getAttribute('href')}`));
    // The number they gave first, the one in the till beside it.
    expect(buttons.slice(0, 2)).toEqual(['Bel 06 87654321 (zelf opgegeven) tel:+31687654321', 'Bel 06 12345601 (uit de kassa) tel:+31612345601']);
    const stranger = page.locator(`#inbox article[data-reply="${text.id}"]`);
    await expect(stranger.locator('[data-no-sale]').innerText()).resolves.toBe('Een sms aan het nummer van de winkel, van een nummer zonder aankoop in nextdeal (nieuw, of gewist).');
    expect(await stranger.locator('.actions a.button').first().getAttribute('href')).toBe('tel:+31622334455');
    const gone = page.locator(`#inbox article[data-reply="${goAway}"]`);
    await expect(gone.locator('[data-what-it-means]').innerText()).resolves.toBe(
      'Wil deze berichten niet (nooit toestemming, spam, of gegevens weg). Er gaat niets meer naartoe. Klopt de toestemming in de kassa niet, zet het daar goed. De gegevens moeten binnen een maand weg (AVG): vraag wie nextdeal beheert ze te wissen met customer erase.',
    );
    // What it means comes before the customer's words, and nothing is wider than the phone.
    const y = async (selector: string) => (await gone.locator(selector).boundingBox())!.y;
    expect(await y('[data-what-it-means]')).toBeLessThan(await y('blockquote'));
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(viewport.width);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}reply-cards-390x844.png`, fullPage: true });
  });
  // Two answers on the reply page to one message are one reply, the later words below the earlier (answerOnPage):
  // on the card they ran together into one sentence ("… verkeerde maat gekocht Laat maar, al opgelost").
  it("shows a reply's words in their lines", async () => {
    const { store, clock, shop, webhookSecret, base } = await ownerShop();
    const sale = (await postSale(base, shop.slug, webhookSecret, saleBody({ occurredAt: '2026-06-13T10:00:00Z', customer: { name: 'Emma', email: 'emma@example.com', consent: { email: true } } }), clock.now())).body as { saleId: number; customerId: number };
    const r = await store.replies.record({ shopId: shop.id, customerId: sale.customerId, messageId: null, saleId: sale.saleId, channel: 'email', providerId: null, answer: 'unsure', body: 'Mag hij in de droger?\n\nLaat maar, al opgelost', at: Date.parse('2026-06-14T09:00:00Z') });
    if (r.duplicate) throw new Error('the reply was not stored');
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
    onCleanup(() => context.close());
    const page = await context.newPage();
    await logIn(page, base, shop.slug, PASSWORD);
    await page.goto(`${base}/shops/${shop.slug}/replies`);
    const words = await page.locator(`#inbox article[data-reply="${r.id}"] blockquote`).innerText();
    expect(words.split('\n').filter(Boolean)).toEqual(['“Mag hij in de droger?', 'Laat maar, al opgelost”']);
  });
});
