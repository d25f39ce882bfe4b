// A claim is a dispatcher's for as long as it holds: what another instance took over since (the claim swept as a dead
// dispatcher's, after a pause of the VM, a long GC or a frozen host), or what a STOP or a refund cancelled meanwhile,
// is not handed over by the dispatcher that claimed it. The review of 3 December sent 60 SMS twice this way with
// three instances on PostgreSQL, and sent 28 after their customers' STOP. So it is with an owner's alert and a join code.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SendFailure } from '../../src/channels/types.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { configuredDispatcher, dispatcherTime } from '../../src/queue/dispatcher.js';
import type { SmsOut } from '../../src/channels/types.js';
import { startSmtp } from '../fakes/smtp.js';
import { startTwilio, twilioAccount } from '../fakes/twilio.js';
import { PUBLIC_URL, engine, onCleanup, recordingChannel, saleBody, scenario, silent, tempDir, testDispatcher } from '../helpers.js';

const MORNING = Date.parse('2026-03-15T10:00:00+01:00');

/** The dispatcher's monotonic clock (as the real one) jumps by `minutes`: it was frozen that long. */
const frozen = (minutes: number) => {
  const now = performance.now.bind(performance);
  vi.spyOn(performance, 'now').mockImplementation(() => now() + minutes * 60_000);
};

/**
 * A scenario whose first dispatcher stops, until `resume()`, just before it keeps what it hands over, or (`afterKeep`)
 * right after it kept it (the recipient written), the last step before the provider.
 */
async function stalled({ afterKeep = false } = {}) {
  const s = await scenario();
  let reached!: () => void;
  let go!: () => void;
  const atKeep = new Promise<void>((ok) => (reached = ok));
  const gate = new Promise<void>((ok) => (go = ok));
  const sending = s.store.messages.sending;
  let stalls = 1;
  s.store.messages.sending = async (rows, now) => {
    const kept = afterKeep ? await sending(rows, now) : undefined;
    if (stalls-- > 0) {
      reached();
      await gate;
    }
    return kept ?? sending(rows, now);
  };
  const a = testDispatcher(s.store);
  const ticking = a.dispatcher.tick(MORNING);
  await atKeep;
  const checkin = () => s.one<{ status: string; error: string | null }>("SELECT status, error FROM messages WHERE kind = 'checkin'");
  return { ...s, a, checkin, resume: async () => { go(); return ticking; } };
}

describe('a dispatcher that stalls after its claim', () => {
  it('past its lease: another instance sends the check-in, and the first one, resuming, does not send it again', async () => {
    const s = await stalled();
    const b = testDispatcher(s.store);
    expect((await b.dispatcher.tick(MORNING + 11 * 60_000)).sent).toBe(1);
    await s.resume();
    expect(b.sms.sent).toHaveLength(1);
    expect(s.a.sms.sent).toEqual([]);
    expect(await s.checkin()).toEqual({ status: 'sent', error: null });
  });

  it('while the customer texts STOP: nothing goes', async () => {
    const s = await stalled();
    const customer = (await s.one<{ id: number }>('SELECT id FROM customers')).id;
    await s.store.customers.optOut(customer, 'sms', 'sms_keyword', MORNING);
    await s.resume();
    expect(s.a.sms.sent).toEqual([]);
    expect(await s.checkin()).toEqual({ status: 'cancelled', error: 'opted_out_keyword' });
  });

  it('while the customer texts STOP, at a retry (an earlier attempt kept what it handed over): nothing goes', async () => {
    const s = await scenario();
    const first = testDispatcher(s.store);
    first.sms.failNext(new SendFailure({ reason: 'unreachable', kind: 'retry', detail: 'connect ECONNREFUSED' }));
    expect((await first.dispatcher.tick(MORNING)).retrying).toBe(1);
    let reached!: () => void;
    let go!: () => void;
    const atKeep = new Promise<void>((ok) => (reached = ok));
    const gate = new Promise<void>((ok) => (go = ok));
    const sending = s.store.messages.sending;
    s.store.messages.sending = async (rows, now) => {
      reached();
      await gate;
      return sending(rows, now);
    };
    const again = testDispatcher(s.store);
    const ticking = again.dispatcher.tick(MORNING + 5 * 60_000);
    await atKeep;
    await s.store.customers.optOut((await s.one<{ id: number }>('SELECT id FROM customers')).id, 'sms', 'sms_keyword', MORNING + 5 * 60_000);
    go();
    await ticking;
    expect(again.sms.sent).toEqual([]);
    expect(await s.one("SELECT status, error FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'cancelled', error: 'opted_out_keyword' });
  });

  it('while the shop is disabled (it leaves): nothing goes', async () => {
    const s = await stalled();
    await s.store.shops.disable((await s.store.shops.bySlug('fietsenmaker'))!, MORNING);
    await s.resume();
    expect(s.a.sms.sent).toEqual([]);
    expect(await s.checkin()).toEqual({ status: 'cancelled', error: 'shop_disabled' });
  });

  it('while the till refunds the sale: nothing goes', async () => {
    const s = await stalled();
    await s.post(saleBody({ status: 'refunded' }));
    await s.resume();
    expect(s.a.sms.sent).toEqual([]);
    expect(await s.checkin()).toEqual({ status: 'cancelled', error: 'refunded' });
  });
});

// Frozen after it kept what it hands over (a paused VM): its claim is swept as a dead dispatcher's, the send asked
// about at Twilio, not found, and sent by another instance. Before, the first handed it over as well when it woke.
describe('a dispatcher frozen between keeping a message and handing it over', () => {
  afterEach(() => vi.restoreAllMocks());

  /** A dispatcher stopped right after it kept the check-in, whose clock (monotonic, as the real one) jumps by `minutes`. */
  async function frozenAfterKeep() {
    const s = await stalled({ afterKeep: true });
    return { ...s, frozen };
  }

  /** Another instance's tick past the lease: it asks Twilio about the send in doubt, does not find it, and sends it. */
  async function sentByAnother(s: { store: Parameters<typeof testDispatcher>[0] }) {
    const sms = Object.assign(recordingChannel<SmsOut>('twilio'), { reconcile: async () => null });
    await testDispatcher(s.store, { sms }).dispatcher.tick(MORNING + 11 * 60_000);
    return sms.sent;
  }

  it('past its lease, while another instance found it not sent and sent it: hands nothing over on waking', async () => {
    const s = await frozenAfterKeep();
    expect(await sentByAnother(s)).toHaveLength(1);
    s.frozen(11);
    await s.resume();
    expect(s.a.sms.sent).toEqual([]);
    expect(await s.one("SELECT status FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'sent' });
  });

  // A paused guest VM's monotonic clock may not count the pause; its wall clock is set right as it resumes.
  it('past its lease by the wall clock alone (a paused VM): hands nothing over on waking either', async () => {
    const s = await frozenAfterKeep();
    expect(await sentByAnother(s)).toHaveLength(1);
    const wall = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => wall + 11 * 60_000);
    await s.resume();
    expect(s.a.sms.sent).toEqual([]);
  });

  // In doubt after the sweep, an e-mail (or an SMS not asked about at Twilio yet) would wait for the owner to decide.
  it("past its lease, taken for a dead dispatcher's and not taken up since: puts it back, and it goes once", async () => {
    const s = await frozenAfterKeep();
    await testDispatcher(s.store).dispatcher.tick(MORNING + 11 * 60_000); // (its SMS channel cannot ask Twilio)
    expect(await s.one("SELECT status, error FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'uncertain', error: 'interrupted' });
    s.frozen(11);
    await s.resume();
    expect(s.a.sms.sent).toEqual([]);
    expect(await s.one("SELECT status, attempts, error FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'scheduled', attempts: 0, error: null });
    vi.restoreAllMocks();
    const later = testDispatcher(s.store);
    expect((await later.dispatcher.tick(MORNING + 12 * 60_000)).sent).toBe(1);
    await later.dispatcher.tick(MORNING + 13 * 60_000);
    expect(later.sms.sent).toHaveLength(1);
  });

  it('for minutes, with nobody else about: puts it back, and it goes once at the next tick', async () => {
    const s = await frozenAfterKeep();
    s.frozen(6);
    await s.resume();
    expect(s.a.sms.sent).toEqual([]);
    expect(await s.one("SELECT status, attempts FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'scheduled', attempts: 0 });
    vi.restoreAllMocks();
    expect((await testDispatcher(s.store).dispatcher.tick(MORNING + 7 * 60_000)).sent).toBe(1);
  });
});

// The owner's alert and a join page's code go through the same last look at the clocks: a dispatcher frozen between
// its claim and handing them over to the mail server or Twilio hands nothing over on waking. Before, it sent them.
describe.each([
  {
    what: "an owner's alert",
    /** Claimed, then frozen right after it read what the alert says. */
    queue: (s: World) => Object.assign(s.store.alerts, { load: stallAfter(s, s.store.alerts.load) }),
    ask: async (s: World) => {
      const customerId = (await s.one<{ id: number }>('SELECT id FROM customers')).id;
      await s.store.replies.record({ shopId: s.shop.shop.id, customerId, messageId: null, saleId: null, channel: 'sms', providerId: 'SM1', answer: null, body: 'De rits is kapot', at: s.clock.now() });
    },
    row: (s: World) => s.one('SELECT status, attempts, error FROM alerts'),
    /** What the mail server took: one e-mail to the owner. */
    handedOver: (p: Providers) => p.smtp.mails.map((m) => m.to && !Array.isArray(m.to) && m.to.text),
    once: ['eigenaar@fietsenmaker.example'],
    /** Its address not kept yet, so never handed over: the sweep puts it back and the other instance sends it (alert-orphans.test.ts). */
    swept: { status: 'sent', attempts: 1, error: null },
  },
  {
    what: 'a join code',
    /** Claimed, then frozen right after it kept the code's hash, the last step before Twilio. */
    queue: (s: World) => Object.assign(s.store.confirmations, { setCode: stallAfter(s, s.store.confirmations.setCode) }),
    ask: (s: World) => s.join(),
    row: (s: World) => s.one('SELECT status, attempts, error FROM join_confirmations'),
    /** What Twilio took: one text to the number typed on the page. */
    handedOver: (p: Providers) => p.twilio.created.map((m) => String(m.to)),
    once: ['+31687654321'],
    /**
     * Its code kept, so perhaps handed over: the sweep sends it again once (confirmation-orphans.test.ts), and the other
     * instance texts it, the same code, its second try; the frozen one, waking, hands nothing over.
     */
    swept: { status: 'sent', attempts: 2, error: null },
  },
])('$what, its dispatcher frozen between its claim and handing it over', ({ queue, ask, row, handedOver, once, swept }) => {
  afterEach(() => vi.restoreAllMocks());

  /**
   * Its dispatcher claims it, is frozen for `minutes` (while `meanwhile` happens), and wakes: it hands nothing over,
   * and the row is put back, its try given back. Then another instance's ticks send it once (`sent`: the row then).
   */
  async function frozenFor(minutes: number, meanwhile: (s: World) => Promise<void> = async () => undefined, sent = { status: 'sent', attempts: 1, error: null }) {
    const s = await world();
    await ask(s);
    queue(s);
    const ticking = s.instance().tick(AFTERNOON);
    await s.stalled;
    await meanwhile(s);
    const before = handedOver(s.providers);
    frozen(minutes);
    await s.resume(ticking);
    expect(handedOver(s.providers)).toEqual(before); // nothing by the dispatcher that was frozen
    if (before.length === 0) expect(await row(s)).toEqual({ status: 'scheduled', attempts: 0, error: null });
    vi.restoreAllMocks();
    const later = s.instance();
    await later.tick(AFTERNOON + 12 * 60_000);
    await later.tick(AFTERNOON + 13 * 60_000);
    expect(handedOver(s.providers)).toEqual(once);
    expect(await row(s)).toEqual(sent);
    await s.codeWorks();
  }

  it('for minutes, with nobody else about: hands nothing over, puts it back with its try given back, and it goes once at a next tick', () => frozenFor(6));

  // In doubt, nothing would send it again: the owner would never hear of the complaint, the customer wait for a code.
  it("past its lease, while another instance took its claim for a dead dispatcher's: hands nothing over on waking, puts it back, and it goes once", () =>
    frozenFor(
      11,
      async (s) => {
        await s.instance().tick(AFTERNOON + 11 * 60_000);
        expect(await row(s)).toEqual(swept);
      },
      swept,
    ));
});

const AFTERNOON = Date.parse('2026-03-14T16:00:00+01:00'); // Sanne's check-in is not due yet

interface Providers {
  smtp: Awaited<ReturnType<typeof startSmtp>>;
  twilio: Awaited<ReturnType<typeof startTwilio>>;
}
type World = Awaited<ReturnType<typeof world>>;

/**
 * The scenario with real providers on loopback (a mail server, the Twilio stand-in), dispatchers of as many instances
 * as asked for, and a join page asking for a code by SMS.
 */
async function world() {
  const s = await scenario();
  const providers: Providers = { smtp: await startSmtp(), twilio: await startTwilio() };
  const config = loadConfig({ OUTBOX_DIR: tempDir(), PUBLIC_URL, SMTP_URL: providers.smtp.url, ...twilioAccount(providers.twilio.baseUrl) });
  const instance = () => {
    const { dispatcher, close } = configuredDispatcher(config, s.store, silent);
    onCleanup(close);
    return dispatcher;
  };
  let page = '';
  const join = async () => {
    const res = await fetch(`${s.base}/shops/fietsenmaker/join`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'phone=06+87654321&sms=yes' });
    page = /action="\/j\/([\w-]+)"/.exec(await res.text())![1]!;
  };
  /** The code that went, typed on the page, confirms the number (when a code was asked for). */
  const codeWorks = async () => {
    if (!page) return;
    const code = /\b(\d{6})\b/.exec(String(providers.twilio.created.at(-1)!.body))![1]!;
    const res = await fetch(`${s.base}/j/${page}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${code}` });
    expect(res.status).toBe(200);
    expect(await s.one('SELECT count(*) AS n FROM join_confirmations WHERE confirmed_at IS NOT NULL')).toEqual({ n: 1 });
  };
  let reached!: () => void;
  let go!: () => void;
  const stalled = new Promise<void>((ok) => (reached = ok));
  const gate = new Promise<void>((ok) => (go = ok));
  return { ...s, providers, instance, join, codeWorks, stalled, gate, reached: () => reached(), resume: (ticking: Promise<unknown>) => (go(), ticking) };
}

/** A store step that, the first time it is called, returns only once the test resumes the dispatcher. */
function stallAfter<A extends unknown[], R>(w: { gate: Promise<void>; reached: () => void }, step: (...args: A) => Promise<R>) {
  let stalls = 1;
  return async (...args: A): Promise<R> => {
    const done = await step(...args);
    if (stalls-- > 0) {
      w.reached();
      await w.gate;
    }
    return done;
  };
}

describe("a dispatcher's late writes about a claim another instance has taken since", () => {
  it('neither put it back nor schedule a retry of it: the other instance is sending it', async () => {
    const s = await scenario();
    const [id] = await s.store.messages.claim(MORNING, 10, MORNING);
    // The first claim is swept as a dead dispatcher's, and another instance claims the message again.
    await s.store.chores.sweep(MORNING + 1, MORNING + 11 * 60_000);
    expect(await s.store.messages.claim(MORNING + 11 * 60_000, 10, MORNING + 11 * 60_000)).toEqual([id]);
    await s.store.messages.putBack(id!, MORNING + 12 * 60_000, MORNING);
    await s.store.messages.markRetry(id!, MORNING + 12 * 60_000, 'unreachable', null, MORNING);
    expect(await s.one('SELECT status, error FROM messages WHERE id = ?', id)).toEqual({ status: 'sending', error: null });
  });
});

describe.runIf(engine === 'postgres')("several instances on PostgreSQL go by the database server's clock", () => {
  afterEach(() => vi.useRealTimers());

  it("an instance whose own clock runs 15 minutes ahead stamps and judges claims by the database's, and says so", async () => {
    const s = await scenario();
    const server = (await s.store.clock()).now;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 15 * 60_000);
    const lines: string[] = [];
    const at = await dispatcherTime(s.store, createLogger('warn', { write: (l) => void lines.push(l) }));
    expect(Math.abs(at - server)).toBeLessThan(5_000);
    expect(lines.join('')).toMatch(/"skewSeconds":9\d\d.*clock is off the database server's/);
  });
});
