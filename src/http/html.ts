// Server-rendered HTML with every interpolated value escaped unless it is already HTML.
import { withoutDirectionControls } from '../domain/message-props.js';

const SAFE = Symbol('safe-html');
export interface Html {
  readonly [SAFE]: true;
  readonly value: string;
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escaped, and without the controls that would turn the page's text around it (withoutDirectionControls). */
export const escapeHtml = (s: string): string => withoutDirectionControls(s).replace(/[&<>"']/g, (c) => entities[c]!);

/** Marks a string as HTML to be inserted as it is. Only for markup this code wrote itself. */
export const raw = (value: string): Html => ({ [SAFE]: true, value });

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  if (typeof v === 'object' && SAFE in v) return v.value;
  return escapeHtml(String(v));
}

/** html`<p>${userText}</p>`: text is escaped, nested html`` fragments and arrays of them are not. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  return raw(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]!) : ''), ''));
}
