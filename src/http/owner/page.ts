// The owner's page: one screen that answers "do my customers come back, and what do they say?".
import { DateTime } from 'luxon';
import type { AskedGroup, CheckinRow, MessageLogRow, ReasonRow } from '../../db/metrics.js';
import { COMPARE_DAYS } from '../../db/metrics.js';
import type { ChannelPause } from '../../db/health.js';
import type { OpenReply } from '../../db/replies.js';
import type { Shop } from '../../db/shops.js';
import { dayDate, monthStart, weekStart } from '../../domain/calendar.js';
import { displayPhone } from '../../domain/contact.js';
import { type CohortRow, type Period, type ReturnRate, percent, periodChoices } from '../../domain/metrics.js';
import type { Locale, SaleItem } from '../../domain/sale.js';
import { type Html, html, raw } from '../html.js';
import { layout } from './layout.js';
import { barChart, heat } from './svg.js';
import { type OwnerWords, ownerWords } from './words.js';

export interface DashboardData {
  shop: Shop;
  csrf: string;
  locale: Locale;
  period: Period;
  query: string; // the period as a query string, for links that keep it
  returns: { customers: number; rates: ReturnRate[] };
  asked: AskedGroup[];
  cohort: { unit: 'week' | 'month'; columns: number; rows: CohortRow[] };
  checkins: { channels: CheckinRow[]; replies: { channel: string; class: string; n: number }[]; optOuts: { channel: string; n: number }[]; uncertain: number };
  reasons: ReasonRow[];
  open: OpenReply[];
  messages: { rows: MessageLogRow[]; uncertain: MessageLogRow[]; search: string; status: string; page: number; more: boolean };
  /** Sales without contact whose customer can still leave their details: link and QR code. */
  waiting: { url: string; qr: string; items: string; createdAt: number }[];
  joinUrl: string;
  /** Channels that paused themselves because their provider kept failing. */
  paused: ChannelPause[];
}

/** The provider's code from its words ("Twilio 21211: …" → " (Twilio 21211)"): the same in every language. */
const providerCode = (detail: string | null): string => {
  const code = detail && /^(Twilio \d+|SMTP \d+|HTTP \d+|E[A-Z_]+)\b/.exec(detail)?.[1];
  return code ? ` (${code})` : '';
};
const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v)}%`);
const itemNames = (json: string | null) => (json ? (JSON.parse(json) as SaleItem[]).map((i) => i.name).join(', ') : '');

function contact(shop: Shop, phone: string | null, email: string | null): Html {
  return html`${phone ? html`<a href="tel:${phone}">${displayPhone(phone, shop.country)}</a>` : ''}${phone && email ? ' · ' : ''}${
    email ? html`<a href="mailto:${email}">${email}</a>` : ''
  }`;
}

function periodForm(d: DashboardData, w: OwnerWords): Html {
  const options = periodChoices.map((n) => html`<option value="${n}" ${d.period.days === n ? 'selected' : ''}>${w.lastDays(n)}</option>`);
  return html`<section><form class="filters" method="get">
  <label>${w.period}<br><select name="days">${options}</select></label>
  <label>${w.fromTo}<br><input type="date" name="from" value="${d.period.days ? '' : dayDate(d.period.from)}"> – <input type="date" name="to" value="${d.period.days ? '' : dayDate(d.period.to)}"></label>
  <button>${w.show}</button></form></section>`;
}

function returns(d: DashboardData, w: OwnerWords): Html {
  const cards = d.returns.rates.map(
    (r) => html`<div data-window="${r.days}"><small>${w.withinDays(r.days)}</small><strong>${pct(r.rate)}</strong>
<small>${w.ofCustomers(r.back, r.judged)}<br>${w.tooEarly(r.tooEarly)}</small></div>`,
  );
  return html`<section id="return-rate"><h2>${w.returnTitle}</h2><div class="big">${cards}</div><p class="note">${w.returnNote(d.returns.customers)}</p></section>`;
}

function cohort(d: DashboardData, w: OwnerWords): Html {
  const { unit, columns, rows } = d.cohort;
  if (rows.length === 0) return html`<section id="cohorts"><h2>${w.cohortTitle}</h2><p>${w.empty}</p></section>`;
  const max = Math.max(0, ...rows.flatMap((r) => r.cells.map((c) => c ?? 0)));
  const label = (c: number) =>
    unit === 'week'
      ? DateTime.fromMillis(weekStart(c) * 86_400_000, { zone: 'utc' }).setLocale(d.locale).toFormat('d LLL yyyy')
      : DateTime.fromMillis(monthStart(c) * 86_400_000, { zone: 'utc' }).setLocale(d.locale).toFormat('LLL yyyy');
  const head = Array.from({ length: columns }, (_, i) => html`<th class="n">${i}</th>`);
  const body = rows.map(
    (r) => html`<tr><th>${label(r.cohort)}</th><td class="n">${r.size}</td>${r.cells.map(
      (c) => html`<td style="${heat(c, max)}">${c === null ? '' : pct(c)}</td>`,
    )}</tr>`,
  );
  return html`<section id="cohorts"><h2>${w.cohortTitle}</h2>
<table class="cohort"><thead><tr><th>${unit === 'week' ? w.cohortWeek : w.cohortMonth}</th><th class="n">${w.customers}</th>${head}</tr>
<tr><th></th><th></th><th colspan="${columns}">${unit === 'week' ? w.weeksLater : w.monthsLater} →</th></tr></thead><tbody>${body}</tbody></table>
<p class="note">${w.cohortNote(unit)} <a href="/shops/${d.shop.slug}/cohorts.csv?${d.query}">${w.download}</a></p></section>`;
}

function asked(d: DashboardData, w: OwnerWords): Html {
  const label = { sms: w.askedSms, email: w.askedEmail, none: w.askedNone };
  const groups = (['sms', 'email', 'none'] as const).map((a) => d.asked.find((g) => g.asked === a) ?? { asked: a, customers: 0, judged: 0, back: 0, rate: null });
  const bars = groups.map((g) => ({ label: label[g.asked], value: g.rate, detail: `${w.ofCustomers(g.back, g.judged)} · ${g.customers} ${w.customers}` }));
  return html`<section id="asking"><h2>${w.askedTitle}</h2>${barChart(bars, w.askedTitle)}<p class="note">${w.askedNote(COMPARE_DAYS)}</p></section>`;
}

function checkins(d: DashboardData, w: OwnerWords): Html {
  // Channels as columns and figures as rows: two or three narrow columns fit a phone.
  const channels = d.checkins.channels;
  const optOuts = (channel: string) => d.checkins.optOuts.find((o) => o.channel === channel)?.n ?? 0;
  const figure = (label: string, value: (c: CheckinRow) => string | number) =>
    html`<tr><th>${label}</th>${channels.map((c) => html`<td class="n">${value(c)}</td>`)}</tr>`;
  const table = html`<table><thead><tr><th></th>${channels.map((c) => html`<th class="n">${c.channel === 'sms' ? 'SMS' : 'e-mail'}</th>`)}</tr></thead><tbody>
${figure(w.sent, (c) => c.sent)}${figure(w.delivered, (c) => (c.channel === 'sms' ? c.delivered : '–'))}${figure(w.failed, (c) => c.failed)}
${figure(w.waiting, (c) => c.waiting)}${figure(w.replied, (c) => c.replied)}${figure(w.replyRate, (c) => pct(percent(c.replied, c.sent)))}
${figure(w.optOuts, (c) => optOuts(c.channel))}</tbody></table>`;
  const byClass = (cls: string) => d.checkins.replies.filter((r) => r.class === cls).reduce((n, r) => n + r.n, 0);
  const answers = ['positive', 'other', 'problem', 'question'].map((c) => html`<li>${w.classes[c]}: <strong>${byClass(c)}</strong></li>`);
  return html`<section id="checkins"><h2>${w.checkinsTitle}</h2>${channels.length ? table : html`<p>${w.empty}</p>`}
<p>${w.answers}:</p><ul>${answers}</ul><p class="note">${w.checkinsNote}</p></section>`;
}

function reasons(d: DashboardData, w: OwnerWords): Html {
  const rows = d.reasons.map((r) => html`<tr><td>${r.reason}</td><td class="n">${r.customers}</td><td class="n">${pct(r.rate)}</td></tr>`);
  return html`<section id="reasons"><h2>${w.reasonsTitle}</h2>
<table><thead><tr><th>${w.reason}</th><th class="n">${w.customers}</th><th class="n">${w.returnRate(COMPARE_DAYS)}</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="3">${w.empty}</td></tr>`}</tbody></table><p class="note">${w.reasonsNote(COMPARE_DAYS)}</p></section>`;
}

function callBack(d: DashboardData, w: OwnerWords): Html {
  const when = (at: number) => DateTime.fromMillis(at, { zone: d.shop.timezone }).setLocale(d.locale).toFormat('ccc d LLL, HH:mm');
  const items = d.open.map(
    (r) => html`<article class="call ${r.class}" data-reply="${r.id}">
<strong>${r.class === 'problem' ? w.problem : w.question}</strong> · ${r.customerName ?? '?'} · ${contact(d.shop, r.phone, r.email)} · <small>${when(r.receivedAt)}</small>
${r.body ? html`<blockquote>“${r.body}”</blockquote>` : ''}${r.answer ? html`<div>${w.said}: ${r.answer}</div>` : ''}
<div>${w.bought}: ${itemNames(r.items)}${r.reason ? html` · ${w.why}: “${r.reason}”` : ''}</div>
<form method="post" action="/shops/${d.shop.slug}/replies/${r.id}/handled?${d.query}"><input type="hidden" name="_csrf" value="${d.csrf}"><button>${w.handled}</button></form>
</article>`,
  );
  return html`<section id="call-back"><h2>${w.callTitle} (${d.open.length})</h2>${items.length ? items : html`<p>${w.callNone}</p>`}
<p class="note">${w.callNote} <a href="/shops/${d.shop.slug}/replies.csv?${d.query}">${w.download}</a></p></section>`;
}

function messages(d: DashboardData, w: OwnerWords): Html {
  const m = d.messages;
  const when = (at: number) => DateTime.fromMillis(at, { zone: d.shop.timezone }).setLocale(d.locale).toFormat('d LLL yy, HH:mm');
  const row = (r: MessageLogRow) => html`<tr class="${r.status}"><td>${when(r.sentAt ?? r.dueAt)}</td><td>${r.customerName ?? ''}<br><small>${contact(d.shop, r.phone, r.email)}</small></td>
<td>${w.kinds[r.kind]} · ${r.channel === 'sms' ? 'SMS' : 'e-mail'}</td><td>${w.statuses[r.status]}${r.delivery ? ` (${r.delivery})` : ''}${r.error ? html`<br><small>${w.errors[r.error]}${providerCode(r.errorDetail)}</small>` : ''}</td></tr>`;
  const statuses = Object.entries(w.statuses).map(([k, v]) => html`<option value="${k}" ${m.status === k ? 'selected' : ''}>${v}</option>`);
  const table = (rows: MessageLogRow[]) =>
    html`<table><thead><tr><th>${w.when}</th><th>${w.to}</th><th>${w.what}</th><th>${w.status}</th></tr></thead><tbody>${rows.map(row)}</tbody></table>`;
  const more = new URLSearchParams(d.query);
  if (m.search) more.set('q', m.search);
  if (m.status) more.set('status', m.status);
  more.set('page', String(m.page + 1));
  return html`<section id="messages"><h2>${w.messagesTitle}</h2>
${m.uncertain.length ? html`<div class="warn"><p>${w.uncertainWarning(m.uncertain.length)}</p>${table(m.uncertain)}</div>` : ''}
<form class="filters" method="get">${[...new URLSearchParams(d.query)].map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<label>${w.search}<br><input type="search" name="q" value="${m.search}"></label>
<label>${w.status}<br><select name="status"><option value="">${w.allStatuses}</option>${statuses}</select></label><button>${w.show}</button></form>
${m.rows.length ? table(m.rows) : html`<p>${w.empty}</p>`}
${m.more ? html`<p><a class="button" href="?${more.toString()}#messages">${w.more}</a></p>` : ''}
<p class="note">${w.messagesNote} <a href="/shops/${d.shop.slug}/messages.csv?${d.query}">${w.download}</a></p></section>`;
}

function waiting(d: DashboardData, w: OwnerWords): Html {
  const when = (at: number) => DateTime.fromMillis(at, { zone: d.shop.timezone }).setLocale(d.locale).toFormat('ccc d LLL, HH:mm');
  const cards = d.waiting.map(
    (l) => html`<figure style="display:inline-block;margin:0 1rem 1rem 0;text-align:center;width:9rem">${raw(l.qr.replace('<svg', '<svg width="144" height="144"'))}
<figcaption><small>${when(l.createdAt)}<br>${itemNames(l.items) || '–'}<br><a href="${l.url}">${l.url.replace(/^https?:\/\//, '')}</a></small></figcaption></figure>`,
  );
  return html`<section id="waiting"><h2>${w.waitingTitle}</h2>${cards.length ? cards : html`<p>${w.waitingNone}</p>`}
<p class="note">${w.waitingNote} <a href="${d.joinUrl}/poster">${w.poster}</a></p></section>`;
}

export function dashboard(d: DashboardData): string {
  const w = ownerWords[d.locale];
  const header = html`<header><h1>${d.shop.name}</h1><form method="post" action="/logout"><input type="hidden" name="_csrf" value="${d.csrf}"><button>${w.logOut}</button></form></header>`;
  const when = (at: number) => DateTime.fromMillis(at, { zone: d.shop.timezone }).setLocale(d.locale).toFormat('HH:mm');
  const paused = d.paused.map((p) => html`<section class="warn" role="alert" data-paused="${p.channel}"><p>${w.pausedWarning(p.channel === 'sms' ? 'SMS' : 'e-mail', when(p.pausedUntil), p.failures)}</p>${p.lastError ? html`<p><small>${p.lastError}</small></p>` : ''}</section>`);
  const body = html`${paused}${periodForm(d, w)}${returns(d, w)}${callBack(d, w)}${waiting(d, w)}${cohort(d, w)}${asked(d, w)}${checkins(d, w)}${reasons(d, w)}${messages(d, w)}`;
  return layout(d.locale, d.shop.name, body, header);
}
