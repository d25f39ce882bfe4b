// Promise 2: no customer gets the same message twice, even when a dispatcher dies mid-send or two run at once.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { startSmtp } from '../fakes/smtp.js';
import { NO_QUIET_HOURS, all, createShop, one, onCleanup, ownerClient, postSale, run, saleBody, startApp } from '../helpers.js';
import { claimsAge, environment, openShared, runCli } from './server.js';

/** A shop with `count` sales from e-mailable customers on 14 March; their check-ins are due on the 15th at 10:00. */
async function sales(env: Record<string, string>, count: number) {
  const store = await openShared(env);
  const { webhookSecret, shop } = await createShop(store);
  await store.shops.update('fietsenmaker', NO_QUIET_HOURS); // a message retried goes by the real clock, evenings too
  const now = Date.parse('2026-03-14T15:31:00+01:00');
  const base = await startApp(store, () => now);
  for (let n = 0; n < count; n++) {
    const customer = { name: `Klant ${n}`, email: `klant${n}@example.com`, phone: `06${String(30_000_000 + n)}`, consent: { email: true, sms: true } };
    expect((await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: `s${n}`, customer }), now)).status).toBe(201);
  }
  return { store, shop };
}

/** An SMTP server that takes the connection and then says nothing: a send hangs there. `reached` settles when one arrives. */
async function silentSmtp() {
  let arrived = () => {};
  const reached = new Promise<void>((ok) => (arrived = ok));
  const server = createServer(() => arrived()).listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  onCleanup(() => new Promise<void>((done) => server.close(() => done())));
  return { url: `smtp://127.0.0.1:${(server.address() as { port: number }).port}`, reached };
}

describe('a dispatcher killed between claiming and recording', () => {
  it('leaves the message uncertain, shown to the owner and not resent by itself; messages retry resends it on purpose', async () => {
    const { env } = await environment();
    const { store, shop } = await sales(env, 1);
    // SMS consent off, so the check-in goes by e-mail, into an SMTP server that never answers.
    await run(store.db, 'UPDATE customers SET sms_consent = 0');
    await run(store.db, "UPDATE messages SET channel = 'email'");
    const silent = await silentSmtp();
    const hanging = runCli(['dispatch', '--at', '2026-03-15T10:00:00+01:00'], { ...env, SMTP_URL: silent.url, SMTP_TIMEOUT_SECONDS: '60' });
    const status = async () => (await one<{ id: number; status: string }>(store.db, "SELECT id, status FROM messages WHERE kind = 'checkin'"))!;
    await silent.reached; // the send is in the provider's hands: it may have it, or not
    expect((await status()).status).toBe('sending');
    hanging.child.kill('SIGKILL');
    await hanging.done;

    // Later ticks, against an SMTP server that works: once the claim's lease is over (11 minutes on), the message is
    // uncertain and is not sent again.
    await claimsAge(store.db, 11);
    const smtp = await startSmtp();
    const later = await runCli(['dispatch', '--at', '2026-03-15T10:11:00+01:00'], { ...env, SMTP_URL: smtp.url }).done;
    expect(JSON.parse(later.out)).toMatchObject({ uncertain: 1, sent: 0 });
    await runCli(['dispatch', '--at', '2026-03-15T11:00:00+01:00'], { ...env, SMTP_URL: smtp.url }).done;
    expect((await status()).status).toBe('uncertain');
    expect(smtp.mails).toEqual([]);

    // The owner sees it, with what to do.
    await store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(await startApp(store, () => Date.parse('2026-03-15T11:00:00+01:00')));
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const page = await (await owner.get('/shops/fietsenmaker')).text();
    expect(page).toContain('1 bericht is misschien aangekomen, misschien niet: het versturen is onderbroken');
    expect(page).toContain('href="/shops/fietsenmaker/messages?status=uncertain"');
    expect(await (await owner.get('/shops/fietsenmaker/messages')).text()).toContain('<li class="uncertain"');

    // The operator sees it too, with what to do.
    const listed = JSON.parse((await runCli(['messages', 'list', '--shop', 'fietsenmaker', '--status', 'uncertain'], env).done).out);
    const { id } = await status();
    expect(listed).toEqual([expect.objectContaining({ id, status: 'uncertain', error: 'interrupted', whatToDo: expect.stringContaining(`npx nextdeal messages retry --id ${id}`) })]);

    // Resending is a decision: messages retry --id, and then it goes out once.
    const retry = await runCli(['messages', 'retry', '--id', String(id)], env).done;
    expect(retry.code).toBe(0);
    const resent = await runCli(['dispatch'], { ...env, SMTP_URL: smtp.url }).done;
    expect(JSON.parse(resent.out)).toMatchObject({ sent: 1 });
    expect(smtp.mails).toHaveLength(1);
    expect((await status()).status).toBe('sent');
  }, 60_000);
});

describe('two dispatchers at once', () => {
  it('never send one message twice when two run at once, each in its own process (as the server tick and a manual dispatch do)', async () => {
    const { env } = await environment();
    const { store } = await sales(env, 150);
    await run(store.db, 'UPDATE customers SET sms_consent = 0');
    await run(store.db, "UPDATE messages SET channel = 'email'");
    // A mail server that takes 20 ms a message keeps both dispatchers busy at the same time.
    const smtp = await startSmtp({ delayMs: 20 });
    const at = ['--at', '2026-03-15T10:00:00+01:00'];
    const both = { ...env, SMTP_URL: smtp.url };
    const [a, b] = await Promise.all([runCli(['dispatch', ...at], both).done, runCli(['dispatch', ...at], both).done]);
    const sent = [JSON.parse(a.out).sent as number, JSON.parse(b.out).sent as number];
    expect(sent[0]! + sent[1]!).toBe(150);
    expect(Math.min(...sent)).toBeGreaterThan(0); // they really ran side by side
    expect(smtp.mails).toHaveLength(150);
    const recipients = smtp.mails.map((m) => (Array.isArray(m.to) ? '' : m.to?.value[0]?.address));
    expect(new Set(recipients).size).toBe(150);
    expect(await all(store.db, "SELECT status, count(*) AS n FROM messages WHERE kind = 'checkin' GROUP BY status")).toEqual([{ status: 'sent', n: 150 }]);
  }, 60_000);
});
