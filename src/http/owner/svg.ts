// Small inline SVG charts: drawn on the server, readable without scripts.
import { type Html, html } from '../html.js';

export interface Bar {
  label: string;
  value: number | null; // percent 0..100; null: nothing to count yet
  detail: string;
}

/**
 * Horizontal bars, one per row: the label and the percentage, the bar, and what it is made of. The words are HTML,
 * the bar alone a drawing: they wrap on a narrow phone (in a drawing of fixed width they were cut off), and a screen
 * reader reads them.
 */
export function barChart(bars: readonly Bar[], title: string): Html {
  const width = 320;
  const rows = bars.map((b) => {
    const w = b.value === null ? 0 : Math.max(1, (b.value / 100) * width);
    const pct = b.value === null ? '–' : `${Math.round(b.value)}%`;
    return html`<li><p class="bar-head"><span>${b.label}</span><strong>${pct}</strong></p>
<svg aria-hidden="true" viewBox="0 0 ${width} 14" width="100%" height="14" preserveAspectRatio="none"><rect x="0" y="0" width="${width}" height="14" rx="3" fill="#e7ece9"></rect><rect x="0" y="0" width="${w.toFixed(1)}" height="14" rx="3" fill="#1f6f4a"></rect></svg>
<p class="small">${b.detail}</p></li>`;
  });
  return html`<ul class="bars" aria-label="${title}">${rows}</ul>`;
}

/**
 * The shade of a heat-map cell: white at 0 %, green towards the best cell on the page. Dark text on every shade: the
 * scale ends light enough for it to keep 4.5:1 (WCAG AA); white text on the middle greens did not, nor dark on deep ones.
 */
export function heat(value: number | null, max: number): string {
  if (value === null) return '';
  const t = max > 0 ? Math.min(1, value / max) : 0;
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `background:rgb(${mix(255, 118)},${mix(255, 184)},${mix(255, 148)});color:#123`;
}
