// `messages list` took --shop where every other command takes --slug: an operator typing --slug got "required option
// '--shop <slug>' not specified". Both are taken now.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Io, run } from '../src/cli.js';
import { cliRunner } from './cli-run.js';
import { createShop, engine, postSale, run as runSql, saleBody, startApp, tempDir, testClock, testStore } from './helpers.js';
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

// The vendor review (finding 5): after a crash an operator of many shops learned *that* messages were in doubt, and had
// to ask `messages list --slug` of each shop in turn to find *which* shops to tell; without --slug it was refused.
describe('nextdeal messages list --status uncertain, without --slug', () => {
  it("lists every shop's messages in doubt, shop by shop, each naming its shop", async () => {
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const base = await startApp(store, clock.now);
    for (const slug of ['fietsenmaker', 'bakker', 'kapper']) {
      const { webhookSecret } = await createShop(store, { slug, name: slug });
      await postSale(base, slug, webhookSecret, saleBody({ id: `${slug}-1` }), clock.now());
    }
    // The bakker's and the fietsenmaker's check-ins were cut off mid-send; the kapper's messages are all still planned.
    await runSql(store.db, "UPDATE messages SET status = 'uncertain', error = 'interrupted' WHERE kind = 'checkin' AND shop_id IN (SELECT id FROM shops WHERE slug <> 'kapper')");
    const exec = cliRunner({ DATABASE_PATH: store.db.engine === 'sqlite' ? store.db.file : '', DATABASE_URL: store.db.engine === 'postgres' ? store.db.url : '', OUTBOX_DIR: tempDir() });
    const listed = await exec('messages list --status uncertain');
    expect([listed.code, listed.err]).toEqual([0, '']);
    expect(JSON.parse(listed.out)).toEqual([
      expect.objectContaining({ shop: 'bakker', kind: 'checkin', status: 'uncertain', customerName: 'Sanne de Vries', whatToDo: expect.any(String) }),
      expect.objectContaining({ shop: 'fietsenmaker', kind: 'checkin', status: 'uncertain', customerName: 'Sanne de Vries', whatToDo: expect.any(String) }),
    ]);
    // One shop's, as before; any other status still needs the shop.
    expect(JSON.parse((await exec('messages list --slug bakker --status uncertain')).out)).toHaveLength(1);
    expect(await exec('messages list --status scheduled')).toMatchObject({ code: 1, err: "--slug: required: the shop's slug, e.g. --slug fietsenmaker\n" });
  });
});
