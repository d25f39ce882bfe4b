// SMS length: a message in the GSM 03.38 alphabet fits 160 characters in one segment; one character outside it
// turns the whole message into UCS-2, 70 characters a segment. So we keep texts in GSM where we can.

const BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const EXTENDED = '^{}\\[~]|€'; // two units each
const gsm = new Set([...BASIC]);
const ext = new Set([...EXTENDED]);
const lookalikes: Record<string, string> = {
  '‘': "'", '’': "'", '‚': "'", '‹': "'", '›': "'", '“': '"', '”': '"', '„': '"', '«': '"', '»': '"', '–': '-', '—': '-', '•': '-',
  '…': '...', '\u00a0': ' ', '×': 'x', '⁄': '/', '′': "'", '″': '"', '´': "'", '`': "'",
  // Letters that do not fall apart into a GSM letter and an accent: written as they are spelled without it.
  'Ĳ': 'IJ', 'ĳ': 'ij', 'Ł': 'L', 'ł': 'l', 'Œ': 'OE', 'œ': 'oe', 'Đ': 'D', 'đ': 'd', 'Ð': 'D', 'ð': 'd', 'Ħ': 'H', 'ħ': 'h',
  'ı': 'i', 'Ŀ': 'L', 'ŀ': 'l', 'Ŋ': 'N', 'ŋ': 'n', 'Þ': 'Th', 'þ': 'th', 'ſ': 's', 'ẞ': 'SS',
};

/** A text all in the basic alphabet (most are): its length is its units, and toGsm leaves it as it is. */
const classOf = (chars: string) => `[${chars.replace(/[\\\]\[^-]/g, '\\$&')}]*`;
const allBasic = new RegExp(`^${classOf(BASIC)}$`);
const allGsm = new RegExp(`^${classOf(BASIC + EXTENDED)}$`);

/** One segment holds this many GSM units. */
export const SEGMENT = 160;

/** A part of a longer SMS holds this many GSM units (the header that joins the parts takes the rest), or 67 in UCS-2. */
export const PART = 153;

/** Length in GSM units, or Infinity when a character needs UCS-2. */
export function gsmUnits(s: string): number {
  if (allBasic.test(s)) return s.length;
  let n = 0;
  for (const c of s) n += gsm.has(c) ? 1 : ext.has(c) ? 2 : Infinity;
  return n;
}

/**
 * How many segments an SMS is sent in: one of 160 GSM units, else parts of 153, a two-unit character (€) never split
 * between two; in UCS-2 one of 70, else parts of 67.
 */
export function smsSegments(s: string): number {
  const units = gsmUnits(s);
  if (units <= SEGMENT) return 1;
  if (units === Infinity) return s.length <= 70 ? 1 : Math.ceil(s.length / 67);
  let parts = 1;
  let used = 0;
  for (const c of s) {
    const u = ext.has(c) ? 2 : 1;
    if (used + u > PART) [parts, used] = [parts + 1, 0];
    used += u;
  }
  return parts;
}

/**
 * The text in the GSM alphabet only, so an SMS stays one 160-character segment: letters outside it written plainly
 * (Zoë → Zoe, Łukasz → Lukasz, Ĳssel → IJssel, Bœuf → Boeuf, Şükrü → Sükrü), signs by their nearest form (’ → ', ½ → 1/2),
 * any other white space a space, and what has none (emoji, other scripts) left out, with the space it leaves.
 */
export function toGsm(s: string): string {
  if (allGsm.test(s)) return s;
  let out = '';
  for (const c of s.normalize('NFC')) {
    if (gsm.has(c) || ext.has(c)) out += c;
    // Micro (µ, or the Greek letter for it) after a number: "25µg" of a pharmacy's vitamin is 25 micrograms, never
    // "25g" (GSM has no lower-case Greek); "ug" is how it is written without the sign. Not in a Greek word ("Εμμανουήλ").
    else if ((c === 'µ' || c === 'μ') && /\d ?$/.test(out)) out += 'u';
    else if (lookalikes[c]) out += lookalikes[c];
    // A tab, a thin or ideographic space: a space (left out, it glued two words: "Maat Lblauw").
    else if (/\s/.test(c)) out += ' ';
    else {
      // Its letters without accents, or its plain form: ½ 1⁄2, ﬁ fi, ™ TM, ² 2 (a fraction after a digit apart from it:
      // 1⅝ is "1 5/8", not "15/8").
      // (Not a spacing accent's, a space and the accent: "Zo¨e" is "Zoe", not "Zo e".)
      const bare = c.normalize('NFKD').replace(/\p{M}/gu, '').replace(/^ $/, '');
      if (bare && [...bare].every((b) => gsm.has(b) || lookalikes[b])) {
        out += `${bare.includes('⁄') && /\d$/.test(out) ? ' ' : ''}${[...bare].map((b) => (gsm.has(b) ? b : lookalikes[b])).join('')}`;
      }
    }
  }
  return out === s ? s : out.replace(/ {2,}/g, ' ').replace(/ +([,.!?:;)])/g, '$1').replace(/\( +/g, '(').trim();
}

/** A name, item or reason for an SMS: in GSM letters, or null when nothing of it can be written so (a name in Cyrillic). */
export function gsmOrNull(s: string | null): string | null {
  const plain = s === null ? null : toGsm(s);
  return plain && /\p{L}/u.test(plain) ? plain : null;
}

/**
 * Who an SMS says it is from: the shop's name in GSM letters, or, when none of it can be written so ("Калинка",
 * "东方超市", an emoji), its slug: never ": je code is 114106" nor "kocht je Tulpen bij .", from nobody. (Its name as it
 * is would turn the whole SMS into UCS-2, 70 characters a segment: two or three where one is promised.)
 */
export const smsShopName = (shop: { name: string; slug: string }): string => gsmOrNull(shop.name) ?? shop.slug;
