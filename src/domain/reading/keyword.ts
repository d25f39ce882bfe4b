// SMS keywords: STOP, START, HELP and their kin, only ever as the whole message.
import { fold } from './text.js';

export type Keyword = 'opt_out' | 'opt_in' | 'help';

/** SMS keywords: only ever the whole message ("Stop!" yes, "stop please" no). */
const KEYWORDS: Record<Keyword, string[]> = {
  opt_out: ['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout', 'stoppen', 'afmelden', 'uitschrijven', 'opzeggen',
    'ophouden', 'stopt', 'stp', 'sotp',
    // as customers who write German, French, Spanish or Turkish say it (folded: "Arrêt" is "arret")
    'stopp', 'abmelden', 'arret', 'arrete', 'arreter', 'desabonner', 'desinscrire', 'baja', 'iptal'],
  opt_in: ['start', 'unstop', 'yes', 'aanmelden'],
  help: ['help', 'info'],
};
const KEYWORD = new Map(Object.entries(KEYWORDS).flatMap(([k, ws]) => ws.map((w) => [w, k as Keyword] as const)));

/** A kiss or a short thanks to sign off with, at the very end ("Stop x", "Start xx", "Stop ta"; "2x" is no kiss). */
export const KISS = /(?:[\s,.;!-]+(?:x+|(?:xo)+x?|ta|thx|thnx|thanx))+[\s.!]*$/iu;

/**
 * Whole-message SMS keyword, any case, surrounding spaces and punctuation ignored, as typed in a hurry or with
 * emphasis ("Stoppp", "S T O P", "S.T.O.P"); null when the message is not one. A START with a kiss after it ("Start
 * x", "START xx", "Start ta") is a START too (a STOP with one is read by stopRequest); "Yes x" is no START: it answers
 * the check-in.
 */
export function keyword(text: string): Keyword | null {
  const bare = whole(text);
  if (bare !== null) return bare;
  const unkissed = text.replace(KISS, '');
  return unkissed !== text && whole(unkissed) === 'opt_in' && !/^y+e+s+$/u.test(fold(unkissed).replace(/\P{L}/gu, '')) ? 'opt_in' : null;
}

function whole(text: string): Keyword | null {
  // A stop sign alone, as some type STOP.
  if (/^[\s🛑]*🛑[\s🛑!]*$/u.test(text)) return 'opt_out';
  const word = fold(text).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  const spaced = /^\p{L}(?:[ .-]+\p{L})+$/u.test(word) && !/\p{L}{2}/u.test(word) ? word.replace(/[ .-]/g, '') : word;
  return KEYWORD.get(spaced) ?? KEYWORD.get(spaced.replace(/(\p{L})\1+$/u, '$1')) ?? null;
}
