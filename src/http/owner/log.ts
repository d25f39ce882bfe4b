// The message log: what was sent and what went wrong, newest first; what is still planned on request. One card per
// message, so that on a phone every part of it is visible.
import type { MessageLogRow, SearchedCustomer, UncertainRow } from '../../db/figures.js';
import { dayNumber } from '../../domain/calendar.js';
import { type Html, html } from '../html.js';
import { type Ctx, at, channelWord, contact, day, deliveryWord, notSentWords, withQuery } from './format.js';
import { type LookUp, inDoubt, inDoubtWarning, lookedUpWhen, oneKind } from './in-doubt.js';
import { layout, ownerHeader } from './layout.js';

export interface LogData {
  rows: MessageLogRow[];
  uncertain: UncertainRow[];
  /** How many are in doubt in all (`uncertain` holds the newest hundred). */
  inDoubt: number;
  /** In doubt and on this page, beyond the hundred in `uncertain`: said of as those. */
  alsoInDoubt?: UncertainRow[];
  /** TWILIO_RECONCILE_MINUTES when texts in doubt are looked up in Twilio's records, else undefined. */
  lookUp: LookUp;
  search: string;
  /** '' for everything up to now, 'planned' for what is still to come, or one status. */
  status: string;
  page: number;
  more: boolean;
  /** The last page "Meer" goes to: what is older is in messages.csv, or found by a search or another period. */
  last: boolean;
  /** When a search finds no message: the customers it names (a few), to say why they have none. */
  found: SearchedCustomer[];
}

/** The statuses one can choose, after "up to now" and "planned". */
const chosen = ['sent', 'failed', 'cancelled', 'expired', 'uncertain', 'sending'] as const;

/**
 * For a message in doubt: once the owner asked the customer, send it again, or count it as arrived. Not for a text
 * Twilio's records settle (in-doubt.ts): "arrived" would keep one that never went, "again" send one twice.
 */
function settle(c: Ctx, m: MessageLogRow, lookUp: LookUp): Html {
  const { w, shop } = c;
  const u = m as Partial<UncertainRow>;
  if (lookUp !== undefined && u.lookedUp === 1) return html`<div class="settle"><small>${w.settleChecked(lookedUpWhen(c, u.claimedAt! + lookUp * 60_000))}</small></div>`;
  const form = (how: string, label: string, quiet: boolean) =>
    html`<form method="post" action="/shops/${shop.slug}/messages/${m.id}/${how}"><input type="hidden" name="_csrf" value="${c.csrf}"><button${quiet ? html` class="quiet"` : ''}>${label}</button></form>`;
  return html`<div class="actions settle"><small>${w.settleAsk}</small>${form('resend', w.settleResend, false)}${form('arrived', w.settleArrived, true)}</div>`;
}

/** Why a message waits, when it waits for a day since another message to the customer, another shop's text or the night (while scheduled; what it waited for when it expired says errors). */
const waitedFor = ({ w }: Ctx, m: MessageLogRow): string | null =>
  m.error === 'messaged_recently' ? w.messagedRecentlyWait : m.error === 'number_busy' ? w.numberBusyWait
    : m.error === 'quiet_hours' ? w.nightWait(m.channel === 'sms') : null;
/** What a message still to go says of a wait (messaged_recently, number_busy, quiet_hours): while it is held by a reply, nothing. */
const WAIT_REASONS: readonly (string | null)[] = ['messaged_recently', 'number_busy', 'quiet_hours'];

/** Why it was not sent, or why it is not yet: a wait's reason only while it waits, then the failure with its code. */
function why(c: Ctx, m: MessageLogRow, waits: boolean): Html | string {
  if (!m.error || (m.status === 'scheduled' && WAIT_REASONS.includes(m.error) && !waits)) return '';
  const said = waits ? waitedFor(c, m) : null;
  return html`<br><small>${said ?? notSentWords(c.w, m.error, m.errorDetail)}</small>`;
}

/**
 * What the text kept of a message is called: what the customer got only once it went out to them; handed over but
 * reported undelivered, or perhaps not handed over (in doubt, being sent), what was sent; else (waiting for a retry,
 * failed, expired, cancelled, or only written to the outbox) what was ready, which never reached the customer.
 */
function said({ w }: Ctx, m: MessageLogRow): string {
  if (m.status === 'sent' && !m.outbox) return m.delivery === 'undelivered' || m.delivery === 'failed' ? w.whatWentOut : w.whatItSaid;
  return m.status === 'uncertain' || m.status === 'sending' ? w.whatWentOut : w.whatWasReady;
}

function card(c: Ctx, m: MessageLogRow, lookUp?: LookUp): Html {
  const { w } = c;
  const held = m.heldBy !== null && m.status === 'scheduled';
  // Waiting out another shop's text to the customer from the same number, the night where it is read, or a retry after
  // a failure: until when (the shop's time), and why; not "gepland" at a time already past.
  const waits = m.status === 'scheduled' && !held && (WAIT_REASONS.includes(m.error) || (m.nextAt > m.dueAt && m.nextAt > c.now));
  const word = held ? html`<a href="/shops/${c.shop.slug}/replies?reading=open&reply=${m.heldBy}#r${m.heldBy}">${w.held}</a>`
    : waits ? w.waitsUntil(at(c, m.nextAt))
    : m.outbox && m.status === 'sent' ? w.outboxed : (w.statuses[m.status as keyof typeof w.statuses] ?? w.deliveryUnknown);
  const status = html`${word}${m.delivery ? html` · ${deliveryWord(w, m.delivery)}` : ''}`;
  return html`<li class="${m.status}" data-message="${m.id}"><span>${at(c, m.sentAt ?? m.dueAt, 'd LLL yyyy, HH:mm')}</span>
<span><strong>${m.customerName ?? ''}</strong><br><small class="wrap">${contact(c, m.phone, m.email)}</small></span>
<span>${w.kinds[m.kind as keyof typeof w.kinds] ?? m.kind} · ${channelWord(w, m.channel)}</span>
<span><strong>${status}</strong>${why(c, m, waits)}</span>${
  m.content ? html`<details class="said"><summary>${said(c, m)}</summary><p class="wrap">${m.content}</p></details>` : ''}${
  m.status === 'uncertain' && !m.erased ? settle(c, m, lookUp) : ''}</li>`;
}

/** How many days (today's among them) the messages in doubt are listed one by one on top of every view of the log. */
const RECENT_DAYS = 7;

/**
 * The messages in doubt on top of the log: those of the last seven days (and every text nextdeal still looks up at
 * Twilio) one by one, with what to do; older ones folded into one line that says how many, from before which day, and
 * that they wait for the owner's choice, opening on them (open already in the view of what is in doubt). Before,
 * months-old ones were listed in full on top of every view, and today's messages sat a long scroll down on a phone.
 * Each is in the list below on its own day too, marked "onzeker", with its choice.
 */
function inDoubtOnTop(c: Ctx, d: LogData): Html | '' {
  if (d.uncertain.length === 0) return '';
  const since = dayNumber(c.now, c.shop.timezone) - (RECENT_DAYS - 1);
  const lookedUp = (m: UncertainRow) => d.lookUp !== undefined && m.lookedUp === 1;
  const recent = d.uncertain.filter((m) => lookedUp(m) || dayNumber(m.sentAt ?? m.dueAt, c.shop.timezone) >= since);
  const older = d.uncertain.filter((m) => !recent.includes(m));
  // Those beyond the hundred listed (the newest): older than every one listed. (Counted a moment apart from the list:
  // never below none.)
  const unlisted = Math.max(0, d.inDoubt - d.uncertain.length);
  const before = day(c, since, day(c, since, 'yyyy') === at(c, c.now, 'yyyy') ? 'd LLLL' : 'd LLLL yyyy'); // "2 december"
  return html`<div class="warn" id="uncertain">${
    recent.length ? html`${inDoubtWarning(c, inDoubt(recent.map(oneKind), d.lookUp))}<ol class="log">${recent.map((m) => card(c, m, d.lookUp))}</ol>` : ''}${
    older.length ? html`<details id="uncertain-older"${d.status === 'uncertain' ? html` open` : ''}><summary>${c.w.olderInDoubt(older.length + unlisted, before, older.length)}</summary><ol class="log">${older.map((m) => card(c, m, d.lookUp))}</ol></details>`
      : unlisted ? html`<p id="uncertain-more">${c.w.moreInDoubt(unlisted)}</p>` : ''}</div>`;
}

/** Customers a search names who have no message in the log, each with what may explain it. */
function found(c: Ctx, customers: readonly SearchedCustomer[]): Html | '' {
  const { w } = c;
  if (customers.length === 0) return '';
  const why = (x: SearchedCustomer) =>
    x.heldOut === 1 ? w.foundHeldOut : x.optedOut ? w.foundOptedOut : !x.bought ? w.foundNoSale : !x.consented ? w.foundNoConsent : w.foundNothingYet;
  return html`<ul class="found">${customers.map((x) => html`<li><strong>${x.name ?? '?'}</strong> <small class="wrap">${contact(c, x.phone, x.email)}</small><br>${why(x)}</li>`)}</ul>`;
}

export function messageLog(c: Ctx, d: LogData): string {
  const { w, shop } = c;
  const options = [
    html`<option value="">${w.untilNow}</option>`,
    html`<option value="planned" ${d.status === 'planned' ? 'selected' : ''}>${w.planned}</option>`,
    // "mislukt" takes what was reported undelivered too, as the check-ins table counts them.
    ...chosen.map((s) => html`<option value="${s}" ${d.status === s ? 'selected' : ''}>${s === 'failed' ? w.failed : w.statuses[s]}</option>`),
  ];
  // A message in doubt listed below too (status "onzeker") is said of as on top: looked up at Twilio, or the owner's choice.
  const inDoubtRow = new Map([...d.uncertain, ...(d.alsoInDoubt ?? [])].map((m) => [m.id, m]));
  const more = withQuery(c.query, { q: d.search, status: d.status, page: String(d.page + 1) });
  const body = html`<section id="messages"><h2>${w.messagesTitle}</h2>
${inDoubtOnTop(c, d)}
<form class="filters" method="get" action="/shops/${shop.slug}/messages">${[...new URLSearchParams(c.query)].map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<label>${w.search}<br><input type="search" name="q" value="${d.search}"></label>
<label>${w.status}<br><select name="status">${options}</select></label><button>${w.show}</button></form>
${d.rows.length ? html`<ol class="log">${d.rows.map((m) => card(c, inDoubtRow.get(m.id) ?? m, d.lookUp))}</ol>` : html`<p>${w.empty}</p>${found(c, d.found)}`}
${d.more ? (d.last ? html`<p id="older">${w.olderInCsv}</p>` : html`<p><a class="button quiet" href="/shops/${shop.slug}/messages?${more}">${w.more}</a></p>`) : ''}
<p class="note">${d.status === 'planned' ? w.plannedNote : w.messagesNote} <a href="/shops/${shop.slug}/messages.csv?${c.query}">${w.download}</a></p></section>`;
  return layout(c.locale, `${w.messagesTitle} · ${shop.name}`, body, ownerHeader({ locale: c.locale, slug: shop.slug, name: shop.name, csrf: c.csrf, tab: 'messages', query: c.query }));
}
