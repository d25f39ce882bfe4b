import { describe, expect, it } from 'vitest';
import {
  type ShopRules, allowedSlot, checkinTime, comebackTime, isExpired, morningAfter, outsideQuietHours, outsideQuietHoursFor, readerZones,
} from '../../src/domain/schedule.js';

const amsterdam: ShopRules = { timezone: 'Europe/Amsterdam', checkinHour: 10, quietStart: 20, quietEnd: 9, comebackDays: 30, checkinGapDays: 30, shippedCheckinDays: 4 };
const newYork: ShopRules = { ...amsterdam, timezone: 'America/New_York' };
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('the check-in', () => {
  it('goes out the day after the sale at 10:00 shop time', () => {
    expect(iso(checkinTime(at('2026-01-14T15:30:00+01:00'), amsterdam))).toBe('2026-01-15T09:00:00.000Z');
  });

  it('is the next local day even when the sale is late in the evening, UTC already past midnight', () => {
    expect(iso(checkinTime(at('2026-01-14T23:45:00+01:00'), amsterdam))).toBe('2026-01-15T09:00:00.000Z');
  });

  it('keeps 10:00 local time on the morning the clocks go forward (Amsterdam, 29 March 2026)', () => {
    expect(iso(checkinTime(at('2026-03-28T16:00:00+01:00'), amsterdam))).toBe('2026-03-29T08:00:00.000Z');
  });

  it('keeps 10:00 local time on the morning the clocks go back (Amsterdam, 25 October 2026)', () => {
    expect(iso(checkinTime(at('2026-10-24T16:00:00+02:00'), amsterdam))).toBe('2026-10-25T09:00:00.000Z');
  });

  it('keeps 10:00 local time across both changes in New York (8 March and 1 November 2026)', () => {
    expect(iso(checkinTime(at('2026-03-07T12:00:00-05:00'), newYork))).toBe('2026-03-08T14:00:00.000Z');
    expect(iso(checkinTime(at('2026-10-31T12:00:00-04:00'), newYork))).toBe('2026-11-01T15:00:00.000Z');
  });

  it('uses the shop\'s own check-in hour', () => {
    expect(iso(checkinTime(at('2026-01-14T12:00:00+01:00'), { ...amsterdam, checkinHour: 14 }))).toBe('2026-01-15T13:00:00.000Z');
  });

  it('never falls in quiet hours: an 8 o\'clock check-in waits until 9, a 21 o\'clock one until the next morning', () => {
    expect(iso(checkinTime(at('2026-01-14T12:00:00+01:00'), { ...amsterdam, checkinHour: 8 }))).toBe('2026-01-15T08:00:00.000Z');
    expect(iso(checkinTime(at('2026-01-14T12:00:00+01:00'), { ...amsterdam, checkinHour: 21 }))).toBe('2026-01-16T08:00:00.000Z');
  });
});

describe('the check-in of a sale sent by post (shipped)', () => {
  it("goes out the shop's shippedCheckinDays after the sale (4 by default) at its check-in hour, not the next day", () => {
    expect(iso(checkinTime(at('2026-01-14T15:30:00+01:00'), amsterdam, true))).toBe('2026-01-18T09:00:00.000Z');
    expect(iso(checkinTime(at('2026-01-14T15:30:00+01:00'), { ...amsterdam, shippedCheckinDays: 7 }, true))).toBe('2026-01-21T09:00:00.000Z');
    expect(iso(checkinTime(at('2026-01-14T15:30:00+01:00'), { ...amsterdam, shippedCheckinDays: 1 }, true))).toBe('2026-01-15T09:00:00.000Z');
  });

  it('keeps the local hour across the change to summer time, and stays out of the quiet hours', () => {
    expect(iso(checkinTime(at('2026-03-27T16:00:00+01:00'), amsterdam, true))).toBe('2026-03-31T08:00:00.000Z');
    expect(iso(checkinTime(at('2026-01-14T12:00:00+01:00'), { ...amsterdam, checkinHour: 8 }, true))).toBe('2026-01-18T08:00:00.000Z');
  });

  it('moves its come-back invitation as far: as long after the check-in as a sale in the shop\'s, never before it', () => {
    expect(iso(comebackTime(at('2026-01-14T15:30:00+01:00'), amsterdam, true))).toBe('2026-02-16T09:00:00.000Z');
    const soon = { ...amsterdam, comebackDays: 2, shippedCheckinDays: 10 };
    expect(comebackTime(at('2026-01-14T15:30:00+01:00'), soon, true) - checkinTime(at('2026-01-14T15:30:00+01:00'), soon, true)).toBe(24 * 3_600_000);
  });
});

describe('the come-back invitation', () => {
  it('goes out 30 days after the sale at the same local hour', () => {
    expect(iso(comebackTime(at('2026-01-14T15:30:00+01:00'), amsterdam))).toBe('2026-02-13T09:00:00.000Z');
  });

  it('stays at 10:00 local when summer time starts in between', () => {
    expect(iso(comebackTime(at('2026-03-14T15:30:00+01:00'), amsterdam))).toBe('2026-04-13T08:00:00.000Z');
  });

  it('follows the shop\'s number of days', () => {
    expect(iso(comebackTime(at('2026-01-14T15:30:00+01:00'), { ...amsterdam, comebackDays: 7 }))).toBe('2026-01-21T09:00:00.000Z');
  });
});

describe('quiet hours', () => {
  it('move a moment inside them to their end, the same night or the next morning', () => {
    expect(iso(outsideQuietHours(at('2026-01-14T22:00:00+01:00'), amsterdam))).toBe('2026-01-15T08:00:00.000Z');
    expect(iso(outsideQuietHours(at('2026-01-15T03:00:00+01:00'), amsterdam))).toBe('2026-01-15T08:00:00.000Z');
  });

  it('leave a moment outside them alone', () => {
    expect(iso(outsideQuietHours(at('2026-01-14T19:59:00+01:00'), amsterdam))).toBe('2026-01-14T18:59:00.000Z');
  });

  it('can lie within one day (13-14) as well as across midnight', () => {
    const lunch = { ...amsterdam, quietStart: 13, quietEnd: 14 };
    expect(iso(outsideQuietHours(at('2026-01-14T13:30:00+01:00'), lunch))).toBe('2026-01-14T13:00:00.000Z');
  });
});

describe('the 24-hour gap between two messages to one customer', () => {
  it('moves a message that comes too close to another to the next allowed moment', () => {
    const other = at('2026-01-15T10:00:00+01:00');
    expect(iso(allowedSlot(at('2026-01-15T12:00:00+01:00'), [other], amsterdam))).toBe('2026-01-16T09:00:00.000Z');
  });

  it('moves it out of quiet hours after moving it', () => {
    const other = at('2026-01-15T19:30:00+01:00');
    expect(iso(allowedSlot(at('2026-01-16T10:00:00+01:00'), [other], amsterdam))).toBe('2026-01-16T18:30:00.000Z');
    const late = at('2026-01-15T20:30:00+01:00'); // 24 h later is quiet: next morning
    expect(iso(allowedSlot(at('2026-01-16T10:00:00+01:00'), [late], amsterdam))).toBe('2026-01-17T08:00:00.000Z');
  });

  it('moves past a chain of messages, and leaves a free moment where it is', () => {
    const taken = [at('2026-01-15T10:00:00+01:00'), at('2026-01-16T10:00:00+01:00')];
    expect(iso(allowedSlot(at('2026-01-15T10:00:00+01:00'), taken, amsterdam))).toBe('2026-01-17T09:00:00.000Z');
    expect(allowedSlot(at('2026-01-20T10:00:00+01:00'), taken, amsterdam)).toBe(at('2026-01-20T10:00:00+01:00'));
  });

  it('counts exactly 24 hours as far enough', () => {
    expect(allowedSlot(at('2026-01-16T10:00:00+01:00'), [at('2026-01-15T10:00:00+01:00')], amsterdam)).toBe(at('2026-01-16T10:00:00+01:00'));
  });
});

describe('expiry', () => {
  it('is more than 48 hours after the due time', () => {
    const due = at('2026-01-15T10:00:00+01:00');
    expect(isExpired(due, due + 48 * 3_600_000)).toBe(false);
    expect(isExpired(due, due + 48 * 3_600_000 + 1)).toBe(true);
  });
});

describe("a text to a number from another country waits for that country's morning", () => {
  it("finds the number's zones when its country is not the shop's, and none when it is", () => {
    expect(readerZones('+31613572468', 'NL')).toEqual([]);
    expect(readerZones('+12125550123', 'NL')).toEqual(expect.arrayContaining(['America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu']));
    expect(readerZones('+16045550123', 'NL')).toEqual(expect.arrayContaining(['America/Vancouver', 'America/St_Johns']));
    expect(readerZones('+447911123456', 'NL')).toEqual(['Europe/London']);
    expect(readerZones('+12125550123', 'US')).toEqual([]);
  });

  it("goes at once when it is day there, waits for the morning there when it is night, whatever the shop's clock says", () => {
    const london = ['Europe/London'];
    expect(iso(outsideQuietHoursFor(at('2026-01-15T10:00:00+01:00'), amsterdam, london))).toBe('2026-01-15T09:00:00.000Z');
    // 09:30 in Amsterdam is 08:30 in London: half an hour more.
    expect(iso(outsideQuietHoursFor(at('2026-01-15T09:30:00+01:00'), amsterdam, london))).toBe('2026-01-15T09:00:00.000Z');
    // 20:30 in Amsterdam (the shop's quiet hours) is 14:30 in New York: it goes.
    expect(iso(outsideQuietHoursFor(at('2026-01-15T20:30:00+01:00'), amsterdam, ['America/New_York']))).toBe('2026-01-15T19:30:00.000Z');
    // Every zone of a country: 09:00 in Honolulu, 14:00 in New York.
    expect(iso(outsideQuietHoursFor(at('2026-01-15T10:00:00+01:00'), amsterdam, readerZones('+12125550123', 'NL')))).toBe('2026-01-15T19:00:00.000Z');
  });

  it("keeps the shop's own hours without zones, and where no hour suits every zone within a day", () => {
    expect(iso(outsideQuietHoursFor(at('2026-01-15T23:00:00+01:00'), amsterdam, []))).toBe('2026-01-16T08:00:00.000Z');
    // Quiet from 12 to 10 (two free hours) in zones twelve hours apart: never day in both at once.
    const narrow = { ...amsterdam, quietStart: 12, quietEnd: 10 };
    expect(iso(outsideQuietHoursFor(at('2026-01-15T23:00:00+01:00'), narrow, ['Europe/London', 'Pacific/Auckland']))).toBe(iso(outsideQuietHours(at('2026-01-15T23:00:00+01:00'), narrow)));
  });
});


// The review of f985e18: the 8 hours were counted in real time, so on the nights the clocks change a complaint handled
// at 01:30 waited a day and a half (29 March) or went hours after the call (the first 02:30 of 25 October); and a shop
// without quiet hours never had the same morning. Now the wall clock's hours, whatever the quiet hours.
describe('morningAfter: the same morning only when the night is still ahead, on the wall clock', () => {
  it.each([
    ['2026-03-29T01:30:00+01:00', '2026-03-29T10:00:00+02:00', amsterdam], // clocks forward: still that morning
    ['2026-10-25T02:30:00+02:00', '2026-10-26T10:00:00+01:00', amsterdam], // the first 02:30, clocks back: past 02:00, the next morning
    ['2026-10-25T01:59:00+02:00', '2026-10-25T10:00:00+01:00', amsterdam],
    ['2026-04-15T01:00:00+02:00', '2026-04-15T10:00:00+02:00', { ...amsterdam, quietStart: 0, quietEnd: 0 }], // no quiet hours
    ['2026-04-15T02:01:00+02:00', '2026-04-16T10:00:00+02:00', amsterdam],
    ['2026-03-08T01:30:00-05:00', '2026-03-08T10:00:00-04:00', newYork],
    // a check-in hour of 17: handled at 08:30, in the day, the next day's (not that afternoon, no night between)
    ['2026-04-15T08:30:00+02:00', '2026-04-16T17:00:00+02:00', { ...amsterdam, checkinHour: 17, quietStart: 22, quietEnd: 7 }],
    ['2026-04-15T06:30:00+02:00', '2026-04-15T17:00:00+02:00', { ...amsterdam, checkinHour: 17, quietStart: 22, quietEnd: 7 }],
  ] as const)('handled %s goes %s', (handled, goes, rules) => expect(new Date(morningAfter(Date.parse(handled), rules)).toISOString()).toBe(new Date(goes).toISOString()));
});
