// Readings the forty-ninth session's reviews left wrong (8 December): a thing excepted that the lexicon finds warm, slow
// said of the shop, the shop alone so bad, nobody but the shop between commas, an idea after nothing missing, a day
// excepted, the price excepted in any words; and the one list of nobody's first words.
import { describe, expect, it } from 'vitest';
import { classify, explain } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';
import { NOBODY_FIRST, noneSo, onlyTheShop } from '../../src/domain/reading/text.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });
const happy = { class: 'positive', alerted: false };
const problem = { class: 'problem', alerted: true };
const read = { class: 'other', alerted: false };

// A thing excepted whose name the lexicon finds a little warm ("support" +0.4, "licht" +0.4) made the exception warm,
// and the reply happy: "fijn om te horen", and nobody called. Slow was no complaint at all: the table knew no "slow".
describe('a thing excepted, or slow service, is a complaint', () => {
  it.each([
    'Apart from support, all good', 'Apart from support all good', 'All good apart from support', 'Op het licht na alles goed',
    'Behalve het licht werkt alles', 'alles doet het behalve het licht', 'Behalve de remmen top',
    'Except for being friendly the service was slow', 'Except for being friendly, the service was slow', 'Behalve vriendelijk waren ze traag',
    'slow delivery', 'the service was slow', 'The delivery was very slow', 'trage levering, verder top', 'Jullie reageren traag', 'Great bike but slow delivery',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual(problem));

  it('says what was slow', () => expect(explain('Except for being friendly the service was slow').because[0])
    .toBe('service was slow (domain: unhappy)'));

  it.each([
    'slow cooker works great', 'The slow cooker is great', 'Apart from the great service, the bike is perfect',
    'Alles top, behalve super vriendelijk ook nog snel', 'Apart from being quick the staff were great', 'Behalve goedkoop is hij heel goed',
    'Behalve de fiets was ook de service top', 'Apart from that all great', 'Slow and steady, works fine',
  ])('%j stays happy', (text) => expect(owner(text)).toEqual(happy));

  it.each(['Behalve de remmen is alles goed', 'ik mis de bel', 'Behalve vriendelijk was de service slecht', 'Apart from the staff, all great',
    'Behalve vriendelijk waren ze langzaam', 'de levering was traag'])('%j stays a problem', (text) =>
    expect(owner(text)).toEqual(problem));
});

// The inverse of the shop alone so good: a bad word with nobody but the shop ("Nobody but you would sell such junk")
// read as nothing clear, and nobody called her.
describe('the shop alone so bad is a complaint', () => {
  it.each(['Nobody but you would sell such junk', 'Apart from you nobody sells such junk'])(
    '%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual(problem));

  // (a word the lexicon or the table knows cold was a complaint already)
  it.each(['Niemand behalve jullie verkoopt zulke rommel', 'Nobody but you would sell such crap', 'Except you nobody sells such garbage'])('%j stays a problem', (text) =>
    expect(owner(text)).toEqual(problem));

  it('says so', () => expect(explain('Nobody but you would sell such junk').because[0])
    .toBe('nobody but you would sell such junk (the shop alone so bad)'));

  it.each(['Niemand behalve jullie helpt zo goed', 'Apart from you nobody fixes it this well', 'No one except you does it this well'])(
    '%j stays happy', (text) => expect(owner(text)).toEqual(happy));

  it('"Nobody but you would charge this much" stays unhappy', () => expect(classify('Nobody but you would charge this much')).not.toBe('positive'));
});

// Between commas, "niemand" was cut from who alone is so, and read as a negation nothing explained: a complaint.
describe('nobody but the shop between commas reads as without them', () => {
  it.each([
    'Niemand, behalve jullie, helpt zo goed', 'Niemand, behalve jullie helpt zo goed', 'Nobody, but you, fixes it this well',
    'Behalve jullie, niemand helpt zo goed', 'Apart from you, nobody fixes it this well', 'No one, except you, does it this well',
  ])('%j is happy, with no alert', (text) => expect(owner(text)).toEqual(happy));

  it('says why', () => expect(explain('Niemand, behalve jullie, helpt zo goed').because[0])
    .toBe('niemand behalve jullie helpt zo goed (the shop alone so good)'));

  it.each(['Niemand, behalve jullie, helpt zo slecht', 'Behalve de monteur, was niemand vriendelijk'])('%j stays a problem', (text) =>
    expect(owner(text)).toEqual(problem));
});

// "An" was no article after "just": "nothing missing just an idea" read happy, where "niks mis wel een tip" read as a tip.
describe('an idea after nothing missing is for the owner to read', () => {
  it.each(['nothing missing just an idea', 'nothing wrong just an idea', 'Nothing missing. Just an idea', 'niks mis, just an idea'])(
    '%j is "other", with no alert', (text) => expect(owner(text)).toEqual(read));

  it('"ik mis niks wel een idee" stays "other"', () => expect(owner('ik mis niks wel een idee')).toEqual(read));

  it.each(['nothing wrong just an issue with the bell', 'Nothing missing. Just the key'])('%j stays a problem', (text) =>
    expect(owner(text)).toEqual(problem));
});

// A day excepted read as the lexicon found the day: "zondag" warm (+0.6), so "Op zondag na alles top" was happy and "Op
// maandag na alles goed" a problem (each other day was read so already). One rule now: a day that went wrong is worth
// a call (a problem); a day the shop is closed is its hours, no complaint, read as if nothing were excepted.
describe('every day excepted reads alike', () => {
  const DAYS = { nl: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
    en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] };
  it.each(DAYS.nl.flatMap((day) => [`Op ${day} na alles top`, `Op ${day} na alles goed`, `alles goed behalve op ${day}`, `Behalve ${day} alles prima`]))(
    '%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual(problem));

  it.each(DAYS.en.flatMap((day) => [`all good except ${day}`, `Except ${day} everything is great`, `All fine apart from ${day}`]))(
    '%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual(problem));

  it.each(['Alles top, behalve op zondag, dan zijn ze dicht', 'All good except Sunday, closed then', 'Behalve op zondag open, top',
    'Behalve maandag altijd open, top'])('%j, the shop\'s hours, stays happy', (text) => expect(owner(text)).toEqual(happy));

  it.each(['All good except Monday, the shop was closed when I came to collect', 'alles goed behalve zaterdag, de deur bleef dicht',
    'alles goed behalve maandag, toen ging de winkel niet open', 'Alles top behalve zondag, toen waren jullie dicht'])(
    '%j, a day it went wrong, alerts the owner as a problem', (text) => expect(owner(text)).toEqual(problem));

  it('"behalve zondag, dan zijn ze dicht" alone is for the owner to read', () =>
    expect(owner('behalve zondag, dan zijn ze dicht')).toEqual(read));

  it('a day of when stays happy, and a verb\'s "na" no exception', () => {
    expect(owner('Op zaterdag na de reparatie alles top')).toEqual(happy);
    expect(classify('ik kijk het op maandag na')).toBe('other');
  });
});

// The price excepted read as a word on it only when named "prijs": "Behalve duur is hij goed" alerted the owner, and
// "behalve de prijs top" was happy. Now each is a word on the price, for the owner to read without an alert, as "goed
// maar wel duur" is: no defect to call about, and no "fijn om te horen" over it either.
describe('the price excepted, in any words, is a word on the price', () => {
  it.each([
    'Behalve duur is hij goed', 'alles goed behalve de prijs', "apart from the price it's great", 'behalve de prijs top',
    "Apart from being pricey it's great", 'alles top behalve een beetje duur', 'Behalve een beetje duur alles top', 'behalve de prijs is alles top',
  ])('%j is "other", with no alert', (text) => expect(owner(text)).toEqual(read));

  it.each(['Behalve de prijs en de remmen alles top', 'Behalve de remmen prima'])('%j stays a problem', (text) =>
    expect(owner(text)).toEqual(problem));
});

// Nobody's first words were spelt in three places, each its own; one set now, and onlyThose keeps its own test.
describe('one list of nobody\'s first words', () => {
  it('holds "niemand", "nobody" and "no"', () => expect([...NOBODY_FIRST].sort()).toEqual(['niemand', 'no', 'nobody']));

  it('finds the shop alone so good after each', () => {
    expect(onlyTheShop('behalve jullie niemand helpt zo goed'.split(' '))).toBe(true);
    expect(onlyTheShop('apart from you no one fixes it this well'.split(' '))).toBe(true);
    expect(onlyTheShop('behalve de monteur was niemand zo goed'.split(' '))).toBe(false);
  });
});

// Review frv50b: thanks excepted is no thing that went wrong; hours that went wrong are no hours; slow said of the
// shop's people in English as in Dutch ("de monteur was traag").
describe('frv50b: thanks excepted, hours gone wrong, the shop slow', () => {
  it.each([
    'Apart from a big thank you, nothing to add', 'Behalve een dikke merci niks te melden', 'Behalve een dankjewel niks te melden',
    'Behalve bedankt niks te melden', 'Apart from saying thanks, nothing to add',
  ])('%j stays happy, with no alert', (text) => expect(owner(text)).toEqual(happy));
  it.each([
    'alles top behalve maandag, weer dicht', 'all good except Friday, closed again', 'alles goed behalve zaterdag, zomaar gesloten',
    'all good except Tuesday, closed early', 'the mechanic was slow', 'the shop was slow', 'slow reaction', 'very slow answering',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual(problem));
  it.each(['nothing wrong just an observation', 'nothing wrong just a remark', 'nothing wrong, just an FYI', 'niks mis, wel een opmerking'])(
    '%j is for the owner to read, with no alert', (text) => expect(owner(text)).toEqual(read));
});

// Nobody, nowhere or never better is the highest praise, and read as a complaint said with a negation (an alert, and
// "wat vervelend" to a customer who praised the shop); nowhere so bad the lowest, and read as praise (fix50f).
describe('nobody, nowhere or never better', () => {
  it.each([
    'Nobody does it better', 'Niemand doet het beter', 'Niemand, echt niemand, doet het beter', 'Niemand anders verkoopt zulke goede fietsen',
    'No one else sells such good bikes', 'Nobody else could fix it, thanks', 'Niemand zo goed als jullie', 'Nergens beter geholpen',
    'Never been helped better', 'Nowhere better', 'Nobody does it better than you', 'Niemand doet het beter dan jullie',
    'Nergens zo goed geholpen', 'Nooit zo goed geholpen', 'Ik ben nog nooit zo goed geholpen', 'I have never been helped better',
    'Never felt better on a bike', 'No one does it better', 'Nowhere else such good service', 'Nergens anders zulke goede service',
    'Niemand anders kon hem maken, dank je', 'Nobody else could repair it', 'Niemand zo vriendelijk als jullie', 'Niemand heeft het beter gedaan',
    'Never bought anything this good', "Ik ben nog nooit in zo'n mooie winkel geweest",
    // never such a difference: what it did (a medicine, a repair), with no good word
    'Never noticed such a difference', "Nog nooit zo'n verbetering gehad", "Nog nooit zo'n resultaat gezien, top",
  ])('%j is praise, with no alert', (text) => expect(owner(text)).toEqual(happy));
  it.each([
    'Nobody helped me', 'Niemand heeft me teruggebeld', 'Nobody answers the phone', 'Nergens zo slecht geholpen', 'Never been treated worse',
    'Niemand weet hoe het werkt', 'Nobody could fix it', 'Nooit zo slecht geholpen', 'Nowhere worse', 'Nobody called me back',
    'No one answered my email', 'Never received the bike', 'It was never as good as promised', 'Het was nooit zo goed als beloofd',
    // (frv50f) none so, with no good word, is how bad; nobody else either, or better than another shop, a complaint
    'Never waited so long', 'Never waited this long for a repair', 'Never been so late', 'Nergens zo duur', 'Nowhere this expensive',
    'Nobody else would do this to a customer', 'Niemand anders vraagt zoveel geld', 'Nobody else makes you wait this long',
    'Nobody else could fix it either', 'Nobody else could help me either', 'Nobody could do it better than my old shop',
    'Niemand kon het beter maken dan de vorige winkel', 'Nooit meer zo goed als eerst',
  ])('%j stays a problem', (text) => expect(owner(text)).toEqual(problem));
  it('says so of the words alone', () => {
    expect(noneSo('nergens beter geholpen'.split(' '))).toBe(true);
    expect(noneSo('nobody else could fix it'.split(' '))).toBe(true);
    expect(noneSo('nobody could fix it'.split(' '))).toBe(false);
    expect(noneSo('het was nooit zo goed als beloofd'.split(' '))).toBe(false);
  });
});
