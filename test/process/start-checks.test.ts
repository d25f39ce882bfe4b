// What the real server checks in its database as it starts, and says in its log for the operator to put right.
import { describe, expect, it } from 'vitest';
import { createShop, run } from '../helpers.js';
import { environment, openShared, runCli, startServer } from './server.js';

const TWILIO_FROM = '+3197010000001';

describe('a server starting', () => {
  // Found by the review of many shops: `shop update` refuses TWILIO_FROM as a shop's own --sms-from since 7eaa5c8, but a
  // shop given it before went on taking the replies to the shared number, and nothing said so.
  it('warns when a shop names TWILIO_FROM as its own sender, naming the shop and the command that puts it right', async () => {
    const { env } = await environment({
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM, TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
    });
    const store = await openShared(env);
    await createShop(store, { slug: 'fietsenmaker' });
    await createShop(store, { slug: 'bakker' });
    await run(store.db, "UPDATE shops SET sms_from = ? WHERE slug = 'fietsenmaker'", TWILIO_FROM);
    const warning = (logs: string[]) => logs.join('').split('\n').find((l) => l.includes('TWILIO_FROM is also'));

    const server = await startServer(env);
    expect(JSON.parse(warning(server.logs)!)).toMatchObject({
      level: 40,
      shops: ['fietsenmaker'],
      msg: expect.stringMatching(/^TWILIO_FROM is also the own --sms-from of fietsenmaker: .* Run: npx nextdeal shop update --slug <slug> --sms-from ""$/),
    });
    server.child.kill('SIGTERM');
    await server.exited;

    expect((await runCli(['shop', 'update', '--slug', 'fietsenmaker', '--sms-from', ''], env).done).code).toBe(0);
    const again = await startServer(env);
    expect(again.logs.join('')).toContain('listening on port');
    expect(warning(again.logs)).toBeUndefined();
  });
});
