// Folding, for the overview on a phone (390×844 was eleven screens with a few weeks of history): a section the owner
// reads on demand is one line, its title and its key figure, so that the folded line itself answers the question; an
// explanation of how a figure is counted is a tap away beneath it. Plain <details>: no script, and the text is all in
// the page (found by the browser's search, read out by a screen reader that opens it).
import { type Html, html } from '../../html.js';

/** A section as one line, `key` beside its title; `open` when it holds something to act on now. */
export function folded(id: string, title: string, key: Html | string, body: Html, open = false): Html {
  return html`<section id="${id}"><details class="fold"${open ? html` open` : ''}><summary><h2>${title}</h2><span class="key">${key}</span></summary>${body}</details></section>`;
}

/** How a figure is counted, behind a tap: said once, in the note it always was. */
export function how(summary: string, note: Html | string): Html {
  return html`<details class="how"><summary>${summary}</summary><p class="note">${note}</p></details>`;
}
