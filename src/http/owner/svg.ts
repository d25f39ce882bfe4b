// Small inline SVG charts: drawn on the server, readable without scripts.
import { type Html, html, raw } from '../html.js';

export interface Bar {
  label: string;
  value: number | null; // percent 0..100; null: nothing to count yet
  detail: string;
}

/** Horizontal bars, one per row, labelled with the percentage and what it is made of. */
export function barChart(bars: readonly Bar[], title: string): Html {
  const row = 58;
  const width = 320;
  const height = bars.length * row;
  const parts = bars.map((b, i) => {
    const y = i * row;
    const w = b.value === null ? 0 : Math.max(1, (b.value / 100) * (width - 4));
    const pct = b.value === null ? '–' : `${Math.round(b.value)}%`;
    return html`<text x="0" y="${y + 13}">${b.label}</text>
<rect x="0" y="${y + 18}" width="${width}" height="14" rx="3" fill="#e7ece9"></rect>
<rect x="0" y="${y + 18}" width="${w.toFixed(1)}" height="14" rx="3" fill="#1f6f4a"></rect>
<text x="${width}" y="${y + 13}" text-anchor="end" font-weight="600">${pct}</text>
<text x="0" y="${y + 44}" fill="#666" font-size="11">${b.detail}</text>`;
  });
  return html`<svg role="img" aria-label="${title}" viewBox="0 -2 ${width} ${height}" width="100%" style="max-width:${width * 1.25}px">${raw('<title>')}${title}${raw('</title>')}${parts}</svg>`;
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
