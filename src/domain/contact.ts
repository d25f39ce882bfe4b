// Phone numbers and e-mail addresses as a till types them, turned into one canonical form each.
import { domainToASCII } from 'node:url';
import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber, findNumbers, getCountries, getCountryCallingCode, isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';

/**
 * An SMS sender: a number in E.164 ("0612345678" is one written without its +31). Never an alphanumeric sender ID
 * ("Fietsen"): nobody can answer one, so a check-in that asks "Bevalt het? Antwoord gerust. Afmelden: STOP" would ask
 * for a reply and offer a STOP that can never come.
 */
export const smsSender = z.string().regex(/^\+[1-9]\d{6,14}$/,
  'expected a number in E.164 such as +31612345678 (customers must be able to answer it, and to send STOP: a sender name such as "Fietsen" cannot be answered)');

export type Normalised = { ok: true; value: string } | { ok: false; message: string };

const REMEMBERED = 5000;
/**
 * What was made for the last few thousand keys, the oldest going first. The keys are kept in order beside the Map, in a
 * ring: the Map's own oldest key (`keys().next()`) is found by walking past every entry deleted from its front since it
 * was last rebuilt, some 8 µs each time, twice for each new customer's number once the Maps are full (bench/NOTES.md,
 * 5 December).
 */
function remembered<T extends Normalised | boolean | string | null>(): (key: string, make: () => T) => T {
  const cache = new Map<string, T>();
  const order: string[] = [];
  let oldest = 0;
  return (key, make) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = make();
      if (order.length === REMEMBERED) cache.delete(order[oldest]!);
      order[oldest] = key;
      oldest = (oldest + 1) % REMEMBERED;
      cache.set(key, v);
    }
    return v;
  };
}

/**
 * A few thousand numbers read lately, by the text and the country they were read with: a till posts the same regular
 * customers' numbers again and again, and reading one costs some 80 µs (libphonenumber's metadata), a look-up nothing.
 */
const read = remembered<Normalised>();

/** A phone number in E.164 (+31612345678); a local format is read with the shop's country. */
export function normalisePhone(raw: string, defaultCountry: string): Normalised {
  return read(`${defaultCountry}\u0000${raw}`, () => parsePhone(raw, defaultCountry));
}

function parsePhone(raw: string, defaultCountry: string): Normalised {
  const country = isSupportedCountry(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  let phone = parsePhoneNumberFromString(raw, { defaultCountry: country, extract: false });
  // The number's type, read once, answers both questions. With the full metadata a number of a known type is valid:
  // isValid() is that same reading again (libphonenumber-js: isValid.js), asked here only when no type matched.
  let type = phone?.getType();
  if (!phone || (type === undefined && !phone.isValid())) {
    const within = annotated(raw, country);
    if (typeof within === 'string') return { ok: false, message: within };
    if (within === null) {
      // (A number written with its country code is not read as a local one: saying so would point at another cause.)
      const local = country && !/^\s*(?:\+|00)/.test(raw) ? ` (local numbers are read as ${country})` : '';
      return { ok: false, message: `not a valid phone number${local}` };
    }
    [phone, type] = [within, within.getType()];
  }
  // A number with an extension ("0612345678 ext 23", "+44 7911 123456 x12") is a switchboard's: a text to it reaches
  // whoever answers that line, not the customer. (A landline with one is kept as before: it is never texted.)
  if (phone.ext && takesTexts(phone.number, type)) {
    return { ok: false, message: 'holds an extension: a text cannot reach an extension; send only the customer\'s own mobile number' };
  }
  // Whether it takes texts is known from this reading too: the sale's plan asks next, and need not read it again.
  textable(phone.number, () => takesTexts(phone.number, type));
  return { ok: true, value: phone.number };
}

/**
 * Words a till's phone field may hold beside the customer's own mobile number that say only what it is ("0612345678
 * (mobiel)", "M: +31 6 …", "+44 7911 123456 ext" with no extension): the number is read without them. Any other word
 * may say it is not the one to text ("(moeder)", "oud", "niet bellen"), so the number is not read out of it.
 */
const LABEL = /^(?:mobiel|mob|mobile|gsm|cell|tel|telefoon|telephone|phone|nr|nummer|number|prive|privé|private|eigen|own|whatsapp|sms|ext|m|t)$/iu;
/**
 * One letter is a label only before the number ("M: +31 6 …", "T 06 …"): after it, "(m)" or "(v)" as often says whose
 * it is ("man", "moeder") as what it is.
 */
const LETTER = /^[mt]$/iu;

/**
 * The phone numbers written in a text, where each stands and as what it is read, a local one with `country` (a country
 * libphonenumber does not know reads none of them as local). One reading for a till's phone field with words beside
 * the number (annotated), a customer's words asking for a call (phoneIn) and the operator's --phone
 * (cli/customer-phone.ts).
 */
export const numbersIn = (text: string, country: string | undefined) =>
  findNumbers(text, { defaultCountry: country !== undefined && isSupportedCountry(country) ? (country as CountryCode) : undefined, v2: true });

/**
 * The one mobile number in a phone field that also holds words (read), or why it is not read: two numbers (which one
 * is the customer's is never guessed), or words other than a plain LABEL, or a number that is no mobile. Null when the
 * field holds no number at all, which is then no valid one.
 */
function annotated(raw: string, country: CountryCode | undefined): PhoneNumber | string | null {
  const found = numbersIn(raw, country);
  if (found.length > 1) return `holds ${found.length} phone numbers: send only the customer's mobile number (which one is theirs is not guessed)`;
  if (found.length === 0) return null;
  const [{ number, startsAt, endsAt }] = found as [(typeof found)[number]];
  const wordsOf = (s: string) => s.split(/[\s()[\]:;,./|-]+/u).filter(Boolean);
  const [before, after] = [wordsOf(raw.slice(0, startsAt)), wordsOf(raw.slice(endsAt))];
  const plain = before.length + after.length > 0 && before.every((w) => LABEL.test(w)) && after.every((w) => LABEL.test(w) && !LETTER.test(w));
  return plain && isMobile(number.number) ? number : 'holds more than a phone number: send only the number';
}

// Number types that cannot receive a text message.
const notTextable = new Set(['FIXED_LINE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'UAN', 'VOICEMAIL', 'PAGER']);
const takesTexts = (e164: string, type: string | undefined) => (type === undefined || !notTextable.has(type)) && !isMachine(e164);

/**
 * Whether an E.164 number can take an SMS someone reads: mobiles yes, landlines and service numbers no, a machine's SIM
 * (isMachine) no, unknown types yes.
 */
const textable = remembered<boolean>();
export function canReceiveSms(e164: string): boolean {
  return textable(e164, () => takesTexts(e164, parsePhoneNumberFromString(e164)?.getType()));
}

/**
 * NL 097: a machine's SIM (a meter, an alarm, a car), typed MOBILE (libphonenumber's metadata gives the Netherlands no
 * M2M type), with no one to read a text. A test of its first digits, cheap enough for every send (queue/messages.ts).
 */
const MACHINE = /^\+3197/;
export const isMachine = (e164: string): boolean => MACHINE.test(e164);

/**
 * Whether an E.164 number is a mobile one, which is all a join page texts a code to (a stranger's number typed on it must
 * not reach a VoIP or an unknown line): MOBILE, or FIXED_LINE_OR_MOBILE where a country's numbers do not tell the two
 * apart (the US); never a machine's SIM (NL 097), typed MOBILE. A till's sale keeps canReceiveSms: its customer gave
 * the shop that number.
 */
export function isMobile(e164: string): boolean {
  if (isMachine(e164)) return false;
  const type = parsePhoneNumberFromString(e164)?.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

/**
 * The country of an E.164 number ("+31612345678": NL; "+12125550123": US, "+16045550123": CA), null when its numbering
 * tells none. Read from its calling code where only one country has it (+31), else (+1, +7, +44) from the number.
 */
export function phoneCountry(e164: string): string | null {
  for (let digits = 1; digits <= 3; digits++) {
    const countries = callingCodes.get(e164.slice(1, 1 + digits));
    if (countries) return countries.length === 1 ? countries[0]! : countryOf(e164, () => parsePhoneNumberFromString(e164)?.country ?? null);
  }
  return null;
}
const countryOf = remembered<string | null>();
const callingCodes = new Map<string, string[]>();
for (const country of getCountries()) {
  const code = getCountryCallingCode(country);
  callingCodes.set(code, [...(callingCodes.get(code) ?? []), country]);
}

// The part before the @ as RFC 5322 has it (zod's default pattern refuses some that are real: "jan&piet@…"); the domain
// as zod's default checks one, in its ASCII form, so that a domain written in its own letters ("jan@müller.de", which
// mail servers take as xn--mller-kva.de) is not lost.
const address = z.email({ pattern: z.regexes.rfc5322Email });
const domain = z.email();

/** An e-mail address, trimmed and in lower case. */
export function normaliseEmail(raw: string): Normalised {
  const value = raw.trim().toLowerCase();
  const at = value.lastIndexOf('@');
  const ascii = at > 0 ? domainToASCII(value.slice(at + 1)) : '';
  const ok = ascii !== '' && address.safeParse(`${value.slice(0, at)}@${ascii}`).success && domain.safeParse(`x@${ascii}`).success;
  return ok ? { ok: true, value } : { ok: false, message: 'not a valid e-mail address' };
}

export const isCountry = (code: string): boolean => isSupportedCountry(code);

/**
 * A `mailto:` link to an address (RFC 6068): the part before the @ percent-encoded, for an address may hold `#`, `?`
 * or `%` ("klant#2@…"), which would otherwise end the address there or add a Cc; the domain in its ASCII form.
 */
export function mailtoHref(email: string): string {
  const at = email.lastIndexOf('@');
  return `mailto:${encodeURIComponent(email.slice(0, at))}@${domainToASCII(email.slice(at + 1)) || encodeURIComponent(email.slice(at + 1))}`;
}

/** Words that ask to be called, or give a number to be reached on. */
const ASKS_A_CALL = /\b(?:bel|belt|bellen|terugbellen|gebeld|telefoontje|bereikbaar|call|ring|phone|reach)\b/iu;
/**
 * Words just before a number that make it no number to call them on: another number (an order, a receipt, a part, an
 * account, a date, an amount), the shop's own ("uw nummer", "ik belde …"), or one they no longer use ("niet op", "oude").
 */
const NOT_THEIRS = /(?:order|bestel|bon|factuur|invoice|receipt|serie|serial|klant|customer|onderdeel|part|artikel|article|ref|referentie|kenmerk|rekening|account|iban|betaald|paid|datum|date|€|eur|niet op|not on|niet naar|oude?|old|was|vorige?|previous|uw|your|jullie|belde|gebeld naar|called|tried)\W*(?:\S+\W+){0,2}$/iu;

/**
 * The kinds of number the owner may be offered to call back, at a normal rate, to reach the customer: a mobile or a
 * landline (or either, where a country's numbers do not tell: the US), or a VoIP line of a country (NL 085 and 091, FR 09,
 * GB 056: a home's or a business's line, charged as a landline). Not a premium-rate, shared-cost or personal number
 * (0900, 0906, 084, 087, +44 70), a pager, a satellite or international network's (+882, +883: no country, charged
 * dearly), nor one of unknown kind: anyone ever texted could otherwise make the shop dial a paid line.
 */
const CALLABLE = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);
/**
 * Of the numbers libphonenumber calls UAN (a business's one number for several lines), those charged as a landline:
 * NL 088 and GB 03. NL 084 and 087 are of that type too, personal numbers at the provider's own, higher, rate.
 */
const UAN_AT_LANDLINE_RATE = /^\+(?:3188|443)/;

function callable(n: PhoneNumber): boolean {
  const type = n.getType();
  if (MACHINE.test(n.number)) return false;
  if (type === 'VOIP') return n.country !== undefined;
  return CALLABLE.has(type ?? '') || (type === 'UAN' && UAN_AT_LANDLINE_RATE.test(n.number));
}

/**
 * Whether a number is one of `country`'s, or of a place numbered with it in one plan (+44: Guernsey, Jersey, Man beside
 * Britain, where 07911 is Guernsey's), never across North America's +1 nor +7, whose countries each charge calls
 * their own way (+1 268 is Antigua's, the call-back scam's).
 */
function dialledAsAt(n: PhoneNumber, country: string | null): boolean {
  if (country === null || n.country === undefined) return false;
  if (n.country === country || (NANP_AT_HOME.has(n.country) && NANP_AT_HOME.has(country))) return true;
  return n.countryCallingCode !== '1' && n.countryCallingCode !== '7' && isSupportedCountry(country) && getCountryCallingCode(country) === n.countryCallingCode;
}
/** Of +1's countries, the United States with its territories and Canada, called from each other at home rates. */
const NANP_AT_HOME = new Set(['US', 'CA', 'PR', 'VI', 'GU', 'AS', 'MP']);

/**
 * The phone number a customer's words give to be called on ("Bel me even terug op 0687654321", "Please call me on
 * 020 123 4567"), in E.164, a local one read with the shop's country; null when they give none, or it is not clear which
 * one is theirs. The owner is shown it to call, beside the one on file, so only what can be nothing else is taken: the
 * words ask for a call; it is a valid number written as one (from a 0 or a +, digits and spaces, dashes or brackets,
 * not inside a word or an IBAN) of a line called at a normal rate (callable: never a paid line); of the shop's country or
 * that of the customer's own number on file (`onFile`: a Belgian customer of a Dutch shop may give another +32 number),
 * never another country's, where a line that looks like a mobile or a landline may share its call's price with whoever
 * wrote it (+239, +53, +675, +1 268: the owner is made to call a paid line abroad); the words just before it do not
 * make it an order's, a receipt's, the shop's own or an old one; and it is the only such number in the words (two, and
 * the owner reads which).
 */
export function phoneIn(text: string, country: string, onFile?: string | null): string | null {
  if (!ASKS_A_CALL.test(text)) return null;
  const found = new Set<string>();
  for (const n of numbersIn(text, country)) {
    const written = text.slice(n.startsAt, n.endsAt);
    const before = text.slice(0, n.startsAt);
    if (!/^[0+][\d\s()-]+$/u.test(written) || written.replace(/\D/g, '').length < 9) continue;
    if (/[\p{L}\p{N}.,€]$/u.test(before) || NOT_THEIRS.test(before) || !callable(n.number)) return null;
    if (!dialledAsAt(n.number, country) && !dialledAsAt(n.number, onFile ? phoneCountry(onFile) : null)) return null;
    found.add(n.number.number);
  }
  return found.size === 1 ? [...found][0]! : null;
}

/**
 * A number as the owner would dial it: national format at home (06 12345678), international abroad. At home is also
 * where it is dialled as at home (dialledAsAt): a mobile of Guernsey or Jersey from a shop in Britain, 07911 123456,
 * not +44 7911 123456 (libphonenumber files some +44 7911 ranges under Guernsey).
 */
export function displayPhone(e164: string, homeCountry: string): string {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return e164;
  return atHome(phone, homeCountry) ? phone.formatNational() : phone.formatInternational();
}
// (Of +1's countries, each its own: "+1 416 555 0100" in a shop in the United States, as before; so of +599's, Curaçao
// and the Caribbean Netherlands, whose dialling from one island to another is not known here to be the national number.)
const atHome = (phone: PhoneNumber, homeCountry: string) => phone.country === homeCountry || (!['1', '599'].includes(phone.countryCallingCode) && dialledAsAt(phone, homeCountry));

/**
 * A number for the owner's spreadsheet (the CSV downloads), one that stays text there and is dialled as it is: at home
 * as displayPhone writes it (06 12345678); abroad as dialled from the shop's country (00 44 7911 123456), for a
 * spreadsheet takes a cell that starts with + for a formula (+44 7911 123456 shows an error, a bare +31612345678 becomes
 * the number 31612345678). Where the shop's country has no one way to dial abroad, displayPhone's form.
 */
export function spreadsheetPhone(e164: string, homeCountry: string): string {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return e164;
  if (atHome(phone, homeCountry)) return phone.formatNational();
  const abroad = isSupportedCountry(homeCountry) ? phone.format('IDD', { fromCountry: homeCountry as CountryCode }) : undefined;
  return abroad && /^\d[\d -]*$/.test(abroad) ? abroad : phone.formatInternational();
}
