import { getAllTimezones } from 'countries-and-timezones';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { placeLetters, sameZone, zoneName } from '../src/cli/shop-settings.js';

// Every zone ICU calls canonical, and every name Node takes for one (the IANA database's links, Europe/Kiev beside
// Europe/Kyiv, US/Eastern); Factory is no zone to Node.
const known = [...new Set([...Intl.supportedValuesOf('timeZone'), ...Object.keys(getAllTimezones({ deprecated: true }))])].filter((n) => IANAZone.isValidZone(n));
// Names ICU knows by an older one, checked by name here, not only through the list zoneName reads.
const renamed = ['Europe/Kyiv', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'Asia/Ho_Chi_Minh', 'Asia/Kathmandu', 'Asia/Yangon', 'Pacific/Kanton', 'America/Nuuk', 'Atlantic/Faroe', 'America/Indiana/Indianapolis', 'Pacific/Chuuk'];

describe('a time zone typed in other letters', () => {
  it('is stored in the letters of the IANA name typed, for every zone name Node knows, never ICU\'s older name', () => {
    expect(known.length).toBeGreaterThan(590);
    const wrong = [...known, ...renamed].flatMap((n) => [n.toLowerCase(), n.toUpperCase(), n].filter((typed) => zoneName(typed) !== n).map((typed) => `${typed} → ${zoneName(typed)}`));
    expect(wrong).toEqual([]);
    expect(['europe/kyiv', 'asia/kolkata', 'america/argentina/buenos_aires', 'america/port-au-prince', 'etc/gmt+5', 'est5edt'].map(zoneName)).toEqual(['Europe/Kyiv', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires', 'America/Port-au-Prince', 'Etc/GMT+5', 'EST5EDT']);
    expect(zoneName('Europe/Kiev')).toBe('Europe/Kiev'); // the older name, when it is the one typed
  });

  // For a place named after the list zoneName reads was made, which ICU knows by an older name.
  it('takes a place\'s letters by IANA\'s rule for a name the list does not have', () => {
    const regions = /^(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)\//;
    const places = known.filter((n) => regions.test(n) && !/[a-z][A-Z]|[A-Z]{2}/.test(n)); // not McMurdo, Knox_IN
    expect(places.length).toBeGreaterThan(450);
    expect(places.filter((n) => placeLetters(n.toLowerCase()) !== n)).toEqual([]);
  });

  // A shop created by a newer version, whose ICU knows a zone this one does not: `shop create` run again compares
  // it, and must answer, not throw a RangeError (the review of 865643f).
  it('compares a zone this Node does not know without failing: the same only in other letters', () => {
    expect(sameZone('America/Newer_Place', 'america/newer_place')).toBe(true);
    expect(sameZone('America/Newer_Place', 'Europe/Amsterdam')).toBe(false);
    expect(sameZone('Europe/Amsterdam', 'America/Newer_Place')).toBe(false);
    expect(zoneName('america/newer_place')).toBe('America/Newer_Place');
    expect(sameZone('Europe/Brussels', 'Europe/Amsterdam')).toBe(false);
    expect(sameZone('Europe/Kiev', 'europe/kyiv')).toBe(true);
  });
});
