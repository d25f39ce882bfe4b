// The words of a reply as the reader sees them: folded (lower case, no accents, straight apostrophes), cut into
// clauses, each word marked when a negator earlier in its clause reaches it ("geen klachten", "not bad").
// Emoji are words too ("👍", "😡"), and a question mark is remembered.

export interface Word {
  text: string;
  negated: boolean;
}
export type Clause = Word[];

/** Words that turn what follows them, to the end of the clause, around. Every "…n't" word is one too. */
const NEGATORS = new Set([
  // nl ("nie" as typed in a hurry, "ni" as Flemish has it)
  'niet', 'nie', 'ni', 'geen', 'nooit', 'niks', 'niets', 'niemand', 'nergens', 'zonder', 'amper', 'nauwelijks', 'minder',
  // en ("dont" as typed without an apostrophe)
  'not', 'no', 'zero', 'never', 'nothing', 'none', 'nobody', 'nowhere', 'without', 'hardly', 'barely', 'less', 'cannot', 'nor',
  'dont', 'doesnt', 'didnt', 'wont', 'cant', 'isnt', 'wasnt', 'arent', 'werent', 'havent', 'hasnt', 'couldnt', 'wouldnt', 'shouldnt',
]);

/** Words that set what follows against what came before; each opens a clause: "Mooi ding | maar de rits klemt". */
const CONTRASTS = new Set(['maar', 'alleen', 'behalve', 'but', 'though', 'although', 'except', 'however']);
/** "and" opens a clause too, so a negation stops at it: "Niet te duur | en werkt prima". */
const OPENERS = new Set([...CONTRASTS, 'en', 'and']);

export const isNegator = (w: string): boolean => NEGATORS.has(w) || w.endsWith("n't");

/** Lower case, NFKC, straight apostrophes, no diacritics ("Tevréden" → "tevreden"), no emoji skin tones or joiners. */
export function fold(text: string): string {
  return text
    .replace(/[‘’‚‛ʼ`´′]/g, "'")
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}|[\u{1F3FB}-\u{1F3FF}\u200D]/gu, '');
}

/** Polite refusals read as one word, so that "no" does not turn the thanks around: "Nee bedankt" is neither. */
const REFUSALS = /\b(?:no,? thanks?(?: you)?|nee,? (?:bedankt|dank je(?:wel)?|dank u(?:wel)?)|geen dank)\b/g;

const TOKEN = /\p{Extended_Pictographic}|[\p{L}\p{N}]+(?:'\p{L}+)*/gu;

/** The clauses of a reply, in order; a clause has at least one word besides the word that opens it. */
export function clauses(text: string): Clause[] {
  const result: Clause[] = [];
  const keep = (c: Clause) => c.length > (OPENERS.has(c[0]?.text ?? '') ? 1 : 0) && result.push(c);
  for (const part of fold(text).replace(REFUSALS, 'nothanks').split(/[.,;:!?()\n"]+/)) {
    let clause: Clause = [];
    let negated = false;
    for (const text of part.match(TOKEN) ?? []) {
      if (OPENERS.has(text)) {
        keep(clause);
        [clause, negated] = [[], false];
      }
      clause.push({ text, negated });
      if (isNegator(text)) negated = true;
    }
    keep(clause);
  }
  return result;
}

/** Whether a clause opens with a contrast word ("maar de rits klemt"). */
export const opensWithContrast = (clause: Clause): boolean => CONTRASTS.has(clause[0]?.text ?? '');

/** Whether a clause opens with "and", "but" or the like, which a question or a greeting comes after. */
export const opensWithConjunction = (clause: Clause): boolean => OPENERS.has(clause[0]?.text ?? '');

/** Whether the reply holds a question mark anywhere. */
export const hasQuestionMark = (text: string): boolean => /[?？¿]/.test(text);

/** Whether a word is an emoji. */
export const isEmoji = (w: string): boolean => /\p{Extended_Pictographic}/u.test(w);
