import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { fromWallTime, localDayNumber, offsetAt, wallTime } from '../../src/domain/zone.js';

const zones = ['Europe/Amsterdam', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'America/Moncton', 'Pacific/Chatham', 'UTC', 'Europe/London'];
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) });

describe('local time in a zone', () => {
  it('agrees with luxon (the reference) on the offset and wall time of any moment, in zones with odd offsets and DST', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (at, zone) => {
        const ref = DateTime.fromMillis(at, { zone });
        expect(offsetAt(at, zone)).toBe(ref.offset * 60_000);
        expect(wallTime(at, zone)).toEqual({ year: ref.year, month: ref.month, day: ref.day, hour: ref.hour, minute: ref.minute });
        expect(localDayNumber(at, zone)).toBe(Date.UTC(ref.year, ref.month - 1, ref.day) / 86_400_000);
      }),
      { numRuns: 5000 },
    );
  });

  it('finds the moment a wall clock shows a time: as luxon does, gaps included; the first of a repeated hour', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45), (at, zone, hour, minute) => {
        const day = DateTime.fromMillis(at, { zone });
        const asked = { year: day.year, month: day.month, day: day.day, hour, minute };
        const ref = DateTime.fromObject(asked, { zone }).toMillis();
        const mine = fromWallTime(zone, day.year, day.month, day.day, hour, minute);
        const shown = (t: number) => wallTime(t, zone);
        if (JSON.stringify(shown(ref)) !== JSON.stringify(asked)) {
          expect(mine).toBe(ref); // a time skipped by a change: both move it forward alike
        } else {
          expect(shown(mine)).toEqual(asked);
          // luxon may take either reading of a repeated hour; this takes the first
          expect(mine).toBeLessThanOrEqual(ref);
          expect(shown(mine - 3_600_000)).not.toEqual(asked);
        }
      }),
      { numRuns: 20000 },
    );
  });

  it('follows offset changes that fall off the quarter hour (St. John\'s at 00:01 local, 2010)', () => {
    for (const iso of ['2010-03-14T03:30:30Z', '2010-03-14T03:31:00Z', '2010-03-14T03:31:30Z', '2010-11-07T02:30:00Z', '2010-11-07T02:31:00Z']) {
      const at = Date.parse(iso);
      expect(offsetAt(at, 'America/St_Johns'), iso).toBe(DateTime.fromMillis(at, { zone: 'America/St_Johns' }).offset * 60_000);
    }
  });

  it('finds the moment in zones far from UTC, across their changes (Chatham +12:45/+13:45, 2029)', () => {
    const ref = DateTime.fromObject({ year: 2029, month: 9, day: 30, hour: 2 }, { zone: 'Pacific/Chatham' }).toMillis();
    expect(fromWallTime('Pacific/Chatham', 2029, 9, 30, 2, 0)).toBe(ref);
  });

  it('moves a time skipped by the spring change forward, and reads a repeated autumn hour the first time', () => {
    // Amsterdam, 29 March 2026: 02:00 → 03:00. 25 October 2026: 03:00 → 02:00.
    expect(new Date(fromWallTime('Europe/Amsterdam', 2026, 3, 29, 2, 30)).toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(new Date(fromWallTime('Europe/Amsterdam', 2026, 10, 25, 2, 30)).toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
  });
});
