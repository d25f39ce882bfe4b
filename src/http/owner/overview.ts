// The owner's overview, most important first: what stops messages reaching customers (a paused channel, no provider
// set up), does nextdeal help (in a sentence), who to call back, then "do customers come back?", then the rest, each
// of the rest one line (sections/fold.ts) with its key figure: on a phone the page was eleven screens.
import { type AlertsRefused, addressRefused } from '../../db/alerts.js';
import { DAILY_CEILING, type JoinClosed } from '../../db/confirmations.js';
import type { ExperimentView } from '../../db/experiments.js';
import { type ChannelPause, outboxDiskFull } from '../../db/health.js';
import { SPAM_DAYS } from '../../db/messages.js';
import type { AskedGroups, InvitationEffect, ReasonRow, ReplyRow, SameCustomerReturns } from '../../db/figures.js';
import { dayDate } from '../../domain/calendar.js';
import { type Period, periodChoices } from '../../domain/figures.js';
import { outsideQuietHours } from '../../domain/schedule.js';
import { type Html, html } from '../html.js';
import { type Ctx, at, day, providerCode, timeOrDay, whole } from './format.js';
import { type InDoubt, inDoubtWarning } from './in-doubt.js';
import { layout, ownerHeader } from './layout.js';
import { type Cohort, cohort } from './sections/cohort.js';
import { experiment } from './sections/experiment.js';
import { type Checkins, asked, checkins, contactIssues, invitations, reasons, returns } from './sections/figures.js';
import { folded, how } from './sections/fold.js';
import { type HandledReply, justHandled, replyCard } from './sections/reply.js';

export interface OverviewData {
  period: Period;
  today: number;
  /** The call-back list: how many in all, and the first few (problems, then questions, then the rest; each newest first). */
  open: { count: number; rows: ReplyRow[] };
  /** The reply just marked handled, still handled: whom it came from (null once erased, and then it cannot be put back). */
  handled?: HandledReply;
  returns: SameCustomerReturns;
  invitations: InvitationEffect;
  asked: AskedGroups;
  cohort: Cohort;
  checkins: Checkins;
  reasons: ReasonRow[];
  /** `unreachable`: customers whose number Twilio found cannot take a text (figures.unreachableNumbers). */
  contactIssues: { sales: number; phone: number; email: number; unreachable: number };
  /** Sales of the past week still waiting for their customer's contact details. */
  waiting: number;
  joinUrl: string;
  /** Channels that paused themselves because their provider kept failing. */
  paused: ChannelPause[];
  /** Until when check-ins and invitations wait after a downtime (chores.alive); 0 when they do not wait now. */
  messagesWait: number;
  /** Texts waiting because the Twilio account may not text their country (21408, Geo Permissions). */
  geo: number;
  /** Texts waiting because the Twilio account is a trial one, which texts only the numbers verified in it (21608). */
  trial: number;
  /** Texts of the last days the phone companies held back as possible spam (Twilio 30007), when several; else 0. */
  spam: number;
  /** Messages in doubt: those Twilio's records settle, and those the owner must. */
  uncertain: InDoubt;
  /** Whether the till ever sent a sale: a shop that has none yet is shown how to begin, not a page of empty figures. */
  anySale: boolean;
  /** Where an alert about a problem or a question goes: by e-mail, nowhere (no address), or to the outbox on disk. */
  alerts: 'email' | 'no_address' | 'outbox' | 'catcher';
  /** Alerts to the shop's alert address that failed for good, with none gone out to it since; null when none did. */
  refused: AlertsRefused | null;
  /** Alerts that may not have reached the owner (in doubt), about replies not marked handled yet. */
  alertsInDoubt: number;
  /** The join page sent customers to the counter for the shop's daily cap or ceiling in the last 24 hours; else null. */
  joinClosed: JoinClosed | null;
  /** Messages of the period the local outbox took instead of the customer (no SMTP or Twilio set up). */
  outboxed: Record<'sms' | 'email', number>;
  /** Whether each channel still goes to the outbox now (no SMTP or Twilio set up), or has been set up since. */
  outboxNow: Record<'sms' | 'email', boolean>;
  /** Whether each channel's messages reach nobody now: the outbox, or a mail catcher for e-mail. */
  unreached: Record<'sms' | 'email', boolean>;
  /** Does nextdeal help? The hold-out's report. */
  experiment: ExperimentView;
}

function callBack(c: Ctx, d: OverviewData): Html {
  const { w, shop } = c;
  const cards = d.open.rows.map((r) => replyCard(c, r, c.query));
  return html`<section id="call-back"><h2>${w.callTitle} (${whole(c, d.open.count)})</h2>${justHandled(c, d.handled, c.query)}${cards.length ? cards : html`<p>${w.callNone}</p>`}
${d.open.count > d.open.rows.length ? html`<p><a class="button quiet" href="/shops/${shop.slug}/replies?reading=open">${w.callMore(d.open.count)}</a></p>` : ''}
${how(w.callHow, html`${w.callNote} <a href="/shops/${shop.slug}/replies.csv?${c.query}">${w.download}</a>`)}</section>`;
}

/** The period as a row of small links, with other dates behind a tap: it never fills the first screen. */
function periodBar(c: Ctx, p: Period): Html {
  const { w, shop } = c;
  const chips = periodChoices.map((n) => html`<li><a href="/shops/${shop.slug}?days=${n}" ${p.days === n ? html`aria-current="page"` : ''}>${w.days(n)}</a></li>`);
  const custom = p.days === null ? html`<li><a href="/shops/${shop.slug}?${c.query}" aria-current="page">${w.periodShown(day(c, p.from), day(c, p.to))}</a></li>` : '';
  return html`<div class="period" id="period"><span>${w.period}:</span><ul class="chips">${chips}${custom}</ul>
<details><summary>${w.otherDates}</summary><form class="filters" method="get" action="/shops/${shop.slug}">
<label>${w.from}<br><input type="date" name="from" value="${p.days ? '' : dayDate(p.from)}" required></label>
<label>${w.to}<br><input type="date" name="to" value="${p.days ? '' : dayDate(p.to)}" required></label><button>${w.show}</button></form></details></div>`;
}

function warnings(c: Ctx, d: OverviewData): Html {
  const { w, shop } = c;
  // Why it stands still, as the owner can act on it: the provider's trouble passes; nextdeal's settings refused, or its
  // own server unable to store the messages (a full disk), need the person who runs nextdeal, and are not the provider's.
  const paused = d.paused.map((p) => {
    const [name, until] = [p.channel === 'sms' ? 'SMS' : 'E-mail', at(c, p.pausedUntil, 'HH:mm')];
    const said = p.cause === 'outbox'
      ? w.outboxPausedWarning(name, until, p.failures, outboxDiskFull(p))
      : (p.cause === 'login' ? w.loginRefusedWarning : w.pausedWarning)(name, until, p.failures);
    return html`<section class="warn" role="alert" data-paused="${p.channel}" data-cause="${p.cause}"><p>${said}${providerCode(p.lastError)}</p></section>`;
  });
  const disabled = shop.disabledAt !== null ? html`<section class="warn" id="disabled"><p>${w.disabledWarning(at(c, shop.disabledAt, 'd MMMM yyyy'))}</p></section>` : '';
  // Until the wait is over and, should it end at night, until the quiet hours are (a reviewer: "wachten tot 22:45").
  const resumes = d.messagesWait ? timeOrDay(c, outsideQuietHours(d.messagesWait, shop)) : '';
  const resuming = resumes ? html`<section class="warn" id="resuming"><p>${w.resumeWarning(resumes)}</p></section>` : '';
  // Twilio refuses texts to a country its account has not enabled (21408): no pause (others go), so said here.
  const geo = d.geo ? html`<section class="warn" id="geo" role="alert"><p>${w.geoWarning(d.geo)}</p></section>` : '';
  const trial = d.trial ? html`<section class="warn" id="trial" role="alert"><p>${w.trialWarning(d.trial)}</p></section>` : '';
  const spam = d.spam ? html`<section class="warn" id="spam-filtered" role="alert"><p>${w.spamWarning(d.spam, SPAM_DAYS)}</p></section>` : '';
  const uncertain = d.uncertain.checked || d.uncertain.decide
    ? html`<section class="warn" id="uncertain">${inDoubtWarning(c, d.uncertain, html`<a href="/shops/${shop.slug}/messages?status=uncertain">${w.uncertainLink}</a>`)}</section>`
    : '';
  // A channel still without its provider is asked to be set up; one set up since says what its outbox took before.
  const { sms, email } = d.outboxed;
  const still = { sms: d.outboxNow.sms ? sms : 0, email: d.outboxNow.email ? email : 0 };
  const before = { sms: sms - still.sms, email: email - still.email };
  const span = d.period.days === null ? w.outboxSpan(day(c, d.period.from), day(c, d.period.to)) : w.outboxDays(d.period.days);
  const said = [
    still.sms + still.email ? w.outboxWarning(still.sms, still.email, span) : '',
    before.sms + before.email ? w.outboxBefore(before.sms, before.email, span) : '',
  ].filter(Boolean);
  const outbox = said.length ? html`<section class="warn" id="outbox">${said.map((p) => html`<p>${p}</p>`)}</section>` : '';
  // A complaint reaches the owner at once only by e-mail: without it, the page is where they must look.
  const alerts = d.alerts === 'email' ? '' : html`<section class="warn" id="no-alerts" data-alerts="${d.alerts}"><p>${w.noAlerts[d.alerts]}</p></section>`;
  const r = d.refused;
  const refused = r
    ? html`<section class="warn" role="alert" id="alerts-refused"><p>${w.alertsRefused(r.count, r.address, w.errors[r.reason], at(c, r.lastAt), addressRefused(r.reason))}</p></section>`
    : '';
  // Nothing sends an alert in doubt again: the owner may never have had it.
  const inDoubt = d.alertsInDoubt ? html`<section class="warn" role="alert" id="alerts-in-doubt"><p>${w.alertsInDoubt(d.alertsInDoubt)}</p></section>` : '';
  // Customers who came to sign up were sent to the counter, and nothing else would tell the owner.
  const j = d.joinClosed;
  const joinClosed = j
    ? html`<section class="warn" role="alert" id="join-closed"><p>${w.joinClosed(at(c, j.since), at(c, j.reopensBy), j.limit === 'all' ? DAILY_CEILING : null)}</p></section>`
    : '';
  return html`${disabled}${alerts}${refused}${inDoubt}${joinClosed}${outbox}${paused}${geo}${trial}${spam}${resuming}${uncertain}`;
}

function waiting(c: Ctx, d: OverviewData): Html {
  const { w, shop } = c;
  // Open while sales wait for their customer's details (a sheet to print for the counter); else one line, the poster
  // behind it.
  const said = d.waiting ? w.waitingCount(d.waiting) : w.waitingNone;
  return folded('waiting', w.waitingTitle, said, html`<p>${said}</p>
<p class="actions">${d.waiting ? html`<a class="button quiet" href="/shops/${shop.slug}/waiting">${w.waitingSheet}</a>` : ''}<a href="${d.joinUrl}/poster">${w.poster}</a></p>
<p class="note">${w.waitingNote}</p>`, d.waiting > 0);
}

/** "je" or "u" to the shop's customers, for a shop whose messages are Dutch (English has one "you"): each with its first words. */
function voiceForm(c: Ctx): Html | '' {
  if (c.shop.locale !== 'nl') return '';
  const v = c.w.voice;
  const choice = (value: 'je' | 'u', example: string) =>
    html`<label><input type="radio" name="formal" value="${value === 'u' ? 'on' : 'off'}" ${(c.shop.formal === 1) === (value === 'u') ? html`checked` : ''}><strong>${value}</strong> <span class="note">${example}</span></label>`;
  // A setting, chosen once: folded, its line the choice made.
  return folded('voice', v.title, c.shop.formal === 1 ? 'u' : 'je', html`<form class="choice" method="post" action="/shops/${c.shop.slug}/formal"><input type="hidden" name="_csrf" value="${c.csrf}">
${choice('je', v.je)}${choice('u', v.u)}<button>${v.save}</button></form><p class="note">${v.note}</p>`);
}

export function overview(c: Ctx, d: OverviewData): string {
  const header = ownerHeader({ locale: c.locale, slug: c.shop.slug, name: c.shop.name, csrf: c.csrf, tab: 'overview', query: c.query });
  // Who to call back first when anyone is waiting for it: on a phone the hold-out's verdict fills the first screen.
  const top = d.open.count > 0 ? html`${callBack(c, d)}${experiment(c, d.experiment, d.unreached)}` : html`${experiment(c, d.experiment, d.unreached)}${callBack(c, d)}`;
  const body = d.anySale
    ? html`${warnings(c, d)}${top}${periodBar(c, d.period)}${returns(c, d.returns, d.today)}${checkins(c, d.checkins)}${invitations(c, d.invitations)}${
      contactIssues(c, d.contactIssues)}${waiting(c, d)}${asked(c, d.asked)}${reasons(c, d.reasons)}${cohort(c, d.cohort)}${voiceForm(c)}`
    : html`${warnings(c, d)}<section id="welcome"><h2>${c.w.welcomeTitle}</h2><p>${c.w.welcome(c.shop.name)}</p><p class="note">${c.w.welcomeNote}</p></section>${
      callBack(c, d)}${waiting(c, d)}${experiment(c, d.experiment, d.unreached)}${voiceForm(c)}`;
  return layout(c.locale, `${c.w.nav.overview} · ${c.shop.name}`, body, header);
}
