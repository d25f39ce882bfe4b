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
