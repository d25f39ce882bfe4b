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
  // A Dutch phone, as most of a Dutch shop's customers have: the join page speaks the browser's language (frv50c).
  const page = await browser().newPage({ viewport, locale: 'nl-NL' });
  return { base, reply, page };
}

/** `full`: the whole page; not with the font size set (a full-page shot draws it at the default size). */
const shot = async (page: Page, name: string, full = true) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: full });
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

/** Each field's border against the field's own background and the page's: the WCAG ratio of each (1.4.11 asks 3:1). */
const fieldEdges = (page: Page) =>
  page.locator('main input:not([type="checkbox"]):not([type="hidden"]), main textarea').evaluateAll((els) => {
    const rgb = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const ratio = (a: string, b: string) => {
      const [x, y] = [lum(rgb(a)), lum(rgb(b))];
      return Math.round(((Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)) * 100) / 100;
    };
    return els.map((e) => {
      const view = e.ownerDocument.defaultView!;
      const s = view.getComputedStyle(e);
      const pageBack = view.getComputedStyle(e.ownerDocument.body).backgroundColor;
      return { name: e.getAttribute('name'), field: ratio(s.borderTopColor, s.backgroundColor), page: ratio(s.borderTopColor, pageBack) };
    });
  });

// The fields' edges were #bbb: 1.9:1 on the white field, 1.8:1 on the page; an empty "Mobiel nummer" a faint outline.
describe("the fields' edges", () => {
  it('stand out at 3:1 or more against the field and the page: the reply, join and code pages', async () => {
    const { base, reply, page } = await shopOnPhone();
    const seen: string[] = [];
    const check = async () => {
      const edges = await fieldEdges(page);
      seen.push(...edges.map((e) => e.name!));
      expect(edges.filter((e) => e.field < 3 || e.page < 3)).toEqual([]);
    };
    await page.goto(reply);
    await check();
    await page.goto(`${base}/shops/fietsenmaker/join`);
    await check();
    await page.fill('input[name="phone"]', '06 13572468');
    await page.check('input[name="sms"]');
    await page.click('form button');
    await check();
    expect(seen).toEqual(['comment', 'phone', 'email', 'item', 'reason', 'code']);
    await page.close();
  });
});

/** The browser's own font-size setting (Chromium's Settings → Appearance → Font size), in px; 16 is its default. */
async function browserFontSize(page: Page, px: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: px, fixed: Math.round((px * 13) / 16) } });
}
const fontSize = (page: Page, selector: string) => page.locator(selector).first().evaluate((e) => parseFloat(e.ownerDocument.defaultView!.getComputedStyle(e).fontSize));
const fits = (page: Page) => page.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth);

// The text was set in px (18px): a customer who set her browser's font larger got it no larger.
describe("the browser's font size", () => {
  it('sets the text: 18 px at its default, twice that at twice the default, on the reply and join pages', async () => {
    const { base, reply, page } = await shopOnPhone();
    for (const url of [reply, `${base}/shops/fietsenmaker/join`]) {
      await page.goto(url);
      expect(await fontSize(page, 'body')).toBe(18);
      expect(await fontSize(page, 'main p:not(.shop)')).toBe(18);
    }
    await browserFontSize(page, 32);
    for (const url of [reply, `${base}/shops/fietsenmaker/join`]) {
      await page.goto(url);
      expect(await fontSize(page, 'body')).toBe(36);
      expect(await fontSize(page, 'main p:not(.shop)')).toBe(36);
      expect(await fontSize(page, 'main button')).toBe(36);
      expect(await fits(page)).toBe(true);
    }
    await page.goto(reply);
    await shot(page, 'a11y-reply-font32-390x844', false);
    await page.close();
  });

  it('the QR poster fits a 320 px phone at twice the font: the code, the text and the long address', async () => {
    const { base, page } = await shopOnPhone({ width: 320, height: 640 });
    await page.goto(`${base}/shops/fietsenmaker/join/poster`);
    await browserFontSize(page, 32); // (set on the site's page: the first navigation from about:blank starts afresh)
    await page.reload();
    expect(await fontSize(page, 'body')).toBe(36);
    expect(await fits(page)).toBe(true);
    const qr = (await page.locator('main svg').boundingBox())!;
    expect(qr.x).toBeGreaterThanOrEqual(0);
    expect(qr.x + qr.width).toBeLessThanOrEqual(320);
    expect(qr.width).toBeGreaterThan(150); // still a code a phone can scan from the wall
    await shot(page, 'a11y-poster-font32-320', false);
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
    expect(await page.locator('input[name="phone"]').evaluate((e) => e.ownerDocument.activeElement === e)).toBe(true); // to type it again
    await shot(page, 'a11y-join-error-390x844');
    await page.locator('input[name="phone"]').blur();
    await shot(page, 'a11y-join-error-blurred-390x844'); // the red edge, under the focus ring above
    await page.close();
  });

  // The explorer's review: opened again after her answer, the page was the blank form, with no sign she had answered.
  it('the reply page opened again: her tap and words, that the shop has them, and room to add (screenshot)', async () => {
    const { reply, page } = await shopOnPhone();
    const words = 'Kan ik de binnenbanden ook ruilen voor 26 inch? Verkeerde maat gekocht';
    await page.goto(reply);
    await page.fill('textarea', words);
    await page.click('button[value="unsure"]');
    await page.goto(reply);
    const main = await page.locator('main').innerText();
    expect(main).toContain('Je antwoord is goed aangekomen bij Fietsenmaker Test.');
    expect(main).toContain('Je koos: Weet ik nog niet');
    expect(await page.locator('blockquote').innerText()).toBe(words);
    expect(await page.locator('textarea').inputValue()).toBe('');
    expect(await page.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    await shot(page, 'reply-again-390x844');
    // A tap with no words: her words stay, and the page says her new tap.
    await page.click('button[value="great"]');
    await page.goto(reply);
    expect(await page.locator('main').innerText()).toContain('Je koos: Top, alles goed');
    expect(await page.locator('blockquote').innerText()).toBe(words);
    await shot(page, 'reply-again-tapped-390x844');
    await page.close();
  });
});
