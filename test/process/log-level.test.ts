// What the real server's log says with LOG_LEVEL turned down: the requests' lines go, while the few lines an operator
// needs at any level stay (that it started, where, where messages go, what an upgrade applied, that it stopped).
import { describe, expect, it } from 'vitest';
import { engine } from '../helpers.js';
import { environment, olderRelease, runCli, startServer } from './server.js';

/** The server's log, a parsed JSON line each. */
const lines = (logs: string[]) => logs.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
/** Where messages go with neither SMTP nor Twilio set up. */
const channels = (env: Record<string, string>) => `channels: sms → outbox (${env.OUTBOX_DIR}), email → outbox (${env.OUTBOX_DIR})`;

describe('a server with LOG_LEVEL turned down', () => {
  it('at warn still says that it listens, where messages go and that it stopped, at info, and no request', async () => {
    const { env } = await environment({ LOG_LEVEL: 'warn' });
    const server = await startServer(env);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const said = lines(server.logs);
    expect(said).toEqual(expect.arrayContaining([
      expect.objectContaining({ level: 30, port: Number(env.PORT), msg: `nextdeal listening on port ${env.PORT}` }),
      expect.objectContaining({ level: 30, msg: channels(env) }),
      expect.objectContaining({ level: 30, signal: 'SIGTERM', msg: 'shutting down' }),
      expect.objectContaining({ level: 30, msg: 'stopped' }),
    ]));
    expect(said.filter((l) => l.level === 30)).toHaveLength(4); // nothing else said at info: no request, no chore
  }, 60_000);

  it('at silent says nothing', async () => {
    const { env } = await environment({ LOG_LEVEL: 'silent' });
    const server = await startServer(env);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.logs.join('')).toBe('');
  }, 60_000);

  it.skipIf(engine === 'postgres')('at error still says the migrations an upgrade applied', async () => {
    const { release, lacks } = olderRelease();
    const { env } = await environment({ LOG_LEVEL: 'error' });
    expect((await runCli(['shop', 'create', '--slug', 'fietsenmaker', '--name', 'Fietsenmaker'], env, release).done).code).toBe(0);
    const server = await startServer(env);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(lines(server.logs).map((l) => l.msg)).toEqual([
      `database upgraded: applied migration ${lacks.slice(0, 3)}`, `nextdeal listening on port ${env.PORT}`,
      channels(env), 'shutting down', 'stopped',
    ]);
  }, 120_000);
});
