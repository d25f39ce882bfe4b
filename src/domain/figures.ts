// The arithmetic of the owner's page: periods, return rates and the cohort grid. Pure; the counting is SQL.
import { dateDay, monthOf, monthStart, weekOf, weekStart } from './calendar.js';

/** A period of local days, both ends included. */
export interface Period {
  from: number;
  to: number;
  /** 30, 90 or 365 for the last so many days; null for a chosen from-to. */
  days: number | null;
}

export const periodChoices = [30, 90, 365] as const;

/** The period asked for in the page's query (?days=90, ?days=7, or ?from=2026-01-01&to=2026-03-31); the last 365 days by default. */
export function periodFrom(query: { days?: unknown; from?: unknown; to?: unknown }, today: number): Period {
  const date = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(dateDay(v)) ? dateDay(v) : null);
  const from = date(query.from);
  const to = date(query.to);
  // Dates typed the wrong way round are the same dates; what lies after today is not counted yet.
  if (from !== null && to !== null) {
    const [first, last] = from <= to ? [from, to] : [to, from];
    return { from: first, to: Math.max(first, Math.min(last, today)), days: null };
  }
  const days = periodChoices.find((d) => String(d) === query.days);
  if (days !== undefined) return { from: today - days + 1, to: today, days };
  // Another number of days (a link kept, a typed address: ?days=7) is those days, shown as dates, not the default.
  const other = typeof query.days === 'string' && /^\d{1,4}$/.test(query.days) ? Number(query.days) : 0;
  if (other >= 1 && other <= 3660) return { from: today - other + 1, to: today, days: null };
  return { from: today - 364, to: today, days: 365 };
}

/** A share in percent, or null when nobody could be counted (shown as "–", never as 0 %). */
export const percent = (part: number, whole: number): number | null => (whole > 0 ? (100 * part) / whole : null);

/** Return-rate windows shown side by side. */
export const windows = [30, 60, 90] as const;

export interface ReturnRate {
  days: number;
  judged: number; // first purchase at least `days` ago
  back: number; // of those, bought again within `days`
  tooEarly: number; // first purchase too recent to judge
  rate: number | null;
}

export interface CohortRow {
  cohort: number; // week or month number
  size: number;
  /** Per offset 0..n: percent of the cohort who bought again in that period; null where it lies in the future. */
  cells: (number | null)[];
  /** The offset of the week or month under way (its cell counts only the days so far); null when past the columns. */
  current: number | null;
  /**
   * The week or month began before the period (the first of a period that starts mid-week) or runs past its chosen
   * end: it counts its customers of those days too.
   */
  partial: boolean;
}

/** The cohort grid from stored cells: rows oldest first, `columns` offsets each, future cells empty. */
export function cohortGrid(
  cells: readonly { cohort: number; periodsLater: number; customers: number }[],
  unit: 'week' | 'month',
  period: Pick<Period, 'from' | 'to'>,
  today: number,
  columns: number,
): CohortRow[] {
  const of = unit === 'week' ? weekOf : monthOf;
  const start = unit === 'week' ? weekStart : monthStart;
  const now = of(today);
  const counts = new Map(cells.map((c) => [`${c.cohort}:${c.periodsLater}`, c.customers]));
  const rows: CohortRow[] = [];
  for (let cohort = of(period.from); cohort <= of(period.to); cohort++) {
    const size = counts.get(`${cohort}:-1`) ?? 0;
    if (size === 0) continue;
    const row: (number | null)[] = [];
    for (let offset = 0; offset < columns; offset++) {
      row.push(cohort + offset > now ? null : percent(counts.get(`${cohort}:${offset}`) ?? 0, size));
    }
    const partial = start(cohort) < period.from || (start(cohort + 1) - 1 > period.to && period.to < today);
    rows.push({ cohort, size, cells: row, current: now - cohort < columns ? now - cohort : null, partial });
  }
  return rows;
}

/** Weeks for short periods, months for long ones: a grid that fits a phone. */
export const cohortUnit = (p: Period): 'week' | 'month' => (p.to - p.from > 120 ? 'month' : 'week');
