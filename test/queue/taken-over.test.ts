// A dispatcher held up past its claim's lease while its request to Twilio is open (a frozen VM resumed: its request
// timers fire at once) finds the row taken over by another instance: settled from Twilio's list, or sent again. What
// its request then meets (no answer, an error, a refusal) says nothing about Twilio now and leaves nothing in doubt:
// no failure counted toward pausing SMS for every shop, no "in doubt" in the log, nothing counted in its report. An
// operator's review (5 December): three instances on PostgreSQL, one frozen with 32 requests open; resumed, its 31
// timeouts paused SMS for every shop and logged 31 sends "in doubt" the database had as sent.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { type Metrics, createMetrics } from '../../src/metrics.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { type Late, error21211, startTwilio, twilioAccount } from '../fakes/twilio.js';
import { PUBLIC_URL, type TestStore, all, createShop, one, onCleanup, postSale, run, saleBody, startApp, tempDir, testClock, testStore } from '../helpers.js';

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
 * shows. `otherHeld`: the second instance's own send (Twilio takes it) is answered only after the first's answer.
 */
async function frozenWhileSending(late: Omit<Late, 'after'>, o: Options = {}) {
  const { otherHeld = false, morning = MORNING, later = LATER } = o;
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { shop, webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: { name: 'Sanne', phone: '06 13572468', consent: { sms: true } } }), clock.now());
  const twilio = await startTwilio({ now: () => clock.now() });
  const config = loadConfig({ OUTBOX_DIR: tempDir(), PUBLIC_URL, ...twilioAccount(twilio.baseUrl), TWILIO_RECONCILE_MINUTES: '10', CHANNEL_PAUSE_AFTER: '1' });
  const instance = () => {
    const logs: string[] = [];
    const metrics = createMetrics();
    const { dispatcher, close } = configuredDispatcher(config, store, createLogger('info', { write: (s) => void logs.push(s) }), metrics);
    onCleanup(close);
    return { dispatcher, logs, metrics };
  };
  const [frozen, other] = [instance(), instance()];
  let release = () => {};
  let releaseOther = () => {};
  twilio.next({ ...late, after: new Promise<void>((r) => (release = r)) });
  if (otherHeld) twilio.next({ created: true, answer: 'created', after: new Promise<void>((r) => (releaseOther = r)) });
  const posts = () => twilio.calls.filter((c) => c.method === 'POST').length;
  clock.set(morning);
  const sending = frozen.dispatcher.tick(Date.parse(morning));
  await until(() => posts() === 1);
  // The other instance, eleven minutes on, takes the claim over: in doubt, then settled from Twilio's list or sent again.
  clock.set(later);
  await o.beforeOther?.(store);
  const taking = other.dispatcher.tick(Date.parse(later));
  if (otherHeld) await until(() => posts() === 2);
  else await taking;
  await o.beforeRelease?.(store);
  release();
  const report = await sending;
  releaseOther();
  const took = await taking;
  const checkin = await one<{ status: string; error: string | null; providerId: string | null; recipient: string | null; content: string | null; errorDetail: string | null }>(
    store.db, "SELECT status, error, provider_id AS providerId, recipient, content, error_detail AS errorDetail FROM messages WHERE kind = 'checkin'");
  const health = await all(store.db, 'SELECT channel, failures, paused_until AS pausedUntil FROM channel_health WHERE failures > 0 OR paused_until IS NOT NULL');
  // The operator's count of messages sent, over both instances (/metrics of each, added up as Prometheus does).
  const settled = async (m: Metrics) => (await m.messagesSettled.get()).values.filter((v) => v.labels.status === 'sent').reduce((n, v) => n + v.value, 0);
  const sentInMetrics = (await settled(frozen.metrics)) + (await settled(other.metrics));
  // The owner's figures: check-ins sent this month.
  const figures = await store.figures.checkins(shop.id, Date.parse('2026-03-01T00:00:00+01:00'), Date.parse('2026-04-01T00:00:00+02:00'));
  const ownerSent = figures.channels.reduce((n, c) => n + Number(c.sent), 0);
  // The other instance's next tick, a minute on (a pause set meanwhile lifted): what it sends then.
  const next = async () => {
    await run(store.db, 'UPDATE channel_health SET paused_until = NULL, failures = 0');
    return other.dispatcher.tick(Date.parse(later) + 60_000);
  };
  return { twilio, took, report, checkin, health, logs: frozen.logs.join(''), otherLogs: other.logs.join(''), sentInMetrics, ownerSent, next };
}

interface Options {
  /** The second instance's own send (Twilio takes it) is answered only after the first's answer. */
  otherHeld?: boolean;
  /** When the first instance claims and sends (MORNING), and when the second takes the claim over (LATER). */
  morning?: string;
  later?: string;
  /** Done to the database just before the second instance's tick, and before the first's answer comes. */
  beforeOther?: (store: TestStore) => Promise<unknown>;
  beforeRelease?: (store: TestStore) => Promise<unknown>;
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

// The same frozen instance, but Twilio's answer to it is a success, late. A review of the operator's figures: the other
// instance settled the message (found it in Twilio's list, or sent it again when the list did not have it yet), and the
// frozen one, resuming, counted it sent once more: nextdeal_messages_settled_total said two messages where one row went.
describe("a dispatcher held up past its claim's lease whose send succeeds late", () => {
  it("found in Twilio's list by the other instance meanwhile: counted once, and nothing said of twice (it is the same send)", async () => {
    const s = await frozenWhileSending({ created: true, answer: 'created' });
    expect(s.took).toMatchObject({ reconciled: 1, sent: 0 });
    expect(s.twilio.created).toHaveLength(1);
    expect(s.checkin).toMatchObject({ status: 'sent', error: null, providerId: s.twilio.created[0]!.sid });
    expect(s.sentInMetrics).toBe(1);
    expect(s.ownerSent).toBe(1);
    expect(s.logs).not.toContain('twice');
  });

  it('sent again by the other instance meanwhile: counted once, and a warning with the message id that it may have gone twice', async () => {
    const s = await frozenWhileSending({ created: false, answer: 'created' });
    expect(s.took).toMatchObject({ reconciled: 0, sent: 1 });
    // Twilio has two: the other instance's (kept as the message's) and the frozen one's, created as its answer came.
    expect(s.twilio.created).toHaveLength(2);
    expect(s.checkin).toMatchObject({ status: 'sent', error: null, providerId: s.twilio.created[0]!.sid });
    expect(s.sentInMetrics).toBe(1);
    expect(s.ownerSent).toBe(1);
    expect(s.report).toMatchObject({ sent: 0 });
    const id = Number(s.logs.match(/"message":(\d+)/)?.[1]);
    const warned = s.logs.split('\n').filter((l) => l.includes('twice')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warned).toEqual([expect.objectContaining({ level: 40, message: id, kind: 'checkin', channel: 'sms' })]);
    expect(warned[0]!.msg).toMatch(/may have (gone out|got it) twice/);
    expect(s.logs).not.toContain('06 13572468');
    expect(s.logs).not.toContain('+31613572468');
    expect(s.logs).not.toContain('Sanne');
  });

  it("answered while the other instance's own send is under way: counted once, and both instances warn that it may have gone twice", async () => {
    const s = await frozenWhileSending({ created: false, answer: 'created' }, { otherHeld: true });
    expect(s.twilio.created).toHaveLength(2);
    // Recorded with the frozen instance's send, whose answer came first (the other's was created first).
    expect(s.checkin).toMatchObject({ status: 'sent', error: null, providerId: s.twilio.created[1]!.sid });
    expect(s.sentInMetrics).toBe(1);
    expect(s.ownerSent).toBe(1);
    expect(s.report).toMatchObject({ sent: 1 });
    expect(s.took).toMatchObject({ sent: 0 });
    for (const logs of [s.logs, s.otherLogs]) {
      const warned = logs.split('\n').filter((l) => l.includes('twice')).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(warned).toEqual([expect.objectContaining({ level: 40, kind: 'checkin', channel: 'sms', message: expect.any(Number) })]);
    }
  });
});

// The operator's review of 54e070a: Twilio's list lags, so the other instance did not find the frozen one's SMS there
// and put the message back to 'scheduled'; the frozen instance's late 201 was then not recorded ("the message is
// scheduled there"), and the message went a second time at the next claim: twice, for certain. Now a late success on
// this very message, found scheduled (nobody is sending it), is recorded as sent with that send; one cancelled since
// stays cancelled.
describe("a dispatcher held up past its claim's lease whose send succeeds late, after the message was scheduled again", () => {
  type Row = { status: string; claimedAt: number; attempts: number; recipient: string | null };
  const row = (store: TestStore) =>
    one<Row>(store.db, "SELECT status, claimed_at AS claimedAt, attempts, recipient FROM messages WHERE kind = 'checkin'");
  /** Sanne's row. */
  const customer = async (store: TestStore) => (await one<{ id: number }>(store.db, 'SELECT id FROM customers'))!.id;
  /** SMS paused (another failure, say): the other instance puts the message back after the look-up, and claims nothing. */
  const pauseSms = (store: TestStore) => store.health.failed('sms', 'Twilio 20503', Date.parse(LATER) - 1000, 1, 3_600_000);

  it("put back by the look-up in Twilio's list (not there yet), nobody claimed since: recorded as sent with this send, and it goes no second time", async () => {
    let claim: Row | undefined;
    let putBack: Row | undefined;
    const s = await frozenWhileSending({ created: false, answer: 'created' }, {
      beforeOther: async (store) => ((claim = await row(store)), pauseSms(store)),
      beforeRelease: async (store) => (putBack = await row(store)),
    });
    // What the look-up wrote as it put the message back: scheduled, with the frozen claim's stamp and its attempt.
    expect(claim).toMatchObject({ status: 'sending', attempts: 1 });
    expect(putBack).toEqual({ ...claim, status: 'scheduled' });
    expect(s.took).toMatchObject({ reconciled: 0, sent: 0 });
    expect(s.report).toMatchObject({ sent: 1, uncertain: 0, retrying: 0 });
    expect(s.checkin).toMatchObject({ status: 'sent', error: null, providerId: s.twilio.created[0]!.sid, recipient: '+31613572468' });
    expect(s.checkin!.content).toContain('Sanne');
    expect(await s.next()).toMatchObject({ sent: 0 });
    expect(s.twilio.created).toHaveLength(1);
    expect(s.sentInMetrics).toBe(1);
    expect(s.ownerSent).toBe(1);
    expect(s.logs).not.toContain('twice');
    expect(s.logs).toContain('recorded as sent with this send, and not sent again');
  });

  it("put back by the other instance for the shop's quiet hours (its claim handed nothing over): recorded as sent with what this send handed over", async () => {
    let putBack: Row | undefined;
    // Sent at 19:55, taken over at 20:06, in the shop's quiet hours (from 20:00): claimed, and put back until 09:00.
    const s = await frozenWhileSending({ created: false, answer: 'created' }, {
      morning: '2026-03-15T19:55:00+01:00', later: '2026-03-15T20:06:00+01:00',
      beforeRelease: async (store) => (putBack = await row(store)),
    });
    expect(s.took).toMatchObject({ deferred: 1, sent: 0 });
    expect(putBack).toMatchObject({ status: 'scheduled', recipient: null }); // the other's claim forgot what the first kept
    expect(s.checkin).toMatchObject({ status: 'sent', providerId: s.twilio.created[0]!.sid, recipient: '+31613572468' });
    expect(s.checkin!.content).toContain('Sanne');
    expect(s.twilio.created).toHaveLength(1);
    expect(s.sentInMetrics).toBe(1);
    expect(s.ownerSent).toBe(1);
    expect(s.logs).not.toContain('twice');
  });

  // The review of the never-twice fix: the other instance found the message put back too late and expired it; the late
  // success left it "expired" (the owner's page said so of a text the customer had), with no provider id nor recipient.
  it('expired since it was put back (found past its time by the other instance): recorded as sent with this send, once', async () => {
    const s = await frozenWhileSending({ created: false, answer: 'created' }, {
      beforeOther: (store) => run(store.db, "UPDATE messages SET due_at = due_at - 3 * 86400000 WHERE kind = 'checkin'"),
    });
    expect(s.checkin).toMatchObject({ status: 'sent', error: null, providerId: s.twilio.created[0]!.sid, recipient: '+31613572468' });
    expect(await s.next()).toMatchObject({ sent: 0 });
    expect(s.twilio.created).toHaveLength(1);
    expect(s.sentInMetrics).toBe(1);
    expect(s.ownerSent).toBe(1);
  });

  // The review of that fix (taken back then): an erased customer's expired row got her number and text back.
  it('expired, and the customer erased since: nothing of theirs is written back, and it goes no second time', async () => {
    const s = await frozenWhileSending({ created: false, answer: 'created' }, {
      beforeOther: (store) => run(store.db, "UPDATE messages SET due_at = due_at - 3 * 86400000 WHERE kind = 'checkin'"),
      beforeRelease: async (store) => {
        expect(await one(store.db, "SELECT status FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'expired' });
        await store.privacy.erase([await customer(store)], 'request', Date.parse(LATER) + 1000);
      },
    });
    expect(s.checkin).toMatchObject({ status: 'expired', recipient: null, content: null });
    expect(await s.next()).toMatchObject({ sent: 0 });
    expect(s.twilio.created).toHaveLength(1);
    expect(s.logs).not.toContain('Sanne');
    expect(s.logs).not.toContain('+31613572468');
  });

  it("cancelled since it was put back (the customer said STOP): it stays cancelled, with Twilio's id and a word that it went; counted sent once in the metrics", async () => {
    const s = await frozenWhileSending({ created: false, answer: 'created' }, {
      beforeOther: pauseSms,
      beforeRelease: async (store) => expect(await store.customers.optOut(await customer(store), 'sms', 'sms_keyword', Date.parse(LATER) + 1000)).toBe(true),
    });
    expect(s.checkin).toMatchObject({ status: 'cancelled', error: 'opted_out_keyword', providerId: s.twilio.created[0]!.sid });
    expect(s.checkin!.errorDetail).toMatch(/^it went out before it was cancelled/);
    expect(await s.next()).toMatchObject({ sent: 0 });
    expect(s.twilio.created).toHaveLength(1);
    expect(s.sentInMetrics).toBe(1);
    // The owner's figures count the message by its row: cancelled, for the customer's STOP.
    expect(s.ownerSent).toBe(0);
    const warned = s.logs.split('\n').filter((l) => l.includes('cancelled meanwhile')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warned).toEqual([expect.objectContaining({ level: 40, kind: 'checkin', channel: 'sms', status: 'cancelled' })]);
    expect(s.logs).not.toContain('twice');
    expect(s.logs).not.toContain('+31613572468');
  });

  it('the customer erased since it was put back: nothing of theirs is written back, and it goes no second time', async () => {
    const s = await frozenWhileSending({ created: false, answer: 'created' }, {
      beforeOther: pauseSms,
      beforeRelease: async (store) => store.privacy.erase([await customer(store)], 'request', Date.parse(LATER) + 1000),
    });
    expect(s.checkin).toMatchObject({ status: 'cancelled', error: 'erased', providerId: null, recipient: null, content: null, errorDetail: null });
    expect(await s.next()).toMatchObject({ sent: 0 });
    expect(s.twilio.created).toHaveLength(1);
    expect(s.logs).toContain('cancelled meanwhile');
    expect(s.logs).not.toContain('Sanne');
  });
});
