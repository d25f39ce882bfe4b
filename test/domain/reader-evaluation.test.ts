// How well the reader reads replies it never trained on: test/fixtures/replies/held-out.tsv, written apart from
// train.tsv in other words. Prints the confusion table and the four figures the owner depends on, and fails when
// the reader falls below the goals. Tune the reader on train.tsv only; never line by line on the held-out part.
import { describe, expect, it } from 'vitest';
import { classifyWords } from '../../src/domain/classify.js';
import { type LabelledReply, type Reading, readCorpus, readings } from '../../src/domain/reading/corpus.js';

const trainPart = readCorpus('train');
const heldOut = readCorpus('held-out');
const read = heldOut.map((r) => ({ ...r, read: classifyWords(r.text) }));

const share = (rows: typeof read, ok: (r: (typeof read)[number]) => boolean) => rows.filter(ok).length / rows.length;
const of = (label: Reading) => read.filter((r) => r.label === label);
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

const figures = {
  complaintsReachingOwner: share(of('problem'), (r) => r.read !== 'positive'),
  complaintsReadAsProblems: share(of('problem'), (r) => r.read === 'problem'),
  questionsReachingOwner: share(of('question'), (r) => r.read !== 'positive'),
  happyRepliesRaised: share(of('positive'), (r) => r.read !== 'positive'),
};

function confusionTable(): string {
  const cell = (s: string | number) => String(s).padStart(9);
  const lines = [`${'true \\ read'.padEnd(12)}${readings.map(cell).join('')}`];
  for (const label of readings) lines.push(`${label.padEnd(12)}${readings.map((r) => cell(of(label).filter((x) => x.read === r).length)).join('')}`);
  return lines.join('\n');
}

const count = (rows: LabelledReply[], lang: string) => rows.filter((r) => r.lang === lang).length;

/**
 * The goals, all enforced at the issue's figures. The held-out part is read only here; a reader that misses a goal
 * fails this test. (Its history, for honesty: the first reader raised 17.0% of happy replies; the training part was
 * then grown from 347 to 807 replies, and the held-out part was run twice more, once with 16 training lines that
 * duplicated held-out ones, since removed: the 4.3% it showed may flatter the reader a little; the 2.1% it shows since
 * "nul" was read as a count gains one line, "Lopen heerlijk, nul blaren", seen while that change was made; the 100% of
 * complaints read since a garage's review gains "Airco blaast nog steeds warm", of the kind that review named.)
 */
const GOALS = [
  { name: 'complaints that reach the owner', value: figures.complaintsReachingOwner, goal: 0.95, enforced: 0.95, atLeast: true },
  { name: 'complaints read as problems', value: figures.complaintsReadAsProblems, goal: 0.85, enforced: 0.85, atLeast: true },
  { name: 'questions that reach the owner', value: figures.questionsReachingOwner, goal: 0.9, enforced: 0.9, atLeast: true },
  { name: 'happy replies wrongly raised', value: figures.happyRepliesRaised, goal: 0.1, enforced: 0.1, atLeast: false },
];
const met = (g: (typeof GOALS)[number]) => (g.atLeast ? g.value >= g.goal : g.value <= g.goal);

describe('the reader on the held-out replies', () => {
  it('prints its confusion table and figures', () => {
    const lines = GOALS.map((g) => `${g.name.padEnd(32)} ${percent(g.value).padStart(6)}  goal ${g.atLeast ? '≥' : '≤'} ${percent(g.goal)}${met(g) ? '' : '  NOT MET'}`);
    console.log(`held-out: ${heldOut.length} replies (nl ${count(heldOut, 'nl')}, en ${count(heldOut, 'en')}); ` +
      `train: ${trainPart.length} (nl ${count(trainPart, 'nl')}, en ${count(trainPart, 'en')})\n` +
      `rows: the true class, columns: how the reader read it\n${confusionTable()}\n${lines.join('\n')}`);
    expect(read.length).toBe(heldOut.length);
  });

  const title = (g: (typeof GOALS)[number]) =>
    `${g.name}: ${g.atLeast ? 'at least' : 'at most'} ${percent(g.enforced)}${g.enforced === g.goal ? '' : ` (goal ${percent(g.goal)}, not met yet)`}`;
  it.each(GOALS.map((g) => [title(g), g] as const))('%s', (_, g) => {
    if (g.atLeast) expect(g.value).toBeGreaterThanOrEqual(g.enforced);
    else expect(g.value).toBeLessThanOrEqual(g.enforced);
  });
});

describe('the labelled replies', () => {
  it('hold at least 400 replies, in Dutch and English, of every class', () => {
    expect(trainPart.length + heldOut.length).toBeGreaterThanOrEqual(400);
    for (const part of [trainPart, heldOut]) {
      for (const lang of ['nl', 'en']) expect(count(part, lang)).toBeGreaterThan(0);
      for (const label of readings) expect(part.filter((r) => r.label === label).length).toBeGreaterThan(0);
    }
  });

  it('share no reply between the training part and the held-out part', () => {
    const key = (r: LabelledReply) => r.text.toLowerCase().replace(/[^\p{L}\p{N}\p{Extended_Pictographic}]+/gu, ' ').trim();
    const trained = new Set(trainPart.map(key));
    expect(heldOut.filter((r) => trained.has(key(r))).map((r) => r.text)).toEqual([]);
  });

});
