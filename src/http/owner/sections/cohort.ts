// The cohort table: customers grouped by the week or month of their first purchase, and who bought again when.
import { monthStart, weekStart } from '../../../domain/calendar.js';
import type { CohortRow } from '../../../domain/figures.js';
import { type Html, html } from '../../html.js';
import { type Ctx, FEW, day, pct, whole } from '../format.js';
import { heat } from '../svg.js';
import { folded } from './fold.js';

export interface Cohort {
  unit: 'week' | 'month';
  columns: number;
  rows: CohortRow[];
}

export function cohort(c: Ctx, d: Cohort): Html {
  const { w } = c;
  const { unit, columns, rows } = d;
  if (rows.length === 0) return folded('cohorts', w.cohortTitle, w.empty, html`<p>${w.empty}</p>`);
  // The shades run to the best cell of a group large enough to tell; a smaller group's cells stay grey.
  const max = Math.max(0, ...rows.filter((r) => r.size >= FEW).flatMap((r) => r.cells.map((x) => x ?? 0)));
  const label = (n: number) => (unit === 'week' ? day(c, weekStart(n), 'd LLL yyyy') : day(c, monthStart(n), 'LLL yyyy'));
  // A group too small for a percentage gives its count, "1/6", as the rest of the page does ("1 van 6"), and says so
  // in words beside its size: the grey alone was all that told it, which a screen reader never says.
  const figure = (x: number, size: number) => (size < FEW ? `${Math.round((x * size) / 100)}/${size}` : pct(x));
  const head = Array.from({ length: columns }, (_, i) => html`<th class="n">${i}</th>`);
  const body = rows.map(
    (r) => html`<tr${r.size < FEW ? html` class="few"` : ''}><th>${label(r.cohort)}${r.partial ? html` <small title="${w.partialTitle}">${w.partial}</small>` : ''}</th><td class="n">${whole(c, r.size)}${r.size < FEW ? html`<span class="vh"> (${w.tooFew})</span>` : ''}</td>${
      r.cells.map((x, i) =>
        // The week or month under way: a few days' worth, no shade, marked, so that it never reads as a drop.
        i === r.current
          ? html`<td class="running" title="${w.running}">${x === null ? '' : `${figure(x, r.size)}*`}</td>`
          : html`<td style="${r.size < FEW ? '' : heat(x, max)}">${x === null ? '' : figure(x, r.size)}</td>`)}</tr>`,
  );
  // Folded, its line how many weeks or months of new customers it has: a table a phone shows a few columns at a time.
  return folded('cohorts', w.cohortTitle, w.cohortCount(rows.length, unit), html`
<div class="scroll" role="region" aria-label="${w.cohortTitle}" tabindex="0"><table class="cohort"><thead><tr><th>${unit === 'week' ? w.cohortWeek : w.cohortMonth}</th><th class="n">${w.customers}</th>${head}</tr>
<tr><td></td><td></td><th colspan="${columns}">${unit === 'week' ? w.weeksLater : w.monthsLater} →</th></tr></thead><tbody>${body}</tbody></table></div>
<p class="note">${w.cohortNote(unit)} <a href="/shops/${c.shop.slug}/cohorts.csv?${c.query}">${w.download}</a></p>`);
}
