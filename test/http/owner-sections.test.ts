// The owner's page's sections on their own. A share of a few customers misleads ("20%": 1 of 5, in big green): below
// 20 customers the page gives counts. A time says its year when it is not this year's.
import { describe, expect, it } from 'vitest';
import type { Shop } from '../../src/db/shops.js';
import type { Html } from '../../src/http/html.js';
import { at, context, forWhom } from '../../src/http/owner/format.js';
import { cohort } from '../../src/http/owner/sections/cohort.js';
import { asked, checkins, invitations, reasons, returns } from '../../src/http/owner/sections/figures.js';

const c = context({ slug: 'fietsenmaker', name: 'Fietsenmaker', timezone: 'Europe/Amsterdam', country: 'NL' } as Shop, 'csrf', 'nl', 0, 'days=365');
const markup = (h: Html | '') => (h === '' ? '' : h.value);
const text = (h: Html) => markup(h).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const invitation = (returned: number, judged: number) =>
  text(invitations(c, { invited: judged, judged, returned, revenue: [] } as never));

describe('shares of few customers', () => {
  it.each([
    [1, 5, 'Na 1 van de 5 uitnodigingen kocht de klant binnen 14 dagen opnieuw (te weinig uitnodigingen voor een percentage).', null],
    [5, 25, 'Na 5 van de 25 uitnodigingen kocht de klant binnen 14 dagen opnieuw', '20%'],
  ])('the invitation: %i of %i', (returned, judged, sentence, share) => {
    const shown = invitation(returned, judged);
    expect(shown).toContain(sentence);
    if (share) expect(shown).toContain(share);
    else expect(shown).not.toMatch(/\d%/);
  });

  it('return rates: the count, and why, below 20 customers; the percentage from 20', () => {
    const r = (judged: number, back: number) =>
      text(returns(c, { customers: judged, judged, matured: 90, tooEarly: 0, rates: [{ days: 30, back, rate: (100 * back) / judged }] } as never, 1000));
    expect(r(5, 1)).toContain('1 van 5 te weinig klanten voor een percentage');
    expect(r(5, 1)).not.toMatch(/\d%/);
    expect(r(20, 4)).toContain('20% 4 van 20 klanten');
  });

  it('reasons and "did asking help": counts below 20, no bar', () => {
    const few = { reason: 'cadeau', customers: 5, judged: 5, back: 0, rate: 0 };
    const many = { reason: 'voor mijn fietstochten', customers: 30, judged: 25, back: 5, rate: 20 };
    const table = text(reasons(c, [few, many]));
    expect(table).toContain('cadeau 5 0 van 5 te weinig klanten voor een percentage');
    expect(table).toContain('voor mijn fietstochten 30 20% 5 van 25 klanten');
    const chart = markup(asked(c, { groups: [{ asked: 'sms', customers: 9, judged: 9, back: 1, rate: 11.1 }, { asked: 'email', customers: 40, judged: 40, back: 10, rate: 25 }], heldOut: 0 }));
    expect(chart).not.toContain('11%');
    expect(chart).toContain('1 van 9 kwamen terug · te weinig klanten voor een percentage');
    expect(chart).toContain('25%');
    // What the two numbers are, one customer or more, and thousands as the shop's language writes them (the owner-side
    // review: "27 van 186 klanten · 238 klanten", "1 klanten", "3847 klanten").
    const counted = text(asked(c, { groups: [{ asked: 'sms', customers: 3847, judged: 3000, back: 600, rate: 20 }, { asked: 'email', customers: 1, judged: 0, back: 0, rate: null }], heldOut: 0 }));
    expect(counted).toContain('600 van 3.000 kwamen terug (3.847 klanten in totaal, de rest te kort geleden)');
    expect(counted).toContain('1 klant van wie de 30 dagen nog niet om zijn: te vroeg om te zeggen');
  });

  // One check-in sent and no reply read "antwoordpercentage 0%" (the owner-side review).
  it('gives the reply rate of fewer than 20 check-ins as its count', () => {
    const row = { total: 0, delivered: 0, failed: 0, waiting: 0 };
    const table = text(checkins(c, { channels: [{ ...row, channel: 'sms', sent: 1, answerable: 1, replied: 0 }, { ...row, channel: 'email', sent: 40, answerable: 40, replied: 10 }], replies: [], optOuts: [] }));
    expect(table).toMatch(/antwoordpercentage 0 van 1 25%/i);
    // Undelivered SMS are counted with the failed: said so, since the log's filter "mislukt" shows only the failed.
    expect(table).toMatch(/mislukt of niet afgeleverd 0 0/);
  });

  // The month under way counts a few days: unmarked, "3% · 9% · 1%" read as a sudden drop (the owner-side review).
  it('marks the week or month under way, unshaded, so that it never reads as a drop', () => {
    const table = markup(cohort(c, { unit: 'month', columns: 3, rows: [{ cohort: 676, size: 40, cells: [10, 20, 2.5], current: 2, partial: false }] }));
    expect(table).toContain('<td class="running" title="loopt nog: alleen de dagen tot nu">3%*</td>');
    expect(table).toMatch(/<td style="background:[^"]*">20%<\/td>/);
  });

  it('a cohort of fewer than 20 customers stays grey, and does not set the scale', () => {
    const table = markup(cohort(c, { unit: 'month', columns: 2, rows: [{ cohort: 676, size: 8, cells: [50, 0], current: null, partial: false }, { cohort: 677, size: 40, cells: [10, 20], current: null, partial: false }] }));
    const [small, large] = table.slice(table.indexOf('<tbody>')).split('<tr').slice(1);
    expect(small).toMatch(/^ class="few"/);
    expect(small).not.toContain('background');
    // Not told by the grey alone (1.13:1, and nothing to a screen reader): the count in place of the percentage, and
    // in words beside the group's size, as the rest of the page says it.
    expect(text(cohort(c, { unit: 'month', columns: 2, rows: [{ cohort: 676, size: 8, cells: [50, 0], current: 1, partial: false }] })))
      .toContain('mei 1956 8 (te weinig klanten voor een percentage) 4/8 0/8*');
    expect(small).not.toContain('%');
    expect(large).not.toContain('few');
    // The darkest shade is the large group's best cell (20%), not the small group's 50%.
    expect(large).toContain('background:rgb(118,184,148)');
  });
});

describe('tables to a screen reader', () => {
  // The accessibility review: empty header cells (axe "empty-table-header"), and a scrolling box a keyboard could not
  // reach in a browser that does not focus one by itself (Safari), with nothing to say what it holds.
  it('leave no header cell empty, and name the cohort table\'s scrolling box, which the keyboard reaches', () => {
    const row = { channel: 'sms' as const, total: 1, sent: 1, answerable: 1, delivered: 1, failed: 0, waiting: 0, replied: 0 };
    const tables = [
      markup(checkins(c, { channels: [row], replies: [], optOuts: [] })),
      markup(cohort(c, { unit: 'month', columns: 2, rows: [{ cohort: 676, size: 40, cells: [10, 20], current: null, partial: false }] })),
    ];
    for (const t of tables) expect(t).not.toMatch(/<th[^>]*>\s*<\/th>/);
    expect(tables[1]).toContain('<div class="scroll" role="region" aria-label="Per groep nieuwe klanten" tabindex="0">');
  });
});

describe('times on the owner\'s pages', () => {
  it('say the year when it is not this year\'s', async () => {
    const now = Date.parse('2026-12-03T10:00:00+01:00');
    const ctx = { ...c, now };
    expect(at(ctx, Date.parse('2026-11-29T13:53:00+01:00'))).toBe('zo 29 nov, 13:53');
    expect(at(ctx, Date.parse('2025-11-30T13:53:00+01:00'))).toBe('zo 30 nov 2025, 13:53');
    expect(at(ctx, Date.parse('2025-11-30T13:53:00+01:00'), 'HH:mm')).toBe('13:53');
  });
});

// The review of the cards' names: a customer whose name stood inside a button's words ("Lees" in "Lees zelf", "jan" in
// "jan@…", "de" in "Afgehandeld") got no name on it; only a button that ends with whom it shows goes without.
describe("a card's button names", () => {
  it('name the customer unless the button already ends with her number or address', () => {
    const label = (shown: string, who: string | null) => { const h = forWhom(shown, who); return h === '' ? '' : h.value; };
    expect(label('Lees zelf', 'Lees')).toBe(' aria-label="Lees zelf: Lees"');
    expect(label('jan@voorbeeld.nl', 'jan')).toBe(' aria-label="jan@voorbeeld.nl: jan"');
    expect(label('Afgehandeld', 'de')).toBe(' aria-label="Afgehandeld: de"');
    expect(label('Bel 06 12345603', '06 12345603')).toBe('');
    expect(label('jan@voorbeeld.nl', 'jan@voorbeeld.nl')).toBe('');
    expect(label('Afgehandeld', null)).toBe('');
  });
});
