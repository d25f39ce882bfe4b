// Local wall-clock time in IANA time zones, fast. Scheduling and counting need a shop's local day and hour for
// every sale and message; asking Intl (as luxon does) costs tens of microseconds each time, so a zone's UTC offset
// is looked up once per minute of time and kept. Every offset change since 1973 falls on a whole minute (not all on
// a quarter hour: St. John's changed at 00:01 local until 2011).

const MINUTE = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone, its offsets by the minute (a number as key: no text to build and hash for each look-up); `kept` in all. */
const offsets = new Map<string, Map<number, number>>();
let kept = 0;

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at `at`, in milliseconds (Amsterdam in summer: +7_200_000). */
export function offsetAt(at: number, zone: string): number {
  const minute = Math.floor(at / MINUTE);
  let byMinute = offsets.get(zone);
  let offset = byMinute?.get(minute);
  if (offset === undefined) {
    const p = Object.fromEntries(formatter(zone).formatToParts(at).map((x) => [x.type, x.value]));
    const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    offset = wall - (at - (((at % 1000) + 1000) % 1000));
    // Bounded: a long-running server keeps only what it uses.
    if (kept > 100_000) {
      offsets.clear();
      kept = 0;
      byMinute = undefined;
    }
    if (byMinute === undefined) offsets.set(zone, (byMinute = new Map()));
    byMinute.set(minute, offset);
    kept++;
  }
  return offset;
}

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

/** The local date and time at `at` in `zone`. */
export function wallTime(at: number, zone: string): WallTime {
  const d = new Date(at + offsetAt(at, zone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/**
 * The moment a wall clock in `zone` shows this date and time. A time that does not exist (the hour skipped when
 * summer time starts) moves forward by the skipped amount; a time that occurs twice (when it ends) is the first.
 */
export function fromWallTime(zone: string, year: number, month: number, day: number, hour = 0, minute = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The moment lies within UTC−12…UTC+14 of the wall time; at most one offset change falls in that span, so the
  // offsets at its two ends are the only candidates. The earlier reading wins when both fit (a repeated hour).
  const before = offsetAt(wall - 15 * 3_600_000, zone);
  const after = offsetAt(wall + 13 * 3_600_000, zone);
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const at = wall - offset;
    if (offsetAt(at, zone) === offset) return at;
  }
  // In a gap: the wall time does not exist; read it with the offset from before the change, as clocks jump ahead.
  return wall - Math.min(before, after);
}

/** Days since 1970-01-01 of the local calendar day at `at` (the day number the summaries use). */
export function localDayNumber(at: number, zone: string): number {
  return Math.floor((at + offsetAt(at, zone)) / 86_400_000);
}
