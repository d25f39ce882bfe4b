// The overview on a phone (390×844, the system's Chromium through playwright-core), with a few months of sales, a
// hold-out, check-ins and replies behind it: the owner opens it between customers. Who to call is on the first screen,
// and the whole page is at most four screens long; the rest (per-month tables, the hold-out's detail, the settings)
// is folded, a tap away, its folded line still saying its key figure. Screenshots and each section's height in
// test/artifacts/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, onCleanup, postSale, saleBody, startApp, testClock, testDispatcher, testStore } from '../helpers.js';
import { logIn, useChromium } from './browser.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const PASSWORD = 'fietsen-zijn-fijn-42';
const NOW = '2026-06-15T12:00:00+02:00';
const DAY = 86_400_000;
const PHONE = { width: 390, height: 844 };
/**
 * Four screens: the warnings and the call-back list (three cards here), the hold-out's verdict and the return rates
 * take about two; the folded lines of everything else one more; a fourth is the margin for a longer name or reason.
 * The page before folding was about eleven.
 */
const SCREENS = 4;
const browser = useChromium();

const REASONS = ['Voor mijn fietstochten!', 'Cadeau', 'Band lek', 'Nieuwe fiets voor mijn dochter', 'Onderhoud'];

/**
 * Forty-five customers, one every two days from 1 March (a fifth held out), check-ins sent by SMS or by e-mail; one
 * in three buys again three weeks later. Replies: two problems and a question still open, and a few happy ones.
 */
async function seed() {
  const store = await testStore();
  const clock = testClock('2026-03-01T12:00:00+01:00');
  const { shop, webhookSecret } = await createShop(store, { holdout: 20 });
  await store.sessions.setPassword(shop.id, await hashPassword(PASSWORD));
  await store.shops.update(shop.slug, { alertEmail: 'eigenaar@fietsenmaker.example' });
  const base = await startApp(store, clock.now);
  const { dispatcher } = testDispatcher(store);
  const ids: { saleId: number; customerId: number }[] = [];
  const sales: { at: number; body: unknown }[] = [];
  for (let i = 0; i < 45; i++) {
    const at = Date.parse('2026-03-01T10:00:00Z') + i * 2 * DAY;
    const customer = {
      name: `Klant ${String(i + 1).padStart(2, '0')} ${['Jansen', 'de Boer', 'Bakker', 'Visser', 'Smit'][i % 5]}`,
      phone: `06 1234${String(i).padStart(4, '0')}`, email: `k${i}@example.com`, consent: i % 2 ? { sms: true } : { email: true },
    };
    sales.push({ at, body: saleBody({ id: `s-${i}`, occurredAt: new Date(at).toISOString(), reason: REASONS[i % 5]!, customer }) });
    if (i % 3 === 0) sales.push({ at: at + 21 * DAY, body: saleBody({ id: `s-${i}-again`, occurredAt: new Date(at + 21 * DAY).toISOString(), customer }) });
  }
  sales.sort((a, b) => a.at - b.at);
  for (const s of sales) {
    clock.set(new Date(s.at + 60_000).toISOString());
    const res = await postSale(base, shop.slug, webhookSecret, s.body, s.at + 60_000);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    if (!String((s.body as { id: string }).id).endsWith('again')) ids.push(res.body);
    await dispatcher.tick(s.at + DAY + 3 * 3_600_000);
  }
  await dispatcher.tick(Date.parse(NOW) - 3_600_000);
  const said = async (who: number, body: string | null, answer: 'great' | 'unsure' | null, at: string) => {
    const r = await store.replies.record({ shopId: shop.id, customerId: ids[who]!.customerId, messageId: null, saleId: ids[who]!.saleId, channel: 'email', providerId: null, answer, body, at: Date.parse(at) });
    if (r.duplicate) throw new Error('the reply was not stored');
  };
  await said(40, 'De rits is kapot', null, '2026-06-13T09:15:00Z');
  await said(41, 'Wanneer kan ik de fiets ophalen?', null, '2026-06-12T09:15:00Z');
  await said(38, 'De remmen piepen nog steeds', null, '2026-06-10T09:15:00Z');
  for (const who of [30, 32, 34, 36]) await said(who, null, 'great', `2026-06-0${who % 9 + 1}T09:15:00Z`);
  clock.set(NOW);
  return { shop, base };
}

/** Each block of the overview, top to bottom: its id (or first words) and its height in CSS pixels. */
function blocks(page: import('playwright-core').Page) {
  return page.locator('main > *').evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { id: e.id || (e.textContent ?? '').trim().slice(0, 24), top: Math.round(r.top + e.ownerDocument.defaultView!.scrollY), height: Math.round(r.height) };
  }));
}

describe('the overview on a phone', () => {
  it(`is at most ${SCREENS} screens long, with who to call on the first`, async () => {
    const { shop, base } = await seed();
    const context = await browser().newContext({ viewport: PHONE, locale: 'nl-NL' });
    onCleanup(() => context.close());
    const page = await context.newPage();
    await logIn(page, base, shop.slug, PASSWORD);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}phone-overview.png`, fullPage: true });
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    const shown = await blocks(page);
    writeFileSync(`${ARTIFACTS}phone-overview.json`, JSON.stringify({ height, screens: height / PHONE.height, blocks: shown }, null, 1));

    // Who to call: the list's title and its first card (the newest problem) end within the first screen.
    const card = (await page.locator('#call-back article').first().boundingBox())!;
    expect(await page.locator('#call-back article').first().innerText()).toContain('De rits is kapot');
    expect(card.y + Math.min(card.height, 200), 'the first card to call starts on the first screen').toBeLessThanOrEqual(PHONE.height);
    expect(height, `the page's height (${(height / PHONE.height).toFixed(1)} screens)`).toBeLessThanOrEqual(SCREENS * PHONE.height);

    // Opened, nothing is lost: every section is still there, and the page grows by what was folded.
    for (const s of await page.locator('main details > summary').all()) await s.click();
    await page.screenshot({ path: `${ARTIFACTS}phone-overview-open.png`, fullPage: true });
    for (const id of ['call-back', 'experiment', 'return-rate', 'checkins', 'invitation', 'waiting', 'asking', 'reasons', 'cohorts', 'voice']) {
      await expect(page.locator(`#${id}`).isVisible(), id).resolves.toBe(true);
    }
  });
});
