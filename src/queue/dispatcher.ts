// The dispatcher: every minute (and when woken), it works through what is due, queue by queue: owner alerts, the
// public pages' confirmations, customer look-ups, SMS sends in doubt, then the messages themselves. Each queue's work is
// in a file of its own (lookups.ts, alerts.ts, confirmations.ts, messages.ts); what they share is in attempt.ts.
// Any number of dispatchers (one per instance) may share a database: each row is claimed by one of them.
import type { Logger } from 'pino';
import { channelsFrom } from '../channels/index.js';
import { lookAgain } from '../channels/last-look.js';
import type { Config } from '../config.js';
import type { Shop } from '../db/shops.js';
import type { Store } from '../db/store.js';
import type { Metrics } from '../metrics.js';
import { loadTemplates } from '../templates.js';
import { sendAlert } from './alerts.js';
import { CLAIM_LEASE, type DispatchDeps, MESSAGE_CLAIM, type Tick, type TickReport, drain } from './attempt.js';
import { sendConfirmations } from './confirmations.js';
import { lookUp } from './lookups.js';
import { messageSender, reconcile } from './messages.js';
import { takingTurns } from './turns.js';

export { CLAIM_LEASE, MAX_ATTEMPTS, MESSAGE_CLAIM, backoff, type DispatchDeps, type TickReport } from './attempt.js';

/**
 * How long a tick asks tills' APIs for customers before it goes on to the messages: a vendor's API that hangs (10 s a
 * call) must not hold every shop's check-ins back behind its look-ups. What is left waits for the next tick.
 */
export const LOOKUP_BUDGET_MS = 20_000;

/** How many ticks in a row must fail before GET /healthz says so: one may fail on a moment's trouble (a lost connection). */
export const FAILED_TICKS = 3;

const emptyReport = (): TickReport => ({ sent: 0, outbox: 0, retrying: 0, failed: 0, cancelled: 0, expired: 0, deferred: 0, uncertain: 0, reconciled: 0, alerts: 0, lookups: 0, confirmations: 0 });

export function createDispatcher(deps: DispatchDeps) {
  const { store, log } = deps;
  let stopping = false;

  /** `urgent`: only what a person waits for now, the owner's alerts and the public pages' codes (see tick() below). */
  async function tick(now: number, real: number, urgent = false): Promise<TickReport> {
    const report = emptyReport();
    // The tick's clocks: `now` (what is due, quiet hours) and `real` (claims' stamps, leases, sends in doubt; the same
    // but for `dispatch --at`), each with the whole seconds that have passed since: the monotonic clock's or the wall
    // clock's, the more (a guest VM's monotonic clock may not count the time it was paused; its wall clock is set right
    // as it resumes, and a claim must not look fresh to a dispatcher that slept through its lease). What the tick
    // claims in its first second is stamped with `real` itself, so that a send of it in doubt is asked about at the
    // tick exactly TWILIO_RECONCILE_MINUTES later; a lease of minutes needs no finer clock.
    const began = performance.now();
    const wallBegan = Date.now();
    const passed = () => 1000 * Math.floor(Math.max(performance.now() - began, Date.now() - wallBegan) / 1000);
    const clock = () => now + passed();
    const stamp = () => real + passed();
    const shops = new Map<number, Promise<Shop | undefined>>();
    const shopOf = (id: number): Promise<Shop | undefined> => {
      let shop = shops.get(id);
      if (!shop) shops.set(id, (shop = store.shops.byId(id)));
      return shop;
    };
    const t: Tick = { deps, now, clock, stamp, report, shopOf, stopping: () => stopping, paused: new Map() };
    if (!urgent) {
      const swept = await store.chores.sweep(real - CLAIM_LEASE, real);
      if (swept) {
        report.uncertain += swept.uncertain;
        if (swept.uncertain) log.warn({ uncertain: swept.uncertain, shops: swept.uncertainShops }, 'sends cut off mid-send by a dispatcher that stopped or died: in doubt, not sent again by themselves (the owner\'s page shows them)');
        if (swept.confirmations) log.warn({ confirmations: swept.confirmations }, 'confirmation sends cut off by a stop a second time: in doubt, not sent again');
      }
    }
    // What someone waits for now comes first: the owner for a customer's complaint, a customer at the counter for a code.
    await drain(t, store.alerts, (id, claimedAt) => sendAlert(t, id, claimedAt));
    await sendConfirmations(t);
    if (urgent) return report;
    await drain(t, store.tills.lookups, (id) => lookUp(t, id), undefined, LOOKUP_BUDGET_MS);
    await reconcile(t);
    // After a downtime, check-ins and invitations wait for the tills to re-send what happened meanwhile (chores.alive).
    const wait = await store.chores.messagesWait();
    if (now < wait) report.waitingUntil = wait;
    // Shops take turns in each claim (turns.ts): one shop's backlog no longer holds every other shop's messages due.
    else await drain(t, takingTurns(store.messages), messageSender(t), MESSAGE_CLAIM);
    return report;
  }

  let running: Promise<TickReport> | null = null;
  let hurrying: Promise<TickReport> | null = null;
  // A call that came while the urgent pass ran: it may bring what that pass had looked for already (an alert queued
  // as it was sending a code), so the pass runs once more when it ends.
  let hurryAgain: [number, number] | null = null;
  const hurry = (now: number, real: number) => {
    if (stopping) return; // shutting down: nothing more is claimed
    if (hurrying) return void (hurryAgain = [now, real]);
    // Nobody waits for this pass's answer: its error is logged here (the running tick's goes to its callers).
    hurrying = tick(now, real, true)
      .catch((err) => (log.error({ err }, 'dispatch failed'), emptyReport()))
      .finally(() => {
        hurrying = null;
        const again = hurryAgain;
        hurryAgain = null;
        if (again) void start(...again).catch(() => undefined); // beside the running tick, or a tick of its own
      });
  };
  // Ticks that failed in a row (an error of the whole tick, not a message's: a column the code needs missing, say).
  let failedInARow = 0;
  /** A tick, or (one running) the urgent pass beside it; calls during a tick share its answer. */
  const start = (now: number, real: number): Promise<TickReport> => {
    if (running) {
      hurry(now, real);
      return running;
    }
    running = tick(now, real)
      .then(
        (report) => ((failedInARow = 0), report),
        (err: unknown) => {
          failedInARow++;
          throw err;
        },
      )
      .finally(() => (running = null));
    return running;
  };
  const idle = async () => void (await Promise.all([running?.catch(() => undefined), hurrying?.catch(() => undefined)]));
  return {
    /**
     * Sends everything due at `now`. Calls that overlap a running tick share its result instead of starting another;
     * but what someone waits for now (alerts, codes) does not wait behind a long tick (a backlog, a till's API that
     * hangs): an overlapping call sends those at once, beside it.
     * `real` is the real time when `now` pretends another (`nextdeal dispatch --at`): see Tick.stamp.
     */
    tick: (now: number, real = now): Promise<TickReport> => start(now, real),
    /** Resolves once no tick is running. */
    idle,
    /** Why this dispatcher sends nothing (GET /healthz): its last FAILED_TICKS ticks failed, one after the other; else null. */
    trouble: (): string | null =>
      failedInARow >= FAILED_TICKS ? `the dispatcher failed its last ${failedInARow} runs in a row: nothing is sent (the log says why: "dispatch failed")` : null,
    /**
     * For a shutdown: claim nothing more and hand nothing more over; only the sends already with a provider finish, and
     * it resolves when they are done. What was claimed and not yet handed over (a claim is up to MESSAGE_CLAIM
     * messages, most of them waiting for one of the channel's few connections) goes back to the queue at once, its
     * attempt given back (attempt.ts Stopping): a deploy during a backlog leaves the rest 'scheduled' for the next
     * instance, none 'uncertain', also when the sends under way outlast SHUTDOWN_TIMEOUT_SECONDS. Before, the whole
     * claim was sent first: 3 s a message over four connections outlasted the shutdown's time, and the e-mails not yet
     * sent were left 'sending', then 'uncertain', never to go by themselves.
     */
    async stop(): Promise<void> {
      stopping = true;
      lookAgain(); // the sends waiting for a connection leave the wait now, not one by one as the sends under way end
      await idle();
    },
  };
}
export type Dispatcher = ReturnType<typeof createDispatcher>;

/** How far this machine's clock may be from the database server's before the log says so. */
const SKEW_TOLERATED = 60_000;
let skewNoted = 0;

/**
 * The time a tick goes by: the database server's on PostgreSQL (store.clock), so that every instance stamps its
 * claims and judges the others' by one clock. Says so in the log, at most once an hour, when this machine's clock is
 * more than a minute off it.
 */
export async function dispatcherTime(store: Store, log: Logger): Promise<number> {
  const { now, skew } = await store.clock();
  if (Math.abs(skew) > SKEW_TOLERATED && Date.now() - skewNoted > 3_600_000) {
    skewNoted = Date.now();
    log.warn({ skewSeconds: Math.round(skew / 1000) }, "this machine's clock is off the database server's: messages go by the database's; keep the clocks in sync (NTP)");
  }
  return now;
}

/** The dispatcher as configured: live channels where they are set up, the outbox elsewhere. */
export function configuredDispatcher(config: Config, store: Store, log: Logger, metrics?: Metrics) {
  const channels = channelsFrom(config);
  const templates = loadTemplates();
  const dispatcher = createDispatcher({
    store,
    channels,
    templates,
    emailFrom: config.EMAIL_FROM,
    publicUrl: config.PUBLIC_URL,
    retryBaseSeconds: config.RETRY_BASE_SECONDS,
    pauseAfter: config.CHANNEL_PAUSE_AFTER,
    pauseMinutes: config.CHANNEL_PAUSE_MINUTES,
    reconcileAfterMs: config.TWILIO_RECONCILE_MINUTES * 60_000,
    log,
    ...(metrics && { metrics }),
  });
  const close = async () => void (await Promise.all([channels.sms.close?.(), channels.email.close?.()]));
  return { dispatcher, channels, templates, close };
}
