// "No improvement" and "not helped yet" (replies to a pharmacist's "Helpt het medicijn?" and a garage's "Rijdt de auto
// weer goed?"): "Geen verbetering helaas" read happy, its "geen" taken to deny the "helaas" (she was thanked and nobody
// called her), and "Nog geen verbetering", "Het helpt nog niet", "Hasn't helped yet" read as nothing, as if not yet
// used. Regret is said of the whole, and only a negator right before it denies it ("niet jammer"); not yet of what the
// purchase was for (help, improvement, a difference, the pain gone) is a complaint, not yet of using it ("nog niet
// gebruikt", "haven't worn it yet") or of knowing ("weet nog niet of het helpt") is still nothing to alert on. And
// "Geen verbetering nodig" is nothing that needs improving: praise.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });

describe('no improvement, with regret after it, alerts the owner', () => {
  it.each([
    // the review's, and the same shape
    'Geen verbetering helaas', 'geen verschil helaas', 'No improvement sadly', 'geen resultaat jammer genoeg',
    'niks veranderd helaas',
    // in other words, both languages, typos, no punctuation
    'geen verbetering helaas', 'Geen verbeteringg helaas', 'Geen verschil jammer genoeg', 'no improvement sadly',
    'No difference sadly', 'Niets veranderd helaas', 'Geen effect helaas', 'No effect sadly', 'Nothing changed sadly',
    'Niet geholpen helaas',
  ])('%j is a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each([
    // regret said first, and what already read so
    'Helaas geen verbetering', 'Jammer genoeg geen verschil', 'No improvement unfortunately', 'Sadly no improvement',
    'Geen verbetering', 'Nog steeds geen verbetering helaas', 'Helaas niet geholpen',
  ])('%j stays a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each([
    // a negator right before the regret denies it
    'Niet jammer', 'Niet zo jammer', 'Het is niet erg jammer', 'Niet helemaal jammer',
  ])('%j is no regret', (text) => expect(classify(text)).not.toBe('problem'));
});

describe('not helped yet is a complaint; not used yet is not', () => {
  it.each([
    // the review's
    'Nog geen verbetering', 'Het helpt nog niet', "Hasn't helped yet", 'Not working yet',
    // in other words, both languages, typos, no punctuation
    'nog geen verbetering', 'Nog geen verbetring', 'het helpt nog niet', 'Helpt nog niet', 'hasnt helped yet',
    "It hasn't helped yet", 'Not helping yet', 'Nog niet beter', 'Het is nog niet beter', 'Nog geen verschil',
    'Nog geen verschil gemerkt', 'Nog geen effect', 'Nog geen resultaat', 'Het werkt nog niet',
    'Het geluid is nog niet weg', 'Nog niet opgelost', 'Nog niet verholpen', 'Not fixed yet', 'Not better yet',
    'No improvement yet', 'No difference yet', 'No change yet', 'Not gone yet', 'Helpt nog niet echt',
    'Ik voel nog geen verschil', 'Kan nog geen verschil zien', "Unfortunately it hasn't helped yet",
    'De garage heeft het nog niet opgelost',
  ])('%j is a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each(['Nog steeds niet beter', 'De pijn is nog niet weg', "The pain isn't gone yet", 'Still no improvement'])(
    '%j stays a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each([
    // not yet used, tried, worn, ridden, started
    'Nog niet gebruikt', 'nog niet gebruikt', "Haven't tried it yet", 'Havent tried it yet', "Haven't used it yet",
    "Haven't worn it yet", 'Nog niet aan toe gekomen', 'Nog niet geprobeerd', 'Nog niet gedragen',
    'Nog niet mee gereden', 'Not opened yet', 'Not started yet',
    // not yet known whether it helps
    'Nog niet gebruikt dus weet niet of het helpt', 'Weet nog niet of het helpt', 'Kan nog niet zeggen of het beter is',
    "Can't tell yet if it helps", 'Nog niet getest of het werkt', 'Help nog niet nodig gehad',
    // "weg" and "over" that say something else; not quite yet, part of it has come
    'Nog niet over nagedacht', 'Nog niet mee weg geweest', 'Nog niet helemaal weg', 'Het is nog niet helemaal over',
  ])('%j alerts nobody', (text) => expect(owner(text).alerted).toBe(false));

  it.each(['Nog niet gebruikt', "Haven't tried it yet", 'Nog niet aan toe gekomen', 'Nog geen tijd gehad'])(
    '%j stays other', (text) => expect(classify(text)).toBe('other'));

  // "nog nooit", "nog niet eerder" are never, no not yet, and not had better yet is praise: no result to come
  it.each(['Nog nooit zo goed geholpen', "Nog nooit zo'n verschil gemerkt", 'Nog niet eerder zo goed geholpen',
    "Haven't been helped this well before yet", 'Nog niet beter gehad', "Haven't found a better shop yet"])(
    '%j is no complaint', (text) => expect(classify(text)).not.toBe('problem'));
});

describe('no improvement needed, and a complaint gone, are good news', () => {
  it.each([
    'Geen verbetering nodig, alles top', 'geen verbeteringen nodig', 'No improvement needed, all good',
    'No improvements needed',
  ])('%j is positive', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it.each(['Geen klachten meer', 'Geen pijn meer', 'No more pain', 'Geen last meer', 'No more problems',
    'Het helpt goed', 'Helpt prima', 'Nog geen klachten', 'No problems yet', 'Nog niet kapot'])(
    '%j stays positive', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));
});

describe('"not yet, sadly": no negator denies "helaas", "sadly", "jammer genoeg"', () => {
  it.each(['Nog niet helaas', 'Nee nog niet helaas', 'nog niet jammer genoeg', 'Nog niet echt helaas',
    'Nee, niet helaas',
    // the same with a comma, and regret first, already read so
    'Nog niet, helaas', 'Helaas nog niet'])(
    '%j is a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each(['Niet spijtig', 'Niet jammer', 'Niet zo jammer'])(
    '%j is no regret', (text) => expect(classify(text)).not.toBe('problem'));
});

describe('not yet repaired, healed, recovered is a complaint', () => {
  it.each(['Nog niet gerepareerd', 'Not repaired yet', 'Nog niet genezen', 'Nog niet hersteld',
    'Nog geen veranderingen'])(
    '%j is a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each(['Nog niet volledig genezen', 'Not fully repaired yet'])(
    '%j alerts nobody', (text) => expect(owner(text).alerted).toBe(false));
});

describe('sorry it is not yet used: not yet of using it, with regret, alerts nobody', () => {
  it.each(['Heb het nog niet gebruikt helaas', 'Helaas nog niet gebruikt', 'Nog niet getest helaas',
    'Nog geen tijd gehad helaas', 'Jammer genoeg nog niet aan toe gekomen', 'Nog niet aan toe gekomen helaas'])(
    '%j is other', (text) => expect(owner(text)).toEqual({ class: 'other', alerted: false }));

  it.each(['Het helpt nog niet helaas', 'Werkt nog niet helaas', 'Nog geen verbetering helaas',
    'Helaas nog niet geholpen', 'Nog niet helaas'])(
    '%j stays a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));
});
