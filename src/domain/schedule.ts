// When a message goes out: pure functions of the sale time and the shop's rules, in the shop's local time.
import { DateTime } from 'luxon';

export interface ShopRules {
  timezone: string;
  checkinHour: number; // local hour the check-in goes out the day after the sale
  quietStart: number; // no message from this local hour...
  quietEnd: number; // ...until this one
  comebackDays: number; // the come-back invitation goes out this many days after the sale
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Never two messages to one customer closer together than this. */
export const MIN_GAP = DAY;
/** A message found more than this late is expired, never sent. */
export const EXPIRES_AFTER = 48 * HOUR;

const local = (at: number, rules: ShopRules) => DateTime.fromMillis(at, { zone: rules.timezone });

function inQuietHours(hour: number, { quietStart, quietEnd }: ShopRules): boolean {
  if (quietStart === quietEnd) return false;
  return quietStart < quietEnd ? hour >= quietStart && hour < quietEnd : hour >= quietStart || hour < quietEnd;
}

/** The first moment at or after `at` outside the shop's quiet hours. */
export function outsideQuietHours(at: number, rules: ShopRules): number {
  const t = local(at, rules);
  if (!inQuietHours(t.hour, rules)) return at;
  const end = t.set({ hour: rules.quietEnd, minute: 0, second: 0, millisecond: 0 });
  return (end.toMillis() > at ? end : end.plus({ days: 1 })).toMillis();
}

/** `days` calendar days after `at`, at `hour` local time (wall-clock, so right across daylight-saving changes). */
function localDayAt(at: number, days: number, hour: number, rules: ShopRules): number {
  return local(at, rules).startOf('day').plus({ days }).set({ hour }).toMillis();
}

/** The check-in: the day after the sale at the shop's check-in hour, moved out of quiet hours. */
export const checkinTime = (soldAt: number, rules: ShopRules): number =>
  outsideQuietHours(localDayAt(soldAt, 1, rules.checkinHour, rules), rules);

/** The come-back invitation: `comebackDays` after the sale at the same local hour. */
export const comebackTime = (soldAt: number, rules: ShopRules): number =>
  outsideQuietHours(localDayAt(soldAt, rules.comebackDays, rules.checkinHour, rules), rules);

/**
 * The first allowed moment at or after `wanted`: at least MIN_GAP away from every time in `taken`
 * (the customer's other messages) and outside quiet hours. A clash moves the message later, never drops it.
 */
export function allowedSlot(wanted: number, taken: readonly number[], rules: ShopRules): number {
  let at = outsideQuietHours(wanted, rules);
  for (let moved = true; moved; ) {
    moved = false;
    for (const other of taken) {
      if (Math.abs(at - other) < MIN_GAP) {
        at = outsideQuietHours(other + MIN_GAP, rules);
        moved = true;
      }
    }
  }
  return at;
}

/** The local calendar day of a moment, e.g. 2026-03-29: "one check-in per customer per day". */
export const localDay = (at: number, rules: Pick<ShopRules, 'timezone'>): string =>
  DateTime.fromMillis(at, { zone: rules.timezone }).toISODate()!;

export const isExpired = (dueAt: number, now: number): boolean => now - dueAt > EXPIRES_AFTER;
