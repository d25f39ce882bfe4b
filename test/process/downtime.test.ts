// The real server after a downtime: it says how long nothing ran, and the check-ins and invitations due meanwhile wait
// as long again (up to three hours) for the tills to re-send what they could not deliver (test/queue/after-downtime).
import { describe, expect, it } from 'vitest';
import { NO_QUIET_HOURS, createShop, one, postSale, run, saleBody, startApp } from '../helpers.js';
import { environment, openShared, runCli, startServer } from './server.js';

const HOUR = 3_600_000;

/** A shop with one sale whose check-in was due an hour ago, and the server's last heartbeat `downFor` ago. */
async function setup(downFor: number) {
  const { env } = await environment();
  const store = await openShared(env);
  const { webhookSecret } = await createShop(store);
  await store.shops.update('fietsenmaker', NO_QUIET_HOURS);
  const base = await startApp(store, Date.now);
  expect((await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ occurredAt: new Date(Date.now() - 60_000).toISOString() }))).status).toBe(201);
  await run(store.db, "UPDATE messages SET due_at = ?, next_attempt_at = ? WHERE kind = 'checkin'", Date.now() - HOUR, Date.now() - HOUR);
  await store.chores.alive(Date.now() - downFor);
  const checkin = async () => (await one<{ status: string }>(store.db, "SELECT status FROM messages WHERE kind = 'checkin'"))!.status;
  return { env, store, checkin };
}

describe('a server starting after a downtime', () => {
  it('logs it, and the check-in due meanwhile waits as long as the downtime lasted', async () => {
    const { env, checkin } = await setup(2 * HOUR);
    const server = await startServer(env);
    const started = Date.now();
    const line = JSON.parse(server.logs.join('').split('\n').find((l) => l.includes('nextdeal was not running'))!);
    expect(line).toMatchObject({ level: 40, downMinutes: 120 });
    expect(Math.abs(Date.parse(line.until) - (started + 2 * HOUR))).toBeLessThan(60_000);
    const now = JSON.parse((await runCli(['dispatch'], env).done).out);
    expect(now).toMatchObject({ sent: 0, waitingUntil: new Date(Date.parse(line.until)).toISOString() });
    expect(await checkin()).toBe('scheduled');
    server.child.kill('SIGTERM');
    await server.exited;
    const later = JSON.parse((await runCli(['dispatch', '--at', new Date(Date.parse(line.until)).toISOString()], env).done).out);
    expect(later).toMatchObject({ sent: 0, outbox: 1 }); // written to the outbox: no SMTP or Twilio here
    expect(await checkin()).toBe('sent');
  }, 60_000);

  it('sends at once after a restart; and a tick that finds nothing ran for a while (its database was down) waits too', async () => {
    const { env, store, checkin } = await setup(60_000);
    const server = await startServer(env);
    expect(server.logs.join('')).not.toContain('nextdeal was not running');
    // Its first tick, at start: what fell due while it restarted goes now.
    const until = async (done: () => Promise<boolean>) => {
      for (let i = 0; i < 200 && !(await done()); i++) await new Promise((r) => setTimeout(r, 50));
    };
    await until(async () => (await checkin()) === 'sent');
    expect(await checkin()).toBe('sent');
    // The heartbeat as an hour of failed ticks leaves it (a database down: no sale, no refund got in either). The next
    // tick, woken here by a join request, finds the gap: messages wait from then on.
    await run(store.db, "UPDATE chores SET done_at = ? WHERE name = 'alive'", Date.now() - HOUR);
    const form = new URLSearchParams({ email: 'klant@example.com', email_ok: 'yes' }).toString();
    const res = await fetch(`${server.base}/shops/fietsenmaker/join`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(res.status).toBe(200);
    await until(async () => server.logs.join('').includes('nextdeal was not running'));
    const line = JSON.parse(server.logs.join('').split('\n').find((l) => l.includes('nextdeal was not running'))!);
    expect(line).toMatchObject({ level: 40, downMinutes: 60 });
    expect(JSON.parse((await runCli(['dispatch'], env).done).out)).toMatchObject({ waitingUntil: new Date(Date.parse(line.until)).toISOString() });
  }, 60_000);
});
