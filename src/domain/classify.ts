// What a customer's free-text reply to the check-in is about, in Dutch or English.
// First a whole-message SMS keyword (STOP, START, HELP); otherwise the reader in ./reading/ decides between
//   problem  – something is wrong (the owner is alerted at once),
//   question – they ask something, or ask to be called (the owner is alerted at once),
//   positive – clearly happy (stays off the owner's list),
//   other    – not sure: the owner reads it, without an alert (with one when it is in a language the reader does
//              not read: otherLanguage()).
// Missing a complaint is the worst mistake, so only a clearly happy reply is read as positive. reading/reader.ts
// says in what order the evidence decides; the network in it trains once per process, on first use, in ~0.1 s.
import { afterCantTalk, automaticWording } from './automatic.js';
import { readCorpus } from './reading/corpus.js';
import { asksWhatWouldFollow, asksWhetherErased, fineWithIt, saysErasedByTheShop, wantsErasedBack } from './reading/erase.js';
import { type Model, train } from './reading/model.js';
import { otherLanguage as writtenIn } from './reading/language.js';
import { type Answering, type Evidence, type Explained, decide, evidence, knows } from './reading/reader.js';
import { stopRequest, unwanted, unwantedBecause } from './reading/stop.js';
import { keyword } from './reading/keyword.js';
import { clauses, fold } from './reading/text.js';

export type { Answering } from './reading/reader.js';
export { type Keyword, keyword } from './reading/keyword.js';
export { type StopChannel, type StopRequest, type Unwanted, stopRequest, unwantedBecause, wrongNumber } from './reading/stop.js';
export { plainlyWrittenIn, writtenOnlyIn } from './reading/written.js';

export type ReplyClass = 'opt_out' | 'opt_in' | 'help' | 'problem' | 'question' | 'positive' | 'other';

/**
 * Whether a HELP keyword is the word "help" itself ("Help!", "HELP"), not "INFO": after a check-in it may be a cry for
 * help ("the car broke down") as much as the carrier's keyword. The keyword is answered with the stock help text all
 * the same (carriers require it); this says whether the owner should hear of it too.
 */
export const criesForHelp = (text: string): boolean => keyword(text) === 'help' && !/i\W*n\W*f\W*o/u.test(fold(text));

let model: Model | undefined;
/** The network, trained on test/fixtures/replies/train.tsv the first time a reply is read in this process. */
const reader = (): Model => (model ??= train(readCorpus('train')));

/** Trains the reader now rather than on the first reply (about 0.1 s); a missing training file throws here. */
export function prepareReader(): void {
  reader();
}

/**
 * Whether a reply says the messages were never wanted ("ik heb nooit toestemming gegeven", "dit is spam", "verwijder
 * mijn gegevens"), and is no STOP (a keyword, or a request to hear no more, which stops SMS alone): the customer is
 * then stopped by SMS and e-mail, and the owner alerted as about a problem. Data to be removed is that beside a
 * request to hear no more too ("Geen sms meer, verwijder mijn gegevens", "Please stop texting me and delete my data"):
 * read as a stop alone, the e-mail went on and the owner never heard of an erasure owed within a month. A keyword is
 * the whole message, and Twilio's: it stays a STOP.
 */
export const unwantedReply = (text: string): boolean =>
  keyword(text) === null && (stopRequest(text) === null ? unwanted(text) : unwantedBecause(text).includes('erase'));

/**
 * Classifies a reply; keyword() first, then a request to hear no more in other words (stopRequest: "Stop, dank je",
 * "geen sms meer", "please stop texting me", which Twilio does not take as STOP; beside data to be removed, a problem:
 * unwantedReply), then the reader.
 */
export function classify(text: string): ReplyClass {
  return keyword(text) ?? (stopRequest(text) && !unwantedReply(text) ? 'opt_out' : classifyWords(text));
}

/**
 * A reply the customer's phone or mailbox wrote, not the customer: an out-of-office, a declined call's "can't talk
 * now", an iPhone's "I'm driving with Focus turned on" (./automatic.ts says which wordings, and where each comes from).
 * Read as "other" (the owner sees it, without an alert), and answered with nothing: a "wat vervelend" to an answering
 * machine helps nobody. Whether a reply reads as an automatic one; read as "other" it is one (classifyWords): a
 * complaint written into it ("Ik kan nu niet praten, maar de rits is kapot") makes it a problem.
 */
export const looksAutomatic = (text: string): boolean => automaticWording(text);
/** Trouble the domain table names (not only a negation it cannot explain, which an out-of-office is full of). */
const complains = (e: Evidence) => e.table.some((h) => h.kind === 'trouble' && !h.reason.endsWith('(domain: said with a negation)'));

/**
 * Classifies a reply by its words alone: "Yes" to "Happy with it?" is praise, not an SMS keyword. `answering`: the
 * message it answers, when known (a check-in when not): a bare "Nee" to a come-back invitation declines it.
 */
export function classifyWords(text: string, answering?: Answering): 'problem' | 'question' | 'positive' | 'other' {
  return readWords(text, answering).class;
}

/**
 * classifyWords(), and whether the words say only that something was a slip (Explained.slip): one reading of them, for
 * the reply page, which needs both (db/replies.ts answerOnPage).
 */
export function readWords(text: string, answering?: Answering): { class: 'problem' | 'question' | 'positive' | 'other'; slip: boolean } {
  const e = evidence(text, reader());
  // data to be removed, or texts never wanted, whatever phone wording is beside it (as over SMS: twilio.ts unwantedReply)
  if (unwanted(text)) return { class: 'problem', slip: false };
  if (looksAutomatic(text) && !complains(e)) {
    // what follows a declined call's "can't talk now" is hers, read alone ("…, the brakes failed!", "…, bel me morgen")
    const rest = afterCantTalk(text);
    const hers = rest ? readWords(rest, answering) : null;
    if (hers && hers.class !== 'other') return hers;
    // a question asked in the same sentence as an away-until is hers too: "I'm away until Monday, can you keep it for
    // me", "Ik ben op vakantie tot maandag, wilt u hem bewaren" (an out-of-office asks in a sentence of its own, and
    // only if urgent: "Ik ben afwezig tot maandag. Voor dringende zaken kunt u bellen met …")
    const oneSentence = !/[.!?]\s+\S/u.test(text.trim()) && !/\b(?:urgent|dringend|spoed)/iu.test(text);
    if (rest !== null || !oneSentence || decide(e, answering).class !== 'question') return { class: 'other', slip: false };
  }
  const read = aboutErasure(text, decide(e, answering));
  return { class: read.class, slip: read.slip === true };
}

/**
 * Asked whether the data was erased, a question the owner answers (a call back), also where the reader is unsure: "Ik
 * wil weten of mijn gegevens verwijderd zijn", "Please confirm you have deleted my data"; so too what would follow an
 * erasure ("If you delete my data can I still get repairs"). Said erased by the shop, a complaint ("i need my data it
 * was erased by you"). Not an erasure asked (that is unwanted), nor said as a complaint or with thanks (the reader's
 * problem or praise stays; its praise not where what would follow is asked, "… can I still get repairs, if yes thanks").
 */
function aboutErasure(text: string, read: Explained): Explained {
  if (read.class !== 'other' && read.class !== 'positive') return read;
  const parts = clauses(text);
  const said = parts.map((c) => c.map((w) => w.text).join(' '));
  // what would follow an erasure asked is no praise, however warm its words ("Raak ik mijn punten kwijt omdat jullie
  // mijn account verwijderen", where "raak" reads warm): a question for the owner
  const follows = said.some(asksWhatWouldFollow);
  if (read.class === 'positive') return follows ? { class: 'question', because: ['asks what would follow an erasure', ...read.because] } : read;
  // erased data wanted back, a complaint before any question: "mijn account is gewist door jullie ik wil hem terug"
  // (also told over a comma, not asked first: "Mijn account is gewist door jullie, ik wil hem terug")
  const wantedBack = (c: string, i: number) => wantsErasedBack(c) || (i > 0 && !parts[i - 1]!.some((w) => w.asks) && wantsErasedBack(`${said[i - 1]} ${c}`));
  if (said.some(wantedBack)) return { class: 'problem', because: ['wants back data that was erased', ...read.because] };
  if (said.some(asksWhetherErased)) return { class: 'question', because: ['asks whether their data was erased', ...read.because] };
  // what would follow an erasure, asked without a question mark: "If you delete my data can I still get repairs"
  if (follows) return { class: 'question', because: ['asks what would follow an erasure', ...read.because] };
  // data lost, said erased by the shop: "i need my data it was erased by you", a complaint
  if (said.some(saysErasedByTheShop) && !fineWithIt(said)) return { class: 'problem', because: ['says the shop erased their data', ...read.because] };
  return read;
}

/**
 * The language a reply is written in when the reader does not read it ("fr"; "und" when it cannot tell which), else
 * null. Such a reply is read as "other" and, unlike other replies the reader is unsure of, alerts the owner: only a
 * person can tell whether it is a complaint.
 */
export const otherLanguage = (text: string): string | null => writtenIn(clauses(text), text, knows(reader()));

export interface Explanation {
  class: ReplyClass;
  /** What decided it, most decisive first: "doet … niet (domain: does not work)", "sentiment +1.2 (mooi +0.7, …)". */
  because: string[];
  /** The words say only that something was a slip: Explained.slip. */
  slip?: true;
}

/** classify(), with the words that decided it; `answering` as for classifyWords. */
export function explain(text: string, answering?: Answering): Explanation {
  const kw = keyword(text);
  if (kw) return { class: kw, because: ['SMS keyword (the whole message)'] };
  const stop = stopRequest(text);
  if (stop && unwantedReply(text)) return { class: 'problem', because: ['asks for their data to be removed', `and to hear no more: ${stop.words}`] };
  if (stop) return { class: 'opt_out', because: [`asks to hear no more: ${stop.words}`, ...(stop.rest ? [`and says: "${stop.rest}"`] : [])] };
  if (unwanted(text)) return { class: 'problem', because: ['says the messages are unwanted (no consent, spam, or remove my data)'] };
  return aboutErasure(text, decide(evidence(text, reader()), answering));
}
