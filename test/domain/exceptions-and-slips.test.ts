// Four misreadings the forty-seventh session left (7 December). A real problem read as happy got "fijn om te horen"
// and nobody called her: "Ik mis niks. Wel de sleutel" (the key is missing, as in "Ik mis niks, behalve de sleutel")
// and "nothing wrong apart from the brakes", "niets aan de hand op de ketting na", "alles prima op de verlichting na"
// (an exception in two words, which the reader did not know). A happy reply read as a problem got "Dank je, wat
// vervelend" and the owner an alert: "Oeps, verkeerd. Alles top" (the slip over a comma, as "Oeps verkeerd, bedoelde:
// alles goed" was not). And "sorry verkeerde knop" alone, a slip and nothing more, alerted the owner as a problem: it
// is read as "other" now, on the owner's list without an alert and no "wat vervelend" back, as "sorry, per ongeluk"
// was (not "positive": nothing in it says she is happy, and the answer she meant to give may still come).
import { describe, expect, it } from 'vitest';
import { classify, classifyWords, explain, wrongNumber } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });

describe('a thing excepted from nothing wrong or missing is a complaint', () => {
  it.each([
    // "wel" and a thing named, and nothing said of it
    'Ik mis niks. Wel de sleutel', 'Ik mis niks, wel de sleutel', 'ik mis niets. wel het slot', 'Niks mis. Wel de bel',
    'Niks aan de hand. Wel de achterlamp', 'Nothing missing. Just the key', 'Ik mis niks. Enkel de sleutel', 'Nothing wrong, only the bell',
    'nothing wrong with it, just a bit loud',
    // an exception after a full stop, read so already
    'Ik mis niks. Alleen de sleutel', 'Niks mis. Behalve de bel', 'Alles goed. Alleen de rem piept', 'Nothing missing. Except the key',
    'All good. Only the brake squeaks', 'Ik mis niks, behalve de sleutel',
    // "apart from" and "op … na"
    'nothing wrong apart from the brakes', 'nothing wrong apart from the bell', 'nothing wrong except the bell', 'niks mis behalve de remmen',
    'niets aan de hand op de ketting na', 'niks aan de hand op het slot na', 'all fine apart from a flat tyre', 'alles prima op de verlichting na',
    'Alles werkt, op de bel na',
    // too fast is something wrong said: an e-bike too fast may be one tuned past its limit, and "haha" makes no joke of
    // a complaint ("de rem werkt niet haha"); an alert costs the owner a look, a complaint read as happy is lost
    'nothing wrong, apart from being too fast haha',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it('says the nothing wrong was doubted', () => {
    expect(explain('Ik mis niks. Wel de sleutel').because).toEqual(['mis niks, doubted (domain: said with a negation)']);
    expect(explain('nothing wrong apart from the brakes').because).toEqual(['wrong, doubted (domain: said with a negation)']);
    expect(explain('niets aan de hand op de ketting na').because).toEqual(['niets aan de hand, doubted (domain: said with a negation)']);
    expect(explain('alles prima op de verlichting na').because[0]).toBe('but then: "op de verlichting na"');
  });

  it.each([
    'niks mis mee', 'nothing wrong at all', 'Nothing wrong with it', 'Niks aan de hand', 'Ik mis niks', 'Er mist niks, top',
    // "wel" before praise is no exception
    'Ik mis niks. Wel een aanrader', 'Niks mis mee, wel de goede maat', 'Niks aan de hand. Enkel een bedankje', 'Nothing wrong, just a thanks',
    'No complaints. Just the best',
    // "op … na" of how near, "apart" of how it looks
    'Op de minuut na op tijd, top', 'Precies op tijd, op de cent na klopte de rekening', 'Apart!', 'Heel apart ontwerp, maar mooi',
    'Apart from that all great',
  ])('%j stays happy', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it.each([
    // the price excepted is a word on the price, as "prima, wel duur" is: the owner reads it, without an alert
    'all good apart from the price', 'alles top op de prijs na', 'Alles prima, behalve de prijs', 'nothing wrong apart from the price',
    // more than a thing named after "wel"
    'Ik mis niks, wel even wennen', 'Niks aan de hand, wel een beetje duur',
  ])('%j is for the owner to read, without an alert', (text) => expect(owner(text)).toEqual({ class: 'other', alerted: false }));
});

describe('a slip said first, over a comma, a full stop or none, is a slip', () => {
  it.each([
    'Oeps, verkeerd. Alles top', 'Oeps. Verkeerd. Alles top', 'oeps verkeerd alles top', 'Oeps verkeerd, bedoelde: alles goed',
    'Sorry, verkeerd getypt. Alles top!', 'Sorry, verkeerd. Fiets is top', 'sorry verkeerd fiets rijdt super', 'oops wrong one. all good',
    'Oops, wrong one. All good', 'oops wrong. all good', 'Sorry verkeerde knop, alles goed', 'sorry wrong button, all good',
  ])('%j is happy, with no alert', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it.each([
    // a complaint after the slip, or no slip: "verkeerd" is what is wrong
    'sorry verkeerd geleverd', 'Sorry, verkeerd geleverd', 'sorry verkeerd afgesteld, de remmen piepen', 'Oeps, verkeerd. De remmen piepen',
    'oeps verkeerd de ketting is kapot', 'Sorry? Verkeerd. Alles top', 'sorry maar alles is verkeerd', 'Oeps, verkeerde maat', 'Sorry, wrong size',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));
});

describe('a slip and nothing more is for the owner to read, without an alert', () => {
  it.each([
    'sorry verkeerde knop', 'Sorry, verkeerde knop', 'verkeerde knop', 'Verkeerde knop!', 'sorry, per ongeluk', 'wrong button sorry',
    'wrong button, sorry', 'oops sent by accident', 'Oops, sent by accident', 'sent this by mistake sorry', 'sorry per ongeluk verstuurd',
    'Per ongeluk verstuurd', 'oops pressed the wrong button', 'ik heb op de verkeerde knop gedrukt', 'Oeps, verkeerd.', 'Sorry, verkeerd',
  ])('%j is "other", with no alert', (text) => expect(owner(text)).toEqual({ class: 'other', alerted: false }));

  it('says it was only a slip', () => {
    expect(explain('sorry verkeerde knop').because.slice(0, 2)).toEqual(['only says it was a slip', 'sorry verkeerde knop (domain: an aside)']);
  });

  it.each([
    // a button on the bike, a thing broken or done wrong, dropped by accident
    'de knop van de bel is kapot', 'verkeerde knop op de fiets gezet', 'Ze hebben de verkeerde knop vervangen', 'de verkeerde knop gemonteerd',
    'per ongeluk laten vallen en nu is het scherm kapot', 'I dropped it by accident and now it is broken', 'sorry, per ongeluk de ketting eraf getrokken',
    'sorry de bel is kapot', 'sorry, de bel doet het niet', 'sorry verkeerde maat',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  // "Verkeerd nummer" is about who answers, not a slip: read as a problem, the owner's card tells the till has a wrong
  // number (src/http/owner/sections/reply.ts), so it stays one
  it.each(['sorry verkeerd nummer', 'verkeerd nummer', 'wrong number', 'sorry wrong number'])('%j stays a problem, a wrong number', (text) => {
    expect(owner(text)).toEqual({ class: 'problem', alerted: true });
    expect(wrongNumber(text, 'sms')).toBe(true);
  });
});

// The review of the change (frv47a): the price beside another thing excepted, a bare answer after a slip, and good
// news or greetings named after "wel"/"just".
describe('review: what the change read wrong', () => {
  it.each([
    // the price beside another thing excepted is no word on the price alone: the brakes still need the owner
    'Alles goed behalve de prijs en de remmen', 'all good except the price and the brakes', 'all good apart from the price and the brakes',
    'nothing wrong apart from the price and the brakes',
    // "Nee" to "Bevalt het?", said after a slip, is her answer: no
    'Sorry, verkeerd. Nee', 'Oeps, verkeerd. Nee', 'sorry verkeerd, nee', 'Sorry verkeerde knop. Nee', 'Oops, wrong one. No',
    // "except that" and something bad is a thing excepted
    'nothing wrong except that it squeaks', 'niks mis behalve dat hij piept', 'Niks mis, behalve dat hij piept is alles top',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it('a "Nee" after a slip declines the come-back invitation, as a bare one does', () => {
    expect(classifyWords('Sorry, verkeerd. Nee', 'comeback')).toBe('other');
  });

  it.each([
    // good news said of the thing, or greetings: no exception
    'Niks aan de hand. Wel de sleutel gevonden', 'Ik mis niks. Wel de sleutel teruggevonden', 'Niks aan de hand. Wel de sleutel terug',
    'Nothing wrong. Just the key found', 'Nothing wrong. Just the bell fixed', 'Niks mis. Wel de fiets opgehaald',
    'Ik mis niks. Wel de groeten', 'Niks aan de hand. Wel de groetjes',
    // "apart from that" and praise sets apart what was said before, after nothing wrong too
    'nothing wrong, apart from that all good', 'Nothing wrong with it. Apart from that all great', 'niks mis mee, behalve dat is alles top',
    'nothing missing, apart from that it\'s perfect', 'Nothing wrong with it. Apart from that, great service',
    // "op … na" of how near, ending its part (NEAR_AS: the change's own cases did not end in "na")
    'Klaar, op de minuut na', 'Top, op tijd op een haar na',
  ])('%j stays happy', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));
});

// "Verwijder me" beside other words: alone a stop, beside praise or a slip it was lost (read happy, or 'other' with no
// alert). Perhaps a photo or a queue she means: a person reads it, alerted as a question.
describe('"remove me" beside other words reaches the owner', () => {
  it.each([
    'de fiets is top, verwijder me', 'de fiets is top. Verwijder mij aub', 'sorry verkeerde knop, verwijder me', 'Sorry verkeerde knop. Verwijder mij',
    'great bike, delete me', 'great bike. remove me please', 'oops wrong button, delete me', 'Top! Verwijder mij graag',
  ])('%j alerts the owner as a question', (text) => expect(owner(text)).toEqual({ class: 'question', alerted: true }));

  it.each(['verwijder me', 'Verwijder mij', 'delete me'])('%j alone stops the messages, as before', (text) => expect(classify(text)).toBe('opt_out'));

  it.each([['Verwijder me niet', 'problem'], ['haal me op', 'other']])('%j is no request to be removed', (text, cls) => expect(classify(text)).toBe(cls));
});

// "op … na" closing a verb's clause ("ik kijk het op maandag na": nakijken), or how near ("op een kwartier na"): no
// exception, no alert (the review, frv47a); "op de bel na" after what is fine stays one.
describe('"op … na" of a verb, or of how near', () => {
  it.each([
    'Top, ik kijk het op maandag na', 'Fijn, ik kijk het op de rekening na', 'Top service, ik bel op dinsdag na',
    'Alles top, ik loop het op zaterdag na', 'Goed, ik denk er op de bank na', 'Precies op tijd, op een kwartier na',
  ])('%j stays happy', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it.each(['Ik ben tevreden op de bel na', 'Alles werkt, op de bel na'])('%j alerts the owner as a problem', (text) =>
    expect(owner(text)).toEqual({ class: 'problem', alerted: true }));
});
