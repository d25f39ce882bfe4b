// What a customer's free-text reply to the check-in is about, in Dutch or English.
// In order: a whole-message SMS keyword; otherwise the word table below, with negation
// ("niet goed" is a problem, "geen probleem" is not); then problem > question > positive; else 'other'.
// The language is not detected: the nl and en lists both apply to every message.

export type ReplyClass = 'opt_out' | 'opt_in' | 'help' | 'problem' | 'question' | 'positive' | 'other';
export type Keyword = 'opt_out' | 'opt_in' | 'help';

type Lists = { nl: string[]; en: string[] };

/** SMS keywords: only ever the whole message ("Stop!" yes, "stop please" no). */
const KEYWORDS: Record<Keyword, string[]> = {
  opt_out: ['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout', 'stoppen', 'afmelden', 'uitschrijven'],
  opt_in: ['start', 'unstop', 'yes', 'aanmelden'],
  help: ['help', 'info'],
};

/** Words and phrases (whole words, lower case, no accents). The longest phrase at a place wins. */
const WORDS = {
  problem: {
    nl: ['kapot', 'stuk', 'defect', 'lekt', 'lek', 'probleem', 'problemen', 'klacht', 'klachten', 'klagen', 'teleurgesteld',
      'teleurstellend', 'ontevreden', 'slecht', 'matig', 'waardeloos', 'jammer', 'helaas', 'gebroken', 'afgebroken',
      'beschadigd', 'gescheurd', 'barst', 'kras', 'krassen', 'verkeerd', 'ontbreekt', 'werkt niet', 'doet het niet',
      'past niet', 'valt tegen', 'viel tegen', 'tegengevallen', 'te klein', 'te groot', 'niet ontvangen', 'nog steeds niet',
      'terugbrengen', 'terugsturen', 'retour', 'retourneren', 'ruilen', 'omruilen', 'geld terug'],
    en: ['broken', 'broke', 'breaks', 'faulty', 'defective', 'leaks', 'leaking', 'leak', 'problem', 'problems', 'issue',
      'issues', 'complaint', 'complaints', 'complain', 'disappointed', 'disappointing', 'unhappy', 'dissatisfied', 'bad',
      'terrible', 'awful', 'horrible', 'poor', 'useless', 'unfortunately', 'damaged', 'cracked', 'torn', 'scratched',
      'wrong', 'missing', 'not working', "isn't working", "doesn't work", 'does not work', "didn't work", 'did not work',
      "don't work", "won't work", 'stopped working', "doesn't fit", 'does not fit', "didn't fit", 'too small', 'too big',
      'not received', 'never arrived', 'return', 'returning', 'refund', 'money back'],
  },
  positive: {
    nl: ['goed', 'top', 'super', 'prima', 'tevreden', 'blij', 'fijn', 'mooi', 'perfect', 'uitstekend', 'geweldig', 'bevalt',
      'bevallen', 'bedankt', 'dank', 'dankjewel', 'dankuwel', 'ja', 'tof', 'leuk', 'prachtig', 'heerlijk', 'fantastisch',
      'gaaf', 'handig', 'keurig', 'in orde', 'naar wens'],
    en: ['great', 'good', 'love', 'loved', 'lovely', 'like it', 'perfect', 'happy', 'excellent', 'fine', 'works', 'thanks',
      'thank you', 'thx', 'yes', 'awesome', 'nice', 'amazing', 'wonderful', 'fantastic', 'brilliant', 'satisfied',
      'pleased', 'glad'],
  },
  // Phrases that hide the table words inside them ("een stuk beter" is not broken, "no thanks" is not praise).
  neutral: {
    nl: ['een stuk', 'geen dank', 'nee bedankt', 'nee dank je', 'nee dankjewel'],
    en: ['no thanks', 'no thank you', 'good morning', 'good afternoon', 'good evening'],
  },
} satisfies Record<string, Lists>;

/** A negator up to two words before a table word flips it, within one clause; also every "…n't" word. */
const NEGATORS: Lists = {
  nl: ['niet', 'geen', 'nooit', 'niks', 'niets', 'nauwelijks', 'amper', 'zonder'],
  en: ['not', 'no', 'never', 'nothing', 'none', 'hardly', 'without', 'cannot'],
};

/** A clause opening with one of these (after an optional greeting) makes a question, as does any "?". */
const QUESTION_WORDS: Lists = {
  nl: ['hoe', 'wat', 'waar', 'wanneer', 'waarom', 'welke', 'welk', 'wie', 'hoeveel', 'kan', 'kun', 'kunt', 'kunnen', 'mag',
    'moet', 'heb', 'hebben', 'is', 'zijn'],
  en: ['how', 'what', 'where', 'when', 'why', 'which', 'who', 'can', 'could', 'do', 'does', 'is', 'are', 'should', 'will'],
};
// ...unless the next word is an article, a negator or a table word: "Wat een mooi ding!", "Is goed", "Mag niet klagen".
const ARTICLES = new Set(['een', 'a', 'an']);

/** Skipped before an opening question word: "Hoi hoe …", "Hi, how …". */
const GREETINGS: Lists = {
  nl: ['hoi', 'hallo', 'hai', 'hey', 'hee', 'beste', 'dag', 'goedemorgen', 'goedemiddag', 'goedenavond'],
  en: ['hi', 'hello', 'hey', 'hiya', 'dear'],
};

type Hit = keyof typeof WORDS;
const FLIP: Record<Hit, Hit> = { problem: 'positive', positive: 'problem', neutral: 'neutral' };
const both = (l: Lists) => new Set([...l.nl, ...l.en]);
const NEGATOR = both(NEGATORS);
const QUESTION = both(QUESTION_WORDS);
const GREETING = both(GREETINGS);
const KEYWORD = new Map(Object.entries(KEYWORDS).flatMap(([k, ws]) => ws.map((w) => [w, k as Keyword] as const)));
const PHRASES = (Object.keys(WORDS) as Hit[])
  .flatMap((hit) => [...both(WORDS[hit])].map((p) => ({ hit, words: p.split(' ') })))
  .sort((a, b) => b.words.length - a.words.length);

/** Lower case, NFKC, straight apostrophes, no diacritics ("Tevréden" → "tevreden"). */
function fold(text: string): string {
  return text.replace(/[‘’‚‛ʼ`´′]/g, "'").normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

/** Clauses (split at punctuation) of words; an apostrophe inside a word stays, and "doesnt" reads as "doesn't". */
function clauses(folded: string): string[][] {
  return folded
    .split(/[^\p{L}\p{N}\s']+/u)
    .map((c) => (c.match(/\p{L}+(?:'\p{L}+)*/gu) ?? []).map((w) => w.replace(/^(do|does|did|is|was|are|were|has|have|had|could|would|should|ca|wo|ai)nt$/, "$1n't")))
    .filter((c) => c.length > 0);
}

const isNegator = (w: string | undefined) => w !== undefined && (NEGATOR.has(w) || w.endsWith("n't"));

/** The longest table phrase that starts at words[i]. */
const phraseAt = (words: string[], i: number) => PHRASES.find((p) => p.words.every((w, k) => words[i + k] === w));

/** The table hits of one clause, each flipped when a negator precedes it (a phrase holding its own negator never flips). */
function hits(words: string[]): Hit[] {
  const found: Hit[] = [];
  for (let i = 0; i < words.length; ) {
    const p = phraseAt(words, i);
    if (!p) { i++; continue; }
    const negated = !p.words.some(isNegator) && (isNegator(words[i - 1]) || isNegator(words[i - 2]));
    found.push(negated ? FLIP[p.hit] : p.hit);
    i += p.words.length;
  }
  return found;
}

/** Whether a clause opens with a question word ("Top! Hoe was ik hem?"), looking past a greeting ("Hi, how …"). */
function asks(words: string[]): boolean {
  const i = GREETING.has(words[0] ?? '') ? 1 : 0;
  const [w, next] = [words[i], words[i + 1]];
  return w !== undefined && QUESTION.has(w) && !(next !== undefined && (ARTICLES.has(next) || isNegator(next) || phraseAt(words, i + 1)));
}

/** Whole-message SMS keyword, any case, surrounding spaces and punctuation ignored; null when the message is not one. */
export function keyword(text: string): Keyword | null {
  return KEYWORD.get(fold(text).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')) ?? null;
}

/** Classifies a reply; keyword() first, then the word table. */
export function classify(text: string): ReplyClass {
  return keyword(text) ?? classifyWords(text);
}

/** Classifies a reply by its words alone: "Yes" to "Happy with it?" is praise, not an SMS keyword. */
export function classifyWords(text: string): 'problem' | 'question' | 'positive' | 'other' {
  const folded = fold(text);
  const parts = clauses(folded);
  const found = new Set(parts.flatMap(hits));
  if (found.has('problem')) return 'problem';
  if (folded.includes('?') || parts.some(asks)) return 'question';
  if (found.has('positive')) return 'positive';
  return 'other';
}
