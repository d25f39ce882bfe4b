// The pages a customer opens without the shop knowing her yet (its join page, a sale's consent link, the pages after
// them) and the code or link they send her speak the shop's language where her browser reads it, else English: a
// tourist at a Dutch shop scanning its QR poster got a Dutch form she could not fill in, and a Dutch e-mail. The poster
// stays the shop's (its owner prints it). Her browser's language, kept as hers when she confirms by e-mail, is what her check-in
// comes in. Each case that changes what she sees failed before (the page was the shop's whoever read it); the
// others guard what stays.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { NewShop } from '../../src/db/shops.js';
import { titleOf } from './a11y.js';
import { PUBLIC_URL, createShop, one, postSale, saleBody, startApp, testClock, testDispatcher, testStore } from '../helpers.js';

const NOW = '2026-03-14T15:31:00+01:00';

async function setup(settings: Partial<NewShop> = {}) {
  const store = await testStore();
  const clock = testClock(NOW);
  const { webhookSecret } = await createShop(store, settings);
  const base = await startApp(store, clock.now);
  const { dispatcher, sms, email } = testDispatcher(store);
  /** A page as a browser saying `language` opens it; undefined: no Accept-Language at all (fetch sends "*"). */
  const open = (path: string, language?: string) =>
    new Promise<{ status: number; text: string }>((done, fail) => {
      const req = request(`${base}${path}`, { headers: language === undefined ? {} : { 'accept-language': language } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => done({ status: res.statusCode!, text }));
      });
      req.on('error', fail).end();
    });
  const post = async (path: string, form: Record<string, string>, language: string) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': language }, body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, text: await res.text() };
  };
  /** A sale the till knows no customer of: its consent link's path. */
  const link = async () => {
    const res = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: `sale-${Math.random()}`, customer: null, reason: null }), clock.now());
    return String(res.body.consentUrl).replace(PUBLIC_URL, '');
  };
  const tick = (iso: string) => {
    clock.set(iso);
    return dispatcher.tick(Date.parse(iso));
  };
  /** The e-mailed link's path (/j/<token>) of the newest confirmation e-mail. */
  const mailedLink = () => /https:\/\/deals\.example\.test(\/j\/[\w-]+)/.exec(email.sent.at(-1)!.text)![1]!;
  return { store, clock, base, open, post, link, tick, mailedLink, sms, email, webhookSecret };
}

const lang = (page: string) => /<html lang="([\w-]+)">/.exec(page)?.[1];
const JOIN = '/shops/fietsenmaker/join';

describe("the join page in a language the visitor's browser reads", () => {
  it('is English for an English browser at a Dutch shop: the form, an error, the code page, the check-mail page and the e-mail', async () => {
    const w = await setup();
    const EN = 'en-GB,en;q=0.9';
    const form = await w.open(JOIN, EN);
    expect(lang(form.text)).toBe('en');
    expect(titleOf(form.text)).toBe("May Fietsenmaker Test ask you later how it's going?");
    expect(form.text).toContain('Mobile number');
    const wrong = await w.post(JOIN, {}, EN);
    expect(wrong.status).toBe(400);
    expect(lang(wrong.text)).toBe('en');
    expect(wrong.text).toContain('Fill in a mobile number or an e-mail address.');
    const code = await w.post(JOIN, { phone: '06 13572468', sms: 'yes' }, EN);
    expect(lang(code.text)).toBe('en');
    expect(titleOf(code.text)).toBe('Enter your code – Fietsenmaker Test');
    const mail = await w.post(JOIN, { email: 'tourist@example.com', email_ok: 'yes' }, EN);
    expect(titleOf(mail.text)).toBe('Check your e-mail – Fietsenmaker Test');
    await w.tick('2026-03-14T15:32:00+01:00');
    expect(w.sms.sent.at(-1)!.body).toMatch(/^Fietsenmaker Test: your sign-up code is \d{6}\. Didn't ask for it\? Just ignore this message\.$/);
    expect(w.email.sent.at(-1)!.subject).toBe('Confirm your e-mail address for Fietsenmaker Test');
    expect(w.email.sent.at(-1)!.text).toContain('Please confirm that Fietsenmaker Test may e-mail you:');
    // The e-mail's page, and the thanks page, read her browser as the form did.
    const opened = await w.open(w.mailedLink(), EN);
    expect(lang(opened.text)).toBe('en');
    const thanks = await w.post(w.mailedLink(), {}, EN);
    expect(titleOf(thanks.text)).toBe('Thank you! – Fietsenmaker Test');
  });

  it.each([
    ['a Dutch browser that reads English too', {}, 'nl-NL,nl;q=0.9,en;q=0.8', 'nl', 'Mag Fietsenmaker Test je later vragen hoe het bevalt?'],
    ['a German browser (English: likelier read than Dutch, as a +49 number is written to)', {}, 'de-DE,de;q=0.9', 'en', "May Fietsenmaker Test ask you later how it's going?"],
    ['no Accept-Language at all (the shop\'s stays)', {}, undefined, 'nl', 'Mag Fietsenmaker Test je later vragen hoe het bevalt?'],
    ['"*" (the shop\'s stays)', {}, '*', 'nl', 'Mag Fietsenmaker Test je later vragen hoe het bevalt?'],
    ['English refused, Dutch accepted (not the first tag read alone)', {}, 'en;q=0, nl', 'nl', 'Mag Fietsenmaker Test je later vragen hoe het bevalt?'],
    ['Dutch accepted at all, English first', {}, 'en-GB,en;q=0.9,nl;q=0.1', 'nl', 'Mag Fietsenmaker Test je later vragen hoe het bevalt?'],
    ['a Flemish browser at a formal shop: its "u"', { formal: 1 }, 'nl-BE', 'nl', 'Mag Fietsenmaker Test u later vragen hoe het bevalt?'],
    ['a Dutch browser at an English shop: Dutch, which nextdeal speaks', { locale: 'en' }, 'nl', 'nl', 'Mag Fietsenmaker Test je later vragen hoe het bevalt?'],
    ['an English browser at an English shop (the shop\'s stays)', { locale: 'en' }, 'en-US', 'en', "May Fietsenmaker Test ask you later how it's going?"],
    ['a German browser at an English shop: the shop\'s', { locale: 'en' }, 'de', 'en', "May Fietsenmaker Test ask you later how it's going?"],
  ] as const)('with %s', async (_, settings, header, html, title) => {
    const w = await setup(settings);
    const page = await w.open(JOIN, header);
    expect(page.status).toBe(200);
    expect(lang(page.text)).toBe(html);
    expect(titleOf(page.text)).toBe(title);
  });

  it('sends the code in the language of the page: Dutch to a Dutch browser at an English shop', async () => {
    const w = await setup({ locale: 'en' });
    await w.post(JOIN, { phone: '06 13572468', sms: 'yes' }, 'nl');
    await w.tick('2026-03-14T15:32:00+01:00');
    expect(w.sms.sent.at(-1)!.body).toMatch(/^Fietsenmaker Test: je code is \d{6}, om je aan te melden voor berichten\./);
  });

  it("keeps the poster in the shop's language, whoever opens it: its owner prints it", async () => {
    const w = await setup();
    const poster = await w.open(`${JOIN}/poster`, 'en-GB,en;q=0.9');
    expect(lang(poster.text)).toBe('nl');
    expect(poster.text).toContain('Scan en laat je nummer achter: dan kan Fietsenmaker Test je vragen hoe je aankoop bevalt.');
  });
});

describe("a sale's consent link in a language the visitor's browser reads", () => {
  it('is English for an English browser at a Dutch shop, and Dutch for a Dutch one; so is its page once used', async () => {
    const w = await setup();
    const path = await w.link();
    const english = await w.open(path, 'en-GB,en;q=0.9');
    expect(lang(english.text)).toBe('en');
    expect(english.text).toContain('Mobile number');
    expect(lang((await w.open(path, 'nl-NL,nl;q=0.9,en;q=0.8')).text)).toBe('nl');
    const mail = await w.post(path, { email: 'tourist@example.com', email_ok: 'yes' }, 'en-GB,en;q=0.9');
    expect(titleOf(mail.text)).toBe('Check your e-mail – Fietsenmaker Test');
    await w.tick('2026-03-14T15:32:00+01:00');
    expect(w.email.sent.at(-1)!.text).toContain('This is about what you bought: Regenjas.');
    expect((await w.post(w.mailedLink(), {}, 'en-GB,en;q=0.9')).status).toBe(200);
    const used = await w.open(path, 'en-GB,en;q=0.9');
    expect(used.status).toBe(410);
    expect(titleOf(used.text)).toBe('This link has already been used – Fietsenmaker Test');
    expect(titleOf((await w.open(path)).text)).toBe('Deze link is al gebruikt – Fietsenmaker Test');
  });
});

describe('a code that never was a link, which knows no shop', () => {
  it("is in the browser's language, read by its q values, not by its first tag alone", async () => {
    const w = await setup();
    for (const [header, title] of [
      ['en;q=0, nl', 'Deze link werkt niet (meer)'], ['de, nl;q=0.8', 'Deze link werkt niet (meer)'], ['nl-BE', 'Deze link werkt niet (meer)'],
      ['en-GB,en;q=0.9,nl;q=0.8', 'This link does not work (any more)'], ['de', 'This link does not work (any more)'], [undefined, 'This link does not work (any more)'],
    ] as const) {
      const page = await w.open('/c/zzzzzzzzzz', header);
      expect(page.status).toBe(404);
      expect([header, titleOf(page.text)]).toEqual([header, title]);
    }
  });
});

describe("her browser's language, kept as hers when she confirms by e-mail", () => {
  it('is English after an English join by e-mail at a Dutch shop: her check-in e-mail comes in English', async () => {
    const w = await setup();
    await w.post(JOIN, { email: 'tourist@example.com', email_ok: 'yes', item: 'Regenjas' }, 'en-GB,en;q=0.9');
    await w.tick('2026-03-14T15:32:00+01:00');
    expect((await w.post(w.mailedLink(), {}, 'en-GB,en;q=0.9')).status).toBe(200);
    expect(await one(w.store.db, 'SELECT locale FROM customers WHERE email = ?', 'tourist@example.com')).toEqual({ locale: 'en' });
    await w.tick('2026-03-15T10:00:00+01:00');
    expect(w.email.sent.at(-1)!.subject).toBe('How is your purchase from Fietsenmaker Test working out?');
    // A till's locale at a newer sale still replaces it.
    const customer = { name: null, phone: null, email: 'tourist@example.com', locale: 'nl', consent: {} };
    await postSale(w.base, 'fietsenmaker', w.webhookSecret, saleBody({ id: 'newer', occurredAt: '2026-03-15T09:30:00+01:00', customer }), w.clock.now());
    expect(await one(w.store.db, 'SELECT locale FROM customers WHERE email = ?', 'tourist@example.com')).toEqual({ locale: 'nl' });
  });

  it("keeps nothing after a join by text: her number's country decides, and her own Dutch words can still say hers (frv50c)", async () => {
    // An iPhone set to English in Dutch hands names English alone: kept, her Dutch reply could never have replaced it.
    const w = await setup();
    const code = await w.post(JOIN, { phone: '06 13572468', sms: 'yes', item: 'Regenjas' }, 'en-GB,en;q=0.9');
    await w.tick('2026-03-14T15:32:00+01:00');
    expect(w.sms.sent.at(-1)!.body).toMatch(/code/i);
    const token = /action="(\/j\/[\w-]+)"/.exec(code.text)![1]!;
    const typed = /\b(\d{6})\b/.exec(w.sms.sent.at(-1)!.body)![1]!;
    expect((await w.post(token, { code: typed }, 'en-GB,en;q=0.9')).status).toBe(200);
    expect(await one(w.store.db, 'SELECT locale FROM customers WHERE phone = ?', '+31613572468')).toEqual({ locale: null });
    await w.tick('2026-03-15T10:00:00+01:00');
    expect(w.sms.sent.at(-1)!.body).toMatch(/^Hoi, gisteren kocht je Regenjas bij Fietsenmaker Test\./);
  });

  it("keeps nothing from a page in the shop's language, and does not replace what an earlier sale's till said", async () => {
    const w = await setup();
    await w.post(JOIN, { email: 'nl@example.com', email_ok: 'yes' }, 'nl-NL,nl;q=0.9,en;q=0.8');
    await w.tick('2026-03-14T15:32:00+01:00');
    await w.post(w.mailedLink(), {}, 'nl-NL');
    expect(await one(w.store.db, 'SELECT locale FROM customers WHERE email = ?', 'nl@example.com')).toEqual({ locale: null });
    // Her till called her Dutch at an earlier sale: an English browser's join does not make her English.
    const known = { name: 'Sanne', phone: null, email: 'sanne@example.com', locale: 'nl', consent: { sms: false, email: false } };
    await postSale(w.base, 'fietsenmaker', w.webhookSecret, saleBody({ id: 'earlier', customer: known }), w.clock.now());
    await w.post(JOIN, { email: 'sanne@example.com', email_ok: 'yes' }, 'en-GB,en;q=0.9');
    await w.tick('2026-03-14T15:33:00+01:00');
    await w.post(w.mailedLink(), {}, 'en-GB,en;q=0.9');
    expect(await one(w.store.db, 'SELECT locale, email_consent FROM customers WHERE email = ?', 'sanne@example.com')).toEqual({ locale: 'nl', email_consent: 1 });
  });
});

describe('the pages after the form, and headers that say nothing (frv50c)', () => {
  it("keep the form's language where the e-mail's link opens in another browser (her laptop's, in English)", async () => {
    const w = await setup();
    await w.post(JOIN, { email: 'sanne@example.com', email_ok: 'yes' }, 'nl-NL');
    await w.tick('2026-03-14T15:32:00+01:00');
    expect(w.email.sent.at(-1)!.subject).toMatch(/^Bevestig/);
    const opened = await w.open(w.mailedLink(), 'en-US,en;q=0.9');
    expect(lang(opened.text)).toBe('nl');
    const thanks = await w.post(w.mailedLink(), {}, 'en-US,en;q=0.9');
    expect(lang(thanks.text)).toBe('nl');
  });

  it.each(['nl_NL', 'garbage!!', ',,,', ';;;', 'x'.repeat(1500)])("read %j, which names no language, as no header: the shop's", async (header) => {
    const w = await setup();
    const page = await w.open(JOIN, header);
    expect(page.status).toBe(200);
    expect(lang(page.text)).toBe('nl');
  });

  it('tell a shared cache that the join page varies by the browser\'s language', async () => {
    const w = await setup();
    const res = await fetch(`${w.base}${JOIN}`, { headers: { 'accept-language': 'en-GB' } });
    expect(res.headers.get('vary') ?? '').toMatch(/accept-language/i);
  });
});
