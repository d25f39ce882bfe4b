// Local calendar days, weeks and months as plain numbers, so the owner's figures are counted in SQL.
import { saysNoReason } from './reason.js';
import { localDayNumber } from './zone.js';

/** The local calendar day of a moment in `timezone`, as days since 1970-01-01 (a Thursday). */
export const dayNumber = (at: number, timezone: string): number => localDayNumber(at, timezone);

/** Today's day number in the shop's time zone. */
export const today = (now: number, timezone: string): number => dayNumber(now, timezone);

/** Weeks run Monday to Sunday; day 0 was a Thursday, so week 0 started on Monday 1969-12-29. */
export const weekOf = (day: number): number => Math.floor((day + 3) / 7);
export const weekStart = (week: number): number => week * 7 - 3;

/** Months numbered year × 12 + month − 1. */
export function monthOf(day: number): number {
  const d = new Date(day * 86_400_000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
export const monthStart = (month: number): number => Date.UTC(Math.floor(month / 12), month % 12, 1) / 86_400_000;

/** The date (YYYY-MM-DD) of a day number. */
export const dayDate = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);
/** The day number of a date (YYYY-MM-DD). */
export const dateDay = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/**
 * A reason as counted: lower case, single spaces, without the punctuation and quotes around it
 * ("Voor mijn  fietstochten!" → "voor mijn fietstochten"); what is inside stays as the customer wrote it. None for a
 * placeholder ("null", "n.v.t.", "geen": see saysNoReason).
 */
export function normaliseReason(reason: string | null): string | null {
  const r = reason
    ?.normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s.,;:!?¡¿"'“”‘’«»()\-…]+|[\s.,;:!?¡¿"'“”‘’«»()\-…]+$/g, '');
  return r && !saysNoReason(r) ? r : null;
}
