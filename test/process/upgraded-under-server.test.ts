// A server whose SQLite file a newer release upgraded under it (started on the file before this one was stopped): its
// sales then failed on the tables it does not know, while /healthz said ok, so monitoring saw nothing (the operator's
// review of 6 December). /healthz now answers 503 and says why.
import { describe, expect, it } from 'vitest';
import { engine, run } from '../helpers.js';
import { environment, openShared, startServer } from './server.js';

describe.skipIf(engine === 'postgres')('a server whose database a newer release upgraded under it', () => {
  it('answers /healthz 503, saying that the database was upgraded by a newer release while it ran', async () => {
    const { env } = await environment();
    const server = await startServer(env);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    // As a newer release's start leaves it: one migration more than this release knows.
    const store = await openShared(env);
    await run(store.db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '999_future.sql', 0)");
    const res = await fetch(`${server.base}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ok: boolean; message: string };
    expect(body.ok).toBe(false);
    expect(body.message).toMatch(/^the database was upgraded by a newer release of nextdeal \(migration 999\) while this server ran on it: it knows those up to \d+, and its sales fail; stop it, and start the newer release in its place$/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 60_000);
});
