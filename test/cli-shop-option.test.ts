// The shop a command names is --slug <slug> everywhere, and --shop <slug> works the same: the commands once
// differed (`shop …` and `sign` took --slug; `customer …`, `replies …`, `purge` and `experiment` --shop), and an
// operator who wrote the one where the other was asked was refused ("required option '--shop <slug>' not specified").
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { program } from '../src/cli.js';
import { cliRunner } from './cli-run.js';
import { createShop, tempDir, testStore } from './helpers.js';

/** Every command that runs (no group), by its full name. */
function leaves(c: Command, above = ''): { name: string; command: Command }[] {
  const name = `${above} ${c.name()}`.trim();
  return c.commands.length === 0 ? [{ name, command: c }] : c.commands.flatMap((s) => leaves(s, name === 'nextdeal' ? '' : name));
}

describe('a command that names a shop', () => {
  const all = leaves(program({ out: () => {}, err: () => {}, env: {}, stdin: () => '', askSecret: async () => '' }));

  it('takes --slug <slug>, shown in --help once, and --shop <slug>, not shown', () => {
    const naming = all.filter(({ command }) => command.options.some((o) => o.flags.includes('<slug>')));
    expect(naming.map((c) => c.name).sort()).toEqual([
      'customer consent', 'customer erase', 'customer export', 'experiment', 'messages list', 'messages retry', 'purge',
      'replies handle', 'replies list', 'shop connect', 'shop create', 'shop delete', 'shop disable', 'shop disconnect',
      'shop enable', 'shop rotate', 'shop set-password', 'shop show', 'shop update', 'sign',
    ]);
    for (const { name, command } of naming) {
      const help = command.helpInformation();
      expect([name, help.match(/--slug <slug>/g)]).toEqual([name, ['--slug <slug>']]);
      expect([name, help]).not.toEqual([name, expect.stringContaining('--shop')]);
      expect([name, command.options.map((o) => o.flags).filter((f) => f.includes('<slug>'))]).toEqual([name, ['--slug <slug>', '--shop <slug>']]);
    }
  });

  it('does the same given --shop as given --slug, refuses both unalike, and says what it needs without either', async () => {
    const store = await testStore();
    await createShop(store, { slug: 'fietsenmaker' });
    await createShop(store, { slug: 'bakker' });
    const exec = cliRunner({
      DATABASE_PATH: store.db.engine === 'sqlite' ? store.db.file : '', DATABASE_URL: store.db.engine === 'postgres' ? store.db.url : '', OUTBOX_DIR: tempDir(),
    });
    const shown = ['shop show', 'replies list', 'experiment', 'messages list', 'customer export --phone 0612345678', 'customer erase --email a@example.com'];
    for (const command of shown) {
      const bySlug = await exec(`${command} --slug fietsenmaker`);
      expect([command, await exec(`${command} --shop fietsenmaker`)]).toEqual([command, bySlug]);
      expect([command, await exec(`${command} --shop fietsenmaker --slug fietsenmaker`)]).toEqual([command, bySlug]);
      expect([command, await exec(`${command} --shop fietsenmaker --slug bakker`)]).toEqual([command, { code: 1, out: '', err: 'give --slug (or --shop, the same), not both\n' }]);
      expect([command, await exec(command)]).toEqual([command, { code: 1, out: '', err: "--slug: required: the shop's slug, e.g. --slug fietsenmaker\n" }]);
    }
    expect(await exec('replies list --slug fietsenmaker')).toEqual({ code: 0, out: '[]\n', err: '' });
    expect(await exec('customer erase --slug fietsenmaker --email a@example.com')).toEqual({ code: 1, out: '', err: 'shop "fietsenmaker" has no customer with that e-mail address\n' });
    expect(await exec('shop disable --shop bakker')).toMatchObject({ code: 0, out: expect.stringContaining('"slug": "bakker"') });
    expect(await exec('purge --older-than 600 --slug bakker')).toMatchObject({ code: 0, out: expect.stringMatching(/^erased 0 customer rows/) });
    expect(await exec("shop create --shop kapper --name Kapper")).toMatchObject({ code: 0, out: expect.stringContaining('"slug":"kapper"') });
  });
});
