// What every queue the dispatcher works through shares (messages, owner alerts, till look-ups, the public pages'
// confirmations): claim what is due a batch at a time, send once, and record the outcome: sent, a retry after a
// backoff, failed, or in doubt (never sent again by itself). Provider trouble many times in a row pauses the channel.
import type { Logger } from 'pino';
import { type LastLook, NotHandedOver } from '../channels/last-look.js';
import { type Channels, SendFailure } from '../channels/types.js';
import type { QueueOps } from '../db/queue.js';
import type { Shop } from '../db/shops.js';
import type { Store } from '../db/store.js';
import type { ChannelName } from '../domain/plan.js';
import type { Metrics } from '../metrics.js';
import type { Templates } from '../templates.js';

/** Tries per message, alert and look-up (a confirmation gets fewer: see confirmations.ts). */
export const MAX_ATTEMPTS = 5;

/**
 * A claim older than this belongs to a dispatcher that died: every send times out well before. It runs from the claim
 * itself (Tick.stamp), not from the tick's start: a drain through a backlog claims again and again for longer than this.
 */
export const CLAIM_LEASE = 10 * 60_000;

/** Wait before attempt n+1: base, 4×base, 16×base, 64×base. */
export const backoff = (attempts: number, baseSeconds: number): number => baseSeconds * 1000 * 4 ** (attempts - 1);

/**
 * Rows claimed and worked through at once, side by side: the owner's alerts, the look-ups and the confirmations, one
 * claim and few COMMITs for 32 sends (messages are claimed MESSAGE_CLAIM at a time; how many requests go to Twilio at
 * once is its channel's: src/channels/twilio-http.ts IN_FLIGHT). Claims of 16 sent 1,600 a second through the Twilio
 * stand-in.
 */
export const BATCH = 32;

/**
 * Messages are claimed two batches at a time. A channel sends a batch at once (Twilio's has 32 requests in flight
 * at most: src/channels/twilio-http.ts IN_FLIGHT), so the rest of a claim goes as answers come in, one for each,
 * instead of every send waiting for a batch's slowest answer before the next claim; and one claim, one read and fewer
 * COMMITs serve twice the messages. 100,000 SMS through the Twilio stand-in went at 2,457-2,567 a second this way,
 * against 2,113-2,310 with claims of 32 (bench/dispatch.ts --only twilio, alternating, 2 December).
 */
export const MESSAGE_CLAIM = 2 * BATCH;

export interface DispatchDeps {
  store: Store;
  channels: Channels;
  templates: Templates;
  emailFrom: string;
  publicUrl: string;
  retryBaseSeconds: number;
  /** A channel failing this many sends in a row for the provider's reasons pauses for `pauseMinutes`. */
  pauseAfter: number;
  pauseMinutes: number;
  /** How long after a send in doubt the provider's records are asked (they may lag a few minutes). */
  reconcileAfterMs: number;
  log: Logger;
  metrics?: Metrics;
  /**
   * The look after a send's wait for its turn (src/queue/looks.ts): how old it may be (default LOOKED_AT_WITHIN_MS; 0:
   * every send that waited looks again), by which clock in milliseconds (default: the time passed since the tick).
   */
  looks?: { withinMs?: number; clock?: () => number };
}

export interface TickReport {
  sent: number;
  /** Written to the local outbox instead (no SMTP or Twilio set up): nobody got them. */
  outbox: number;
  retrying: number;
  failed: number;
  cancelled: number;
  expired: number;
  /**
   * Found in the shop's quiet hours when they would have gone (late: a retry, a pause, a server that was down): moved to
   * when the quiet hours end. Or an SMS to a phone another shop texted from the same number just before: moved to when
   * that one's reply window has passed (see REPLY_WINDOW).
   */
  deferred: number;
  /** Sent in doubt or left uncertain by this tick (a crashed dispatcher's claims included). */
  uncertain: number;
  /** Sends in doubt found in the provider's records: they did go out. */
  reconciled: number;
  alerts: number;
  lookups: number;
  /** Confirmation codes and links the public pages asked for. */
  confirmations: number;
  /** Set when check-ins and invitations were not sent because they wait after a downtime, until this time. */
  waitingUntil?: number;
}

/** One tick of the dispatcher, as each queue's worker sees it. */
export interface Tick {
  deps: DispatchDeps;
  /** When the tick began: what is due is what is due at this time (and a retry is due after it). */
  now: number;
  /**
   * The tick's clock: `now` and the time that has passed since the tick began, in whole seconds (the real clock, for the
   * server's ticks, which begin at Date.now()). Quiet hours are checked against it; claims are stamped with `stamp`.
   */
  clock(): number;
  /**
   * The real time, in whole seconds as `clock`: the same as `clock` but for `nextdeal dispatch --at`, which pretends
   * another time. Claims are stamped with it, and leases and sends in doubt judged by it, for every other dispatcher
   * (the running server's) judges them by its own, real clock: a tick pretending to be an hour on took the server's
   * sends under way for a dead dispatcher's, and sent them again.
   */
  stamp(): number;
  report: TickReport;
  /**
   * The shop, read once a tick rather than once a message. Undefined once deleted (`shop delete`, between the claim and
   * this): its rows went with it, so there is nothing to send, nor to settle.
   */
  shopOf(id: number): Promise<Shop | undefined>;
  /** True once the dispatcher was told to stop: claim nothing more. */
  stopping(): boolean;
  /**
   * The channels this tick found paused as their sends failed (see failed), with the real time (stamp) their pause
   * ends: what it claimed of them and has not handed over yet is not handed over until then, but put back, its try
   * given back (ChannelPaused), to go once the pause is over.
   */
  paused?: Map<ChannelName, number>;
}

/**
 * Claims due rows `claim` at a time and works through each claim side by side, until nothing is due or the
 * dispatcher stops: what was claimed is finished, nothing more is claimed. With `budgetMs`, nothing more is claimed
 * once that long has passed either: the rest is left for the next tick.
 */
export async function drain(
  t: Tick, queue: Pick<QueueOps, 'claim'>, work: (id: number, claimedAt: number) => Promise<unknown>, claim = BATCH, budgetMs = Infinity,
): Promise<void> {
  const until = performance.now() + budgetMs;
  // A retry is due 1 ms or more after `now`, so one drain never claims the same row twice. Each claim is stamped with the
  // time it is made, for another dispatcher's sweep takes a claim older than CLAIM_LEASE for a dead dispatcher's:
  // stamped with the tick's start, a long drain's later claims were taken so while their sends were under way, were
  // not found at Twilio yet, and went a second time.
  while (!t.stopping() && performance.now() < until) {
    // The stamp is the claim's: what the dispatcher writes of it later holds only while the claim is still its own.
    const stamp = t.stamp();
    const ids = await queue.claim(t.now, claim, stamp);
    if (ids.length === 0) return;
    await Promise.all(ids.map((id) => work(id, stamp)));
  }
}

export interface Job {
  id: number;
  /** Attempts so far, this one included. */
  attempts: number;
  /** The claim's stamp (see drain): a retry or a put-back is written only while the claim is still this one. */
  claimedAt: number;
  channel: ChannelName;
  /** What the log says about it: ids and kinds, never an address or a text. */
  what: Record<string, unknown>;
  /** Sent from its shop's own number or address (`--sms-from`, `--email-from`), not the one every shop shares. */
  ownSender?: boolean;
  /**
   * Until then a failure to retry (the provider down, our credentials refused, the outbox unwritable, a shop's number
   * refused) does not use up its tries: it waits, at most 64×base between tries, until the setting or the provider is
   * put right. Before, every message and owner alert due in an outage failed for good after its fifth try (85 minutes).
   */
  retryUntil?: number;
}

/** The longest wait between two tries of a job that keeps its tries (see Job.retryUntil): 64×base. */
const LONGEST_BACKOFF = 4;

/**
 * Thrown by a send's own steps when the claim is no longer the dispatcher's (the row was not kept: see
 * messages.sending): nothing was handed over, and nothing of it is written, for it is another's now, or cancelled.
 */
export class ClaimLost extends NotHandedOver {
  constructor() {
    super('the claim is no longer this dispatcher\'s');
  }
}

/**
 * Thrown by a send's own steps that put the row back for later, or settled it, themselves (a message waiting for
 * another shop's reply window on a shared number; one found, after waiting for its turn, not to go any more: see
 * messages.ts): nothing was handed over, and it is recorded.
 */
export class Moved extends NotHandedOver {
  constructor() {
    super('put back for later by the send itself');
  }
}
/**
 * How long after its claim a dispatcher may still hand a send over (a message, an owner's alert, a join code): half the
 * lease. A dispatcher frozen for longer between keeping a message and handing it over (a paused VM, a frozen host) may
 * have had its claim swept as a dead one's meanwhile, the send asked about at Twilio, not found, and sent by another
 * instance.
 */
export const HAND_OVER_WITHIN = CLAIM_LEASE / 2;

/**
 * Thrown by handOver, and by its last look once the channel has a turn for the send (right before its bytes go), when
 * the claim is older than HAND_OVER_WITHIN: nothing is handed over, and the row is put back while the claim is still
 * this dispatcher's (else it is another's now). A claim the sweep took for a dead dispatcher's meanwhile (in doubt, no
 * other claim since) is still its own: it knows nothing went.
 */
export class ClaimStale extends NotHandedOver {
  constructor() {
    super('the claim is older than a send may be handed over at');
  }
}

/**
 * Thrown by handOver, and by its last look (also while the send waits for its turn: see lookAgain), once the dispatcher
 * is stopping: nothing is handed over, and the row is put back at once, its attempt given back, for the next run.
 */
export class Stopping extends NotHandedOver {
  constructor() {
    super('the dispatcher is stopping');
  }
}

/**
 * Thrown by handOver, and by its last look while the send waits for its turn, once the send's channel paused in this
 * tick (a batch's earlier sends failed CHANNEL_PAUSE_AFTER times in a row): nothing is handed over, and the row is put
 * back, its attempt given back, to go once the pause is over. Before, the rest of a claim went on failing after the
 * pause, each using up a try (an outbox on a full disk: 62 failures of a claim of 64, the operator's review).
 */
export class ChannelPaused extends NotHandedOver {
  constructor() {
    super('its channel paused');
  }
}

/**
 * Our own step failed (the database, at a send's look after its wait: see handOver) as the send had its turn: nothing
 * was handed over, and the channel passes it on as such, not as its provider's answer. The row is put back, as after
 * any error of ours before the provider (see attempt), with the cause's code.
 */
class OwnStepFailed extends NotHandedOver {
  readonly code: unknown;
  constructor(cause: unknown) {
    super('our own step before the provider failed');
    this.code = (cause as { code?: unknown } | null)?.code;
  }
}

export type Outcome =
  | { sent: true; providerId: string }
  /** The claim was lost before anything was handed over (ClaimLost): nothing recorded. */
  | { sent: false; status: 'lost'; failure: null }
  /** `failure` is null when one of our own steps before the provider failed (see attempt): put back, not counted as a try. */
  | { sent: false; status: 'scheduled' | 'failed' | 'uncertain'; failure: SendFailure | null };

/**
 * The provider's call in a `send` given to `attempt`, the last thing it does: what the channel throws is its answer (a
 * SendFailure). Anything else it throws is a fault of the adapter's, after which nobody knows whether the provider has
 * the message: in doubt. Before the call, the dispatcher looks at its clocks (see Tick.stamp): held up for longer than
 * HAND_OVER_WITHIN since the claim (frozen after it kept what it sends), it calls nothing (ClaimStale), for the claim
 * may be another's by now. And it looks again last thing before the bytes go, once the channel has a request or a
 * connection free for it (src/channels/last-look.ts): frozen while it waited for one, it sends nothing either. Once
 * the dispatcher is stopping, nothing more is handed over (Stopping): only the sends already with the provider finish.
 * Every queue's send goes through here: a customer's message, an owner's alert, a join code.
 */
export function handOver<T>(
  t: Pick<Tick, 'stamp' | 'stopping' | 'paused'>, claimedAt: number, call: (lastLook: LastLook) => Promise<T>, channel?: ChannelName,
  afterWait?: () => Promise<void>,
): Promise<T> {
  const stillOurs = () => {
    if (t.stopping()) throw new Stopping();
    if (t.stamp() - claimedAt > HAND_OVER_WITHIN) throw new ClaimStale();
  };
  const lastLook: LastLook = () => {
    stillOurs();
    if (channel !== undefined && t.stamp() < (t.paused?.get(channel) ?? 0)) throw new ChannelPaused();
  };
  if (afterWait) {
    // The database failing at that look is our own error before the provider, never the provider's answer. Its answer
    // waited for, the clocks are looked at again (frozen meanwhile, the claim may be another's), not the pause: a send
    // that had its turn before the channel paused goes, as one does that went at once.
    lastLook.afterWait = async () => {
      try {
        await afterWait();
      } catch (err) {
        // Found no longer this claim's after a freeze past its lease (swept 'uncertain' meanwhile): stale first, and put
        // back as such (nothing was handed over), not left in doubt, as an e-mail in doubt never goes by itself.
        if (err instanceof ClaimLost) stillOurs();
        throw err instanceof NotHandedOver ? err : new OwnStepFailed(err);
      }
      stillOurs();
    };
  }
  try {
    lastLook();
  } catch (err) {
    return Promise.reject(err);
  }
  return call(lastLook).catch((err: unknown) => {
    if (err instanceof SendFailure || err instanceof NotHandedOver) throw err;
    const e = err as { code?: unknown; message?: unknown };
    throw new SendFailure({ reason: 'in_doubt', kind: 'in_doubt', detail: `${String(e?.code ?? 'error')}: ${String(e?.message ?? err)}`, code: typeof e?.code === 'string' ? e.code : undefined });
  });
}

/**
 * Sends once and records the outcome in `queue`. `send` does our own steps before the provider (the database: keeping
 * what goes), then calls the provider through `handOver`. A SendFailure is the provider's answer (or its silence). Any
 * other error came from our own steps, before the provider was called (the template is rendered before `attempt`, and
 * a failure there is the caller's to record): nothing was handed over, so the row is put back, to be tried again
 * after a short wait, without using up an attempt.
 */
export async function attempt(
  deps: DispatchDeps,
  queue: Pick<QueueOps, 'markRetry' | 'settle' | 'markInDoubt' | 'putBack' | 'giveBack'>,
  job: Job & { maxAttempts: number },
  send: () => Promise<{ providerId: string }>,
  t: Pick<Tick, 'now' | 'stamp' | 'paused'>,
  onFailure?: (f: SendFailure) => Promise<void>,
): Promise<Outcome> {
  const { store, channels, log, metrics } = deps;
  const { now } = t;
  const started = performance.now();
  let providerId: string;
  try {
    ({ providerId } = await send());
  } catch (err) {
    if (err instanceof SendFailure) return failed(deps, queue, job, err, t, onFailure);
    if (err instanceof Stopping) {
      await queue.putBack(job.id, now, job.claimedAt);
      log.info(job.what, 'not sent by this dispatcher: it is stopping; put back for the next run, nothing handed over');
      return { sent: false, status: 'lost', failure: null };
    }
    if (err instanceof ChannelPaused) {
      // Due again at the next tick (not claimed again by this drain: see drain), once the pause is over: nothing of a
      // paused channel is claimed until then. Due at `now`, once the pause was over (a drain longer than the pause, or it
      // lifted meanwhile) this drain claimed it and put it back again and again: the tick never ended.
      await queue.putBack(job.id, now + 1, job.claimedAt);
      log.info(job.what, `not sent by this dispatcher: ${job.channel} paused as this batch's sends failed; put back, nothing handed over, its try given back`);
      return { sent: false, status: 'lost', failure: null };
    }
    if (err instanceof ClaimStale) {
      await queue.putBack(job.id, now + 1, job.claimedAt); // (not claimed again by this drain: see drain)
      log.warn(job.what, 'not sent by this dispatcher: it was held up for minutes since its claim (a paused machine?), which may be another\'s now; put back, nothing handed over');
      return { sent: false, status: 'lost', failure: null };
    }
    if (err instanceof Moved) return { sent: false, status: 'lost', failure: null };
    if (err instanceof ClaimLost) {
      log.warn(job.what, 'not sent by this dispatcher: its claim was taken over by another instance (it paused past the lease), or cancelled (a STOP, a refund) meanwhile');
      return { sent: false, status: 'lost', failure: null };
    }
    await queue.putBack(job.id, now + Math.max(1, backoff(1, deps.retryBaseSeconds)), job.claimedAt);
    // Our own error (a database's, most likely): its code, never its text, which may quote what was being written.
    log.error({ ...job.what, code: (err as { code?: unknown }).code, attempt: job.attempts }, 'not sent: nextdeal failed before the provider was called; tried again shortly');
    return { sent: false, status: 'scheduled', failure: null };
  }
  metrics?.sendSeconds.observe({ channel: job.channel, transport: channels[job.channel].transport }, (performance.now() - started) / 1000);
  // It went out: a failure to note the channel's health must not make it look as if it had not.
  try {
    await store.health.succeeded(job.channel, now);
  } catch (err) {
    log.warn({ channel: job.channel, code: (err as { code?: unknown }).code }, "could not note the channel's health");
  }
  return { sent: true, providerId };
}

/**
 * A send the provider refused, or did not answer: recorded as a retry, failed for good, or in doubt. A retry counted
 * while its channel is paused already (a send of the batch that was under way as the pause came, or another
 * instance's pause) gives its try back: a paused channel's messages wait instead of using up their tries.
 */
async function failed(
  deps: DispatchDeps,
  queue: Pick<QueueOps, 'markRetry' | 'settle' | 'markInDoubt' | 'giveBack'>,
  job: Job & { maxAttempts: number },
  failure: SendFailure,
  { now, stamp, paused }: Pick<Tick, 'now' | 'stamp' | 'paused'>,
  onFailure?: (f: SendFailure) => Promise<void>,
): Promise<Outcome> {
  const { store, log, metrics } = deps;
  // What the answer says of the customer (a STOP sent to Twilio itself) holds whoever's claim it is, and first: should
  // recording the outcome fail, the row stays as it was, and the next answer tells it again.
  await onFailure?.(failure);
  // The provider's text may quote the address: log only its code.
  const logged = { ...job.what, reason: failure.reason, code: failure.code, attempt: job.attempts };
  let status: 'scheduled' | 'failed' | 'uncertain';
  let recorded: boolean;
  if (failure.kind === 'in_doubt') {
    recorded = await queue.markInDoubt(job.id, failure.reason, failure.message, job.claimedAt);
    status = 'uncertain';
    if (recorded) log.warn(logged, 'sent in doubt: the provider took the request and never answered; not sent again by itself');
  } else {
    const waits = job.retryUntil !== undefined && now < job.retryUntil;
    const again = failure.kind === 'retry' && (job.attempts < job.maxAttempts || waits);
    const wait = backoff(waits ? Math.min(job.attempts, LONGEST_BACKOFF) : job.attempts, deps.retryBaseSeconds);
    recorded = again
      ? await queue.markRetry(job.id, now + Math.max(1, wait), failure.reason, failure.message, job.claimedAt)
      : await queue.settle(job.id, 'failed', failure.reason, failure.message, job.claimedAt);
    status = again ? 'scheduled' : 'failed';
    if (again && recorded) metrics?.retries.inc({ channel: job.channel });
  }
  // Nothing recorded: the claim is no longer this dispatcher's. It was held up past the lease (a frozen machine, the
  // request's timer firing as it resumes) and another instance took the row over meanwhile: it settled it from the
  // provider's records, or sent it again. What this one's request met says nothing of the provider's health now, and
  // the row is not in doubt: no failure counted (five such paused SMS for every shop), no "in doubt" said.
  if (!recorded) {
    log.info({ ...logged, claimedAt: new Date(job.claimedAt).toISOString() }, "the provider's answer (or its silence) came after this dispatcher's claim was taken over by another instance (it was held up past the lease): nothing recorded, no failure counted");
    return { sent: false, status: 'lost', failure: null };
  }
  // A shop's own number refused (not a Twilio number, its queue full) or its own address refused at MAIL FROM (a domain
  // the relay cannot find) is that shop's: it never pauses every shop's SMS or e-mail. EMAIL_FROM refused is everyone's.
  // Past its tries, a job that waits (retryUntil) no longer counts: one mailbox refusing for days (452, full) must not
  // pause e-mail for every shop again and again.
  // A country the Twilio account may not text (21408) is that country's numbers', not SMS's: the others go on; a trial
  // account's refusal of a number not verified (21608) is that number's: the verified ones go on. A mail server's answer
  // about one recipient (a full mailbox at RCPT) is that recipient's: it never pauses e-mail.
  let givenBack = false;
  const ofOne = failure.reason === 'region_not_enabled' || failure.reason === 'trial_account' || failure.ofRecipient || (failure.ofSender && job.ownSender);
  if (failure.kind !== 'permanent' && !ofOne && job.attempts <= job.maxAttempts) {
    // What the channel's health keeps (and the owner's page shows) is the failure's code, never the provider's text:
    // that may quote the customer's address, and the channel's health outlives an erase. The pause runs from the real
    // time (stamp), never the time `dispatch --at` pretends: paused until tomorrow's --at + 10 minutes, the server's
    // channel stood still for hours after the cause was put right. Its cause is kept with it: the owner's page blames
    // the provider only for the provider's trouble (not for an outbox on a full disk, nor for our refused settings).
    const cause = failure.reason === 'provider_auth' ? 'login' : failure.reason === 'outbox_unwritable' ? 'outbox' : 'provider';
    const pause = await store.health.failed(job.channel, failure.code ?? failure.reason, stamp(), deps.pauseAfter, deps.pauseMinutes * 60_000, cause);
    if (pause) paused?.set(job.channel, pause.until);
    if (pause?.first) {
      // With the last failure's code (SMTP 535, ENOSPC), as the owner's page shows it: a code, never the provider's words.
      const code = failure.code ?? failure.reason;
      const what = cause === 'outbox' || deps.channels[job.channel].transport === 'outbox' ? 'writing to the outbox' : 'its provider';
      log.error({ channel: job.channel, until: new Date(pause.until).toISOString(), failures: deps.pauseAfter, code }, `${job.channel} paused: ${what} failed ${deps.pauseAfter} times in a row (${code})`);
    } else if (pause && status === 'scheduled') givenBack = await queue.giveBack(job.id, job.claimedAt);
  }
  if (status !== 'uncertain') {
    log.warn({ ...logged, retry: status === 'scheduled' }, givenBack ? `not sent: ${job.channel} is paused; it waits, its try given back` : 'not sent');
  }
  return { sent: false, status, failure };
}

/**
 * Sends once through `attempt` with MAX_ATTEMPTS, counting the outcome in the tick's report; the provider's id, or null.
 * `onFailed`: the row was settled as failed by this dispatcher (not one another instance had taken over).
 */
export async function sendOnce(
  t: Tick,
  queue: Pick<QueueOps, 'markRetry' | 'settle' | 'markInDoubt' | 'putBack' | 'giveBack'>,
  job: Job,
  send: () => Promise<{ providerId: string }>,
  onFailure?: (f: SendFailure) => Promise<void>,
  onFailed?: () => void,
): Promise<string | null> {
  const outcome = await attempt(t.deps, queue, { ...job, maxAttempts: MAX_ATTEMPTS }, send, t, onFailure);
  if (outcome.sent) return outcome.providerId;
  if (outcome.status === 'lost') return null;
  if (outcome.status === 'failed') onFailed?.();
  t.report[outcome.status === 'scheduled' ? 'retrying' : outcome.status === 'uncertain' ? 'uncertain' : 'failed']++;
  return null;
}
