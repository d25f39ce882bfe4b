// The customer's pages in a real browser (the system's Chromium) on a phone, 390×844: the consent page a till's
// receipt links to, with boxes to tick a thumb can hit and the shop's name readable; a screenshot in test/artifacts/.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PUBLIC_URL, createShop, postSale, saleBody, startApp, testClock, testStore } from '../helpers.js';
import { contrasts, useChromium } from './browser.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const browser = useChromium();

describe("the customer's consent page, on a phone", () => {
  it('has boxes to tick at least 44 px high and text at 4.5:1 or more', async () => {
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store);
    const base = await startApp(store, clock.now);
    const sale = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: null }), clock.now());
    const page = await browser().newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(String(sale.body.consentUrl).replace(PUBLIC_URL, base));
    const boxes = page.locator('label:has(input[type="checkbox"])');
    expect(await boxes.count()).toBeGreaterThan(0);
    expect(await boxes.evaluateAll((ls) => ls.filter((l) => l.getBoundingClientRect().height < 44).map((l) => l.textContent))).toEqual([]);
    expect((await contrasts(page, 'main p, main label, .shop')).filter((c) => c.text && c.ratio < 4.5)).toEqual([]);
    expect(await page.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}consent-390x844.png`, fullPage: true });
    await page.close();
  });
});
