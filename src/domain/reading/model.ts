// The part of the reader that learns from examples: nlp.js' neural network (one perceptron per reading, as in
// nlp.js' own intent classifier) trained once per process on the labelled replies in train.tsv. Its inputs are the
// stems of a reply's words ("not:"-marked when negated), its emoji, and whether the lexicon finds a word warm or cold,
// but for a clause that only says what was bought ("ik heb 2 banden gekocht"); its output a score per reading.
// Training is synchronous and takes about 0.1 s.
import { NeuralNetwork } from '@nlpjs/neural';
import type { LabelledReply, Reading } from './corpus.js';
import { type Lang, isCommon, language, lexiconValue, stem } from './sentiment.js';
import { type Clause, clauses, isEmoji, negatesHere } from './text.js';
import { BOUGHT, COUNTS, SAYS_MORE, WHEN_AND_WHERE } from './vocabulary.js';

export type Features = Record<string, number>;

/** Training rounds: the network settles within them; more read no better (5-fold cross-validation on train.tsv). */
const ITERATIONS = 300;

/**
 * The inputs the network sees for a reply: its words' stems, leaving out negators and common words (but "ja"), and
 * "warm word"/"cold word" for each word the lexicon scores 0.3 or more either way. A word in a clause with a negator
 * is marked "not:" (else "is:") and counts the other way, before the negator too, as Dutch puts it after the verb
 * ("werkt niet"). The marks also keep a word like "constructor" from meaning something to JavaScript objects.
 * Each two words that follow each other in a clause, common words too, are an input as well ("is2:at_work",
 * "is2:als_een"): one word alone misleads ("work" in "I am at work" is no "works great"). 5-fold cross-validation on
 * train.tsv: more complaints read as problems, as many happy replies read as happy.
 */
export function features(parts: Clause[], lang: Lang): Features {
  return Object.fromEntries(featureWords(parts, lang).map(([f]) => [f, 1]));
}

/**
 * Whether a clause only says what was bought ("ik heb gisteren 2 banden gekocht", "bought 4 tyres"): vocabulary.ts,
 * BOUGHT. Not with a negator, an emoji, a word that says more ("die lekken") or a cold one ("kapotte lamp gekocht"),
 * nor with words for the things on both sides of the buying ("fiets gekocht zwabbert" may say how it went).
 */
export function saysWhatWasBought(clause: Clause, lang: Lang): boolean {
  const at = clause.findIndex((w) => BOUGHT.has(w.text));
  if (at < 0 || clause.some((w) => negatesHere(w) || isEmoji(w.text) || SAYS_MORE.has(w.text) || cold(w.text))) return false;
  const things = [...clause.keys()].filter((i) => i !== at && !/^\d+$/.test(clause[i]!.text) && !COUNTS.has(clause[i]!.text)
    && !WHEN_AND_WHERE.has(clause[i]!.text) && !isCommon(clause[i]!.text, lang));
  return things.length <= 2 && (things.every((i) => i < at) || things.every((i) => i > at));
}

/** A word either lexicon finds cold: "kapotte lamp gekocht" says how it went, not only what was bought. */
const cold = (word: string) => (['nl', 'en'] as const).some((l) => (lexiconValue(word, l) ?? 0) < 0);

/** Each input the network sees, with the reply's word it came from (for the explanation). */
function featureWords(parts: Clause[], lang: Lang): [feature: string, word: string][] {
  const result: [string, string][] = [];
  for (const clause of parts.filter((c) => !saysWhatWasBought(c, lang))) {
    const negated = clause.some(negatesHere);
    for (const [a, b] of clause.slice(1).map((w, i) => [clause[i]!.text, w.text])) {
      result.push([`${negated ? 'not2:' : 'is2:'}${a}_${b}`, `${negated ? 'not ' : ''}${a} ${b}`]);
    }
    for (const w of clause) {
      const { text } = w;
      const value = lexiconValue(text, lang);
      if (negatesHere(w) || (isCommon(text, lang) && value === undefined)) continue;
      const word = (negated ? 'not ' : '') + text;
      result.push([(negated ? 'not:' : 'is:') + stem(text, lang), word]);
      if (value && Math.abs(value) >= 0.3) {
        const feeling = (negated ? -value : value) > 0 ? 'warm' : 'cold';
        result.push([`${feeling} word (${lang})`, `${word}: ${feeling}`]);
      }
    }
  }
  return result;
}

export interface Guess {
  reading: Reading;
  /** The winning reading's share of the scores, 0 to 1. */
  score: number;
  /** The reply's words that pushed most towards the winning reading. */
  words: string[];
}

export interface Model {
  guess(parts: Clause[], lang: Lang): Guess | null;
  /** Whether a (folded) word stands in any reply it learned from. */
  knows(word: string): boolean;
}

/** Trains a network on labelled replies (synchronously: a few hundred replies take well under a second). */
export function train(replies: LabelledReply[], iterations = ITERATIONS): Model {
  const net = new NeuralNetwork({ iterations, log: false });
  const vocabulary = new Set<string>();
  net.train(replies.map((r) => {
    const parts = clauses(r.text);
    for (const w of parts.flat()) vocabulary.add(w.text);
    return { input: features(parts, language(parts)), output: { [r.label]: 1 } };
  }));
  return {
    knows: (word) => vocabulary.has(word),
    guess(parts, lang) {
      const input = features(parts, lang);
      const scores = Object.entries(net.run(input) ?? {}) as [Reading, number][];
      const total = scores.reduce((sum, [, s]) => sum + s ** 2, 0);
      if (!total) return null;
      // As nlp.js' intent classifier does: squared scores, as shares of their sum.
      const [reading, score] = scores.map(([r, s]) => [r, s ** 2 / total] as const).sort((a, b) => b[1] - a[1])[0]!;
      const weights = net.explain(input, reading).weights ?? {};
      if (!Object.keys(weights).length) return null; // no word it has seen before
      const words = featureWords(parts, lang).filter(([f]) => (weights[f] ?? 0) > 0.05)
        .sort((a, b) => weights[b[0]]! - weights[a[0]]!).map(([, w]) => w);
      return { reading, score: Math.round(score * 100) / 100, words: [...new Set(words)].slice(0, 3) };
    },
  };
}
