// Our own errors around a send are not the provider's answer. A template that cannot be rendered fails the message for
// good (render_failed), and it is rendered before anything else. The database failing while keeping what goes (before
// the provider is called) hands nothing over: the message is put back and tried again, its attempt given back. After
// the provider took it, a database error must not make it look unsent; an adapter's own fault is in doubt.
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/queue/dispatcher.js';
import { loadTemplates } from '../../src/templates.js';
import { all, createShop, one, postSale, recordingChannel, saleBody, silent, startApp, testClock, testDispatcher, testStore } from '../helpers.js';
import type { EmailOut, SmsOut } from '../../src/channels/types.js';

const dbError = () => Object.assign(new Error('connection terminated unexpectedly'), { code: '57P01' });

async function setup(customer?: Record<string, unknown>) {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  await postSale(base, 'fietsenmaker', webhookSecret, saleBody(customer && { customer }), clock.now());
  const checkin = () => one(store.db, "SELECT status, attempts, error, error_detail, recipient FROM messages WHERE kind = 'checkin'");
  return { store, checkin };
}

describe('a database error before the send', () => {
  it('keeping what goes fails once: nothing was handed over; the check-in is tried again a minute later and goes once', async () => {
    const { store, checkin } = await setup();
    const sending = store.messages.sending;
    let blips = 1;
    store.messages.sending = async (rows, now) => {
      if (blips-- > 0) throw dbError();
      return sending(rows, now);
    };
    const { dispatcher, sms } = testDispatcher(store);
    expect(await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'))).toMatchObject({ sent: 0, retrying: 1, failed: 0, uncertain: 0 });
    expect(sms.sent).toEqual([]);
    expect(await checkin()).toMatchObject({ status: 'scheduled', attempts: 0, error: null });
    expect((await dispatcher.tick(Date.parse('2026-03-15T10:01:00+01:00'))).sent).toBe(1);
    expect(await checkin()).toMatchObject({ status: 'sent', attempts: 1, recipient: '+31613572468' });
    expect(sms.sent).toHaveLength(1);
  });

  it("storing an e-mail's link token fails: the same", async () => {
    const { store, checkin } = await setup({ name: 'Sanne', email: 'sanne@example.com', consent: { email: true } });
    const setToken = store.messages.setToken;
    let blips = 1;
    store.messages.setToken = async (id, token) => {
      if (blips-- > 0) throw dbError();
      return setToken(id, token);
    };
    const { dispatcher, email } = testDispatcher(store);
    await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'));
    expect(await checkin()).toMatchObject({ status: 'scheduled', attempts: 0, error: null, recipient: null });
    await dispatcher.tick(Date.parse('2026-03-15T10:30:00+01:00'));
    expect(await checkin()).toMatchObject({ status: 'sent', attempts: 1 });
    expect(email.sent).toHaveLength(1);
  });

  it("making an e-mail's link token fails (the installation's secret cannot be read): the same", async () => {
    const { store, checkin } = await setup({ name: 'Sanne', email: 'sanne@example.com', consent: { email: true } });
    const linkToken = store.messages.linkToken;
    let blips = 1;
    store.messages.linkToken = async (m) => {
      if (blips-- > 0) throw dbError();
      return linkToken(m);
    };
    const { dispatcher, email } = testDispatcher(store);
    await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'));
    expect(email.sent).toEqual([]);
    expect(await checkin()).toMatchObject({ status: 'scheduled', attempts: 0, error: null, recipient: null });
    await dispatcher.tick(Date.parse('2026-03-15T10:01:00+01:00'));
    expect(await checkin()).toMatchObject({ status: 'sent', attempts: 1 });
    expect(email.sent).toHaveLength(1);
  });

  it('a template that cannot be rendered still fails for good, before anything is kept or sent', async () => {
    const { store, checkin } = await setup();
    const templates = loadTemplates();
    const sms = recordingChannel<SmsOut>();
    const dispatcher = createDispatcher({
      store,
      channels: { sms, email: recordingChannel<EmailOut>() },
      templates: { ...templates, sms: () => { throw new Error('Missing helper: "shout"'); } },
      emailFrom: 'nextdeal@example.test',
      publicUrl: 'https://deals.example.test',
      retryBaseSeconds: 60,
      pauseAfter: 5,
      pauseMinutes: 10,
      reconcileAfterMs: 10 * 60_000,
      log: silent,
    });
    expect(await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'))).toMatchObject({ sent: 0, failed: 1 });
    expect(await checkin()).toMatchObject({ status: 'failed', attempts: 1, error: 'render_failed', error_detail: 'Missing helper: "shout"', recipient: null });
    expect(sms.sent).toEqual([]);
  });
});

describe('around the provider', () => {
  it('a database error noting the channel healthy after the send does not make the check-in look unsent', async () => {
    const { store, checkin } = await setup();
    store.health.succeeded = async () => {
      throw dbError();
    };
    const { dispatcher, sms } = testDispatcher(store);
    expect((await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'))).sent).toBe(1);
    expect(await checkin()).toMatchObject({ status: 'sent', error: null });
    expect(sms.sent).toHaveLength(1);
  });

  it("an adapter's own fault (not a provider's answer) is in doubt: never sent again by itself", async () => {
    const { store, checkin } = await setup({ name: 'Sanne', email: 'sanne@example.com', consent: { email: true } });
    let calls = 0;
    const { dispatcher } = testDispatcher(store, {
      email: {
        transport: 'smtp',
        async send() {
          calls++;
          throw new TypeError("Cannot read properties of undefined (reading 'messageId')");
        },
      },
    });
    expect((await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'))).uncertain).toBe(1);
    for (const at of ['2026-03-15T10:01:00+01:00', '2026-03-15T10:30:00+01:00', '2026-03-15T12:00:00+01:00']) await dispatcher.tick(Date.parse(at));
    expect(calls).toBe(1);
    expect(await checkin()).toMatchObject({ status: 'uncertain', error: 'in_doubt' });
    expect(await all(store.db, "SELECT status FROM messages WHERE kind = 'checkin'")).toEqual([{ status: 'uncertain' }]);
  });
});
