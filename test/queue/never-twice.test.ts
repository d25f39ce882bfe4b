// Never twice, even when a provider goes silent. A send is either definitely not sent (refused, unreachable, silent
// before the message, an error answer): retried; or in doubt (the request or the message was written and no answer
// came): never sent again by itself. Twilio is then asked (its Messages list) whether it went out. Each test counts the
// copies the provider really took: exactly one, or none and uncertain.
import { describe, expect, it } from 'vitest';
import twilioClient from 'twilio';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { startSmtp } from '../fakes/smtp.js';
import { startTwilio, twilioAccount } from '../fakes/twilio.js';
import { PUBLIC_URL, TWILIO_AUTH_TOKEN, createShop, onCleanup, one, postSale, run, saleBody, startApp, tempDir, testClock, testStore } from '../helpers.js';
import { freePort } from '../process/server.js';

const MORNING = '2026-03-15T10:00:00+01:00';

/** A status callback, signed as Twilio signs it. */
const callback = (base: string, path: string, params: Record<string, string>) =>
  fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioClient.getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, PUBLIC_URL + path, params) },
    body: new URLSearchParams(params).toString(),
  });

async function setup(env: Record<string, string>, customer: Record<string, unknown>) {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer }), clock.now());
  const logs: string[] = [];
  const config = loadConfig({ OUTBOX_DIR: tempDir(), PUBLIC_URL, TWILIO_RECONCILE_MINUTES: '10', ...env });
  const { dispatcher, close } = configuredDispatcher(config, store, createLogger('info', { write: (s) => void logs.push(s) }));
  onCleanup(close);
  const checkin = async () =>
    (await one<{ id: number; status: string; attempts: number; error: string | null; providerId: string | null; content: string | null }>(
      store.db,
      "SELECT id, status, attempts, error, provider_id AS providerId, content FROM messages WHERE kind = 'checkin'",
    ))!;
  const tick = (iso: string) => {
    clock.set(iso);
    return dispatcher.tick(Date.parse(iso));
  };
  return { store, clock, base, logs, checkin, tick };
}

const smsCustomer = { name: 'Sanne', phone: '06 13572468', consent: { sms: true } };
const emailCustomer = { name: 'Sanne', email: 'sanne@example.com', consent: { email: true } };

/** `twilioBehindMs`: how far Twilio's clock is behind this host's (a host whose clock runs fast). */
async function viaTwilio(twilioBehindMs = 0) {
  const clock = { now: () => Date.parse(MORNING) };
  const twilio = await startTwilio({ now: () => clock.now() - twilioBehindMs });
  const s = await setup(
    { ...twilioAccount(twilio.baseUrl), TWILIO_TIMEOUT_SECONDS: '1' },
    smsCustomer,
  );
  clock.now = s.clock.now;
  const creates = () => twilio.calls.filter((c) => c.method === 'POST').length;
  const lists = () => twilio.calls.filter((c) => c.method === 'GET');
  return { ...s, twilio, creates, lists };
}

/** A check-in Twilio took and never answered about: in doubt. With Twilio's SID for it and the status callback URL given. */
async function inDoubt() {
  const s = await viaTwilio();
  s.twilio.next('acceptSilently');
  await s.tick(MORNING);
  const { id } = await s.checkin();
  const given = new URL(s.twilio.calls.find((c) => c.method === 'POST')!.form.StatusCallback!);
  return { s, id, sid: String(s.twilio.created[0]!.sid), given };
}

describe('Twilio silent after taking the message', () => {
  it('takes it and never answers: one copy; the send is in doubt, then found in Twilio\'s list with its SID', async () => {
    const s = await viaTwilio();
    s.twilio.next('acceptSilently');
    expect(await s.tick(MORNING)).toMatchObject({ sent: 0, uncertain: 1, retrying: 0 });
    expect(await s.checkin()).toMatchObject({ status: 'uncertain', error: 'in_doubt', content: expect.stringContaining('gisteren kocht je Regenjas') });
    for (const minute of ['01', '05', '09']) await s.tick(`2026-03-15T10:${minute}:00+01:00`);
    expect(s.creates()).toBe(1); // nothing resent while in doubt
    expect(s.lists()).toEqual([]); // and Twilio is not asked before the safe delay

    expect(await s.tick('2026-03-15T10:10:30+01:00')).toMatchObject({ reconciled: 1, sent: 0 });
    // Asked by number and sender, not by the date sent: the message, still queued at Twilio, has none yet.
    expect(s.lists()[0]!.form).toEqual({ To: '+31613572468', From: '+15005550006', PageSize: '100' });
    expect(await s.checkin()).toMatchObject({ status: 'sent', providerId: s.twilio.created[0]!.sid, error: null });
    await s.tick('2026-03-15T11:00:00+01:00');
    expect([s.creates(), s.twilio.created.length]).toEqual([1, 1]);
  });

  // Found while fixing replies to a shop's old number: Twilio was asked under the shop's number now, which it moved to
  // while the send was in doubt; "not found", and the customer got the check-in twice, from each number.
  it('is looked for under the number it went from, also after the shop moved to its own: one copy', async () => {
    const s = await viaTwilio();
    s.twilio.next('acceptSilently');
    expect((await s.tick(MORNING)).uncertain).toBe(1);
    await s.store.shops.update('fietsenmaker', { smsFrom: '+3197014204768' });
    expect(await s.tick('2026-03-15T10:10:30+01:00')).toMatchObject({ reconciled: 1, sent: 0 });
    expect(s.lists()[0]!.form).toEqual({ To: '+31613572468', From: '+15005550006', PageSize: '100' });
    await s.tick('2026-03-15T11:00:00+01:00');
    expect([s.creates(), s.twilio.created.map((m) => m.from)]).toEqual([1, ['+15005550006']]);
    expect(await s.checkin()).toMatchObject({ status: 'sent', providerId: s.twilio.created[0]!.sid });
  });

  it("is found in its list also when this host's clock runs half an hour fast: one copy", async () => {
    const s = await viaTwilio(30 * 60_000);
    s.twilio.next('acceptThenDrop');
    expect((await s.tick(MORNING)).uncertain).toBe(1);
    await s.tick('2026-03-15T10:11:00+01:00');
    expect(await s.checkin()).toMatchObject({ status: 'sent', providerId: s.twilio.created[0]!.sid });
    expect(s.twilio.created).toHaveLength(1);
  });

  it('takes it and the connection resets before the answer: one copy, found and recorded', async () => {
    const s = await viaTwilio();
    s.twilio.next('acceptThenDrop');
    expect((await s.tick(MORNING)).uncertain).toBe(1);
    await s.tick('2026-03-15T10:11:00+01:00');
    expect(await s.checkin()).toMatchObject({ status: 'sent', providerId: s.twilio.created[0]!.sid });
    expect(s.twilio.created).toHaveLength(1);
  });

  it('reads the request and never answers, having created nothing: not in its list after the delay, so sent once more', async () => {
    const s = await viaTwilio();
    s.twilio.next('silent');
    expect((await s.tick(MORNING)).uncertain).toBe(1);
    expect(s.twilio.created).toHaveLength(0);
    expect(await s.tick('2026-03-15T10:10:30+01:00')).toMatchObject({ reconciled: 0, sent: 1 });
    expect(s.twilio.created).toHaveLength(1);
    expect(await s.checkin()).toMatchObject({ status: 'sent', attempts: 2, providerId: s.twilio.created[0]!.sid });
  });

  it('resets the connection after the request, having created nothing: in doubt, then sent once more', async () => {
    const s = await viaTwilio();
    s.twilio.dropNext();
    expect((await s.tick(MORNING)).uncertain).toBe(1);
    await s.tick('2026-03-15T10:10:30+01:00');
    expect(s.twilio.created).toHaveLength(1);
    expect((await s.checkin()).status).toBe('sent');
  });

  it('a late status callback naming the message settles it before anyone asks Twilio', async () => {
    const { s, id, sid, given } = await inDoubt();
    expect(given.searchParams.get('message')).toBe(String(id));
    expect((await callback(s.base, given.pathname + given.search, { MessageSid: sid, MessageStatus: 'delivered' })).status).toBe(204);
    expect(await s.checkin()).toMatchObject({ status: 'sent', providerId: sid });
    await s.tick('2026-03-15T10:11:00+01:00');
    expect([s.creates(), s.lists().length]).toEqual([1, 0]);
  });

  // A deleted shop's last message id is given again (SQLite), a restore puts PostgreSQL's back: a late callback for the
  // message that had the id before named this one, and settled it as sent (with the other's SID) though it may never
  // have gone, and a "failed 21610" then stopped this customer.
  it("a late callback for another message that had the same id settles nothing: it stays in doubt, Twilio's records are asked", async () => {
    const { s, id, given } = await inDoubt();
    const made = Number(given.searchParams.get('created'));
    const other = 'SM' + 'f'.repeat(32);
    for (const path of [`/v1/twilio/status?message=${id}&created=${made - 86_400_000}`, `/v1/twilio/status?message=${id}`]) {
      for (const MessageStatus of ['delivered', 'failed']) expect((await callback(s.base, path, { MessageSid: other, MessageStatus, ErrorCode: '21610' })).status).toBe(204);
    }
    expect(await s.checkin()).toMatchObject({ status: 'uncertain', providerId: null });
    expect(await one(s.store.db, 'SELECT sms_opted_out_at FROM customers')).toEqual({ sms_opted_out_at: null });
    // Twilio's own records still settle it, with its own SID.
    await s.tick('2026-03-15T10:11:00+01:00');
    expect(await s.checkin()).toMatchObject({ status: 'sent', providerId: String(s.twilio.created[0]!.sid) });
  });

  it('a callback naming the message with a SID other than the one recorded for it settles nothing', async () => {
    const { s, id, sid, given } = await inDoubt();
    await run(s.store.db, 'UPDATE messages SET provider_id = ? WHERE id = ?', sid, id);
    expect((await callback(s.base, given.pathname + given.search, { MessageSid: 'SM' + 'e'.repeat(32), MessageStatus: 'delivered' })).status).toBe(204);
    expect(await s.checkin()).toMatchObject({ status: 'uncertain', providerId: sid });
  });

  it('when Twilio refuses connections the message was definitely not sent: retried, never in doubt', async () => {
    const s = await setup(
      twilioAccount(`http://127.0.0.1:${await freePort()}`),
      smsCustomer,
    );
    expect(await s.tick(MORNING)).toMatchObject({ retrying: 1, uncertain: 0 });
    expect(await s.checkin()).toMatchObject({ status: 'scheduled', error: 'unreachable' });
  });

  it('an error answer (503) means Twilio did not take it: retried, never in doubt', async () => {
    const s = await viaTwilio();
    s.twilio.answerNext(503, '{"code": 20503, "message": "Service Unavailable", "status": 503}');
    expect(await s.tick(MORNING)).toMatchObject({ retrying: 1, uncertain: 0 });
    await s.tick('2026-03-15T10:01:00+01:00');
    expect([s.twilio.created.length, (await s.checkin()).status]).toEqual([1, 'sent']);
  });
});

describe('an SMTP server', () => {
  async function viaSmtp() {
    const smtp = await startSmtp();
    return { ...(await setup({ SMTP_URL: smtp.url, SMTP_TIMEOUT_SECONDS: '1' }, emailCustomer)), smtp };
  }

  it('silent after taking the whole message: one copy, uncertain, never sent again by itself', async () => {
    const s = await viaSmtp();
    s.smtp.next('silentAfterData');
    expect(await s.tick(MORNING)).toMatchObject({ sent: 0, retrying: 0, uncertain: 1 });
    expect(await s.checkin()).toMatchObject({ status: 'uncertain', error: 'in_doubt' });
    for (const at of ['2026-03-15T10:05:00+01:00', '2026-03-15T11:30:00+01:00', '2026-03-16T10:00:00+01:00']) await s.tick(at);
    expect(s.smtp.mails).toHaveLength(1);
    expect((await s.checkin()).status).toBe('uncertain');
  });

  it('dropping the connection after the whole message: one copy, uncertain', async () => {
    const s = await viaSmtp();
    s.smtp.next('dropAfterData');
    expect((await s.tick(MORNING)).uncertain).toBe(1);
    await s.tick('2026-03-15T12:00:00+01:00');
    expect(s.smtp.mails).toHaveLength(1);
    expect((await s.checkin()).status).toBe('uncertain');
  });

  it('silent before the message (at RCPT): definitely not sent, so retried, and one copy in the end', async () => {
    const s = await viaSmtp();
    s.smtp.next('hangAtRcpt');
    expect(await s.tick(MORNING)).toMatchObject({ retrying: 1, uncertain: 0 });
    expect(s.smtp.mails).toHaveLength(0);
    expect((await s.tick('2026-03-15T10:01:00+01:00')).sent).toBe(1);
    expect(s.smtp.mails).toHaveLength(1);
  });

  it('keeps the text it sent without the links\' token', async () => {
    const s = await viaSmtp();
    await s.tick(MORNING);
    const { content } = await s.checkin();
    expect(content).toContain(`${PUBLIC_URL}/r/…`);
    expect(content).toContain(`${PUBLIC_URL}/u/…`);
    const token = /\/r\/([\w-]+)/.exec(s.smtp.mails[0]!.text!)![1]!;
    expect(content).not.toContain(token);
  });
});
