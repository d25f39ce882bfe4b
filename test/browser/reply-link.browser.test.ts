// The links that send the owner to one reply ("Markeer het als afgehandeld" in the alert, "wacht op jou" in Berichten),
// in a real browser on the owner's phone (390×844), in a busy shop: they open that reply, wherever it stands on the
// call-back list. Found by the busy-shop review: with 129 open problems a new question was on page 6, and the links
// opened page 1 (no #r<id> on it, scrollY 0): the owner saw other customers' problems. Screenshot in test/artifacts/.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { PUBLIC_URL, createShop, onCleanup, postSale, saleBody, startApp, testClock, testDispatcher, testStore } from '../helpers.js';
import { logIn, useChromium } from './browser.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const PASSWORD = 'fietsen-zijn-fijn-42';
const NOW = '2026-06-15T12:00:00+02:00';
const browser = useChromium();

describe('a link to one reply, in a shop with many open', () => {
  it("opens that reply's card with its buttons on the phone's screen, from the alert and from Berichten", async () => {
    const store = await testStore();
    const clock = testClock(NOW);
    const { shop, webhookSecret } = await createShop(store);
    await store.sessions.setPassword(shop.id, await hashPassword(PASSWORD));
    const base = await startApp(store, clock.now);
    const said = async (n: number, name: string, body: string) => {
      const res = await postSale(base, shop.slug, webhookSecret, saleBody({
        id: `sale-${n}`, occurredAt: '2026-06-13T10:00:00Z', customer: { name, phone: `06 1234${String(n).padStart(4, '0')}`, consent: { sms: true } },
      }), clock.now());
      expect(res.status).toBe(201);
      const c = res.body as { saleId: number; customerId: number };
      const at = Date.parse(NOW) - (40 - n) * 60_000;
      const r = await store.replies.record({ shopId: shop.id, customerId: c.customerId, messageId: null, saleId: c.saleId, channel: 'sms', providerId: `SM${n}`, answer: null, body, at });
      if (r.duplicate) throw new Error('the reply was not stored');
      return r;
    };
    for (let n = 1; n <= 30; n++) expect((await said(n, `Klant ${n}`, 'De rits is kapot')).class).toBe('problem');
    // The newest, a question: on the call-back list after the thirty problems, on its second page.
    await store.shops.update(shop.slug, { alertEmail: 'eigenaar@fietsenmaker.example' });
    const question = await said(31, 'Karin Visser', 'Hoe laat zijn jullie open op zaterdag?');
    expect(question.class).toBe('question');
    const { dispatcher, email } = testDispatcher(store);
    await dispatcher.tick(Date.parse(NOW));
    const alert = email.sent.find((m) => m.text.includes('Hoe laat zijn jullie open op zaterdag?'))!;
    const link = /Markeer het als afgehandeld als het geregeld is: (\S+)/.exec(alert.text)![1]!;

    const viewport = { width: 390, height: 844 };
    const context = await browser().newContext({ viewport, locale: 'nl-NL' });
    onCleanup(() => context.close());
    const page = await context.newPage();
    await logIn(page, base, shop.slug, PASSWORD);
    const card = page.locator(`#r${question.id}`);
    const onScreen = async () => {
      const box = (await card.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeLessThan(viewport.height / 2);
      await expect(card.locator('blockquote').innerText()).resolves.toContain('Hoe laat zijn jullie open op zaterdag?');
      await expect(card.locator('form button').first().isVisible()).resolves.toBe(true);
    };

    // Berichten: Karin's invitation waits for the owner; its link opens her question.
    await page.goto(`${base}/shops/${shop.slug}/messages?status=planned&q=Karin`);
    await Promise.all([page.waitForURL(/\/replies\?/), page.locator('a', { hasText: 'wacht op jou' }).first().click()]);
    await onScreen();

    await page.goto(link.replace(PUBLIC_URL, base));
    await onScreen();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}reply-link-390x844.png` });
    // The start of the list is a tap away: the thirty problems first.
    await Promise.all([page.waitForURL(`${base}/shops/${shop.slug}/replies?reading=open`), page.locator('a', { hasText: 'Naar het begin van de lijst' }).click()]);
    await expect(page.locator('#inbox article').count()).resolves.toBe(25);
    await expect(card.count()).resolves.toBe(0);
  });
});
