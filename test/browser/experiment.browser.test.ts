// "Helpt nextdeal?" in a real browser (the system's Chromium through playwright-core), on a phone (390×844) and a
// desktop (1366×900): the verdict in one sentence at the top, the two groups with the counts this test keeps itself,
// the picture, what is behind the one tap, changing the share; screenshots of both widths in test/artifacts/.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../src/domain/calendar.js';
import { hashPassword } from '../../src/domain/password.js';
import { readSale } from '../../src/http/sale-schema.js';
import { createShop, onCleanup, run, startApp, testClock, testDispatcher, testStore, value } from '../helpers.js';
import { holdoutCustomers, shopWith } from '../store-sales.js';
import { logIn, useChromium } from './browser.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const PASSWORD = 'fietsen-zijn-fijn-42';
const NOW = '2026-06-30T12:00:00+02:00';
const DAY = 86_400_000;

const browser = useChromium();

/**
 * A shop holding half its new customers out since 5 January: two new customers a day until 10 April, each sale
 * stored as it came in, the check-ins going out the next day (to a recording channel: a check-in that never went out
 * makes no verdict, see test/experiment-delivery.test.ts); a messaged customer comes back (20 days later) when
 * n % 2 === 0, a held-out one when n % 5 === 0.
 * Returns the test's own count of matured customers and returners per group.
 */
async function seed() {
  const store = await testStore();
  const { shop } = await createShop(store, { holdout: 50 });
  // A salt of the test's own, so that who is held out is the same every run, and so is the verdict: with a random
  // salt, about one draw in fifteen (2 of 30 tried) leaves this data at "Waarschijnlijk wel", not "Ja, bewezen".
  await run(store.db, 'UPDATE experiment_periods SET salt = ? WHERE shop_id = ?', 'fietsenmaker', shop.id);
  await store.sessions.setPassword(shop.id, await hashPassword(PASSWORD));
  await store.shops.update(shop.slug, { alertEmail: 'eigenaar@fietsenmaker.example' }); // else the page warns first that complaints reach no e-mail
  const start = Date.parse('2026-01-05T10:00:00+01:00');
  const books = { messaged: { n: 0, x: 0 }, heldOut: { n: 0, x: 0 } };
  const today = dayNumber(Date.parse(NOW), shop.timezone);
  let id = 0;
  const record = async (phone: string, at: number) => {
    const read = readSale({ id: `s-${++id}`, occurredAt: new Date(at).toISOString(), customer: { phone, consent: { sms: true } }, items: [{ name: 'Bel' }] }, 'NL', at + 60_000);
    if (!read.ok) throw new Error('bad sale');
    return store.sales.record(shop, read.sale, at + 60_000);
  };
  const { dispatcher } = testDispatcher(store);
  for (let n = 0; n < 192; n++) {
    const at = start + Math.floor(n / 2) * DAY;
    const phone = `+3161${String(3_000_000 + n).padStart(7, '0')}`;
    const first = await record(phone, at);
    await dispatcher.tick(at + DAY + 3 * 3_600_000); // the next day's check-ins
    const held = first.outcome === 'created' && first.response.skipped.some((s) => s.reason === 'held_out');
    const back = held ? n % 5 === 0 : n % 2 === 0;
    if (back) await record(phone, at + 20 * DAY);
    if (dayNumber(at, shop.timezone) <= today - 60) {
      const g = held ? books.heldOut : books.messaged;
      g.n++;
      if (back) g.x++;
    }
  }
  const base = await startApp(store, testClock(NOW).now);
  return { store, shop, base, books };
}

/** 5 January, 12:00: when the shops of the tests below began holding customers out. */
const A = Date.parse('2026-01-05T12:00:00+01:00');

/** A shop holding half its new customers out since the day before `from`, its owner able to log in. */
async function shopSince(from: number) {
  const { store, shop } = await shopWith(50);
  await store.sessions.setPassword(shop.id, await hashPassword(PASSWORD));
  await store.shops.update(shop.slug, { alertEmail: 'eigenaar@fietsenmaker.example' });
  await run(store.db, 'UPDATE experiment_periods SET started_at = ?', from - DAY);
  return { store, shop };
}

/** The owner logged in on a phone (390×844). */
async function onPhone(base: string, slug: string) {
  const context = await browser().newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
  onCleanup(() => context.close());
  const page = await context.newPage();
  await logIn(page, base, slug, PASSWORD);
  return page;
}

describe('"Helpt nextdeal?" in a real browser', () => {
  it('says in a sentence whether nextdeal helps, with the counts behind it, at phone and desktop width; the share is one tap away', async () => {
    const { store, shop, base, books } = await seed();
    expect(books.heldOut.n).toBeGreaterThan(20);
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1366, height: 900 }]] as const) {
      const context = await browser().newContext({ viewport, locale: 'nl-NL' });
      onCleanup(() => context.close());
      const page = await context.newPage();
      await logIn(page, base, shop.slug, PASSWORD);

      const panel = page.locator('#experiment');
      // The first thing on the page, and its verdict on the first screen.
      expect(await page.locator('main section').first().getAttribute('id')).toBe('experiment');
      const verdict = page.locator('#experiment .verdict');
      expect(await verdict.innerText()).toBe('Ja, bewezen: de berichten brengen klanten terug.');
      const box = (await verdict.boundingBox())!;
      expect(box.y + box.height).toBeLessThan(viewport.height);
      expect(await panel.locator('[data-arm="messaged"]').innerText()).toContain(`${books.messaged.x} van de ${books.messaged.n} kwamen binnen 60 dagen terug`);
      expect(await panel.locator('[data-arm="held-out"]').innerText()).toContain(`${books.heldOut.x} van de ${books.heldOut.n} kwamen binnen 60 dagen terug`);
      expect(await panel.locator('svg[role="img"]').count()).toBe(1);
      expect(await panel.locator('[data-chance]').innerText()).toMatch(/^Kans dat de berichten helpen: (ongeveer \d+%|meer dan 99%)\.$/);
      // No wider than the phone: nothing to scroll sideways.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      await panel.locator(':scope > details > summary').click();
      expect(await panel.innerText()).toContain('"Bewezen" betekent');
      await panel.screenshot({ path: `${ARTIFACTS}experiment-${name}.png` });
    }

    // Changing the share: a new period; the customers in so far keep their group and the results stay.
    const page = await onPhone(base, shop.slug);
    // The way to the setting is a tap target like any other (44 px), and the groups' rates in the chart are bold.
    expect((await page.locator('#experiment > details > summary').boundingBox())!.height).toBeGreaterThanOrEqual(44);
    const weights = await page.locator('#experiment svg text[font-weight="600"]').evaluateAll((ts) => ts.map((t) => t.ownerDocument.defaultView!.getComputedStyle(t).fontWeight));
    expect(weights.length).toBeGreaterThan(0);
    expect(new Set(weights)).toEqual(new Set(['600']));
    await page.locator('#experiment > details > summary').click();
    await page.selectOption('#experiment select[name="holdout"]', '30');
    await Promise.all([page.waitForURL(`${base}/shops/${shop.slug}#experiment`), page.click('#experiment form button')]);
    expect(await page.locator('#experiment select[name="holdout"]').inputValue()).toBe('30');
    expect(await value(store.db, 'SELECT count(*) FROM experiment_periods')).toBe(2);
    expect(await page.locator('#experiment .verdict').innerText()).toBe('Ja, bewezen: de berichten brengen klanten terug.');
  }, 60_000);

  it('after a change of share, gives each weighed percentage with the customers it is based on and the counts per period, at phone width', async () => {
    const { store, shop } = await shopSince(A);
    const numbers = { n: 0 };
    const { dispatcher } = testDispatcher(store);
    const batch = (count: number, at: number, back: (heldOut: boolean, k: number) => boolean) =>
      holdoutCustomers(store, shop, numbers, count, at, back, () => dispatcher.tick(at + DAY)); // the check-ins go out
    await batch(40, A, (held, k) => (held ? k % 4 === 0 : k % 2 === 0));
    await store.experiments.setShare(shop, 20, A + DAY);
    await run(store.db, 'UPDATE experiment_periods SET salt = ? WHERE ended_at IS NULL', 'review-figures-2');
    await batch(60, A + 2 * DAY, (held, k) => (held ? k % 2 === 0 : k % 4 !== 3));
    const base = await startApp(store, testClock('2026-03-20T12:00:00+01:00').now);

    const page = await onPhone(base, shop.slug);
    const panel = page.locator('#experiment');
    for (const arm of ['messaged', 'held-out']) {
      const card = await panel.locator(`[data-arm="${arm}"]`).innerText();
      expect(card).toMatch(/^[^\n]+\n\d+%\nkwam binnen 60 dagen terug, op basis van \d+ klanten, per periode gewogen\./);
      expect(card).not.toMatch(/\d+ van de \d+/);
    }
    await panel.locator(':scope > details > summary').click();
    const rows = await panel.locator('table[data-periods] tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/^vanaf \d+ jan 2026, \d+% buiten de berichten\t\d+ van \d+\t\d+ van \d+$/);
    // Nothing wider than the phone, the table included.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    mkdirSync(ARTIFACTS, { recursive: true });
    await panel.screenshot({ path: `${ARTIFACTS}experiment-weighed-phone.png` });
  }, 60_000);

  // With no SMTP or Twilio set up the outbox takes every check-in (here: none went out): no verdict, said on the first
  // screen of a phone, and nothing that reads as one.
  it('says on the first screen of a phone that it cannot show whether nextdeal helps while no check-in went out', async () => {
    const { store, shop } = await shopSince(A);
    await holdoutCustomers(store, shop, { n: 0 }, 100, A, (held, k) => (held ? k % 5 === 0 : k % 2 === 0));
    const base = await startApp(store, testClock('2026-03-20T12:00:00+01:00').now);
    const page = await onPhone(base, shop.slug);
    const panel = page.locator('#experiment');
    const verdict = panel.locator('.verdict');
    expect(await verdict.innerText()).toMatch(/^Dit kan nog niet laten zien of nextdeal helpt: bij de klanten in de vergelijking is nog geen bericht aangekomen \(bij 0 van de \d+ in de groep met berichten/);
    const box = (await verdict.boundingBox())!;
    expect(box.y + box.height).toBeLessThan(844);
    for (const answer of ['svg[role="img"]', '[data-chance]', '[data-difference]', '[data-extra]', '[data-cost]', '[data-attribution]']) expect(await panel.locator(answer).count()).toBe(0);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await panel.locator(':scope > details > summary').click();
    mkdirSync(ARTIFACTS, { recursive: true });
    await panel.screenshot({ path: `${ARTIFACTS}experiment-not-delivered-phone.png` });
  }, 60_000);
});
