// What a message says was bought, whom it greets and which reason it quotes, for the cases a review of the check-in
// wording found worse than before it (at adc7eca): each as the template gets it, through messageProps.
import { describe, expect, it } from 'vitest';
import { normaliseReason } from '../../src/domain/calendar.js';
import { messageProps } from '../../src/domain/message-props.js';
import { SQL_SAYS_NO_REASON, saysNoReason } from '../../src/domain/reason.js';
import type { SaleItem } from '../../src/domain/sale.js';
import { loadTemplates } from '../../src/templates.js';
import { all, testStore } from '../helpers.js';

const templates = loadTemplates();
const line = (name: string, unitPrice: number | null = null, quantity = 1, sku: string | null = null): SaleItem => ({ name, sku, quantity, unitPrice });
const props = (items: SaleItem[], { total = null as number | null, name = 'Sanne de Vries', reason = null as string | null } = {}) =>
  messageProps({
    customerName: name, shopName: 'Fietsenmaker Test', reason, total, timezone: 'Europe/Amsterdam', locale: 'nl', items,
    soldAt: Date.parse('2026-03-14T15:30:00+01:00'), sendAt: Date.parse('2026-03-15T10:00:00+01:00'),
  });
/** What the check-in SMS says was bought: "Delivery bike en meer", "iets". */
const bought = (items: SaleItem[], total: number | null = null) =>
  /kocht je (.*) bij Fietsenmaker Test/.exec(templates.sms('nl', 'checkin', props(items, { total })))?.[1];

describe('the main thing bought, not a cheap extra nor a product read as a charge', () => {
  it.each([
    ['a bike and a bell', [line('Delivery bike', 2499), line('Fietsbel', 12)], 'Delivery bike en meer'],
    ["a garage's labour and its parts", [line('Arbeidskosten', 300), line('Remblokken', 40)], 'Arbeidskosten en meer'],
    ['a repair and an inner tube', [line('Reparatiekosten', 85), line('Binnenband', 8)], 'Reparatiekosten en meer'],
    ['a leather bag and a purse', [line('Tas', 129), line('Portemonnee', 39)], 'Tas en meer'],
    ['stamps and a card', [line('Postzegels', 11.5), line('Wenskaart', 3.5)], 'Postzegels en meer'],
    ['a bike at €0 (no price filled in) beside a lock', [line('Fiets', 0), line('Slot', 35)], 'Fiets en meer'],
  ])('names it for %s', (_, items, words) => expect(bought(items)).toBe(words));

  it.each([['Bakfiets delivery'], ['Borg ring 14k goud'], ['Punten slijpen'], ['Tax-free fiets'], ['Fee kostuum'], ['Divers horloge'], ['Vat 200 liter'], ['Shipping box'], ['Postzegels 10 stuks']])(
    'names %j bought alone, not "iets"', (name) => expect(bought([line(name, 25)])).toBe(name));

  it.each([['Korting 10%'], ['10% korting'], ['Statiegeld'], ['Omzet 21% BTW'], ['BTW 21%'], ['Spaarpunten ingewisseld'], ['Bezorgkosten'], ['Verzendkosten'], ['Diversen'], ['Klantkorting'], ['Personeelskorting'], ['Administratiekosten'], ['Servicekosten'], ['Transactiekosten']])(
    'still leaves out %j beside a product', (name) => expect(bought([line(name, 5), line('Bidon', 7.95)])).toBe('Bidon'));

  // and what a pharmacy or a garage adds to the bill (the review of the mends)
  it.each([
    ['a prescription and what the insurer leaves to pay', [line('Receptregel', 7.5), line('Paracetamol', 2.49), line('Eigen risico', 45)], 'Paracetamol'],
    ['tyres and the disposal fee', [line('Winterband', 95, 4), line('Milieutoeslag', 2.5, 4)], 'Winterband'],
  ])('names the product for %s', (_, items, words) => expect(bought(items)).toBe(words));

  it('still leaves out a bag cheaper than the product, and a line of €0 in a sale of nothing', () => {
    expect(bought([line('Draagtas', 0.1), line('Fietsbel', 12)])).toBe('Fietsbel');
    expect(props([line('Sleutelhanger', 0), line('Garantie-reparatie', 0)], { total: 0 }).moreItems).toBe(1);
  });
});

describe('a trade-in or an exchange, which bought what it names', () => {
  it.each([
    ['a bike traded in for less', [line('Fiets', 1200), line('Fiets', 300, -1)], 900, 'Fiets'],
    ['a bike traded in for less, by SKU', [line('Fiets Gazelle', 1200, 1, 'BIKE-1'), line('Inruil fiets', 300, -1, 'BIKE-1')], 900, 'Fiets Gazelle'],
    ['a defect raincoat swapped for the same', [line('Regenjas', 89.95), line('Regenjas', 89.95, -1)], null, 'Regenjas'],
    ['a defect raincoat swapped, without prices', [line('Regenjas'), line('Regenjas', null, -1)], null, 'Regenjas'],
    ['a line scanned, taken off again, and another item', [line('Regenjas', 89.95), line('Regenjas', 89.95, -1), line('Fietsbel', 12.95)], 12.95, 'Fietsbel'],
  ])('names it for %s', (_, items, total, words) => expect(bought(items, total)).toBe(words));
});

describe('a real name, greeted', () => {
  it.each([['Inaam Bouzid', 'Inaam'], ['Enaam El Amrani', 'Enaam'], ['Na Li', 'Na'], ['Li, Na', 'Na']])('greets %j as %s', (name, first) => {
    expect(props([line('Regenjas')], { name }).firstName).toBe(first);
    expect(templates.sms('nl', 'checkin', props([line('Regenjas')], { name }))).toMatch(new RegExp(`^Hoi ${first}, gisteren`));
  });

  // Dutch's "ij" before a consonant is one letter: the frv41b review of 9f29a9a found "Hoi Ijsbrand".
  it.each([['ijsbrand de vries', 'IJsbrand'], ['IJSBRAND DE VRIES', 'IJsbrand'], ['IJsbrand', 'IJsbrand'], ['ijeoma okafor', 'Ijeoma'], ['IJAZ', 'Ijaz'], ['jan-ijsbrand', 'Jan-IJsbrand']])(
    'greets %j as %s', (name, first) => expect(props([line('Regenjas')], { name }).firstName).toBe(first));

  it.each([['Voornaam'], ['Achternaam, Voornaam'], ['Geen naam'], ['Naam']])('still greets %j as nobody: "Hoi,"', (name) =>
    expect(templates.sms('nl', 'checkin', props([line('Regenjas')], { name }))).toMatch(/^Hoi, gisteren/));
});

describe('a reason of emoji, quoted and counted', () => {
  it.each([['🎁'], ['❤️'], ['🚲🚲']])('quotes %j and counts it', (reason) => {
    expect(props([line('Regenjas')], { reason }).reason).toBe(reason);
    expect(templates.email('nl', 'checkin', props([line('Regenjas')], { reason })).text).toContain(`Je vertelde ons waarom: "${reason}".`);
    expect(normaliseReason(reason)).toBe(reason);
  });

  it("leaves out a placeholder alike in a message and in the owner's figures, whatever signs or accents it has", async () => {
    const store = await testStore();
    const texts = ['n.v.t.', 'n,v,t', 'N_A', 'n/a', '(geen)', 'Niet van toepassing', '-', '?', '…', 'géén', 'n.v.t. ', 'Onbekénd', '🎁', '❤️', '🚲🚲', 'geen idee', 'cadeau'];
    for (const text of texts) {
      const kept = normaliseReason(text) ?? text.toLowerCase(); // as a version before placeholders were left out kept it
      const [row] = await all<{ no: number | boolean }>(store.db, `SELECT CASE WHEN ${SQL_SAYS_NO_REASON('?')} THEN 1 ELSE 0 END AS no`, kept);
      expect([text, Number(row!.no) === 1], text).toEqual([text, saysNoReason(kept)]);
      expect(saysNoReason(text), text).toBe(saysNoReason(kept));
    }
    expect(texts.filter((t) => !saysNoReason(t))).toEqual(['géén', 'Onbekénd', '🎁', '❤️', '🚲🚲', 'geen idee', 'cadeau']);
  });
});

describe('a reason in quotes of its own', () => {
  it.each([['"voor mijn vader"', 'voor mijn vader'], ['“voor mijn vader”', 'voor mijn vader'], ['„voor mijn vader“', 'voor mijn vader'], ["'cadeau'", 'cadeau'], ['«cadeau»', 'cadeau'],
    ["'for my dad's birthday'", "for my dad's birthday"], ['‘Mum’s birthday’', 'Mum’s birthday'], ["'foto's van m'n fiets'", "foto's van m'n fiets"]])(
    'quotes %j once, without its own quotes', (reason, quoted) => expect(props([line('Regenjas')], { reason }).reason).toBe(quoted));

  // The review of the words customers read: "'t Was voor 't Oude Huis'" lost its first apostrophe and read "t Was…".
  it.each([["'t Oude Huis vond hem 'mooi'"], ["’s Avonds fietsen, 'lekker'"], ['"Snel" en "goed"'], ['\'cadeau"']])('keeps %j whole: not quotes around the whole of it', (reason) =>
    expect(props([line('Regenjas')], { reason }).reason).toBe(reason));
});

describe('a purchase with a total of 0 from the till, still a purchase', () => {
  const says = (items: SaleItem[], total: number | null) => /gisteren (kocht je|was je bij)/.exec(templates.sms('nl', 'checkin', props(items, { total })))?.[1];
  it.each([
    ['a till that sends 0 for a total it does not know', [line('Fiets')], 0, 'kocht je'],
    ['a free web order, paid elsewhere', [line('Fiets', 899)], 0, 'kocht je'],
    ['an exchange at the same price', [line('Wandelschoen maat 42', 189.95, -1), line('Wandelschoen maat 43', 189.95)], 0, 'kocht je'],
    ['a bike at €0 beside a lock, the total 0', [line('Fiets', 0), line('Slot', 35)], 0, 'kocht je'],
    ['no lines at all, the total 0', [], 0, 'kocht je'],
    ['a repair under warranty, every line €0', [line('Garantie-reparatie', 0)], 0, 'was je bij'],
    ['a repair under warranty, a part without a price', [line('Garantie-reparatie', 0), line('Ketting')], 0, 'was je bij'],
  ])('says what %s did', (_, items, total, words) => expect(says(items, total)).toBe(words));
});
