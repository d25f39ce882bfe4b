// Replies in a language the reader does not read. It reads Dutch and English only; a French "La veste est déchirée,
// je suis très déçu" was read by the one word that looks Dutch ("je", learned as happy) and left the owner's list as
// praise. A reply is taken for another language when most of its words are unknown to the reader (neither language's
// common words or lexicon, nor any word of the replies it learned from) and franc (github.com/wooorm/franc: trigram
// profiles, MIT), choosing between Dutch, English and the languages customers in the Low Countries most often write
// otherwise, picks one of the others; or when most of its words are in another script (Arabic, Cyrillic, Chinese).
// The two together, because neither holds alone on a few words: franc alone takes "Remmen piepen nog steeds" for
// Norwegian, and the unknown words alone "The roof leaks" for something foreign. Measured in
// test/domain/other-languages.test.ts: none of the 185 held-out replies is taken for another language, and 41 of 45
// replies in fifteen other languages are (the four missed: three happy ones, and Papiamento, which franc does not
// know).
import { francAll } from 'franc-min';
import type { Clause } from './text.js';

/** The languages franc weighs against Dutch and English, by its ISO 639-3 code, with their BCP 47 tag. */
const OTHERS: Record<string, string> = { deu: 'de', fra: 'fr', spa: 'es', ita: 'it', por: 'pt', tur: 'tr', pol: 'pl', ron: 'ro' };
const CANDIDATES = ['nld', 'eng', ...Object.keys(OTHERS)];

/** A word in the Latin script, as the reader folds it ("dechiree"), digits and apostrophes allowed. */
const LATIN = /^[\p{Script=Latin}\p{N}']+$/u;

/**
 * The BCP 47 tag of the language a reply is written in when the reader does not read it ("fr"; "und" for another
 * script, whose language it does not tell), else null: Dutch, English, or too little to tell (one word, emoji).
 * `known` says whether the reader knows a (folded) word.
 */
export function otherLanguage(parts: Clause[], text: string, known: (word: string) => boolean): string | null {
  const words = parts.flat().map((w) => w.text).filter((w) => /\p{L}/u.test(w));
  if (!words.length) return null;
  if (words.filter((w) => LATIN.test(w)).length < words.length / 2) return 'und';
  if (words.length < 2 || words.filter(known).length >= words.length / 2) return null;
  const [[best]] = francAll(text, { only: CANDIDATES, minLength: 3 }) as [[string, number]];
  return OTHERS[best] ?? null;
}

/**
 * A clause saying the customer does not read the message's language: "I don't speak Dutch", "Ik spreek geen
 * Nederlands", "Ich spreche kein Niederländisch", "Je ne parle pas néerlandais", "English please" (folded, its words
 * joined by spaces). No complaint about the purchase, said with a negation: a question the owner answers, in a language
 * the customer reads (reader.ts). A shop that writes English may hear it of English ("Ik spreek geen Engels").
 */
const TONGUES = '(?:dutch|nederlands|nederlandse|hollands|flemish|vlaams|english|engels|engelse)';
const NO_TONGUE = new RegExp([
  `(?:don't|dont|do not|can't|cant|cannot|can not|didn't|didnt|did not) (?:speak|read|understand|talk|write)(?: any| much| a word of| good| well)? ${TONGUES}`,
  // said alone ("No dutch sorry", "no speak dutch"), not of a thing ("the manual is not english"); "only" English, not
  // "I can read English fine"
  `^(?:i |me )?(?:no|not|little|barely|very little) (?:speak |understand )?${TONGUES}(?: (?:sorry|please|pls))?$`,
  `only (?:speak|understand|read) english`, `(?:speak|understand|read) (?:only english|english only)`,
  `^(?:in )?english (?:please|pls|plz)$`, `^(?:in )?(?:the )?english language (?:please|pls)$`,
  `(?:spreek|versta|begrijp|lees|praat|kan|ken) (?:geen|niet|weinig|nauwelijks|slecht|amper)(?: goed)? ${TONGUES}`,
  `(?:spreche|verstehe|kann|lese|spreek) (?:kein|keine|nicht|kaum)(?: gut)? (?:niederlandisch|hollandisch|flamisch|englisch|nederlands)`,
  `ne (?:parle|comprends|lis) pas (?:le |l')?(?:neerlandais|hollandais|flamand|anglais)`, `no (?:hablo|entiendo) (?:el )?(?:holandes|neerlandes|ingles)`,
  `nie (?:mowie|rozumiem) po (?:holendersku|niderlandzku|angielsku)`, `non (?:parlo|capisco) (?:l')?(?:olandese|inglese)`,
  `nao (?:falo|entendo) (?:holandes|neerlandes|ingles)`,
].map((p) => `(?:^|\\s)${p}(?=\\s|$)`).join('|'));
export const noCommonTongue = (clause: Clause): boolean => NO_TONGUE.test(clause.map((w) => w.text).join(' '));
