// The customer's pages in a real browser (the system's Chromium) on a phone, 390×844: the consent page a till's
// receipt links to, with boxes to tick a thumb can hit and the shop's name readable; a screenshot in test/artifacts/.
import { mkdirSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PUBLIC_URL, createShop, onCleanup, postSale, saleBody, startApp, testClock, testDispatcher, testStore } from '../helpers.js';
import { sign } from '../../src/http/signature.js';
import { contrasts, useChromium } from './browser.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const browser = useChromium();
/**
 * A phone-sized page whose browser reads `locale` (its Accept-Language): a Dutch reader's by default, for the pages of
 * a shop that knows her not yet speak the shop's language only to a browser that reads it (locale.ts visitorVoice).
 */
const onPhone = (locale = 'nl-NL') => ({ viewport: { width: 390, height: 844 }, locale });

/** A shop with one sale posted (to `customer`), and a page the size of a phone. */
async function saleOnPhone(customer: Record<string, unknown> | null, locale?: string) {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  const sale = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer }), clock.now());
  const page = await browser().newPage(onPhone(locale));
  return { store, base, sale, page };
}

describe("the customer's consent page, on a phone", () => {
  it('has boxes to tick at least 44 px high and text at 4.5:1 or more', async () => {
    const { base, sale, page } = await saleOnPhone(null);
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

  // A black-box review: the link of a purchase refunded in full still asked how it was and promised to ask.
  for (const [locale, said] of [['nl', 'Voor deze aankoop heb je geld teruggekregen'], ['en', 'You got money back for this purchase']] as const) {
    it(`of a purchase refunded says so and offers later messages, fitting the phone (${locale})`, async () => {
      const { store, base, sale, page } = await saleOnPhone(null, locale === 'nl' ? 'nl-NL' : 'en-GB');
      await store.shops.update('fietsenmaker', { locale });
      const raw = JSON.stringify({ id: 'sale-1' });
      const { webhookSecret } = (await store.shops.bySlug('fietsenmaker'))!;
      const refunded = await fetch(`${base}/v1/shops/fietsenmaker/sales/sale-1/refund`, {
        method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(webhookSecret, raw, Math.floor(Date.parse('2026-03-14T15:31:00+01:00') / 1000)) },
      });
      expect(refunded.status).toBe(200);
      await page.goto(String(sale.body.consentUrl).replace(PUBLIC_URL, base));
      expect(await page.locator('main').innerText()).toContain(said);
      expect(await page.locator('textarea').count()).toBe(0); // no "why did you choose it" for what was given back
      expect((await contrasts(page, 'main p, main label, .shop')).filter((c) => c.text && c.ratio < 4.5)).toEqual([]);
      expect(await page.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: `${ARTIFACTS}consent-refunded-${locale}-390x844.png`, fullPage: true });
      await page.close();
    });
  }
});

// A tourist at a Dutch shop scanning its QR poster got a Dutch form she could not read: her browser's English now.
describe("a Dutch shop's join page, on an English phone", () => {
  it('is in English, fits the phone, and its code page too', async () => {
    const store = await testStore();
    await createShop(store);
    const base = await startApp(store, testClock('2026-03-14T15:31:00+01:00').now);
    const page = await browser().newPage(onPhone('en-GB'));
    await page.goto(`${base}/shops/fietsenmaker/join`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').innerText()).toBe("May Fietsenmaker Test ask you later how it's going?");
    expect(await page.locator('label[for="phone"]').innerText()).toBe('Mobile number');
    expect((await contrasts(page, 'main p, main label, .shop')).filter((c) => c.text && c.ratio < 4.5)).toEqual([]);
    expect(await page.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}join-en-390x844.png`, fullPage: true });
    await page.fill('input[name="phone"]', '06 13572468');
    await page.check('input[name="sms"]');
    await page.click('form button');
    expect(await page.locator('h1').innerText()).toBe('Enter your code');
    expect(await page.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    await page.close();
  });
});

// Before, a comment with a link on the thanks page, or a long e-mail address on "Kijk in je mail", made the page
// scroll sideways on a phone (864 and 608 px wide at 390).
describe('what a customer typed, shown back on a phone', () => {
  it('wraps a long link or address instead of widening the page', async () => {
    const { store, base, page } = await saleOnPhone({ name: 'Sanne', email: 'sanne@example.com', consent: { email: true } });
    const { dispatcher, email } = testDispatcher(store);
    await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'));
    const reply = /https:\/\/deals\.example\.test(\/r\/[\w-]+)/.exec(email.sent[0]!.text)![1]!;
    const fits = () => page.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth);
    await page.goto(base + reply);
    await page.fill('textarea[name="comment"]', 'Zie https://www.example.com/een/heel/lang/pad/naar/de/foto/van/de/kapotte/rits/van/mijn/regenjas.jpg');
    await page.click('button[value="problem"]');
    expect(await page.locator('blockquote').count()).toBe(1);
    expect(await fits()).toBe(true);
    await page.goto(`${base}/shops/fietsenmaker/join`);
    await page.fill('input[name="email"]', 'sanne.de.vries.van.der.heijden-bakker@fietsenmaker-test-voorbeeld.example.com');
    await page.check('input[name="email_ok"]');
    await page.click('form button');
    expect(await page.locator('main').innerText()).toContain('sanne.de.vries.van.der.heijden-bakker@');
    expect(await fits()).toBe(true);
    await page.close();
  });
});

// The review of a mend: with its pages under a path of a site (PUBLIC_URL https://example.com/nextdeal), whatever else
// the browser asked of that site (its /favicon.ico) named the page in its Referer, a consent link's code with it.
describe('a secret link, under a path of a site that also serves other things', () => {
  it('is named in no request the browser makes outside that path', async () => {
    const seen: string[] = [];
    let app = '';
    const front = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.referer ?? '-'}`);
      if (!req.url!.startsWith('/nextdeal/')) return void res.writeHead(404).end();
      const up = request(`${app}${req.url!.slice('/nextdeal'.length)}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((done) => front.listen(0, '127.0.0.1', done));
    onCleanup(() => new Promise<void>((done) => (front.close(() => done()), front.closeAllConnections())));
    const site = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store);
    app = await startApp(store, clock.now, { publicUrl: `${site}/nextdeal` });
    const sale = await postSale(app, 'fietsenmaker', webhookSecret, saleBody({ customer: null }), clock.now());
    const page = await browser().newPage(onPhone());
    await page.goto(String(sale.body.consentUrl));
    await page.waitForLoadState('networkidle');
    await page.check('input[type="checkbox"] >> nth=0');
    expect(seen.some((r) => r.startsWith('/nextdeal/c/'))).toBe(true);
    expect(seen.filter((r) => !r.startsWith('/nextdeal/') && r.includes('/c/'))).toEqual([]);
    await page.close();
  });
});

// A review: where texts go nowhere (no Twilio), the page after the form still asked for the code that never comes; and
// the review of the join page's copy: the form asked for the number first, which could only lead to that page.
describe('the join page on a phone, where texts go nowhere yet', () => {
  const joinPageOnPhone = async () => {
    const store = await testStore();
    await createShop(store);
    const base = await startApp(store, testClock('2026-03-14T15:31:00+01:00').now, { smsUndelivered: 'outbox' });
    const page = await browser().newPage(onPhone());
    await page.goto(`${base}/shops/fietsenmaker/join`);
    return page;
  };

  it('asks for an e-mail address only, with a box a thumb can hit', async () => {
    const page = await joinPageOnPhone();
    expect(await page.locator('form input').evaluateAll((is) => is.map((i) => i.getAttribute('name')))).toEqual(['email', 'email_ok', 'item']);
    expect((await page.locator('label:has(input[name="email_ok"])').boundingBox())!.height).toBeGreaterThanOrEqual(44);
    // The field, its box and the button fit on the first screen, under the shop's name and what the page is for.
    expect((await page.locator('form button').boundingBox())!.y).toBeLessThan(844);
    expect((await contrasts(page, 'main p, main label, .shop')).filter((c) => c.text && c.ratio < 4.5)).toEqual([]);
    expect(await page.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}join-mail-only-390x844.png`, fullPage: true });
    await page.fill('input[name="email"]', 'sanne@example.com');
    await page.check('input[name="email_ok"]');
    await page.click('form button');
    expect(await page.locator('h1').innerText()).toBe('Kijk in je mail');
    await page.close();
  });

  it('asks for no code after a form opened before texts stopped going, and takes the customer back to the form', async () => {
    const page = await joinPageOnPhone();
    // The number and its box, as a form opened while texts still went had them.
    await page.locator('form').evaluate((f) => f.insertAdjacentHTML('afterbegin', '<input name="phone" value="06 13572468"><input type="checkbox" name="sms" value="yes" checked>'));
    await page.click('form button');
    expect(await page.locator('h1').innerText()).toBe('Aanmelden per sms kan hier nog niet');
    expect(await page.locator('input, form, button').count()).toBe(0);
    const back = page.locator('main a');
    expect(await back.innerText()).toBe('Terug naar het formulier');
    expect((await back.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect((await contrasts(page, 'main p, main a, .shop')).filter((c) => c.text && c.ratio < 4.5)).toEqual([]);
    expect(await page.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}join-no-sms-390x844.png`, fullPage: true });
    await back.click();
    await page.fill('input[name="email"]', 'sanne@example.com');
    await page.check('input[name="email_ok"]');
    await page.click('form button');
    expect(await page.locator('h1').innerText()).toBe('Kijk in je mail');
    await page.close();
  });
});

// The explorer's review: where neither texts nor e-mail go out, every field was filled in before the page said
// "Aanmelden kan hier nog niet". The form says it at its top now, on the first screen, readable.
describe('the join page on a phone, where neither texts nor e-mail go out yet', () => {
  it('says first that no code or link arrives, and to ask in the shop', async () => {
    const store = await testStore();
    await createShop(store);
    const base = await startApp(store, testClock('2026-03-14T15:31:00+01:00').now, { smsUndelivered: 'outbox', emailUndelivered: 'outbox' });
    const page = await browser().newPage(onPhone());
    await page.goto(`${base}/shops/fietsenmaker/join`);
    const warning = page.locator('main p', { hasText: 'Let op' });
    expect(await warning.innerText()).toContain('Let op: deze website verstuurt nog geen sms en geen e-mail');
    const box = (await warning.boundingBox())!;
    expect(box.y + box.height).toBeLessThan(844 / 2);
    expect((await contrasts(page, 'main p, main label, .shop')).filter((c) => c.text && c.ratio < 4.5)).toEqual([]);
    expect(await page.locator('body').evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}join-nothing-sent-390x844.png` });
    await page.close();
  });
});
