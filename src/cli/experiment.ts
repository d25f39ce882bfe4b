// nextdeal experiment: does nextdeal help? The hold-out's figures for one shop, pooled and per period (--json for a script).
import type { Command } from 'commander';
import { delivering } from '../channels/index.js';
import { DateTime } from 'luxon';
import { today } from '../domain/calendar.js';
import { type Report, experimentJson, measuresNothing, nobodyTookPart } from '../domain/experiment.js';
import { ownerPhrases } from '../http/owner/phrases.js';
import { type Context, UsageError, shopOption } from './context.js';

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const points = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}`;
/** A chance, never rounded to a certainty it is not, as the page says it. */
const chance = (v: number | null) => (v === null ? '–' : v > 0.99 ? '>99%' : v < 0.01 ? '<1%' : pct(v));

/**
 * The report as `nextdeal experiment` prints it; `slug` names the shop in how to hold a share out. `unreached`: the
 * channels whose messages reach nobody now (the outbox, a mail catcher), whose customers do not join, said while nobody has.
 */
export function experimentText(r: Report, date: (ms: number) => string, slug: string, unreached = { sms: false, email: false }): string {
  const w = ownerPhrases.en.experiment;
  // Nobody was ever held out, nor is now: nothing can be measured, never "too early" (as if waiting would tell), as on
  // the page. (Asked of a day before the hold-out began, --at, it is too early, not off.)
  // Nor, switched off, when nobody ever took part (as on the page).
  if (measuresNothing(r)) return `Does nextdeal help? ${w.off} Hold a share of new customers out with: nextdeal shop update --slug ${slug} --holdout 20\n`;
  const v = r.shown;
  // Nobody yet while the hold-out is on (also asked of a day before it began), as on the page.
  const nobody = nobodyTookPart(r) && r.share > 0;
  const sentence =
    v === 'too_early' ? w.verdicts.too_early(r.knownOn === null ? null : date(r.knownOn * 86_400_000), nobody)
    : v === 'not_delivered' ? w.notDelivered(r.delivered.asked, r.delivered.customers)
    : w.verdicts[v]();
  // Too early: the counts so far and nothing that reads as an answer, as on the owner's page ("20.0%, +16.0 points, a
  // 79% chance" of 10 held-out customers is what someone would believe, and act on).
  const early = v === 'too_early';
  // (Almost) no check-in went out: each group's figures, but neither the difference nor the chance the messages help,
  // as on the page: both groups got nothing, and a gap between them is chance.
  const answer = !early && v !== 'not_delivered';
  // After a change of share the rate is weighed per period, and the counts added up divide to another rate: the rate
  // then says how many customers it is based on, and the periods' table below has the counts that do add up.
  const group = (name: string, g: Report['messaged']) =>
    `${name.padEnd(10)}${
      // (As the page: "0 of 0" read as if none of them came back.)
      g.customers === 0 ? `nobody in this group has had their ${r.window} days yet`
      : early ? `${g.returned} of ${g.customers} came back within ${r.window} days`
      : r.standardized ? `${pct(g.rate)} came back within ${r.window} days (likely ${pct(g.interval[0])} to ${pct(g.interval[1])}), based on ${g.customers} customers, weighed per period`
      : `${g.returned} of ${g.customers} came back within ${r.window} days (${pct(g.rate)}, likely ${pct(g.interval[0])} to ${pct(g.interval[1])})`}`;
  const d = r.difference;
  const e = (now: number, highest: number) => `${now.toFixed(3)}${highest > now ? ` (highest so far ${highest.toFixed(3)})` : ''}`;
  const lines = [
    `Does nextdeal help? ${sentence}`,
    ...(nobody && (unreached.sms || unreached.email) ? [w.unreached(unreached.sms, unreached.email)] : []),
    // Switched off after a while: what it showed so far, said to be no more than that.
    ...(r.share === 0 ? [w.offSince] : []),
    group('messaged', r.messaged),
    group('held out', r.heldOut),
    // Beside the comparison of everyone as assigned (intention-to-treat), how many it reached (holdout.md §1.5).
    ...(r.delivered.customers > 0 ? [`check-in went out: ${r.delivered.asked} of ${r.delivered.customers} messaged customers${early ? '' : ` (${pct(r.delivered.rate)})`}`] : []),
    ...(r.standardized && !early ? [w.standardized] : []),
    ...(!answer ? [] : [
      d.estimate === null ? 'difference: not yet (a group has no matured customers)' : `difference: ${points(d.estimate)} points (likely ${points(d.interval![0])} to ${points(d.interval![1])})`,
      // "Proven" is judged by the highest the test has been: the e-value now can fall back below 20 after it.
      `chance the messages help: ${chance(r.chanceHelps)}; e-value ${e(r.eValue, r.eValueHighest)} (helping is proven at 20), reverse ${e(r.eValueHurting, r.eValueHurtingHighest)}`,
    ]),
    '',
    'period  from        to          share  messaged (back/matured, assigned)  held out (back/matured, assigned)  e-value  split p  check-in went out',
    ...r.periods.map(
      (p, i) =>
        `${String(i + 1).padEnd(8)}${date(p.startedAt).padEnd(12)}${(p.endedAt === null ? 'now' : date(p.endedAt)).padEnd(12)}${`${p.share}%`.padEnd(7)}` +
        `${`${p.messaged.returned}/${p.messaged.customers}, ${p.assigned.messaged}`.padEnd(35)}${`${p.heldOut.returned}/${p.heldOut.customers}, ${p.assigned.heldOut}`.padEnd(35)}` +
        `${p.eValue.toFixed(3).padEnd(9)}${p.sampleRatioP.toFixed(4).padEnd(9)}${p.delivered.asked}/${p.delivered.customers}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

export function experimentCommands(cli: Command, { open, shopNamed, json, io }: Context): void {
  shopOption(
    cli
      .command('experiment')
      .description('does nextdeal help? the hold-out\'s figures for a shop: matured customers, pooled over periods and per period'),
    { required: true },
  )
    .option('--json', 'as JSON (rates as fractions)')
    .option('--at <time>', 'as the figures stood at this ISO 8601 time (a day that has passed; default now)')
    .action(async (o: { slug: string; json?: boolean; at?: string }) => {
      const at = o.at === undefined ? Date.now() : Date.parse(o.at);
      if (Number.isNaN(at)) throw new UsageError('--at: expected an ISO 8601 time, e.g. 2026-06-30T18:00:00+02:00');
      // The safe test reads each customer's outcome once, when their 60 days are over, and keeps it: read as of a day
      // to come, a customer who may still come back would be kept as one who did not.
      if (at > Date.now()) throw new UsageError('--at: a time that has passed (the figures of a day to come are not known yet)');
      const shop = await shopNamed(o.slug);
      const { config, store } = await open();
      const { report } = await store.experiments.report(shop, today(at, shop.timezone));
      const date = (ms: number) => DateTime.fromMillis(ms, { zone: shop.timezone }).toISODate()!;
      if (o.json) json(experimentJson(report, date));
      else {
        const reaches = delivering(config);
        io.out(experimentText(report, date, shop.slug, { sms: !reaches.sms, email: !reaches.email }));
      }
    });
}
