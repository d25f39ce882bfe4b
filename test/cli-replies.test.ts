import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Io, run } from '../src/cli.js';
import { openDatabase } from '../src/db/open.js';
import { openPostgres } from '../src/db/engines/postgres.js';
import { createStore } from '../src/db/store.js';
import { engine, postSale, saleBody, startApp, tempDir, value } from './helpers.js';
import { freshDatabase } from './pg/cluster.js';

/** The command line over a database of its own: a SQLite file, or under the postgres engine an empty PostgreSQL database. */
async function cli(env: NodeJS.ProcessEnv = {}) {
  const dir = tempDir();
  const database = engine === 'postgres' ? { DATABASE_URL: await freshDatabase() } : {};
  const fullEnv = { DATABASE_PATH: join(dir, 'data', 'nextdeal.db'), OUTBOX_DIR: join(dir, 'outbox'), ...database, ...env };
  const exec = async (args: string, stdin = '') => {
    let out = '';
    let err = '';
    const io: Io = { out: (s) => void (out += s), err: (s) => void (err += s), env: fullEnv, stdin: () => stdin, askSecret: async () => stdin };
    const code = await run(args.split(' '), io);
    return { code, out, err };
  };
  return { env: fullEnv, exec };
}

const lines = (out: string) => out.trimEnd().split('\n').map((l) => JSON.parse(l));

describe('nextdeal replies list and handle', () => {
  it('list shows open problems and handle closes one', async () => {
    const { exec, env } = await cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name Fietsenmaker --holdout 0')).out);
    const store = createStore(await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH }));
    const now = Date.now();
    const base = await startApp(store, () => now);
    const sale = (await postSale(base, 'x', webhookSecret, saleBody({ occurredAt: new Date(now - 60_000).toISOString() }), now)).body;
    const shop = (await store.shops.bySlug('x'))!;
    const r = await store.replies.record({ shopId: shop.id, customerId: sale.customerId, messageId: null, saleId: sale.saleId, channel: 'sms', providerId: null, answer: null, body: 'Hij is kapot', at: now });
    await store.close();
    const open = JSON.parse((await exec('replies list --shop x')).out);
    expect(open).toEqual([expect.objectContaining({ class: 'problem', body: 'Hij is kapot', customerName: 'Sanne de Vries', phone: '+31613572468', receivedAt: new Date(now).toISOString() })]);
    expect((await exec(`replies handle --shop x --id ${r.duplicate ? 0 : r.id}`)).out).toContain('handled');
    expect(JSON.parse((await exec('replies list --shop x')).out)).toEqual([]);
    expect((await exec('replies handle --shop x --id 999')).code).toBe(1);
  });
});

describe('nextdeal replies classify', () => {
  it('prints one JSON object per line read, in order, as nextdeal reads each reply', async () => {
    const { exec } = await cli();
    const res = await exec('replies classify', 'De lamp doet het al niet meer\nKunt u mij terugbellen?\nGeen klachten, top!\nMoet nog even wennen\nSTOP\n');
    expect(res).toMatchObject({ code: 0, err: '' });
    expect(lines(res.out)).toEqual([
      { text: 'De lamp doet het al niet meer', class: 'problem' },
      { text: 'Kunt u mij terugbellen?', class: 'question' },
      { text: 'Geen klachten, top!', class: 'positive' },
      { text: 'Moet nog even wennen', class: 'other' },
      { text: 'STOP', class: 'opt_out' },
    ]);
  });

  it('--explain adds the words that decided each reading', async () => {
    const { exec } = await cli();
    const [problem, praise] = lines((await exec('replies classify --explain', 'It stopped charging after one day\nNiet slecht\n')).out);
    expect(problem).toEqual({ text: 'It stopped charging after one day', class: 'problem', because: ['stopped (domain: stopped working)'] });
    expect(praise).toMatchObject({ text: 'Niet slecht', class: 'positive', because: expect.arrayContaining(['sentiment +0.7 (not slecht +0.7)']) });
  });

  it('--answering comeback reads a bare "Nee" as declining the invitation, where to the check-in it is a problem', async () => {
    const { exec } = await cli();
    expect(lines((await exec('replies classify --answering comeback', 'Nee\nNee, de fiets is kapot\n')).out)).toEqual([
      { text: 'Nee', class: 'other' },
      { text: 'Nee, de fiets is kapot', class: 'problem' },
    ]);
    expect(lines((await exec('replies classify', 'Nee\n')).out)).toEqual([{ text: 'Nee', class: 'problem' }]);
    const wrong = await exec('replies classify --answering invitation', 'Nee\n');
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain('--answering: expected checkin or comeback');
  });

  it('skips blank lines and reads Windows line endings', async () => {
    const { exec } = await cli();
    expect(lines((await exec('replies classify', '\r\n👍\r\n\r\n  \r\n😡\r\n')).out)).toEqual([
      { text: '👍', class: 'positive' },
      { text: '😡', class: 'problem' },
    ]);
  });

  it('needs no database and no configuration', async () => {
    const { exec, env } = await cli({ PORT: 'not a port', SMTP_URL: 'nope' });
    expect(await exec('replies classify', 'ok\n')).toEqual({ code: 0, out: '{"text":"ok","class":"other"}\n', err: '' });
    expect(existsSync(env.DATABASE_PATH)).toBe(false);
    if (env.DATABASE_URL) {
      // Its PostgreSQL database is as empty as it was made: nothing opened it, so nothing migrated it.
      const db = openPostgres(env.DATABASE_URL);
      try {
        expect(await value(db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")).toBe(0);
      } finally {
        await db.close();
      }
    }
    expect((await exec('replies list --shop x')).err).toContain('PORT');
  });
});
