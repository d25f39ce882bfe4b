// Regret of her own beside praise (fix50e). A happy customer sorry for her own late answer, for not coming or for
// having no time ("Helaas pas nu tijd om te antwoorden, alles top!") was called about nothing, "wat vervelend" said to
// her, and so was one joking "Geen klachten helaas haha": regret of her own, or beside praise as its only complaint, is
// an aside; regret beside something that went wrong, of a thing ("jammer van de prijs") or of waiting (the shop's) is
// still a complaint.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });

describe('regret of her own beside praise is praise', () => {
  it.each([
    // the task's
    'Helaas pas nu tijd om te antwoorden, alles top!', 'Jammer dat ik niet eerder kwam, super service',
    "Unfortunately I can't come back until May, the repair is great", 'Ik kon niet komen helaas maar alles is top',
    'Geen tijd gehad helaas maar komt goed', 'Geen klachten helaas haha', 'Kan niet beter helaas',
    // in other words, both languages, typos, no punctuation
    'helaas pas nu tijd om te reageren alles top', 'helaas pas nu tijd om te antwoorden alles super',
    'Sorry helaas nu pas tijd om te reageren, was prima', 'jammer dat ik niet eerder langs kwam, top geholpen',
    "Unfortunately I couldn't come earlier, great service", 'Sadly I only now have time to reply, all great',
    'Unfortunately no time to answer sooner, excellent work', 'Ik kon helaas niet komen maar alles was top',
    'Geen klachten helaas', 'geen klachten helaas 😂',
    'Niks te klagen helaas haha', 'Kon niet beter helaas!', 'Jammer genoeg geen tijd gehad, verder top',
    'Helaas kan ik niet komen, verder alles prima',
    'Not able to reply sooner sadly but all good', 'Niets mis mee helaas', 'Helaas geen klachten',
    'Geen verbetering nodig helaas', 'Nee hoor geen problemen helaas haha',
  ])('%j is praise', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it.each(['geen tijd gehad helas maar komt goed', "Couldn't be better sadly"])(
    '%j, already read so, stays praise', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it.each(['Helaas kon ik niet komen'])('%j, her own regret alone, alerts nobody',
    (text) => expect(owner(text)).toEqual({ class: 'other', alerted: false }));

  it.each([
    // the task's: waiting is the shop's, and trouble beside the regret is trouble
    'helaas moest ik lang wachten', 'Helaas is hij kapot, verder top', 'Unfortunately it broke, otherwise great',
    'Geen verbetering helaas', 'Het helpt nog niet helaas',
    // decided: the wait is the shop's, said with regret; a call about nothing is cheap, a missed complaint the worst
    'helaas moest ik lang wachten maar het resultaat is top',
    // neighbours: someone else's doing, or what went wrong
    'Helaas had de monteur geen tijd', 'Helaas geen tijd voor mij, jammer', 'Helaas kwam de monteur niet',
    'Helaas kon ik niet komen want jullie waren dicht', 'Helaas lang moeten wachten, verder top',
    'helaas kapot verder prima', 'Sadly it broke otherwise great', 'No improvement sadly', 'Helaas niet goed',
    'Helaas geen goede ervaring', 'Unfortunately still haven\'t heard back',
    // regret of a thing ("jammer van de prijs") is a complaint beside praise, and so, decided, is regret beside the
    // body's complaint gone: "Geen pijn meer helaas" may be a slip, or pain back elsewhere
    'ik mis niks wel jammer van de prijs', 'Geen klachten, wel jammer van de prijs', 'Geen pijn meer helaas',
    'Geen jeuk meer helaas', 'Jammer van de tijd die het kostte',
  ])('%j stays a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));
});
