// The customer's pages as people who see less, or see them differently, get them, in the system's Chromium on a phone
// (390×844): forced colours (a Windows contrast theme), the edges of the fields, and a browser set to a larger font.
// Found by the accessibility review. Screenshots in test/artifacts/ (SHOTS=<dir> puts them there instead).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createShop, postSale, saleBody, startApp, testClock, testDispatcher, testStore } from '../helpers.js';
import { useChromium } from './browser.js';

const SHOTS = process.env.SHOTS ?? fileURLToPath(new URL('../artifacts/', import.meta.url));
const browser = useChromium();
const phone = { width: 390, height: 844 };

/** A shop, a customer mailed her check-in, and the page her reply link opens (`reply`), on a phone-sized page. */
async function shopOnPhone(viewport = phone) {
  const store = await testStore();
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, testClock('2026-03-14T15:31:00+01:00').now);
  await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: { name: 'Sanne', email: 'sanne@example.com', consent: { email: true } } }), Date.parse('2026-03-14T15:31:00+01:00'));
  const { dispatcher, email } = testDispatcher(store);
  await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'));
  const reply = base + /https:\/\/deals\.example\.test(\/r\/[\w-]+)/.exec(email.sent[0]!.text)![1]!;
  const page = await browser().newPage({ viewport });
  return { base, reply, page };
}

const shot = async (page: Page, name: string) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

/** Each element's border as drawn: its width in px (top edge) and whether it shows (not transparent). */
const borders = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) => els.map((e) => {
    const s = e.ownerDocument.defaultView!.getComputedStyle(e);
    return { text: e.textContent!.trim(), width: parseFloat(s.borderTopWidth), shows: s.borderTopStyle !== 'none' && !/rgba\(.*, 0\)$|transparent/.test(s.borderTopColor) };
  }));

// Forced colours take the buttons' backgrounds away: "Top, alles goed", "Weet ik nog niet" and "Er is een probleem"
// were three lines of bold text with nothing to say they were buttons (border:0).
describe('the buttons in forced colours (a Windows contrast theme)', () => {
  it('keep an outline on the reply page, the join page and the unsubscribe page, and look the same without', async () => {
    const { base, reply, page } = await shopOnPhone();
    for (const url of [reply, `${base}/shops/fietsenmaker/join`, reply.replace('/r/', '/u/')]) {
      await page.emulateMedia({ forcedColors: 'none' });
      await page.goto(url);
      const plain = await borders(page, 'main button');
      expect(plain.length).toBeGreaterThan(0);
      expect(plain.filter((b) => b.shows)).toEqual([]); // no border to see in ordinary colours
      await page.emulateMedia({ forcedColors: 'active' });
      expect((await borders(page, 'main button')).filter((b) => b.width < 2 || !b.shows)).toEqual([]);
    }
    await page.goto(reply);
    await shot(page, 'a11y-reply-forced-390x844');
    await page.close();
  });
});

describe("the customer's pages, as they look", () => {
  it('the reply page, and the join page sent with a wrong number (screenshots)', async () => {
    const { base, reply, page } = await shopOnPhone();
    await page.goto(reply);
    await shot(page, 'a11y-reply-390x844');
    await page.goto(`${base}/shops/fietsenmaker/join`);
    await page.fill('input[name="phone"]', '06 12');
    await page.check('input[name="sms"]');
    await page.click('form button');
    await shot(page, 'a11y-join-error-390x844');
    await page.close();
  });
});
