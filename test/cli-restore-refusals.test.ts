// The review of the fix (a restore keeps the refusals the replaced database held): the order of holding what may have
// gone out since and keeping the refusals.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunner } from './cli-run.js';
import { openDatabase } from '../src/db/open.js';
import { createStore } from '../src/db/store.js';
import { engine, postSale, saleBody, startApp, tempDir } from './helpers.js';

const HOUR = 3_600_000;
function cli() {
  const dir = tempDir();
  const env = { DATABASE_PATH: join(dir, 'data', 'nextdeal.db'), OUTBOX_DIR: join(dir, 'outbox') };
  return { dir, env, exec: cliRunner(env) };
}
const sentTo = (env: { OUTBOX_DIR: string }) =>
  existsSync(env.OUTBOX_DIR) ? readdirSync(env.OUTBOX_DIR).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(env.OUTBOX_DIR, f), 'utf8')).to) : [];

describe.skipIf(engine === 'postgres')('a restore keeping refusals', () => {
  it('a check-in that went since the copy, then a no: it waits in doubt (may have gone), not cancelled as never sent, and the no is kept', async () => {
    const { dir, env, exec } = cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const soldAt = Date.now() - 40 * HOUR;
    const server = createStore(await openDatabase({ path: env.DATABASE_PATH }));
    const base = await startApp(server, () => soldAt);
    const sale = await postSale(base, 'x', webhookSecret, saleBody({ customer: { name: 'Sanne', phone: '06 13572468', consent: { sms: true } }, occurredAt: new Date(soldAt).toISOString() }), soldAt);
    await server.close();
    const due = sale.body.scheduled.find((m: { kind: string }) => m.kind === 'checkin').dueAt as string;
    const copy = join(dir, 'backup.db');
    expect((await exec(`backup ${copy}`)).code).toBe(0);
    expect((await exec(`dispatch --at ${due}`)).code).toBe(0);
    expect(sentTo(env)).toEqual(['+31613572468']);
    expect((await exec('customer consent --shop x --phone 0613572468 --sms no')).code).toBe(0);
    const done = await exec(`restore ${copy} --yes`);
    expect(done.out).toContain('may have gone out already');
    expect(done.out).toContain('kept 1 refusal(s)');
    const list = JSON.parse((await exec('messages list --shop x')).out).map((m: any) => [m.kind, m.status, m.error]);
    expect(list).toContainEqual(['checkin', 'uncertain', 'restored']);
    // Retried once the owner knows it did not go: it goes to nobody who refused.
    expect((await exec('messages retry --shop x --restored')).code).toBe(0);
    expect((await exec(`dispatch --at ${due}`)).code).toBe(0);
    expect(sentTo(env)).toEqual(['+31613572468']);
  });
});
