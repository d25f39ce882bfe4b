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
 * the common ones, the link shorteners' and the ones scams favour. Not every TLD: "cadeau.Voor mijn zoon", typed
 * without a space, is no address.
 */
const TLDS = [
  'nl', 'be', 'de', 'eu', 'com', 'net', 'org', 'info', 'biz', 'io', 'co', 'me', 'ly', 'gl', 'gd', 'to', 'cc', 'tk', 'ml', 'ga',
  'cf', 'gq', 'xyz', 'top', 'link', 'click', 'site', 'online', 'shop', 'store', 'app', 'ru', 'cn', 'uk', 'fr', 'es', 'it',
  'us', 'tv', 'ws', 'vip', 'live', 'win', 'loan', 'icu', 'buzz', 'club', 'page',
];
/**
 * A web address: a scheme ("http://", "https://"), "www.", or a name and a dot before one of TLDS, ending there or
 * followed by a path, a port or a sign ("bit.ly/x", "winactie.nl", "prijs.click?id=1"); an e-mail address's domain too
 * ("mail prijs@winactie.nl"). Read of the text as NFKC
 * (full-width letters, "ｈｔｔｐ", read as plain ones) and with any dot-like character as a dot.
 */
const WEB_ADDRESS = new RegExp(
  `(^|[^\\p{L}\\p{N}])(https?:|www\\.|[\\p{L}\\p{N}-]+\\.(${TLDS.join('|')})(?![\\p{L}\\p{N}]))`,
  'iu',
);

/**
 * Whether a reason holds a web address (WEB_ADDRESS): no message quotes it back, since a link in the shop's name reads
 * as phishing ("klik http://bit.ly/x voor je prijs") and carriers filter texts with shortened links; it is kept, for
 * the owner's figures.
 */
export const holdsLink = (reason: string): boolean => WEB_ADDRESS.test(reason.normalize('NFKC').replace(/[\u3002\uff0e\uff61\u2024]/g, '.'));
