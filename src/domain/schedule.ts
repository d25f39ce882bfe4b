// When a message goes out: pure functions of the sale time and the shop's rules, in the shop's local time (a text to a
// number from another country, in that country's: readerZones).
import { getCountry } from 'countries-and-timezones';
import { phoneCountry } from './contact.js';
import { fromWallTime, localDayNumber, wallTime } from './zone.js';

export interface ShopRules {
  timezone: string;
  checkinHour: number; // local hour the check-in goes out the day after the sale
  quietStart: number; // no message from this local hour...
  quietEnd: number; // ...until this one
  comebackDays: number; // the come-back invitation goes out this many days after the sale
  checkinGapDays: number; // a customer's check-ins are at least this many local days apart (1: one a day)
  shippedCheckinDays: number; // a shipped sale's check-in goes this many days after it, when the parcel can have come (1: the next day)
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Never two messages to one customer closer together than this. */
export const MIN_GAP = DAY;
/**
 * The fewest days after a sale its come-back invitation may be set to go (shop update --comeback-days): fewer, and
 * "we'd like to see you again" comes a day or two after "how is it?", which reads as pushy (a review saw both on two
 * mornings in a row with 1 and 2). A shop given fewer before keeps them, and shop show says so.
 */
export const MIN_COMEBACK_DAYS = 7;
/** A message found more than this late is expired, never sent. */
export const EXPIRES_AFTER = 48 * HOUR;
/**
 * How long after an SMS its answer is taken to be about it. A reply is filed under the last SMS that went to the phone
 * from the number it was sent to (src/db/replies.ts matchInbound), whichever shop sent it: on a number several shops
 * text from (the shared TWILIO_FROM), a shop's SMS to a phone waits while another shop's SMS to it from that number is
 * younger than this (src/db/messages.ts sending), so that her answer to the one is not filed under the other. A day:
 * the next day's same hour, a decent one, and within the 48 hours a message may be late.
 */
export const REPLY_WINDOW = DAY;

/** Whether a local hour falls in the shop's quiet hours (20-9: from 20:00 to 09:00). */
export function inQuietHours(hour: number, { quietStart, quietEnd }: Pick<ShopRules, 'quietStart' | 'quietEnd'>): boolean {
  if (quietStart === quietEnd) return false;
  return quietStart < quietEnd ? hour >= quietStart && hour < quietEnd : hour >= quietStart || hour < quietEnd;
}

/** `days` calendar days after the local day of `at`, at `hour` local time (wall-clock, so right across DST changes). */
function localDayAt(at: number, days: number, hour: number, zone: string): number {
  const w = wallTime(at, zone);
  const date = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return fromWallTime(zone, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour);
}

/** The first moment at or after `at` outside the shop's quiet hours. */
export function outsideQuietHours(at: number, rules: ShopRules): number {
  if (!inQuietHours(wallTime(at, rules.timezone).hour, rules)) return at;
  const end = localDayAt(at, 0, rules.quietEnd, rules.timezone);
  return end > at ? end : localDayAt(at, 1, rules.quietEnd, rules.timezone);
}

/**
 * The time zones a text to this number may wake its reader in, besides the shop's: those of the number's country when
 * that is not the shop's (a tourist's, a neighbouring country's), none when it is (the customer was in the shop, and
 * lives by its clock). A country with several zones gives them all ("+1 604…": Canada's, Newfoundland to Yukon).
 */
export function readerZones(phone: string, shopCountry: string): readonly string[] {
  const country = phoneCountry(phone);
  if (country === null || country === shopCountry) return [];
  let zones = zonesOf.get(country);
  if (!zones) zonesOf.set(country, (zones = getCountry(country as Parameters<typeof getCountry>[0])?.timezones ?? []));
  return zones;
}
const zonesOf = new Map<string, readonly string[]>();

/**
 * The first moment at or after `at` outside the quiet hours where the message is read: in every one of `zones` (the
 * reader's: readerZones), else in the shop's. The shop's hours are about its customers' nights, so a text to a New
 * York number waits for New York's morning, not Amsterdam's. Where no moment within a day suits all of the zones (a
 * country that spans more hours than the quiet hours leave free), the shop's.
 */
export function outsideQuietHoursFor(at: number, rules: ShopRules, zones: readonly string[]): number {
  const quietIn = (t: number, zone: string) => inQuietHours(wallTime(t, zone).hour, rules);
  let t = at;
  for (let zone = zones.find((z) => quietIn(t, z)); zone !== undefined; zone = zones.find((z) => quietIn(t, z))) {
    t = outsideQuietHours(t, { ...rules, timezone: zone });
    if (t - at > DAY) return outsideQuietHours(at, rules);
  }
  return zones.length > 0 ? t : outsideQuietHours(at, rules);
}

/**
 * How many days after the sale its check-in goes: the next day, or for a sale sent to the customer by post or courier
 * (`shipped`: a web shop's order) the shop's shippedCheckinDays, once the parcel can have come: she is not asked how she
 * likes what she does not have yet.
 */
const checkinDays = (rules: ShopRules, shipped: boolean): number => (shipped ? rules.shippedCheckinDays : 1);

/** The check-in: the day after the sale (a shipped one's: shippedCheckinDays after) at the shop's check-in hour, moved out of quiet hours. */
export const checkinTime = (soldAt: number, rules: ShopRules, shipped = false): number =>
  outsideQuietHours(localDayAt(soldAt, checkinDays(rules, shipped), rules.checkinHour, rules.timezone), rules);

/**
 * The come-back invitation: `comebackDays` after the sale at the same local hour; a shipped sale's as long after its
 * check-in as a sale in the shop's is after its own (comebackDays - 1 days), so that it never comes before the check-in.
 */
export const comebackTime = (soldAt: number, rules: ShopRules, shipped = false): number =>
  outsideQuietHours(localDayAt(soldAt, rules.comebackDays + checkinDays(rules, shipped) - 1, rules.checkinHour, rules.timezone), rules);

/**
 * How long after its planned time a come-back invitation a complaint held may still go once the owner handled the
 * complaint: later, "we would like to see you again" comes weeks after it, out of the blue, and it lapses.
 */
export const COMPLAINT_GRACE = 14 * DAY;

/**
 * How many hours before a morning's check-in hour, on the shop's wall clock, a complaint must be handled for its
 * invitation to go that same morning (morningAfter): a night still ahead, not the hour before opening.
 */
export const NIGHT_AHEAD_HOURS = 8;

/**
 * The morning after `at`: the shop's check-in hour once the night that follows has passed (moved out of quiet hours as
 * a check-in is). Handled at least NIGHT_AHEAD_HOURS before that morning's check-in hour on the shop's wall clock, that
 * is the same morning, when it was at night: the owner working late at 01:00 did not mean a day and a half's wait, also
 * on the nights the clocks change, and in a shop without quiet hours. Later (08:50, calling her before opening at
 * 10:00) it is the next day's: not an hour after the call.
 */
export function morningAfter(at: number, rules: ShopRules): number {
  const { hour, minute } = wallTime(at, rules.timezone);
  // At night: in the quiet hours (a shop without them: before 06:00), not at 08:30 before a check-in hour of 17.
  const night = rules.quietStart === rules.quietEnd ? hour < 6 : inQuietHours(hour, rules);
  const sameMorning = night && hour * 60 + minute <= (rules.checkinHour - NIGHT_AHEAD_HOURS) * 60;
  return outsideQuietHours(localDayAt(at, sameMorning ? 0 : 1, rules.checkinHour, rules.timezone), rules);
}

/**
 * When a come-back invitation a complaint held may go, the complaint handled at `handledAt`: no sooner than the
 * morning after (not within hours of the owner's call about it); null when that is more than COMPLAINT_GRACE after its
 * planned time (`plannedAt`, not a time a handling moved it to): then it lapses.
 */
export function afterComplaint(plannedAt: number, handledAt: number, rules: ShopRules): number | null {
  return handledAt - plannedAt > COMPLAINT_GRACE ? null : morningAfter(handledAt, rules);
}

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
export const localDay = (at: number, rules: Pick<ShopRules, 'timezone'>): number => localDayNumber(at, rules.timezone);

export const isExpired = (dueAt: number, now: number): boolean => now - dueAt > EXPIRES_AFTER;
