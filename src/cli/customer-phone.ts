// How `customer export`, `erase` and `consent` read --phone: as the operator has it, typed off a receipt or the till's
// customer card ("0201234567 (vast)", "+31 20 123 4567 ext 12"), to find the rows that hold that number.
import { normalisePhone, numbersIn } from '../domain/contact.js';
import { UsageError } from './context.js';

/** The number to look for, in E.164, and what the operator is told of how it was read (null: nothing to tell). */
export interface PhoneToFind {
  e164: string;
  said: string | null;
}

/**
 * The number --phone names. Read as a till's phone field is where that works; where a till's would be left out of
 * its sale (a word beside the number, a mobile's extension), the one number in it is looked for all the same, and the
 * operator is told so, and that a sale whose till sent it so kept no phone: its customer is found by --email or
 * --sale. The till's advice ("send only the number") is no answer to someone erasing a customer. Two numbers, or
 * none, are refused, naming what was found.
 */
export function phoneToFind(raw: string, country: string): PhoneToFind {
  const read = normalisePhone(raw, country);
  const words = /\p{L}/u.test(raw);
  if (read.ok) return { e164: read.value, said: words ? `--phone: read as ${read.value} (what stands beside the number left aside)` : null };
  const found = numbersIn(raw, country);
  if (found.length === 0) throw new UsageError(`--phone: ${read.message}`);
  if (found.length > 1) {
    const all = found.map((f) => f.number.number).join(', ');
    throw new UsageError(`--phone: "${raw}" holds ${found.length} phone numbers (${all}): give one of them, and each other one in a run of its own`);
  }
  const e164 = found[0]!.number.number;
  return {
    e164,
    said:
      `--phone: read as ${e164}, the one number in "${raw}". A till's sale with the phone written so holds none ` +
      '(nextdeal left it out), so its customer is not found by it: find them by --email, or the sale by --sale <id>',
  };
}
