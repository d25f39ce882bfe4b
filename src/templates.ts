// Message templates: templates/<locale>/<kind>.<part>.hbs, rendered at send time with Handlebars in strict mode,
// so a template that names a missing value fails before anything is sent.
import { readFileSync, readdirSync } from 'node:fs';
import Handlebars from 'handlebars';
import { type MessageProps, clip } from './domain/message-props.js';
import { SEGMENT, gsmUnits, toGsm } from './domain/sms.js';
import { type MessageKind, messageKinds } from './domain/plan.js';
import { type Locale, locales } from './domain/sale.js';

export const templatesDir = new URL('../templates/', import.meta.url);

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

type Compiled = Handlebars.TemplateDelegate<MessageProps>;
const parts = ['sms', 'subject', 'text', 'html'] as const;
type Part = (typeof parts)[number];

export interface Templates {
  sms(locale: Locale, kind: MessageKind, props: MessageProps): string;
  email(locale: Locale, kind: MessageKind, props: MessageProps): RenderedEmail;
}

/**
 * Renders an SMS into one segment where it can: a long reason, then a long item, is shortened (never below
 * 15 characters, else the reason is left out) until the text fits 160 GSM characters.
 */
export function fitSms(render: (p: MessageProps) => string, props: MessageProps): string {
  let p = props;
  let text = render(p);
  for (const field of ['reason', 'item'] as const) {
    const excess = gsmUnits(text) - SEGMENT;
    const value = p[field];
    if (excess <= 0 || !Number.isFinite(excess) || value === null) continue;
    const room = value.length - excess;
    p = { ...p, [field]: room >= 15 ? clip(value, room) : field === 'reason' ? null : clip(value, 15) };
    text = render(p);
  }
  return text;
}

/** Loads and compiles every template; throws at start-up when one is missing or does not render. */
export function loadTemplates(dir: URL = templatesDir): Templates {
  const compiled = new Map<string, Compiled>();
  for (const locale of locales) {
    const hb = Handlebars.create();
    const files = new Set(readdirSync(new URL(`${locale}/`, dir)));
    if (files.has('layout.html.hbs')) hb.registerPartial('layout', readFileSync(new URL(`${locale}/layout.html.hbs`, dir), 'utf8'));
    for (const kind of messageKinds) {
      for (const part of parts) {
        const name = `${kind}.${part}.hbs`;
        if (!files.has(name)) throw new Error(`template missing: templates/${locale}/${name}`);
        const source = readFileSync(new URL(`${locale}/${name}`, dir), 'utf8');
        // Only HTML is escaped; SMS, subject and text are plain text and must show "&" as "&".
        const template = hb.compile<MessageProps>(source, { strict: true, noEscape: part !== 'html' });
        compiled.set(`${locale}/${kind}.${part}`, template);
      }
    }
  }
  const render = (locale: Locale, kind: MessageKind, part: Part, props: MessageProps) =>
    compiled.get(`${locale}/${kind}.${part}`)!(props).trim();
  const templates: Templates = {
    sms: (locale, kind, props) => fitSms((p) => toGsm(render(locale, kind, 'sms', p).replace(/\s+/g, ' ')), props),
    email: (locale, kind, props) => ({
      subject: render(locale, kind, 'subject', props).replace(/\s+/g, ' '),
      text: render(locale, kind, 'text', props).replace(/\n{3,}/g, '\n\n') + '\n',
      html: render(locale, kind, 'html', props) + '\n',
    }),
  };
  // Render each once now, so a broken template stops start-up instead of a send.
  const sample: MessageProps = { firstName: 'Sam', shopName: 'Shop', item: 'Item', moreItems: 1, reason: 'a reason', yesterday: true, saleDate: 'today' };
  for (const locale of locales) for (const kind of messageKinds) (templates.sms(locale, kind, sample), templates.email(locale, kind, sample));
  return templates;
}
