// A "not now" in a few words to the come-back invitation ("No thx", "Nee, nu even niet", "Ik heb al een afspraak") was
// read as a problem: the owner was alerted as about a complaint and called a customer who only said "not now". To the
// invitation such a reply now declines it, as a bare "Nee" does (read as other: thanked plainly, no alert); to the
// check-in ("Bevalt het?") it is read as before. A word more that says something is wrong, and it alerts all the same.
import { describe, expect, it } from 'vitest';
import { classifyWords, explain } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

/**
 * Each decline, with how it is read to the check-in (unchanged, but "I already have an appointment": the network alone
 * read it happy, which no longer makes a reply positive; the owner reads it, without an alert).
 */
const DECLINES: [string, string][] = [
  ['No thx', 'problem'], ['No thanks', 'other'], ['Nee, nu even niet', 'problem'], ['Nee dank je', 'other'], ['Nee bedankt', 'other'],
  ['Niet nodig', 'problem'], ['Nu niet', 'problem'], ['Not right now', 'problem'], ['Maybe later', 'other'], ['Misschien later', 'other'],
  ['Ik heb al een afspraak', 'problem'], ['I already have an appointment', 'other'], ['Ik kom wel als het nodig is', 'other'],
  ['Nee hoor, alles is goed', 'positive'], ['Nee dank je, nu even niet x', 'problem'], ['NOG NIET', 'other'], ['Nee bedankt 🙂', 'positive'],
  // "Ik hoef dit niet" was a problem to the invitation too (the owner alerted, to call a customer who said "no need");
  // to the check-in it may be said of the goods, and the owner still reads it as a problem
  ['Ik hoef dit niet', 'problem'], ['Ik hoef het nu niet', 'problem'], ['Nee, ik hoef dit niet', 'problem'], ["I don't need it", 'problem'],
  // and as it is most often said (the review of 7b79de3): "Ik heb het niet nodig", "Hoef ik niet", no more needed
  ['Ik heb het niet nodig', 'problem'], ['Hoef ik niet', 'problem'], ['ik hoef t niet', 'problem'], ['Ik hoef het niet meer', 'problem'],
  ["I don't need it anymore", 'problem'], ["I don't need it at all", 'problem'],
];

describe('a "not now" in a few words', () => {
  it.each(DECLINES)('%j to the come-back invitation declines it: no alert for the owner', (text) => {
    expect(classifyWords(text, 'comeback')).toBe('other');
    expect(alerts(classifyWords(text, 'comeback'), text)).toBe(false);
    expect(explain(text, 'comeback').because[0]).toMatch(/^declines the come-back invitation/);
  });

  it.each(DECLINES)('%j to the check-in is read as before: %s', (text, before) => {
    expect(classifyWords(text, 'checkin')).toBe(before);
    expect(classifyWords(text)).toBe(before);
  });

  it.each([
    ['Nee, hij lekt weer'], ['Nee, de band is weer lek'], ['No thanks, the last repair failed'], ['Nee, nooit meer, slechte service'],
    ['Nee, ik was niet tevreden'], ['Nee 😡'], ['Ik hoef het niet, jullie service is slecht'], ["I don't need it, it broke again"], ['Ik heb het niet nodig, het is kapot'], ['Ik hoef dit niet, hij is kapot'], ['Nu niet, de remmen piepen nog steeds'], ['Maybe later, it broke again'], ['Ik heb al een afspraak bij een ander'],
  ])('%j to the come-back invitation says something is wrong: the owner is alerted', (text) => {
    expect(classifyWords(text, 'comeback')).toBe('problem');
    expect(alerts('problem', text)).toBe(true);
  });

  it.each([['Nee dank je?'], ['Niet nodig, bel me even']])('%j asks something: no decline, read as to the check-in, the owner alerted', (text) => {
    expect(explain(text, 'comeback')).toEqual(explain(text, 'checkin'));
    expect(alerts(classifyWords(text, 'comeback'), text)).toBe(true);
  });
});
