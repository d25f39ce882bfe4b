// "Does nextdeal help?": the hold-out's verdict in one sentence, the two groups side by side with their ranges, a
// picture, what it costs and how long until it is sure, the 30- and 90-day figures apart, and the share to hold out.
import type { ExperimentView } from '../../../db/experiments.js';
import { type Group, type Report, fewDelivered, measuresNothing } from '../../../domain/experiment.js';
import { holdoutShares } from '../../../domain/holdout.js';
import { type Html, html, raw } from '../../html.js';
import { type Ctx, FEW, at, day, share as shareOf } from '../format.js';

/**
 * A number more or fewer in words, its direction taken from the unrounded value, with `digits` decimals, and (`bare`) a
 * bare "0" when it rounds to none: rounded first, -0.27 points read "0 meer" beside a messaged group that did worse (the review
 * at scale, finding 5).
 */
function more(c: Ctx, v: number, digits = 0, bare = true): string {
  const n = new Intl.NumberFormat(c.locale === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Math.abs(v));
  return c.w.experiment.more(n, bare && /^[0.,]+$/.test(n) ? 0 : v < 0 ? -1 : 1);
}
/**
 * A difference of two rates in points per 100 customers, and its range, in one precision: one decimal where the range
 * is narrower than two points (a large shop, where a difference is a fraction of a point), whole points otherwise ("0,5
 * meer" inside a range from 4 fewer to 4 more reads as a gain it is not: holdout.md, always a range).
 */
function pointsLine(c: Ctx, estimate: number, [lo, hi]: readonly [number, number]): [string, string, string] {
  const digits = (hi - lo) * 100 < 2 ? 1 : 0;
  return [estimate, lo, hi].map((v) => more(c, v * 100, digits)) as [string, string, string];
}
const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
/**
 * A group's share with its count, as the owner reads every rate on the page: never a bare percentage, and of fewer than
 * FEW customers no percentage at all (the count only, as the verdict and the 30- and 90-day figures give it).
 */
const share = (g: Group, early = false) => ({ returned: g.returned, customers: g.customers, pct: g.customers < FEW || early ? null : pct(g.rate) });
/** A chance, never rounded to a certainty it is not: "more than 99%", "less than 1%". */
const chance = (c: Ctx, v: number) => (v > 0.99 ? c.w.experiment.moreThan('99%') : v < 0.01 ? c.w.experiment.lessThan('1%') : c.w.experiment.about(pct(v)));
/** A small count in the shop's language: one decimal below ten ("1,4"), whole above. */
const count = (c: Ctx, v: number) => new Intl.NumberFormat(c.locale === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: v < 10 ? 1 : 0 }).format(v);

/** Two rates with their 95% ranges, as bars with whiskers: readable on a phone, no script. */
function picture(c: Ctx, r: Report): Html {
  const width = 320;
  const rows = [
    { label: c.w.experiment.messaged, g: r.messaged, fill: '#1f6f4a' },
    { label: c.w.experiment.heldOut, g: r.heldOut, fill: '#8a9a91' },
  ];
  const x = (v: number) => (v * (width - 4)).toFixed(1);
  const parts = rows.map(({ label, g, fill }, i) => {
    const y = i * 52;
    const [lo, hi] = g.interval;
    return html`<text x="0" y="${y + 13}">${label}</text><text x="${width}" y="${y + 13}" text-anchor="end" font-weight="600">${pct(g.rate)}</text>
<rect x="0" y="${y + 20}" width="${width}" height="14" rx="3" fill="#e7ece9"></rect>
${g.rate === null ? '' : html`<rect x="0" y="${y + 20}" width="${x(g.rate)}" height="14" rx="3" fill="${fill}"></rect>
<line x1="${x(lo)}" x2="${x(hi)}" y1="${y + 27}" y2="${y + 27}" stroke="#123" stroke-width="2"></line>
<line x1="${x(lo)}" x2="${x(lo)}" y1="${y + 21}" y2="${y + 33}" stroke="#123" stroke-width="2"></line>
<line x1="${x(hi)}" x2="${x(hi)}" y1="${y + 21}" y2="${y + 33}" stroke="#123" stroke-width="2"></line>`}`;
  });
  const title = c.w.experiment.picture;
  return html`<svg role="img" aria-label="${title}" viewBox="0 -2 ${width} 104" width="100%" style="max-width:400px">${raw('<title>')}${title}${raw('</title>')}${parts}</svg>`;
}

/**
 * A group's rate as every share on the page is given (format.ts's share): of fewer than FEW customers, its count; and
 * while it is too early (`early`), its count whatever its size: "3 van 18" beside "9%, waarschijnlijk tussen 3% en 28%"
 * was the answer the too-early rule withholds (the review of the hold-out).
 */
const figureOf = (c: Ctx, g: Group, early = false) =>
  early ? c.w.outOf(g.returned, g.customers) : shareOf(c, g.returned, g.customers, g.rate === null ? null : g.rate * 100).figure;

/**
 * A percentage weighed per period (after a change of share) is not the group's counts added up and divided: beside it,
 * "41 of 61" reads as 67% under "65%", a figure that does not add up. Such a rate says what it is based on instead.
 * Of fewer than FEW customers the figure is the count itself, and the count is what is shown.
 */
const weighed = (g: Group, standardized: boolean) => standardized && g.customers >= FEW;

/**
 * A group: its rate and range, or, of fewer than FEW customers or while it is too early (`early`), its count; of none,
 * that none has had their 60 days.
 */
function groupCard(c: Ctx, label: string, g: Group, arm: 'messaged' | 'held-out', standardized: boolean, early: boolean): Html {
  const e = c.w.experiment;
  // Beside a group that has some (the other card): "0 van 0" big, and "te weinig klanten voor een percentage", read as if
  // none of its customers had come back (the review of the owner's figures).
  if (g.customers === 0) return html`<div data-arm="${arm}"><small>${label}</small><strong>–</strong><small>${e.noneMatured}.</small></div>`;
  const back = weighed(g, standardized) && !early ? e.cameBackWeighed(g.customers) : e.cameBack(g.returned, g.customers);
  const range = g.customers < FEW ? html`<small>${c.w.tooFew}</small>` : early ? '' : html`<small>${e.range(pct(g.interval[0]), pct(g.interval[1]))}</small>`;
  return html`<div data-arm="${arm}"><small>${label}</small><strong>${figureOf(c, g, early)}</strong><small>${back}.</small>
${range}</div>`;
}

/**
 * The messaged group as the panel names it: "Zouden berichten krijgen" while (almost) no message reached anyone, in
 * the tables below the verdict too (their review: "Kregen berichten" there, under a panel that said they got none).
 */
const messagedLabel = (c: Ctx, r: Report) => (r.shown === 'not_delivered' ? c.w.experiment.messagedNotDelivered : c.w.experiment.messaged);

/** The 30- and 90-day figures; `early`: too early, so counts only, as the groups above them. */
function secondary(c: Ctx, r: Report, early: boolean): Html {
  const e = c.w.experiment;
  // A group of fewer than FEW as its count only, as everywhere on the page, and every group while it is too early.
  const cell = (g: Group, standardized: boolean, label: string) =>
    g.customers === 0 ? html`<td data-label="${label}">–</td>` : html`<td data-label="${label}">${figureOf(c, g, early)}${g.customers < FEW || early ? '' : html` <small>(${weighed(g, standardized) ? e.basedOn(g.customers) : `${g.returned}/${g.customers}`})</small>`}</td>`;
  const rows = r.secondary.map((s) => html`<tr><th scope="row">${e.within(s.window)}</th>${cell(s.messaged, s.standardized, messagedLabel(c, r))}${cell(s.heldOut, s.standardized, e.heldOut)}</tr>`);
  return html`<details><summary>${e.secondary}</summary><table class="stack"><thead><tr><td></td><th>${messagedLabel(c, r)}</th><th>${e.heldOut}</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

/**
 * After a change of share, each compared period's own counts: the weighed percentages above are made of these, and
 * here "x of n" is what it says (the periods' counts added up would divide to another percentage).
 */
function perPeriod(c: Ctx, r: Report): Html {
  if (!r.standardized) return html``;
  const e = c.w.experiment;
  const rows = r.periods.filter((p) => p.messaged.customers > 0 && p.heldOut.customers > 0).map((p) =>
    html`<tr><th scope="row">${e.periodFrom(at(c, p.startedAt, 'd LLL yyyy'), p.share)}</th><td data-label="${messagedLabel(c, r)}">${c.w.outOf(p.messaged.returned, p.messaged.customers)}</td><td data-label="${e.heldOut}">${c.w.outOf(p.heldOut.returned, p.heldOut.customers)}</td></tr>`);
  return html`<table class="stack" data-periods><thead><tr><th>${e.perPeriod}</th><th>${messagedLabel(c, r)}</th><th>${e.heldOut}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function shareForm(c: Ctx, share: number): Html {
  const e = c.w.experiment;
  const options = holdoutShares.map((s) => html`<option value="${s}" ${s === share ? html`selected` : ''}>${e.shares[s]}</option>`);
  return html`<form method="post" action="/shops/${c.shop.slug}/holdout" class="filters"><input type="hidden" name="_csrf" value="${c.csrf}">
<label>${e.shareLabel}<br><select name="holdout">${options}</select></label><button>${e.shareSave}</button></form><p class="note">${e.shareNote}</p>`;
}

/**
 * The extra customers so far, "because of the messages" only once the verdict says which way they work ("probably"
 * while it is probable); before, the
 * range alone: "about 8 more because of the messages" beside a range from 19 fewer to 30 more is a claim the figures do
 * not make, and the owner on a phone reads the claim, not the range.
 */
function extra(c: Ctx, v: Report['shown'], x: NonNullable<Report['extra']>): string {
  const e = c.w.experiment;
  // Whole customers, and "0 meer" rather than a bare 0 in "ongeveer … dan zonder".
  const [n, lo, hi] = [x.estimate, ...x.interval].map((n) => more(c, n, 0, false)) as [string, string, string];
  // A "probably" says so: its range may still reach below none, and "because of the messages" alone reads as proven.
  return v === 'proven_helping' || v === 'proven_hurting' ? e.extra(n, lo, hi) : v === 'probably_helping' ? e.extraProbably(n, lo, hi) : e.extraUnknown(lo, hi);
}

/** `unreached`: the channels whose messages reach nobody now (the outbox, a mail catcher): their customers do not join (see joining). */
export function experiment(c: Ctx, v: ExperimentView, unreached: Record<'sms' | 'email', boolean>): Html {
  const e = c.w.experiment;
  const r = v.report;
  const warnings = html`${v.violations > 0 ? html`<p class="warn" role="alert" data-violations="${v.violations}">${e.violation(v.violations)}</p>` : ''}${
    r.periods.some((p) => p.sampleRatioP < 0.001) ? html`<p class="warn" role="alert" data-ratio>${e.ratio}</p>` : ''}`;
  const head = html`<h2>${e.title}</h2>`;
  // Too early: who takes part so far in each group, compared or not yet ("0 van 0" read as if nobody did), and, while
  // nobody has had their 60 days, the day the first one has.
  const assigned = (f: (p: Report['periods'][number]) => number) => r.periods.reduce((n, p) => n + f(p), 0);
  const [inMessaged, inHeldOut] = [assigned((p) => p.assigned.messaged), assigned((p) => p.assigned.heldOut)];
  const nobody = inMessaged + inHeldOut === 0;
  // Off, and nobody ever took part: nothing was measured, as if it had never been on (not "too early", nor "what it
  // showed so far" over nothing).
  if (measuresNothing(r)) {
    return html`<section id="experiment">${head}<p>${e.off} ${e.offChoose}</p><p class="note">${e.why}</p>${shareForm(c, r.share)}</section>`;
  }

  const said = r.shown;
  // Nobody yet, said once in the verdict while the hold-out is on.
  const nobodyYet = nobody && r.share > 0 && said === 'too_early';
  const sentence =
    said === 'too_early' ? e.verdicts.too_early(r.knownOn === null ? null : day(c, r.knownOn), nobodyYet)
    : said === 'not_delivered' ? e.notDelivered(r.delivered.asked, r.delivered.customers)
    : e.verdicts[said]();
  const d = r.difference;
  // Too early: the counts so far, and nothing that reads as an answer. "33% against 0%, about 5 more customers, a 79%
  // chance" of 15 and 3 customers is what an owner would believe, and act on. Nor while (almost) no message went out:
  // a gap between two groups that both got nothing is chance, whatever its chance of "helping" says.
  const notDelivered = said === 'not_delivered';
  const early = said === 'too_early' || notDelivered;
  const compared = r.messaged.customers + r.heldOut.customers;
  // On, nobody in it, and channels whose messages reach nobody: said why (and nothing of a pace to come by waiting). Not
  // while off: then nobody joins whatever reaches them (the review of e4249b7).
  const noneCanJoin = r.holding && nobody && (unreached.sms || unreached.email);
  const soFar = said === 'too_early' && !nobody
    ? html`<p data-so-far>${e.soFar(inMessaged, inHeldOut)}${compared === 0 && r.firstCountedOn !== null ? html` ${e.firstCounted(day(c, r.firstCountedOn))}` : ''}</p>`
    : '';
  const figures =
    compared === 0
      ? (soFar || html`${nobodyYet ? '' : html`<p>${e.none}</p>`}${noneCanJoin ? html`<p class="note" data-unreached>${e.unreached(unreached.sms, unreached.email)}</p>` : ''}`)
      : html`${soFar}<div class="big">${groupCard(c, messagedLabel(c, r), r.messaged, 'messaged', r.standardized, said === 'too_early')}${groupCard(c, e.heldOut, r.heldOut, 'held-out', r.standardized, said === 'too_early')}</div>${early ? '' : picture(c, r)}
${r.standardized ? html`<p class="note" data-standardized>${e.standardized}</p>` : ''}
${!early && d.estimate !== null && d.interval ? html`<p data-difference>${e.difference(...pointsLine(c, d.estimate, d.interval))}</p>` : ''}
${!early && r.extra ? html`<p data-extra>${extra(c, said, r.extra)}</p>` : ''}
${early || r.chanceHelps === null ? '' : html`<p data-chance>${e.chance(chance(c, r.chanceHelps))}</p>`}
${r.delivered.customers > 0 && !notDelivered ? html`<p data-delivered>${e.delivered(r.delivered.asked, r.delivered.customers)}</p>` : ''}`;
  // While off nobody joins: no pace and no months, but what would narrow the range (holding customers out again).
  // Nor months while no message goes out: waiting narrows a range around chance.
  const proven = said === 'proven_helping' || said === 'proven_hurting';
  const pace = Math.round(r.pace);
  const plans = html`${pace > 0 ? html`<p>${e.pace(pace)}</p>` : ''}${r.costPerMonth !== null ? html`<p data-cost>${e.cost(...([r.costPerMonth.estimate, ...r.costPerMonth.interval].map((n) => count(c, n)) as [string, string, string]))}</p>` : ''}${
    r.monthsToNarrow !== null && !proven && !notDelivered ? html`<p data-narrow>${e.narrow(Math.ceil(r.monthsToNarrow), r.share)}</p>` : ''}${!r.holding && !proven ? html`<p data-narrow-off>${e.narrowOff}</p>` : ''}${
    // On, and no pace yet (its first week, or on again): what comes, rather than nothing (the review of 612421d).
    r.holding && pace === 0 && !proven && !noneCanJoin ? html`<p data-pace-soon>${e.paceSoon}</p>` : ''}`;
  // "Came back after a message" reads as the messages' doing: not while (almost) none went out. Nor of one group alone
  // ("0 van de 0 die niets kregen"): it describes the two side by side. While it is too early, counts only, as the
  // groups above it: "11 van de 69 (16%)" under "Nog te vroeg om te zeggen" is the answer the verdict withholds.
  const tooEarly = said === 'too_early';
  const { messaged: am, heldOut: ah } = r.attribution;
  const attribution =
    am.customers > 0 && ah.customers > 0 && !fewDelivered(r.delivered)
      ? html`<p class="note" data-attribution>${(r.standardized && !tooEarly && [am, ah].some((g) => weighed(g, true)) ? e.attributionWeighed : e.attribution)(share(am, tooEarly), share(ah, tooEarly))}</p>`
      : '';
  // At the top of the page: the verdict and the two groups; how sure, what it costs and the setting one tap away,
  // so that the call-back list below stays near the top on a phone.
  return html`<section id="experiment" data-verdict="${said}">${head}${warnings}<p class="verdict"><strong>${sentence}</strong></p>${r.share === 0 ? html`<p>${e.offSince}</p>` : ''}
${figures}<details><summary>${e.details}</summary>${plans}${perPeriod(c, r)}${r.secondary.some((x) => x.messaged.customers + x.heldOut.customers > 0) ? secondary(c, r, said === 'too_early') : ''}${attribution}${shareForm(c, r.share)}
<p class="note">${e.footnote} <a href="/shops/${c.shop.slug}/experiment.csv">${e.download}</a></p><p class="note">${e.why}</p></details></section>`;
}
