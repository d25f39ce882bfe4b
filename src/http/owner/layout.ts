// The frame of the owner's pages: readable on an old phone, no scripts, no web fonts, no build step.
import type { Locale } from '../../domain/sale.js';
import { type Html, html } from '../html.js';

const css = html`<style>
*{box-sizing:border-box}
body{margin:0;background:#f6f5f2;color:#222;font:16px/1.45 -apple-system,'Segoe UI',Roboto,Arial,sans-serif}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.75rem 1rem;background:#1f3b30;color:#fff}
header h1{font-size:1.1rem;margin:0}
header form{margin:0}
header button{background:none;border:1px solid #fff8;color:#fff;border-radius:.4rem;padding:.3rem .7rem;font:inherit}
main{max-width:64rem;margin:0 auto;padding:1rem}
section{background:#fff;border-radius:.6rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px #0001;overflow-x:auto}
h2{font-size:1.15rem;margin:0 0 .75rem}
.note{color:#666;font-size:.85rem;margin:.75rem 0 0}
.big{display:grid;grid-template-columns:repeat(auto-fit,minmax(6rem,1fr));gap:.5rem}
.big div{background:#f1f5f2;border-radius:.5rem;padding:.6rem}
.big strong{display:block;font-size:1.8rem;line-height:1.1;color:#1f6f4a}
.big small{color:#555}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.35rem .4rem;border-bottom:1px solid #eee;vertical-align:top}
th{font-weight:600;color:#444}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.cohort{font-size:.8rem}
.cohort td{text-align:center;min-width:2.4rem;padding:.3rem .2rem;color:#123}
.cohort th{white-space:nowrap}
.error{color:#a33b2b;font-weight:600}
.warn{background:#fff4e5;border-left:4px solid #e0a030;padding:.6rem .8rem}
.call{border-left:4px solid #a33b2b;padding:.5rem .75rem;margin:0 0 .75rem;background:#fdf6f5}
.call.question{border-color:#2f6fa3;background:#f4f8fc}
.call blockquote{margin:.4rem 0;font-style:italic}
.call form{display:inline}
button,.button{background:#1f6f4a;color:#fff;border:0;border-radius:.4rem;padding:.45rem .9rem;font:inherit;cursor:pointer;text-decoration:none;display:inline-block}
input,select{font:inherit;padding:.35rem .5rem;border:1px solid #bbb;border-radius:.4rem;max-width:100%}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
form.filters label{display:block}
form.login{display:grid;gap:.9rem;max-width:22rem}
form.login label{display:grid;gap:.25rem}
.links a{margin-right:1rem}
svg text{font:12px -apple-system,'Segoe UI',Roboto,Arial,sans-serif}
</style>`;

export function layout(locale: Locale, title: string, body: Html, header?: Html): string {
  return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>${css}</head>
<body>${header ?? html`<header><h1>nextdeal</h1></header>`}<main>${header ? '' : html`<h2>${title}</h2>`}${body}</main></body></html>`.value;
}
