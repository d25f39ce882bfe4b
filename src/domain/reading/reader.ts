// The reader: what a reply is about, and the words that decided it. It gathers three kinds of evidence (the domain
// table, the sentiment lexicons, the network trained on labelled replies) and decides in this order, because
// missing a complaint is the worst mistake and a needless look is cheap:
//   1. trouble in the domain table (or a negation nothing explains), or a poor score ("Service: 0", "2/5") → problem
//   2. a question, a request to be called, or to hear no more ("unsubscribe me"), or not to send the goods ("Don't send
//      it, I'll pick it up"), or not reading the message's language ("I don't speak Dutch") → question
//   3. "not sure yet" (a phrase, or an emoji like 🤔)                      → other
//   4. a bare "yes" or "no" ("nee hoor"): the check-in asked "Bevalt het?" / "Happy with it?" → positive / problem
//      (a bare "no" to the come-back invitation, before anything else, declines it → other: no complaint, no call promised;
//      so does a reply saying only "not now" in a few more words: "Nee dank je", "Nu even niet", "Maybe later")
//   5. written in a language it does not read ("La veste est déchirée"): what the network and the lexicons make of
//      its words is noise                                                  → other (the owner is alerted: read it)
//   6. something still had ("Still got heartburn", "heb nog steeds …") and nothing in the reply good news → problem
//   7. the network reads a problem (near-certain, when the table finds praise), or the lexicon reads it, or one clause
//      of it, cold                                                         → problem
//   8. clearly happy: praise in the table, a good score ("10/10"), a warm lexicon, or the network reads it happy, and
//      nothing set against it after a "maar"/"but" ("Goed, maar de kleur is anders") nor a remark on the price or a
//      middling score beside it ("prima, wel duur", "prima, een 6": the owner reads that, without an alert) → positive;
//      but the network alone is not enough: what it reads happy must say some good news in its own words (praise, a
//      good score, a warm word, "thanks", a thing that works), else → other ("Ik voel me slechter": it learned "voel me"
//      from "Voel me al een stuk beter")
//   9. anything else                                                       → other (the owner reads it, without an alert)
import type { Reading } from './corpus.js';
import type { Guess, Model } from './model.js';
import { noCommonTongue, otherLanguage } from './language.js';
import { asking } from './question.js';
import { declines } from './decline.js';
import { type Lang, knownWord, language, lexiconValue, sentiment } from './sentiment.js';
import { type Score, scoreIn } from './score.js';
import { goodsClauses, mayAskToStop, stopClauses, unclearStop } from './stop.js';
import { type Lexicon, type TableHit, tableHits } from './table.js';
import {
  type Clause, type Word, clauses, closesAround, exceptedFirst, exceptionOpener, fold, hasQuestionMark, isNegator, JOINED, negatesHere,
  NOBODY_FIRST, noneSo, onlyTheShop, opensWithConjunction, opensWithContrast, opensWithUntil, saysBesides,
} from './text.js';
import { GONE, NOTHING_WRONG, SLIPS, WORKS, WORKS_AFTER } from './vocabulary.js';

/**
 * How sure the network must be before its reading counts (its share of the scores, 0 to 1), and how warm or cold
 * the lexicon must find a reply (the sum of its words' scores) before that counts on its own. Chosen by 5-fold
 * cross-validation on train.tsv; the figures hardly move between 0.3 and 0.7.
 */
const SURE = { problem: 0.3, positive: 0.5 };
/**
 * How sure the network must be of a problem when the table finds praise (a saying like "loopt als een trein", a
 * denied complaint, a thumbs-up): its words ("auto", "zitten", "stuk") also stand in complaints it learned from, so
 * below this it only echoes them. Cross-validation on train.tsv: fewer happy replies raised, no complaint missed.
 */
const SURE_DESPITE_PRAISE = 0.95;
const WARM = 0.3;
const COLD = -0.5;
/** A clause this cold is a complaint, whatever praise stands beside it (a clearly cold word: "ugly", "lelijk"). */
const COLD_CLAUSE = -0.4;

/** A reply of one of these words alone answers the check-in's question. */
const ANSWERS: Record<string, 'yes' | 'no'> = {
  ja: 'yes', jazeker: 'yes', jep: 'yes', yes: 'yes', yep: 'yes', yeah: 'yes', yup: 'yes',
  nee: 'no', neen: 'no', no: 'no', nope: 'no', nah: 'no',
};
/**
 * Such an answer typed long ("Yess", "Jaaa", "Neee", "Nooo"): its letters said once, or at most twice, as the word is
 * spelt. The network alone read "Yess" happy, which no longer makes a reply positive.
 */
function answerOf(word: string): 'yes' | 'no' | null {
  const spelt = [word, word.replace(/(\p{L})\1+/gu, '$1'), word.replace(/(\p{L})\1{2,}/gu, '$1$1')].find((w) => Object.hasOwn(ANSWERS, w));
  return spelt === undefined ? null : ANSWERS[spelt]!;
}
/** Words that only soften such an answer: "nee hoor", "nee joh", "ja hoor". */
const SOFTENERS = new Set(['hoor', 'joh', 'he']);

export interface Evidence {
  lang: Lang;
  /** The language it is written in when the reader does not read it ("fr", "und"); language.ts. */
  foreign: string | null;
  answers: 'yes' | 'no' | null;
  /** The words of a reply that says only "not now" ("nee dank je", "maybe later"): decline.ts. */
  declines: string | null;
  table: TableHit[];
  asks: string | null;
  /** A word asking to hear no more from the shop ("stop", "afmelden"): only a person can read what the customer wants. */
  stops: string | null;
  sentiment: { score: number; coldest: number; warmest: number; words: string[] };
  guess: Guess | null;
  /**
   * A thing said to work, or a trouble said gone, in a clause with no negator ("werkt", "doet het weer", "all working",
   * "is weg"): vocabulary.ts, WORKS.
   */
  works: string | null;
  /**
   * What follows the last "maar"/"but"/"alleen" (or "tot gisteren", "… though": text.ts), whether it is warm itself,
   * and whether it only remarks on the price ("goed maar wel duur"); null when nothing is set against the rest.
   */
  contrast: { text: string; warm: boolean; price: boolean; cold: boolean } | null;
  /** The lowest score the reply gives ("8/10", "Cijfer: 1", "4 sterren"); score.ts. */
  score: Score | null;
}

export interface Explained {
  class: Reading;
  /** The evidence that decided, most decisive first. */
  because: string[];
  /**
   * The words say only that something was a slip ("sorry verkeerde knop", "mis geklikt", "Oops"): read as "other",
   * they take back nothing said before (the slip may be the tap beside a complaint: db/replies.ts answerOnPage).
   */
  slip?: true;
}

/** A word the lexicon finds clearly warm: "top" 0.6, "prima" 0.7, "goed" and "fijn" 0.5 (not "betalen" 0.4). */
const WARM_WORD = 0.5;

/**
 * What excepts something from nothing wrong or missing: "behalve de sleutel", "op de sleutel na", "except the charger";
 * not what was said before ("Nothing wrong with it. Apart from that, great service").
 */
const excepts = (words: string[]): boolean => {
  const opens = exceptionOpener(words);
  return opens > 0 ? !(words.length === opens + 1 && THAT.has(words[opens]!)) : closesAround(words);
};
/** What was said before, set apart: "apart from that", "behalve dat". */
const saidBefore = (words: string[]): boolean => {
  const opens = exceptionOpener(words);
  return opens > 0 && opens < words.length && SAID_THAT.test(words[opens]!);
};
/** What was said before, all the exception names: "apart from that". */
const THAT = new Set(['that', 'this', 'dat', 'dit']);
/** What was said before, opening what the exception names: "apart from that all good", "behalve dat het top is". */
const SAID_THAT = /^(?:that|this|dat|dit)\b/;
/**
 * So does a thing named after "wel", "enkel", "just" or "only", and nothing said of it ("Ik mis niks. Wel de
 * sleutel", "Niks mis, wel de bel", "Ik mis niks. Enkel de sleutel", "Nothing missing. Just the key"): the thing
 * missing or wrong. Not one praised or remarked on ("wel een aanrader", "wel de goede"), nor words that say more ("wel
 * even wennen", "wel een beetje duur").
 */
const EXCEPT_BUT = /^(?:wel|enkel|just|only) (?:de|het|een|mijn|m'n|mn|die|dat|deze|dit|the|my|a|an|that|this) \S+(?: \S+)?$/;
/**
 * Thanks named after "wel", "enkel", "just": no exception ("Niks aan de hand. Enkel een bedankje"); nor a question
 * ("nothing missing just a question", "Ik mis niks. Wel een vraag"), which is hers to ask: a question for the owner.
 */
const THANKS = /^(?:(?:be)?dank|thank|compliment|vraag|question)/;
/** Thanks or praise said as the thing excepted: no thing that was wrong (contrastOf). */
const THANKED = /^(?:(?:be)?dank|thank|merci|compliment)/;
/**
 * A tip named so ("Niks mis, wel een tip", "nothing wrong just a tip", "Ik mis niks, wel een suggestie"): no thing
 * missing or wrong either, nor a question, but words for the owner to read, without an alert (a remark, as on the
 * price). It read as a complaint: "Dank je, wat vervelend" back, and a call about nothing.
 */
const TIP = new Set(['tip', 'tips', 'tipje', 'tipjes', 'suggestie', 'suggesties', 'suggestion', 'suggestions', 'idee', 'ideetje', 'idea',
  'advies', 'advice', 'opmerking', 'opmerkinkje', 'remark', 'comment', 'observation', 'opinion', 'afterthought', 'fyi']);
const tipIn = (c: Clause): TableHit[] => {
  const said = c.map((w) => w.text).join(' ');
  return EXCEPT_BUT.test(said) && TIP.has(c.at(-1)!.text) ? [{ kind: 'remark', reason: `${said} (a tip for the owner)` }] : [];
};
const NOTHING_WRONG_SAID = new Set(NOTHING_WRONG);
/**
 * The price named as what is excepted ("alles prima, behalve de prijs"), or said of it ("Behalve duur is hij goed",
 * "apart from being pricey it's great"): a word on the price, read without alert, as "goed maar wel duur" is.
 */
const PRICE_NAMED = new Set(['prijs', 'prijzen', 'kosten', 'price', 'prices', 'cost', 'costs', 'duur', 'dure', 'prijzig', 'prijzige', 'expensive',
  'pricey', 'pricy']);
/**
 * The weather alone excepted ("alles top, behalve het weer", "Behalve dat het regende was alles top", "alles top op
 * het weer na", "Except for the weather everything was great"): no doing of the shop's, and no bad news for it to
 * call about; praise, read as if nothing were excepted. Not a thing of the shop's beside it ("behalve het weer en de
 * remmen"), nor "weer" as "again" ("behalve dat het weer kapot is").
 */
const WEATHER = new Set(['het weer', 'het slechte weer', 'het natte weer', 'de regen', 'dat het regende', 'dat het regent',
  'dat het zo regende', 'the weather', 'the bad weather', 'the wet weather', 'the rain', 'that it rained', 'that it was raining']);
const weatherOnly = (parts: Clause[], k: number): boolean => {
  const said = parts[k]!.map((w) => w.text);
  const opens = exceptionOpener(said);
  return WEATHER.has((opens ? said.slice(opens) : closesAround(said) ? said.slice(1, -1) : []).join(' '))
    && !JOINED.has(parts[k + 1]?.[0]?.text ?? '');
};
/**
 * A good quality named after "behalve", "apart from" ("Behalve goedkoop is hij heel goed", "Apart from being quick
 * they were really friendly", "Behalve dat hij snel is, is hij ook mooi"): "besides", no exception; the quality is
 * praise. Read as an exception said first, they alerted the owner, or asked a question. A quality the lexicon finds
 * clearly warm ("mooi", "snel"), or one of these, which it finds cold ("goedkoop": poor) or does not know; after
 * "being" or "dat hij", any it finds warm ("friendly"). Not a thing named ("behalve de service", "apart from support").
 */
const GOOD_QUALITIES = new Set(['goedkoop', 'voordelig', 'betaalbaar', 'snel', 'vlot', 'vriendelijk', 'behulpzaam', 'cheap', 'affordable',
  'quick', 'fast', 'friendly', 'helpful']);
/** What says a quality of someone after "besides" ("apart from being quick", "behalve dat hij snel is"). */
const BEING = new Set(['being', 'zijn']);
/** Who has the quality ("dat hij snel is"), or opens the praise after it ("Behalve goedkoop is hij …", "they were"). */
const WHO = new Set(['hij', 'het', 'ze', 'zij', 'jullie', 'u', 'je', 'it', 'they', 'he', 'she', 'you']);
/** How much of the quality: "behalve super vriendelijk", "apart from being really quick". */
const HOW_MUCH = new Set(['heel', 'erg', 'zo', 'zeer', 'super', 'echt', 'best', 'lekker', 'ook', 'very', 'really', 'so', 'quite', 'pretty',
  'also']);
/** The verb that ends "dat hij snel is", or opens the praise after the quality, Dutch fashion ("is hij heel goed"). */
const IS = new Set(['is', 'was', 'zijn', 'waren', 'are', 'were']);
/** The words of a good quality named after what opens an exception, the whole clause or its first words; else null. */
function goodNamed(c: Clause, lexicon: Lexicon): Word[] | null {
  const said = c.map((w) => w.text);
  const opens = exceptionOpener(said);
  if (!opens) return null;
  const of = BEING.has(said[opens]!) ? 1 : THAT.has(said[opens]!) && WHO.has(said[opens + 1]!) ? 2 : 0;
  const good = (w: Word) => !w.negated && (GOOD_QUALITIES.has(w.text) || lexicon.value(w.text) >= (of ? WARM : WARM_WORD));
  let j = opens + of;
  let named = 0;
  for (; j < c.length; j++) {
    if (good(c[j]!)) named++;
    else if (!HOW_MUCH.has(said[j]!) && !(named && JOINED.has(said[j]!))) break;
  }
  if (!named || JOINED.has(said[j - 1]!)) return null;
  // "dat hij snel is": its verb ends it; else what follows opens the praise: a verb, a subject, or nothing
  if (of === 2 && IS.has(said[j] ?? '')) j++;
  const follows = IS.has(said[j]!) || WHO.has(said[j]!) || FOLLOWS.has(said[j]!) || theThingIs(said, j);
  return j === c.length || follows ? c.slice(0, j) : null;
}
/**
 * A thing and its verb after the quality ("Except for being friendly the service was slow", "Apart from being quick
 * the staff were rude"): what the praise, or the complaint, is said of. Read as an exception said first up to its
 * verb, "was slow" was left of it, and the reply happy.
 */
const theThingIs = (said: string[], j: number) => THE_THING.has(said[j]!) && IS.has(said[j + 2] ?? '');
const THE_THING = new Set(['de', 'het', 'mijn', "m'n", 'onze', 'the', 'my', 'our']);
/** Other words that open the praise after the quality: "Behalve snel ook mooi", "Behalve goedkoop verder top". */
const FOLLOWS = new Set(['ook', 'also', 'too', 'verder', 'alles', 'everything', 'all']);
/** Good words that say how well ("zo goed", "this well", "such good bikes"), where the lexicon knows none. */
const SO_GOOD = new Set(['goed', 'good', 'well', 'beter', 'better', 'netjes', 'nicely', ...GOOD_QUALITIES]);
const goodWord = (w: Word, lexicon: Lexicon) => !w.negated && (SO_GOOD.has(w.text) || lexicon.value(w.text) >= WARM_WORD);
/** A cold word not denied, or a complaint the table knows: no praise then ("… such junk", "… it is rommel"). */
const coldIn = (words: Word[], table: TableHit[], lexicon: Lexicon, denied = true) => table.some((h) => h.kind === 'trouble')
  || words.some((w) => !(denied && w.negated) && lexicon.value(w.text) < 0);
/**
 * Not when what follows the quality says neither good nor bad ("Apart from being cheap it is junk": the lexicon knows
 * no "junk"), which read as praise ("fijn om te horen"); "Behalve goedkoop is hij heel goed" is praise.
 */
const besidesGood = (parts: Clause[], k: number, lexicon: Lexicon, table: TableHit[][]): TableHit[] => {
  const named = goodNamed(parts[k]!, lexicon);
  if (!named) return [];
  const after = [...parts[k]!.slice(named.length), ...parts.slice(k + 1).flat()];
  const good = after.length === 0 || after.some((w) => goodWord(w, lexicon)) || table.slice(k + 1).flat().some((h) => h.kind === 'praise');
  // (a bad word after it keeps the hit: the quality settled, the bad word decides: "Behalve vriendelijk was de
  // service slecht" is a problem)
  return good || coldIn(after, table.slice(k + 1).flat(), lexicon)
    ? [{ kind: 'praise', reason: `${named.map((w) => w.text).join(' ')} (besides: a good quality)`, settled: named }] : [];
};
/**
 * The shop alone so good (text.ts onlyTheShop): praise, where its words may say none ("nobody fixes it this well"); a
 * good word in them, and no bad one ("Nobody but you would sell such junk", "… this", "… answers so slowly" are not).
 */
const onlyTheShopIn = (c: Clause, lexicon: Lexicon, table: TableHit[]): TableHit[] => {
  const said = c.map((w) => w.text);
  if (!onlyTheShop(said)) return [];
  // (its "nobody" denies nothing: "No one except you does it this well")
  const good = c.some((w) => goodWord({ ...w, negated: false }, lexicon));
  const bad = coldIn(c.filter((w) => !NOBODY_FIRST.has(w.text)), table, lexicon, false) || c.some((w) => SHODDY.has(w.text));
  // and the inverse: the shop alone so bad ("Nobody but you would sell such junk"), a complaint, which read as
  // nothing clear; not a price ("Nobody but you would charge this much": the network reads it)
  return good && !bad ? [{ kind: 'praise', reason: `${said.join(' ')} (the shop alone so good)` }]
    : bad && !good ? [{ kind: 'trouble', reason: `${said.join(' ')} (the shop alone so bad)` }] : [];
};
/**
 * Nobody, nowhere or never better (text.ts noneSo): praise by its good words, a complaint by its bad ones ("Nergens zo
 * slecht geholpen"); nobody else who could, with neither, praise ("Nobody else could fix it": the shop alone could).
 */
const noneSoIn = (c: Clause, lexicon: Lexicon, table: TableHit[]): TableHit[] => {
  const said = c.map((w) => w.text);
  if (onlyTheShop(said) || !noneSo(said)) return [];
  const good = c.some((w) => goodWord(w, lexicon));
  // (its none is no cold word: "No one does it better")
  const bad = coldIn(c.filter((w) => w.negator !== false), table, lexicon) || c.some((w) => SHODDY.has(w.text) || WORSE.has(w.text));
  if (good !== bad) return [{ kind: good ? 'praise' : 'trouble', reason: `${said.join(' ')} (none so ${good ? 'good' : 'bad'})` }];
  if (good) return [];
  // with neither, only nobody else who could is praise ("Nobody else could fix it"; not "… either", "ook niet"), and
  // never such a difference (what it did: "Nog nooit zo'n verschil gemerkt"); any other none so or else says how bad
  // ("Never waited so long", "Nergens zo duur", "Nobody else would do this to a customer")
  const could = (c.some((w) => COULD.has(w.text)) && !c.some((w) => EITHER.has(w.text) || SO_MUCH_SAID.has(w.text)))
    || c.some((w) => MADE_A_DIFFERENCE.has(w.text));
  return [{ kind: could ? 'praise' : 'trouble', reason: `${said.join(' ')} (none so ${could ? 'good' : 'bad'})` }];
};
const COULD = new Set(['could', 'can', 'kon', 'kan', 'konden', 'kunnen', 'able']);
const EITHER = new Set(['either', 'neither', 'ook', 'evenmin', 'too']);
const MADE_A_DIFFERENCE = new Set(['verschil', 'difference', 'verbetering', 'improvement', 'resultaat', 'result', 'effect']);
const SO_MUCH_SAID = new Set(['zo', "zo'n", 'zulke', 'zulk', 'so', 'such', 'this', 'than', 'dan']);
const WORSE = new Set(['slechter', 'worse', 'erger']);
/** What is sold called worthless, which neither lexicon knows: "such junk", "zulke rommel". */
const SHODDY = new Set(['junk', 'crap', 'garbage', 'trash', 'rommel', 'meuk', 'prut', 'zooi']);
/**
 * Whether a clause says how it was ("ben ik tevreden", "is hij ook mooi"), which its verb first after an exception said
 * first does not ask; what it asks says no such word ("Behalve de bel, kan ik die zelf vervangen", "Op de bel na, kan
 * ik hem ophalen", "Behalve de bel. Is dat normaal").
 */
const says = (c: Clause, lexicon: Lexicon): boolean => c.some((w) => Math.abs(lexicon.value(w.text)) >= WARM);
/** Words that name a second thing beside the price ("behalve de prijs en de remmen"): no word on the price alone. */
const BESIDES = new Set(['en', 'and', '&', 'plus', 'of', 'or', 'ook', 'also']);
/**
 * The price alone named as what is excepted (clause k of parts): "behalve de prijs", not "behalve de prijs en de
 * remmen" (its "en de remmen" a clause of its own, or not).
 */
const priceOnly = (parts: Clause[], k: number) => parts[k]!.some((w) => PRICE_NAMED.has(w.text))
  && !parts[k]!.some((w) => BESIDES.has(w.text)) && !BESIDES.has(parts[k + 1]?.[0]?.text ?? '');
/**
 * A day excepted, the shop closed then ("Alles top, behalve op zondag, dan zijn ze dicht", "All good except Sunday,
 * closed then", "Behalve zondag elke dag open, top"): the shop's hours, no bad news to call about; read as if
 * nothing were excepted, as the weather is (praise beside it is praise, "behalve zondag, dan zijn ze dicht" alone
 * says nothing clear). A day excepted alone ("Op maandag na alles goed", "all good except Monday", "alles top behalve op zondag")
 * is a day that went wrong, which the owner would hear of: a problem, the owner calls (a call about nothing is cheap,
 * a missed complaint is the worst mistake). Every weekday reads so, in either language and either order.
 */
const DAYS = new Set(['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag', 'weekend', 'zondags', 'maandags',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'mondays', 'sundays', 'weekends']);
/** What says the shop's hours beside a day excepted: "dan zijn ze dicht", "Behalve op zondag open, top". */
const CLOSED = new Set(['dicht', 'gesloten', 'closed', 'shut', 'open', 'geopend']);
/**
 * What tells of a time it went so, no hours: "the shop was closed when I came", "de deur bleef dicht", "toen ging de
 * winkel niet open" (a negation too) are a complaint of that day.
 */
const ONCE = new Set(['was', 'waren', 'were', 'bleef', 'bleven', 'ging', 'stond', 'kwam', 'came', 'went', 'stayed', 'had', 'toen', 'when',
  'gisteren', 'yesterday', 'terwijl', 'while',
  // nor hours that went wrong ("weer dicht", "closed early", "zomaar gesloten"): a time it went so
  'weer', 'again', 'vroeg', 'eerder', 'early', 'earlier', 'zomaar', 'onverwacht', 'plotseling', 'opeens', 'ineens', 'unexpectedly',
  'suddenly']);
/** The hours said in a few words, as they always are: "dan zijn ze dicht", "closed then", "altijd open". */
const hoursSaid = (c: Clause | undefined): boolean => !!c && c.length <= 8 && c.some((w) => CLOSED.has(w.text))
  && !c.some((w) => ONCE.has(w.text) || negatesHere(w));
// (the hours said before it too: an exception said first reads after what follows it, exceptionsLast)
const closedThen = (parts: Clause[], k: number): boolean => parts[k]!.some((w) => DAYS.has(w.text))
  && [parts[k - 1], parts[k], parts[k + 1]].some(hoursSaid);
/** Good news said of the thing named after "wel"/"just" ("Wel de sleutel gevonden", "Just the bell fixed"), or greetings. */
const NEWS = /^(?:terug|gevonden|teruggevonden|opgehaald|gemaakt|gerepareerd|gewassen|schoongemaakt|back|found|fixed|repaired|collected|washed|cleaned|groet|groeten|groetjes|regards|wishes)$/;
/** Nothing wrong or missing said as a complaint denied ("niks mis", "nothing wrong", "nothing missing"). */
const NOTHING_WRONG_DENIED = ', denied (domain: wrong or missing)';
/** Nothing wrong or missing said, as praise: what the table said, less its " (domain: …)"; else null. */
const nothingWrongIn = (h: TableHit): string | null => {
  if (h.kind !== 'praise') return null;
  const said = h.reason.replace(/ \(domain: praise\)$/, '');
  return NOTHING_WRONG_SAID.has(said) ? said : h.reason.endsWith(NOTHING_WRONG_DENIED) ? h.reason.slice(0, -NOTHING_WRONG_DENIED.length) : null;
};

export function evidence(text: string, model: Model): Evidence {
  const split = clauses(text);
  const lang = language(split);
  const lexicon = { known: knownWord, value: (w: string) => lexiconValue(w, lang) ?? 0 };
  const told = thingsApart(slipsApart(split, lexicon), lexicon);
  // (a question is read in the order she wrote: "Behalve de bel ben ik tevreden" asks nothing, "ben ik tevreden" would;
  // nor does its verb first after such an exception in a clause of its own: "Behalve de bel, ben ik tevreden")
  const parts = exceptionsLast(told, lexicon);
  const said = parts.flat().filter((w, i) => i === 0 || !SOFTENERS.has(w.text));
  // A clause asking to hear no more ("geen sms meer") is that, not a complaint said with a negation; so is one that
  // may ask it ("Ik krijg geen mail meer aub", "Stopt de nieuwsbrief?"), which the owner reads as a question.
  const stopping = stopClauses(parts, hasQuestionMark(text));
  const unclear = parts.map(unclearStop);
  // Told not to send the goods ("Don't send it, I'll pick it up", "Niet opsturen aub"): a request about the order, no
  // complaint said with a negation (nor praise: "niet sturen" is no "sturen" denied).
  const goods = goodsClauses(parts);
  // Not reading the message's language ("I don't speak Dutch", "Ik spreek geen Nederlands"): no complaint said with a
  // negation, nor one about the purchase; a question for the owner, who answers in a language the customer reads (and
  // no "wat vervelend" back: classify.ts).
  const tongue = parts.map(noCommonTongue);
  /** The words of the first clause marked, as read. */
  const first = (marked: boolean[]) => parts.filter((_, i) => marked[i]).map((c) => c.map((w) => w.text).join(' '))[0] ?? null;
  // (the weather excepted, a day the shop is closed, or a good quality named "besides", sets nothing against the rest)
  const last = parts.findLastIndex((c, i) => i > 0 && opensWithContrast(c) && !weatherOnly(parts, i) && !closedThen(parts, i)
    && !goodNamed(c, lexicon));
  // A symptom that eases, and then "maar nog steeds aanwezig": still there, so a complaint after all. A remark on the
  // price before such a "maar" is conceded: "duur, maar het is het waard".
  // Good news asked back with no praise after it ("Zonder kosten? Ik moest 50 euro betalen", "geen wachttijd? 2 uur
  // gewacht") is sarcasm: what one is glad to be without is then no good news, and its "zonder" a complaint. Praise:
  // the table's, or a word the lexicon finds clearly warm, not denied ("Geen kosten? Top!", "Prima geholpen"; it finds
  // "betalen" and "extra" only a little warm: 0.4).
  const table = parts.map((c) => tableHits(c, lexicon));
  const read = parts.map((c, k) => [...table[k]!, ...tipIn(c), ...besidesGood(parts, k, lexicon, table), ...onlyTheShopIn(c, lexicon, table[k]!),
    ...noneSoIn(c, lexicon, table[k]!)]);
  const praisedAfter = (i: number) => read.slice(i + 1).flat().some((h) => h.kind === 'praise')
    || parts.slice(i + 1).flat().some((w) => !w.negated && lexicon.value(w.text) >= WARM_WORD);
  const askedBack = (i: number) => parts[i]!.at(-1)?.asks && i < parts.length - 1 && !praisedAfter(i);
  // Nothing wrong or missing, asked back or with an exception after it ("Niks aan de hand? De ketting valt er steeds
  // af", "Ik mis niks, behalve de sleutel", "Ik mis niets, op de sleutel na", "Ik mis niks. Wel de sleutel", "nothing
  // wrong apart from the brakes"): a complaint, as before its praise.
  const words = (c: Clause) => c.map((w) => w.text).join(' ');
  // "apart from that" and praise, nothing bad: what was said before, not a thing excepted ("nothing wrong, apart
  // from that all good", "Ik mis niks, behalve dat het top is"); "except that it squeaks" is one
  const besidesThat = (k: number) => saidBefore(parts[k]!.map((w) => w.text)) && !read[k]!.some((h) => h.kind === 'trouble')
    && !parts[k]!.some((w) => lexicon.value(w.text) < 0)
    && (read[k]!.some((h) => h.kind === 'praise') || parts[k]!.some((w) => !w.negated && lexicon.value(w.text) >= WARM_WORD));
  const excepted = (k: number) => (excepts(parts[k]!.map((w) => w.text)) && !priceOnly(parts, k) && !closedThen(parts, k) && !besidesThat(k)
    && !weatherOnly(parts, k))
    || (EXCEPT_BUT.test(words(parts[k]!)) && !read[k]!.length
    && !parts[k]!.some((w) => lexicon.value(w.text) > 0 || THANKS.test(w.text) || NEWS.test(w.text)));
  const doubted = (i: number) => askedBack(i) || parts.some((_, k) => k > i && excepted(k));
  const nothingWrong = (i: number) => (h: TableHit): TableHit => {
    const nothing = nothingWrongIn(h);
    return nothing !== null && doubted(i) ? { kind: 'trouble', reason: `${nothing}, doubted (domain: said with a negation)` } : h;
  };
  // In a clause that says the customer does not read the language, only trouble named besides ("i dont speak dutch the
  // zip is broken", said without a comma): not the negation.
  const besidesTongue = (c: TableHit[]) => c.filter((h) => h.kind === 'trouble' && !h.reason.endsWith('(domain: said with a negation)'));
  const hits = parts.map((c, i) => (stopping[i] || unclear[i] || goods[i] ? [] : tongue[i] ? besidesTongue(read[i]!) : askedBack(i) ? tableHits(c, lexicon, false) : read[i]!)
    .map(nothingWrong(i))
    .filter((h) => !(h.kind === 'remark' && i < last))
    .map((h): TableHit => (h.symptom && i < last ? { kind: 'trouble', reason: h.symptom } : h)));
  // A complaint the table read as gone or easing ("the headache is gone") no longer sounds cold.
  const settled = new Set(hits.flat().flatMap((h) => h.settled ?? []));
  // A bare answer, or one beside a slip and nothing else ("Sorry, verkeerd. Nee": the answer she meant)
  const slipped = new Set(hits.flat().filter((h) => h.kind === 'aside').flatMap((h) => h.settled!));
  const meant = said.filter((w) => !slipped.has(w));
  const only = said.length === 1 ? said[0]!.text : meant.length === 1 && slipped.size ? meant[0]!.text : '';
  // (nor does the weather excepted sound cold: "Behalve het slechte weer was alles perfect")
  const felt = parts.map((c, k) => c.filter((w) => !settled.has(w) && !weatherOnly(parts, k)));
  const tail = parts.slice(last);
  // The network reads the words beside a score: its own words ("dikke", "ten", "met een griffel") say only the score.
  const score = scoreIn(text);
  // Nor an aside's ("sorry wrong text", "vorige fiets was gestolen"): it learned "wrong" and "stolen" from complaints.
  const aside = new Set(hits.flat().filter((h) => h.kind === 'aside').flatMap((h) => h.settled!.map((w) => w.text)));
  // Nor the weather excepted ("Except for the bad weather everything was great": "bad").
  const besides = (score ? clauses(`${fold(text).slice(0, score.at)}.${fold(text).slice(score.end)}`) : parts.filter((_, k) => !weatherOnly(parts, k)))
    .map((c) => c.filter((w) => !aside.has(w.text))).filter((c) => c.length > 0);
  return {
    lang,
    foreign: otherLanguage(parts, text, knows(model)),
    answers: answerOf(only),
    declines: declines(text),
    table: unique(hits.flat()),
    asks: asking(told, hasQuestionMark(text), lexicon, (i) => i === 1 && exceptedFirst(told[0]!) === told[0]!.length && says(told[1]!, lexicon))
      ?? first(goods.map((yes, i) => yes && !stopping[i])) ?? first(tongue),
    stops: first(stopping) ?? mayAskToStop(parts),
    sentiment: sentiment(felt, lang),
    guess: model.guess(besides, lang),
    works: worksIn(parts),
    contrast: last < 0 ? null : contrastOf(tail, felt.slice(last), hits.slice(last), lang, lexicon, model),
    score,
  };
}

const SLIP_WORDS = new Set(SLIPS);
/** Whether the words are a slip and nothing else: "oeps verkeerd", "sorry verkeerde knop" (an aside, table.ts). */
const slipAlone = (words: Clause, lexicon: Lexicon) =>
  tableHits(words, lexicon).some((h) => h.kind === 'aside' && h.settled!.length === words.length);
/**
 * A slip said first reads as it does said in one clause ("Oeps verkeerd, alles top"): over a comma or a full stop
 * ("Oeps, verkeerd. Alles top", "Oops. Wrong one. All good"), one clause; said with no stop before good news ("oeps
 * verkeerd alles top"), its own. Not a slip word before more ("Sorry, verkeerd nummer", "sorry verkeerd geleverd"),
 * which the table reads as it did.
 */
function slipsApart(parts: Clause[], lexicon: Lexicon): Clause[] {
  const apart: Clause[] = [];
  for (let i = 0; i < parts.length; i++) {
    const c = parts[i]!;
    if (!SLIP_WORDS.has(c[0]!.text)) { apart.push(c); continue; }
    const next = parts[i + 1];
    // the slip word alone, and what it was in the next clause (the slip word asked, "Sorry?", is no slip)
    if (c.length === 1 && !c[0]!.asks && next && slipAlone([...c, ...next], lexicon)) {
      apart.push([...c, ...next]);
      i++;
      continue;
    }
    // the slip, then good news with no stop between: praise, or a word the lexicon finds clearly warm, not denied
    const at = [2, 3].find((k) => k < c.length && slipAlone(c.slice(0, k), lexicon)
      && (tableHits(c.slice(k), lexicon).some((h) => h.kind === 'praise') || c.slice(k).some((w) => !w.negated && lexicon.value(w.text) >= WARM_WORD)));
    apart.push(...(at === undefined ? [c] : [c.slice(0, at), c.slice(at)]));
  }
  return apart;
}

/**
 * A thing named after nothing wrong or missing with no stop between ("ik mis niks wel de sleutel", "nothing missing
 * just the key") reads as it does after one ("Ik mis niks. Wel de sleutel": EXCEPT_BUT), its own clause, where the
 * negation no longer reaches; thanks or greetings named so stay what they were ("niks mis wel de groeten").
 */
function thingsApart(parts: Clause[], lexicon: Lexicon): Clause[] {
  return parts.flatMap((c) => {
    const k = c.findLastIndex((w, i) => i > 0 && NAMED_AFTER.has(w.text));
    if (k < 0) return [c];
    const named = c.slice(k).map((w) => ({ ...w, negated: false }));
    // a thing, or trouble said in more words ("nothing missing just a problem with the brakes"; not "just no issues",
    // nor a word on the price, "wel jammer van de prijs")
    const trouble = !c.slice(k).some((w) => isNegator(w.text) || PRICE_NAMED.has(w.text)) && tableHits(named, lexicon).some((h) => h.kind === 'trouble');
    if (!(EXCEPT_BUT.test(named.map((w) => w.text).join(' ')) || trouble)
      || !tableHits(c.slice(0, k), lexicon).some((h) => nothingWrongIn(h) !== null)) return [c];
    return [c.slice(0, k), named];
  });
}
const NAMED_AFTER = new Set(['wel', 'enkel', 'just', 'only']);
/** What says the rest after an exception: "verder top", "de rest prima", "otherwise great". */
const REST_SAID = new Set(['verder', 'overigens', 'otherwise', 'rest']);

/**
 * An exception said first reads as said after what it excepts, the order no matter: "Behalve de remmen is alles goed"
 * as "alles goed behalve de remmen", "Apart from the brakes, all good" as "all good apart from the brakes" (a problem;
 * read as they stood, the praise after it made them happy and nobody called her), "Behalve de prijs is alles top" as
 * "alles top behalve de prijs" (a word on the price). Its clause, or the next one when it is all its own clause, comes
 * first, and the exception after it opens a contrast. Not a thing besides another ("Behalve de fiets was ook de service
 * top", "Apart from the bike, the service was great too"), nor the one thing that is so ("Behalve jullie niemand …"),
 * nor a good quality named besides ("Behalve goedkoop is hij heel goed": goodNamed).
 */
function exceptionsLast(parts: Clause[], lexicon: Lexicon): Clause[] {
  const out: Clause[] = [];
  for (let i = 0; i < parts.length; i++) {
    let c = parts[i]!;
    let end = goodNamed(c, lexicon) ? null : exceptedFirst(c);
    // More things excepted, joined by "en", "and" ("Behalve de remmen en de bel alles goed", "Except the brakes and the
    // bell, all good"): one exception (the clauses split at the "en"); undone below if it comes to none.
    let joined = 0;
    while (end === c.length && JOINED.has(parts[i + 1 + joined]?.[0]?.text ?? '')) {
      c = [...c, ...parts[i + 1 + joined]!];
      joined++;
      end = exceptedFirst(c);
    }
    const alone = end === c.length;
    const rest = end === null ? undefined : alone ? parts[i + 1 + joined] : c.slice(end);
    // "ook" in the exception's own clause says one thing besides another ("Behalve de APK ook de remmen nagekeken,
    // top"), unless the praise after it says the rest ("Behalve de remmen ook de bel, verder top")
    const besidesAlone = alone && !!rest && saysBesides(c.slice(1).map((w) => w.text)) && !REST_SAID.has(rest[0]!.text) && rest[1]?.text !== 'rest';
    if (!rest || (alone && opensWithConjunction(rest)) || saysBesides(rest.map((w) => w.text)) || besidesAlone) {
      out.push(parts[i]!);
      continue;
    }
    out.push(rest, [{ ...c[0]!, contrast: true }, ...c.slice(1, end!)]);
    i += joined + (alone ? 1 : 0);
  }
  return out;
}

/**
 * What follows the last contrast (see Evidence.contrast): `tail` its clauses, `felt` their words less those a settled
 * complaint took (see evidence), `hits` their table hits.
 */
function contrastOf(tail: Clause[], felt: Clause[], hits: TableHit[][], lang: Lang, lexicon: Lexicon, model: Model): NonNullable<Evidence['contrast']> {
  const feel = sentiment(felt, lang).score;
  // a thing excepted from the praise is bad news, but for the price ("all good apart from the price"), which the
  // network reads cold for the words it learned from complaints ("apart", "op … na")
  const excepted = excepts(tail[0]!.map((w) => w.text));
  const pricey = excepted && priceOnly(tail, 0);
  // (a thing excepted is what was wrong, whatever the lexicon finds of its name: "Apart from support, all good",
  // "support" +0.4, "Op het licht na alles goed", "licht" +0.4, read warm and happy; its warmth is in what follows it,
  // "… verder top"; not a good word said there, "Apart from the great service, the bike is perfect")
  // nor thanks, which is no thing ("Apart from a big thank you, nothing to add", "Behalve een dikke merci niks te melden")
  const thing = excepted && !pricey && !saidBefore(tail[0]!.map((w) => w.text))
    && !tail[0]!.some((w) => goodWord(w, lexicon) || (!w.negated && THANKED.test(w.text)));
  const warmth = thing ? sentiment(felt.slice(1), lang).score : feel;
  return {
    text: tail.flat().map((w) => w.text).join(' '),
    warm: warmth >= WARM || hits.slice(thing ? 1 : 0).flat().some((h) => h.kind === 'praise'),
    // each of its clauses a word on the price, or warm: "fine but pricey", "prima, maar wel duur, verder top"
    price: !(excepted && !pricey) && hits.some((c) => c.some((h) => h.kind === 'remark'))
      && hits.every((c, k) => c.some((h) => h.kind === 'remark' || h.kind === 'praise') || sentiment([felt[k]!], lang).score >= WARM),
    // what says it is bad news: a cold word, a time the good ended ("tot gisteren"), or what the network learned of
    // complaints ("maar de stoel staat anders"), or a thing excepted from the praise ("alles prima op de verlichting
    // na", "all good apart from the brakes"); not a plan ("but I'll be back for the tyres", "maar ik kom nog voor de
    // APK")
    cold: feel < 0 || felt.flat().some((w) => !w.negated && lexicon.value(w.text) < 0)
      || opensWithUntil(tail[0]!) || (excepted && !pricey) || (!pricey && model.guess(felt, lang)?.reading === 'problem'),
  };
}

/** The words that say a thing works or a trouble went, in the first clause that says so with no negator; else null. */
function worksIn(parts: Clause[]): string | null {
  const alone = (w: string) => WORKS.has(w) || GONE.has(w);
  for (const c of parts.filter((c) => !c.some(negatesHere))) {
    const at = c.findIndex((w, i) => alone(w.text) || !!WORKS_AFTER.get(w.text)?.has(c[i + 1]?.text ?? ''));
    if (at >= 0) return c.slice(at, alone(c[at]!.text) ? at + 1 : at + 2).map((w) => w.text).join(' ');
  }
  return null;
}

/** Whether the reader knows a word: from either language's lists, or from the replies it learned from. */
export const knows = (model: Model) => (word: string): boolean => knownWord(word) || model.knows(word);

/** Each hit once: "👍👍" is one reason. */
const unique = (hits: TableHit[]) => hits.filter((h, i) => hits.findIndex((o) => o.reason === h.reason) === i);

const sentimentSays = (e: Evidence) => `sentiment ${e.sentiment.score > 0 ? '+' : ''}${e.sentiment.score}${e.sentiment.words.length ? ` (${e.sentiment.words.join(', ')})` : ''}`;
const guessSays = (g: Guess) => `learned: ${g.reading} ${g.score}${g.words.length ? ` (${g.words.join(', ')})` : ''}`;

/** The message a reply answers: the check-in ("Bevalt het?") or the come-back invitation. */
export type Answering = 'checkin' | 'comeback';

export function decide(e: Evidence, answering: Answering = 'checkin'): Explained {
  const kind = (k: TableHit['kind']) => e.table.filter((h) => h.kind === k).map((h) => h.reason);
  const [trouble, praise, unsure, remarks] = [kind('trouble'), kind('praise'), kind('unsure'), kind('remark')];
  const g = e.guess;
  const { score } = e.sentiment;
  // A score beside words keeps the words' meaning when they say more: "8/10 maar de remmen piepen weer" is a problem.
  const scored = (reading: string) => (e.score?.reading === reading ? [`${e.score.said} (score: ${e.score.value} of ${e.score.outOf})`] : []);
  // (A bare "No" is the table's "said with a negation" too: to the invitation it says no more than "not now".)
  if (e.answers === 'no' && answering === 'comeback') return { class: 'other', because: ['answers no to the come-back invitation: declines it'] };
  // So does a "not now" in a few more words, and nothing else ("Nee dank je", "Nu even niet", "Ik heb al een afspraak").
  if (e.declines && answering === 'comeback') return { class: 'other', because: [`declines the come-back invitation: "${e.declines}"`] };
  if (trouble.length || e.score?.reading === 'problem') return { class: 'problem', because: [...trouble, ...scored('problem')] };
  if (e.asks) return { class: 'question', because: [`asks: ${e.asks}`] };
  if (e.stops) return { class: 'question', because: [`asks to hear no more: ${e.stops}`] };
  if (unsure.length) return { class: 'other', because: unsure };
  if (e.answers) return { class: e.answers === 'yes' ? 'positive' : 'problem', because: [`answers ${e.answers} to "Happy with it?"`] };
  if (e.foreign) return { class: 'other', because: [`written in another language (${e.foreign}): only a person can read it`] };
  // Good news in the reply's own words, whatever the network learned: praise (a saying, a complaint denied, an emoji of
  // joy), a good score, a word the lexicon finds warm, however little ("bedankt", "ja"), a thing said to work.
  const goodNews = [...praise, ...scored('positive'), ...(e.sentiment.warmest > 0 ? [sentimentSays(e)] : []), ...(e.works ? [`works or gone: ${e.works}`] : [])];
  // Something still had, and nothing good said: the symptom the product was for is still there, in words the table
  // may not know ("Still getting spots", "Heb nog steeds maagzuur"); "Heb nog steeds geen klachten" is praise.
  const persists = kind('persists');
  if (persists.length && !goodNews.length) return { class: 'problem', because: [...persists, 'nothing good said beside it'] };
  // A good score is no praise in words: a complaint beside it ("Een 9, de ketting zwabbert") still reaches the owner.
  const sure = praise.length ? SURE_DESPITE_PRAISE : SURE.problem;
  if (g?.reading === 'problem' && g.score >= sure) return { class: 'problem', because: [guessSays(g), sentimentSays(e)] };
  if (score <= COLD) return { class: 'problem', because: [sentimentSays(e)] };
  if (e.sentiment.coldest <= COLD_CLAUSE) return { class: 'problem', because: [`a cold clause: ${e.sentiment.coldest}`, sentimentSays(e)] };
  const learned = g?.reading === 'positive' && g.score >= SURE.positive ? [guessSays(g)] : [];
  const happy = [...praise, ...scored('positive'), ...(score >= WARM ? [sentimentSays(e)] : []), ...learned];
  // The network alone is no good news: it reads words it learned from happy replies, and those stand in complaints
  // too ("Ik voel me slechter": "voel me" from "Voel me al een stuk beter"; "Mijn band is weer zacht": "is weer";
  // "Gave me the runs"). With nothing good said in the reply's own words, the owner reads it, without an alert.
  if (learned.length && happy.length === learned.length && !goodNews.length) {
    return { class: 'other', because: ['only the network reads it happy: no good news in its own words', ...learned, sentimentSays(e)] };
  }
  // what it said besides the network, when the network's reading is all that made it happy ("Werkt": works: werkt)
  const shown = happy.length > learned.length ? happy : [...learned, ...goodNews];
  if (happy.length) {
    // Praise said, and then something set against it that is no praise: a defect in words the reader does not know
    // ("Rijdt goed, alleen de airco doet raar", "Liep goed tot gisteren"), which the owner must hear of; only a word
    // on the price is read by the owner without an alert ("goed maar wel duur"), and so is what follows a reply only
    // the network finds happy (no praise said), and what says no bad news ("Excellent service, but I'll be back for the
    // tyres": contrast.cold).
    if (e.contrast && !e.contrast.warm) {
      const but = `but then: "${e.contrast.text}"`;
      const praised = happy.length > learned.length;
      return praised && !e.contrast.price && e.contrast.cold ? { class: 'problem', because: [but, ...happy] } : { class: 'other', because: [...shown, ...remarks, but] };
    }
    if (remarks.length || e.score?.reading === 'other') return { class: 'other', because: [...shown, ...remarks, ...scored('other')] };
    return { class: 'positive', because: shown };
  }
  const middling = scored('other');
  // a slip said and nothing else ("sorry verkeerde knop", "oops sent by accident"): the owner reads it, with no alert
  const slips = kind('aside');
  if (slips.length && !remarks.length && !middling.length) {
    return { class: 'other', because: ['only says it was a slip', ...slips, sentimentSays(e)], slip: true };
  }
  return { class: 'other', because: [...remarks, ...(middling.length ? middling : ['nothing clear']), ...(g ? [guessSays(g)] : []), sentimentSays(e)] };
}
