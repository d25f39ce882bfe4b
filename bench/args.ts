// A bench's options, read with node's parseArgs: `--help` prints what the bench's own opening comment says (how it is
// run, with examples) and its options; an unknown or malformed option says so in one line, not a stack trace.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** parseArgs(config) for the bench at `url` (its import.meta.url), with `--help`. */
export function benchArgs<T extends ParseArgsConfig>(url: string, config: T): ReturnType<typeof parseArgs<T>> {
  if (process.argv.slice(2).includes('--help')) {
    const lines = readFileSync(fileURLToPath(url), 'utf8').split('\n');
    const opening = lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.replace(/^\/\/ ?/, ''));
    const flags = Object.entries(config.options ?? {}).map(([name, o]) =>
      `  --${name}${o.type === 'string' ? ' <value>' : ''}${o.default === undefined ? '' : `  (default ${JSON.stringify(o.default)})`}`);
    console.log([...opening, '', 'options:', ...flags, '  --help'].join('\n'));
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (err) {
    console.error(`${(err as Error).message} (see --help)`);
    process.exit(2);
  }
}
