// What every owner's page and export reads from the request: the shop, the period in the shop's days and in
// milliseconds, the language; and the cohort grid for that period.
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { Store } from '../../db/store.js';
import { dayDate, monthOf, today as todayOf, weekOf } from '../../domain/calendar.js';
import { type Period, cohortGrid, cohortUnit, periodFrom } from '../../domain/figures.js';
import { type Locale, pickLocale } from '../../domain/sale.js';
import { owner } from './auth.js';
import { context } from './format.js';

/** The period in the query, in the shop's days, and that period's span in milliseconds for message and reply times. */
export const scoper = (now: () => number) => (req: Request, res: Response) => {
  const { shop, csrf } = owner(res);
  const today = todayOf(now(), shop.timezone);
  const period = periodFrom(req.query, today);
  const start = DateTime.fromISO(dayDate(period.from), { zone: shop.timezone }).toMillis();
  // What is planned after the period belongs to it too (the exports), unless it ends in the past by choice.
  const end = period.days === null ? DateTime.fromISO(dayDate(period.to + 1), { zone: shop.timezone }).toMillis() - 1 : Number.MAX_SAFE_INTEGER;
  const query = period.days === null ? `from=${dayDate(period.from)}&to=${dayDate(period.to)}` : `days=${period.days}`;
  const locale = pickLocale(shop.locale, 'en') as Locale;
  return { shop, today, period, start, end, query, locale, ctx: context(shop, csrf, locale, now(), query) };
};

export type Scope = ReturnType<ReturnType<typeof scoper>>;

/** The cohort grid of the period: weeks for up to 120 days, else months; 13 columns (a quarter in weeks, a year in months). */
export async function cohortOf(store: Store, shopId: number, period: Period, today: number) {
  const unit = cohortUnit(period);
  const of = unit === 'week' ? weekOf : monthOf;
  const columns = 13;
  const cells = await store.figures.cohortCells(shopId, unit, of(period.from), of(period.to));
  return { unit, columns, rows: cohortGrid(cells, unit, period, today, columns) };
}
