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
