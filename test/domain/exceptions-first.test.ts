// Three misreadings the forty-eighth session found (7 December). An exception said first, before the praise, read as
// happy: "Behalve de remmen is alles goed", "Apart from the brakes all good" got "fijn om te horen" and nobody called
// her, where "alles goed behalve de remmen" alerted the owner; now the order does not matter. A thing named after
// nothing missing with no stop between ("ik mis niks wel de sleutel") read as happy, as "Ik mis niks. Wel de sleutel"
// no longer did. And a slip ("mis geklikt", "Oops", "sorry mis getypt") read as a problem: "Dank je, wat vervelend"
// and an alert about nothing, where "misgeklikt" and "oeps" were the owner's to read, without an alert.
import { describe, expect, it } from 'vitest';
import { classify, explain, readWords } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });

describe('an exception said first is a complaint, as said last', () => {
  it.each([
    'Behalve de remmen is alles goed', 'Behalve de remmen alles goed', 'Op de remmen na is alles goed', 'Afgezien van de remmen is alles prima',
    'Except for the brakes everything is fine', 'Apart from the brakes all good', "Other than the brakes it's great",
    // over a comma, and after praise said before it
    'Behalve de remmen, alles goed', 'Apart from the brakes, all good', 'Top fiets. Behalve de remmen, alles goed',
    'De fiets is top. Behalve de remmen is alles goed',
    // the praise said otherwise: a verb before it, "verder", a nothing wrong
    'Behalve de remmen werkt alles prima', 'Behalve de achterlichten is alles goed', 'Behalve de remmen verder top', 'Behalve de remmen niks mis',
    'Apart from the brakes nothing wrong', 'Op de bel na alles top',
    // the verb before its subject after the exception asks nothing: "ben ik tevreden" is read in the order she wrote it
    'Behalve de remmen heb ik geen klachten', 'Behalve de bel ben ik heel tevreden', 'Op de bel na ben ik tevreden',
    'Behalve de remmen zijn we heel blij',
    // said last, in the words now known there too
    'alles prima afgezien van de remmen', 'all good other than the brakes',
    // one excepted ("all but one good": one thing was not); the weather excepted is no complaint, in either order
    // (exceptions-besides.test.ts)
    'Op één na alles goed',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each([
    'alles goed op één na', 'Except that it squeaks everything is fine',
    'Except the bell everything works', 'alles goed behalve de remmen',
  ])('%j stays a problem, as it was', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it('says what was excepted', () => {
    expect(explain('Behalve de remmen is alles goed').because[0]).toBe('but then: "behalve de remmen"');
    expect(explain('Apart from the brakes all good').because[0]).toBe('but then: "apart from the brakes"');
  });

  it.each([
    // the price excepted first reads as excepted last: a word on the price, read without an alert
    'Behalve de prijs is alles top', 'Buiten de prijs om is alles top', 'Behalve de prijs, alles top', 'alles top buiten de prijs om',
    'alles goed behalve de prijs', 'Apart from the price all good',
  ])('%j is for the owner to read, without an alert', (text) => expect(owner(text)).toEqual({ class: 'other', alerted: false }));

  it.each([
    // "behalve", "apart from" as "besides": one thing as well as another
    'Behalve een fiets heb ik ook een slot gekocht, alles top', 'Behalve de fiets was ook de service top',
    'Apart from the bike, the service was great too', 'Except for the bike I also bought a lock, all great',
    // who is excepted is the only one so good
    'Behalve jullie niemand die zo goed helpt', 'Except you nobody helps this well', 'Behalve jullie ken ik niemand die zo goed repareert',
    // what was said before, set apart
    'Behalve dat is alles top', 'Apart from that all great', "Apart from that it's perfect", 'Afgezien daarvan alles top',
    'Other than that, great service', 'Other than expected, it works great',
    // "op … na" of how near, or of rank
    'Op de minuut na op tijd, top', 'Op één na de beste fiets die ik heb gehad',
  ])('%j stays happy', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it('who is excepted as the only one so bad is a complaint', () => {
    expect(owner('Behalve jullie niemand die zo slecht helpt')).toEqual({ class: 'problem', alerted: true });
  });
});

describe('a thing named after nothing missing, with no stop between, is a complaint', () => {
  it.each([
    'ik mis niks wel de sleutel', 'niks mis wel de bel', 'nothing missing just the key', 'Ik mis niets wel het slot', 'niks aan de hand wel de achterlamp',
    'nothing wrong only the bell',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each([
    'ik mis niks wel bedankt', 'niks mis wel de groeten', 'nothing missing just wanted to say thanks', 'niks mis wel de sleutel gevonden',
    // read as a problem before: the negation reached "aanrader" (as "Ik mis niks. Wel een aanrader" it did not)
    'Ik mis niks wel een aanrader',
  ])('%j stays happy', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));
});

// A question named after nothing missing is hers to ask, no thing missing: it reached the owner as a problem, and
// "Dank je, wat vervelend" back (said after a stop), or as a question only with none.
describe('a question named after nothing missing is a question', () => {
  it.each(['Ik mis niks. Wel een vraag', 'Nothing missing. Just a question', 'Niks mis, wel een vraagje', 'nothing missing just a question'])(
    '%j alerts the owner as a question', (text) => expect(owner(text)).toEqual({ class: 'question', alerted: true }));
});

describe('a slip is for the owner to read, without an alert', () => {
  it.each([
    'mis geklikt', 'Oops', 'sorry mis getypt', 'Oops!', 'mis getypt', 'verkeerd geklikt', 'Oops sorry',
  ])('%j is "other", with no alert', (text) => expect(owner(text)).toEqual({ class: 'other', alerted: false }));

  it.each(['misgeklikt', 'oeps', 'sorry misgetypt', 'whoops'])('%j stays "other", as it was', (text) =>
    expect(owner(text)).toEqual({ class: 'other', alerted: false }));

  it('says it was only a slip', () => {
    expect(explain('mis geklikt').because.slice(0, 2)).toEqual(['only says it was a slip', 'mis geklikt (domain: an aside)']);
    expect(explain('Oops').because.slice(0, 2)).toEqual(['only says it was a slip', 'oops (domain: an aside)']);
  });

  it.each(['Oops, all good', 'sorry mis geklikt, alles top'])('%j is happy, with no alert', (text) =>
    expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it('"Oeps, alles goed" stays happy', () => expect(owner('Oeps, alles goed')).toEqual({ class: 'positive', alerted: false }));

  it.each([
    // "mis" in a complaint, and a complaint after the slip
    'ik mis de bel', 'de versnelling klikt mis', 'het ging mis', 'oops the brake broke', 'Oops. De remmen piepen', 'mis getypt, de remmen piepen',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));
});

// The reply page asks whether words she added say only that something was a slip (db/replies.ts answerOnPage): the
// reading says so by a flag, not by the wording of its first reason.
describe('a slip said and nothing more is flagged by the reading', () => {
  it.each(['sorry verkeerde knop', 'mis geklikt', 'Oops', 'oops sent by accident'])('%j is read as only a slip', (text) => {
    expect(readWords(text)).toEqual({ class: 'other', slip: true });
    expect(explain(text).slip).toBe(true);
  });

  it.each([['Alles top', 'positive'], ['Sorry verkeerde knop, alles goed', 'positive'], ['Oeps, verkeerd. De remmen piepen', 'problem'],
    ['weet ik nog niet', 'other'], ['Sorry, verkeerd. Nee', 'problem']])('%j is no slip alone', (text, cls) => {
    expect(readWords(text)).toEqual({ class: cls, slip: false });
    expect(explain(text).slip).toBeUndefined();
  });
});

// The review (frv48a): "na" opening what follows, "buiten dat om", "ook" in the exception's own clause, and who else
// was not so nice.
describe('neighbours of an exception said first (frv48a)', () => {
  it.each([
    'Op zaterdag na de reparatie alles top', 'Op woensdag na het onderhoud rijdt hij als nieuw', 'Op de terugweg na de reparatie rijdt hij prima',
    'Buiten dat om alles top', 'Buiten dit om alles goed', 'Behalve de APK ook de remmen nagekeken, top',
    'Behalve de remmen hebben ze ook de bel vervangen, top',
  ])('%j stays happy', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it.each([
    'Behalve de monteur was niemand vriendelijk', 'Behalve de eigenaar was niemand aardig', 'Behalve de verkoper helpt niemand daar',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));
});

// Two things excepted first, joined by "en" or "and", are one exception, as said last ("alles goed behalve de remmen
// en de bel"): they read happy, the praise after the second thing taken for the whole reply.
describe('more than one thing excepted first', () => {
  it.each([
    'behalve de remmen en de bel alles goed', 'Behalve de remmen en de bel is alles goed', 'Behalve de remmen en de bel, alles goed',
    'Except the brakes and the bell all good', 'Apart from the brakes and the lights, everything is fine',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each([
    'Behalve de fiets en de helm heb ik ook een slot gekocht, top', 'Behalve de remmen en de bel ook de ketting gesmeerd, top',
  ])('%j stays happy', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));
});

// Trouble named after nothing wrong or missing with no stop between, in more words than a thing ("just the key"): as
// after a full stop ("Nothing missing. Just a problem with the brakes"), a problem; no trouble denied there, or the
// price, is one.
describe('trouble named after nothing wrong, no stop between', () => {
  it.each([
    'nothing missing just a problem with the brakes', 'ik mis niks wel een probleem met de remmen', 'nothing wrong just a problem with the bell',
    'nothing wrong only a problem if it rains',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each(['nothing wrong just no issues', 'niks mis wel bedankt', 'nothing missing just wanted to say thanks'])('%j stays happy', (text) =>
    expect(owner(text)).toEqual({ class: 'positive', alerted: false }));
});
