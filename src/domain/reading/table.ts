// The domain table at work: finds in a clause the trouble, praise and doubt that vocabulary.ts lists (a saying that
// praises is a complaint after a negator: "niet wat ik zocht"; none of what one is glad to be without is good news:
// "geen kosten"), phrases matched as vocabulary.ts says, and a single
// word that no lexicon knows also as a typo: of a complaint, five letters or more ("kapod", "brokn", "lapot"), else of a
// word customers praise with, four or more ("supr", "geweldg").
import type { Clause, Word } from './text.js';
import { isEmoji, isNegator, negatesHere } from './text.js';
import { OPT_OUT, OPT_OUT_IN_A_SENTENCE, NONE_IS_GOOD, OUTPUT_VERBS, PERSISTS, POINTING, SYMPTOMS, SAID_ALONE, SLIPS_TO_A_WORD, EASING, EASING_AT_THE_END, EMOJI, GONE, NONE, NOTHING_WRONG, NOT_EASED_BY, NOT_EASING, NOT_TOO_MUCH, NEW_SUBJECTS, DETERMINERS, PAID_BACK, PAID_BACK_DONE, PAID_BACK_BETWEEN, PAID_BACK_HELPING, PAID_BACK_NOT_AFTER, PAID_BACK_SPLIT, PAID_BACK_WHAT, PAID_BY, PAYERS, PAYING_SHOPS, PRAISE, PRAISED_ALONE, NOT_NEEDED, PRICE, REASONS, SAID_BY_OTHERS, SPARED, SPARED_KEPT, SPARED_MORE, SPARED_MORE_NOT, SUBJECTS, TOO, TROUBLE, WITHOUT, WORKING_VERBS, YET, RESULTS, RESULTS_AT_THE_END, NOT_YET_USED, NOT_YET_QUITE, NEVER, BETTER, BETTER_HAD, REGRET, REGRET_HOW_MUCH, REGRET_UNDENIED, REGRET_HER_DOING, REGRET_HER_COMING, REGRET_HERSELF, REGRET_OTHERS, REGRET_OF, REFUND_GOT, REFUND_GETTING, REFUND_WHAT, REFUND_THANKS, NOT_YET_HER_DOING, NOT_YET_HERS, REGRET_WHY } from './vocabulary.js';

export interface TableHit {
  /**
   * A remark: something for the owner to read beside praise (the price), no complaint. Persists: something still had
   * ("still got", "heb nog steeds"), a complaint when nothing else in the reply is good news (reader.ts). An aside:
   * words that say nothing of how it went ("sorry verkeerd getypt"), neither cold nor read by the network.
   */
  kind: 'trouble' | 'praise' | 'unsure' | 'remark' | 'persists' | 'aside';
  /** What was found and why it counts, e.g. "doet … niet (domain: does not work)". */
  reason: string;
  /**
   * The words of a complaint that went away or eases ("headache" in "the headache is gone"), or of what one is glad to
   * be without, denied ("geen extra kosten"): no cold (nor warm) words any more.
   */
  settled?: Word[];
  /** For a symptom read as easing: the complaint it is when a later clause says it is still there. */
  symptom?: string;
}

type Entry = { words: string[]; category: string };
const SPARE = 'glad to be without';
const SYMPTOM = 'a symptom';
const STILL = 'still had';
/** An entry with its place in ENTRIES, by which a word's own entries and ANY_FIRST are merged. */
type Ranked = Entry & { rank: number };
/** Each word once, however many entries hold it (split makes a new string of each). */
const oneCopy = new Map<string, string>();
const ENTRIES: Ranked[] = [...Object.entries(TROUBLE), ['praise', PRAISE] as const, ['the price', PRICE] as const, [SPARE, SPARED] as const,
  [SYMPTOM, SYMPTOMS] as const, [STILL, PERSISTS] as const]
  .flatMap(([category, phrases]) => phrases.map((p) => ({ words: p.split(' ').map((w) => oneCopy.get(w) ?? (oneCopy.set(w, w), w)), category })))
  .sort((a, b) => b.words.length - a.words.length)
  .map((entry, rank) => ({ words: entry.words, category: entry.category, rank })); // not {...entry, rank}: V8 gives a spread copy twice the room
oneCopy.clear();

/**
 * ENTRIES by their first word, each list in ENTRIES' order; those whose first word is a pattern ("piep*", "*pijn", "^",
 * "…") in ANY_FIRST. A word of the clause is tried against its own list and ANY_FIRST, merged in that order: the same
 * entry wins as when every entry is tried, a few dozen tries instead of six thousand.
 */
const BY_FIRST = new Map<string, Ranked[]>();
const ANY_FIRST: Ranked[] = [];
for (const entry of ENTRIES) {
  const [w] = entry.words as [string];
  if (w.endsWith('*') || w.startsWith('*') || w.startsWith('…') || w === '^' || w === '$') ANY_FIRST.push(entry);
  else if (BY_FIRST.has(w)) BY_FIRST.get(w)!.push(entry);
  else BY_FIRST.set(w, [entry]);
}
const NO_ENTRIES: Ranked[] = [];
const NOTHING_WRONG_SAID = new Set(NOTHING_WRONG);
const STOLEN_WORDS = new Set(['gestolen', 'gejat', 'stolen', 'nicked']);
/** Where the shop is said to be: "bij jullie", "voor de deur", "uit jullie stalling", "outside your store", "from your rack". */
const AT_THE_SHOP = new RegExp('(?:^| )(?:(?:bij|voor|uit|van|at|from|outside|in front of) (?:jullie|u|uw|your|de winkel|the shop|the store|de zaak)'
  + '|voor de deur|(?:fietsen)?stalling|fietsenrek|rek|rack|parking|parkeerplaats|outside|winkel|shop|store)(?= |$)');

const matches = (p: string, w: string) => (p.endsWith('*') ? w.startsWith(p.slice(0, -1)) : p.startsWith('*') ? w.endsWith(p.slice(1)) : w === p);

/** How many words of the clause, from i on, the phrase covers; null when it does not match there. */
function covers(phrase: readonly string[], clause: Clause, i: number): number | null {
  const [p, ...rest] = phrase;
  if (p === undefined) return 0;
  if (p === '$') return i === clause.length ? covers(rest, clause, i) : null;
  if (p === '^') return i === 0 ? covers(rest, clause, i) : null;
  // "…!" skips no negation: "ruikt … naar brand" is not "Ruikt niet meer naar brand"
  if (p === '…' || p === '…!') {
    for (const skip of [0, 1, 2]) {
      if (p === '…!' && clause.slice(i, i + skip).some(negatesHere)) break;
      const n = covers(rest, clause, i + skip);
      if (n !== null) return skip + n;
    }
    return null;
  }
  const w = clause[i];
  const n = w && matches(p, w.text) ? covers(rest, clause, i + 1) : null;
  return n === null ? null : 1 + n;
}

/** The keys beside each letter on a QWERTY keyboard: a finger that slips lands on one of them. */
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const NEAR = new Map<string, string>();
for (const [r, row] of ROWS.entries()) {
  for (const [c, key] of [...row].entries()) {
    const around = [row[c - 1], row[c + 1], ROWS[r - 1]?.[c], ROWS[r - 1]?.[c + 1], ROWS[r + 1]?.[c], ROWS[r + 1]?.[c - 1]];
    NEAR.set(key, around.filter(Boolean).join(''));
  }
}
/** Letters that sound alike at the end of a Dutch word ("kapod", "ferf"): written the one for the other. */
const SOUND_ALIKE = new Set(['dt', 'td', 'sz', 'zs', 'fv', 'vf', 'ck', 'kc', 'iy', 'yi']);
const slip = (a: string, b: string) => NEAR.get(a)?.includes(b) || SOUND_ALIKE.has(a + b);

/**
 * Whether `typed` is `word` with a typo: one letter dropped, doubled or added, or changed for a key beside it or a
 * letter that sounds alike; never the first letter, which people seldom get wrong. Not a word one letter off that is
 * another word ("kracht" for "klacht", "halen" for "balen", "gotten" for "rotten"): those are not slips of a finger.
 * `more`: also two letters swapped ("borken") and a first letter slipped to a key beside it ("lapot", "vroken"), for a
 * word customers write alone, whose slips make no other word (vocabulary.ts: SAID_ALONE).
 */
export function typo(word: string, typed: string, more: boolean): boolean {
  if (Math.abs(word.length - typed.length) > 1 || word === typed) return false;
  const same = word.length === typed.length;
  if (word[0] !== typed[0]) return more && same && word.slice(1) === typed.slice(1) && !!NEAR.get(word[0]!)?.includes(typed[0]!);
  let i = 1;
  while (i < word.length && word[i] === typed[i]) i++;
  if (same && more && word[i] === typed[i + 1] && word[i + 1] === typed[i] && word.slice(i + 2) === typed.slice(i + 2)) return true;
  if (same) return word.slice(i + 1) === typed.slice(i + 1) && slip(word[i]!, typed[i]!);
  return word.slice(i) === typed.slice(i + 1) || word.slice(i + 1) === typed.slice(i);
}

/**
 * The longest table entry that starts at clause[i] and the words it covers, or a one-letter typo of a word no lexicon
 * knows: of a complaint, else of a word customers praise with.
 */
function entryAt(clause: Clause, i: number, known: (w: string) => boolean): { entry: Entry; length: number } | undefined {
  const w = clause[i]!.text;
  const own = BY_FIRST.get(w) ?? NO_ENTRIES;
  for (let a = 0, b = 0; a < own.length || b < ANY_FIRST.length;) {
    const entry = b === ANY_FIRST.length || (a < own.length && own[a]!.rank < ANY_FIRST[b]!.rank) ? own[a++]! : ANY_FIRST[b++]!;
    const length = covers(entry.words, clause, i);
    if (length !== null) return { entry, length };
  }
  if (w.length < 4 || known(w)) return undefined;
  let misspelt = MISSPELT.get(w);
  if (misspelt === undefined) {
    if (MISSPELT.size >= MISSPELT_MAX) MISSPELT.clear();
    MISSPELT.set(w, (misspelt = misspeltEntry(w)));
  }
  return misspelt ?? undefined;
}

/**
 * A word the lexicon does not know, read as the table's one-word entry it is a typo of, or null: the whole table
 * compared with it, so each word once. Remembered by the word (it depends on nothing else), up to MISSPELT_MAX words
 * then started afresh: the reply page's 6,000 characters of one word over and over took half a second of the server.
 */
const MISSPELT = new Map<string, { entry: Entry; length: 1 } | null>();
const MISSPELT_MAX = 20_000;
function misspeltEntry(w: string): { entry: Entry; length: 1 } | null {
  // Not a word on the price: "price" is no "pricey".
  const entry = w.length >= 5 ? ENTRIES.find(({ words: [word, ...rest], category }) => !rest.length && category !== 'the price' && category !== SPARE
    && category !== SYMPTOM
    && /^\p{L}{5,}$/u.test(word!) && typo(word!, w, SAID_ALONE.has(category) && !SLIPS_TO_A_WORD.has(word!))) : undefined;
  if (entry) return { entry, length: 1 };
  const praised = PRAISED_ALONE.find((word) => typo(word, w, false));
  return praised === undefined ? null : { entry: { words: [praised], category: 'praise' }, length: 1 };
}

export interface Lexicon {
  known(word: string): boolean;
  /** The word's score in the reply's sentiment lexicon (-1 cold … 1 warm), 0 when unknown. */
  value(word: string): number;
}

/**
 * What the table finds in one clause. A complaint after a negator is praise ("geen klachten", "can't fault it"), and
 * so is what one is glad to be without right after a word of none ("geen extra kosten", "no wait", "Kosten: 0"),
 * and so is a complaint that went away ("de pijn is weg", "gestopt met piepen"), or a symptom that eases ("de pijn is een stuk minder"). A negator that denies no complaint, softens no cold word
 * ("niet slecht", "not bad") or excess ("niet te duur") and says no "not yet" ("nog niet gebruikt") makes the clause
 * a complaint: "doet het al niet meer", "trekt geen papier in", "niet tevreden". So does too much of anything.
 */
export function tableHits(clause: Clause, lexicon: Lexicon, spared = true): TableHit[] {
  const used = new Set<Word>();
  const hits = [...phrasesIn(clause, lexicon, used, spared), ...negationsIn(clause, lexicon, used), ...tooMuchIn(clause, used),
    ...emojiIn(clause)];
  return regretAside(clause, hits, lexicon);
}

/**
 * Regret that says nothing went wrong at the shop, an aside: of her own doing, with no other complaint in the clause
 * than the regret and her negation ("Helaas pas nu tijd om te antwoorden", "Jammer dat ik niet eerder kwam"), or beside
 * praise in its clause as the only complaint ("Geen klachten helaas haha", "Kan niet beter helaas"). The owner would
 * call a happy customer about nothing. Not beside anything that went wrong ("Helaas is hij kapot", "Geen verbetering
 * helaas"), nor of waiting ("helaas moest ik lang wachten"): waiting is the shop's.
 */
function regretAside(clause: Clause, hits: TableHit[], lexicon: Lexicon): TableHit[] {
  const at = clause.findIndex((w, i) => regretOfTheWhole(clause, i));
  if (at < 0) return hits;
  const regret = (h: TableHit) => h.kind === 'trouble' && REGRET.has(h.reason.split(' ')[0]!)
    && h.reason.endsWith('(domain: unhappy)');
  const negated = (h: TableHit) => h.kind === 'trouble' && h.reason.endsWith('(domain: said with a negation)');
  const trouble = hits.filter((h) => h.kind === 'trouble');
  const said = clause.map((w) => w.text);
  // of her, not of a thing ("jammer van de tijd die het kostte"): "jammer dat ik …" is hers
  const of = REGRET_OF.has(said[at + 1] ?? '');
  // nor when it says why ("want ik lag in het ziekenhuis door de fiets"): the reason may be the shop's
  const hers = !said.some((w) => REGRET_OTHERS.has(w) || REGRET_WHY.has(w)) && (!of || said[at + 1] === 'dat' || said[at + 1] === 'that')
    && (said.some((w) => REGRET_HER_DOING.has(w))
    || (said.some((w) => REGRET_HERSELF.has(w)) && said.some((w) => REGRET_HER_COMING.has(w))));
  // Beside praise as its only other word: not beside a remark, nor when it says what it is of ("jammer van de prijs",
  // "shame about the price"), nor beside the body's complaint gone or easing ("Geen pijn meer helaas" may be a slip,
  // or not: a call about nothing is cheap, a missed complaint the worst).
  const praised = !of && hits.every((h) => h.kind === 'praise' || regret(h))
    && hits.some((h) => h.kind === 'praise'
      && !/\(domain: (skin or body|a symptom gone)\)$|, (gone|easing|stopped) \(/.test(h.reason));
  // of her own doing, none of the clause's cold words counts (its warm ones do: "tijd om te reageren alles top");
  // beside praise, only the regret's words
  const settled = hers && trouble.every((h) => regret(h) || negated(h))
    ? clause.filter((w) => lexicon.value(w.text) <= 0)
    : trouble.length > 0 && praised ? clause.filter((w) => REGRET.has(w.text)) : undefined;
  if (!settled) return hits;
  const aside = (of: string): TableHit => ({ kind: 'aside', reason: `${of}, her own regret (domain: an aside)`,
    settled });
  // with no complaint found ("Sadly I only now have time to reply"), an aside all the same: "sadly" is no cold word
  if (trouble.length === 0) return [...hits, aside(said[at]!)];
  return hits.map((h) => (trouble.includes(h) ? aside(h.reason.replace(/ \(domain: [^)]*\)$/, '')) : h));
}

/**
 * The table's phrases in the clause; the words they account for, and the negators that deny them, go into `used`.
 * Not `spared`: what one is glad to be without, denied, is an ordinary word (good news asked back: reader.ts).
 */
function phrasesIn(clause: Clause, lexicon: Lexicon, used: Set<Word>, spared: boolean): TableHit[] {
  const found: TableHit[] = [];
  for (let i = 0; i < clause.length; ) {
    // A word that said an earlier complaint went away ("het piepen is gestopt", "de pijn is weg") is not a complaint
    // itself, nor part of one ("is weg").
    const at = used.has(clause[i]!) ? undefined : entryAt(clause, i, lexicon.known);
    if (!at || clause.slice(i, i + at.length).some((w) => used.has(w))) { i++; continue; }
    const { entry: { category, words: phrase }, length } = at;
    const words = clause.slice(i, i + length);
    const text = words.map((w) => w.text).join(' ');
    words.forEach((w) => used.add(w));
    const stopped = category === 'stopped working' ? stoppedAfter(clause, i + length, lexicon.known) : undefined;
    if (category === 'not sure') {
      found.push({ kind: 'unsure', reason: `${text} (domain: not sure)` });
    } else if (category === STILL) {
      if (!words[0]!.negated) found.push({ kind: 'persists', reason: `${text} (domain: ${category})` });
    } else if (category === SYMPTOM) {
      // gone, or none any more: good news; else an ordinary word (none given or worked is a thing broken: noneAny)
      const none = NONE_IS_GOOD.has(text) ? noneAny(clause, i, i + length, used) : undefined;
      const broken = clause.some((w) => OUTPUT_VERBS.has(w.text) || WORKING_VERBS.has(w.text));
      if (none) found.push({ kind: 'praise', reason: `${none.map((w) => w.text).join(' ')} (domain: a symptom gone)`, settled: none });
      else if (!broken && goneAfter(clause, i + length, used)) found.push({ kind: 'praise', reason: `${text}, gone (domain: a symptom gone)`, settled: words });
    } else if (category === SPARE) {
      // Good news when it says so itself ("kostte niks") or a word of none denies it ("geen extra kosten"), else an
      // ordinary word. Its words then say nothing warm or cold: "geen extra kosten" is no "extra" denied.
      // Denied and followed by a word that does not keep it good news ("geen kosten terugbetaald", "no delay
      // compensation"), or asked back before a complaint (reader.ts), it is what the customer did not get; so are
      // costs denied that its clause says were paid back ("Geen kosten van de reparatie vergoed").
      const none = phrase.some(isNegator) ? i : noneBefore(clause, i);
      const good = none !== undefined && spared && (none === i || keeps(clause[i + length - 1]!, clause[i + length]));
      const back = good ? paidBack(clause, none, i + length) : undefined;
      if (back) {
        const said = clause.slice(none, i + length);
        const words = [back.before, said, back.after];
        words.flat().forEach((w) => used.add(w));
        const told = words.map((ws) => ws.map((w) => w.text).join(' ')).filter(Boolean).join(' … ');
        found.push({ kind: 'trouble', reason: `${told}, not paid back (domain: return or refund)` });
      } else if (good) {
        const said = clause.slice(none, i + length);
        said.forEach((w) => used.add(w));
        found.push({ kind: 'praise', reason: `${said.map((w) => w.text).join(' ')} (domain: ${category})`, settled: said });
      } else if (none !== undefined) {
        const said = clause.slice(none, i + length + 1);
        said.forEach((w) => used.add(w));
        found.push({ kind: 'trouble', reason: `${said.map((w) => w.text).join(' ')} (domain: said with a negation)` });
      }
    } else if (category === 'not trouble') {
      // ordinary words after all
    } else if (category === 'an aside' && words.some((w) => STOLEN_WORDS.has(w.text)) && AT_THE_SHOP.test(clause.map((w) => w.text).join(' '))) {
      // the previous one stolen at the shop ("mijn vorige fiets is gestolen bij jullie voor de deur"): a complaint
      found.push({ kind: 'trouble', reason: `${text}, at the shop (domain: wrong or missing)` });
    } else if (category === 'an aside') {
      found.push({ kind: 'aside', reason: `${text} (domain: an aside)`, settled: words });
    } else if (category === 'the price' && !(words[0]!.negated && !phrase.some(isNegator))) {
      found.push({ kind: 'remark', reason: `${text} (domain: ${category})` });
    } else if (category === 'praise' && NOTHING_WRONG_SAID.has(text) && clause.some((w) => SAID_BY_OTHERS.has(w.text))) {
      // nothing wrong, as someone else said it ("Niks aan de hand zei de monteur"): the customer may not agree
      found.push({ kind: 'trouble', reason: `${text}, said by someone else (domain: said with a negation)` });
    } else if (category === 'praise') {
      const denied = words[0]!.negated && !phrase.some(isNegator);
      // its words say nothing cold besides ("Graag blijven sturen": Pattern finds "sturen" cold)
      found.push(denied ? { kind: 'trouble', reason: `${text}, denied (domain: praise)` } : { kind: 'praise', reason: `${text} (domain: praise)`, settled: words });
      if (denied) used.add(clause.slice(0, i).reverse().find(negatesHere)!);
    } else if (category === 'return or refund' && noneBefore(clause, i) !== undefined && !clause.slice(i + length).some((w) => NOT_NEEDED.has(w.text))) {
      // a refund or a return refused ("no refund", "geen geld terug", "geen omruilen mogelijk"), not one not needed
      found.push({ kind: 'trouble', reason: `${text}, refused (domain: ${category})` });
      used.add(clause[noneBefore(clause, i)!]!);
    } else if (category === 'return or refund' && !phrase.some(isNegator) && words[0]!.negated
      && clause.some((w) => REFUND_GETTING.has(w.text))
      && !NONE.has(clause.slice(0, i).reverse().find(negatesHere)!.text)) {
      // a refund she has not got ("I still haven't got my refund", "Haven't received my money back"): what the shop
      // owes her, a complaint; not good news as a return denied is ("Didn't have to send it back"); a word of none
      // denies something else ("geen kosten, kreeg zelfs geld terug")
      found.push({ kind: 'trouble', reason: `${text}, not got (domain: ${category})` });
      used.add(clause.slice(0, i).reverse().find(negatesHere)!);
    } else if (category === 'return or refund' && !words[0]!.negated && (clause.some((w) => REFUND_GOT.has(w.text))
      || (clause.some((w) => REFUND_THANKS.has(w.text)) && clause.slice(Math.max(0, i - 3), i).some((w) => w.text === 'for' || w.text === 'voor')))) {
      // a refund she got ("Refund received, thanks!", "Geld terug gekregen", "Thanks for the refund"): the return is
      // done, no complaint
      found.push({ kind: 'aside', reason: `${text}, got (domain: an aside)`, settled: words });
    } else if (words[0]!.negated && !phrase.some(isNegator) && !regretOfTheWhole(clause, i)) {
      found.push({ kind: 'praise', reason: `${text}, denied (domain: ${category})` });
      used.add(clause.slice(0, i).reverse().find(negatesHere)!);
    } else if (REGRET.has(words[0]!.text) && notYetUsed(clause)) {
      // sorry it is not yet used ("Nog niet gebruikt helaas", "Helaas nog geen tijd gehad"): nothing to alert on
      found.push({ kind: 'unsure', reason: `${text}, of not yet used (domain: not yet)` });
    } else if (stopped) {
      stopped.words.forEach((w) => used.add(w));
      found.push({ kind: 'praise', reason: `${stopped.words.map((w) => w.text).join(' ')}, stopped (domain: ${stopped.category})`, settled: stopped.words });
    } else if (goneAfter(clause, i + length, used)) {
      found.push({ kind: 'praise', reason: `${text}, gone (domain: ${category})`, settled: words });
    } else if (category === 'skin or body' && !NOT_EASING.has(text) && easingAfter(clause, i + length, used)) {
      found.push({ kind: 'praise', reason: `${text}, easing (domain: ${category})`, settled: words, symptom: `${text} (domain: ${category})` });
    } else {
      found.push({ kind: 'trouble', reason: `${text} (domain: ${category})` });
    }
    i += length;
  }
  return found;
}

/**
 * Whether the regret at clause[i] is said of the whole: no negator right before denies it (vocabulary.ts: REGRET), and
 * none denies "helaas", "sadly", "jammer genoeg" ("Nog niet helaas" is not yet, sadly).
 */
function regretOfTheWhole(clause: Clause, i: number): boolean {
  if (!REGRET.has(clause[i]!.text)) return false;
  if (REGRET_UNDENIED.has(clause[i]!.text) || clause[i + 1]?.text === 'genoeg') return true;
  let k = i - 1;
  while (k > 0 && REGRET_HOW_MUCH.has(clause[k]!.text)) k--;
  return k < 0 || !negatesHere(clause[k]!);
}

/**
 * Where the word of none stands that denies what one is glad to be without at clause[i] ("geen kosten", "geen extra
 * kosten", "0 wachttijd" as text.ts reads "Wachttijd: 0"); undefined when none does, right before it.
 */
function noneBefore(clause: Clause, i: number): number | undefined {
  let k = i - 1;
  while (k >= 0 && SPARED_MORE.has(clause[k]!.text) && !SPARED_MORE_NOT.get(clause[i]!.text)?.has(clause[k]!.text)) k--;
  const w = clause[k];
  return w && NONE.has(w.text) && negatesHere(w) ? k : undefined;
}

/**
 * Whether the word after what one is glad to be without (`what`, its last word) keeps it good news when a word of none
 * denies it: none (the clause ends), one of SPARED_KEPT ("geen kosten gehad", "no wait at all"), an emoji ("Geen kosten
 * 👍"), or after costs or damage a word that says why ("Geen kosten want alles werd vergoed": REASONS); not another word,
 * which says what the customer did not get ("geen kosten terugbetaald", "Ze deden geen moeite want het was druk").
 */
const keeps = (what: Word, next: Word | undefined): boolean => next === undefined || SPARED_KEPT.has(next.text) || isEmoji(next.text)
  || (PAID_BACK_WHAT.has(what.text) && REASONS.has(next.text));

/** How many words one of the phrases covers from clause[k] on; 0 when none matches there. */
const phraseAt = (phrases: string[][], clause: Clause, k: number): number => Math.max(0, ...phrases.map((p) => covers(p, clause, k) ?? 0));
const PAID_BACK_PHRASES = PAID_BACK.map((p) => p.split(' '));
const SPLIT_PHRASES = PAID_BACK_SPLIT.map((p) => p.split(' '));
const payer = (w: Word | undefined): boolean => !!w && PAYERS.some((p) => matches(p, w.text));
/** Who pays, named: a pronoun ("ze", "they"), a payer ("de verzekering") or the shop ("de winkel"). */
const names = (w: Word | undefined): boolean => !!w && (SUBJECTS.has(w.text) || payer(w) || PAYING_SHOPS.some((p) => matches(p, w.text)));

/**
 * The words that say costs or damage denied at clause[none] up to `end` were paid back after all: after it ("Geen
 * kosten van de reparatie vergoed"), or before it, who pays named ("Ze vergoedden geen kosten", "vergoeden ze geen
 * kosten"), with "terug" at the clause's end for a verb that needs it ("Ze betalen geen kosten terug"): undefined when
 * none do (vocabulary.ts: PAID_BACK).
 */
function paidBack(clause: Clause, none: number, end: number): { before: Word[]; after: Word[] } | undefined {
  if (!PAID_BACK_WHAT.has(clause[end - 1]!.text) || WITHOUT.has(clause[none]!.text)) return undefined;
  let terug = false;
  for (let k = end; k < clause.length; k++) {
    const w = clause[k]!;
    // what says why, a new sentence ("geen kosten gehad de verzekering vergoedde het") or who paid ends the search
    if (PAID_BACK_NOT_AFTER.has(w.text) || (payer(w) && !costsOf(clause, k)) || (NEW_SUBJECTS.has(w.text) && !PAID_BACK_HELPING.has(clause[k - 1]!.text))) break;
    const n = phraseAt(PAID_BACK_PHRASES, clause, k);
    if (n && PAID_BY.has(clause[k + n]?.text ?? '')) break;
    if (n) return { before: [], after: clause.slice(k, k + n) };
    terug = k === clause.length - 1 && w.text === 'terug';
  }
  let k = none - 1;
  while (k >= 0 && PAID_BACK_BETWEEN.has(clause[k]!.text)) k--;
  const verbs = terug ? [PAID_BACK_PHRASES, SPLIT_PHRASES] : [PAID_BACK_PHRASES];
  /** Where the verb that ends right before clause[e] starts; undefined when no verb ends there. */
  const verbTo = (e: number) => [e - 1, e - 2].find((v) => v >= 0 && verbs.some((ps) => phraseAt(ps, clause, v) === e - v));
  const found = (v: number, e: number) =>
    ({ before: clause.slice(v, e), after: phraseAt(PAID_BACK_PHRASES, clause, v) === e - v ? [] : clause.slice(-1) });
  // who pays right after the verb: "vergoeden ze geen kosten", "vergoedt de verzekering geen kosten"
  for (const e of SUBJECTS.has(clause[k]?.text ?? '') ? [k] : names(clause[k]) ? [k, k - 1] : []) {
    const v = verbTo(e);
    if (v !== undefined) return found(v, e);
  }
  // or right before it: "Ze vergoedden geen kosten", "They still refunded me no costs"; a verb with nobody named is
  // what was paid back, the costs after it good news ("alles vergoed geen kosten", "Fully refunded no costs")
  const v = verbTo(k + 1);
  if (v === undefined) return undefined;
  let j = v - 1;
  while (j >= 0 && PAID_BACK_BETWEEN.has(clause[j]!.text)) j--;
  const noun = j > 0 && DETERMINERS.has(clause[j - 1]!.text) && !PAID_BACK_DONE.test(clause[v]!.text);
  return names(clause[j]) || noun ? found(v, k + 1) : undefined;
}

/** Whether the word at clause[k] follows "van de" (or "of the"): what the costs were of, not who paid. */
const costsOf = (clause: Clause, k: number): boolean => k >= 2 && DETERMINERS.has(clause[k - 1]!.text) && ['van', 'of'].includes(clause[k - 2]!.text);

/** The table's kinds of trouble, which a complaint is of. */
const COMPLAINTS = new Set(Object.keys(TROUBLE).filter((k) => k !== 'not trouble' && k !== 'not sure'));

/**
 * The complaint right after a stop ("stopped squeaking", "gestopt met jeuken", "houdt op met piepen"), and its kind:
 * that complaint went away, and the stop is no complaint of its own.
 */
const PAST_STOP = new Set(['stopped', 'gestopt', 'opgehouden']);
function stoppedAfter(clause: Clause, from: number, known: (w: string) => boolean): { words: Word[]; category: string } | undefined {
  let at = ['met', 'with'].includes(clause[from]?.text ?? '') ? from + 1 : from;
  // "it stopped that rattling"; not "Soms stopt het piepen", "stopt het tikken als …", which say when it is there
  if (POINTING.has(clause[at]?.text ?? '') && PAST_STOP.has(clause[from - 1]?.text ?? '')) at++;
  const next = at < clause.length ? entryAt(clause, at, known) : undefined;
  if (!next || !COMPLAINTS.has(next.entry.category) || next.entry.category === 'stopped working') return undefined;
  return { words: clause.slice(at, at + next.length), category: next.entry.category };
}

/**
 * Whether the complaint before `from` went away: a word that says so after it in the clause ("weg", "gestopt"), or "no
 * more" ("lekt niet meer", "doesn't squeak anymore"). Those words go into `used`: they say nothing else.
 */
function goneAfter(clause: Clause, from: number, used: Set<Word>): boolean {
  const after = clause.slice(from);
  // Not "nog niet weg": a complaint that has not gone is still there.
  const gone = after.find((w) => GONE.has(w.text) && !w.negated);
  const k = after.findIndex((w, j) => negatesHere(w) && (after[j + 1]?.text === 'meer' || after[j + 1]?.text === 'anymore'));
  const said = gone ? [gone] : k >= 0 ? after.slice(k, k + 2) : [];
  said.forEach((w) => used.add(w));
  return said.length > 0;
}

/**
 * The words that say none of the symptom at clause[i] is left: a word of none right before it (one word may stand
 * between: "geen rare geluiden meer") and "meer"/"anymore" after it in the clause, or "no more" before it ("Hij maakt
 * geen geluid meer", "no more warning lights"); they go into `used`. Undefined when the clause gives or works none
 * ("De radio geeft geen geluid meer", "de lampjes doen het niet meer"): that is a thing broken.
 */
function noneAny(clause: Clause, i: number, end: number, used: Set<Word>): Word[] | undefined {
  if (clause.some((w) => OUTPUT_VERBS.has(w.text) || WORKING_VERBS.has(w.text))) return undefined;
  const k = [i - 1, i - 2].find((j) => j >= 0 && NONE.has(clause[j]!.text) && negatesHere(clause[j]!) && !used.has(clause[j]!));
  if (k === undefined) return undefined;
  const more = clause[k + 1]?.text === 'more' ? k + 1 : clause.findIndex((w, j) => j >= end && (w.text === 'meer' || w.text === 'anymore'));
  if (more < 0) return undefined;
  const said = clause.slice(k, Math.max(end, more + 1));
  said.forEach((w) => used.add(w));
  return said;
}

/** Whether the symptom before `from` eases: "minder", "beter", "bijna over" after it in the clause, not denied. */
function easingAfter(clause: Clause, from: number, used: Set<Word>): boolean {
  const eases = clause.slice(from).find((w, j, after) => !w.negated && !NOT_EASED_BY.has(after[j - 1]?.text ?? '')
    && (EASING.has(w.text) || (EASING_AT_THE_END.has(w.text) && j === after.length - 1)));
  if (eases) used.add(eases);
  return eases !== undefined;
}

const STOP_WORDS = new Set([...OPT_OUT, ...OPT_OUT_IN_A_SENTENCE]);

/**
 * The clause's negators that no phrase accounts for: "not yet" (trouble when of a result: resultNotYet), a softened
 * cold word or excess, or else trouble.
 */
function negationsIn(clause: Clause, lexicon: Lexicon, used: Set<Word>): TableHit[] {
  return clause.flatMap((w, i): TableHit[] => {
    if (!negatesHere(w) || used.has(w)) return [];
    const before = clause[i - 1]?.text ?? '';
    if (YET.has(before) || clause.slice(i).some((v) => YET.has(v.text))) {
      const quite = NOT_YET_QUITE.has(clause[i + 1]?.text ?? '');
      const result = quite || clause.some((v) => NEVER.has(v.text)) ? undefined : resultNotYet(clause);
      const said = `${before === 'nog' ? 'nog ' : ''}${w.text} …`;
      return [result ? { kind: 'trouble', reason: `${said} ${result} (domain: not helped yet)` }
        : { kind: 'unsure', reason: `${said} (domain: not yet)` }];
    }
    if (TOO.has(clause[i + 1]?.text ?? '')) {
      used.add(clause[i + 1]!);
      return [];
    }
    // regret is no cold word a negator softens: "No improvement sadly"
    const cold = (v: Word, j: number) => lexicon.value(v.text) < 0 && !regretOfTheWhole(clause, i + 1 + j);
    if (clause.slice(i + 1, i + 3).some(cold)) return [];
    // "Niet stoppen (hoor)", "Don't stop": the customer wants the messages, which is no complaint.
    if (i === 0 && STOP_WORDS.has(clause[1]?.text ?? '')) return [];
    const verb = clause.find((v) => WORKING_VERBS.has(v.text));
    const said = clause.slice(i, i + 3).map((v) => v.text).join(' ');
    return [{ kind: 'trouble', reason: verb ? `${verb.text} … ${w.text} (domain: does not work)` : `${said} (domain: said with a negation)` }];
  });
}

/**
 * What a "not yet" says has not come of the purchase ("Het helpt nog niet", "nog geen verbetering", "pain not gone
 * yet"): a complaint; undefined when the clause says it is the using or the knowing that is not yet ("nog niet
 * gebruikt", "weet nog niet of het helpt"). A long word also typed with a slip ("verbetring").
 */
function resultNotYet(clause: Clause): string | undefined {
  if (clause.some((w) => NOT_YET_USED.has(w.text))) return undefined;
  if (clause.some((w) => BETTER.has(w.text)) && clause.some((w) => BETTER_HAD.has(w.text))) return undefined;
  const words = clause.map((w) => w.text);
  while (words.length > 1 && YET.has(words.at(-1)!)) words.pop();
  // money not yet back ("Ik heb mijn geld nog niet terug", "Money not back yet"): what the shop owes her
  if (['terug', 'back'].includes(words.at(-1)!) && words.some((w) => REFUND_WHAT.has(w))) return words.at(-1);
  const result = words.find((w, k) => RESULTS.has(w) || (RESULTS_AT_THE_END.has(w) && k === words.length - 1)
    || (w.length >= 8 && LONG_RESULTS.some((r) => typo(r, w, false))));
  // her own answer, or she not ready, when she says it is hers and names no one else nor her mail ("Haven't replied
  // yet", "Nog niet gereageerd omdat ik het druk had", "I can't answer yet", "Ik ben nog niet klaar"): no complaint
  const hers = words.some((w) => NOT_YET_HERS.has(w)) || /^(?:haven'?t|have not|hadn'?t)$/.test(words[0] ?? '');
  if (result && NOT_YET_HER_DOING.has(result) && hers
    && !words.some((w) => REGRET_OTHERS.has(w) || w === 'mijn' || w === 'my')) return undefined;
  return result;
}
const LONG_RESULTS = [...RESULTS].filter((r) => r.length >= 8);

/** Whether the clause says not yet used or tried, and no result not yet ("Nog niet gebruikt", "nog geen tijd"). */
function notYetUsed(clause: Clause): boolean {
  const yet = clause.some((w, i) => negatesHere(w)
    && (YET.has(clause[i - 1]?.text ?? '') || clause.slice(i).some((v) => YET.has(v.text))));
  return yet && clause.some((w) => NOT_YET_USED.has(w.text)) && resultNotYet(clause) === undefined;
}

/** "te zwak", "way too loud": too much of something no phrase named; "te", "zu" before a verb ("te zeggen", "zu empfehlen") only say "to". */
function tooMuchIn(clause: Clause, used: Set<Word>): TableHit[] {
  return clause.flatMap((w, i): TableHit[] => {
    const next = clause[i + 1]?.text;
    if (!TOO.has(w.text) || used.has(w) || next === undefined || NOT_TOO_MUCH.has(next)) return [];
    if ((w.text === 'te' || w.text === 'zu') && next.endsWith('en')) return [];
    return [{ kind: 'trouble', reason: `${w.text} ${next} (domain: too much)` }];
  });
}

/** The emoji in the clause that the table reads. */
function emojiIn(clause: Clause): TableHit[] {
  return clause.filter((w) => isEmoji(w.text)).flatMap((w) =>
    (['praise', 'trouble', 'unsure'] as const).filter((kind) => EMOJI[kind].has(w.text)).map((kind) => ({ kind, reason: `${w.text} (emoji)` })));
}
