// The words of a reply as the reader sees them: folded (lower case, no accents, straight apostrophes), cut into
// clauses, each word marked when a negator earlier in its clause reaches it ("geen klachten", "not bad"), or one alone
// after a colon ("Klachten: 0").
// Emoji are words too ("👍", "😡"), and a question mark is remembered.
import { MARKS, POINT_WORDS, STAR_WORDS, UNITS } from './vocabulary.js';

export interface Word {
  text: string;
  negated: boolean;
  /** Whether the word negates here: for a word that does only in some places ("pas content", not "pas gekocht"). */
  negator?: boolean;
  /** Whether a question mark follows the word, which ends its clause: "Geen kosten?". */
  asks?: boolean;
  /**
   * Whether the word opens a contrast that its text alone does not say: "tot"/"until" before a moment gone by ("Liep
   * goed | tot gisteren", "Good | until yesterday"), an exception in two words ("nothing wrong | apart from the
   * brakes", "alles prima | op de verlichting na"), or the first word of a clause that ends in "though" ("Runs
   * lovely, | the aircon blows warm though").
   */
  contrast?: boolean;
}
export type Clause = Word[];

/** Words that turn what follows them, to the end of the clause, around. Every "…n't" word is one too. */
const NEGATORS = new Set([
  // nl ("nie" as typed in a hurry, "ni" as Flemish has it)
  'niet', 'nie', 'ni', 'geen', 'nooit', 'niks', 'niets', 'niemand', 'nergens', 'zonder', 'amper', 'nauwelijks', 'minder',
  // en ("dont" as typed without an apostrophe)
  'not', 'no', 'zero', 'never', 'nothing', 'none', 'nobody', 'nowhere', 'without', 'hardly', 'barely', 'less', 'cannot', 'nor',
  'dont', 'doesnt', 'didnt', 'wont', 'cant', 'isnt', 'wasnt', 'arent', 'werent', 'havent', 'hasnt', 'couldnt', 'wouldnt', 'shouldnt',
  // as customers who write German or French say it ("kein Problem", "jamais reçu"; "pas", "ne" and "nicht": negates())
  'kein', 'keine', 'keinen', 'keiner', 'nichts', 'jamais', 'aucun', 'aucune', 'sans',
]);

/**
 * Negators of German and French that are also Dutch words, told by where they stand. "Pas" opening its clause, as
 * French says "pas content", "pas bon", but not before a Dutch word of time or a participle ("pas 1 keer gereden",
 * "pas gisteren", "pas gekocht"); "ne" only before the "pas", "plus" or "jamais" that ends it ("ne marche plus"), as
 * Flemish "ne" is "een" ("ne goeie fiets"); "nicht", but not a niece ("mijn nicht"). "Nul" and "0" before a word, as a
 * count of none is "geen" ("nul problemen", "0 klachten", "nul komma nul last"), but not "nul" that ends its clause:
 * the verdict "worthless" (Dutch and French: "Nul", "nul komma nul", "C'est nul"), a complaint (vocabulary.ts).
 */
const SOMETIMES = new Set(['pas', 'ne', 'nicht', 'nul', '0']);
/**
 * After "nul" or "0", what makes it no count of none: "nul komma nul", a price or a time ("kostte 0 euro, top" is free),
 * a score ("0 sterren", "0/10": score.ts reads those).
 */
const COUNTS_NOTHING = new Set(['komma', ...UNITS, ...STAR_WORDS, ...POINT_WORDS]);
const AFTER_NE = new Set(['pas', 'plus', 'jamais']);
const NIECE = new Set(['mijn', "m'n", 'je', 'jouw', 'haar', 'zijn', "z'n", 'onze', 'ons', 'uw', 'de', 'een', 'die', 'deze']);
const DUTCH_PAS = /^(?:\d.*|een|net|nu|pas|sinds|vanaf|na|toen|als|op|aan|over|binnen|kort|later|gisteren|eergisteren|vandaag|morgen|vanochtend|vanmorgen|vanmiddag|vanavond|twee|drie|vier|vijf|zes|paar|enkele|(?:ge|be|ver|ont|her)\p{L}{2,}(?:d|t|en))$/u;

/** Words that set what follows against what came before; each opens a clause: "Mooi ding | maar de rits klemt". */
const CONTRASTS = new Set(['maar', 'alleen', 'behalve', 'but', 'though', 'although', 'except', 'however']);
/**
 * "Tot", "until": a contrast before a moment gone by, or what happened then ("Liep goed tot gisteren", "werkte prima tot
 * ik …", "fine until last week", "a week ago"); not before one to come or "now": "tot ziens", "tot morgen", "tot nu toe
 * prima", "until next time".
 */
const UNTIL = new Set(['tot', 'until', 'till', 'til']);
const GONE_BY = new Set(['gisteren', 'gisteravond', 'gistermiddag', 'gisterochtend', 'eergisteren', 'vanochtend', 'vanmorgen', 'vanmiddag',
  'vannacht', 'vandaag', 'vorige', 'vorig', 'afgelopen', 'laatst', 'kort', 'onlangs', 'ineens', 'opeens', 'plotseling', 'ik', 'hij', 'ze', 'zij',
  'we', 'wij', 'er', 'yesterday', 'today', 'this', 'last', 'recently', 'suddenly', 'i', 'it', 'he', 'she', 'they']);
const AGO = new Set(['geleden', 'ago']);
/**
 * An exception said in two words, which sets what follows against what came before as "behalve" does: "apart from"
 * ("nothing wrong apart from the brakes"), "other than", "afgezien van", and "op … na" or "buiten … om" that ends its
 * part ("niets aan de hand op de ketting na", "alles prima op de verlichting na", "alles top buiten de prijs om"); not
 * "op … na" of how near ("op de minuut na", "op een haar na"), nor "other than expected".
 */
const NEAR_AS = new Set(['cent', 'centen', 'euro', 'minuut', 'minuten', 'seconde', 'dag', 'dagen', 'uur', 'uurtje', 'kwartier', 'week', 'weken',
  'procent', 'millimeter', 'mm', 'haar', 'haartje', 'nippertje']);
/**
 * A verb whose "na" closes its clause ("ik kijk het op maandag na", "ik bel op dinsdag na", "ik denk er op de bank
 * na"): "na" is the verb's, not an exception's (the review of the change, frv47a).
 */
const NA_VERBS = new Set(['kijk', 'kijkt', 'kijken', 'keek', 'keken', 'bel', 'belt', 'bellen', 'belde', 'loop', 'loopt', 'lopen', 'liep',
  'denk', 'denkt', 'denken', 'dacht', 'lees', 'leest', 'lezen', 'las', 'reken', 'rekent', 'rekenen', 'tel', 'telt', 'tellen', 'meet', 'meten',
  'vraag', 'vraagt', 'vragen', 'vroeg', 'stuur', 'stuurt', 'sturen', 'ga', 'gaat', 'gaan', 'ging', 'kom', 'komt', 'komen', 'kwam', 'zoek', 'zoekt', 'zoeken']);
const excepts = (word: string, rest: string[], before: () => string[]): boolean => (TWO_WORD_EXCEPT.get(word) === rest[0] && rest.length > 1
  && !(word === 'other' && OTHER_THAN_HOW.has(rest[1]!)))
  || (closesAround([word, ...rest]) && !(word === 'op' && (NEAR_AS.has(rest.at(-2)!) || before().some((w) => NA_VERBS.has(w)))));
/** The word that closes "op … na" and "buiten … om", by the word that opens it. */
const CLOSING = new Map([['op', 'na'], ['buiten', 'om']]);
/** What joins one more thing excepted to the first: "op de remmen en de bel na", "behalve de remmen en de bel". */
export const JOINED: ReadonlySet<string> = new Set(['en', 'and', '&']);
/**
 * Whether words can stand between "op" and "na" (or "buiten" and "om") as what they except: one to three words ("op de
 * bel na"), or up to three things joined by "en", "and" ("op de remmen en de bel na"), each one to three words.
 */
function aroundThings(between: readonly string[]): boolean {
  const things = [0];
  for (const w of between) {
    if (JOINED.has(w)) things.push(0);
    else things[things.length - 1]!++;
  }
  return things.length <= 3 && things.every((n) => n >= 1 && n <= 3);
}
/**
 * Whether the words are "op … na" or "buiten … om" and nothing else, around what they except ("op de bel na", "op
 * de remmen en de bel na"); not whether it is an exception or how near ("op de minuut na": where it stands says that).
 */
export const closesAround = (words: readonly string[]): boolean =>
  words.length >= 3 && CLOSING.get(words[0]!) === words.at(-1) && aroundThings(words.slice(1, -1));
/**
 * Where "op … na" or "buiten … om" around things joined by "en" that opens the words closes (see clauses): said
 * last, the words' end (`last`: excepts() found it so); said first, its clause's first words (`first`), as
 * exceptedFirst finds it. Else -1, as when nothing is joined.
 */
function joinedAround(w: readonly string[], last: boolean, first: boolean): number {
  const end = last ? w.length - 1 : first ? (exceptedFirstIn(w) ?? 0) - 1 : -1;
  return end > 0 && w.slice(1, end).some((x) => JOINED.has(x)) ? end : -1;
}
/** Where "op … na" or "buiten … om" that opens the words closes (the index of its "na" or "om"), else -1. */
const closingOf = (w: readonly string[]): number =>
  w.findIndex((x, k) => k >= 2 && x === CLOSING.get(w[0]!) && aroundThings(w.slice(1, k)));
/**
 * The words that open an exception ("behalve de remmen", "except for the brakes", "apart from the brakes", "excepting
 * the bell"), the longest first: the one list by which the clauses, an exception said first (exceptedFirst), who alone
 * is so good (onlyThose) and the reader (reader.ts) know one. "Op … na" and "buiten … om" close around what they
 * except (exceptionClosing).
 */
export const EXCEPTION_OPENERS: readonly (readonly string[])[] = [['except', 'for'], ['apart', 'from'], ['other', 'than'], ['afgezien', 'van'],
  ['behalve'], ['excepting'], ['except']];
/** How many of the words, from the first on, open an exception (EXCEPTION_OPENERS); 0 when they open none. */
export const exceptionOpener = (words: readonly string[]): number => EXCEPTION_OPENERS.find((o) => o.every((x, k) => words[k] === x))?.length ?? 0;
/**
 * An exception in two words whose first word opens no clause of its own ("apart from", "other than", "afgezien van";
 * "except" does: CONTRASTS), by its first word.
 */
const TWO_WORD_EXCEPT = new Map(EXCEPTION_OPENERS.filter((o) => o.length === 2 && !CONTRASTS.has(o[0]!)).map(([a, b]) => [a!, b!]));
/** "Other than" of how, no exception: "other than expected", "other than usual". */
const OTHER_THAN_HOW = new Set(['expected', 'usual', 'normal', 'planned', 'before']);

/**
 * An exception said first ("Behalve de remmen is alles goed", "Op de remmen na alles goed", "Except for the brakes
 * everything is fine", "Apart from the brakes, all good"): where it ends in its clause (the clause's length when it is
 * all the clause holds), else null. It reads as said after the praise (reader.ts), the order no matter. Where it
 * ends: at "na" or "om" ("op … na", "buiten … om"), else before what opens the praise ("alles", "everything", "de
 * rest", a subject, a nothing: "niks mis"), or a verb before its subject as Dutch puts it ("… is alles goed", "… was
 * ook de service top"). Not what was said before ("Behalve dat is alles top", "Apart from that all great"), nor
 * "op … na" of how near ("Op de minuut na op tijd") or of rank ("op één na de beste").
 */
export const exceptedFirst = (clause: Clause): number | null => exceptedFirstIn(clause.map((x) => x.text));
function exceptedFirstIn(w: readonly string[]): number | null {
  const closing = CLOSING.get(w[0]!);
  if (closing) {
    const k = closingOf(w);
    if (k < 0 || (closing === 'na' && NEAR_AS.has(w[k - 1]!))) return null;
    // what was said before ("Buiten dat om alles top"), or "na" that opens what follows, of when or of rank ("Op
    // zaterdag na de reparatie alles top", "Op de terugweg na het onderhoud rijdt hij prima", "op één na de beste")
    if ((k === 2 && SAID_THAT.has(w[1]!)) || (closing === 'na' && AFTER_WHAT.has(w[k + 1] ?? ''))) return null;
    return k + 1;
  }
  const opens = exceptionOpener(w);
  if (!opens || w.length === opens || (w[0] === 'other' && OTHER_THAN_HOW.has(w[2]!))) return null;
  // "that" opening what is excepted: a clause ("Behalve dat het regende was alles top"), or what was said before
  const that = SAID_THAT.has(w[opens]!);
  if (that && (w.length === opens + 1 || PRAISE_OPENS.has(w[opens + 1]!) || FINITE.has(w[opens + 1]!) || INVERTED.has(w[opens + 1]!))) return null;
  for (let j = opens + (that ? 2 : 1); j < w.length; j++) {
    const x = w[j]!;
    // a verb is the excepted clause's own after "that" ("except that it squeaks everything is fine")
    const verb = !that && (FINITE.has(x) || INVERTED.has(x));
    const opensPraise = PRAISE_OPENS.has(x) || SUBJECTS.has(x) || (MAYBE_SUBJECTS.has(x) && FINITE.has(w[j + 1] ?? '')) || NOTHING_OPENS.has(x)
      || (!that && verdictLast(w, opens, j));
    if (verb) return j;
    if (!opensPraise) continue;
    const at = x === 'rest' && (w[j - 1] === 'de' || w[j - 1] === 'the') ? j - 1 : j;
    return at - 1 > opens && dutchBeforeSubject(w[at - 1]!) ? at - 1 : at;
  }
  return w.length;
}
const SAID_THAT = new Set(['dat', 'dit', 'that', 'this']);
/** What "na" opens when it says after what, not an exception's end: "na de reparatie", "na het onderhoud". */
const AFTER_WHAT = new Set(['de', 'het', 'een', 'mijn', "m'n", 'mn', 'zijn', 'haar', 'onze', 'jullie']);
/** What opens the praise after an exception said first: "… alles goed", "… everything is fine", "… verder top". */
const PRAISE_OPENS = new Set(['alles', 'all', 'everything', "everything's", 'everythings', 'verder', 'rest', 'overall']);
/**
 * A verdict that ends the clause right after the thing excepted, with no verb or "alles" before it ("Behalve de prijs
 * top", "Behalve de remmen prima", "Apart from the brakes great"): it opens the praise, as "alles goed" would. Said
 * alone there, the thing excepted went unread and the reply was happy. Not after "that" ("Behalve dat hij ook goed
 * rijdt …"), nor after what says one thing besides another or the only one ("Behalve goedkoop ook nog goed",
 * "Behalve de verkoper niemand die zo goed helpt").
 */
const verdictLast = (w: readonly string[], opens: number, j: number) => j === w.length - 1 && j > opens + 1 && VERDICTS.has(w[j]!)
  && !w.slice(opens, j).some((x) => BESIDES_TOO.has(x) || x === 'nog' || NOBODY_FIRST.has(x));
const VERDICTS = new Set(['top', 'prima', 'goed', 'perfect', 'super', 'uitstekend', 'tevreden', 'geweldig', 'fantastisch', 'great', 'fine',
  'good', 'excellent', 'happy', 'brilliant', 'fantastic']);
/** Nothing wrong or missing after an exception said first ("Behalve de remmen niks mis"); not "niemand" (below). */
const NOTHING_OPENS = new Set(['niks', 'niets', 'geen', 'nothing', 'no']);
/** A Dutch verb before its subject after an exception said first ("… is alles goed", "… was alles top"). */
const dutchBeforeSubject = (w: string) => INVERTED.has(w) || ['is', 'zijn', 'werkt', 'werkte', 'loopt', 'rijdt', 'voelt', 'verliep', 'zit', 'blijft'].includes(w);
/**
 * After an exception said first, what says it is one thing besides another ("Behalve een fiets heb ik ook een slot
 * gekocht", "Apart from the bike, the service was great too"), or the only one ("Behalve jullie niemand die zo goed
 * helpt"): no exception.
 */
export const saysBesides = (words: string[]): boolean => words.some((w) => BESIDES_TOO.has(w)) || words.join(' ').includes('as well')
  || words.slice(0, 3).some((w) => w === 'niemand' || w === 'nobody') || (words[0] === 'no' && words[1] === 'one');
const BESIDES_TOO = new Set(['ook', 'eveneens', 'too', 'also']);
/** A clause that ends in this sets itself against what came before: "Runs lovely, the aircon blows warm though". */
const TRAILING_CONTRAST = 'though';
const untilGoneBy = (word: string, rest: string[]): boolean =>
  UNTIL.has(word) && rest.length > 0 && (GONE_BY.has(rest[0]!) || rest.slice(0, 5).some((w) => AGO.has(w)));

/** "and" opens a clause too, so a negation stops at it: "Niet te duur | en werkt prima". */
const OPENERS = new Set([...CONTRASTS, 'en', 'and']);

/**
 * A negation ends where a new sentence begins without a full stop: "Ik heb het niet nodig | hij is kapot", "No need |
 * it broke already", "I don't need it anymore | it's broken". A new sentence opens with who does something: a pronoun
 * that can only be a subject ("hij", "ik", "she", "they", "it's"), or "het", "die", "it", "that" or a short noun phrase
 * ("de rits", "my bike") before a verb that says how it is or what it did ("het is stuk", "it broke", "de fiets is
 * kapot"). Not after a word that carries the negation on ("Ik denk niet dat hij kapot is", "I don't think it's
 * broken", "not sure it's broken", "geen idee of hij …"), a preposition ("not happy with its finish") nor a verb
 * before its subject ("Nooit heb ik problemen gehad", "Never have I had a problem").
 */
// (Not the second person, "you're", "jullie", "uw monteur": "Never felt you were rude", "Nooit gemerkt u bent
// onvriendelijk" are praise, and a subject there ends no negation. A review of the mend that made them subjects.)
const SUBJECTS = new Set(['hij', 'zij', 'ik', 'wij', 'we', 'he', 'she', 'they', 'i', "it's", 'its', "he's", "she's", "they're", 'theyre', "i'm", 'im', "i've", 'ive', "we're"]);
/** Words that may be a subject, or the object or article of the clause before: a subject only before a verb (FINITE). */
const MAYBE_SUBJECTS = new Set(['het', 'die', 'ze', 'dat', 'deze', 'it', 'that', 'this']);
const DETERMINERS = new Set(['de', 'het', 'mijn', "m'n", 'onze', 'deze', 'die', 'the', 'my', 'our', 'this', 'that']);
/** Verbs that say how a thing is or what it did, as they follow their subject. */
const FINITE = new Set([
  'is', 'was', 'zijn', 'waren', 'bent', 'doet', 'deed', 'werkt', 'werkte', 'lekt', 'lekte', 'zit', 'zat', 'blijft', 'bleef', 'gaat', 'ging', 'valt', 'viel',
  'piept', 'piepte', 'rammelt', 'breekt', 'brak', 'stopt', 'stopte', 'scheurt', 'scheurde', 'knapt', 'knapte', 'past', 'paste', 'rijdt', 'reed', 'loopt', 'liep', 'heeft', 'had',
  'are', 'were', 'broke', 'breaks', 'leaks', 'leaked', 'stopped', 'stops', 'works', 'worked', 'does', 'did', 'doesnt', "doesn't", 'didnt', "didn't",
  'wont', "won't", 'isnt', "isn't", 'wasnt', "wasn't", 'has', 'keeps', 'kept', 'fell', 'falls', 'came', 'tore', 'ripped', 'cracked', 'runs', 'ran',
  'fits', 'squeaks', 'rattles', 'started', 'starts',
  // and as a plural subject's: "de remmen piepen", "the brakes squeak"
  'piepen', 'lekken', 'werken', 'doen', 'zitten', 'rammelen', 'squeak', 'leak', 'work', 'rattle', 'break', 'fit', 'keep',
]);
/** Words after which a subject does not open a new sentence (see SUBJECTS). */
const CARRY_ON = new Set([
  // what carries the negation on: a word that says it of what follows ("not sure it fits"; a verb of thinking or
  // saying anywhere before: THOUGHT), or a word that opens a clause
  'vind', 'zeker', 'lijkt', 'sure', 'seem', 'seems', 'guess', 'feel', 'like', 'dat', 'of', 'omdat', 'als', 'alsof', 'waarom', 'wat', 'hoe', 'waar',
  'wie', 'wanneer', 'toen', 'terwijl', 'zodat', 'that', 'if', 'whether', 'why', 'what', 'how', 'where', 'who', 'when', 'because', 'as', 'since',
  // or what says it may yet happen: "Geen klachten tenzij hij kapot gaat", "Geen probleem mocht hij kapot gaan"
  'tenzij', 'mocht', 'mochten', 'indien', 'zolang', 'mits', 'unless', 'case', 'provided',
  // a preposition
  'met', 'van', 'voor', 'over', 'aan', 'in', 'op', 'bij', 'naar', 'uit', 'door', 'om', 'tot', 'zonder', 'with', 'of', 'for', 'about', 'on', 'at',
  'from', 'to', 'by', 'without',
  // a verb before its subject: "Nooit heb ik problemen gehad", "Never have I had a problem"
  'is', 'was', 'zijn', 'waren', 'heeft', 'had', 'hebben', 'heb', 'ben', 'doet', 'deed', 'kan', 'kon', 'zal', 'zou', 'wil', 'wou', 'moet', 'moest',
  'hoef', 'hoefde', 'mag', 'gaat', 'ging', 'have', 'has', 'did', 'do', 'does', 'am', 'are', 'were', 'can', 'could', 'will', 'would', 'should',
  'must', 'may', 'might', 'shall',
]);
/** What may stand between a subject and its verb: "it still leaks", "it just stopped", "het ging al kapot". */
const ADVERBS = new Set(['still', 'just', 'already', 'again', 'now', 'also', 'really', 'nog', 'al', 'weer', 'nu', 'ook', 'gewoon', 'echt']);
/** What stands before a verb that is no finite one: "de fiets te laten werken", "the brakes to work". */
const INFINITIVE = new Set(['te', 'laten', 'to', 'let', 'make']);
/**
 * A verb of thinking, hoping, fearing or saying anywhere in the clause before a subject says the negation of what
 * follows: "Ik denk niet hij is kapot", "Ik dacht niet hij was kapot", "I never thought it was broken", "I didn't say
 * it was broken", "Nobody said it was broken", "Niet bang hij gaat kapot".
 */
const THOUGHT = new Set(['denk', 'dacht', 'geloof', 'geloofde', 'hoop', 'hoopte', 'verwacht', 'verwachtte', 'bedoel', 'bedoelde', 'zeg', 'zei',
  'zeggen', 'gezegd', 'beweer', 'beweerde', 'vrees', 'vreesde', 'bang', 'think', 'thought', 'thinking', 'believe', 'believed', 'say', 'said',
  'saying', 'says', 'mean', 'meant', 'hope', 'hoped', 'expect', 'expected', 'claim', 'claimed', 'claiming', 'afraid', 'worried', 'suggest',
  'suggesting', 'implying']);
/**
 * A negation of how often that opens its clause ("Nooit", "Nog nooit", "Geen moment", "Geen enkele keer", "Never once",
 * "In two years not once") reaches the subject right after it, of a clause that has not said one yet: "Never once it
 * broke down", "Geen moment ik had spijt", and, with the verb before it as Dutch puts it there, "Nooit kreeg ik
 * problemen", "Geen enkele keer stond ik met pech". Not "Never again", "Nooit meer" ("Never again it broke after a day"),
 * nor "niet", "geen" before a word ("Niet tevreden hij is kapot", "Geen klachten ik ben tevreden"): a new sentence.
 */
const NEVER = [['nooit'], ['nog', 'nooit'], ['never'], ['never', 'ever'], ['never', 'once'], ['not', 'once'], ['not', 'one', 'time'],
  ['not', 'a', 'single', 'time'], ['geen', 'moment'], ['geen', 'seconde'], ['geen', 'minuut'], ['geen', 'enkel', 'moment'],
  ['geen', 'enkele', 'keer'], ['geen', 'enkele', 'seconde'], ['geen', 'enkele', 'minuut'], ['geen', 'keer'], ['not', 'for', 'a', 'moment'], ['not', 'for', 'a', 'second'],
  ['at', 'no', 'point'], ['at', 'no', 'time']];
/** Dutch finite verbs that may stand before their subject after "nooit" (a past tense in -de/-te also does: "merkte"). */
const INVERTED = new Set(['kreeg', 'kregen', 'krijg', 'zag', 'zagen', 'zie', 'werd', 'werden', 'word', 'stond', 'stonden', 'sta', 'ging', 'gingen',
  'ga', 'kwam', 'kwamen', 'kom', 'zat', 'zaten', 'zit', 'liep', 'liepen', 'loop', 'reed', 'rijd', 'vond', 'vonden', 'vind', 'bleef', 'bleven',
  'blijf', 'ervoer', 'ervoeren', 'ervaar', 'voel', 'merk', 'hoor', 'heb', 'hebt', 'had', 'hadden', 'ben', 'was', 'waren', 'kon', 'konden', 'kan',
  'moest', 'moesten', 'moet', 'hoefde', 'hoef', 'wilde', 'wil', 'zou', 'zal', 'deed', 'doe', 'gaf', 'geef', 'viel', 'val', 'brak', 'lag', 'lig']);
const NOT_INVERTED = new Set(['tevreden', 'ontevreden']);
const inverted = (w: string) => INVERTED.has(w) || (/\p{L}{2,}(?:de|te|den|ten)$/u.test(w) && !NOT_INVERTED.has(w));
/** Before "not once", what says when and no subject or verb: "In two years not once it broke", "In 2 jaar nooit …". */
const opensNoClause = (w: string) => w === 'in' || !(SUBJECTS.has(w) || MAYBE_SUBJECTS.has(w) || FINITE.has(w) || CARRY_ON.has(w));
/** Whether the clause so far ends in a negation of how often that opens it, and then at most its verb (see NEVER). */
function afterNever(clause: string[]): boolean {
  const ends = (at: number) => NEVER.some((p) => p.length <= at && p.every((w, k) => clause[at - p.length + k] === w)
    && clause.slice(0, at - p.length).every(opensNoClause));
  return ends(clause.length) || (inverted(clause.at(-1) ?? '') && ends(clause.length - 1));
}
/** Whether `tokens[i]` opens a new sentence, which a negation before it does not reach (see SUBJECTS); `clause`: its words before it. */
function opensSentence(tokens: string[], i: number, clause: string[]): boolean {
  const [word, before] = [tokens[i]!, tokens[i - 1]];
  if (before === undefined || CARRY_ON.has(before) || clause.some((w) => THOUGHT.has(w)) || afterNever(clause)) return false;
  if (SUBJECTS.has(word)) return true;
  const verb = (at: number) => FINITE.has(tokens[at] ?? '') || (ADVERBS.has(tokens[at] ?? '') && FINITE.has(tokens[at + 1] ?? ''));
  if (MAYBE_SUBJECTS.has(word) && verb(i + 1)) return true;
  // "de rits is", "my bike is", "de achterklep zit": one or two words, then the verb (not "de fiets te laten werken")
  const [second, third] = [tokens[i + 2] ?? '', tokens[i + 3] ?? ''];
  return DETERMINERS.has(word) && (verb(i + 2) || (FINITE.has(third) && !DETERMINERS.has(second) && !INFINITIVE.has(second)));
}

/**
 * A negation of what one expected, told after it turned out otherwise, says what follows, not its denial: "Had niet
 * gedacht dat hij zo goed zou zijn", "Niet verwacht dat hij zo licht is", "Didn't expect it to be this good", "Never
 * thought it would be so comfortable" (praise), "had niet gedacht dat hij zo snel kapot zou gaan", "Had niet verwacht
 * dat hij na een week al zou lekken" (complaints). Said of what was expected ("verwacht", "expect"), or of what was
 * thought with "would", "zou" after it or "had" before it ("I never thought it was broken" still denies). The present
 * is no surprise: "I don't expect it to break", "Ik denk niet dat hij kapot is" deny; and something must follow ("Had
 * ik niet verwacht!" stays a negation nothing explains).
 */
const EXPECTED = new Set(['verwacht', 'verwachtte', 'verwachtten', 'expected', 'gerekend', 'imagined']);
const THOUGHT_SO = new Set(['gedacht', 'thought', 'gedroomd', 'dreamed', 'dreamt']);
/** What a past negation says of the present forms ("didn't expect", "didn't think", "never imagine"). */
const EXPECT = new Set(['expect', 'think', 'imagine']);
const PAST_NEGATORS = new Set(["didn't", 'didnt', 'never', "wouldn't", 'wouldnt', "hadn't", 'hadnt', "couldn't", 'couldnt']);
const MODALS = new Set(['zou', 'zouden', 'kon', 'konden', 'would', 'could', "it'd", "i'd", 'might']);
const BETWEEN_EXPECTED = new Set(['have', 'had', 'ever', 'once', 'echt', 'zo', 'really', 'in', 'my', 'wildest']);
/**
 * Whether the negator at tokens[i] denies an expectation that turned out otherwise (see EXPECTED); `before`: its
 * clause's words so far.
 */
function surprised(tokens: string[], i: number, before: string[]): boolean {
  let j = i + 1;
  while (BETWEEN_EXPECTED.has(tokens[j] ?? '')) j++;
  const verb = tokens[j] ?? '';
  const rest = tokens.slice(j + 1);
  const opener = rest.findIndex((w) => OPENERS.has(w));
  const after = opener < 0 ? rest : rest.slice(0, opener);
  if (!after.length) return false;
  const past = PAST_NEGATORS.has(tokens[i]!) || (tokens[i] === 'not' && ['did', 'would', 'could', 'had'].includes(tokens[i - 1] ?? ''));
  if (EXPECTED.has(verb)) return true;
  if (EXPECT.has(verb)) return past && (verb === 'expect' || after.some((w) => MODALS.has(w)));
  return THOUGHT_SO.has(verb) && (after.some((w) => MODALS.has(w)) || before.some((w) => ['had', 'hadden'].includes(w)));
}

export const isNegator = (w: string): boolean => NEGATORS.has(w) || w.endsWith("n't") || /^n'\p{L}/u.test(w);

/**
 * "Niemand", "nobody" after who is excepted says that only they are so: "Behalve jullie niemand die zo goed helpt"
 * (praise), "Except you nobody helps this well"; no negation nothing explains.
 */
// (Only "niemand" and "nobody" here, not NOBODY_FIRST: a lone "no" after who is excepted is no nobody, "Behalve jullie
// no problems" is "no problems".)
const onlyThose = (word: string, before: Clause, after: string[]): boolean => {
  const opens = exceptionOpener(before.map((w) => w.text));
  return (word === 'niemand' || word === 'nobody') && before.length <= 4 && opens > 0 && before.length > opens
    // the shop so excepted, or who is as good as they are: not who else was not ("Behalve de monteur was niemand
    // vriendelijk")
    && (ADDRESSED.has(before[opens]!.text) || after.slice(0, 4).some((w) => AS_GOOD.has(w)));
};
const ADDRESSED = new Set(['jullie', 'u', 'jou', 'jij', 'you']);
/** Nobody, named before who alone is so. */
const NOBODY = [['niemand'], ['nobody'], ['no', 'one']];
/**
 * The first words of NOBODY ("niemand", "nobody", "no"): the one list by which the clauses, onlyTheShop and the reader
 * (reader.ts) know a nobody's word, which denies nothing where only the shop is so good.
 */
export const NOBODY_FIRST: ReadonlySet<string> = new Set(NOBODY.map((n) => n[0]!));
/**
 * Who alone is so, named after nobody between commas ("Niemand, behalve jullie, helpt zo goed", "Nobody, but you,
 * fixes it this well"): read as without them, one clause; split at the commas, its "niemand" was a negation nothing
 * explained, a problem.
 */
const NOBODY_BUT_COMMAS = new RegExp(`\\b(${NOBODY.map((n) => n.join(' ')).join('|')}) *, *(but|${EXCEPTION_OPENERS.map((o) => o.join(' '))
  .join('|')}) +(${[...ADDRESSED].join('|')}) *,?(?= )`, 'g');
/** So is nobody after who is excepted between commas: "Behalve jullie, niemand helpt zo goed", "Apart from you, nobody …". */
const BUT_NOBODY_COMMA = new RegExp(`\\b(${EXCEPTION_OPENERS.map((o) => o.join(' ')).join('|')}) +(${[...ADDRESSED].join('|')}) *, *(${
  NOBODY.map((n) => n.join(' ')).join('|')})\\b`, 'g');
/**
 * Who alone is so, named after nobody ("Niemand behalve jullie helpt zo goed", "Nobody but you fixes it this well",
 * "No one except you"): how many words say nobody and what excepts the shop from it; 0 when they do not.
 */
function nobodyBut(words: readonly string[]): number {
  const who = NOBODY.find((n) => n.every((x, k) => words[k] === x))?.length ?? 0;
  if (!who) return 0;
  const opens = words[who] === 'but' ? 1 : exceptionOpener(words.slice(who));
  return opens && ADDRESSED.has(words[who + opens] ?? '') ? who + opens : 0;
}
/**
 * The shop alone so good ("Apart from you nobody fixes it this well", "Niemand behalve jullie helpt zo goed", "Behalve
 * jullie doet niemand het zo goed"): praise, whatever its words (reader.ts). Not who else was not ("Behalve de monteur
 * was niemand vriendelijk"), nor nobody so good without the shop named.
 */
export function onlyTheShop(words: readonly string[]): boolean {
  const opens = exceptionOpener(words);
  const first = nobodyBut(words);
  const nobodyAfter = words.slice(opens + 1, opens + 4).some((w) => NOBODY_FIRST.has(w));
  const named = first || (opens && ADDRESSED.has(words[opens] ?? '') && nobodyAfter ? opens + 1 : 0);
  return named > 0 && words.slice(named).some((w) => AS_GOOD.has(w));
}
const AS_GOOD = new Set(['zo', "zo'n", 'zulke', 'beter', 'so', 'this', 'as', 'better', 'such']);
/**
 * Nobody, nowhere or never better or so good ("Nobody does it better", "Nergens beter geholpen", "Niemand zo goed als
 * jullie", "Never been helped better", "Nowhere better"): the highest praise, which read as a complaint said with a
 * negation; so bad or worse the lowest ("Nergens zo slecht geholpen", "Never been treated worse"), which read as
 * praise. Its none denies nothing: the comparative says how it was (reader.ts decides which, by its words). So is
 * nobody else who does or could ("Niemand anders verkoopt zulke goede fietsen", "Nobody else could fix it"): the shop
 * alone did. Not nobody who did ("Nobody helped me", "Nobody could fix it"), nor never as good as promised.
 */
export function noneSo(words: readonly string[]): boolean {
  const at = words.findIndex((w) => NONE_SO.has(w));
  if (at < 0 || !words.slice(0, at).every((w) => BEFORE_NONE.has(w))) return false;
  const who = words[at] === 'no' ? (words[at + 1] === 'one' ? at + 2 : -1) : at + 1;
  if (who < 0) return false;
  const after = words.slice(who);
  const compared = after.slice(0, 4).findIndex((w, k) => COMPARED.has(w) || (SO_MUCH.has(w) && after[k + 1] !== undefined));
  // "never as good as promised", "nooit zo goed als beloofd": what it was not, a complaint
  // nor better than another ("Nobody could do it better than my old shop", "Nooit meer zo goed als eerst"): the shop lost
  const than = after.findIndex((w) => THAN.has(w));
  if (than >= 0 && !THAN_US.has(after[than + 1] ?? '')) return false;
  if (compared >= 0 && !after.slice(compared).some((w) => PROMISED.has(w))) return true;
  return NOBODY_FIRST.has(words[at]!) && ELSE.has(after[0] ?? '');
}
const NONE_SO = new Set([...NOBODY_FIRST, 'nergens', 'nowhere', 'never', 'nooit']);
/** What may stand before the none: "Ik ben nog nooit zo goed geholpen", "I have never been helped better". */
const BEFORE_NONE = new Set(['ik', 'i', 'ben', 'heb', 'have', "i've", 'ive', 'nog', 'echt', 'really', 'had', 'was', 'werd']);
const COMPARED = new Set(['beter', 'better', 'slechter', 'worse', 'erger']);
const SO_MUCH = new Set(['zo', "zo'n", 'zulke', 'zulk', 'so', 'such', 'this']);
const ELSE = new Set(['else', 'anders']);
const THAN = new Set(['than', 'dan', 'als', 'as']);
const THAN_US = new Set(['you', 'u', 'jullie', 'jou', 'jij', 'your', 'jouw', 'here', 'hier', 'this', 'these', 'deze', 'dit', 'beloofd', 'verwacht', 'gehoopt', 'promised', 'expected', 'advertised', 'hoped']);
const PROMISED = new Set(['beloofd', 'verwacht', 'gehoopt', 'promised', 'expected', 'advertised', 'hoped']);
/** "Niemand, echt niemand, doet het beter": one nobody, said twice between commas. */
const NOBODY_TWICE = /\b(niemand|nobody|no one) *, *(?:echt|really|werkelijk|helemaal|absoluut|absolutely) +\1 *,/g;

/** Whether a word of the clause negates, where it stands (its clause's words so far, and the part's words after it). */
function negates(word: string, before: string[], after: string[]): boolean {
  if (!SOMETIMES.has(word)) return isNegator(word);
  if (word === 'ne') return after.some((w) => AFTER_NE.has(w));
  if (word === 'nicht') return !NIECE.has(before.at(-1) ?? '');
  if (word === 'nul' || word === '0') return after.length > 0 && !COUNTS_NOTHING.has(after[0]!) && !/^\d/.test(after[0]!);
  return before.length === 0 && !DUTCH_PAS.test(after[0] ?? '');
}

/** Whether a word negates: as clauses() found it, or, for a word it did not mark, by the word alone. */
export const negatesHere = (w: Word): boolean => w.negator ?? isNegator(w.text);

/** Friendly emoji (a regular expression's alternatives): beside a decline or a stop they are politeness; any other one ("Nee 😡") is what the customer feels, for the reader. */
export const FRIENDLY_EMOJI = '🙂|😊|👍|🙏|😉|😀|😃|☺️?';

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

/**
 * A sad face typed in signs, read as the emoji it stands for (the table reads 🙁 and 😢 as complaints): ":(", ":-(",
 * ":((", ";(", ":'(" and ":/", ":-/" (😕). Not a colon before a bracket that opens words ("Let op:(zie foto)"), nor a link's
 * "://". A smile typed so is left as it was (":)" reads as nothing): taking it for praise would let a reply reach nobody.
 */
const SAD_FACES = /(?<![\p{L}\p{N}])(?:[:;]-?\(+|:'-?\(+|:-?\/(?!\/))(?![\p{L}\p{N}])/gu;
const sadFace = (face: string) => (face.includes("'") ? '😢' : face.endsWith('/') ? '😕' : '🙁');

const TOKEN = /\p{Extended_Pictographic}|[\p{L}\p{N}]+(?:'\p{L}+)*/gu;

/**
 * A negator or a count of none alone after a colon says it of what the colon labels, as it would before it:
 * "Klachten: 0" is "0 klachten", "problemen: geen" "geen problemen", "complaints: none" "no complaints" (the complaint
 * word alone read as one), and "Tevreden: niet" "niet tevreden"; but a number after what a score marks is the mark
 * ("Service: 0", score.ts). Whether it did: only then is `label` changed.
 */
function sayOfLabel(label: Clause, none: string): boolean {
  const from = OPENERS.has(label[0]?.text ?? '') ? 1 : 0;
  const labelled = label.slice(from).map((w) => w.text);
  const number = none === '0' || none === 'nul';
  if (!(number ? !MARKS.has(labelled.at(-1) ?? '') && negates(none, [], labelled) : !SOMETIMES.has(none) && isNegator(none))) return false;
  label.splice(from, label.length - from, SOMETIMES.has(none) ? { text: none, negated: false, negator: true } : { text: none, negated: false },
    ...label.slice(from).map((w) => ({ ...w, negated: true })));
  return true;
}

/** The clauses of a reply, in order; a clause has at least one word besides the word that opens it. */
export function clauses(text: string): Clause[] {
  const result: Clause[] = [];
  const keep = (c: Clause) => c.length > (OPENERS.has(c[0]?.text ?? '') ? 1 : 0) && result.push(c);
  // the parts between punctuation, and the punctuation between them: ["klachten", ":", " 0"]
  const pieces = fold(text).replace(REFUSALS, 'nothanks').replace(NOBODY_BUT_COMMAS, '$1 $2 $3').replace(NOBODY_TWICE, '$1').replace(BUT_NOBODY_COMMA, '$1 $2 $3')
    .replace(SAD_FACES, (face) => ` ${sadFace(face)} `).split(/([.,;:!?()\n"]+)/);
  let lastOfPart: Clause | undefined;
  for (let p = 0; p < pieces.length; p += 2) {
    let clause: Clause = [];
    let negated = false;
    let tokens: string[] = pieces[p]!.match(TOKEN) ?? [];
    const label = /^:+$/.test(pieces[p - 1] ?? '') ? lastOfPart : undefined;
    if (label && tokens[0] !== undefined && tokens.slice(1).every(isEmoji) && sayOfLabel(label, tokens[0])) tokens = tokens.slice(1);
    const kept = result.length;
    // The end of "op … na" around things joined by "en" ("op de remmen en de bel na"), said last or first: one
    // exception, not split at its "en" (said first, reader.ts reads it after the praise).
    let [from, around] = [-1, -1];
    for (const [i, text] of tokens.entries()) {
      const rest = tokens.slice(i + 1);
      // "though" that ends the part marks the clause it ends; its own word says nothing more
      if (text === TRAILING_CONTRAST && rest.every(isEmoji) && clause.length && !OPENERS.has(clause[0]!.text)) {
        clause[0] = { ...clause[0]!, contrast: true };
        continue;
      }
      const until = untilGoneBy(text, rest);
      const except = excepts(text, rest, () => tokens.slice(0, i));
      if (CLOSING.has(text) && i > around) [from, around] = [i, i + joinedAround(tokens.slice(i), except, clause.length === 0)];
      // "Niemand behalve jullie …", "Nobody but you …": who alone is so, one clause; its "niemand" denies nothing
      const nobody = clause.length === 0 ? nobodyBut(tokens.slice(i)) : 0;
      if (nobody) [from, around] = [i, i + nobody];
      // "alleen maar" is "only", no contrast: "De airco blaast alleen maar warme lucht"
      const only = (text === 'alleen' && rest[0] === 'maar') || (text === 'maar' && tokens[i - 1] === 'alleen');
      if (((OPENERS.has(text) && !only) || until || except) && !(i > from && i < around)) {
        keep(clause);
        [clause, negated] = [[], false];
      }
      if (negated && opensSentence(tokens, i, clause.map((w) => w.text))) negated = false;
      const before = clause.filter((w) => !OPENERS.has(w.text) && !(w.contrast && UNTIL.has(w.text))).map((w) => w.text);
      const opener = rest.findIndex((w) => OPENERS.has(w));
      // (nor does a none said of the better: noneSo)
      const those = onlyThose(text, clause, rest) || (nobody > 0 && NOBODY_FIRST.has(text))
        || (NONE_SO.has(text) && noneSo([...clause.map((w) => w.text), text, ...rest]));
      const said = negates(text, before, opener < 0 ? rest : rest.slice(0, opener)) && !those;
      const negator = said && !surprised(tokens, i, before);
      const word: Word = SOMETIMES.has(text) || said !== negator || those ? { text, negated, negator } : { text, negated };
      clause.push(until || except ? { ...word, contrast: true } : word);
      if (negator) negated = true;
    }
    keep(clause);
    lastOfPart = result.length > kept ? result.at(-1) : undefined;
    if (lastOfPart && pieces[p + 1]?.includes('?')) lastOfPart.at(-1)!.asks = true;
  }
  return result;
}

/** Whether a clause opens with a contrast word ("maar de rits klemt"). */
export const opensWithContrast = (clause: Clause): boolean => CONTRASTS.has(clause[0]?.text ?? '') || !!clause[0]?.contrast;

/** Whether a clause opens with a moment the good ended: "tot gisteren", "until last week" (a contrast by its time). */
export const opensWithUntil = (clause: Clause): boolean => !!clause[0]?.contrast && UNTIL.has(clause[0].text);

/** Whether a clause opens with "and", "but" or the like, which a question or a greeting comes after. */
export const opensWithConjunction = (clause: Clause): boolean => OPENERS.has(clause[0]?.text ?? '');

/** A pattern matching any of `phrases` (regular expressions) as whole words. */
export const wholeWords = (phrases: string[]): RegExp => new RegExp(phrases.map((p) => `\\b${p}\\b`).join('|'));

/** Whether the reply holds a question mark anywhere. */
export const hasQuestionMark = (text: string): boolean => /[?？¿]/.test(text);

/** Whether a word is an emoji. */
export const isEmoji = (w: string): boolean => /\p{Extended_Pictographic}/u.test(w);
