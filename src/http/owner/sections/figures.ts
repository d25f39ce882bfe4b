// The owner's figures for the chosen period, each with a note that says how it is counted (see the README).
import type { AskedGroup, AskedGroups, CheckinRow, InvitationEffect, ReasonRow, SameCustomerReturns } from '../../../db/figures.js';
import { COMPARE_DAYS } from '../../../db/figures.js';
import { percent } from '../../../domain/figures.js';
import { type Html, html } from '../../html.js';
import { type Ctx, FEW, channelWord, day, money, pct, share, whole } from '../format.js';
import { barChart } from '../svg.js';
import { folded, how } from './fold.js';

/** "Do customers come back?": three windows over the same customers, or the day the first figure is known. */
export function returns(c: Ctx, r: SameCustomerReturns, today: number): Html {
  const { w } = c;
  if (r.customers === 0) return html`<section id="return-rate"><h2>${w.returnTitle}</h2><p>${w.returnNone}</p>${how(w.countedHow, w.returnNote)}</section>`;
  const cards = r.rates.map((x) => {
    if ('knownOn' in x) {
      return html`<div class="later" data-window="${x.days}"><small>${w.withinDays(x.days)}</small><strong>–</strong><small>${w.knownOn(day(c, x.knownOn))}</small></div>`;
    }
    const { figure, detail } = share(c, x.back, r.judged, x.rate);
    return html`<div data-window="${x.days}"><small>${w.withinDays(x.days)}</small><strong>${figure}</strong><small>${detail}</small></div>`;
  });
  const first = r.rates[0]!;
  const which =
    r.matured === null
      ? html`<p>${w.returnNotYet(r.customers, 'knownOn' in first ? day(c, first.knownOn) : '')}</p>`
      : html`<p>${w.returnSame(r.judged, r.matured, day(c, today - r.matured - 1))}</p>${r.tooEarly > 0 ? html`<p>${w.returnTooEarly(r.tooEarly)}</p>` : ''}`;
  return html`<section id="return-rate"><h2>${w.returnTitle}</h2><div class="big">${cards}</div>${which}${how(w.countedHow, w.returnNote)}</section>`;
}

/** Of the invitations to come back, after how many the customer bought again within 14 days, and what that came to. */
export function invitations(c: Ctx, e: InvitationEffect): Html {
  const { w } = c;
  // Those Twilio reported undelivered or failed are in no figure: said, so that the owner knows why.
  const undelivered = e.undelivered > 0 ? html`<p>${w.invitationUndelivered(e.undelivered)}</p>` : '';
  // (Not "Nog geen uitnodigingen verstuurd" above "42 uitnodigingen kwamen niet aan": its review.)
  // Folded, its line the figure itself: the share after how many, or that none went out (or none arrived).
  if (e.invited === 0) {
    const none = undelivered || html`<p>${w.invitationNone}</p>`;
    return folded('invitation', w.invitationTitle, e.undelivered > 0 ? w.invitationUndelivered(e.undelivered) : w.invitationNone, html`${none}<p class="note">${w.invitationNote}</p>`);
  }
  const purchases = e.revenue.reduce((n, r) => n + r.purchases, 0);
  const amounts = e.revenue.filter((r) => r.currency && r.cents !== 0).map((r) => money(c.locale, r.cents, r.currency));
  const tooEarly = e.invited - e.judged;
  const key = e.judged >= FEW ? `${pct(percent(e.returned, e.judged))}: ${w.invitationBack(e.returned, e.judged)}`
    : e.judged > 0 ? `${w.invitationBack(e.returned, e.judged)} (${w.invitationTooFew})` : w.invitationTooEarly(tooEarly);
  return folded('invitation', w.invitationTitle, key, html`
${e.judged >= FEW ? html`<div class="big"><div><strong>${pct(percent(e.returned, e.judged))}</strong><small>${w.invitationBack(e.returned, e.judged)}</small></div></div>`
  : e.judged > 0 ? html`<p>${w.invitationBack(e.returned, e.judged)} (${w.invitationTooFew}).</p>` : ''}
${purchases > 0 ? html`<p>${w.invitationRevenue(purchases, amounts.length ? amounts.join(' + ') : w.noAmount)}</p>` : ''}
${tooEarly > 0 ? html`<p>${w.invitationTooEarly(tooEarly)}</p>` : ''}${undelivered}<p class="note">${w.invitationNote}</p>`);
}

/**
 * "Did asking help?": every new customer of the period in one row (those no check-in reached in a row of their own,
 * shown when there are any), the held-out ones in a line below.
 */
export function asked(c: Ctx, { groups, heldOut }: AskedGroups): Html {
  const { w } = c;
  const label = { sms: w.askedSms, email: w.askedEmail, none: w.askedNone, unreached: w.askedUnreached };
  const all = (['sms', 'email', 'none', 'unreached'] as const)
    .map((a) => groups.find((g) => g.asked === a) ?? { asked: a, customers: 0, judged: 0, back: 0, rate: null })
    .filter((g) => g.asked !== 'unreached' || g.customers > 0);
  const detail = (g: AskedGroup) =>
    g.judged > 0
      ? `${w.askedBack(g.back, g.judged, g.customers)}${g.judged < FEW ? ` · ${w.tooFew}` : ''}`
      : g.customers > 0 ? w.askedTooEarly(g.customers, COMPARE_DAYS) : w.askedNobody;
  const bars = all.map((g) => ({ label: label[g.asked], value: g.judged < FEW ? null : g.rate, detail: detail(g) }));
  // Folded, its line how many customers each group has, and no rate: side by side on one line, the groups' rates would
  // read as what asking did, and the warning that they differ in more than the message is below them.
  const key = all.filter((g) => g.customers > 0).map((g) => `${label[g.asked]}: ${whole(c, g.customers)}`).join(' · ') || w.askedNobody;
  return folded('asking', w.askedTitle, key, html`${barChart(bars, w.askedTitle)}${heldOut > 0 ? html`<p>${w.askedHeldOut(heldOut)}</p>` : ''}<p class="note">${w.askedNote(COMPARE_DAYS)}</p>`);
}

export interface Checkins {
  channels: CheckinRow[];
  replies: { channel: string; class: string; n: number }[];
  optOuts: { channel: string; n: number }[];
}

export function checkins(c: Ctx, d: Checkins): Html {
  const { w } = c;
  // Channels as columns and figures as rows: two or three narrow columns fit a phone.
  const optOuts = (channel: string) => d.optOuts.find((o) => o.channel === channel)?.n ?? 0;
  const figure = (label: string, value: (r: CheckinRow) => string | number) =>
    html`<tr><th>${label}</th>${d.channels.map((r) => { const v = value(r); return html`<td class="n" data-label="${channelWord(w, r.channel)}">${typeof v === 'number' ? whole(c, v) : v}</td>`; })}</tr>`;
  // On a narrow screen (200% zoom, a large font) a list: each figure's label, then each channel's figure (layout.ts).
  const table = html`<table class="stack"><thead><tr><td></td>${d.channels.map((r) => html`<th class="n">${channelWord(w, r.channel)}</th>`)}</tr></thead><tbody>
${figure(w.sent, (r) => r.sent)}${figure(w.delivered, (r) => (r.channel === 'sms' ? r.delivered : '–'))}${figure(w.failed, (r) => r.failed)}
${figure(w.waiting, (r) => r.waiting)}${figure(w.replied, (r) => r.replied)}${figure(w.replyRate, (r) => (r.answerable > 0 ? share(c, r.replied, r.answerable, percent(r.replied, r.answerable)).figure : '–'))}
${figure(w.optOuts, (r) => optOuts(r.channel))}</tbody></table>`;
  const byClass = (cls: string) => d.replies.filter((r) => r.class === cls).reduce((n, r) => n + r.n, 0);
  const answers = (['positive', 'other', 'problem', 'question'] as const).map((r) => html`<li>${w.readings[r]}: <strong>${whole(c, byClass(r))}</strong></li>`);
  const total = (f: (r: CheckinRow) => number) => whole(c, d.channels.reduce((n, r) => n + f(r), 0));
  const key = d.channels.length
    ? `${w.sent} ${total((r) => r.sent)} · ${w.replied} ${total((r) => r.replied)} · ${w.optOuts} ${whole(c, d.optOuts.reduce((n, o) => n + o.n, 0))}`
    : w.empty;
  return folded('checkins', w.checkinsTitle, key, html`${d.channels.length ? table : html`<p>${w.empty}</p>`}
<p>${w.answers}:</p><ul>${answers}</ul><p class="note">${w.checkinsNote}</p>`);
}

export function reasons(c: Ctx, rows: ReasonRow[]): Html {
  const { w } = c;
  // The rate is of the customers who bought long enough ago to tell, which may be fewer than those counted: its base
  // beside it, as everywhere on the page.
  const rate = (r: ReasonRow) => {
    const { figure, detail } = r.judged > 0 ? share(c, r.back, r.judged, r.rate) : { figure: '–', detail: w.tooEarly };
    return html`${figure}<br><small>${detail}</small>`;
  };
  const body = rows.map((r) => html`<tr><td class="wrap">${r.reason}</td><td class="n" data-label="${w.customers}">${whole(c, r.customers)}</td><td class="n" data-label="${w.returnRate(COMPARE_DAYS)}">${rate(r)}</td></tr>`);
  // Folded, its line the three reasons given most.
  const most = [...rows].sort((a, b) => b.customers - a.customers).slice(0, 3).map((r) => `${r.reason} (${whole(c, r.customers)})`);
  const key = most.length ? `${most.join(', ')}${rows.length > 3 ? ', …' : ''}` : w.empty;
  return folded('reasons', w.reasonsTitle, key, html`
<table class="stack"><thead><tr><th>${w.reason}</th><th class="n">${w.customers}</th><th class="n">${w.returnRate(COMPARE_DAYS)}</th></tr></thead>
<tbody>${body.length ? body : html`<tr><td colspan="3">${w.empty}</td></tr>`}</tbody></table><p class="note">${w.reasonsNote(COMPARE_DAYS)}</p>`);
}

/**
 * Sales the till sent with a phone number or e-mail address that cannot be right, and customers whose number Twilio
 * found cannot take a text (21211, 21614, 30005, 30006): only shown when there are any.
 */
export function contactIssues(c: Ctx, n: { sales: number; phone: number; email: number; unreachable: number }): Html | '' {
  if (n.sales === 0 && n.unreachable === 0) return '';
  const { w } = c;
  return html`<section id="contact-issues"><h2>${w.contactTitle}</h2>${n.sales > 0 ? html`<p>${w.contactIssues(n.sales, n.phone, n.email)}</p>` : ''}${
    n.unreachable > 0 ? html`<p>${w.unreachableNumbers(n.unreachable)}</p>` : ''}<p class="note">${w.contactNote}</p></section>`;
}
