// What a template gets to say about a sale: the customer's first name, what they bought and why, and when.
import { type Locale, type SaleItem, readable } from './sale.js';
import { purchases } from './purchase.js';
import { holdsLink, isStaffNote, saysNoReason } from './reason.js';
import { localDayNumber } from './zone.js';

/** Every key is always present (null when unknown): templates render in strict mode. */
export interface MessageProps {
  firstName: string | null;
  shopName: string;
  item: string | null; // the main thing bought (see purchases: the line worth most, no bag, discount or deposit)
  moreItems: number; // how many other products were bought in the sale
  oneMore: boolean; // moreItems is 1: "en nog 1 ander artikel", not "andere artikelen"
  reason: string | null; // why the customer bought, in their words
  visit: boolean; // the sale came to nothing (a repair under warranty, see cameToNothing): "was je bij …", not "kocht je …"
  yesterday: boolean; // the sale was on the local day before sending
  saleDate: string; // e.g. "zaterdag 14 maart", in the customer's language
  saleDateShort: string; // e.g. "14 mrt": what an SMS says when the long form would take it past one segment
  replyUrl: string | null; // e-mail only: the one-tap reply page
  unsubscribeUrl: string | null; // e-mail only
  afterProblem: boolean; // a come-back invitation after a complaint: it thanks her for telling, and names nothing bought (item and reason null)
}

export interface PropsInput {
  customerName: string | null;
  shopName: string;
  items: readonly SaleItem[];
  reason: string | null;
  /** What the sale came to: 0 with a line at €0 and none worth more is a visit (cameToNothing); absent or null, unknown. */
  total?: number | null;
  soldAt: number;
  sendAt: number;
  timezone: string;
  locale: Locale;
  links?: { replyUrl: string | null; unsubscribeUrl: string | null };
  /**
   * The shop keeps what was bought out of its messages (a pharmacy: `items` empty, `reason` null): they speak of the
   * visit ("gisteren was je bij Apotheek Noord. Alles goed?"), not of "iets" bought ("Bevalt het?", "We hope you still
   * enjoy it" of a medicine: the customer review).
   */
  discreet?: boolean;
  /**
   * A come-back invitation her complaint held (messages.after_problem, migration 079): "Kom gauw weer langs … je
   * Regenjas" to her who complained about the raincoat is tone-deaf. Nothing bought is named, nor her reason.
   */
  afterProblem?: boolean;
}

/**
 * Shortens to at most `max` characters, at a word boundary when there is one, without a dash, an "&" or a little word
 * left hanging before the dots ("2025 -...", "Van der...": see DANGLING).
 */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 3);
  const space = cut.lastIndexOf(' ');
  const words = space > max / 2 ? cut.slice(0, space) : cut;
  const tidy = words.replace(DANGLING, '');
  return `${tidy.length >= 3 ? tidy : words}...`;
}

/**
 * Shortened to at most `max` characters at the end of a word only, with "...", nothing little left hanging ("Kapsalon &
 * Schoonheidssalon...", not "Schoonheids..."); null when not even its first word fits.
 */
export function clipAtWord(s: string, max: number): string | null {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 3);
  const end = s[max - 3] === ' ' ? cut.length : cut.lastIndexOf(' ');
  if (end <= 0) return null;
  const kept = cut.slice(0, end).replace(DANGLING, '');
  return kept.length >= 3 ? `${kept}...` : null;
}
const DANGLING = /(?:[\s.,;:!?(\-–—/&+]+|\s(?:te|de|der|den|het|een|en|of|om|voor|van|met|in|op|aan|bij|naar|die|dat|the|a|an|and|or|to|for|of|with|on|at|my|mijn|is))+$/iu;

/**
 * A name that ends in a full stop of its own, or shortened with "...", before the text's full stop ends the sentence
 * once: "Zonen...", not "Zonen....", and "Jansen B.V. Bevalt het?", not "Jansen B.V.. Bevalt het?"; so does one that
 * ends in "!" or "?": "bij Hup! Bevalt het?", not "bij Hup!. Bevalt het?".
 */
export const oneStop = (text: string): string =>
  text.replace(/\.{3}\./g, '...').replace(/(?<!\.)\.\.(?!\.)/g, '.').replace(/([!?])\.(?!\.)/g, '$1');

const dateFormats = new Map<string, { long: Intl.DateTimeFormat; short: Intl.DateTimeFormat }>();
/** The texts of each local day asked for (Intl takes some 10 µs to write one; a morning's messages share a few days). */
const dayTexts = new Map<string, { long: string; short: string }>();

/**
 * A sale's day in the customer's language and the shop's zone: "zaterdag 14 maart", "Saturday 14 March" (weekday, day
 * and month), and short, "14 mrt", "14 Mar" (what an SMS says when the long form would take it past one segment).
 */
function saleDateTexts(at: number, timezone: string, locale: Locale): { long: string; short: string } {
  const key = `${locale}|${timezone}`;
  const day = `${key}|${localDayNumber(at, timezone)}`;
  let texts = dayTexts.get(day);
  if (texts === undefined) {
    let f = dateFormats.get(key);
    if (!f) {
      f = {
        long: new Intl.DateTimeFormat(locale, { timeZone: timezone, weekday: 'long', day: 'numeric', month: 'long' }),
        // British English, as the long form reads: "14 Mar", not the American "Mar 14".
        short: new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { timeZone: timezone, day: 'numeric', month: 'short' }),
      };
      dateFormats.set(key, f);
    }
    const p = Object.fromEntries(f.long.formatToParts(at).map((x) => [x.type, x.value]));
    texts = { long: `${p.weekday} ${p.day} ${p.month}`, short: f.short.format(at).replace(/\.$/, '') };
    if (dayTexts.size >= 10_000) dayTexts.clear(); // bounded, as the zones' offsets are
    dayTexts.set(day, texts);
  }
  return texts;
}

/** "zaterdag 14 maart", "Saturday 14 March": weekday, day and month in the customer's language and the shop's zone. */
export const saleDateText = (at: number, timezone: string, locale: Locale): string => saleDateTexts(at, timezone, locale).long;

const TITLES = new Set([
  'dhr', 'hr', 'heer', 'meneer', 'mevr', 'mw', 'mevrouw', 'mej', 'juffrouw', 'fam', 'familie', 'gebr', 'wed',
  'mr', 'mrs', 'ms', 'mx', 'miss', 'sir', 'madam', 'dr', 'drs', 'ir', 'ing', 'prof', 'mme', 'mlle', 'herr', 'frau',
  'dokter', 'zr', 'zuster', 'br', 'broeder', 'ds', 'dominee', 'pastoor', 'pater', 'rev', 'revd', 'fr', 'sr', 'st', 'jhr', 'jkvr',
]);
/**
 * A surname's first word: a name that starts with it ("de Vries", "Van den Berg", "El Khatib", "Mc Donald") has no
 * given name in it. "Al" too ("Al Jaber"): an Al greeted "Hoi," is none the worse, a Mr Al Jaber greeted "Hoi Al," is.
 * Not words that are given names as often (Di, Da, Du, Del, Della, Mac, Abu: its review), nor Al or El after a comma,
 * where the word is the given name ("Jansen, Al"; but "Vries, de" is still no one's given name).
 */
const PARTICLES = new Set(['de', 'den', 'der', 'van', 'vd', 'ten', 'ter', 'te', 'het', 't', 'la', 'le', 'von', 'zu', 'op', 'in', 'el', 'al', 'mc', 'dos', 'das']);
/** Of those, the given names after a comma ("Jansen, Al"); the others there are a surname's ("Vries, de"). */
const GIVEN_TOO = new Set(['al', 'el']);
/** A business or an institution, as its name's first word ("Garage De Vries", "Stichting Vrienden", "The Book Club"). */
const BUSINESSES = new Set([
  'garage', 'stichting', 'gemeente', 'vereniging', 'provincie', 'bv', 'nv', 'vof', 'cv', 'vve', 'mts', 'holding', 'groep', 'salon',
  'restaurant', 'cafe', 'eetcafe', 'hotel', 'school', 'kerk', 'parochie', 'praktijk', 'apotheek', 'ziekenhuis', 'bakkerij', 'slagerij',
  'kinderopvang', 'notaris', 'kapper', 'kapperszaak', 'bloemist', 'snackbar', 'bistro', 'pizzeria', 'camping', 'supermarkt',
  'transport', 'makelaardij', 'the', 'ltd', 'inc', 'llc', 'foundation', 'council', 'church', 'club', 'studio',
]);
/** Their ends: "Autobedrijf", "Autohandel", "Tandartspraktijk", "Schoonheidssalon", "Rijschool", "Adviesbureau". */
const BUSINESS_ENDINGS = [
  'bedrijf', 'handel', 'techniek', 'winkel', 'groep', 'centrum', 'praktijk', 'salon', 'studio', 'club', 'school', 'bureau', 'kantoor',
  'vereniging', 'zaak',
];
/**
 * What tills put in the name field for a customer they do not know, as its first word ("Geen naam", "Contante
 * verkoop", "Nieuwe klant"), or as the given name after a comma ("Klant, Nieuwe", "Jansen, Voornaam"); in lower case,
 * without accents or signs. Not "Till", "Gast" or "Winkel" further on in a name: "Pieter Winkel" is greeted Pieter.
 */
const PLACEHOLDERS = new Set([
  'klant', 'klanten', 'onbekend', 'onbekende', 'kassa', 'gast', 'anoniem', 'anonieme', 'particulier', 'consument', 'contant', 'contante', 'pin',
  'test', 'nvt', 'passant', 'passanten', 'loop', 'balie', 'toonbank', 'webshop', 'webwinkel', 'online', 'internet', 'website', 'winkel',
  'geen', 'naamloos', 'nieuw', 'nieuwe', 'vaste', 'vast', 'losse', 'los', 'diverse', 'divers', 'diversen', 'algemeen', 'algemene',
  'standaard', 'iemand', 'niemand', 'persoon', 'bezoeker', 'gebruiker', 'bedrijf', 'zakelijk', 'firma', 'kaart', 'leeg', 'voorbeeld',
  'customer', 'unknown', 'guest', 'anonymous', 'walk', 'walkin', 'cash', 'card', 'debit', 'none', 'null', 'undefined', 'first', 'last',
  'new', 'regular', 'default', 'generic', 'general', 'nobody', 'someone', 'somebody', 'person', 'visitor', 'user', 'client', 'buyer',
  'consumer', 'retail', 'counter', 'pos', 'shop', 'store', 'business', 'company', 'private', 'dummy', 'demo', 'example', 'sample', 'noname',
  'nameless', 'unnamed', 'empty', 'nn', 'xx', 'xxx', 'abc',
  // Whole words only: "Inaam", "Enaam" end so and are given names; "na" is one too ("Na Li", "Li, Na").
  'naam', 'voornaam', 'achternaam', 'roepnaam', 'familienaam', 'klantnaam',
]);
/** The ends of words that name nobody: "Kassaklant", "Pinbetaling", "Kassaverkoop", "Firstname"; not "naam" ("Inaam"). */
const PLACEHOLDER_ENDINGS = ['klant', 'klanten', 'verkoop', 'betaling', 'name', 'customer'];
const isPlaceholder = (word: string): boolean => PLACEHOLDERS.has(word) || PLACEHOLDER_ENDINGS.some((e) => word.endsWith(e));
const isBusiness = (word: string): boolean => BUSINESSES.has(word) || BUSINESS_ENDINGS.some((e) => word.length > e.length + 2 && word.endsWith(e));

/**
 * A word with a capital first letter, Dutch's "ij" before a consonant as one letter ("ijsbrand" is IJsbrand, "ijzerman"
 * IJzerman), not before a vowel, where it is two ("ijeoma" is Ijeoma, "ijaz" Ijaz).
 */
export const initialCapital = (w: string): string => (/^ij[b-df-hj-np-tv-xz]/u.test(w) ? `IJ${w.slice(2)}` : w.charAt(0).toUpperCase() + w.slice(1));

/** "sanne" and "SANNE" as a name is written: Sanne; "JAN-WILLEM": Jan-Willem. A name written mixed stays as it is ("McKay"). */
const asName = (w: string) =>
  w === w.toUpperCase() || w === w.toLowerCase() ? w.toLowerCase().replace(/(^|[-'])(\p{L}+)/gu, (_, sep: string, part: string) => sep + initialCapital(part)) : w;

/**
 * The name to greet a customer by, from the name the till gave: its first word, or the word after the comma when the
 * till writes the surname first ("Jansen, Sanne"), without the punctuation around it, written as a name. None when
 * that word is a title or an initial ("Dhr. P. Jansen", "Meneer Jansen", "J.Jansen"), the start of a surname ("de
 * Vries"), what a till writes for nobody ("Klant", "Passant", "Kassaklant", "Geen naam", "Klant, Nieuwe": see
 * PLACEHOLDERS), or no name at all (an e-mail address or a phone number typed into the field): "Hoi," rather than "Hoi
 * de," or "Hoi sanne@example.com,".
 */
export function firstNameOf(name: string | null): string | null {
  if (!name) return null;
  const comma = name.indexOf(',');
  const given = comma > 0 && name.slice(comma + 1).trim() ? name.slice(comma + 1) : name;
  const word = given.trim().split(/\s+/)[0] ?? '';
  if (/[\d@]/.test(word)) return null;
  const bare = word.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const folded = bare.toLowerCase();
  const plain = folded.normalize('NFKD').replace(/\P{L}/gu, ''); // "Cliënt", "Walk-in": client, walkin
  const afterComma = given !== name;
  if (bare.length < 2 || /\p{L}\.\p{L}/u.test(bare) || TITLES.has(folded) || (PARTICLES.has(folded) && !(afterComma && GIVEN_TOO.has(folded))) || isPlaceholder(plain) || isBusiness(plain)) {
    return null;
  }
  // Initials without their dots, or a given name shortened ("JW de Vries", "JW DE VRIES", "Jansen, JW", "Chr Jansen",
  // "Wm Smith"): a word with no vowel; or two capitals in a name not written in capitals ("PJ Smit"). A given name in
  // capitals stays one ("JAN DE VRIES", "EVA", "BJØRN", "BO"). (Latin letters only: a name in a script without
  // capitals, 王芳 or محمد, or in Cyrillic or Greek, is no initials.)
  const vowelless = /^\p{Script=Latin}+$/u.test(plain) && !/[aeiouyøæå]/.test(plain);
  if (vowelless || (bare === bare.toUpperCase() && given !== given.toUpperCase() && bare.length === 2)) return null;
  // A given name shortened with a dot ("Chr. Jansen", "Joh. de Vries", "Jansen, Joh."): with more of the name after
  // it, or of three letters or fewer. ("Jansen, Sanne." is Sanne.)
  if (word.endsWith('.') && (given.trim() !== word || bare.length <= 3)) return null;
  return asName(bare);
}

/**
 * Whether a sale came to nothing (a repair under warranty): its total is 0, a line of it says €0 and none is worth more.
 * Not a total of 0 alone: a till may send 0 for a total it does not know, or for a web order paid elsewhere, and an
 * exchange at the same price bought the shoe taken home. Every text a customer reads of the sale words it so (the
 * check-in, the one-tap reply page, a consent link's pages and e-mail): `visit`.
 */
export const cameToNothing = (items: readonly SaleItem[], total: number | null): boolean =>
  total === 0 && items.some((x) => x.unitPrice === 0) && !items.some((x) => x.unitPrice !== null && x.quantity * x.unitPrice > 0);

/** The quotes that close each opening one, as phones and tills type them ("…", “…”, „…“, '…', ‘…’, «…»). */
const CLOSES: Readonly<Record<string, string>> = { '"': '"”“', '“': '”“"', '„': '“”"', '”': '”', "'": "'’", '‘': '’‘', '’': '’', '«': '»', '»': '«' };

/**
 * A reason without the quotes written around the whole of it, which the templates put themselves: a pair, with no
 * quote of either kind between them ("a" en "b" are two quotes; an apostrophe in a word is none), and not Dutch's 't,
 * 's or 'n ("'t Oude Huis vond hij 'mooi'" keeps its apostrophe).
 */
const unquoted = (s: string): string => {
  const t = s.trim();
  const open = t[0] ?? '';
  const close = t.at(-1) ?? '';
  // (An apostrophe between two letters is no quote: "dad's", "foto's", "m'n", an iPhone's "Mum’s".)
  const inner = t.slice(1, -1);
  const quotes = inner.replace(/(?<=\p{L})['’](?=\p{L})/gu, '');
  const around = t.length > 2 && CLOSES[open]?.includes(close) && !quotes.includes(open) && !quotes.includes(close) && !/^['’][tsnkm]\s/iu.test(t);
  return around ? inner.trim() : t;
};

export function messageProps(i: PropsInput): MessageProps {
  const afterProblem = i.afterProblem === true;
  const bought = afterProblem ? [] : purchases(i.items, i.total ?? null);
  const day = saleDateTexts(i.soldAt, i.timezone, i.locale);
  return {
    firstName: firstNameOf(i.customerName && readable(i.customerName)),
    shopName: i.shopName,
    // A till's webhook (Shopify's, Loyverse's) may hold what the sale webhook's schema takes out: see readable(); and a
    // line break or tab in a name, which the e-mail's text would keep ("je Regenjas\nMaat L").
    item: bought[0] ? readable(bought[0].name).replace(/\s+/g, ' ').trim() : null,
    moreItems: Math.max(0, bought.length - 1),
    oneMore: bought.length === 2,
    // The templates put their own stop after it: "(Oude was kapot.)." and "\"Oude was kapot.\"." otherwise. A placeholder
    // ("null", "n.v.t.", "geen", "-") is no reason: "(n.v.t)" was quoted back. Nor is one with a web address quoted:
    // "klik http://bit.ly/x voor je prijs" read as phishing in the shop's name (kept for the owner's figures).
    // Nor the cashier's own note about her ("klant zocht cadeau, 10% korting gegeven": isStaffNote), kept for the owner.
    // The templates put the quotes: any she or the till wrote around it go ("(""voor mijn fietstochten"")").
    reason: (!afterProblem && i.reason && !saysNoReason(i.reason) && !holdsLink(i.reason) && !isStaffNote(i.reason) && unquoted(readable(i.reason).replace(/[\s.,;:]+$/u, ''))) || null,
    visit: i.discreet === true || cameToNothing(i.items, i.total ?? null),
    yesterday: localDayNumber(i.soldAt, i.timezone) === localDayNumber(i.sendAt, i.timezone) - 1,
    saleDate: day.long,
    saleDateShort: day.short,
    replyUrl: i.links?.replyUrl ?? null,
    unsubscribeUrl: i.links?.unsubscribeUrl ?? null,
    afterProblem,
  };
}

/**
 * Without Unicode's controls that turn the direction of the text after them (U+202A–U+202E, U+2066–U+2069): what a till,
 * a visitor of the join page or a customer typed is shown and sent without them. A till's name "Bob \u202Egnp.exe" turned
 * the owner's card around it, the reply's time and the purchase read backwards (a security review). Letters of either
 * direction need none: Arabic and Hebrew names read as they should without them.
 */
export const withoutDirectionControls = (s: string): string => s.replace(/[\u202A-\u202E\u2066-\u2069]/g, '');
