// The owner's overview as a screen reader or voice control gets it (the accessibility review): every button of a reply's
// card names its customer, so that "Afgehandeld" never closes the wrong complaint; each card is named after its
// customer; the line after "Afgehandeld" is read out. Read from Chromium's accessibility tree (getByRole with the accessible name), on a phone.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, onCleanup, postSale, saleBody, startApp, testClock, testStore } from '../helpers.js';
import { contrasts, logIn, useChromium } from './browser.js';

const PASSWORD = 'fietsen-zijn-fijn-42';
const NOW = '2026-06-15T12:00:00+02:00';
const browser = useChromium();

async function seed() {
  const store = await testStore();
  const clock = testClock(NOW);
  const { shop, webhookSecret } = await createShop(store);
  await store.sessions.setPassword(shop.id, await hashPassword(PASSWORD));
  const base = await startApp(store, clock.now);
  const problem = async (id: string, customer: { name?: string; phone?: string; email?: string }, at: string) => {
    const consent = { ...(customer.phone && { sms: true }), ...(customer.email && { email: true }) };
    const res = await postSale(base, shop.slug, webhookSecret, saleBody({ id, occurredAt: '2026-06-13T10:00:00Z', customer: { ...customer, consent } }), clock.now());
    expect(res.status).toBe(201);
    const { saleId, customerId } = res.body as { saleId: number; customerId: number };
    const r = await store.replies.record({ shopId: shop.id, customerId, messageId: null, saleId, channel: 'email', providerId: null, answer: null, body: 'De rits is kapot', at: Date.parse(at) });
    if (r.duplicate) throw new Error('the reply was not stored');
    return r.id;
  };
  const julia = await problem('julia-1', { name: 'Julia Peters', phone: '06 12345601', email: 'julia@example.com' }, '2026-06-14T09:00:00Z');
  const mila = await problem('mila-1', { name: 'Mila Bos', phone: '06 12345602' }, '2026-06-14T08:00:00Z');
  const nameless = await problem('x-1', { phone: '06 12345603' }, '2026-06-14T07:00:00Z');
  const context = await browser().newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
  onCleanup(() => context.close());
  const page = await context.newPage();
  await logIn(page, base, shop.slug, PASSWORD);
  return { store, shop, base, page, julia, mila, nameless };
}

describe("the owner's overview to a screen reader", () => {
  it("names the customer in every button of a reply's card, and names the card after her", async () => {
    const { page, julia, nameless } = await seed();
    const list = page.locator('#call-back');
    for (const s of await list.locator('details > summary').all()) await s.click();
    // One "Afgehandeld" per customer, each saying whose; a customer without a name by her number, as the page names her.
    for (const who of ['Julia Peters', 'Mila Bos', '06 12345603']) {
      await expect(list.getByRole('button', { name: `Afgehandeld: ${who}`, exact: true }).count()).resolves.toBe(1);
      await expect(list.getByRole('button', { name: `Niets meer sturen: ${who}`, exact: true }).count()).resolves.toBe(1);
      await expect(list.getByRole('button', { name: `Vraag: ${who}`, exact: true }).count()).resolves.toBe(1);
    }
    await expect(list.getByRole('link', { name: 'Bel 06 12345601: Julia Peters', exact: true }).count()).resolves.toBe(1);
    await expect(list.getByRole('link', { name: 'julia@example.com: Julia Peters', exact: true }).count()).resolves.toBe(1);
    // Her number is her name here: not said twice.
    await expect(list.getByRole('link', { name: 'Bel 06 12345603', exact: true }).count()).resolves.toBe(1);
    // Each card is an article named after its customer and when she wrote.
    await expect(page.locator(`article[data-reply="${julia}"]`).evaluate((e) => e.getAttribute('aria-labelledby'))).resolves.toBeTruthy();
    await expect(list.getByRole('article', { name: 'Julia Peters zo 14 jun, 11:00', exact: true }).count()).resolves.toBe(1);
    await expect(list.getByRole('article', { name: '06 12345603 zo 14 jun, 09:00', exact: true }).getAttribute('data-reply')).resolves.toBe(String(nameless));
    // What the eye sees is unchanged: "Afgehandeld", and "?" for the customer without a name.
    await expect(list.locator(`article[data-reply="${julia}"] .actions button`).first().innerText()).resolves.toMatch(/^Afgehandeld/);
    const shown = await list.locator(`article[data-reply="${julia}"] .actions button`).first().boundingBox();
    expect(shown!.width).toBeLessThan(150);

    // "Afgehandeld" by its name, as voice control would: that card goes, and the line after it names her, with its undo.
    await Promise.all([page.waitForURL(/handled=/), list.getByRole('button', { name: 'Afgehandeld: Mila Bos', exact: true }).click()]);
    await expect(page.locator('#handled p').innerText()).resolves.toBe('Mila Bos: afgehandeld.');
    await expect(page.getByRole('button', { name: 'Terug op de lijst: Mila Bos', exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Afgehandeld: Mila Bos', exact: true }).count()).resolves.toBe(0);
    // The line has the focus, so that a screen reader reads it out (a status there from the page's load is not
    // announced), and the next Tab is its undo.
    expect(new URL(page.url()).hash).toBe('#handled');
    // Opened at that line, the list's heading ("Terugbellen (2)") still in sight above it, as when it opened at the list.
    expect((await page.locator('#call-back h2').boundingBox())!.y).toBeGreaterThanOrEqual(0);
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('handled');
    // Read by its words: a status takes no name from its content, and was read as "status" and nothing else (frv5).
    await expect(page.getByRole('status', { name: 'Mila Bos: afgehandeld.', exact: true }).getAttribute('id')).resolves.toBe('handled');
    await page.keyboard.press('Tab');
    await expect(page.evaluate("document.activeElement.getAttribute('aria-label')")).resolves.toBe('Terug op de lijst: Mila Bos');
  });

  it('keeps every button a box in forced colours (Windows high contrast), and every field and figure yet to come one can see', async () => {
    const { page } = await seed();
    const handled = page.locator('#call-back .actions button').first();
    const box = () => handled.evaluate((b) => {
      const s = b.ownerDocument.defaultView!.getComputedStyle(b);
      const range = b.ownerDocument.createRange();
      range.selectNodeContents(b);
      return { border: `${s.borderTopWidth} ${s.borderTopStyle}`, colour: s.borderTopColor, width: b.getBoundingClientRect().width, text: range.getBoundingClientRect().width };
    });
    // Normally the border is there but transparent, and the button as wide as before: its words and .9rem each side.
    const normal = await box();
    expect([normal.border, normal.colour]).toEqual(['2px solid', 'rgba(0, 0, 0, 0)']);
    expect(Math.abs(normal.width - (normal.text + 2 * 0.9 * 16))).toBeLessThan(1);
    // A quiet one (the mail link) keeps its own 1-px grey border and its .9rem each side.
    const quiet = await page.locator('#call-back .actions a.button.quiet').first().evaluate((b) => {
      const range = b.ownerDocument.createRange();
      range.selectNodeContents(b);
      return b.getBoundingClientRect().width - range.getBoundingClientRect().width;
    });
    expect(Math.abs(quiet - (2 * 0.9 * 16 + 2))).toBeLessThan(1);
    // Forced colours take the background away: the border is what still shows it is a button.
    await page.emulateMedia({ forcedColors: 'active' });
    const forced = await box();
    expect(forced.border).toBe('2px solid');
    expect(forced.colour).not.toBe('rgba(0, 0, 0, 0)');
    await page.emulateMedia({ forcedColors: 'none' });
    // A field's edge at 3:1 or more against the field and against the page (WCAG 1.4.11): #bbb was 1.9:1.
    const edges = await page.locator('main input:not([type=hidden]):not([type=radio]), main select').evaluateAll((els) => els.map((e) => {
      const view = e.ownerDocument.defaultView!;
      const rgb = (s: string) => (s.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
      };
      const ratio = (a: number[], b: number[]) => { const [x, y] = [lum(a), lum(b)]; return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
      const edge = rgb(view.getComputedStyle(e).borderTopColor);
      const page = rgb(view.getComputedStyle(e.ownerDocument.body).backgroundColor);
      return Math.min(ratio(edge, [255, 255, 255]), ratio(edge, page));
    }));
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.filter((r) => r < 3)).toEqual([]);
    // The return rates not known yet ("–", large bold text): 3:1 at least, where #999 was 2.59:1.
    const placeholders = await contrasts(page, '#return-rate .later strong');
    expect(placeholders.length).toBeGreaterThan(0);
    expect(placeholders.filter((p) => p.ratio < 3)).toEqual([]);
  });
});
