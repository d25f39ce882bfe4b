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

/**
 * Whole-message SMS keyword, any case, surrounding spaces and punctuation ignored, as typed in a hurry or with
 * emphasis ("Stoppp", "S T O P", "S.T.O.P"); null when the message is not one.
 */
export function keyword(text: string): Keyword | null {
  // A stop sign alone, as some type STOP.
  if (/^[\s🛑]*🛑[\s🛑!]*$/u.test(text)) return 'opt_out';
  const word = fold(text).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  const spaced = /^\p{L}(?:[ .-]+\p{L})+$/u.test(word) && !/\p{L}{2}/u.test(word) ? word.replace(/[ .-]/g, '') : word;
  return KEYWORD.get(spaced) ?? KEYWORD.get(spaced.replace(/(\p{L})\1+$/u, '$1')) ?? null;
}
