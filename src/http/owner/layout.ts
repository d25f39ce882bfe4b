// The frame of the owner's pages: readable on an old phone, no scripts, no web fonts, no build step. Tap targets are
// at least 44 px high; nothing but a wide table (which scrolls inside its own box, its first column staying put) is
// wider than the screen. Text meets WCAG AA contrast (4.5:1) on its background, a field's edge 3:1; a button has a border,
// transparent, that forced colours (Windows high contrast) draws, else it would read as plain text there. Text sizes follow the browser's font
// (the owner's setting honoured); on a screen narrower than 19.5em (312 px at the usual 16-px font, so not a 320-px
// phone: a phone at 200% zoom, or with a large font) a table of figures (class "stack") is a list instead: each row's label, then each figure
// beside the name of its column (data-label), so that no figure is scrolled out of sight.
// A reply's words keep their lines (pre-line): two answers on the reply page to one message are kept in one reply,
// the later words below the earlier (src/db/replies.ts, answerOnPage), and read as one sentence run together.
// A folded section (sections/fold.ts) is its title and its key figure on one line, ▸ beside the title (not read out).
// A reply card's "Verkeerd gelezen?" and "Wil geen berichten meer?" share one row while closed (a row less a card).
// Words only a screen reader needs (a nameless customer's number beside the "?" shown) are in class "vh": read out, never shown.
import type { Locale } from '../../domain/sale.js';
import { type Html, html } from '../html.js';
import { ownerPhrases } from './phrases.js';

const css = html`<style>
*{box-sizing:border-box}
body{margin:0;background:#f6f5f2;color:#222;font:100%/1.45 -apple-system,'Segoe UI',Roboto,Arial,sans-serif}
header{display:flex;flex-wrap:wrap;gap:.4rem .75rem;align-items:center;justify-content:space-between;padding:.5rem 1rem;background:#1f3b30;color:#fff}
header h1{font-size:1.1rem;margin:0;flex:1 1 auto}
header nav{display:flex;flex-wrap:wrap;gap:.25rem;order:3;flex:1 0 100%}
header nav a{color:#fff;text-decoration:none;padding:.55rem .75rem;border-radius:.4rem;min-height:44px;display:inline-flex;align-items:center}
header nav a[aria-current=page]{background:#ffffff26;font-weight:600}
header form{margin:0;order:2}
@media (min-width:48rem){header nav{order:1;flex:0 1 auto}}
header button{background:none;border:1px solid #fff8;color:#fff;border-radius:.4rem;padding:.3rem .7rem;font:inherit;min-height:44px}
main{max-width:64rem;margin:0 auto;padding:1rem .75rem}
section{background:#fff;border-radius:.6rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px #0001;overflow-x:auto}
h2{font-size:1.15rem;margin:0 0 .75rem}
.note{color:#666;font-size:.85rem;margin:.75rem 0 0}
.actions a:not(.button),.contact a{display:inline-flex;align-items:center;min-height:44px}
.note a{padding:.95rem 0}
.said p{white-space:pre-line;font-size:.9rem;background:#f6f5f2;padding:.5rem .7rem;border-radius:.4rem;margin:.3rem 0 0}
.big{display:grid;grid-template-columns:repeat(auto-fit,minmax(6rem,1fr));gap:.5rem}
.big div{background:#f1f5f2;border-radius:.5rem;padding:.6rem}
.big strong{display:block;font-size:1.8rem;line-height:1.1;color:#1f6f4a}
.big .later strong{color:#767676}
.big small{color:#555}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.35rem .4rem;border-bottom:1px solid #eee;vertical-align:top}
th{font-weight:600;color:#444}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto;position:relative}
.cohort{font-size:.8rem}
.cohort tr>:first-child{position:sticky;left:0;background:#fff}
.cohort td{text-align:center;min-width:2.4rem;padding:.3rem .2rem;color:#123}
.cohort th{white-space:nowrap}
.cohort tr.few td{color:#5c6670;background:#f1f1ef}
.cohort td.running{color:#5c6670;font-style:italic}
.error{color:#a33b2b;font-weight:600}
.warn{background:#fff4e5;border-left:4px solid #e0a030;padding:.6rem .8rem}
.warn p{margin:.2rem 0;overflow-wrap:anywhere}
a{color:#1f5f8f}
button,.button{background:#1f6f4a;color:#fff;border:2px solid transparent;border-radius:.4rem;padding:calc(.5rem - 2px) calc(.9rem - 2px);font:inherit;cursor:pointer;text-decoration:none;display:inline-flex;align-items:center;justify-content:center;min-height:44px}
.button.quiet,button.quiet{background:#eef1ef;color:#1f3b30;border:1px solid #c9d3cd;padding:.5rem .9rem}
input,select{font:inherit;padding:.45rem .5rem;border:1px solid #8a8a8a;border-radius:.4rem;max-width:100%;min-height:44px}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:.75rem 0}
form.filters label{display:block;min-width:0;max-width:100%}
form.choice label{display:flex;gap:.6rem;align-items:center;min-height:44px}form.choice input{min-height:0;width:1.25rem;height:1.25rem;margin:0}
form.login{display:grid;gap:.9rem;max-width:22rem}
form.login label{display:grid;gap:.25rem;min-width:0}form.login input{width:100%;min-width:0}
.chips{display:flex;flex-wrap:wrap;gap:.4rem;margin:0 0 .75rem;padding:0;list-style:none}
.chips a{display:inline-flex;align-items:center;min-height:44px;padding:.3rem .8rem;border-radius:2rem;border:1px solid #c9d3cd;background:#fff;color:#1f3b30;text-decoration:none}
.chips a[aria-current=page]{background:#1f3b30;color:#fff;border-color:#1f3b30}
.period{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:0 0 1rem}
.period .chips{margin:0}
.period details{flex:1 0 100%}
.period summary{display:inline-flex;align-items:center;min-height:44px;cursor:pointer;color:#1f5f8f}
.reply{border-left:4px solid #999;padding:.6rem .75rem;margin:0 0 .75rem;background:#fafafa;border-radius:0 .4rem .4rem 0}
.reply.problem{border-color:#a33b2b;background:#fdf6f5}
.reply.question{border-color:#2f6fa3;background:#f4f8fc}
.reply.other{border-color:#b08a1e;background:#fdfaf0}
.reply.positive{border-color:#1f6f4a;background:#f3f8f5}
.reply p{margin:.25rem 0}
.reply blockquote{margin:.4rem 0;font-size:1.05rem;overflow-wrap:anywhere;white-space:pre-line}
.tag{display:inline-block;font-size:.8rem;font-weight:600;padding:.05rem .5rem;border-radius:1rem;background:#e8e8e8;color:#333}
.problem .tag{background:#a33b2b;color:#fff}.question .tag{background:#2f6fa3;color:#fff}.other .tag{background:#7a5c00;color:#fff}.positive .tag{background:#1f6f4a;color:#fff}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0 0}
.actions form{margin:0}
.done:focus{outline:none}
.done{scroll-margin-top:3.45rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between;background:#f1f5f2;border-left:4px solid #1f6f4a;border-radius:0 .4rem .4rem 0;padding:.5rem .75rem;margin:0 0 .75rem}.done p{margin:0;overflow-wrap:anywhere}.done form{margin:0}
.reply details{margin:.5rem 0 0}
.reply .more{display:flex;flex-wrap:wrap;column-gap:1rem}.reply .more summary{font-size:.9rem}.reply .more details[open]{flex:1 0 100%}
section:has(>details.fold){padding:0 1rem}
details.fold>summary{flex-wrap:wrap;align-items:baseline;column-gap:.6rem;padding:.6rem 0}
details.fold>summary h2{margin:0;color:#222}details.fold>summary h2::before{content:'▸ ' / '';color:#1f5f8f}
details.fold[open]>summary h2::before{content:'▾ ' / ''}details.fold .key{color:#555;font-size:.9rem;overflow-wrap:anywhere}
details.fold[open]{padding:0 0 1rem}
details.how{margin:.5rem 0 0}details.how summary{font-size:.85rem}details.how .note{margin:0}
.reply summary{display:inline-flex;align-items:center;min-height:44px;cursor:pointer;color:#1f5f8f}
.reply details form{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.25rem 0 0}
.small{font-size:.85rem;color:#555}
ul.bars{list-style:none;margin:0;padding:0;max-width:25rem}
ul.bars li{margin:0 0 .6rem}
.bar-head{display:flex;justify-content:space-between;gap:.5rem;margin:0 0 .2rem}
ul.bars .small{margin:.2rem 0 0}
.when{white-space:nowrap}
.wrap{overflow-wrap:anywhere}
.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
ol.log{list-style:none;margin:0;padding:0}
ol.log li{display:grid;grid-template-columns:1fr;gap:.1rem;padding:.6rem 0;border-bottom:1px solid #eee}
ol.log li.failed,ol.log li.uncertain{background:#fdf6f5}
@media (min-width:48rem){ol.log li{grid-template-columns:9rem 1.2fr 9rem 1.5fr;gap:.75rem}ol.log li>.said,ol.log li>.settle{grid-column:1/-1}}
.qr{display:grid;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr));gap:1rem}
.qr figure{margin:0;text-align:center;break-inside:avoid}
.qr svg{width:100%;max-width:12rem;height:auto}
@media print{header,.noprint{display:none}body{background:#fff}section{box-shadow:none}}
svg text{font-family:-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:12px}
summary{cursor:pointer;min-height:44px;display:flex;align-items:center;color:#1f5f8f}
@media (max-width:19.5em){main{padding:.75rem .5rem}section{padding:.75rem}
table.stack,table.stack tbody,table.stack tr,table.stack th,table.stack td{display:block}
table.stack thead{display:none}
table.stack tr{padding:.3rem 0;border-bottom:1px solid #eee}table.stack th,table.stack td{border:0;padding:.1rem .2rem}
table.stack td[data-label]{display:grid;grid-template-columns:minmax(0,1fr) auto;column-gap:.75rem;align-items:baseline;text-align:right}
table.stack td[data-label]::before{content:attr(data-label);color:#555;text-align:left}
table.stack td[data-label] br{display:none}table.stack td[data-label] small{grid-column:1/-1}}
</style>`;

export type Tab = keyof typeof ownerPhrases.nl.nav;

/** The header of a logged-in owner's page: the shop's name, the three pages, and logging out. */
export function ownerHeader(o: { locale: Locale; slug: string; name: string; csrf: string; tab?: Tab; query?: string }): Html {
  const w = ownerPhrases[o.locale];
  const q = o.query ? `?${o.query}` : '';
  const link = (tab: Tab, href: string) => html`<a href="${href}" ${o.tab === tab ? html`aria-current="page"` : ''}>${w.nav[tab]}</a>`;
  return html`<header><h1>${o.name}</h1><form method="post" action="/logout"><input type="hidden" name="_csrf" value="${o.csrf}"><button>${w.logOut}</button></form>
<nav>${link('overview', `/shops/${o.slug}${q}`)}${link('inbox', `/shops/${o.slug}/replies`)}${link('messages', `/shops/${o.slug}/messages${q}`)}</nav></header>`;
}

export function layout(locale: Locale, title: string, body: Html, header?: Html): string {
  return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>${css}</head>
<body>${header ?? html`<header><h1>nextdeal</h1></header>`}<main>${header ? '' : html`<h2>${title}</h2>`}${body}</main></body></html>`.value;
}
