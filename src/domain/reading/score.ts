// Scores: a customer who answers "how was it?" with a mark rather than words. Read as a shop owner reads them:
//   out of 10 or 100   "8/10", "3 van de 10", "8 op 10", "10 out of 10", "80/100"
//   in stars, of 5     "4 sterren", "1 star", "★★☆☆☆", "⭐⭐⭐⭐⭐" (alone), "2/5", "3 van de 5"
//   marked, of 10      "Cijfer: 1", "Service: 0", "Rating 9", "ik geef jullie een 9", "een dikke 10", "Een 8!", "8 punten",
//                      "7" as the whole reply (a Dutch school mark: the scale customers here grade by), or of the scale
//                      the reply names ("op een schaal van 1 tot 5: 4")
// and half the marks or less is a complaint, 70% or more praise, what lies between (a 6, 3 stars) for the owner to
// read (scoreReading). A number that counts something is no score: a price, a time, a date, a phone number, a
// quantity ("0 euro", "€10", "10,-", "om 10 uur", "na 3 dagen", "op 10/10", "2 banden", "3 van de 10 schroeven"): a
// marked number counts only when nothing but a full stop, a comma or a small word ("voor", "maar", "hoor") follows it.
// reader.ts weighs a score against the words beside it.
import { fold } from './text.js';
import { MARKS, POINT_WORDS, STAR_WORDS, UNITS } from './vocabulary.js';

export type ScoreReading = 'problem' | 'other' | 'positive';

export interface Score {
  /** The words that gave the score, folded ("service: 0", "4 sterren", "★★☆☆☆"), and where they stand in the folded reply. */
  said: string;
  at: number;
  end: number;
  value: number;
  outOf: number;
  reading: ScoreReading;
}

/** At most this share of the marks is a complaint (5 of 10, 2 of 5); at least the next, praise (7 of 10, 4 of 5). */
const POOR = 0.5;
const GOOD = 0.7;

export const scoreReading = (value: number, outOf: number): ScoreReading =>
  value / outOf <= POOR ? 'problem' : value / outOf >= GOOD ? 'positive' : 'other';

/** Saying what one gives: "ik geef jullie een 9", "verdient een 10", "I'd rate it 8", "ik zou een 10 geven". */
const GIVES = new Set(['geef', 'geven', 'gaf', 'gegeven', 'verdient', 'verdienen', 'verdiend', 'krijgt', 'krijgen', 'give', 'gives', 'gave',
  'given', 'giving', 'rate', 'rated', 'deserves', 'deserve', 'deserved']);
/** The same, but only before "een"/"a": "het is een 8", not "het is 10 over". */
const IS = new Set(['is', 'was', 'wordt', 'werd', 'vind', 'vond', "it's", 'its', 'say', 'zeg']);
const ARTICLES = new Set(['een', 'a', 'an']);
/** Before the article: "zeker een 9", "nu een 4", "wel een 7", "easily a 10". */
const LEADS = new Set(['nu', 'toen', 'wel', 'gewoon', 'echt', 'zeker', 'nog', 'now', 'then', 'easily', 'definitely', 'just', 'really']);
/** "Een dikke 10", "a solid 8", "een krappe 6". */
const ADJECTIVES = new Set(['dikke', 'vette', 'ruime', 'welverdiende', 'verdiende', 'terechte', 'mooie', 'krappe', 'magere', 'solide', 'perfecte',
  'solid', 'strong', 'easy', 'perfect']);
/** What may follow a marked score: "een 10 voor de service", "8 maar …", "een 10 met een griffel", "een 9 gegeven". */
const AFTER = new Set(['voor', 'van', 'maar', 'en', 'hoor', 'wel', 'zeker', 'dus', 'want', 'ook', 'echt', 'met', 'als', 'omdat', 'gegeven',
  'geven', 'geworden', 'waard', 'verdiend', 'ik', 'kom', 'komen', 'from', 'for', 'but', 'and', 'because', 'would', 'will', 'too', 'overall', 'i',
  'we', ...STAR_WORDS, ...POINT_WORDS]);
/** Before "10/10": a date ("op 10/10", "sinds 3/5"), not a score. */
const DATED = new Set(['op', 'on', 'sinds', 'vanaf', 'tot', 'per', 'datum', 'date', 'de', 'the', 'since', 'until', 'till', 'afspraak',
  'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
/** The numbers customers spell out in a score: "een dikke tien", "vijf sterren", "ten out of ten" (not "een", "one": "a"). */
const SPELLED: Record<string, number> = {
  nul: 0, twee: 2, drie: 3, vier: 4, vijf: 5, zes: 6, zeven: 7, acht: 8, negen: 9, tien: 10,
  zero: 0, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};
/** Whether a reply may hold a score at all: most hold no digit, star or number word, and are passed by at once. */
const MAY_SCORE = new RegExp(`[\\d★⭐🌟☆✩✰]|\\b(?:${Object.keys(SPELLED).join('|')})\\b`, 'u');
const SCALES = new Set([5, 10, 100]);
const FILLED = new Set(['★', '⭐', '🌟']);
const EMPTY = new Set(['☆', '✩', '✰']);

/** "op een schaal van 1 tot 5", "van 1 tot 10", "on a scale of 10": the scale of the score beside it, which stands alone. */
const SCALE = /(?:op een schaal )?van [01] tot (5|10)\b|op een schaal van (5|10)\b|(?:on a scale )?(?:of|from) [01] to (5|10)\b|on a scale of (5|10)\b/u;

/** A price or a share, whatever stands before it: "€10", "10,-", "10%" ("Reparatie 10,-" is no 10 for the repair). */
const PRICED = /[€$£]\s*\d+(?:[.,]\d+)?(?:,-+)?|\d+(?:[.,]\d+)?(?:,-+|\s*%)/gu;

interface Token { text: string; at: number; end: number }
/** A number (with a decimal, "7,5"), a word, a star, a ":" or "/" that binds a score, or what ends a clause. */
const TOKEN = /\d+(?:[.,]\d+)*(?!\p{L})|[\p{L}\p{N}']+|[★⭐🌟☆✩✰]|[:/=]|[.,;!?()\n]+/gu;
const isBreak = (t: Token | undefined) => t === undefined || /^[.,;!?()\n:=]/.test(t.text);

/** A number as a score may be: up to 100, at most one decimal, no leading zero ("06…" is a phone number). */
function numberOf(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  if (/^(?:0|[1-9]\d{0,2})(?:[.,]\d)?$/.test(word)) return Number(word.replace(',', '.'));
  return Object.hasOwn(SPELLED, word) ? SPELLED[word] : undefined;
}

/** The lowest score a reply gives (what most needs the owner), or null when it gives none. */
export function scoreIn(text: string): Score | null {
  const folded = fold(text);
  if (!MAY_SCORE.test(folded)) return null;
  const scale = SCALE.exec(folded);
  // the scale phrase read as a ":" that binds the score after it, of the same length: `said` is cut from `folded`
  const said = (scale ? folded.replace(SCALE, (m) => ':'.padEnd(m.length)) : folded).replace(PRICED, (m) => ' '.repeat(m.length));
  const tokens = [...said.matchAll(TOKEN)].map((m): Token => ({ text: m[0], at: m.index, end: m.index + m[0].length }));
  const outOf = scale ? Number(scale.slice(1).find(Boolean)) : 10;
  // The whole reply, when nothing but its punctuation and emoji stand beside the tokens from..to ("7!", "⭐⭐ 🙂"; not "#1").
  const whole = (from: number, to: number) =>
    /^[\s.,;:!?+\p{Extended_Pictographic}\uFE0F]*$/u.test(said.slice(0, tokens[from]!.at) + said.slice(tokens[to]!.end));
  const scores = [...tokens.keys()].flatMap((i) => scoreAt(tokens, i, outOf, whole) ?? starsAt(tokens, i, whole) ?? [])
    .map(({ from, to, value, outOf: of }): Score => {
      const [at, end] = [tokens[from]!.at, tokens[to]!.end];
      return { said: folded.slice(at, end), at, end, value, outOf: of, reading: scoreReading(value, of) };
    });
  return scores.sort((a, b) => a.value / a.outOf - b.value / b.outOf)[0] ?? null;
}

type Found = { from: number; to: number; value: number; outOf: number };

/** The score that the number at i gives, with the tokens that say it; `scale`: what a marked score is out of. */
function scoreAt(ts: Token[], i: number, scale: number, whole: (from: number, to: number) => boolean): Found | null {
  const value = numberOf(ts[i]!.text);
  if (value === undefined) return null;
  const next = ts[i + 1]?.text;
  // "8/10", "3 van de 10", "8 op 10", "10 out of 10"
  const by = next === '/' || next === 'uit' || next === 'op' ? 1 : next === 'van' ? (ts[i + 2]?.text === 'de' ? 2 : 1)
    : next === 'out' && ts[i + 2]?.text === 'of' ? 2 : 0;
  const outOf = by ? numberOf(ts[i + by + 1]?.text) : undefined;
  if (outOf !== undefined && SCALES.has(outOf)) {
    const to = i + by + 1;
    const after = ts[to + 1];
    if (value > outOf || UNITS.has(after?.text ?? '')) return null;
    // a date ("op 10/10", "10/10/2026"), or a count of things ("3 van de 10 schroeven"), not a score
    if (next === '/' ? DATED.has(ts[i - 1]?.text ?? '') || after?.text === '/' : !endsScore(after)) return null;
    return { from: i, to, value, outOf };
  }
  // "4 sterren", "1 star", "5 ⭐" (a row of ten: out of 10)
  if (STAR_WORDS.has(next ?? '') || FILLED.has(next ?? '')) {
    return value <= 10 ? { from: i, to: i + 1, value, outOf: value <= 5 ? 5 : 10 } : null;
  }
  if (value > scale || !endsScore(ts[i + 1])) return null;
  if (POINT_WORDS.has(next ?? '')) return { from: i, to: i + 1, value, outOf: scale };
  // Back past "een dikke", "a solid", ":"
  let k = i - 1;
  while (ADJECTIVES.has(ts[k]?.text ?? '')) k--;
  if (ARTICLES.has(ts[k]?.text ?? '')) {
    k--;
    while (LEADS.has(ts[k]?.text ?? '')) k--;
  }
  const dressed = k < i - 1;
  const found = { from: k + 1, to: i, value, outOf: scale };
  const bound = ts[k]?.text === ':' || ts[k]?.text === '=';
  if (bound) k--;
  if (MARKS.has(ts[k]?.text ?? '')) return { ...found, from: k };
  // "ik geef jullie een 9", "I'd rate it 8", "het is een 8", "ik zou jullie een 9 geven"
  const before = ts.slice(Math.max(0, k - 3), k + 1);
  const clause = before.slice(before.findLastIndex(isBreak) + 1);
  if (GIVES.has(next ?? '')) return { ...found, to: i + 1 };
  if (clause.some((t) => GIVES.has(t.text)) || (dressed && clause.some((t) => IS.has(t.text)))) return found;
  // "Een 8!", "Dikke 10", "Bedankt: een 9", or the number as the whole reply
  const opens = bound || isBreak(ts[k]);
  return opens && (dressed || whole(i, i)) ? found : null;
}

/** Whether a marked score may end here: at a clause's end, or before a small word ("voor de service", "maar …"). */
const endsScore = (t: Token | undefined) => isBreak(t) || AFTER.has(t!.text);

/**
 * A row of stars starting at i: with empty ones, filled of all ("★★☆☆☆"); of filled ones only, as the whole reply or
 * after what it marks ("⭐⭐⭐⭐", "Service: ★★"), of 5. A star or two beside words is praise ("Top ⭐"), not a score.
 */
function starsAt(ts: Token[], i: number, whole: (from: number, to: number) => boolean): Found | null {
  const star = (t: Token | undefined) => t !== undefined && (FILLED.has(t.text) || EMPTY.has(t.text));
  if (!star(ts[i]) || star(ts[i - 1])) return null;
  let to = i;
  while (star(ts[to + 1])) to++;
  const row = ts.slice(i, to + 1);
  const filled = row.filter((t) => FILLED.has(t.text)).length;
  if (filled < row.length) return SCALES.has(row.length) ? { from: i, to, value: filled, outOf: row.length } : null;
  let k = i - 1;
  if (ts[k]?.text === ':' || ts[k]?.text === '=') k--;
  const marked = MARKS.has(ts[k]?.text ?? '') || STAR_WORDS.has(ts[k]?.text ?? '');
  return filled >= 2 && (whole(i, to) || marked) ? { from: i, to, value: Math.min(filled, 5), outOf: 5 } : null;
}
