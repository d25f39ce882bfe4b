// A customer asks for a code on the shop's join page, and the server is killed (kill -9) while it texts it. Before,
// the code's send stayed in doubt for good: the sweep took it for one that may have gone, nothing sent it again, and
// asking again on the page sent nothing either (one message per number a day), so a customer whose code never reached
// Twilio could not join for 24 hours. Now it goes again once the claim's lease is over, by the restarted server (or
// another instance), with the same code: a customer gets the code once, or at worst the same code twice, never none.
import { describe, expect, it } from 'vitest';
import { startTwilio, twilioAccount } from '../fakes/twilio.js';
import { createShop, one, run } from '../helpers.js';
import { environment, openShared, runCli, startServer } from './server.js';

const NUMBER = '+31687654321';

/** Polls `check` every 20 ms until it holds (or 25 s have passed: the assertion after it then says what did not). */
async function until(check: () => Promise<boolean> | boolean) {
  for (let started = Date.now(); Date.now() - started < 25_000 && !(await check()); ) await new Promise((r) => setTimeout(r, 20));
}

/**
 * A shop, a Twilio stand-in meeting the first code's send with `first`, and the server, started. The customer asks for
 * a code on the join page, the server's dispatcher sends it at once, Twilio has the request, and the server is killed.
 */
async function killedWhileTexting(first: 'silent' | 'acceptSilently') {
  const twilio = await startTwilio();
  twilio.next(first);
  const { env } = await environment({ ...twilioAccount(twilio.baseUrl), TWILIO_TIMEOUT_SECONDS: '60' });
  const store = await openShared(env);
  await createShop(store);
  const server = await startServer(env);
  const asked = await fetch(`${server.base}/shops/fietsenmaker/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ phone: '06 87654321', sms: 'yes' }).toString(),
  });
  expect(asked.status).toBe(200);
  const page = /action="\/j\/([\w-]+)"/.exec(await asked.text())![1]!;
  const row = () => one<{ status: string; attempts: number; error: string | null }>(store.db, 'SELECT status, attempts, error FROM join_confirmations');
  await until(() => twilio.calls.some((c) => c.method === 'POST'));
  expect((await row())!.status).toBe('sending'); // in Twilio's hands: it may have it, or not
  server.child.kill('SIGKILL');
  await server.exited;
  // Eleven minutes pass for the claim: its lease is over (a test moves its stamp back rather than wait).
  await run(store.db, "UPDATE join_confirmations SET claimed_at = claimed_at - ? WHERE status = 'sending'", 11 * 60_000);
  const texts = () => twilio.created.filter((m) => m.to === NUMBER).map((m) => String(m.body));
  /** The code a text carries, typed on the page the customer was shown. */
  const typed = async (base: string, text: string) => {
    const code = /\b(\d{6})\b/.exec(text)![1]!;
    return fetch(`${base}/j/${page}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${code}` });
  };
  return { env, store, twilio, row, texts, typed };
}

describe('a join code whose server was killed (kill -9) while it texted it', () => {
  it('that never reached Twilio: the restarted server texts it after the lease, once, and the customer joins with it', async () => {
    const s = await killedWhileTexting('silent');
    expect(s.texts()).toEqual([]); // the customer has no code
    const restarted = await startServer(s.env); // its first tick sweeps what the killed one left, and sends
    await until(async () => !['sending', 'scheduled'].includes((await s.row())!.status));
    expect(await s.row()).toEqual({ status: 'sent', attempts: 2, error: null });
    expect(s.texts()).toEqual([expect.stringMatching(/^Fietsenmaker Test: je code is \d{6}, om je aan te melden voor berichten\./)]);
    expect((await s.typed(restarted.base, s.texts()[0]!)).status).toBe(200);
    expect(await one(s.store.db, 'SELECT phone, sms_consent FROM customers')).toEqual({ phone: NUMBER, sms_consent: 1 });
    // Later dispatchers send it no more.
    expect((await runCli(['dispatch'], s.env).done).code).toBe(0);
    expect(s.texts()).toHaveLength(1);
  }, 60_000);

  it('that Twilio took and never answered: it goes again once, the same code, and either text lets the customer join', async () => {
    const s = await killedWhileTexting('acceptSilently');
    expect(s.texts()).toHaveLength(1);
    const restarted = await startServer(s.env);
    await until(async () => !['sending', 'scheduled'].includes((await s.row())!.status));
    expect(await s.row()).toEqual({ status: 'sent', attempts: 2, error: null });
    const [first, second] = s.texts();
    expect(s.texts()).toHaveLength(2);
    expect(second).toBe(first);
    expect((await s.typed(restarted.base, first!)).status).toBe(200);
    expect((await runCli(['dispatch'], s.env).done).code).toBe(0);
    expect(s.texts()).toHaveLength(2);
  }, 60_000);
});
