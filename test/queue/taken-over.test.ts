// A dispatcher held up past its claim's lease while its request to Twilio is open (a frozen VM resumed: its request
// timers fire at once) finds the row taken over by another instance: settled from Twilio's list, or sent again. What
// its request then meets (no answer, an error, a refusal) says nothing about Twilio now and leaves nothing in doubt:
// no failure counted toward pausing SMS for every shop, no "in doubt" in the log, nothing counted in its report. An
// operator's review (5 December): three instances on PostgreSQL, one frozen with 32 requests open; resumed, its 31
// timeouts paused SMS for every shop and logged 31 sends "in doubt" the database had as sent.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { type Late, error21211, startTwilio, twilioAccount } from '../fakes/twilio.js';
import { PUBLIC_URL, all, createShop, one, onCleanup, postSale, saleBody, startApp, tempDir, testClock, testStore } from '../helpers.js';

const MORNING = '2026-03-15T10:00:00+01:00';
/** Eleven minutes on: past the lease (10) and the delay before Twilio's list is asked (10). */
const LATER = '2026-03-15T10:11:00+01:00';

/** Polls until it holds (or 25 s have passed: the assertion after it then says what did not). */
async function until(check: () => boolean) {
  for (let started = Date.now(); Date.now() - started < 25_000 && !check(); ) await new Promise((r) => setTimeout(r, 10));
}

/**
 * A check-in due, two instances sharing the database and Twilio; the first instance's request is met by `late` (its
 * answer held until the second instance has taken the claim over). One failure pauses SMS here, so that one counted
 * shows.
 */
async function frozenWhileSending(late: Omit<Late, 'after'>) {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: { name: 'Sanne', phone: '06 12345678', consent: { sms: true } } }), clock.now());
  const twilio = await startTwilio({ now: () => clock.now() });
  const config = loadConfig({ OUTBOX_DIR: tempDir(), PUBLIC_URL, ...twilioAccount(twilio.baseUrl), TWILIO_RECONCILE_MINUTES: '10', CHANNEL_PAUSE_AFTER: '1' });
  const instance = () => {
    const logs: string[] = [];
    const { dispatcher, close } = configuredDispatcher(config, store, createLogger('info', { write: (s) => void logs.push(s) }));
    onCleanup(close);
    return { dispatcher, logs };
  };
  const [frozen, other] = [instance(), instance()];
  let release = () => {};
  twilio.next({ ...late, after: new Promise<void>((r) => (release = r)) });
  clock.set(MORNING);
  const sending = frozen.dispatcher.tick(Date.parse(MORNING));
  await until(() => twilio.calls.some((c) => c.method === 'POST'));
  // The other instance, eleven minutes on, takes the claim over: in doubt, then settled from Twilio's list or sent again.
  clock.set(LATER);
  const took = await other.dispatcher.tick(Date.parse(LATER));
  release();
  const report = await sending;
  const checkin = await one<{ status: string; error: string | null; providerId: string | null }>(
    store.db, "SELECT status, error, provider_id AS providerId FROM messages WHERE kind = 'checkin'");
  const health = await all(store.db, 'SELECT channel, failures, paused_until AS pausedUntil FROM channel_health WHERE failures > 0 OR paused_until IS NOT NULL');
  return { twilio, took, report, checkin, health, logs: frozen.logs.join('') };
}

/** What the frozen instance must not do once resumed. */
function nothingCounted(s: Awaited<ReturnType<typeof frozenWhileSending>>) {
  expect(s.health).toEqual([]); // SMS not paused, no failure counted toward a pause
  expect(s.report).toMatchObject({ sent: 0, retrying: 0, failed: 0, uncertain: 0 });
  expect(s.logs).not.toContain('in doubt');
  expect(s.logs).not.toContain('paused');
  expect(s.logs).not.toContain('"not sent"');
  expect(s.logs).toContain('taken over by another instance');
}

describe("a dispatcher held up past its claim's lease while Twilio has its request", () => {
  it('Twilio took it, the other instance found it in its list: the connection then lost counts no failure, says nothing in doubt', async () => {
    const s = await frozenWhileSending({ created: true, answer: 'drop' });
    expect(s.took).toMatchObject({ reconciled: 1, sent: 0 });
    nothingCounted(s);
    expect(s.checkin).toMatchObject({ status: 'sent', error: null, providerId: s.twilio.created[0]!.sid });
    expect(s.twilio.created).toHaveLength(1);
  });

  it('a gateway answers 504 (in doubt) after the other instance sent it again: no failure, nothing in doubt', async () => {
    const s = await frozenWhileSending({ created: false, answer: { status: 504, body: 'Gateway Timeout' } });
    expect(s.took).toMatchObject({ reconciled: 0, sent: 1 });
    nothingCounted(s);
    expect(s.checkin).toMatchObject({ status: 'sent', error: null, providerId: s.twilio.created[0]!.sid });
  });

  it('an error answer (503) after the other instance sent it again: no failure counted, not put back', async () => {
    const s = await frozenWhileSending({ created: false, answer: { status: 503, body: '{"code": 20503, "message": "Service Unavailable", "status": 503}' } });
    expect(s.took).toMatchObject({ sent: 1 });
    nothingCounted(s);
    expect(s.checkin).toMatchObject({ status: 'sent', error: null });
    expect(s.twilio.created).toHaveLength(1);
  });

  it('a refusal (21211) after the other instance sent it again: not counted as failed', async () => {
    const s = await frozenWhileSending({ created: false, answer: { status: 400, body: error21211 } });
    expect(s.took).toMatchObject({ sent: 1 });
    nothingCounted(s);
    expect(s.checkin).toMatchObject({ status: 'sent', error: null });
  });
});
