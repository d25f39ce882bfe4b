// The hold-out's report, from the counts per period, day of first sale and group (experiment_days) and each period's
// safe test: what the owner's panel, the CSV and `nextdeal experiment` show. Pure; the formulas are in holdout.ts.
import {
  type Interval,
  type PeriodCounts,
  type SafeTest,
  type Verdict,
  monthsToWidth,
  newcombe,
  pooledDescription,
  pooledDifference,
  pooledRate,
  sampleRatioP,
  verdict,
  wilson,
} from './holdout.js';

/** The primary outcome: came back within this many days of the first sale. */
export const WINDOW = 60;
/** Days the hold-out runs before its pace of new customers (and what is foreseen from it) is given: a whole week. */
export const PACE_AFTER_DAYS = 7;
/** Secondary windows, shown apart and marked as such. */
export const SECONDARY = [30, 90] as const;

/** One row of experiment_days. */
export interface ExperimentDay {
  periodId: number;
  firstDay: number;
  heldOut: number;
  customers: number;
  back30: number;
  back60: number;
  back90: number;
  asked: number;
  cameBackAfter: number;
}

export interface Period {
  id: number;
  share: number; // percent
  startedAt: number;
  /** The local day (the shop's zone) it started on, as `today` and the customers' first days are counted. */
  startedDay?: number;
  endedAt: number | null;
  /** The local day it ended on (the shop's zone). */
  endedDay?: number;
  test: SafeTest;
}

/**
 * The verdict the owner is shown: the ladder's (holdout.md §5), or `not_delivered` in its place (too early aside):
 * (almost) none of the messaged customers compared had a check-in go out (see fewDelivered), so neither group got
 * messages and the comparison cannot show whether they help.
 */
export type ReportVerdict = Verdict | 'not_delivered';

/** Of the messaged customers compared, how many had their first check-in go out (reach a provider, not the outbox). */
export interface Delivery {
  customers: number;
  asked: number;
  rate: number | null;
}

/**
 * Below this share of the messaged customers compared reached by a check-in, the comparison measures nothing. Everyone
 * is compared as assigned (intention-to-treat), so the messages can have moved the messaged group's return rate by at
 * most the share they reached (each reached customer is at most one more return): below a tenth, less than the 10
 * points the range is narrowed to (monthsToNarrow), even had every message brought its customer back. A gap then is
 * chance, and chance alone reaches "probably" (P ≥ 0.9) in about 1 shop in 10.
 */
export const DELIVERED_AT_LEAST = 0.1;

/** Too few check-ins went out for the comparison to say anything about the messages (see DELIVERED_AT_LEAST). */
export const fewDelivered = (d: Delivery): boolean => d.customers > 0 && d.asked < DELIVERED_AT_LEAST * d.customers;

export interface Group {
  customers: number;
  returned: number;
  rate: number | null;
  interval: [number, number];
}

export interface PeriodReport {
  share: number;
  startedAt: number;
  endedAt: number | null;
  /** Everyone assigned so far, matured or not. */
  assigned: { messaged: number; heldOut: number };
  messaged: Group;
  heldOut: Group;
  difference: { estimate: number | null; interval: [number, number] | null };
  eValue: number;
  eValueHurting: number;
  /** The highest each has been in this period (its own peak). */
  eValueHighest: number;
  eValueHurtingHighest: number;
  /** The exact binomial test of the held-out count against the share: below 0.001, something is broken. */
  sampleRatioP: number;
  /** Of its matured messaged customers, how many had their first check-in go out. */
  delivered: Delivery;
}

export interface Report {
  window: number;
  /**
   * The share changed and more than one period compares both groups: each group's rate (and range) is then the
   * periods' rates weighed as the difference is pooled, so the rates differ by exactly the difference. The counts
   * (`returned`, `customers`) stay the periods' counts added up: `returned / customers` is then not the rate, so
   * what the owner reads shows the rate with the customers it is based on, and the counts per period (where they do
   * add up), never `returned` beside the rate. The description and verdict combine the periods the same way.
   */
  standardized: boolean;
  messaged: Group;
  heldOut: Group;
  difference: { estimate: number | null; interval: [number, number] | null };
  chanceHelps: number | null;
  credibleInterval: [number, number] | null;
  /** The periods' tests combined, now: it can fall back below 20 after "proven". */
  eValue: number;
  eValueHurting: number;
  /** The highest the combined tests have been so far: what "proven" is judged by. */
  eValueHighest: number;
  eValueHurtingHighest: number;
  /** The ladder's verdict (holdout.md §5), of everyone as assigned. */
  verdict: Verdict;
  /** What the page, the command, its --json and the CSV say: `verdict`, or not_delivered (see ReportVerdict). */
  shown: ReportVerdict;
  periods: PeriodReport[];
  /** The same comparison at 30 and 90 days: secondary. */
  secondary: { window: number; standardized: boolean; messaged: Group; heldOut: Group; difference: { estimate: number | null; interval: [number, number] | null } }[];
  /** Of the messaged group (matured, in the periods compared), how many had their check-in go out. */
  delivered: Delivery;
  /**
   * Descriptive only: came back within 14 days after the moment a message was due (held out: a would-be one), reached
   * or not, per group (src/db/summary.ts, CAME_BACK); of the same customers as the groups, standardized as they are.
   */
  attribution: { messaged: Group; heldOut: Group };
  /** "Extra customers who came back so far": messaged customers × the difference, with its range. */
  extra: { estimate: number; interval: [number, number] } | null;
  /**
   * New customers in the experiment a month, over the last 90 days (over the days since it started, when fewer); 0
   * while nobody is held out (nobody joins then).
   */
  pace: number;
  /** Whether new customers join the comparison (a share is held out) as of `today`. */
  holding: boolean;
  /** Too early: the day (a day number) the first verdict can be given, at this pace; null when not foreseeable. */
  knownOn: number | null;
  /** The day (a day number) the first customer who joined has had their 60 days and is compared; null while nobody joined. */
  firstCountedOn: number | null;
  /** Months (the 60-day wait included) until the difference's range is ±10 points, at this pace; null while off. */
  monthsToNarrow: number | null;
  /** About how many customers a month would have come back had the held-out ones been messaged, with its range (when the messages probably help). */
  costPerMonth: { estimate: number; interval: [number, number] } | null;
  /** The share now held out (percent; 0: off). */
  share: number;
}

const sum = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

function group(customers: number, returned: number): Group {
  const w = wilson(returned, customers);
  return { customers, returned, rate: customers ? returned / customers : null, interval: [w.lo, w.hi] };
}

/**
 * The days whose customers have had `window` days to come back by `today`: the window's last day is over (a purchase
 * on day 60 itself still counts as coming back within 60 days, so a customer is not judged on that day).
 */
const matured = (rows: readonly ExperimentDay[], window: number, today: number) => rows.filter((r) => r.firstDay < today - window);
const backIn = (r: ExperimentDay, window: number) => (window === 30 ? r.back30 : window === 60 ? r.back60 : r.back90);

function compare(rows: readonly ExperimentDay[], periods: readonly Period[], window: number, today: number) {
  const ready = matured(rows, window, today);
  const of = (p: Period) => {
    const mine = ready.filter((r) => r.periodId === p.id);
    return { t: mine.filter((r) => !r.heldOut), c: mine.filter((r) => r.heldOut) };
  };
  const counts = (g: { t: ExperimentDay[]; c: ExperimentDay[] }, x: (r: ExperimentDay) => number): PeriodCounts =>
    ({ xT: sum(g.t, x), nT: sum(g.t, (r) => r.customers), xC: sum(g.c, x), nC: sum(g.c, (r) => r.customers) });
  const groups = periods.map(of);
  const back = (r: ExperimentDay) => backIn(r, window);
  const perPeriod = groups.map((g) => counts(g, back));
  const askedPer = groups.map((g) => sum(g.t, (r) => r.asked));
  // The difference compares the periods in which both groups have matured customers, and each group's counts and
  // rate are of those periods only: a period whose held-out customers have not matured yet would otherwise be in the
  // messaged rate and not in the difference beside it. Nothing compared yet: the counts so far, and no difference.
  const compared = groups.filter((_, i) => perPeriod[i]!.nT > 0 && perPeriod[i]!.nC > 0);
  const used = compared.length > 0 ? compared : groups;
  // After a change of share, each period is compared within itself (holdout.md §5): the two groups' rates are then
  // standardized with the difference's weights, never the periods' counts added up (a mix of mostly one period's
  // held-out customers with mostly another's messaged ones would show a difference that is not there).
  // The counts stay what they are (who came back, of whom); the rates and their ranges are the standardized ones.
  const standardized = compared.length > 1;
  const arm = (side: 'messaged' | 'heldOut', x: (r: ExperimentDay) => number): Group => {
    const rs = used.flatMap((g) => (side === 'messaged' ? g.t : g.c));
    const g = group(sum(rs, (r) => r.customers), sum(rs, x));
    if (!standardized) return g;
    const s = pooledRate(compared.map((p) => counts(p, x)), side);
    return { ...g, rate: s.rate, interval: [s.lo, s.hi] };
  };
  const [messaged, heldOut] = [arm('messaged', back), arm('heldOut', back)];
  const d = compared.length > 0 ? pooledDifference(perPeriod) : null;
  return {
    messaged, heldOut, standardized, perPeriod, askedPer,
    difference: { estimate: d?.estimate ?? null, interval: d ? ([d.lo, d.hi] as [number, number]) : null },
    // Descriptive, of the same customers weighed the same way: "came back after a message" summed over periods with
    // other shares and base rates would show a gap that is in no period (Simpson's paradox).
    attribution: { messaged: arm('messaged', (r) => r.cameBackAfter), heldOut: arm('heldOut', (r) => r.cameBackAfter) },
    asked: sum(used.flatMap((g) => g.t), (r) => r.asked),
  };
}

/**
 * Proven stays proven: the highest the periods' combined test has been. It reads the customers in order of first sale,
 * period after period (a period's customers all joined, and so mature, before the next one's), so while a period was
 * being read it stood at the earlier periods' e-values times that period's own; its highest is, over the periods, the
 * product of the earlier ones times that period's own peak. One test, valid however often it is looked at (Ville's
 * inequality): not each period's peak on its own, which would be a 5% chance of a false "proven" for every period,
 * and not the product now, which can fall back below 20 after a change of share.
 */
function highest(periods: readonly Period[], now: (t: SafeTest) => number, peak: (t: SafeTest) => number | undefined): number {
  let before = 1;
  let best = 1;
  for (const p of periods) {
    best = Math.max(best, before * Math.max(peak(p.test) ?? 1, now(p.test)));
    before *= now(p.test);
  }
  return best;
}

export function report(allRows: readonly ExperimentDay[], allPeriods: readonly Period[], today: number, share: number): Report {
  // As of `today` (`nextdeal experiment --at` a past day): the customers who had joined by then, in the periods begun
  // by then (or with a customer by then: a sale reaches nextdeal up to 48 hours late); not today's counts, split and
  // pace beside that day's outcomes.
  const rows = allRows.filter((r) => r.firstDay <= today);
  const periods = allPeriods.filter((p) => startDay(p) <= today || rows.some((r) => r.periodId === p.id));
  const primary = compare(rows, periods, WINDOW, today);
  const { messaged, heldOut } = primary;
  const both = messaged.customers > 0 && heldOut.customers > 0;
  // The description from the same per-period analysis as the difference (one period: Evan Miller's exact sum).
  const description = both && primary.difference.estimate !== null ? pooledDescription(primary.perPeriod) : null;
  const chance = description?.chanceHelps ?? null;
  const credible: Interval | null = description;
  const eValue = periods.reduce((e, p) => e * p.test.help, 1);
  const eValueHurting = periods.reduce((e, p) => e * p.test.hurt, 1);
  const peak = { help: highest(periods, (t) => t.help, (t) => t.peakHelp), hurt: highest(periods, (t) => t.hurt, (t) => t.peakHurt) };
  const v = verdict({ heldOut: heldOut.customers, all: messaged.customers + heldOut.customers, ...peak, chanceHelps: chance ?? 0.5 });
  const delivered = delivery(messaged.customers, primary.asked);
  // Too early stays too early (nothing reads as an answer then either); past it, no verdict of the messages' effect
  // while hardly any of them went out: neither group got messages, so helping, hurting or not is chance. The estimate
  // and the ladder stay those of everyone as assigned (intention-to-treat); what is said of them is held back.
  const shown: ReportVerdict = v !== 'too_early' && fewDelivered(delivered) ? 'not_delivered' : v;

  const periodReports: PeriodReport[] = periods.map((p, i) => {
    const x = primary.perPeriod[i]!;
    const all = rows.filter((r) => r.periodId === p.id);
    const assigned = { messaged: sum(all.filter((r) => !r.heldOut), (r) => r.customers), heldOut: sum(all.filter((r) => r.heldOut), (r) => r.customers) };
    const d = x.nT && x.nC ? newcombe(x.xT, x.nT, x.xC, x.nC) : null;
    return {
      share: p.share, startedAt: p.startedAt, endedAt: p.endedAt, assigned,
      messaged: group(x.nT, x.xT), heldOut: group(x.nC, x.xC),
      difference: { estimate: d?.estimate ?? null, interval: d ? [d.lo, d.hi] : null },
      eValue: p.test.help, eValueHurting: p.test.hurt,
      eValueHighest: Math.max(p.test.peakHelp ?? 1, p.test.help), eValueHurtingHighest: Math.max(p.test.peakHurt ?? 1, p.test.hurt),
      sampleRatioP: sampleRatioP(assigned.heldOut, assigned.messaged + assigned.heldOut, p.share / 100),
      delivered: delivery(x.nT, primary.askedPer[i]!),
    };
  });

  // The pace: customers who joined the experiment in the last 90 days, a month; over the days it has run, when that
  // is fewer (a new shop's 50 customers of its first 10 days are 150 a month, not 17). Not before it has run a week:
  // one busy Saturday is no month (40 customers on its first day read "about 1,218 a month", and a first answer and
  // months to narrow from that), and a week has every day of the shop's week in it.
  // Nobody joins while the hold-out is off (switched off on `today` or before): no pace, so neither a day a first
  // verdict comes nor months until the range is narrow; it narrows only once the hold-out is on again.
  const last = periods.at(-1);
  const holding = last !== undefined && (last.endedAt === null || endDay(last) > today);
  // Over the days it was on, not those it was off in between. And from the first customer who joined, when that came
  // after it was switched on: nobody joins while the messages reach nobody (a shop tried on the outbox for a month, then
  // given Twilio: "about 8 a month" where 30 joined), nor can we tell those days from a small shop's quiet ones; then
  // that first customer opens the count and is not in it (counted, a shop whose two a month came on days 12 and 27 read
  // "about 4 a month" on day 19).
  const joinedFirst = rows.some((r) => r.customers > 0) ? Math.min(...rows.filter((r) => r.customers > 0).map((r) => r.firstDay)) : null;
  const on = periods[0] ? startDay(periods[0]) : today;
  const late = joinedFirst !== null && joinedFirst > on;
  const from = Math.max(today - 89, late ? joinedFirst : on);
  const ran = onDays(periods, from, today);
  const joined = sum(rows.filter((r) => r.firstDay >= from), (r) => r.customers) - (late && joinedFirst >= from ? 1 : 0);
  const pace = holding && ran >= PACE_AFTER_DAYS ? (joined / ran) * 30.44 : 0;
  const h = (periods.at(-1)?.share || share || 20) / 100; // the share of the day (--at), the last one when off
  // "About N more months" (holdout.md §5): the customers still needed for ±10 points at this pace, plus the 60 days the
  // last of them take to mature; nothing once the range is that narrow. The return rate p in it is both groups', taken
  // at the end of its likely range nearest one half (where p(1−p), and so the customers needed, is largest): of a few
  // customers it is hardly known, and 0 of 4 came back read as 5%, "about 11 months" where about 50 was true (a review).
  const seen = wilson(messaged.returned + heldOut.returned, messaged.customers + heldOut.customers);
  const p = Math.min(Math.max(0.5, seen.lo), seen.hi);
  const needed = monthsToWidth(Math.min(0.95, Math.max(0.05, p)), 1, h) - messaged.customers - heldOut.customers;
  const interval = primary.difference.interval;
  const narrowEnough = interval !== null && (interval[1] - interval[0]) / 2 <= 0.1;
  const months = narrowEnough || pace <= 0 ? Infinity : Math.max(0, needed) / pace;

  return {
    window: WINDOW,
    standardized: primary.standardized,
    messaged,
    heldOut,
    difference: primary.difference,
    chanceHelps: chance,
    credibleInterval: credible && [credible.lo, credible.hi],
    eValue,
    eValueHurting,
    eValueHighest: peak.help,
    eValueHurtingHighest: peak.hurt,
    verdict: v,
    shown,
    periods: periodReports,
    secondary: SECONDARY.map((w) => {
      const c = compare(rows, periods, w, today);
      return { window: w, standardized: c.standardized, messaged: c.messaged, heldOut: c.heldOut, difference: c.difference };
    }),
    delivered,
    attribution: primary.attribution,
    extra: primary.difference.estimate === null ? null : {
      estimate: messaged.customers * primary.difference.estimate,
      interval: [messaged.customers * primary.difference.interval![0], messaged.customers * primary.difference.interval![1]],
    },
    pace,
    holding,
    knownOn: v === 'too_early' ? knownOn(rows, today, pace, h) : null,
    firstCountedOn: joinedFirst === null ? null : joinedFirst + WINDOW + 1,
    monthsToNarrow: Number.isFinite(months) ? months + WINDOW / 30.44 : null,
    // (No cost while the pace is not known: in its first week on again, "about 0 customers a month" would read as free.)
    costPerMonth: cost(shown, holding && share > 0 && pace > 0, pace * h, primary.difference),
    share,
  };
}

const startDay = (p: Period) => p.startedDay ?? Math.floor(p.startedAt / 86_400_000);
const endDay = (p: Period) => p.endedDay ?? Math.floor(p.endedAt! / 86_400_000);
/** The days from `from` to `to` (both included) on which the hold-out was on, in one period or another. */
function onDays(periods: readonly Period[], from: number, to: number): number {
  const on = new Set<number>();
  for (const p of periods) {
    const last = p.endedAt === null ? to : Math.min(to, endDay(p)); // on that day too: customers joined on it
    for (let d = Math.max(from, startDay(p)); d <= last; d++) on.add(d);
  }
  return on.size;
}
const delivery = (customers: number, asked: number): Delivery => ({ customers, asked, rate: customers ? asked / customers : null });

/**
 * What holding out costs a month, `m × h × d` with d's range (holdout.md §5), only once the messages (probably) help:
 * while the difference may as well be below zero, "customers who would have come back" is a figure that is not known.
 * The range stops at none below: a "probably" may still reach below zero, and a cost below none would read as a gain.
 */
function cost(v: ReportVerdict, holding: boolean, perMonth: number, d: Report['difference']): Report['costPerMonth'] {
  if (!holding || (v !== 'proven_helping' && v !== 'probably_helping') || d.estimate === null || d.estimate <= 0 || !d.interval) return null;
  return { estimate: perMonth * d.estimate, interval: [Math.max(0, perMonth * d.interval[0]), perMonth * d.interval[1]] };
}

/**
 * When the verdict stops being "too early": the first day of first sale by which 20 held-out and 60 customers in all
 * have joined (from those joined so far, then at the current pace), plus the 60 days they need to mature.
 */
function knownOn(rows: readonly ExperimentDay[], today: number, pace: number, h: number): number | null {
  const days = [...new Set(rows.map((r) => r.firstDay))].sort((a, b) => a - b);
  let [c, all] = [0, 0];
  for (const day of days) {
    for (const r of rows) if (r.firstDay === day) (all += r.customers), (c += r.heldOut ? r.customers : 0);
    if (c >= 20 && all >= 60) return day + WINDOW + 1;
  }
  if (pace <= 0) return null;
  const perDay = pace / 30.44;
  const more = Math.max((20 - c) / (perDay * h), (60 - all) / perDay);
  return Math.ceil(today + more) + WINDOW + 1;
}

/**
 * experiment.csv's columns: one row per period, then the periods pooled ("all"). Rates as fractions, matured customers
 * only; after a change of share the "all" row's `*_returned` are empty (its rates are weighed per period). Before the
 * verdict (the last column), of the `messaged` customers, how many had their first check-in go out, and that share.
 */
export const experimentColumns = [
  'period', 'from', 'to', 'share_percent', 'assigned_messaged', 'assigned_held_out',
  'messaged', 'messaged_returned', 'messaged_rate', 'messaged_low', 'messaged_high',
  'held_out', 'held_out_returned', 'held_out_rate', 'held_out_low', 'held_out_high',
  'difference', 'difference_low', 'difference_high', 'e_value', 'e_value_highest', 'e_value_hurting', 'e_value_hurting_highest', 'sample_ratio_p',
  'messaged_delivered', 'messaged_delivered_rate', 'verdict',
] as const;

/** The report as rows of experimentColumns; `date` writes a moment (ms) as the shop's date. */
export function experimentRows(r: Report, date: (ms: number) => string): (string | number | null)[][] {
  const n = (v: number | null | undefined, digits = 6) => (v === null || v === undefined ? null : Number(v.toFixed(digits)));
  // The "all" row's rate after a change of share is weighed per period: no count added up beside it, which a
  // spreadsheet would divide into another rate (the periods' rows above have the counts that do add up).
  const groupCells = (g: Group, weighed = false) => [g.customers, weighed ? null : g.returned, n(g.rate), n(g.interval[0]), n(g.interval[1])];
  const diff = (d: { estimate: number | null; interval: [number, number] | null }) => [n(d.estimate), n(d.interval?.[0]), n(d.interval?.[1])];
  const deliveryCells = (d: Delivery) => [d.asked, n(d.rate)];
  const rows = r.periods.map((p, i) => [
    i + 1, date(p.startedAt), p.endedAt === null ? null : date(p.endedAt), p.share, p.assigned.messaged, p.assigned.heldOut,
    ...groupCells(p.messaged), ...groupCells(p.heldOut), ...diff(p.difference), n(p.eValue), n(p.eValueHighest), n(p.eValueHurting), n(p.eValueHurtingHighest), n(p.sampleRatioP), ...deliveryCells(p.delivered), null,
  ]);
  const assigned = (f: (p: PeriodReport) => number) => r.periods.reduce((s, p) => s + f(p), 0);
  rows.push([
    'all', r.periods[0] ? date(r.periods[0].startedAt) : null, null, r.share, assigned((p) => p.assigned.messaged), assigned((p) => p.assigned.heldOut),
    ...groupCells(r.messaged, r.standardized), ...groupCells(r.heldOut, r.standardized), ...diff(r.difference), n(r.eValue), n(r.eValueHighest), n(r.eValueHurting), n(r.eValueHurtingHighest), null, ...deliveryCells(r.delivered), measuresNothing(r) ? 'off' : r.shown,
  ]);
  return rows;
}

/**
 * Whether the hold-out measures nothing: nobody held out now, and nobody ever took part (never on, or switched off before
 * anybody joined). The page, the command, `--json` and the CSV then say so ("off"), never "too early": there is
 * nothing to wait for.
 */
export const measuresNothing = (r: Report): boolean => r.share === 0 && nobodyTookPart(r);

/** Nobody was ever assigned to either group, in any period (asked of a day before the hold-out began, too). */
export const nobodyTookPart = (r: Report): boolean => r.periods.every((p) => p.assigned.messaged + p.assigned.heldOut === 0);

/** The report as `nextdeal experiment --json` prints it: pooled over periods, rates as fractions, matured customers only. */
export function experimentJson(r: Report, date: (ms: number) => string) {
  const deliveryJson = (d: Delivery) => ({ customers: d.customers, delivered: d.asked, rate: d.rate });
  const off = measuresNothing(r);
  const groupJson = (g: Group) => ({ customers: g.customers, returned: g.returned, rate: g.rate, interval: g.interval });
  return {
    window: r.window,
    standardized: r.standardized,
    messaged: groupJson(r.messaged),
    heldOut: groupJson(r.heldOut),
    difference: r.difference,
    chanceHelps: r.chanceHelps,
    credibleInterval: r.credibleInterval,
    // Of the messaged customers compared, how many had their first check-in go out: beside the comparison of everyone
    // as assigned; below a tenth, `shown` is "not_delivered".
    delivered: deliveryJson(r.delivered),
    eValue: r.eValue,
    eValueHighest: r.eValueHighest,
    eValueHurting: r.eValueHurting,
    eValueHurtingHighest: r.eValueHurtingHighest,
    // Nobody ever held out: nothing to wait for ("too_early" would say there is).
    verdict: off ? 'off' : r.verdict,
    // What the page and the command say: the verdict, or "not_delivered" when (almost) no check-in went out to the
    // messaged customers compared (see ReportVerdict); experiment.csv's verdict column says the same.
    shown: off ? 'off' : r.shown,
    /** The share held out now (0: off). */
    share: r.share / 100,
    periods: r.periods.map((p) => ({
      share: p.share / 100, from: date(p.startedAt), to: p.endedAt === null ? null : date(p.endedAt), assigned: p.assigned,
      messaged: groupJson(p.messaged), heldOut: groupJson(p.heldOut), difference: p.difference, eValue: p.eValue, eValueHurting: p.eValueHurting,
      sampleRatioP: p.sampleRatioP, delivered: deliveryJson(p.delivered),
    })),
  };
}
