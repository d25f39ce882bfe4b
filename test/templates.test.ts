import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageProps, saleDateText } from '../src/domain/message-props.js';
import type { Locale } from '../src/domain/sale.js';
import { gsmUnits, toGsm } from '../src/domain/sms.js';
import { loadTemplates } from '../src/templates.js';
import { phrases } from '../src/i18n.js';

const templates = loadTemplates();

const segmentLength = gsmUnits;

const typical = [
  { name: 'Sanne de Vries', shop: 'Fietsenmaker Test', item: 'Regenjas', reason: 'voor mijn fietstochten' },
  { name: 'Mohammed El Amrani', shop: 'Apotheek De Linde', item: 'Hooikoortstabletten', reason: 'mijn hooikoorts' },
  { name: 'Johannes van der Berg', shop: 'Garage Van Dijk & Zn', item: 'Grote beurt Volkswagen Golf', reason: 'auto maakte een raar geluid' },
  { name: 'Elizabeth Montgomery', shop: 'The Corner Bookshop', item: 'A Gentleman in Moscow', reason: 'a birthday present for my dad' },
];

const props = (t: (typeof typical)[number], locale: Locale, soldAt: string, sendAt: string, total: number | null = null) =>
  messageProps({
    total,
    customerName: t.name,
    shopName: t.shop,
    items: [{ name: t.item, sku: null, quantity: 1, unitPrice: total === 0 ? 0 : null }], // a line at €0: a visit
    reason: t.reason,
    soldAt: Date.parse(soldAt),
    sendAt: Date.parse(sendAt),
    timezone: 'Europe/Amsterdam',
    locale,
  });

describe('SMS templates', () => {
  for (const locale of ['nl', 'en'] as const) {
    for (const t of typical) {
      it(`fit one 160-character GSM segment in ${locale} for ${t.name} at ${t.shop}`, () => {
        // A sale that came to nothing (total 0) is a visit: "gisteren was je bij …", in one segment too.
        for (const total of [null, 0]) {
          const checkin = templates.sms(locale, 'checkin', props(t, locale, '2026-09-16T15:00:00+02:00', '2026-09-17T10:00:00+02:00', total));
          const comeback = templates.sms(locale, 'comeback', props(t, locale, '2026-09-16T15:00:00+02:00', '2026-10-16T10:00:00+02:00', total));
          expect(segmentLength(checkin), checkin).toBeLessThanOrEqual(160);
          expect(segmentLength(comeback), comeback).toBeLessThanOrEqual(160);
        }
      });
    }
  }

  it('read like a shopkeeper who remembers you', () => {
    const p = props(typical[0]!, 'nl', '2026-09-16T15:00:00+02:00', '2026-09-17T10:00:00+02:00');
    expect(templates.sms('nl', 'checkin', p)).toBe(
      'Hoi Sanne, gisteren kocht je Regenjas bij Fietsenmaker Test ("voor mijn fietstochten"). Bevalt het? Antwoord gerust. Afmelden: STOP',
    );
    const en = props(typical[3]!, 'en', '2026-09-16T15:00:00+02:00', '2026-09-17T10:00:00+02:00');
    expect(templates.sms('en', 'checkin', en)).toBe(
      'Hi Elizabeth, yesterday you bought A Gentleman in Moscow at The Corner Bookshop ("a birthday present for my dad"). Happy with it? Just reply. Opt out: STOP',
    );
  });

  it('manage without a name, an item or a reason', () => {
    const p = messageProps({ customerName: null, shopName: 'Winkel', items: [], reason: null, soldAt: Date.parse('2026-09-16T15:00:00+02:00'), sendAt: Date.parse('2026-09-17T10:00:00+02:00'), timezone: 'Europe/Amsterdam', locale: 'nl' });
    expect(templates.sms('nl', 'checkin', p)).toBe('Hoi, gisteren kocht je iets bij Winkel. Bevalt het? Antwoord gerust. Afmelden: STOP');
  });

  // The black-box review of every word (rvwords, finding 1): "(Ik fiets elke...)", a quote cut to a fragment, read
  // as nothing she said. A reason that does not fit is left out; the rest of the message says what it always did.
  it('quote a reason whole or leave it out, rather than grow to several segments or cut it short', () => {
    const at = ['2026-09-16T15:00:00+02:00', '2026-09-17T10:00:00+02:00'] as const;
    const longish = { name: 'Sanne', shop: 'Fietsenmaker Test', item: 'Elektrische bakfiets', reason: 'om de kinderen elke dag naar school te brengen, ook als het regent' };
    expect(templates.sms('nl', 'checkin', props(longish, 'nl', ...at))).toBe('Hoi Sanne, gisteren kocht je Elektrische bakfiets bij Fietsenmaker Test. Bevalt het? Antwoord gerust. Afmelden: STOP');
    const huge = { ...longish, item: 'Elektrische bakfiets met extra accu, regenhoes en kinderzitjes' };
    const dropped = templates.sms('nl', 'checkin', props(huge, 'nl', ...at));
    expect(segmentLength(dropped)).toBeLessThanOrEqual(160);
    expect(dropped).toContain('kocht je Elektrische bakfiets met extra accu, regenhoes en kinderzitjes bij Fietsenmaker Test. Bevalt');
  });

  // The pharmacy customer review: "(om de kinder...)", a word cut in two; the rvwords review: any cut at all.
  it('never shorten a reason, whatever room is left: whole, or left out', () => {
    const at = ['2026-09-16T15:00:00+02:00', '2026-09-17T10:00:00+02:00'] as const;
    for (const reason of ['om mijn kinderen naar school te brengen', 'Verjaardagscadeautjespakket voor oma']) {
      const seen = new Set<string>();
      for (let n = 0; n < 80; n++) {
        const sms = templates.sms('nl', 'checkin', props({ name: 'Sanne', shop: `Fietsenmaker ${'x'.repeat(n)}`, item: 'Elektrische bakfiets', reason }, 'nl', ...at));
        expect(segmentLength(sms)).toBeLessThanOrEqual(160);
        const said = /\("(.*)"\)\. Bevalt/.exec(sms)?.[1];
        seen.add(said === undefined ? 'left out' : said);
      }
      expect([...seen].sort()).toEqual(['left out', reason].sort());
    }
  });

  it('put back the first name when shortening the shop name made room for it, still in one segment', () => {
    const p = messageProps({
      customerName: 'Wilhelmina-Alexandra Oosterhuis', shopName: 'Kapsalon & Schoonheidssalon Marie-Louise van den Berg-Zoëtermeer V.O.F.',
      items: [{ name: 'Bruidskapsel proefsessie inclusief opsteken', sku: null, quantity: 1, unitPrice: null }], reason: null,
      soldAt: Date.parse('2026-09-16T15:00:00+02:00'), sendAt: Date.parse('2026-09-17T10:00:00+02:00'), timezone: 'Europe/Amsterdam', locale: 'nl',
    });
    const sms = templates.sms('nl-u', 'checkin', p);
    // (The shop's name ends on a word of it, not on "van den...": the review of what customers get.)
    expect(sms).toBe('Beste Wilhelmina-Alexandra, gisteren kocht u Bruidskapsel... bij Kapsalon & Schoonheidssalon Marie-Louise... Bevalt het? Antwoord gerust. Afmelden: STOP');
    expect(segmentLength(sms)).toBeLessThanOrEqual(160);
    expect(templates.sms('nl-u', 'checkin', p)).toBe(sms); // the same every time
  });

  it('write names outside the GSM alphabet in their GSM form, so they do not triple the cost', () => {
    const p = props({ ...typical[0]!, name: 'Zoë Müller' }, 'nl', '2026-09-16T15:00:00+02:00', '2026-09-17T10:00:00+02:00');
    const sms = templates.sms('nl', 'checkin', p);
    expect(sms.startsWith('Hoi Zoe,')).toBe(true);
    expect(segmentLength(sms)).toBeLessThanOrEqual(160);
  });
});

/** Real names from the Netherlands, Poland, Turkey and France, with the letters GSM-7 lacks. */
const names = [
  'IJsbrand van Ĳsselmuiden', 'Zoë de Wit', 'Anaïs Brouwer', 'Łukasz Wróblewski', 'Małgorzata Żółkiewska', 'Grzegorz Brzęczyszczykiewicz',
  'Şükrü Çağlayan', 'İbrahim Öztürk', 'Ayşegül Yıldırım', 'Gökhan Eğilmez', 'François Lefèvre', 'Chloé Bœuf', 'Œdipe Marchand',
  'Maëlle Dupré', 'Hélène Ørsted', 'Дмитрий Иванов',
];
const shopsAndItems = [
  { shop: 'Bloemen & Zo 🌷', item: 'Boeket “Zomer” 💐', reason: 'voor mijn vrouw ❤️' },
  { shop: 'Pâtisserie Œuf', item: 'Crème brûlée', reason: 'verjaardag – 40 jaar…' },
  { shop: 'Łódź Rowery', item: 'Rower górski', reason: null },
];

describe("the sale's date in a message", () => {
  it('is the local day in the shop\'s zone, in the customer\'s language, however many moments of that day are asked', () => {
    const zones = ['Europe/Amsterdam', 'America/St_Johns', 'Pacific/Chatham', 'Asia/Kolkata', 'America/Sao_Paulo', 'Australia/Lord_Howe'];
    const fresh = (at: number, timeZone: string, locale: string) => {
      const p = Object.fromEntries(new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' }).formatToParts(at).map((x) => [x.type, x.value]));
      return `${p.weekday} ${p.day} ${p.month}`;
    };
    const moment = fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2040-01-01') });
    // A moment, and others within a day and a half of it: the same local day is asked again, and the days around it.
    const moments = fc.tuple(moment, fc.array(fc.integer({ min: -36 * 3_600_000, max: 36 * 3_600_000 }), { maxLength: 8 })).map(([at, ds]) => [at, ...ds.map((d) => at + d)]);
    fc.assert(
      fc.property(moments, fc.constantFrom(...zones), fc.constantFrom(...(['nl', 'en'] as const)), (ats, zone, locale) =>
        ats.every((at) => saleDateText(at, zone, locale) === fresh(at, zone, locale)),
      ),
      { numRuns: 500 },
    );
    expect(saleDateText(Date.parse('2026-03-14T23:30:00Z'), 'Europe/Amsterdam', 'nl')).toBe('zondag 15 maart');
    expect(saleDateText(Date.parse('2026-03-14T22:30:00Z'), 'Europe/Amsterdam', 'en')).toBe('Saturday 14 March');
  });
});

describe('SMS in the GSM alphabet', () => {
  const segment = (text: string) => {
    expect(gsmUnits(text), `not GSM-7: ${text}`).toBeLessThan(Infinity);
    expect(gsmUnits(text), `more than one segment: ${text}`).toBeLessThanOrEqual(160);
  };

  it('counts GSM units as GSM 03.38 does, and leaves a text already in it as it is, whatever the characters', () => {
    const basic = [...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'];
    const extended = [...'^{}\\[~]|€'];
    const units = (s: string) => [...s].reduce((n, c) => n + (basic.includes(c) ? 1 : extended.includes(c) ? 2 : Infinity), 0);
    const gsmText = fc.array(fc.constantFrom(...basic, ...extended)).map((cs) => cs.join(''));
    const anyText = fc.oneof(gsmText, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
    fc.assert(fc.property(anyText, (s) => gsmUnits(s) === units(s)), { numRuns: 2000 });
    fc.assert(fc.property(gsmText, (s) => toGsm(s) === s), { numRuns: 2000 });
    fc.assert(fc.property(anyText, (s) => gsmUnits(toGsm(s)) < Infinity), { numRuns: 2000 });
  });

  it('writes letters outside GSM-7 plainly and leaves emoji out', () => {
    expect(toGsm('IJsbrand van Ĳsselmuiden')).toBe('IJsbrand van IJsselmuiden');
    expect(toGsm('Łukasz Wróblewski, Małgorzata Żółkiewska')).toBe('Lukasz Wroblewski, Malgorzata Zolkiewska');
    expect(toGsm('Şükrü Çağlayan, İbrahim Öztürk, Ayşegül Yıldırım')).toBe('Sükrü Çaglayan, Ibrahim Öztürk, Aysegül Yildirim');
    expect(toGsm('Chloé Bœuf, Œdipe, Anaïs, Zoë')).toBe('Chloé Boeuf, OEdipe, Anais, Zoe');
    expect(toGsm('Top 👍 fiets! ❤️')).toBe('Top fiets!');
    expect(toGsm('Boeket “Zomer” 💐')).toBe('Boeket "Zomer"');
  });

  // A black-box review of what customers get: "Pizza ½ kaas" was texted "Pizza kaas", "Band 28×1⅝″" "Band 28x1".
  it('writes fractions, primes and compatibility forms plainly, not leaving them out', () => {
    expect(toGsm('Pizza ½ kaas')).toBe('Pizza 1/2 kaas');
    expect(toGsm('Band 28×1⅝″')).toBe('Band 28x1 5/8"');
    expect(toGsm('Plank 2′ x 4′, ¾ inch')).toBe("Plank 2' x 4', 3/4 inch");
    expect(toGsm('Koffie™ ﬁlter m²')).toBe('KoffieTM filter m2');
    // Its review: a spacing accent typed for an apostrophe ("Levi´s", "Jan´s Fietsen") became a space, "Levi s".
    expect(toGsm('Levi´s 501 bij Jan´s Fietsen, Kid`s Corner')).toBe("Levi's 501 bij Jan's Fietsen, Kid's Corner");
    expect(toGsm('Zo¨e Bru¸n')).toBe('Zoe Brun');
    // Left out, the micro sign turned a dose a thousand times larger: "Vitamine D 25µg" was texted "Vitamine D 25g".
    expect(toGsm('Vitamine D 25µg, Foliumzuur 400 μg')).toBe('Vitamine D 25ug, Foliumzuur 400 ug');
    // Its review: not the Greek letter in a word ("Hoi uu," of Εμμανουήλ): left out, as any lower-case Greek.
    expect(toGsm('Εμμανουήλ, Χαράλαμπος, Ωμέγα 3')).toBe(toGsm('Εανουήλ, Χαράλαπος, Ωέγα 3'));
  });

  // A till's (or a vendor's) item name with a tab: the SMS read "kocht je Regenjas Maat Lblauw".
  it('writes a tab or any other space outside GSM-7 as one space, never gluing two words', () => {
    expect(toGsm('Regenjas Maat L\tblauw')).toBe('Regenjas Maat L blauw');
    expect(toGsm('Maat L \t blauw\u2009en\u3000rood\u202fgroen')).toBe('Maat L blauw en rood groen');
  });

  for (const locale of ['nl', 'en'] as const) {
    it(`keeps every SMS template one GSM segment in ${locale}, whatever the names, items, reasons and shop names`, () => {
      for (const name of names) {
        for (const t of shopsAndItems) {
          const p = (sendAt: string, total: number | null) =>
            messageProps({
              customerName: name, shopName: t.shop, items: [{ name: t.item, sku: null, quantity: 1, unitPrice: total === 0 ? 0 : null }], reason: t.reason, total,
              soldAt: Date.parse('2026-09-16T15:00:00+02:00'), sendAt: Date.parse(sendAt), timezone: 'Europe/Amsterdam', locale,
            });
          for (const total of [null, 0]) {
            segment(templates.sms(locale, 'checkin', p('2026-09-17T10:00:00+02:00', total)));
            segment(templates.sms(locale, 'checkin', p('2026-09-19T10:00:00+02:00', total)));
            segment(templates.sms(locale, 'comeback', p('2026-10-16T10:00:00+02:00', total)));
          }
        }
      }
      for (const t of shopsAndItems) {
        for (const answer of ['stopped', 'number_stopped', 'email_stopped', 'stopped_all', 'number_stopped_all', 'started', 'help', 'thanks', 'sorry', 'question'] as const) segment(templates.autoReply(locale, answer, { shopName: t.shop }));
      }
    });
  }

  it('greets a customer whose name has no GSM letters without a name rather than with an empty one', () => {
    const p = messageProps({
      customerName: 'Дмитрий Иванов', shopName: 'Bloemen & Zo 🌷', items: [{ name: 'Rozen 🌹', sku: null, quantity: 1, unitPrice: null }], reason: null,
      soldAt: Date.parse('2026-09-16T15:00:00+02:00'), sendAt: Date.parse('2026-09-17T10:00:00+02:00'), timezone: 'Europe/Amsterdam', locale: 'nl',
    });
    expect(templates.sms('nl', 'checkin', p)).toBe('Hoi, gisteren kocht je Rozen bij Bloemen & Zo. Bevalt het? Antwoord gerust. Afmelden: STOP');
  });
});

describe('e-mail templates', () => {
  it('render in each language with subject, text and HTML', () => {
    const p = props(typical[0]!, 'en', '2026-09-16T15:00:00+02:00', '2026-09-17T10:00:00+02:00');
    const mail = templates.email('en', 'checkin', p);
    expect(mail.subject).toBe('How is your purchase from Fietsenmaker Test working out?');
    expect(mail.text).toContain('Yesterday you bought Regenjas at Fietsenmaker Test.');
    expect(mail.html).toContain('<strong>Regenjas</strong>');
    expect(mail.html).toMatch(/^<!doctype html>/);
  });

  // A black-box review: a month after a pizza, "We hopen dat je er nog steeds blij mee bent" (still happy with it), and
  // "We hope you still enjoy it" of winter tyres. Words now that fit what was eaten and what is still in use, one or many.
  it.each([
    ['nl', 'Pizza Margherita', 'We hopen dat het je goed bevallen is.'],
    ['nl-u', 'Winterbanden', 'We hopen dat het u goed bevallen is.'],
    ['en', 'Winter tyres', 'We hope you enjoyed your purchase.'],
  ] as const)('invite back in %s after "%s" without asking whether it is still enjoyed', (voice, item, hope) => {
    const p = messageProps({
      customerName: 'Sanne de Vries', shopName: 'Fietsenmaker Test', items: [{ name: item, sku: null, quantity: 1, unitPrice: 12 }], reason: null,
      soldAt: Date.parse('2026-09-16T15:00:00+02:00'), sendAt: Date.parse('2026-10-16T10:00:00+02:00'), timezone: 'Europe/Amsterdam', locale: voice === 'nl-u' ? 'nl' : voice,
    });
    const mail = templates.email(voice, 'comeback', p);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(hope);
      expect(part).not.toMatch(/nog steeds|still enjoy/);
    }
  });

  // The accessibility review: the footer and its "Afmelden" link were #888 at 13 px on #f6f5f2 (3.25:1), the shop's name
  // #777 (4.1:1), and the confirmation's "De link werkt 24 uur" #777: the way to stop, the hardest text to read.
  it.each(['nl', 'nl-u', 'en'] as const)('in %s have every grey text at 4.5:1 or more on the page, and an underlined unsubscribe link', (voice) => {
    const lum = (hex: string) => {
      const full = hex.length === 4 ? hex.replace(/\w/g, (c) => c + c) : hex;
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const onPage = (hex: string) => (lum('#f6f5f2') + 0.05) / (lum(hex) + 0.05);
    const p = (kind: 'checkin' | 'comeback') => messageProps({
      customerName: 'Sanne de Vries', shopName: 'Fietsenmaker Test', items: [{ name: 'Regenjas', sku: null, quantity: 1, unitPrice: 12 }], reason: null,
      soldAt: Date.parse('2026-09-16T15:00:00+02:00'), sendAt: Date.parse(kind === 'checkin' ? '2026-09-17T10:00:00+02:00' : '2026-10-16T10:00:00+02:00'), timezone: 'Europe/Amsterdam', locale: voice === 'nl-u' ? 'nl' : voice,
      links: { replyUrl: kind === 'checkin' ? 'https://x/r/t' : null, unsubscribeUrl: 'https://x/u/t' },
    });
    const mails = [templates.email(voice, 'checkin', p('checkin')), templates.email(voice, 'comeback', p('comeback')), templates.confirmEmail(voice, { shopName: 'Fietsenmaker Test', confirmUrl: 'https://x/j/t' })];
    for (const { html } of mails) {
      // (Text on a background of its own, the buttons' white on green, is not on the page's.)
      const greys = [...html.matchAll(/style="([^"]*)"/g)].map((m) => m[1]!).filter((st) => !/background/.test(st)).flatMap((st) => [.../(?:^|;)color:(#[0-9a-f]{3,6})/gi.exec(st) ?? []].slice(1));
      expect(greys.length).toBeGreaterThan(0);
      expect(greys.filter((c) => onPage(c) < 4.5)).toEqual([]);
    }
    for (const { html } of mails.slice(0, 2)) {
      const link = /<a href="https:\/\/x\/u\/t"[^>]*>/.exec(html)![0];
      expect(link).toMatch(/text-decoration:underline/);
    }
  });

  it('fail before sending when a template names a value that does not exist', async () => {
    const { mkdtempSync, cpSync, readFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { pathToFileURL } = await import('node:url');
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    cpSync(new URL('../templates/', import.meta.url), dir, { recursive: true });
    writeFileSync(join(dir, 'nl', 'checkin.sms.hbs'), 'Hoi {{firstname}}');
    expect(() => loadTemplates(pathToFileURL(dir + '/'))).toThrow(/firstname/);
    // Also in the part of the alert only a customer who never wanted the messages brings out (the review of 9f29a9a).
    cpSync(new URL('../templates/nl/checkin.sms.hbs', import.meta.url), join(dir, 'nl', 'checkin.sms.hbs'));
    const alert = join(dir, 'nl', 'alert.text.hbs');
    writeFileSync(alert, readFileSync(alert, 'utf8').replace('{{#if spam}}noemt ze spam{{/if}}', '{{#if spam}}noemt ze {{spamm}}{{/if}}'));
    expect(() => loadTemplates(pathToFileURL(dir + '/'))).toThrow(/spamm/);
  });
});

describe("the owner's alert", () => {
  const alert = { shopName: 'Fietsenmaker', customerName: 'Sanne', phone: null, phoneLink: null, phoneGiven: false, onFile: null, email: 'sanne@example.com',
    emailLink: 'mailto:sanne@example.com', items: 'Regenjas', reason: null, saleDate: null, answer: null, words: 'Hoe was ik hem?',
    attachments: null, oneAttachment: false, isProblem: false, inOtherLanguage: false, wrongNumber: false, wrongAddress: false, unwanted: false, unwantedWhy: [], unwantedErase: false, receivedAt: 'nu',
    repliesUrl: 'https://deals.example.test/shops/fietsenmaker/replies?reading=open', holdsInvitation: false, afterInvitation: false, optedOut: false, canStart: false, withoutSale: false, unsubscribeUrl: null };
  // A security review: a till's name "Bob \u202Egnp.exe" (a right-to-left override) turned the text after it around.
  it('leaves out the controls that turn the direction of the text after what a till or a customer typed', () => {
    const turned = { ...alert, customerName: 'Bob \u202Egnp.exe', items: 'Jas \u2067x', words: 'Kapot \u202Bx', reason: 'cadeau \u2066y' };
    for (const locale of ['nl', 'en'] as const) {
      const mail = templates.alert(locale, turned);
      for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      expect(mail.text).toContain('Bob gnp.exe');
    }
  });

  it.each([
    ['nl', 'Dit is het moment om te reageren.', 'Dit is het moment om terug te bellen.'],
    ['en', 'Now is a good time to get back to them.', 'Now is a good time to call them back.'],
  ] as const)('%s: asks to call back only a customer with a phone number', (locale, noPhone, phone) => {
    expect(templates.alert(locale, alert).text).toContain(noPhone);
    expect(templates.alert(locale, alert).text).not.toMatch(/wacht daarop|on hold until/); // no invitation held
    expect(templates.alert(locale, alert).html).toContain(noPhone);
    const withPhone = { ...alert, phone: '06 13572468', phoneLink: 'tel:+31613572468' };
    expect(templates.alert(locale, withPhone).text).toContain(phone);
    expect(templates.alert(locale, withPhone).html).toContain(phone);
  });

  // A text to the shop's own number from a phone no customer had (frv45d): anyone, perhaps spam, never texted by the shop.
  it.each([
    ['nl', 'Sms van een onbekend nummer: probleem', 'Sms van een onbekend nummer: wil geen berichten', /Een klant|heeft een (probleem|vraag)|wil deze berichten/, 'lees het zelf', 'Klopt de toestemming'],
    ['en', 'A text from an unknown number: a problem', 'A text from an unknown number: wants no messages', /A customer|has a (problem|question)|want these messages/, 'read it yourself', 'If the consent in the till'],
  ] as const)('%s: a reply of a row a text made is from someone unknown, not a customer, and may be spam', (locale, subject, unwantedSubject, customer, readIt, till) => {
    const stranger = { ...alert, customerName: null, items: null, phone: '06 22334455', phoneLink: 'tel:+31622334455', isProblem: true, withoutSale: true, words: 'Mijn fiets is kapot' };
    const mail = templates.alert(locale, stranger);
    expect(mail.subject).toBe(subject);
    for (const part of [mail.text, mail.html]) {
      expect(part).not.toMatch(customer);
      expect(part).toContain(readIt);
      expect(part).toContain('06 22334455');
    }
    const spam = templates.alert(locale, { ...stranger, unwanted: true, unwantedWhy: [{ noConsent: false, spam: true, erase: false }] });
    expect(spam.subject).toBe(unwantedSubject);
    for (const part of [spam.text, spam.html]) {
      expect(part).not.toMatch(customer);
      expect(part).not.toContain(till); // she was never texted: no consent in the till to put right
      expect(part).toMatch(/noemt ze spam|calls them spam/);
    }
  });
});

// Found by the customer-side review.
describe('small things a customer reads', () => {
  const props = (shopName: string, locale: 'nl' | 'en') =>
    messageProps({ customerName: 'Sam', shopName, items: [{ name: 'Fiets', quantity: 1, sku: null, unitPrice: null }], reason: null, soldAt: Date.parse('2026-03-14T15:00:00+01:00'), sendAt: Date.parse('2026-03-15T10:00:00+01:00'), timezone: 'Europe/Amsterdam', locale });

  it('ends a sentence once after a shop name with a full stop of its own', () => {
    expect(templates.sms('nl', 'checkin', props('Jansen B.V.', 'nl'))).toContain('bij Jansen B.V. Bevalt het?');
    // Or with an exclamation or question mark of its own: "bij Hup!. Bevalt het?" before (a black-box review).
    expect(templates.sms('nl', 'checkin', props('Hup!', 'nl'))).toContain('bij Hup! Bevalt het?');
    expect(templates.email('nl', 'checkin', props('Hup!', 'nl')).text).not.toContain('Hup!.');
    expect(phrases.nl.unsubscribedText('Wat?')).toBe('Je krijgt geen e-mail meer van Wat?');
  });

  it('says no "O\'Brien\'s Books\'s": a shop\'s name is not made possessive', () => {
    expect(phrases.en.noMail("O'Brien's Books")).toContain("unsubscribed from e-mails from O'Brien's Books,");
  });

  it('writes the short date the British way in English, as the long one: "14 Mar"', () => {
    expect(props('Shop', 'en').saleDateShort).toBe('14 Mar');
  });
});

describe('a shortened shop name', () => {
  it('ends a sentence with three dots, not four', () => {
    const shopName = 'Fietsenmaker en Reparatiewerkplaats Van der Heijden-Bosschaert en Zonen Tweewielerspecialisten Holding';
    for (const text of [templates.autoReply('nl', 'stopped', { shopName }), templates.confirmSms('nl', { shopName, code: '123456' })]) {
      expect(text).toContain('...');
      expect(text).not.toContain('....');
      expect(gsmUnits(text)).toBeLessThanOrEqual(160);
    }
  });
});

// "Kom gauw weer langs … je Regenjas" to her who complained about the raincoat is tone-deaf: a come-back invitation
// that follows a complaint names nothing bought, nor her reason, in every voice, by SMS (one segment) and e-mail.
describe('a come-back invitation after a complaint', () => {
  const after = (t: (typeof typical)[number], locale: Locale) =>
    messageProps({
      customerName: t.name, shopName: t.shop, items: [{ name: t.item, sku: null, quantity: 1, unitPrice: 89.95 }, { name: 'Fietsbel', sku: null, quantity: 1, unitPrice: 9.95 }],
      reason: t.reason, soldAt: Date.parse('2026-09-16T15:00:00+02:00'), sendAt: Date.parse('2026-10-16T10:00:00+02:00'), timezone: 'Europe/Amsterdam', locale,
      links: { replyUrl: null, unsubscribeUrl: 'https://x/u/t' }, afterProblem: true,
    });
  it.each([
    ['nl', 'Hoi Sanne, bedankt dat je ons liet weten wat er niet goed was. We zien je graag weer bij Fietsenmaker Test! Afmelden: STOP', 'Bedankt dat je ons liet weten wat er niet goed was: daar leren we van.'],
    ['nl-u', 'Beste Sanne, bedankt dat u ons liet weten wat er niet goed was. We zien u graag weer bij Fietsenmaker Test! Afmelden: STOP', 'Bedankt dat u ons liet weten wat er niet goed was: daar leren we van.'],
    ['en', 'Hi Sanne, thank you for letting us know what was wrong. We would love to see you again at Fietsenmaker Test! Opt out: STOP', 'Thank you for letting us know what was wrong: it helps us do better.'],
  ] as const)('in %s it thanks her for telling, and names nothing bought', (voice, sms, line) => {
    const locale = voice === 'en' ? 'en' : 'nl';
    expect(templates.sms(voice, 'comeback', after(typical[0]!, locale))).toBe(sms);
    const mail = templates.email(voice, 'comeback', after(typical[0]!, locale));
    expect(mail.text.split('\n')[2]).toBe(line);
    for (const text of [sms, mail.subject, mail.text, mail.html]) expect(text).not.toMatch(/Regenjas|Fietsbel|fietstochten|artikel|1 more|16 september|Wednesday|woensdag/);
  });
  it.each(['nl', 'nl-u', 'en'] as const)('in %s its SMS fits one segment at any shop', (voice) => {
    const locale = voice === 'en' ? 'en' : 'nl';
    for (const t of [...typical, { ...typical[0]!, shop: 'Kapsalon & Schoonheidssalon Het Gouden Schaartje van Marieke en Annemarie B.V.' }]) {
      const sms = templates.sms(voice, 'comeback', after(t, locale));
      expect(segmentLength(sms)).toBeLessThanOrEqual(160);
      expect(sms).not.toContain(t.item);
    }
  });
});
