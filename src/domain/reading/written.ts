// Which of the two languages nextdeal writes in a reply is plainly written in: Dutch or English. The SMS a reply gets
// back is in that language, whatever the till said of the customer (a tourist's "Who is this? Sorry I don't speak
// Dutch" was answered in Dutch, as the till's record said nothing and the shop is Dutch).
import { isCommon } from './sentiment.js';
import { clauses } from './text.js';

/** How many more of one language's common words a reply must have than of the other's to be plainly written in it. */
const MARGIN = 2;

/**
 * 'nl' or 'en' when the reply's common words are plainly of that language (MARGIN more than of the other), else null:
 * a keyword, a word or two ("ok", "top", "thanks"), words both languages share, a third language.
 */
export function plainlyWrittenIn(text: string): 'nl' | 'en' | null {
  const { nl, en } = commonWords(text);
  return en - nl >= MARGIN ? 'en' : nl - en >= MARGIN ? 'nl' : null;
}

/**
 * 'nl' or 'en' when the reply is written in that language alone: plainly (MARGIN common words of it), and with no
 * common word only the other has. What a customer's language is kept from (replies.ts): "Alles prima, thank you very
 * much" is answered in English, but a Dutch customer who mixes in English is not written to in English from then on.
 */
export function writtenOnlyIn(text: string): 'nl' | 'en' | null {
  const { nl, en } = commonWords(text);
  return en >= MARGIN && nl === 0 ? 'en' : nl >= MARGIN && en === 0 ? 'nl' : null;
}

/** How many of a text's words are common in one of the two languages and not in the other. */
function commonWords(text: string): { nl: number; en: number } {
  const words = clauses(text).flat().map((w) => w.text);
  const only = (lang: 'nl' | 'en', other: 'nl' | 'en') => words.filter((w) => isCommon(w, lang) && !isCommon(w, other)).length;
  return { nl: only('nl', 'en'), en: only('en', 'nl') };
}
