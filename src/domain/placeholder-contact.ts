// What a till writes in the e-mail or phone field for a customer who gave none: "geen@geen.nl", "noemail@example.com",
// the shop's own "info@…", "0611111111". Taken as real, each would send the customer's first name, purchase and reason
// to whoever owns that mailbox or number, and every walk-in given the same one would be one customer (each sale
// cancelling the others' invitations). Only what can be nobody's own is taken for one: see README "The sale body".
import type { SaleCustomer } from './sale.js';

/**
 * Local parts (before the @) that name nobody, written with or without dots, dashes and underscores ("no.email",
 * "geen_mail", "n.v.t"), in any domain. Not "na" ("n.a@" is someone's initials, "na@na-design.nl" a firm's), nor
 * "info", "mail" or "post": a family or a small firm reads its own there
 * ("mail@familiejansen.nl"); those are the shop's own only at the shop's domain (SHOP_ROLES).
 */
const NOBODY = new Set([
  'geen', 'geenemail', 'geenmail', 'geenmailadres', 'geenemailadres', 'geenadres', 'nee', 'niet', 'niets', 'nvt', 'onbekend',
  'leeg', 'niemand', 'anoniem', 'passant', 'loopklant', 'kassaklant', 'geennaam',
  'no', 'none', 'noemail', 'nomail', 'noaddress', 'noemailaddress', 'null', 'undefined', 'unknown', 'empty', 'nobody',
  'noname', 'anonymous', 'walkin', 'guest', 'test', 'dummy', 'fake', 'noreply', 'donotreply',
]);

/**
 * The shop's own mailboxes at the shop's own domain (that of its sender address, or EMAIL_FROM's: an SMTP server sends
 * only for its own domains): a till that fills in the shop's "info@…" for a walk-in would have every check-in go to the
 * shop itself. Not at its alert address's domain, which is often a mail provider's ("info@gmail.com" is nobody's own).
 */
const SHOP_ROLES = new Set([
  'info', 'contact', 'mail', 'email', 'post', 'office', 'admin', 'administratie', 'boekhouding', 'winkel', 'shop', 'store', 'kassa',
  'verkoop', 'sales', 'service', 'klantenservice', 'support', 'receptie', 'balie', 'webshop', 'bestellingen', 'orders', 'hallo',
  'hello', 'team',
]);

/**
 * Domains that are nobody's mailbox: the top-level domains reserved for tests and examples (RFC 2606, 6761: .test,
 * .example, .invalid, .localhost), and names that say there is none ("geen.nl", "nomail.com"). Not a name that is
 * only like one: test.de, a magazine's, is real, and so are those of firms called Test, Fake or Dummy. Not
 * example.com, .net and .org: no mail is delivered there (a null MX, RFC 7505), so nobody else reads what goes there, and
 * the documentation's customers live there ("sanne@example.com"); the placeholders written there, "noemail@example.com",
 * are known by their local part.
 */
const RESERVED_TLDS = new Set(['test', 'example', 'invalid', 'localhost', 'local']);
const NOBODYS_DOMAINS = new Set(['geen', 'none', 'nomail', 'noemail', 'geenmail', 'geenemail', 'onbekend', 'unknown']);

/** The shop's own addresses: those it sends from (its own domains: SHOP_ROLES), and others of its own (its alert address). */
export interface OwnAddresses {
  senders: readonly (string | null | undefined)[];
  others: readonly (string | null | undefined)[];
}

/** A shop's own addresses: its sender address and EMAIL_FROM (`emailFrom`), and its alert address. */
export const shopsOwn = (shop: { emailFrom: string | null; alertEmail: string | null }, emailFrom: string | undefined): OwnAddresses =>
  ({ senders: [shop.emailFrom, emailFrom], others: [shop.alertEmail] });

const bare = (local: string): string => local.replace(/[._-]/g, '');
const parts = (email: string): [string, string] => {
  const at = email.lastIndexOf('@');
  return [email.slice(0, at).toLowerCase(), email.slice(at + 1).toLowerCase()];
};

/**
 * Why an e-mail address (as normaliseEmail keeps it) is not the customer's: 'placeholder' for one a till types for none
 * (see above: nobody's local part, one letter repeated, "x", "xx"; a reserved or made-up domain), 'shop' for one of the
 * shop's own (`own`: its sender addresses and alert address, exactly; or a role mailbox, "info@", at its senders' domains).
 * Null for any other, "no.name@gmail.com" apart: dots mean nothing to Gmail, and "noname" is nobody.
 */
export function placeholderEmail(email: string, own: OwnAddresses): 'placeholder' | 'shop' | null {
  const [local, domain] = parts(email);
  const given = (list: OwnAddresses['senders']) => list.filter((a): a is string => Boolean(a)).map((a) => a.trim().toLowerCase());
  const senders = given(own.senders);
  if ([...senders, ...given(own.others)].includes(`${local}@${domain}`)) return 'shop';
  if (SHOP_ROLES.has(bare(local)) && senders.some((a) => parts(a)[1] === domain)) return 'shop';
  const labels = domain.split('.');
  const name = bare(local);
  if (NOBODY.has(name) || /^x+$/.test(name) || /^(.)\1{2,}$/.test(name)) return 'placeholder';
  if (RESERVED_TLDS.has(labels.at(-1)!) || (labels.length >= 2 && NOBODYS_DOMAINS.has(labels.at(-2)!))) return 'placeholder';
  return null;
}

/**
 * Whether a phone number (E.164) is one a Dutch till types for none: a Dutch mobile number (06) whose eight digits are one
 * digit repeated (06 11111111, 06 00000000). Not 06 12345678: it is the number everyone trying nextdeal types first,
 * and a test that sends nothing to it would look broken (newcomer-check). Nothing else either: a memorable number is someone's own, one they
 * chose or paid for (+44 7777 777777, +32 477 77 77 77, +49 151 12345678, +1 212 345 6789, the landline 020 1234567),
 * and taken for a placeholder their messages would never come. Read from the digits alone, at every sale.
 */
export function placeholderPhone(e164: string): boolean {
  return /^\+316(\d)\1{7}$/.test(e164);
}

/** What a till wrote in a contact field that is not the customer's, and why: see placeholderEmail, placeholderPhone. */
export type NotTheirs = { field: 'phone'; why: 'placeholder' } | { field: 'email'; why: 'placeholder' | 'shop' };

/**
 * The customer without a phone number or e-mail address that is nobody's (a till's placeholder) or the shop's own, and
 * what was left out. A yes to that channel goes with it: it was given with what is nobody's number (address), and would
 * otherwise become a yes for the one a known customer has on file. A no stays: it is the customer's all the same.
 */
export function withoutPlaceholders(c: SaleCustomer, own: OwnAddresses): { customer: SaleCustomer; left: NotTheirs[] } {
  const left: NotTheirs[] = [];
  if (c.phone !== null && placeholderPhone(c.phone)) left.push({ field: 'phone', why: 'placeholder' });
  const email = c.email === null ? null : placeholderEmail(c.email, own);
  if (email) left.push({ field: 'email', why: email });
  if (left.length === 0) return { customer: c, left };
  const customer = { ...c, consent: { ...c.consent } };
  for (const { field } of left) {
    customer[field] = null;
    const channel = field === 'phone' ? 'sms' : 'email';
    if (customer.consent[channel] === true) delete customer.consent[channel];
  }
  return { customer, left };
}
