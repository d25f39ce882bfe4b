// `messages list` took --shop where every other command takes --slug: an operator typing --slug got "required option
// '--shop <slug>' not specified". Both are taken now.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Io, run } from '../src/cli.js';
import { engine, tempDir } from './helpers.js';
import { freshDatabase } from './pg/cluster.js';

async function cli() {
  const dir = tempDir();
  const env: Record<string, string> = { DATABASE_PATH: join(dir, 'data', 'nextdeal.db'), OUTBOX_DIR: join(dir, 'outbox') };
  if (engine === 'postgres') env.DATABASE_URL = await freshDatabase();
  return async (args: string) => {
    let out = '';
    let err = '';
    const io: Io = { out: (s) => void (out += s), err: (s) => void (err += s), env: { ...env }, stdin: () => '', askSecret: async () => '' };
    const code = await run(args.split(' '), io);
    return { code, out, err };
  };
}

describe('nextdeal messages', () => {
  it('list takes --slug, as every other command, and --shop as before', async () => {
    const exec = await cli();
    expect((await exec('shop create --slug fietsenmaker --name Fietsenmaker --timezone Europe/Amsterdam --country NL --locale nl')).code).toBe(0);
    expect(await exec('messages list --slug fietsenmaker')).toEqual({ code: 0, out: '[]\n', err: '' });
    expect(await exec('messages list --shop fietsenmaker --status uncertain')).toEqual({ code: 0, out: '[]\n', err: '' });
    expect(await exec('messages list --slug fietsenmaker --shop fietsenmaker')).toMatchObject({ code: 0, out: '[]\n' });
    expect(await exec('messages list')).toMatchObject({ code: 1, err: "--slug: required: the shop's slug, e.g. --slug fietsenmaker\n" });
    expect(await exec('messages list --slug fietsenmaker --shop other')).toMatchObject({ code: 1, err: 'give --slug (or --shop, the same), not both\n' });
    expect(await exec('messages retry --restored --slug fietsenmaker')).toMatchObject({ code: 0, out: expect.stringMatching(/^0 message\(s\) held in doubt/) });
  });
});
