// What the browser tests share: Debian's Chromium, headless (never a downloaded browser), launched once per test
// file; and the owner's login as a person does it, from the page they asked for.
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

/** Launches Chromium before the file's tests and closes it after them; the returned function gives it. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

/** Opens the shop's page, is sent to the login, logs in and lands back on the shop's page. */
export async function logIn(page: Page, base: string, slug: string, password: string): Promise<void> {
  await page.goto(`${base}/shops/${slug}`);
  expect(new URL(page.url()).pathname).toBe('/login');
  expect(new URL(page.url()).searchParams.get('next')).toBe(`/shops/${slug}`);
  await page.fill('input[name="slug"]', slug);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL(`${base}/shops/${slug}`), page.click('form.login button')]);
}

/**
 * The WCAG 2 contrast ratio of each element's text against the background it is drawn on (its own, else the nearest
 * ancestor's that has one), as the browser computed the colours.
 */
export async function contrasts(page: Page, selector: string): Promise<{ text: string; ratio: number }[]> {
  return page.locator(selector).evaluateAll((els) => {
    const rgba = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    return els.map((e) => {
      const view = e.ownerDocument.defaultView!;
      let back: typeof e | null = e;
      while (back && (rgba(view.getComputedStyle(back).backgroundColor)[3] ?? 1) === 0) back = back.parentElement;
      const [a, b] = [lum(rgba(view.getComputedStyle(e).color)), lum(back ? rgba(view.getComputedStyle(back).backgroundColor) : [255, 255, 255])];
      return { text: e.textContent!.trim(), ratio: Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 100) / 100 };
    });
  });
}
