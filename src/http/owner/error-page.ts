// The page a person sees when something is refused or missing, in their language: the owner's shop's when known, else
// the browser's. Tills and API clients get JSON instead (src/http/errors.ts).
import type { Locale } from '../../domain/sale.js';
import { html } from '../html.js';
import { layout } from './layout.js';
import { ownerPhrases } from './phrases.js';

type Kind = keyof typeof ownerPhrases.nl.errorPages;

function kindOf(status: number, code: string): Kind {
  if (status === 404) return 'notFound';
  if (status === 403) return 'formExpired';
  if (status === 401) return 'logInFirst';
  if (status === 413) return 'tooLarge';
  if (status === 429) return 'tooMany';
  if (status >= 500) return 'internal';
  return code === 'too_large' ? 'tooLarge' : 'badRequest';
}

export function errorPage(locale: Locale, status: number, code: string): string {
  const w = ownerPhrases[locale];
  const kind = kindOf(status, code);
  const [title, text] = w.errorPages[kind];
  const link = kind === 'logInFirst' || kind === 'formExpired' ? html`<a href="/login">${w.toLogin}</a>` : html`<a href="/">${w.toStart}</a>`;
  return layout(locale, title!, html`<p>${text}</p><p>${link}</p>`);
}
