import { describe, expect, it } from 'vitest';
import { type Keyword, type ReplyClass, classify, keyword } from '../../src/domain/classify.js';

const KEYWORDS: [string, Keyword][] = [
  ['STOP', 'opt_out'], ['STOPALL', 'opt_out'], ['UNSUBSCRIBE', 'opt_out'], ['CANCEL', 'opt_out'], ['END', 'opt_out'],
  ['QUIT', 'opt_out'], ['REVOKE', 'opt_out'], ['OPTOUT', 'opt_out'],
  ['STOPPEN', 'opt_out'], ['AFMELDEN', 'opt_out'], ['UITSCHRIJVEN', 'opt_out'],
  ['START', 'opt_in'], ['UNSTOP', 'opt_in'], ['YES', 'opt_in'], ['AANMELDEN', 'opt_in'],
  ['HELP', 'help'], ['INFO', 'help'],
];
const capitalised = (w: string) => w[0] + w.slice(1).toLowerCase();
// Each keyword as: lower, UPPER, Mixed, with spaces and a full stop, with "!", quoted.
const spellings = (w: string) => [w.toLowerCase(), w, capitalised(w), `  ${capitalised(w)}. `, `${w.toLowerCase()}!`, `"${w}"`];

describe('SMS keywords', () => {
  it.each(KEYWORDS.flatMap(([w, kw]) => spellings(w).map((s) => [s, kw] as const)))('%j is %s', (text, kw) => {
    expect(keyword(text)).toBe(kw);
    expect(classify(text)).toBe(kw);
  });

  it.each([
    ['ＳＴＯＰ'], // full-width, as some phones send it
    ['Stop 🙏'],
    ['\n\tstop?!\n'],
  ])('%j is opt_out: odd characters around it are ignored', (text) => {
    expect(keyword(text)).toBe('opt_out');
  });

  it.each([
    ['stop please'],
    ['please STOP sending'],
    ['yes it is great'],
    ['stop stop'],
    ['Stoppen aub'],
    ['help me'],
    ['opt out'],
    ['starten'],
    ['stopped'],
    [''],
    ['!!'],
  ])('%j is no keyword: keywords are the whole message', (text) => {
    expect(keyword(text)).toBeNull();
    expect(['opt_out', 'opt_in', 'help']).not.toContain(classify(text));
  });
});

const cases = (cls: ReplyClass, rows: string[]) => rows.map((text) => [text, cls] as const);

describe('replies', () => {
  describe('problem', () => {
    it.each([
      ...cases('problem', [
        // nl
        'Hij is kapot',
        'Hij lekt bij de naad',
        'werkt niet meer',
        'Het apparaat doet het niet',
        'De maat past niet',
        'Het valt tegen',
        'Ik wil hem terugbrengen',
        'Helaas, de rits is stuk',
        'Ik heb hem nog steeds niet ontvangen',
        // en
        'It is not working',
        'It doesn’t work', // curly apostrophe
        'it doesnt fit', // apostrophe left out
        'The handle broke after one day',
        'I want a refund',
        'Terrible, the colour is wrong',
      ]),
    ])('%j is %s', (text, cls) => expect(classify(text)).toBe(cls));
  });

  describe('question', () => {
    it.each(
      cases('question', [
        // nl
        'Waar kan ik de garantie vinden?',
        'Hoe was ik dit',
        'Hoi, hoe lang gaat de batterij mee', // a clause opening with a question word
        'Hoi hoe lang gaat de batterij mee', // after a greeting
        'Kan ik een tweede bestellen',
        'Is er ook een grotere maat',
        'Ontvang ik de handleiding nog?',
        // en
        'how do I wash it',
        'Can I order another one',
        'Hi Anna, where is the manual',
        'Do you ship to Belgium',
        'Does it come in blue',
        'Any tips for cleaning?',
      ]),
    )('%j is %s', (text, cls) => expect(classify(text)).toBe(cls));
  });

  describe('positive', () => {
    it.each(
      cases('positive', [
        // nl
        'Top, dank je!',
        'Heel TEVRÉDEN', // any case, accents ignored
        'Bevalt prima',
        'Ja hoor, helemaal goed',
        'Ik ben blij, bedankt',
        // en
        'Love it, thanks',
        'Yes it is great',
        'Works like a charm',
        'Thank you so much',
        'ｇｒｅａｔ', // full-width
      ]),
    )('%j is %s', (text, cls) => expect(classify(text)).toBe(cls));
  });

  describe('other', () => {
    it.each(
      cases('other', [
        // nl
        'Ontvangen',
        'Ik ben op vakantie',
        'Er zit een stukje plastic bij', // whole words only: "stukje" is not "stuk"
        'Nee bedankt',
        // en
        'Received',
        'I am at work',
        'No thanks', // not praise
        // no words at all
        '👍',
        '',
        '   ',
        '12345',
      ]),
    )('%j is %s', (text, cls) => expect(classify(text)).toBe(cls));
  });
});

describe('negation', () => {
  it.each([
    // a negator up to two words before a positive word makes a problem
    ['niet goed', 'problem'],
    ['Niet zo tevreden', 'problem'],
    ['Ik ben er nooit blij mee geweest', 'problem'],
    ['not happy at all', 'problem'],
    ['Not good', 'problem'],
    ["Isn't great, sorry", 'problem'],
    ['It hardly works', 'problem'],
    // ...and before a problem word makes it positive
    ['Geen probleem, alles top', 'positive'],
    ['Niet slecht!', 'positive'],
    ['Niks kapot, alles heel', 'positive'],
    ['Mag niet klagen', 'positive'], // "mag" is no question here: a negator follows
    ['No problem at all', 'positive'],
    ['Not bad', 'positive'],
    ['not too bad', 'positive'],
    ['Nothing broken, works great', 'positive'],
    ["Can't complain", 'positive'],
    ['Zonder problemen', 'positive'],
    // a phrase holding its own negator is not flipped by it
    ['werkt niet', 'problem'],
    ['it is not working', 'problem'],
    ['does not work', 'problem'],
    ['Never arrived', 'problem'],
    // negation does not reach across punctuation
    ['No, it is broken', 'problem'],
    ['Nee, niet tevreden', 'problem'],
  ] as const)('%j is %s', (text, cls) => expect(classify(text)).toBe(cls));
});

describe('priority: problem > question > positive', () => {
  it.each([
    ['it broke, can you help?', 'problem'], // problem > question
    ['Hij lekt, wat nu?', 'problem'], // problem > question
    ['Love it, but it leaks', 'problem'], // problem > positive
    ['Top, maar de maat past niet', 'problem'], // problem > positive
    ['Great, thanks! Can I order a second one?', 'question'], // question > positive
    ['Mooi! Hoe maak ik hem schoon', 'question'], // question > positive: any clause may open with a question word
  ] as const)('%j is %s', (text, cls) => expect(classify(text)).toBe(cls));
});

describe('decided edge cases', () => {
  it.each([
    // "ok" only acknowledges the message; it says nothing about the purchase, so no praise is assumed
    ['ok', 'other'],
    ['Oké', 'other'],
    ['okay', 'other'],
    ['ok, thanks', 'positive'],
    // an emoji is not read
    ['👍', 'other'],
    // a question word followed by an article, a negator or a table word opens an exclamation or a Dutch
    // statement without a subject, not a question
    ['Wat een mooi ding!', 'positive'],
    ['What a great product', 'positive'],
    ['Is goed', 'positive'],
    ['Is prima, dank je', 'positive'],
    ['Heb geen klachten', 'positive'],
    // "een stuk" is "a lot", not "broken"
    ['Een stuk beter dan mijn oude, top', 'positive'],
    // a bare "Yes" is the opt-in keyword, "Ja" is an answer
    ['Yes', 'opt_in'],
    ['Ja', 'positive'],
    // "stop" inside a sentence is not a keyword, nor a class of its own
    ['please STOP sending', 'other'],
  ] as const)('%j is %s', (text, cls) => expect(classify(text)).toBe(cls));
});
