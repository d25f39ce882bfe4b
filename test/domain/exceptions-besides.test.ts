// Readings the forty-eighth session's review left wrong (7 December), and the one list of what opens an exception.
import { describe, expect, it } from 'vitest';
import { classify, explain } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';
import { EXCEPTION_OPENERS, exceptionOpener } from '../../src/domain/reading/text.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });
const happy = { class: 'positive', alerted: false };
const problem = { class: 'problem', alerted: true };

// The openers were written four times, and not alike: "excepting" did not open who alone is so good, and "except for
// that" was read as a thing excepted, where "apart from that" was what was said before.
describe('one list of what opens an exception', () => {
  it('knows each opener by its words, the longest first', () => {
    expect(EXCEPTION_OPENERS.map((o) => o.join(' '))).toContain('excepting');
    expect(exceptionOpener(['except', 'for', 'the', 'bell'])).toBe(2);
    expect(exceptionOpener(['except', 'the', 'bell'])).toBe(1);
    expect(exceptionOpener(['apart', 'from', 'that'])).toBe(2);
    expect(exceptionOpener(['op', 'de', 'bel', 'na'])).toBe(0);
  });

  it.each(['Nothing wrong, except for that all good', 'Excepting you nobody helps this well', 'Except for that, great service'])(
    '%j is happy', (text) => expect(owner(text)).toEqual(happy));

  it.each(['Excepting the brakes, all good', 'nothing wrong, excepting the bell', 'Except for the brakes everything is fine'])(
    '%j stays a problem', (text) => expect(owner(text)).toEqual(problem));
});
