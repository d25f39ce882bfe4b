// The reader's parts, one behaviour each; test/domain/classify.test.ts tests what they decide together.
import { describe, expect, it } from 'vitest';
import { prepareReader } from '../../src/domain/classify.js';
import { readCorpus } from '../../src/domain/reading/corpus.js';
import { asking } from '../../src/domain/reading/question.js';
import { knownWord, language, lexiconValue, sentiment } from '../../src/domain/reading/sentiment.js';
import { tableHits } from '../../src/domain/reading/table.js';
import { clauses, hasQuestionMark, opensWithContrast } from '../../src/domain/reading/text.js';

const words = (text: string) => clauses(text).map((c) => c.map((w) => (w.negated ? `~${w.text}` : w.text)).join(' '));
const lexiconOf = (text: string) => {
  const lang = language(clauses(text));
  return { known: knownWord, value: (w: string) => lexiconValue(w, lang) ?? 0 };
};
const hits = (text: string) => clauses(text).flatMap((c) => tableHits(c, lexiconOf(text))).map((h) => `${h.kind}: ${h.reason}`);
const asks = (text: string) => asking(clauses(text), hasQuestionMark(text), lexiconOf(text));

describe('clauses', () => {
  it('cut at punctuation and before "maar"/"but", and a negator reaches the rest of its clause only', () => {
    expect(words('Mooi ding maar de rits klemt niet')).toEqual(['mooi ding', 'maar de rits klemt niet']);
    expect(words('Geen klachten, alles top')).toEqual(['geen ~klachten', 'alles top']);
    expect(words("It doesn't work, love the colour though")).toEqual(["it doesn't ~work", 'love the colour']);
  });

  it('end a negation where a new sentence is typed on without a full stop, but carry it into what is thought or asked', () => {
    expect(words('Ik heb het niet nodig hij is kapot')).toEqual(['ik heb het niet ~nodig hij is kapot']);
    expect(words('No need it broke already')).toEqual(['no ~need it broke already']);
    expect(words("I don't need it anymore it's broken")).toEqual(["i don't ~need ~it ~anymore it's broken"]);
    expect(words('Niet nodig de rits is kapot')).toEqual(['niet ~nodig de rits is kapot']);
    expect(words("I don't think it's broken")).toEqual(["i don't ~think ~it's ~broken"]);
    expect(words('Ik denk niet dat hij kapot is')).toEqual(['ik denk niet ~dat ~hij ~kapot ~is']);
    expect(words('Nooit heb ik problemen gehad')).toEqual(['nooit ~heb ~ik ~problemen ~gehad']);
    expect(words('Not happy with its finish')).toEqual(['not ~happy ~with ~its ~finish']);
    expect(words("I don't need it")).toEqual(["i don't ~need ~it"]);
  });

  it('read "nul" and "0" before a word as a count of none, and "nul" that ends its clause as no negator', () => {
    expect(words('Nul problemen, 0 klachten, nul komma nul last')).toEqual(['nul ~problemen', '0 ~klachten', 'nul komma nul ~last']);
    expect(words('Echt nul. Nul komma nul')).toEqual(['echt nul', 'nul komma nul']);
  });

  it('read a count of none alone after a colon as said before what the colon labels, but not a mark\'s number', () => {
    expect(words('Klachten: 0')).toEqual(['0 ~klachten']);
    expect(words('Top, problemen: geen')).toEqual(['top', 'geen ~problemen']);
    expect(words('Complaints: none 👍')).toEqual(['none ~complaints', '👍']);
    expect(words('Klachten: 0 euro')).toEqual(['klachten', '0 euro']);
    expect(words('Service: 0')).toEqual(['service', '0']);
  });

  it('fold case, accents, full-width letters and curly apostrophes, and keep emoji as words without skin tones', () => {
    expect(words('TEVRÉDEN ｇｒｅａｔ don’t 👍🏽')).toEqual(["tevreden great don't ~👍"]);
  });

  it('cut before "tot"/"until" before a moment gone by, a contrast, but not before one to come', () => {
    const contrasts = (text: string) => clauses(text).map((c) => opensWithContrast(c));
    expect(words('Liep goed tot gisteren')).toEqual(['liep goed', 'tot gisteren']);
    expect(contrasts('Liep goed tot gisteren')).toEqual([false, true]);
    expect(contrasts('Good until a week ago')).toEqual([false, true]);
    expect(words('Bedankt en tot ziens')).toEqual(['bedankt', 'en tot ziens']);
    expect(contrasts('Prima, tot de volgende keer')).toEqual([false, false]);
    expect(words('Tot nu toe prima')).toEqual(['tot nu toe prima']);
  });

  it('read a clause that ends in "though" as set against what came before, and "alleen maar" as "only"', () => {
    expect(words('Runs lovely, the aircon blows warm though')).toEqual(['runs lovely', 'the aircon blows warm']);
    expect(clauses('Runs lovely, the aircon blows warm though').map(opensWithContrast)).toEqual([false, true]);
    expect(words('De airco blaast alleen maar warm')).toEqual(['de airco blaast alleen maar warm']);
  });

  it('read a polite refusal as one word, so "no" turns no thanks around', () => {
    expect(words('Nee bedankt')).toEqual(['nothanks']);
    expect(words('No thank you')).toEqual(['nothanks']);
  });
});

describe('the domain table', () => {
  it('finds a complaint by its kind, a longer form of a word, and words apart', () => {
    expect(hits('Remmen piepen')).toEqual(['trouble: piepen (domain: noise)']);
    expect(hits('Achterlicht gaat steeds uit')).toEqual(['trouble: gaat steeds uit (domain: stopped working)']);
  });

  it('reads a typo one letter off a complaint, but not a word a lexicon knows', () => {
    expect(hits('kapod')).toEqual(['trouble: kapod (domain: broken)']);
    expect(hits('lekker')).toEqual([]); // one letter off "lekken", but a word of its own
    expect(hits('Klinkt geweldig')).toEqual([]); // one letter off "klikt", but an ordinary word the table names
  });

  it('finds praise in a saying, and a complaint in a denied one', () => {
    expect(hits('Loopt als een trein')).toEqual(['praise: als een trein (domain: praise)']);
    expect(hits('Kan niet beter')).toEqual(['praise: kan niet beter (domain: praise)']);
    expect(hits('Not what I was looking for')).toEqual(['trouble: what i was looking for, denied (domain: praise)']);
  });

  it('turns a denied complaint, or one that went away, into praise', () => {
    expect(hits('Geen klachten')).toEqual(['praise: klachten, denied (domain: unhappy)']);
    expect(hits('The noise is gone')).toEqual(['praise: noise, gone (domain: noise)']);
  });

  it('reads a thing lost as trouble, but a complaint or a symptom gone, or none of a sure symptom any more, as praise', () => {
    expect(hits('De radio code is weg')).toEqual(['trouble: code is weg (domain: wrong or missing)']);
    expect(hits('De pijn is weg')).toEqual(['praise: pijn, gone (domain: skin or body)']);
    expect(hits('Het lampje is weg')).toEqual(['praise: lampje, gone (domain: a symptom gone)']);
    // anything else "weg" is no thing lost: the table says nothing of "Het vieze luchtje is weg"
    expect(hits('Het vieze luchtje is weg')).toEqual([]);
    expect(hits('Geen foutmeldingen meer')).toEqual(['praise: geen foutmeldingen meer (domain: a symptom gone)']);
    expect(hits('No more warning lights')).toEqual(['praise: no more warning lights (domain: a symptom gone)']);
    expect(hits('it stopped that rattling')).toEqual(['praise: rattling, stopped (domain: noise)']);
    // No sound any more may be a radio, a horn or a phone that gives none ("Geen geluid meer uit de radio"), and a stop
    // said now may say when ("Het piepen stopt zodra ik rem"): both are a complaint, as before a619615 (given up: "Hij
    // maakt geen geluid meer" and "Eindelijk stopt het piepen" alert the owner again)
    expect(hits('Hij maakt geen geluid meer')).toEqual(['trouble: geen geluid meer (domain: said with a negation)']);
    expect(hits('Het piepen stopt zodra ik rem')).toEqual(['trouble: piepen (domain: noise)', 'trouble: stopt (domain: stopped working)']);
    expect(hits('Eindelijk stopt het piepen')).toEqual(['trouble: stopt (domain: stopped working)', 'trouble: piepen (domain: noise)']);
    expect(hits('De radio geeft geen geluid meer')).toEqual(['trouble: geen geluid meer (domain: said with a negation)']);
    expect(hits('Het geluid is mooi')).toEqual([]);
  });

  it('reads a negation that denies nothing as trouble, but "not yet" and "not bad" as none', () => {
    expect(hits('Printer trekt geen papier in')).toEqual(['trouble: geen papier in (domain: said with a negation)']);
    expect(hits('Hij laadt niet op')).toEqual(['trouble: laadt … niet (domain: does not work)']);
    expect(hits('Nog niet gebruikt')).toEqual(['unsure: nog niet … (domain: not yet)']);
    expect(hits('Not bad')).toEqual([]);
  });

  it('reads too much of anything as trouble, but not "te gek", "te" before a verb, or "not too"', () => {
    expect(hits('Het licht is veel te zwak')).toEqual(['trouble: te zwak (domain: too much)']);
    expect(hits('way too loud')).toEqual(['trouble: too loud (domain: too much)']);
    expect(hits('Te gek!')).toEqual([]);
    expect(hits('Niks aan te merken')).toEqual(['praise: aan te merken, denied (domain: unhappy)']);
    expect(hits('Niet te zwaar')).toEqual([]);
    // too much for the price is a phrase of its own, denied whole
    expect(hits('Niet te duur')).toEqual(['praise: te duur, denied (domain: unhappy)']);
  });

  it('reads a word customers praise with, typed with a letter dropped or added, as praise; a complaint first', () => {
    expect(hits('Fantastsch')).toEqual(['praise: fantastsch (domain: praise)']);
    expect(hits('Supr')).toEqual(['praise: supr (domain: praise)']);
    expect(hits('Kapoet')).toEqual(['trouble: kapoet (domain: broken)']);
    expect(hits('Prisma')).toEqual([]);
  });

  it('reads a word on the price as a remark, and denied as praise', () => {
    expect(hits('Wel duur')).toEqual(['remark: duur (domain: the price)']);
    expect(hits('Not cheap')).toEqual(['remark: not cheap (domain: the price)']);
    expect(hits('Niet duur')).toEqual(['praise: duur, denied (domain: the price)']);
  });
});

describe('questions', () => {
  it('are asked by a question mark, a question word, a verb with its subject, or a request to be called', () => {
    expect(asks('Past hij ook op een racefiets?')).toBe('"?"');
    expect(asks('Hoe was ik dit')).toBe('hoe was …');
    expect(asks('Kan ik hem ruilen')).toBe('kan ik …');
    expect(asks('Bel me even terug')).toBe('bel me');
  });

  it('are not asked by a Dutch statement without its subject, nor by an exclamation', () => {
    expect(asks('Moet nog even wennen')).toBeNull();
    expect(asks('Kan nog niks zeggen')).toBeNull();
    expect(asks('Wat een mooi ding')).toBeNull();
    expect(asks('Wat leuk')).toBeNull();
    expect(asks('Prima, alleen wat saai')).toBeNull();
  });

  it('are asked by "ben", "heb" only before their own subject, and by "what\'s"', () => {
    expect(asks('Ben er blij mee')).toBeNull();
    expect(asks('Heb het gisteren ontvangen')).toBeNull();
    expect(asks('Ben je zaterdag open')).toBe('ben je …');
    expect(asks("What's the best way to store it")).toBe("what's the …");
  });
});

describe('sentiment', () => {
  it('guesses the language from common words, then from the lexicons', () => {
    expect(language(clauses('Het is een mooie fiets'))).toBe('nl');
    expect(language(clauses('It is a lovely bike'))).toBe('en');
    expect(language(clauses('Excellent'))).toBe('en');
  });

  it('adds the scores of the words it knows, a negated word counting the other way', () => {
    expect(sentiment(clauses('niet slecht, mooi'), 'nl')).toEqual({ score: 1.4, coldest: 0, warmest: 0.7, words: ['not slecht +0.7', 'mooi +0.7'] });
    expect(sentiment(clauses('not happy'), 'en')).toEqual({ score: -0.6, coldest: -0.6, warmest: 0, words: ['not happy -0.6'] });
    expect(sentiment(clauses('ok'), 'en').score).toBe(0); // "ok" acknowledges, it does not praise
    expect(sentiment(clauses('zalig'), 'nl').score).toBe(0.7); // praise a lexicon missed
    expect(sentiment(clauses('chuffed'), 'en').score).toBe(0.6);
  });

  it('knows its coldest clause, which praise beside it does not warm', () => {
    expect(sentiment(clauses('Good but ugly'), 'en')).toMatchObject({ score: 0, coldest: -0.6 });
  });
});

describe('the labelled replies', () => {
  it('train the reader, and a missing file names itself', () => {
    expect(() => prepareReader()).not.toThrow();
    expect(() => readCorpus('nonexistent')).toThrow(/labelled replies are missing: .*nonexistent\.tsv/);
  });
});
