import { describe, expect, it } from 'vitest';
import { messageProps } from '../src/domain/message-props.js';
import type { Locale } from '../src/domain/sale.js';
import { gsmUnits, toGsm } from '../src/domain/sms.js';
import { loadTemplates } from '../src/templates.js';

const templates = loadTemplates();

const segmentLength = gsmUnits;

const typical = [
  { name: 'Sanne de Vries', shop: 'Fietsenmaker Test', item: 'Regenjas', reason: 'voor mijn fietstochten' },
  { name: 'Mohammed El Amrani', shop: 'Apotheek De Linde', item: 'Hooikoortstabletten', reason: 'mijn hooikoorts' },
  { name: 'Johannes van der Berg', shop: 'Garage Van Dijk & Zn', item: 'Grote beurt Volkswagen Golf', reason: 'auto maakte een raar geluid' },
  { name: 'Elizabeth Montgomery', shop: 'The Corner Bookshop', item: 'A Gentleman in Moscow', reason: 'a birthday present for my dad' },
];

const props = (t: (typeof typical)[number], locale: Locale, soldAt: string, sendAt: string) =>
  messageProps({
    customerName: t.name,
    shopName: t.shop,
    items: [{ name: t.item, sku: null, quantity: 1, unitPrice: null }],
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
        const checkin = templates.sms(locale, 'checkin', props(t, locale, '2026-09-16T15:00:00+02:00', '2026-09-17T10:00:00+02:00'));
        const comeback = templates.sms(locale, 'comeback', props(t, locale, '2026-09-16T15:00:00+02:00', '2026-10-16T10:00:00+02:00'));
        expect(segmentLength(checkin), checkin).toBeLessThanOrEqual(160);
        expect(segmentLength(comeback), comeback).toBeLessThanOrEqual(160);
      });
    }
  }

  it('read like a shopkeeper who remembers you', () => {
    const p = props(typical[0]!, 'nl', '2026-09-16T15:00:00+02:00', '2026-09-17T10:00:00+02:00');
    expect(templates.sms('nl', 'checkin', p)).toBe(
      'Hoi Sanne, gisteren kocht je Regenjas bij Fietsenmaker Test (voor mijn fietstochten). Bevalt het? Antwoord gerust. Afmelden: STOP',
    );
    const en = props(typical[3]!, 'en', '2026-09-16T15:00:00+02:00', '2026-09-17T10:00:00+02:00');
    expect(templates.sms('en', 'checkin', en)).toBe(
      'Hi Elizabeth, yesterday you bought A Gentleman in Moscow at The Corner Bookshop (a birthday present for my dad). Happy with it? Just reply. Opt out: STOP',
    );
  });

  it('manage without a name, an item or a reason', () => {
    const p = messageProps({ customerName: null, shopName: 'Winkel', items: [], reason: null, soldAt: Date.parse('2026-09-16T15:00:00+02:00'), sendAt: Date.parse('2026-09-17T10:00:00+02:00'), timezone: 'Europe/Amsterdam', locale: 'nl' });
    expect(templates.sms('nl', 'checkin', p)).toBe('Hoi, gisteren kocht je iets bij Winkel. Bevalt het? Antwoord gerust. Afmelden: STOP');
  });

  it('shorten a long reason, or leave it out, rather than grow to several segments', () => {
    const at = ['2026-09-16T15:00:00+02:00', '2026-09-17T10:00:00+02:00'] as const;
    const longish = { name: 'Sanne', shop: 'Fietsenmaker Test', item: 'Elektrische bakfiets', reason: 'om de kinderen elke dag naar school te brengen, ook als het regent' };
    const clipped = templates.sms('nl', 'checkin', props(longish, 'nl', ...at));
    expect(segmentLength(clipped)).toBeLessThanOrEqual(160);
    expect(clipped).toContain('(om de kinderen elke dag naar school...)');
    const huge = { ...longish, item: 'Elektrische bakfiets met extra accu, regenhoes en kinderzitjes' };
    const dropped = templates.sms('nl', 'checkin', props(huge, 'nl', ...at));
    expect(segmentLength(dropped)).toBeLessThanOrEqual(160);
    expect(dropped).toContain('kocht je Elektrische bakfiets met extra accu, regenhoes en kinderzitjes bij Fietsenmaker Test. Bevalt');
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

describe('SMS in the GSM alphabet', () => {
  const segment = (text: string) => {
    expect(gsmUnits(text), `not GSM-7: ${text}`).toBeLessThan(Infinity);
    expect(gsmUnits(text), `more than one segment: ${text}`).toBeLessThanOrEqual(160);
  };

  it('writes letters outside GSM-7 plainly and leaves emoji out', () => {
    expect(toGsm('IJsbrand van Ĳsselmuiden')).toBe('IJsbrand van IJsselmuiden');
    expect(toGsm('Łukasz Wróblewski, Małgorzata Żółkiewska')).toBe('Lukasz Wroblewski, Malgorzata Zolkiewska');
    expect(toGsm('Şükrü Çağlayan, İbrahim Öztürk, Ayşegül Yıldırım')).toBe('Sükrü Çaglayan, Ibrahim Öztürk, Aysegül Yildirim');
    expect(toGsm('Chloé Bœuf, Œdipe, Anaïs, Zoë')).toBe('Chloé Boeuf, OEdipe, Anais, Zoe');
    expect(toGsm('Top 👍 fiets! ❤️')).toBe('Top fiets!');
    expect(toGsm('Boeket “Zomer” 💐')).toBe('Boeket "Zomer"');
  });

  for (const locale of ['nl', 'en'] as const) {
    it(`keeps every SMS template one GSM segment in ${locale}, whatever the names, items, reasons and shop names`, () => {
      for (const name of names) {
        for (const t of shopsAndItems) {
          const p = (sendAt: string) =>
            messageProps({
              customerName: name, shopName: t.shop, items: [{ name: t.item, sku: null, quantity: 1, unitPrice: null }], reason: t.reason,
              soldAt: Date.parse('2026-09-16T15:00:00+02:00'), sendAt: Date.parse(sendAt), timezone: 'Europe/Amsterdam', locale,
            });
          segment(templates.sms(locale, 'checkin', p('2026-09-17T10:00:00+02:00')));
          segment(templates.sms(locale, 'checkin', p('2026-09-19T10:00:00+02:00')));
          segment(templates.sms(locale, 'comeback', p('2026-10-16T10:00:00+02:00')));
        }
      }
      for (const t of shopsAndItems) {
        for (const answer of ['stopped', 'started', 'help', 'thanks', 'sorry', 'question'] as const) segment(templates.autoReply(locale, answer, { shopName: t.shop }));
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

  it('fail before sending when a template names a value that does not exist', async () => {
    const { mkdtempSync, cpSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { pathToFileURL } = await import('node:url');
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    cpSync(new URL('../templates/', import.meta.url), dir, { recursive: true });
    writeFileSync(join(dir, 'nl', 'checkin.sms.hbs'), 'Hoi {{firstname}}');
    expect(() => loadTemplates(pathToFileURL(dir + '/'))).toThrow(/firstname/);
  });
});
