// What the e-mails say, as the customer and the owner read them, through a real SMTP server on loopback (the words
// review of every word nextdeal says: Dutch spelling, English no native speaker would write, an owner's alert that
// listed every reason where one applied).
import { describe, expect, it } from 'vitest';
import type { NewShop } from '../../src/db/shops.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { startSmtp } from '../fakes/smtp.js';
import { createShop, onCleanup, postSale, saleBody, startApp, tempDir, testClock, testStore } from '../helpers.js';

const NEXT_MORNING = Date.parse('2026-03-15T10:00:00+01:00');

/** `settings`: what the owner sets after creating the shop (formal: "u"). */
async function setup(shop: Partial<NewShop> = {}, settings: Record<string, unknown> = {}) {
  const smtp = await startSmtp();
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store, shop);
  await store.shops.update('fietsenmaker', settings);
  const base = await startApp(store, clock.now);
  const config = loadConfig({ SMTP_URL: smtp.url, EMAIL_FROM: 'hallo@nextdeal.example', OUTBOX_DIR: tempDir(), PUBLIC_URL: 'http://localhost:3000' });
  const { dispatcher, close } = configuredDispatcher(config, store, createLogger('silent'));
  onCleanup(close);
  const sell = async (over: Record<string, unknown> = {}) => {
    const customer = { name: 'Sanne de Vries', email: 'sanne@example.com', consent: { email: true } };
    const r = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer, ...over }), clock.now());
    expect(r.status).toBe(201);
  };
  /** The HTML part as read: tags gone, entities decoded, spaces folded. */
  const read = (html: string | false | undefined) =>
    String(html).replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
  return { smtp, store, base, clock, dispatcher, sell, read, tick: (at = NEXT_MORNING) => dispatcher.tick(at) };
}

describe('the check-in e-mail', () => {
  it('says "langskwam" (one word) in the footer of a visit e-mail, in "je" and in "u"', async () => {
    for (const formal of [0, 1]) {
      const s = await setup({}, { formal });
      await s.sell({ total: 0, items: [{ name: 'Garantie-reparatie', quantity: 1, unitPrice: 0 }] });
      expect((await s.tick()).sent).toBe(1);
      const footer = s.read(s.smtp.mails[0]!.html);
      expect(footer).toContain(formal ? 'U krijgt deze e-mail omdat u bij Fietsenmaker Test langskwam en toestemming gaf om u te mailen.'
        : 'Je krijgt deze e-mail omdat je bij Fietsenmaker Test langskwam en toestemming gaf om je te mailen.');
      expect(footer).not.toContain('langs kwam');
    }
  });

  it('asks in English as a native speaker would, in the text and the HTML part', async () => {
    const s = await setup({ locale: 'en', country: 'GB', name: 'Smith & Sons' });
    await s.sell({ customer: { name: 'Sanne de Vries', email: 'sanne@example.com', consent: { email: true }, locale: 'en' } });
    expect((await s.tick()).sent).toBe(1);
    const mail = s.smtp.mails[0]!;
    const said = "How are you getting on with it? We'd love to hear, and if anything isn't right, let us know and we'll sort it out.";
    expect(mail.text).toContain(said);
    expect(s.read(mail.html)).toContain(said);
    expect(`${mail.text} ${mail.html}`).not.toMatch(/Is it working out|then we will help you/);
  });
});

describe('the confirmation e-mail of the join page', () => {
  it('asks in English as a native speaker would', async () => {
    const s = await setup({ locale: 'en', country: 'GB', name: 'Smith & Sons' });
    const page = await fetch(`${s.base}/shops/fietsenmaker/join`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: 'piet@example.com', email_ok: 'yes' }).toString(),
    });
    expect(page.status).toBe(200);
    await s.tick(s.clock.now());
    const mail = s.smtp.mails[0]!;
    expect(mail.text).toMatch(/^Hi,\n\nPlease confirm that Smith & Sons may e-mail you:\nhttp:\/\/localhost:3000\/j\/[\w-]+\n/);
    expect(mail.text).toContain("The link works for 24 hours. Didn't ask for this? Just ignore this e-mail; nothing will happen.");
    const html = s.read(mail.html);
    expect(html).toContain('Please confirm that Smith & Sons may e-mail you.');
    expect(html).toContain("Didn't ask for this? Just ignore this e-mail; nothing will happen.");
    expect(`${mail.text} ${mail.html}`).not.toMatch(/Confirm with|Did not ask/);
  });
});

describe("the owner's alert", () => {
  /** The shop's check-in goes out, the customer answers on its page with `body`, and the owner's alert goes: that alert. */
  async function alertAbout(body: string, o: { name?: string; shop?: Partial<NewShop> } = {}) {
    const s = await setup(o.shop);
    await s.store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' });
    await s.sell({ customer: { name: o.name ?? 'Sanne de Vries', email: 'sanne@example.com', consent: { email: true } } });
    await s.tick();
    const reply = /http:\/\/localhost:3000(\/r\/[\w-]+)/.exec(s.smtp.mails[0]!.text!)![1]!;
    const page = await fetch(s.base + reply, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ comment: body }).toString() });
    expect(page.status).toBe(200);
    expect((await s.tick(NEXT_MORNING + 60_000)).alerts).toBe(1);
    const alert = s.smtp.mails.at(-1)!;
    return { text: alert.text!, html: s.read(alert.html), subject: alert.subject! };
  }

  it('says only the reason the customer gave for not wanting the messages, with a subject, in Dutch and English', async () => {
    const spam = await alertAbout('Dit is spam');
    for (const part of [spam.text, spam.html]) {
      expect(part).toContain('Sanne de Vries wil deze berichten niet ontvangen en noemt ze spam. Er gaat niets meer naartoe');
      expect(part).not.toMatch(/toestemming voor te hebben gegeven|verwijderen\./);
    }
    const en = await alertAbout('Delete my data please', { shop: { locale: 'en', country: 'GB' } });
    for (const part of [en.text, en.html]) {
      expect(part).toContain("Sanne de Vries doesn't want these messages and asks for their data to be deleted. Nothing more goes to them");
      // She asked: owed, not "if" (the review of b1f48c5).
      expect(part).toContain('Their data must be deleted within a month (GDPR): ask whoever runs nextdeal to run customer erase.');
      expect(part).not.toMatch(/calls them spam|never agreed|wrote back never|If they want their data deleted/);
    }
    for (const part of [spam.text, spam.html]) expect(part).toContain('Moeten de gegevens weg, dan binnen een maand (AVG)');
    const erase = await alertAbout('Verwijder mijn gegevens');
    for (const part of [erase.text, erase.html]) expect(part).toContain('en vraagt de gegevens te verwijderen. Er gaat niets meer naartoe, geen sms en geen e-mail. Klopt de toestemming in de kassa niet, zet het daar goed. De gegevens moeten binnen een maand weg (AVG): vraag wie nextdeal beheert ze te wissen met customer erase.');
  });

  it('lists several reasons as a sentence does, with commas and one "en" before the last, not "en … en … en"', async () => {
    const all = await alertAbout('Ik heb nooit toestemming gegeven. Dit is spam. Verwijder mijn gegevens');
    expect(all.text).toContain('Sanne de Vries wil deze berichten niet ontvangen, zegt er nooit toestemming voor te hebben gegeven, noemt ze spam en vraagt de gegevens te verwijderen. Er gaat');
    // (The HTML's first words are bold: read as text, a space comes where the bold ends.)
    expect(all.html).toContain('Sanne de Vries wil deze berichten niet ontvangen , zegt er nooit toestemming voor te hebben gegeven, noemt ze spam en vraagt de gegevens te verwijderen. Er gaat');
    const two = await alertAbout('I never signed up for this, it is spam', { shop: { locale: 'en', country: 'GB' } });
    expect(two.text).toContain("Sanne de Vries doesn't want these messages, says they never agreed to them and calls them spam. Nothing more");
    expect(two.html).toContain("Sanne de Vries doesn't want these messages , says they never agreed to them and calls them spam. Nothing more");
  });

  it('starts a sentence with a capital where the name starts with a particle, and speaks English as a native speaker', async () => {
    const nl = await alertAbout('De rits is kapot', { name: 'van der Berg' });
    expect(nl.subject).toBe('Probleem van Van der Berg over Regenjas');
    expect(nl.text).toMatch(/^Van der Berg heeft een probleem\. /);
    expect(nl.html).toContain('Van der Berg heeft een probleem.');
    // Dutch capitalises the "ij" at a word's start as one letter: IJsbrand, not Ijsbrand.
    expect((await alertAbout('De rits is kapot', { name: 'ijsbrand' })).text).toMatch(/^IJsbrand heeft een probleem\. /);
    // Not before a vowel, where the two letters are two: Ijaz, Ijeoma.
    expect((await alertAbout('De rits is kapot', { name: 'ijaz' })).text).toMatch(/^Ijaz heeft een probleem\. /);
    const en = await alertAbout('The zip is broken', { name: 'van der Berg', shop: { locale: 'en', country: 'GB' } });
    for (const part of [en.text, en.html]) {
      expect(part).toContain('Van der Berg has a problem. Now is a good time to get back to them.');
      expect(part).toContain('Their come-back invitation is on hold until you mark this handled.');
      expect(part).not.toMatch(/This is the moment|waits for that/);
    }
  });
});
