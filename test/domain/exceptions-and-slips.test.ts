// Four misreadings the forty-seventh session left (7 December). A real problem read as happy got "fijn om te horen"
// and nobody called her: "Ik mis niks. Wel de sleutel" (the key is missing, as in "Ik mis niks, behalve de sleutel")
// and "nothing wrong apart from the brakes", "niets aan de hand op de ketting na", "alles prima op de verlichting na"
// (an exception in two words, which the reader did not know). A happy reply read as a problem got "Dank je, wat
// vervelend" and the owner an alert: "Oeps, verkeerd. Alles top" (the slip over a comma, as "Oeps verkeerd, bedoelde:
// alles goed" was not). And "sorry verkeerde knop" alone, a slip and nothing more, alerted the owner as a problem: it
// is read as "other" now, on the owner's list without an alert and no "wat vervelend" back, as "sorry, per ongeluk"
// was (not "positive": nothing in it says she is happy, and the answer she meant to give may still come).
import { describe, expect, it } from 'vitest';
import { classify, explain } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });

describe('a thing excepted from nothing wrong or missing is a complaint', () => {
  it.each([
    // "wel" and a thing named, and nothing said of it
    'Ik mis niks. Wel de sleutel', 'Ik mis niks, wel de sleutel', 'ik mis niets. wel het slot', 'Niks mis. Wel de bel',
    'Niks aan de hand. Wel de achterlamp',
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
    'Ik mis niks. Wel een aanrader', 'Niks mis mee, wel de goede maat',
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
