// The owner's pages at 200% zoom and with a large browser font, in a real browser (the system's Chromium through
// playwright-core): a 390-px phone zoomed to 200% is a 195×422 CSS-px viewport at two device pixels a pixel. Every
// figure of a table must be readable next to its label and every form field must fit its card (the cohort table
// alone scrolls inside its own box, its first column staying put); the owner's own font size must enlarge the text.
// Screenshots in test/artifacts/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, onCleanup, postSale, saleBody, startApp, tempDir, testClock, testDispatcher, testStore } from '../helpers.js';
import { logIn, useChromium } from './browser.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const PASSWORD = 'fietsen-zijn-fijn-42';
const NOW = '2026-06-15T12:00:00+02:00';
const DAY = 86_400_000;
const browser = useChromium();

/** A shop with a few weeks of sales, check-ins sent by SMS and by e-mail, a problem and a "not sure yet" to call back. */
async function seed() {
  const store = await testStore();
  const clock = testClock('2026-05-01T12:00:00+02:00');
  const { shop, webhookSecret } = await createShop(store, { holdout: 10 });
  await store.sessions.setPassword(shop.id, await hashPassword(PASSWORD));
  await store.shops.update(shop.slug, { alertEmail: 'eigenaar@fietsenmaker.example' });
  const base = await startApp(store, clock.now);
  const { dispatcher } = testDispatcher(store);
  const names = ['Anouk Meijer', 'Bram de Boer', 'Cees Bakker', 'Dirk Visser', 'Eva Smit', 'Fleur Mulder'];
  const ids: { saleId: number; customerId: number }[] = [];
  for (const [i, name] of names.entries()) {
    const at = Date.parse('2026-05-01T10:00:00Z') + i * 5 * DAY;
    const consent = i % 2 ? { sms: true } : { email: true };
    clock.set(new Date(at + 60_000).toISOString());
    const res = await postSale(base, shop.slug, webhookSecret, saleBody({
      id: `s-${i}`, occurredAt: new Date(at).toISOString(), customer: { name, phone: `06 123456${String(i).padStart(2, '0')}`, email: `k${i}@example.com`, consent },
    }), at + 60_000);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids.push(res.body);
    await dispatcher.tick(at + DAY + 3 * 3_600_000);
  }
  const said = async (who: number, body: string | null, answer: 'unsure' | null, at: string) => {
    const r = await store.replies.record({ shopId: shop.id, customerId: ids[who]!.customerId, messageId: null, saleId: ids[who]!.saleId, channel: 'email', providerId: null, answer, body, at: Date.parse(at) });
    if (r.duplicate) throw new Error('the reply was not stored');
    return r.id;
  };
  const problem = await said(0, 'De rits is kapot', null, '2026-06-13T09:15:00Z');
  const unsure = await said(1, null, 'unsure', '2026-06-12T09:15:00Z');
  clock.set(NOW);
  return { store, shop, base, problem, unsure, clock };
}

/**
 * Everything in `main` that is cut off: an element whose box reaches past the right edge of the viewport or of a box
 * above it that clips it (overflow other than visible), except inside the cohort table's own scrolling box.
 */
function clipped(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) => els.flatMap((e) => {
    const style = (x: typeof e) => x.ownerDocument.defaultView!.getComputedStyle(x);
    const r = e.getBoundingClientRect();
    if (e.closest('.scroll') || r.width === 0) return [];
    let right = e.ownerDocument.documentElement.clientWidth;
    for (let p = e.parentElement; p; p = p.parentElement) {
      if (style(p).overflowX !== 'visible') right = Math.min(right, p.getBoundingClientRect().right - parseFloat(style(p).borderRightWidth));
    }
    return r.right > right + 0.5 ? [`${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 30)}" ends at ${Math.round(r.right)} > ${Math.round(right)}`] : [];
  }));
}

const FIELDS = 'main th, main td, main input:not([type=hidden]), main select, main button, main label';

/**
 * A page at `viewport` and `scale` device pixels a pixel; with `fontSize`, the browser's default font size set as the
 * owner sets it (chrome://settings/fonts, kept in the profile's Preferences): a browser of its own with that profile.
 * (CDP's Page.setFontSizes is lost on a navigation or a full-page screenshot.)
 */
async function newPage(viewport: { width: number; height: number }, scale = 1, fontSize?: number): Promise<Page> {
  let context: BrowserContext;
  if (fontSize) {
    const profile = tempDir();
    mkdirSync(join(profile, 'Default'));
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ webkit: { webprefs: { default_font_size: fontSize } } }));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'], viewport, deviceScaleFactor: scale, locale: 'nl-NL',
    });
  } else {
    context = await browser().newContext({ viewport, deviceScaleFactor: scale, locale: 'nl-NL' });
  }
  onCleanup(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setContent('');
  const root = await page.locator('html').evaluate((e) => parseFloat(e.ownerDocument.defaultView!.getComputedStyle(e).fontSize));
  expect(root, "the browser's default font size").toBe(fontSize ?? 16);
  return page;
}

describe("the owner's pages at 200% zoom and with a large font", () => {
  for (const [name, viewport, scale, font] of [
    ['200%', { width: 195, height: 422 }, 2, undefined],
    ['font-32', { width: 390, height: 844 }, 1, 32],
    ['phone', { width: 390, height: 844 }, 1, undefined],
  ] as const) {
    it(`at ${name}: every figure beside its label, every field inside its card`, async () => {
      const { shop, base } = await seed();
      const page = await newPage(viewport, scale, font);
      mkdirSync(ARTIFACTS, { recursive: true });
      // Each page is looked at to the end whatever an earlier one showed (expect.soft): the test names all that is cut off.
      const shot = (what: string) => page.screenshot({ path: `${ARTIFACTS}zoom-${what}-${name}.png`, fullPage: true });

      await page.goto(`${base}/login`);
      await shot('login');
      expect.soft(await clipped(page, FIELDS), 'login').toEqual([]);
      await logIn(page, base, shop.slug, PASSWORD);
      // Open what opens on a tap: the period's other dates, the hold-out's tables, "verkeerd gelezen?".
      for (const s of await page.locator('main details > summary').all()) await s.click();
      await shot('overview');
      for (const id of ['checkins', 'reasons', 'experiment']) await page.locator(`#${id}`).screenshot({ path: `${ARTIFACTS}zoom-${id}-${name}.png` });
      // Every figure of the check-ins table is on the screen, beside its row's label.
      const figures = await page.locator('#checkins td').evaluateAll((tds) => tds.map((td) => { const r = td.getBoundingClientRect(); return { text: td.textContent, left: r.left, right: r.right }; }));
      expect(figures.length).toBeGreaterThan(0);
      expect.soft(figures.filter((f) => f.left < 0 || f.right > viewport.width), 'check-ins figures off the screen').toEqual([]);
      expect.soft(await clipped(page, FIELDS), 'overview').toEqual([]);
      expect.soft(await page.evaluate('document.documentElement.scrollWidth'), 'overview').toBe(viewport.width);

      await page.goto(`${base}/shops/${shop.slug}/messages`);
      await shot('messages');
      await page.locator('#messages form.filters').screenshot({ path: `${ARTIFACTS}zoom-search-${name}.png` });
      const input = (await page.locator('#messages input[name="q"]').boundingBox())!;
      const card = (await page.locator('#messages').boundingBox())!;
      expect.soft(input.x + input.width, 'the search box inside its card').toBeLessThanOrEqual(card.x + card.width);
      expect.soft(await clipped(page, FIELDS), 'messages').toEqual([]);
      expect.soft(await page.evaluate('document.documentElement.scrollWidth'), 'messages').toBe(viewport.width);

      await page.goto(`${base}/shops/${shop.slug}/replies`);
      for (const s of await page.locator('main details > summary').all()) await s.click();
      await shot('replies');
      expect.soft(await clipped(page, FIELDS), 'replies').toEqual([]);
      expect.soft(await page.evaluate('document.documentElement.scrollWidth'), 'replies').toBe(viewport.width);

      // "Afgehandeld" on the overview: whom it handled, and the undo beside it, on top of the list.
      await page.goto(`${base}/shops/${shop.slug}`);
      await Promise.all([page.waitForURL(/#handled$/), page.locator('#call-back article button', { hasText: 'Afgehandeld' }).first().click()]);
      await expect(page.locator('#handled').innerText()).resolves.toMatch(/^Anouk Meijer: afgehandeld\.\s+Terug op de lijst$/);
      await page.locator('#call-back').screenshot({ path: `${ARTIFACTS}zoom-handled-${name}.png` });
      expect.soft(await clipped(page, '#handled, #handled *'), 'handled').toEqual([]);
    });
  }

  it('honours the browser font size: text at a 32 px default is larger than at 16', async () => {
    const { shop, base } = await seed();
    const size = async (font?: number) => {
      const page = await newPage({ width: 390, height: 844 }, 1, font);
      await logIn(page, base, shop.slug, PASSWORD);
      const px = (selector: string) => page.locator(selector).first().evaluate((e) => parseFloat(e.ownerDocument.defaultView!.getComputedStyle(e).fontSize));
      return { body: await px('body'), cell: await px('#checkins td'), note: await px('.note') };
    };
    const normal = await size();
    const large = await size(32);
    expect(normal.body).toBe(16);
    expect(large.body).toBe(32);
    expect(large.cell).toBe(normal.cell * 2);
    expect(large.note).toBe(normal.note * 2);
  });
});
