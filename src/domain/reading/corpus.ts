// The labelled replies the reader learns from: test/fixtures/replies/*.tsv, one reply a line (label, language,
// kind of shop, text; a header line first). The reader trains on train.tsv in every process that reads a reply,
// the server included, so the app ships that file.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Reading = 'problem' | 'question' | 'positive' | 'other';
export const readings: readonly Reading[] = ['problem', 'question', 'positive', 'other'];

export interface LabelledReply {
  label: Reading;
  lang: string;
  domain: string;
  text: string;
}

/** The project folder (the one holding package.json), found from this file both in src/ and in dist/. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('the reader cannot find the project folder (no package.json above it)');
    dir = up;
  }
  return dir;
}

const corpusDir = (): string => join(projectRoot(), 'test', 'fixtures', 'replies');

/** Reads one corpus file ("train" or "held-out"); a wrong label or a line with the wrong number of fields throws. */
export function readCorpus(name: string): LabelledReply[] {
  const file = join(corpusDir(), `${name}.tsv`);
  if (!existsSync(file)) throw new Error(`the reader's labelled replies are missing: ${file} (the app ships test/fixtures/replies/)`);
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim());
  return lines.map((line, i) => {
    const [label, lang, domain, text, ...rest] = line.split('\t');
    if (!readings.includes(label as Reading) || !lang || !domain || !text || rest.length) {
      throw new Error(`${file}:${i + 2}: expected label, language, kind of shop and text, separated by tabs`);
    }
    return { label: label as Reading, lang, domain, text };
  });
}
