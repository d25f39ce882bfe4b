// What a server starting on SQLite says of its file (the operator's review of 6 December): a second server started by
// mistake on the same file started without a word.
import { describe, expect, it, vi } from 'vitest';
import { engine } from '../helpers.js';
import { type Running, environment, startServer } from './server.js';

/** The warnings the server logged that match `about`. */
const warned = (server: Running, about: string) =>
  server.logs.join('').split('\n').filter((l) => l.includes(about)).map((l) => JSON.parse(l) as { level: number; msg: string });

describe.skipIf(engine === 'postgres')('a server starting on a SQLite file', () => {
  it('warns that another server runs on the file, naming it, and starts all the same', async () => {
    const { env } = await environment();
    const first = await startServer(env);
    const other = await environment();
    const second = await startServer({ ...env, PORT: other.env.PORT!, PUBLIC_URL: other.env.PUBLIC_URL! });
    await vi.waitFor(() => expect(warned(second, 'was in use as this server started')).toHaveLength(1), { timeout: 10_000 });
    const [warning] = warned(second, 'was in use as this server started');
    expect(warning!.level).toBe(40);
    expect(warning!.msg).toContain(`${env.DATABASE_PATH} (DATABASE_PATH) was in use as this server started: a nextdeal server runs on it (`);
    expect(warning!.msg).toContain(`, process ${first.child.pid}, `);
    expect(warning!.msg).toContain('stop the one started by mistake');
    expect(warned(first, 'was in use')).toEqual([]);
    for (const s of [second, first]) {
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    }
  }, 90_000);
});
