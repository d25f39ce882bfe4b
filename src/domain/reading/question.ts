// Whether a reply asks something of the shop: a question mark; a clause that opens like a question ("Hoe was ik
// dit", "Kan ik…", "Do you…"); or a request to be called or contacted ("bel me even terug", "can you call me").
// A Dutch statement often drops its subject ("Moet nog even wennen", "Kan nog niks zeggen", "Is goed"), so a verb
// opens a question only when a subject follows it ("Moet ik…", "Is er…"); and "wat" before a word with a feeling
// exclaims or softens ("Wat leuk!", "wat saai"), as "wat een" and "what a" exclaim.
import type { Lexicon } from './table.js';
import { type Clause, opensWithConjunction } from './text.js';

const ASKING = new Set([
  'hoe', 'wat', 'waar', 'wanneer', 'wnr', 'waarom', 'welke', 'welk', 'wie', 'hoeveel', 'hoelang', 'waarmee', 'hoezo',
  'how', 'what', 'where', 'when', 'why', 'which', 'who', 'whom', 'any', "how's", "what's", "where's", "when's", "who's",
]);
const VERBS = new Set([
  'kan', 'kun', 'kunt', 'kunnen', 'mag', 'mogen', 'moet', 'moeten', 'is', 'zijn', 'ben', 'bent', 'heb', 'hebt', 'heeft', 'hebben', 'wil', 'wilt',
  'willen', 'zal', 'zou', 'zouden', 'doe', 'doen', 'werkt', 'past', 'krijg', 'krijgt', 'ontvang',
  'can', 'could', 'do', 'does', 'did', 'is', 'are', 'was', 'will', 'would', 'should', 'shall', 'may', 'might', 'have', 'has',
]);
const SUBJECTS = new Set([
  'ik', 'je', 'jij', 'u', 'we', 'wij', 'jullie', 'hij', 'ze', 'zij', 'het', 'er', 'dit', 'dat', 'deze', 'die', 'men', 'iemand',
  'i', 'you', 'they', 'it', 'he', 'she', 'there', 'this', 'that', 'these', 'those', 'someone', 'somebody', 'anyone', 'anybody', 'u',
]);
/** These verbs open a question only before a subject of their own person: "Ben ik…", "Heb je…", but "Ben er blij mee". */
const PERSON: Record<string, Set<string>> = {
  ben: new Set(['ik', 'je', 'jij']), heb: new Set(['ik', 'je', 'jij']), bent: new Set(['u']), hebt: new Set(['u']),
};
const ARTICLES = new Set(['een', 'a', 'an']);
const EXCLAIMING = new Set(['wat', 'what']);
const GREETINGS = new Set(['hoi', 'hallo', 'hai', 'hey', 'hee', 'beste', 'dag', 'goedemorgen', 'goedemiddag', 'goedenavond', 'hi', 'hello', 'hiya', 'dear']);

/** Asking to be called or contacted, or for help, or saying there is a question: each a run of whole words ("*" ends a prefix). */
const REQUESTS = [
  'bel me', 'bel mij', 'belt u', 'bel even', 'bel terug', 'belletje', 'bellen', 'iemand spreken', 'contact op', 'terugbellen', 'terug bellen', 'teruggebeld', 'terug gebeld', 'contact opnemen', 'neem contact', 'contact met mij', 'graag contact',
  'vraag', 'vraagje', 'hulp nodig', 'help nodig',
  'need* help', 'need* some help', 'need* your help', 'call me', 'call back', 'ring me', 'giv* me a call', 'giv* me a ring', 'get in touch', 'contact me', 'a call', 'question',
  // a call asked for rather than the texts ("$": the clause ends there): "just call", "call me instead", "liever een
  // telefoontje", "maar een telefoontje"; not thanks for one ("Bedankt voor het telefoontje", "Thanks for the phone
  // call") nor the customer who calls ("Just call if you need anything", "Ik bel maar even als er iets is")
  'just call $', 'call instead', 'call me instead', 'phone me', 'phone call instead', 'phone call is better', 'a call is better', 'a call instead',
  'phone instead', 'liever een telefoontje', 'maar een telefoontje $', 'graag een telefoontje', 'telefoontje graag', 'bel maar $', 'bel liever',
  'liever gebeld', 'graag gebeld',
  // A pharmacy's customer who says she is pregnant or breastfeeding asks, said or not, whether what she bought is safe
  // for her ("Not sure it's right for me, I'm pregnant", "Weet niet of het mag, ik ben zwanger"): the pharmacist answers.
  // Only said of herself: "my pregnant wife loves it" asks nothing.
  ...["i'm", 'im', 'i am'].flatMap((am) => [`${am} pregnant`, `${am} breastfeeding`, `${am} breast feeding`]),
  'ben zwanger', 'ben ik zwanger', 'zwanger ben', 'geef borstvoeding', 'geef ik borstvoeding', 'borstvoeding geef',
].map((p) => p.split(' '));

/**
 * A call asked for politely ("A phone call please", "Telefoontje aub", "Please call"), the clause's first words but for
 * LEADING: a request unless denied ("Geen telefoontje aub", "No phone call please" ask for no call, and stay read as
 * before: a problem, which the owner reads); not thanks for one ("Thanks for the call please come again"). Not a ring
 * or a bell asked for ("Ring please, size 17", "Bell please! Forgot to buy one": a jeweller's, a bike shop's).
 */
const POLITE_CALLS = [
  ...['phone call', 'call'].flatMap((call) => ['please', 'pls', 'plz'].map((please) => `${call} ${please}`)),
  // "bel" and "bellen" only as all the clause says ("Bel aub"): a bell asked for, or "bel" as an order, goes on ("Bel graag
  // in het zwart", "Bel aub nog even bestellen")
  ...['telefoontje', 'belletje', 'bel', 'bellen'].flatMap((call) => ['aub', 'alsjeblieft', 'alstublieft', 'svp', 'pls', 'please', 'graag']
    .map((please) => `${call} ${please}${call.startsWith('bel') && call.length <= 6 ? ' $' : ''}`)),
  'please call $', 'please ring $', 'please phone $', 'pls call $', 'graag bellen', 'graag een belletje', 'graag telefonisch contact',
].map((p) => p.split(' '));
const LEADING = new Set(['a', 'an', 'een', 'just', 'even', 'graag', 'please', 'pls', 'liefst', 'liever', 'gewoon']);

/**
 * One of these words, all the reply says, asks for a call: "Bel", and "bel" left beside a stop ("Geen sms meer, bel
 * maar": "maar" opens a clause of its own); not "Ring, prachtig!" nor "Bel: werkt perfect" (a bell).
 */
const CALL = new Set(['bel', 'call', 'phone', 'ring']);

/** A word of a request, or its end ("$"). */
const matches = (pattern: string, word: string | undefined) =>
  pattern === '$' ? word === undefined : word !== undefined && (pattern.endsWith('*') ? word.startsWith(pattern.slice(0, -1)) : word === pattern);

/**
 * The words that make the reply a question, or null when it asks nothing. `inverted`: whether a clause's verb stands
 * first because a clause before it opens the sentence, which asks nothing (after an exception said first: "Behalve de
 * bel, ben ik tevreden", "Behalve dat hij snel is, is hij ook mooi").
 */
export function asking(
  clauses: Clause[], questionMark: boolean, lexicon: Lexicon, inverted: (i: number) => boolean = () => false,
): string | null {
  if (questionMark) return '"?"';
  for (const [k, c] of clauses.entries()) {
    const words = c.map((w) => w.text);
    const at = (r: string[]) => words.findIndex((_, i) => r.every((p, k) => matches(p, words[i + k])));
    const request = REQUESTS.find((r) => at(r) >= 0) ?? POLITE_CALLS.find((r) => {
      const i = at(r);
      // ("Een bel graag" is a bell asked for: "bel" asks for a call only first)
      return i >= 0 && !c[i]!.negated && words.slice(0, i).every((w) => LEADING.has(w)) && (i === 0 || !r[0]!.startsWith('bel'));
    });
    if (request) return request.join(' ');
    if (clauses.length === 1 && words.length === 1 && CALL.has(words[0]!)) return words[0]!;
    const i = GREETINGS.has(words[0]!) || opensWithConjunction(c) ? 1 : 0;
    const [first, next] = [words[i], words[i + 1]];
    if (first === undefined || next === undefined) continue;
    const exclaims = ARTICLES.has(next) || (EXCLAIMING.has(first) && lexicon.value(next) !== 0);
    if (ASKING.has(first) && !exclaims) return `${first} ${next} …`;
    if (VERBS.has(first) && (PERSON[first] ?? SUBJECTS).has(next) && !inverted(k)) return `${first} ${next} …`;
  }
  return null;
}
