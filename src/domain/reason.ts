// What a till or a form holds where the customer gave no reason: "null", "n.v.t.", "geen", "-". Not a reason: no
// message quotes it back ("(n.v.t)"), and the owner's figures do not count it as one.

/**
 * Placeholders for no reason, as the whole text: in any case, with any accents, and with the dots, slashes and spaces
 * left out ("N.v.t.", "n/a", "N A"). Only the whole text: "geen idee" and "none of the others fit" are reasons.
 */
const NO_REASON = [
  'null', 'nil', 'none', 'undefined', 'nan', 'geen', 'nvt', 'na', 'nb', 'nn', 'onbekend', 'unknown', 'leeg', 'empty', 'niks',
  'niets', 'nothing', 'x', 'xx', 'xxx', 'test', 'tbd', '0', 'reden', 'reason', 'geen reden', 'no reason', 'niet opgegeven',
  'niet ingevuld', 'niet van toepassing', 'not given', 'not specified', 'not applicable',
];
const noReasons = new Set(NO_REASON.flatMap((r) => [r, r.replaceAll(' ', '')]));

/** Whether a reason says nothing: a placeholder (NO_REASON), or nothing but signs ("-", "?", "...", blank). */
export function saysNoReason(reason: string): boolean {
  const words = reason.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return words === '' || noReasons.has(words) || noReasons.has(words.replaceAll(' ', ''));
}

/**
 * The same in SQL, of a reason as normaliseReason keeps it (lower case, without the signs around it): for the owner's
 * figures of reasons kept before placeholders were left out.
 */
export const SQL_SAYS_NO_REASON = (column: string): string =>
  `replace(replace(replace(replace(${column}, '.', ''), '/', ''), ' ', ''), '-', '') IN (${[...new Set(NO_REASON.map((r) => `'${r.replaceAll(' ', '')}'`))].join(', ')})`;
