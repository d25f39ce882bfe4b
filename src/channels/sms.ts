import type { Twilio } from 'twilio';
import type { NotSent } from '../domain/not-sent.js';
import { NotHandedOver, turns } from './last-look.js';
import { IN_FLIGHT } from './twilio-http.js';
import { type Channel, SendFailure, type SmsOut } from './types.js';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  from?: string | undefined;
  messagingServiceSid?: string | undefined;
  apiBaseUrl?: string | undefined; // instead of https://api.twilio.com
  statusCallback?: (m: SmsOut) => string | undefined;
  timeoutMs?: number;
  /** PEM certificates to trust instead of the system's, and an HTTP proxy to tunnel through (src/channels/twilio-http.ts). */
  caBundle?: Buffer | undefined;
  proxy?: string | undefined;
}

// Twilio error codes that mean "this number will never take this message", and what to tell the owner.
const OPTED_OUT = 21610; // the recipient replied STOP
const PERMANENT: Record<number, NotSent> = {
  21211: 'invalid_number', // 'To' is not a valid phone number
  21612: 'not_mobile', // 'To' cannot be reached by SMS
  21614: 'not_mobile', // 'To' is not a mobile number
  21617: 'rejected', // the body is too long
  [OPTED_OUT]: 'unsubscribed_at_provider',
};
// Twilio error codes (with a 400) that are not about the customer at all: they pass, or the operator fixes them.
const NOT_THE_CUSTOMER: Record<number, NotSent> = {
  21611: 'rate_limited', // the sender's queue of messages is full: it empties at the sender's rate
  21212: 'provider_auth', // the 'From' number is not valid: our configuration
  21606: 'provider_auth', // the 'From' number is not a message-capable Twilio number (for this destination): our configuration
  // The account may not text that country (its Geo Permissions): our configuration too, put right in Twilio's console.
  // Before, it failed the message for good as if the number were wrong.
  21408: 'region_not_enabled',
  // A trial account texts only the numbers verified in Twilio's console: the account's state, not the customer's number.
  // Before, it failed every customer's text for good, as if the number were wrong; now it waits, as 21408 does, and goes
  // once the account is upgraded (within the 48 hours a message may be late).
  21608: 'trial_account',
};
/**
 * Twilio's test credentials (the second Account SID and Auth Token of every account): Twilio answers sends made with
 * them as if it sent, and sends nothing (https://www.twilio.com/docs/iam/test-credentials: it does not "connect to real
 * phone numbers", and such messages trigger no status callbacks). Every other resource answers 403, Twilio 20008
 * "Test Credentials" (https://www.twilio.com/docs/errors/20008): the account's GET at start among them.
 */
const TEST_CREDENTIALS = 20008;
/**
 * The codes of a send or check whose failure is Twilio refusing nextdeal's login itself (20003: a wrong Account SID or
 * Auth Token; 20008: test credentials; a 401 without Twilio's code), not its From number (21212, 21606: provider_auth
 * too) nor an account that is not active: a check of the account that passes, once restarted, shows these were put right.
 */
export const TWILIO_LOGIN_REFUSED: readonly string[] = ['Twilio 20003', `Twilio ${TEST_CREDENTIALS}`, 'HTTP 401'];

/** Gateways' answers (a proxy, a load balancer in front of Twilio): the request may have reached Twilio, and been taken. */
const GATEWAY = new Set([502, 504]);

/** Network errors that mean the request never reached Twilio: no connection, no name, no TLS. */
const NEVER_REACHED = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPROTO|ERR_TLS_\w+|ERR_SSL_\w+|CERT_\w+|UNABLE_TO_\w+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/;

interface TwilioError {
  status?: number;
  code?: number | string;
  message?: string;
  /** The request (node's ClientRequest) when no answer came: whether it had been written whole. */
  request?: { writableFinished?: boolean };
}

/**
 * Twilio's answers sorted into: try again later (429, 500, 503 and other 5xx, never reached; 21611, a full sender
 * queue; our credentials or sender, 401, 403, 21212, 21606), never (invalid number, opted out, other 4xx), or in doubt:
 * the request was written and no answer came (a read timeout, a reset after writing), or a gateway between us and
 * Twilio answered instead of it (502, 504), so Twilio may have taken the message; it is never sent again by itself,
 * but reconciled with Twilio's Messages list.
 */
export function classifyTwilioError(err: TwilioError): SendFailure {
  const code = typeof err.code === 'number' ? err.code : undefined;
  const detail = code ? `Twilio ${code}: ${err.message}` : `${err.code ?? 'network error'}: ${err.message}`;
  const permanent = code !== undefined ? PERMANENT[code] : undefined;
  if (permanent) return new SendFailure({ reason: permanent, kind: 'permanent', detail, code: `Twilio ${code}`, optedOut: code === OPTED_OUT });
  const status = err.status;
  const shown = code ? `Twilio ${code}` : status ? `HTTP ${status}` : err.code?.toString();
  const notTheCustomer = code !== undefined ? NOT_THE_CUSTOMER[code] : undefined;
  if (notTheCustomer) return new SendFailure({ reason: notTheCustomer, kind: 'retry', detail, code: shown, ofSender: true });
  if (status === undefined) {
    // Tried again only when it never reached Twilio: a network error that says so, or a request not written whole.
    // Anything else without an answer's status is in doubt, above all an error after the answer came (a 201 whose
    // body would not parse: Twilio took the message), which carries no request; reconciling settles it either way.
    const neverReached = NEVER_REACHED.test(String(err.code)) || (err.request !== undefined && err.request.writableFinished !== true);
    return new SendFailure({ reason: neverReached ? 'unreachable' : 'in_doubt', kind: neverReached ? 'retry' : 'in_doubt', detail, code: shown });
  }
  // 401/403: credentials, which the operator can fix; Twilio 20008 (403) among them: test credentials.
  if (status === 429) return new SendFailure({ reason: 'rate_limited', kind: 'retry', detail, code: shown });
  if (status === 401 || status === 403) return new SendFailure({ reason: 'provider_auth', kind: 'retry', detail, code: shown });
  // A gateway's answer came from in front of Twilio, which may well have taken the request behind it.
  if (GATEWAY.has(status)) return new SendFailure({ reason: 'in_doubt', kind: 'in_doubt', detail, code: shown });
  if (status >= 500) return new SendFailure({ reason: 'provider_error', kind: 'retry', detail, code: shown });
  return new SendFailure({ reason: 'rejected', kind: 'permanent', detail, code: shown });
}

/**
 * How far this host's clock may run ahead of Twilio's for a message it took to be found in its list. The same text to
 * the same number is this message: an earlier copy of it (the owner's "send again") is no reason to send it again.
 * At 5 minutes, a host 6 minutes fast sent every SMS in doubt a second time (the review of 3 December).
 */
const CLOCKS_APART = 60 * 60_000;

export function twilioChannel(o: TwilioOptions): Channel<SmsOut> {
  // The REST client is large: it loads with the first request, and our HTTP under it too (with its proxy agent): at the
  // server's start, that is its check of the account (in the background), elsewhere the first SMS. We retry
  // on our own schedule, from the outbox table; the client must not retry behind our back.
  let client: Promise<Twilio> | undefined;
  const connect = async () => {
    const [{ default: twilio }, { twilioHttp }] = await Promise.all([import('twilio'), import('./twilio-http.js')]);
    const timeout = o.timeoutMs ?? 15_000;
    const c = twilio(o.accountSid, o.authToken, { autoRetry: false, timeout, httpClient: twilioHttp({ timeoutMs: timeout, ca: o.caBundle, proxy: o.proxy }) });
    if (o.apiBaseUrl) c.api.baseUrl = o.apiBaseUrl.replace(/\/+$/, '');
    return c;
  };
  const twilio = () => {
    client ??= connect().catch((err) => {
      client = undefined;
      throw err;
    });
    return client;
  };
  // Every request to Twilio takes a turn here, IN_FLIGHT at most (twilio-http.ts), the others waiting in order: a send
  // looks at its claim once it has its turn (src/channels/last-look.ts), and nothing waits below, where no look is taken.
  const inTurn = turns(IN_FLIGHT);
  // Set once Twilio answered 20008 (Twilio's test credentials): from then on no send is made. With them, a send from
  // a magic number (+15005550006) is answered 201 and goes to nobody, one from a real number 21606 (Twilio's "Test
  // inputs for SMS"): marked sent, the shop would think its customers got texts. It waits instead, as for a refused
  // login (provider_auth, code Twilio 20008), until the live credentials are set and nextdeal restarted.
  let testCredentials = false;
  // The account's check at start, while under way: the first sends wait for what it finds (a few hundred milliseconds;
  // at most TWILIO_TIMEOUT_SECONDS, Twilio silent, as they would have waited on it themselves), and then take their
  // look after a wait, as after one for their turn: the customer may have said STOP meanwhile (its review: a check-in
  // went out seconds after her STOP was confirmed). Undefined once it has its answer.
  let checking: Promise<unknown> | undefined;
  const refused = (err: unknown) => {
    const failure = classifyTwilioError(err as TwilioError);
    if (failure.code === `Twilio ${TEST_CREDENTIALS}`) testCredentials = true;
    return failure;
  };
  const senderOf = (from: string | null) => (from ? { from } : o.messagingServiceSid ? { messagingServiceSid: o.messagingServiceSid } : { from: o.from! });
  return {
    transport: 'twilio',
    async send(m, lastLook) {
      const statusCallback = o.statusCallback?.(m);
      if (checking) {
        await checking.catch(() => undefined);
        lastLook?.();
        await lastLook?.afterWait?.();
      }
      if (testCredentials) {
        throw new SendFailure({ reason: 'provider_auth', kind: 'retry', detail: `Twilio ${TEST_CREDENTIALS}: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are Twilio's test credentials, which text nobody: not sent`, code: `Twilio ${TEST_CREDENTIALS}` });
      }
      try {
        const create = async () => (await twilio()).messages.create({ to: m.to, body: m.body, ...senderOf(m.from), ...(statusCallback && { statusCallback }) });
        const sent = await inTurn(create, lastLook);
        return { providerId: sent.sid };
      } catch (err) {
        if (err instanceof NotHandedOver) throw err; // its last look stopped it: Twilio never heard of it
        throw refused(err);
      }
    },
    /**
     * Looks for the message in Twilio's Messages list: to that number, from our sender (or any, for a Messaging
     * Service, whose SID must then match), the newest hundred, with the same text, created at most an hour
     * before the send began (clocks differ: CLOCKS_APART). Not filtered by the date sent: a message still in Twilio's queue (a long
     * code sends one a second, a Messaging Service queues) has none, and would be missed, then sent again.
     */
    async reconcile({ to, from, body, since }) {
      const sender = senderOf(from);
      const found = await inTurn(async () => (await twilio()).messages.list({ to, ...('from' in sender && { from: sender.from }), limit: 100 }));
      const same = (a: string) => a.replace(/\s+/g, ' ').trim();
      const match = found.find(
        (msg) =>
          same(msg.body ?? '') === same(body) &&
          msg.dateCreated.getTime() >= since - CLOCKS_APART &&
          (!('messagingServiceSid' in sender) || msg.messagingServiceSid === sender.messagingServiceSid),
      );
      return match ? { providerId: match.sid } : null;
    },
    /**
     * Asks Twilio for the account (GET /2010-04-01/Accounts/{AccountSid}.json), sending nothing: a wrong SID or auth
     * token is refused as a send would be (401, Twilio 20003: provider_auth). An account Twilio says is not active
     * (suspended, closed) sends nothing either: provider_auth too, with `account <status>` as its code; a trial account
     * (`account trial`) texts no customer. Twilio's test credentials are answered 20008 (403): no send is made after.
     * Nothing else of the answer is kept: the account's JSON carries its auth token.
     */
    async check() {
      const asking = inTurn(async () => {
        const a = await (await twilio()).api.v2010.accounts(o.accountSid).fetch();
        return { status: a.status as string | undefined, type: a.type as string | undefined };
      }).catch((err: unknown) => {
        throw refused(err);
      });
      const settled = () => void (checking === asking && (checking = undefined));
      checking = asking;
      asking.then(settled, settled);
      const account = await asking;
      // A trial account texts only the numbers verified in Twilio's console: every other customer's text waits (21608).
      const said = account.status !== 'active' ? `account ${account.status ?? 'without status'}` : account.type === 'Trial' ? 'account trial' : null;
      if (said) throw new SendFailure({ reason: 'provider_auth', kind: 'retry', detail: `Twilio: the ${said}`, code: said });
    },
  };
}
