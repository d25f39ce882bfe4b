// Readings the forty-eighth session's review left wrong (7 December), and the one list of what opens an exception.
import { describe, expect, it } from 'vitest';
import { classify, explain } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';
import { EXCEPTION_OPENERS, exceptionOpener } from '../../src/domain/reading/text.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });
const happy = { class: 'positive', alerted: false };
const problem = { class: 'problem', alerted: true };

// The openers were written four times, and not alike: "excepting" did not open who alone is so good, and "except for
// that" was read as a thing excepted, where "apart from that" was what was said before.
describe('one list of what opens an exception', () => {
  it('knows each opener by its words, the longest first', () => {
    expect(EXCEPTION_OPENERS.map((o) => o.join(' '))).toContain('excepting');
    expect(exceptionOpener(['except', 'for', 'the', 'bell'])).toBe(2);
    expect(exceptionOpener(['except', 'the', 'bell'])).toBe(1);
    expect(exceptionOpener(['apart', 'from', 'that'])).toBe(2);
    expect(exceptionOpener(['op', 'de', 'bel', 'na'])).toBe(0);
  });

  it.each(['Nothing wrong, except for that all good', 'Excepting you nobody helps this well', 'Except for that, great service'])(
    '%j is happy', (text) => expect(owner(text)).toEqual(happy));

  it.each(['Excepting the brakes, all good', 'nothing wrong, excepting the bell', 'Except for the brakes everything is fine'])(
    '%j stays a problem', (text) => expect(owner(text)).toEqual(problem));
});

// Two things inside "op … na" ("Op de remmen en de bel na alles goed") read happy, in either order: its "en" cut the
// exception in two, and neither half was one. One thing inside it was already a problem.
describe('more than one thing inside "op … na" is a complaint', () => {
  it.each([
    'Op de remmen en de bel na alles goed', 'Op de remmen en de bel na is alles goed', 'Op de remmen en de bel na, alles goed',
    'alles goed op de remmen en de bel na', 'alles goed, op de remmen en de bel na', 'Buiten de remmen en de bel om alles goed',
    'niks mis op de remmen en de bel na', 'op de fiets en de bel na alles goed', 'alles top op de prijs en de bel na',
    'Op de bel en de remmen na geen klachten', 'alles goed op de bel en de verlichting en het slot na',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual(problem));

  it('says what was excepted', () => {
    expect(explain('Op de remmen en de bel na alles goed').because[0]).toBe('but then: "op de remmen en de bel na"');
  });

  it.each(['Op de remmen na alles goed', 'Behalve de remmen en de bel alles goed'])('%j stays a problem', (text) =>
    expect(owner(text)).toEqual(problem));

  it('"op … na" of when stays happy, and a verb\'s "na" stays no exception', () => {
    expect(owner('Op zaterdag en zondag na de reparatie alles top')).toEqual(happy);
    expect(classify('ik kijk het op maandag en dinsdag na')).toBe('other');
  });
});

// "Behalve", "apart from" before a good quality or the shop is "besides" or "no one but": praise, which alerted the
// owner as a complaint (or a question, or nothing clear).
describe('a good quality or the shop after "behalve" is praise', () => {
  it.each([
    'Behalve dat hij snel is, is hij ook mooi', 'Apart from you nobody fixes it this well', 'Niemand behalve jullie helpt zo goed',
    'Behalve goedkoop is hij heel goed', 'Apart from being quick they were really friendly', 'Apart from being cheap and quick, they were friendly',
    'Top fiets. Behalve goedkoop is hij heel goed', 'Nobody but you fixes it this well', 'No one except you does it this well',
    'Except you nobody fixes it this well', 'Except for you nobody fixes it this well',
  ])('%j is happy, with no alert', (text) => expect(owner(text)).toEqual(happy));

  it('says why', () => {
    expect(explain('Behalve goedkoop is hij heel goed').because[0]).toBe('behalve goedkoop (besides: a good quality)');
    expect(explain('Apart from you nobody fixes it this well').because[0]).toBe('apart from you nobody fixes it this well (the shop alone so good)');
  });

  it.each([
    'Apart from being late all good', 'Apart from being quick they were rude', 'Behalve jullie niemand die zo slecht helpt',
    'Niemand behalve jullie helpt zo slecht', 'Behalve de monteur was niemand vriendelijk', 'Behalve de remmen is alles goed',
    // the verb before its subject after an exception said first asks nothing: read as "alles goed behalve de bel"
    'Behalve de bel, ben ik tevreden',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual(problem));

  it.each(['Behalve snel is hij ook mooi', 'Behalve de fiets was ook de service top'])('%j stays happy', (text) =>
    expect(owner(text)).toEqual(happy));
});

// "My bad" owns a slip, as "Oops" says one: no "Dank je, wat vervelend" and no call about nothing.
describe('a slip owned is for the owner to read, without an alert', () => {
  it.each(['oops my bad', 'sorry my bad', 'my bad', 'My bad!', 'whoops my bad', 'Oeps mijn fout', 'Oops my mistake'])(
    '%j is "other", with no alert', (text) => expect(owner(text)).toEqual({ class: 'other', alerted: false }));

  it.each(['Oops my bad, all good', 'sorry mijn fout, alles goed'])('%j is happy', (text) => expect(owner(text)).toEqual(happy));

  it.each(['oops my bad the brake broke', 'my bad knee hurts'])('%j stays a problem', (text) => expect(owner(text)).toEqual(problem));

  it('"Oops" stays "other"', () => expect(owner('Oops')).toEqual({ class: 'other', alerted: false }));
});

// A tip named after nothing wrong is no complaint, nor a question asked: the owner reads it, without an alert.
describe('a tip after nothing wrong is for the owner to read', () => {
  it.each([
    'niks mis wel een tip', 'nothing wrong just a tip', 'ik mis niks wel een suggestie', 'Niks mis. Wel een tip', 'nothing missing just a suggestion',
    // read happy before: the tip went to nobody
    'Alles top, wel een tip',
  ])('%j is "other", with no alert', (text) => expect(owner(text)).toEqual({ class: 'other', alerted: false }));

  it('says it is a tip', () => expect(explain('niks mis wel een tip').because).toContain('wel een tip (a tip for the owner)'));

  it('the neighbours stay as they were', () => {
    expect(owner('ik mis niks wel de sleutel')).toEqual(problem);
    expect(owner('ik mis de bel')).toEqual(problem);
    expect(owner('Ik mis niks. Wel een vraag')).toEqual({ class: 'question', alerted: true });
    expect(owner('niks mis wel bedankt')).toEqual(happy);
  });
});

// The weather excepted is no doing of the shop's: "fijn om te horen" is the answer, and no alert, in either order (it
// alerted the owner, made so on purpose two sessions ago when the reader could not tell the weather from a thing).
describe('the weather excepted is praise', () => {
  it.each([
    'Behalve het weer alles top', 'alles top op het weer na', 'alles top, behalve dat het regende', 'Behalve dat het regende was alles top',
    'Except for the weather everything was great', 'alles top behalve het weer', 'Buiten de regen om alles top', 'Apart from the rain, all good',
    'Op het weer na is alles goed', 'niks mis behalve het weer', 'nothing wrong apart from the weather',
    // its words no cold ones: "slechte", "bad"
    'Behalve het slechte weer was alles perfect', 'Except for the bad weather everything was great',
  ])('%j is happy, with no alert', (text) => expect(owner(text)).toEqual(happy));

  it.each([
    // a thing of the shop's beside it, "weer" as "again", a complaint after it; the wind (a pharmacy's customer's)
    'Behalve het weer en de remmen alles top', 'Alles prima, behalve het weer en de bel', 'Behalve dat het weer kapot is alles top', 'Behalve het weer alles top maar de bel piept',
    'Alles goed behalve de wind',
    // a day excepted stays a problem: the shop may have been shut, or the bike failed on it
    'Op maandag na alles goed',
  ])('%j stays a problem', (text) => expect(owner(text)).toEqual(problem));

  it.each(['alles goed behalve de prijs', 'Behalve de prijs is alles top'])('%j stays a word on the price, without an alert', (text) =>
    expect(owner(text)).toEqual({ class: 'other', alerted: false }));
});

// (frv49a) "Nobody but you" and "apart from being cheap" with nothing good said after them are no praise: "fijn om te
// horen" to a complaint, and nobody called her.
describe('the shop alone, or a quality besides, with nothing good said after it', () => {
  it.each(['nobody but you would charge this much', 'No one but you would do this to a customer', 'Apart from you nobody answers the phone so slowly',
    'Nobody but you would make me wait this long'])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual(problem));

  it.each(['Nobody but you would sell such junk', 'Nobody but you would sell this', 'Apart from being cheap it is junk', 'Behalve jullie is niemand zo traag',
    'Niemand behalve jullie laat me zo lang wachten', 'Nobody but you would charge so much for a bell'])('%j is not read happy', (text) =>
    expect(classify(text)).not.toBe('positive'));

  it.each(['Nobody but you sells such good bikes', 'Niemand behalve jullie doet het beter', 'Niemand behalve jullie is zo behulpzaam',
    'no one but you would take such good care of my bike', 'Apart from being cheap it is fine', 'behalve goedkoop alles top'])('%j stays happy', (text) =>
    expect(owner(text)).toEqual(happy));

  it.each(['Behalve vriendelijk was de service slecht', 'Behalve snel is hij ook lelijk'])('%j stays a problem', (text) =>
    expect(owner(text)).toEqual(problem));
});

// (frv49a) The verb first after an exception said first asks nothing only where the clause says how it was ("ben ik
// tevreden"); a question said so stays one, with a comma or a full stop, and after an exception said last.
describe('a question after an exception stays a question', () => {
  it.each(['behalve de bel, kan ik die zelf vervangen', 'Behalve de bel. Kan ik die zelf vervangen', 'behalve de remmen, zijn jullie morgen open',
    'Behalve de rem, kunt u ook naar de bel kijken', 'Op de bel na, kan ik hem ophalen', 'alles goed behalve de bel. kan ik langskomen',
    'Behalve de bel, hebben jullie morgen tijd'])('%j alerts the owner as a question', (text) =>
    expect(owner(text)).toEqual({ class: 'question', alerted: true }));
});
