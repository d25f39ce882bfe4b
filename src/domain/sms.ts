// SMS length: a message in the GSM 03.38 alphabet fits 160 characters in one segment; one character outside it
// turns the whole message into UCS-2, 70 characters a segment. So we keep texts in GSM where we can.

const BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const EXTENDED = '^{}\\[~]|€'; // two units each
const gsm = new Set([...BASIC]);
const ext = new Set([...EXTENDED]);
const lookalikes: Record<string, string> = { '‘': "'", '’': "'", '‚': "'", '“': '"', '”': '"', '„': '"', '–': '-', '—': '-', '…': '...', '\u00a0': ' ' };

/** One segment holds this many GSM units. */
export const SEGMENT = 160;

/** Length in GSM units, or Infinity when a character needs UCS-2. */
export function gsmUnits(s: string): number {
  let n = 0;
  for (const c of s) n += gsm.has(c) ? 1 : ext.has(c) ? 2 : Infinity;
  return n;
}

/** Replaces letters and signs outside GSM by their nearest GSM form (Zoë → Zoe, ’ → '); leaves what has none. */
export function toGsm(s: string): string {
  let out = '';
  for (const c of s) {
    if (gsm.has(c) || ext.has(c)) out += c;
    else if (lookalikes[c]) out += lookalikes[c];
    else {
      const bare = c.normalize('NFD').replace(/\p{M}/gu, '');
      out += [...bare].every((b) => gsm.has(b)) ? bare : c;
    }
  }
  return out;
}
