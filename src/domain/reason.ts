// What a till or a form holds where the customer gave no reason: "null", "n.v.t.", "geen", "-". Not a reason: no
// message quotes it back ("(n.v.t)"), and the owner's figures do not count it as one.

/**
 * Placeholders for no reason, as the whole text: in any case, and with the signs between and around them left out
 * (SIGNS: "N.v.t.", "n/a", "N A", "n,v,t", "n_a"). Only the whole text: "geen idee" and "none of the others fit" are
 * reasons. Accents are not left out, as SQL could not do the same (SQL_SAYS_NO_REASON): "géén" is a reason.
 */
const NO_REASON = [
  'null', 'nil', 'none', 'undefined', 'nan', 'geen', 'nvt', 'na', 'nb', 'nn', 'onbekend', 'unknown', 'leeg', 'empty', 'niks',
  'niets', 'nothing', 'x', 'xx', 'xxx', 'test', 'tbd', '0', 'reden', 'reason', 'geen reden', 'no reason', 'niet opgegeven',
  'niet ingevuld', 'niet van toepassing', 'not given', 'not specified', 'not applicable',
];
/** The signs a placeholder may be written with; a text of nothing else ("-", "?", "...") says nothing either. Not an emoji ("🎁"). */
const SIGNS = [' ', '.', ',', '/', '\\', '-', '_', ':', ';', '!', '?', "'", '"', '(', ')', '[', ']', '*', '#', '+', '=', '~', '|', '…'];
const noReasons = new Set(['', ...NO_REASON.map((r) => r.replaceAll(' ', ''))]);
/** SIGNS as one character class: a reason is read in one pass, at every sale that gives one. */
const ANY_SIGN = new RegExp(`[${SIGNS.map((sign) => sign.replace(/[\\\]\-^[]/g, '\\$&')).join('')}]`, 'g');

/**
 * Whether a reason says nothing: a placeholder (NO_REASON), or nothing but signs. Said alike of a reason as the
 * customer gave it and as normaliseReason keeps it (lower case, single spaces, NFKC), so the figures' SQL agrees.
 */
export function saysNoReason(reason: string): boolean {
  return noReasons.has(reason.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').replace(ANY_SIGN, ''));
}

/**
 * The same in SQL, of a reason as normaliseReason keeps it (lower case, single spaces): for the owner's figures of
 * reasons kept before placeholders were left out.
 */
export const SQL_SAYS_NO_REASON = (column: string): string =>
  `${SIGNS.reduce((e, sign) => `replace(${e}, '${sign.replaceAll("'", "''")}', '')`, column)} IN (${[...noReasons].map((r) => `'${r}'`).join(', ')})`;

/**
 * Top-level domains a web address in a reason is written with, without a scheme or "www." ("bit.ly/x", "winactie.nl"):
 * the common ones, the link shorteners' and the ones scams favour. Not every TLD.
 */
const TLDS = [
  'nl', 'com', 'net', 'org', 'info', 'biz', 'io', 'ly', 'gl', 'gd', 'tk', 'ml', 'cf', 'gq', 'xyz', 'top', 'link', 'click',
  'site', 'online', 'shop', 'store', 'app', 'ru', 'cn', 'uk', 'fr', 'ws', 'vip', 'live', 'win', 'loan', 'icu', 'buzz', 'club', 'page',
];
/**
 * Endings that are everyday words too, typed after a stop without a space ("kapot.de nieuwe", "gift.to my son",
 * "niet meer.ga weg", "kapot.nu", "leuk.fun"): a web address only before a path ("t.me/prijs", "actie.nu/x").
 */
const WORDS_TOO = ['de', 'be', 'eu', 'co', 'me', 'to', 'cc', 'ga', 'es', 'it', 'us', 'tv', 'ai', 'nu', 'pro', 'fun'];
const BEFORE_A_PATH = [...TLDS, ...WORDS_TOO].join('|');
/**
 * An ending alone: in lower case, or in capitals for those that are no word of a sentence typed in capitals
 * ("WINACTIE.NL", "BOL.COM"; not "CADEAU.DE NIEUWE", "KAPOT.SHOP WAS DICHT"); not written as a word begins ("stuk.De").
 */
const CAPITALS = ['nl', 'com', 'net', 'org', 'biz', 'io', 'ly', 'xyz', 'click', 'icu', 'buzz', 'ru', 'cn', 'tk', 'ml', 'gq', 'cf', 'gl', 'gd', 'ws', 'vip'];
const ENDING = `(?:${TLDS.join('|')}|${CAPITALS.join('|').toUpperCase()})`;
/** What goes before a name: the start, or a sign or space (not a letter or digit of a longer word). */
const START = '(?:^|[^\\p{L}\\p{N}])';
/**
 * A web address (a reason is tested against each):
 * - a scheme ("http://", "https://") or "www.", in any case;
 * - a name, a dot and one of TLDS or WORDS_TOO followed by a path ("bit.ly/x", "BIT.LY/x", "t.me/x"), also with spaces
 *   around the dot ("bit . ly/x");
 * - a name, a dot and an ENDING, not followed by a letter or digit ("winactie.nl",
 *   "via bol.com.", "prijs.click?id=1", "mail prijs@winactie.nl", "<winactie.nl>", "KLIK WINACTIE.NL"). One written as a
 *   word begins starts a sentence typed without a space ("stuk.De nieuwe", "gift.To my son", "kapot.Shop");
 * - an IPv4 address ("192.168.1.1/x").
 */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const WEB_ADDRESS = [
  new RegExp(`${START}(?:https?:|www\\.)`, 'iu'),
  new RegExp(`${START}[\\p{L}\\p{N}-]+\\s*\\.\\s*(?:${BEFORE_A_PATH})/`, 'iu'),
  new RegExp(`${START}[\\p{L}\\p{N}-]+\\.${ENDING}(?![\\p{L}\\p{N}])`, 'u'),
  new RegExp(`(?:^|[^\\p{N}.])${OCTET}(?:\\.${OCTET}){3}(?![\\p{N}]|\\.\\p{N})`, 'u'),
];
/** Characters that show nothing (zero-width space, joiners, word joiner, soft hyphen, byte order mark): a link split by them reads whole. */
const INVISIBLE = /[\u200b-\u200d\u2060\u00ad\ufeff]/g;
/** Dot-like characters (middle dots, one-dot leaders, ideographic and full-width stops), and a dot in brackets with any spaces around ("example[.]com", "shop (.) nl"). */
const DOT_LIKE = /[\u00b7\u2024\u2027\u3002\uff0e\uff61\ufe52]|\s*[[({]\s*\.\s*[\])}]\s*/g;

/**
 * Whether a reason holds a web address (WEB_ADDRESS): no message quotes it back, since a link in the shop's name reads
 * as phishing ("klik http://bit.ly/x voor je prijs") and carriers filter texts with shortened links; it is kept, for
 * the owner's figures. Read of the text as NFKC (full-width letters, "ｈｔｔｐ", read as plain ones), without invisible
 * characters, and with any dot-like character as a dot.
 */
export const holdsLink = (reason: string): boolean => {
  const text = reason.normalize('NFKC').replace(INVISIBLE, '').replace(DOT_LIKE, '.');
  return WEB_ADDRESS.some((address) => address.test(text));
};

/**
 * Whether a reason is the staff's note about the customer, not her words: it names her in the third person anywhere
 * ("klant", "klante", "klantnr", "cliënt(e)", "client", "customer", "kl", "cust", or by a title: "mevrouw", "mevr",
 * "mw", "meneer", "mnr", "dhr"; any case, as a whole word: "Klant zocht cadeau voor vrouw,
 * 10% korting gegeven", "10% korting, klant zocht cadeau", "Kl komt terug"), or it is one or two letters alone ("Kl", "m."; an emoji is hers). No
 * message quotes it back to her; it is kept, and shown to the owner as it was. Her own words that say "klant" ("Klant
 * van jullie sinds 1990") go unquoted too: a reason left out says nothing wrong, a note quoted as hers does (the review
 * of 1ea223e).
 */
export const isStaffNote = (reason: string): boolean =>
  /(?<![\p{L}\p{N}])(?:klante?|klantnr|cli[eë]nte?|client|customer|kl|cust|mevrouw|mevr|mw|meneer|mnr|dhr)(?![\p{L}\p{N}])/iu.test(reason.normalize('NFC')) ||
  /^[^\p{L}\p{N}]*\p{L}{1,2}[^\p{L}\p{N}]*$/u.test(reason);
