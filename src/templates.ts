// Message templates: templates/<locale>/<name>.hbs, rendered at send time with Handlebars in strict mode,
// so a template that names a missing value fails before anything is sent. Every template is compiled and
// rendered once at start-up: a broken or missing one stops the service, not a send.
import { readFileSync, readdirSync } from 'node:fs';
import Handlebars from 'handlebars';
import { type MessageProps, clip, clipAtWord, oneStop, withoutDirectionControls } from './domain/message-props.js';
import { type MessageKind, messageKinds } from './domain/plan.js';
import { type Locale, type Voice, localeOf, voices } from './domain/sale.js';
import { PART, SEGMENT, gsmOrNull, gsmUnits, smsSegments, toGsm } from './domain/sms.js';

export const templatesDir = new URL('../templates/', import.meta.url);

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** What the owner's alert about a problem or a question may say. Every key is present; null when unknown. */
export interface AlertProps {
  shopName: string;
  customerName: string | null;
  phone: string | null; // as the owner dials it, e.g. 06 12345678
  phoneLink: string | null; // tel:+31612345678
  phoneGiven: boolean; // `phone` is the number the customer gave in their words, to call them on
  onFile: string | null; // then the number on file, when there is one (as the owner dials it)
  email: string | null;
  emailLink: string | null; // mailto:, the address percent-encoded
  items: string | null; // what they bought
  reason: string | null; // why, in their words
  saleDate: string | null;
  answer: string | null; // the one-tap answer on the reply page, in words
  words: string | null; // what they wrote
  attachments: number | null; // photos or other files the SMS brought (nextdeal keeps none); null for none
  oneAttachment: boolean;
  isProblem: boolean; // a problem (else a question, or words in another language)
  inOtherLanguage: boolean; // neither a problem nor a question, but in a language the reader does not read
  wrongNumber: boolean; // whoever got the message says it was not for them: the till has a wrong number
  wrongAddress: boolean; // the same of an e-mail, on the reply page: the till has a wrong e-mail address
  unwanted: boolean; // the customer says they never agreed to messages, calls them spam, or asks for their data to go
  // which of those they say (one or more when `unwanted`): the alert says only what they wrote
  // in the order the reader keeps; the last joined by "en"/"and", the others by commas
  unwantedWhy: { noConsent: boolean; spam: boolean; erase: boolean }[];
  unwantedErase: boolean; // among them, data to be removed: owed within a month
  receivedAt: string;
  repliesUrl: string; // the owner's list of replies to handle, where this one is marked handled
  holdsInvitation: boolean; // an invitation waits until it is handled
  afterInvitation: boolean; // the reply answers the come-back invitation, not the check-in
  optedOut: boolean; // the customer asked for no more messages: an answer about this, and nothing else
  canStart: boolean; // they wrote by SMS after their STOP: they send START to get the messages again
  // a text to the shop's own number made the row, from a phone no customer had (no sale, no message answered): not
  // "a customer", and perhaps spam; nobody was texted, so no consent in the till to put right
  withoutSale: boolean;
  unsubscribeUrl: null; // the shared layout shows an unsubscribe footer only in customers' e-mail
}

/**
 * The double opt-in message of the public pages: the shop's name and the code or the link, nothing a visitor typed
 * (a sale's consent link's e-mail names what its till said was bought: `forSale`, `item`).
 * (`unsubscribeUrl` is always null: it asks for nothing but the confirmation, so the shared layout shows no footer.)
 */
export interface ConfirmProps {
  shopName: string;
  code: string | null; // SMS: the six digits to type on the page
  confirmUrl: string | null; // e-mail: the link that confirms
  unsubscribeUrl: null;
  forSale?: boolean; // e-mail: a sale's consent link asked for it (it names what was bought)
  item?: string | null; // what the sale's till said was bought (first item); null: "iets" (a pharmacy, or not said)
  moreItems?: boolean;
  visit?: boolean; // the sale came to nothing (a repair under warranty, as MessageProps.visit): "je bezoek", not "wat je kocht"
}

/** The auto-replies: the short SMS nextdeal answers a customer's text with (STOP, START, HELP, thanks). */
// `received_sorry`: a problem's answer when nobody will be told (no alert address): sympathy, and no promise of a call.
// `heard`: said after a stop's confirmation when what she wrote beside it reaches the owner (a problem, a question).
const autoReplies = ['stopped', 'number_stopped', 'email_stopped', 'stopped_all', 'number_stopped_all', 'started', 'help', 'help_stopped', 'thanks', 'sorry', 'question', 'received', 'received_sorry', 'misdirected', 'heard'] as const;
export type AutoReply = (typeof autoReplies)[number];

/** What customers get is in their voice (nl, nl-u or en: see Voice); the owner's alert in the shop's language. */
export interface Templates {
  sms(voice: Voice, kind: MessageKind, props: MessageProps): string;
  email(voice: Voice, kind: MessageKind, props: MessageProps): RenderedEmail;
  alert(locale: Locale, props: AlertProps): RenderedEmail;
  autoReply(voice: Voice, name: AutoReply, props: { shopName: string }): string;
  /** A stop's confirmation with the `heard` line after it, in two segments at most: the line shortened, or left out, to fit. */
  autoReplyHeard(voice: Voice, name: AutoReply, props: { shopName: string }): string;
  confirmSms(voice: Voice, props: { shopName: string; code: string }): string;
  confirmEmail(voice: Voice, props: { shopName: string; confirmUrl: string; purchase?: { first: string | null; more: boolean; visit: boolean } | null }): RenderedEmail;
}

/**
 * Renders an SMS into one segment of 160 GSM characters, always: what makes it longer gives way, in this order, until
 * it fits. A long reason is left out (a quote is never cut short: "(Ik fiets elke...)"); the day is written short ("op 14
 * mrt"); a long item is shortened (to 15 at least); the first name goes ("Hoi,"); a long shop name is shortened (to
 * 20 at least); the item goes ("iets"); and last, the shop name as far as it must. Then what an earlier step took
 * comes back, whole or in part, where the last one left room for it, the last to give way first (the first name
 * once the shop name is shortened).
 */
export function fitSms(render: (p: MessageProps) => string, props: MessageProps): string {
  const shorter = (s: string, excess: number, least: number) => clip(s, Math.max(least, s.length - excess));
  const steps: ((p: MessageProps, excess: number) => MessageProps)[] = [
    // The customer's words whole or not at all: a quote cut short ("Ik fiets elke...") reads as nothing she said.
    (p) => (p.reason === null ? p : { ...p, reason: null }),
    (p) => ({ ...p, saleDate: p.saleDateShort }),
    (p, x) => (p.item === null ? p : { ...p, item: shorter(p.item, x, 15) }),
    (p) => ({ ...p, firstName: null }),
    (p, x) => ({ ...p, shopName: shorter(p.shopName, x, 20) }),
    (p) => ({ ...p, item: null, moreItems: 0, oneMore: false }),
    (p, x) => ({ ...p, shopName: shorter(p.shopName, x, 4) }),
  ];
  const text = (p: MessageProps) => oneStop(render(p));
  const excessOf = (p: MessageProps) => gsmUnits(text(p)) - SEGMENT;
  // The props before and after each step that was needed (counted before a name's "...." becomes "...": a character
  // to spare, which may make room for what comes back below).
  const states = [props];
  for (const step of steps) {
    const last = states.at(-1)!;
    const excess = gsmUnits(render(last)) - SEGMENT;
    if (excess <= 0) break;
    states.push(step(last, excess));
  }
  // The last step may have made room for what an earlier one took (the first name, once the shop name is shortened):
  // put it back, the last to give way first, whole or as far as fits. Only what no later step took further.
  let p = states.at(-1)!;
  for (let i = states.length - 3; i >= 0; i--) {
    const [before, after] = [states[i]!, states[i + 1]!];
    const keys = (Object.keys(before) as (keyof MessageProps)[]).filter((k) => before[k] !== after[k]);
    if (keys.length === 0 || keys.some((k) => p[k] !== after[k])) continue;
    const back: MessageProps = { ...p, ...Object.fromEntries(keys.map((k) => [k, before[k]])) };
    const excess = excessOf(back);
    if (excess <= 0) {
      p = back;
      continue;
    }
    const size = (q: MessageProps) => keys.reduce((n, k) => n + (typeof q[k] === 'string' ? (q[k] as string).length : 0), 0);
    const partly = steps[i]!(back, excess);
    if (excessOf(partly) <= 0 && size(partly) > size(p)) p = partly;
  }
  return text(p);
}

/**
 * A short SMS that names only the shop (an auto-reply, a confirmation code): its name shortened when it must be, to fit
 * one segment (or `room` GSM units: what a second segment leaves for a line after another text), at the end of a word
 * ("Kapsalon & Schoonheidssalon...", never "Schoonheids..."); only a name of one word longer than the room is cut in it.
 */
function withShopName(shopName: string, render: (shopName: string) => string, room = SEGMENT): string {
  const whole = toGsm(shopName).trim();
  let name = whole;
  let text = render(name);
  // Once, and once more should the text's own spacing make the first cut a character short.
  for (let excess = gsmUnits(text) - room; excess > 0 && name.length > 4; excess = gsmUnits(text) - room) {
    const max = Math.max(4, name.length - excess);
    name = clipAtWord(whole, max) ?? clip(name, max);
    text = render(name);
  }
  return oneStop(text);
}

const sampleMessage: MessageProps = {
  firstName: 'Sam', shopName: 'Shop', item: 'Item', moreItems: 1, oneMore: true, reason: 'a reason', visit: false, yesterday: true, saleDate: 'today', saleDateShort: 'today',
  replyUrl: 'https://x/r/t', unsubscribeUrl: 'https://x/u/t', afterProblem: false,
};
const sampleAlert: AlertProps = {
  shopName: 'Shop', customerName: 'Sam', phone: '06', phoneLink: 'tel:+316', phoneGiven: true, onFile: '06 1', email: 'a@b', emailLink: 'mailto:a@b', items: 'Item', reason: 'r',
  saleDate: 'today', answer: 'problem', words: 'broken', attachments: 2, oneAttachment: false, isProblem: true, inOtherLanguage: false, wrongNumber: false, wrongAddress: false, unwanted: false, unwantedWhy: [{ noConsent: true, spam: false, erase: true }, { noConsent: false, spam: true, erase: false }], unwantedErase: false, receivedAt: 'now',
  repliesUrl: 'https://x/shops/s/replies?reading=open&reply=1#r1', holdsInvitation: true, afterInvitation: true, optedOut: true, canStart: true, withoutSale: false, unsubscribeUrl: null,
};
// A reply of a row a text made (withoutSale), which words its own unwanted branch: tried with each switch as well.
const sampleStrangerAlert: AlertProps = { ...sampleAlert, withoutSale: true, unwanted: true };

/** Every template each locale must have, with props to try it with. */
const required: [string, object][] = [
  ...messageKinds.flatMap((k) => ['sms', 'subject', 'text', 'html'].map((p): [string, object] => [`${k}.${p}`, sampleMessage])),
  ...['subject', 'text', 'html'].flatMap((p): [string, object][] => [[`alert.${p}`, sampleAlert], [`alert.${p}`, sampleStrangerAlert]]),
  ...autoReplies.map((a): [string, object] => [`auto-reply.${a}`, { shopName: 'Shop' }]),
  ...['sms', 'subject', 'text', 'html'].map((p): [string, object] => [`confirm.${p}`, { shopName: 'Shop', code: '123456', confirmUrl: 'https://x/j/t', unsubscribeUrl: null, forSale: true, item: 'Item', moreItems: true, visit: false } satisfies ConfirmProps]),
];

/**
 * Loads and compiles every template, of each voice (templates/nl-u/ for "u"); throws when one is missing or does not
 * render. A voice of its own (nl-u) has every template a customer gets; the owner's alert is its language's.
 */
export function loadTemplates(dir: URL = templatesDir): Templates {
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const voice of voices) {
    const hb = Handlebars.create();
    const files = new Set(readdirSync(new URL(`${voice}/`, dir)));
    const from = (file: string) => (files.has(file) || voice === localeOf(voice) || !file.startsWith('alert.') ? voice : localeOf(voice));
    const read = (file: string) => readFileSync(new URL(`${from(file)}/${file}`, dir), 'utf8');
    if (files.has('layout.html.hbs')) hb.registerPartial('layout', read('layout.html.hbs'));
    for (const [name, sample] of required) {
      if (!files.has(`${name}.hbs`) && from(`${name}.hbs`) === voice) throw new Error(`template missing: templates/${voice}/${name}.hbs`);
      // Only HTML is escaped: SMS, subjects and text parts are plain text and must show "&" as "&".
      const template = hb.compile(read(`${name}.hbs`), { strict: true, noEscape: !name.endsWith('.html') });
      template(sample);
      // Strict mode finds only what renders: each wording a switch of the sample brings out is tried too (a sale that
      // came to nothing, an alert about a wrong number, about messages never wanted with the reasons it lists, …).
      for (const [key, on] of Object.entries(sample)) if (typeof on === 'boolean') template({ ...sample, [key]: !on });
      compiled.set(`${voice}/${name}`, template);
    }
  }
  const render = (voice: Voice, name: string, props: object) => compiled.get(`${voice}/${name}`)!(props).trim();
  const line = (s: string) => s.replace(/\s+/g, ' ');
  const autoReply = (voice: Voice, name: AutoReply, shopName: string, room = SEGMENT) =>
    withShopName(shopName, (shopName) => toGsm(line(render(voice, `auto-reply.${name}`, { shopName }))), room);
  // (Without the controls that turn the text around what a till or a customer typed: withoutDirectionControls.)
  const email = (voice: Voice, name: string, props: object): RenderedEmail => ({
    subject: withoutDirectionControls(line(render(voice, `${name}.subject`, props))),
    text: withoutDirectionControls(render(voice, `${name}.text`, props).replace(/\n{3,}/g, '\n\n')) + '\n',
    html: withoutDirectionControls(render(voice, `${name}.html`, props)) + '\n',
  });
  // What customers get ends a sentence once after a shop name with a stop of its own ("& Zn."), as an SMS does; not the
  // owner's alert, which quotes the customer's words as they were written.
  const customerEmail = (voice: Voice, name: string, props: object): RenderedEmail => {
    const { subject, text, html } = email(voice, name, props);
    return { subject: oneStop(subject), text: oneStop(text), html: oneStop(html) };
  };
  return {
    // What the customer and the shop wrote goes in GSM letters too; a name that has none is left out ("Hoi,").
    sms: (voice, kind, props) =>
      fitSms((p) => toGsm(line(render(voice, `${kind}.sms`, p))), {
        ...props, firstName: gsmOrNull(props.firstName), item: gsmOrNull(props.item), reason: gsmOrNull(props.reason), shopName: toGsm(props.shopName),
      }),
    email: (voice, kind, props) => customerEmail(voice, kind, props),
    alert: (locale, props) => email(locale, 'alert', props),
    autoReply: (voice, name, props) => autoReply(voice, name, props.shopName),
    // The confirmation whole, always (STOP, START, the shop's name); the line after it in what is left of a second
    // segment, its shop name shortened as far as it must be (a name of 100 characters, or of €, [ or ], two units
    // each), or not at all when even four letters of it do not fit: never a third segment.
    // A confirmation that takes a second segment all the same says the shop's name whole in both places, when it fits:
    // not "Kapsalon & Schoonheidssalon..." and then the name whole in the line after it.
    autoReplyHeard: (voice, name, { shopName }) => {
      const both = `${autoReply(voice, name, shopName, Infinity)} ${autoReply(voice, 'heard', shopName, Infinity)}`;
      if (smsSegments(both) <= 2) return both;
      const said = autoReply(voice, name, shopName);
      const heard = autoReply(voice, 'heard', shopName, 2 * PART - gsmUnits(said) - 1);
      return smsSegments(`${said} ${heard}`) <= 2 ? `${said} ${heard}` : said;
    },
    confirmSms: (voice, { shopName, code }) =>
      withShopName(shopName, (name) => toGsm(line(render(voice, 'confirm.sms', { shopName: name, code, confirmUrl: null, unsubscribeUrl: null } satisfies ConfirmProps)))),
    confirmEmail: (voice, { shopName, confirmUrl, purchase }) =>
      customerEmail(voice, 'confirm', {
        shopName, code: null, confirmUrl, unsubscribeUrl: null, forSale: purchase !== undefined, item: purchase?.first ?? null, moreItems: purchase?.more ?? false, visit: purchase?.visit ?? false,
      } satisfies ConfirmProps),
  };
}
