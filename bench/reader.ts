// What reading a reply costs: the reader (src/domain/classify.ts) over the corpus's replies (test/fixtures/replies:
// the training, held-out and other-languages lines, about a thousand), after a warm-up, in this process.
//
//   npx tsx bench/reader.ts                 # three passes (~10 s)
//   npx tsx bench/reader.ts --passes 10
import { readFileSync } from 'node:fs';
import { benchArgs } from './args.js';
import { classify, prepareReader } from '../src/domain/classify.js';
import { describeMachine } from './sale.js';

const { values: opt } = benchArgs(import.meta.url, { options: { passes: { type: 'string', default: '3' } } });
const passes = Number(opt.passes);
const replies = ['train.tsv', 'held-out.tsv', 'other-languages.tsv']
  .flatMap((f) => readFileSync(new URL(`../test/fixtures/replies/${f}`, import.meta.url), 'utf8').split('\n').slice(1))
  .map((line) => line.split('\t').at(-1) ?? '')
  .filter((text) => text.trim() !== '');

console.log(`machine: ${describeMachine()}`);
const loaded = process.hrtime.bigint();
prepareReader();
console.log(`the reader loaded in ${(Number(process.hrtime.bigint() - loaded) / 1e6).toFixed(0)} ms`);
for (const text of replies) classify(text); // warm-up
const started = process.hrtime.bigint();
for (let p = 0; p < passes; p++) for (const text of replies) classify(text);
const us = Number(process.hrtime.bigint() - started) / 1000 / (passes * replies.length);
console.log(`${replies.length} replies × ${passes} passes: ${us.toFixed(0)} µs a reply`);
