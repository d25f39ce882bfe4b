import type { Twilio } from 'twilio';
import type { NotSent } from '../domain/not-sent.js';
import { type Channel, SendFailure, type SmsOut } from './types.js';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  from?: string | undefined;
  messagingServiceSid?: string | undefined;
  apiBaseUrl?: string | undefined; // instead of https://api.twilio.com
  statusCallback?: (m: SmsOut) => string | undefined;
  timeoutMs?: number;
}

// Twilio error codes that mean "this number will never take this message", and what to tell the owner.
const OPTED_OUT = 21610; // the recipient replied STOP
const PERMANENT: Record<number, NotSent> = {
  21211: 'invalid_number', // 'To' is not a valid phone number
  21408: 'rejected', // no permission to send to that region
  21612: 'not_mobile', // 'To' cannot be reached by SMS
  21614: 'not_mobile', // 'To' is not a mobile number
  21617: 'rejected', // the body is too long
  [OPTED_OUT]: 'unsubscribed_at_provider',
};

/** Twilio's answers sorted into: try again later (429, 5xx, network), or never (invalid number, opted out, other 4xx). */
export function classifyTwilioError(err: { status?: number; code?: number | string; message?: string }): SendFailure {
  const code = typeof err.code === 'number' ? err.code : undefined;
  const detail = code ? `Twilio ${code}: ${err.message}` : `${err.code ?? 'network error'}: ${err.message}`;
  const permanent = code !== undefined ? PERMANENT[code] : undefined;
  if (permanent) return new SendFailure({ reason: permanent, kind: 'permanent', detail, code: `Twilio ${code}`, optedOut: code === OPTED_OUT });
  const status = err.status;
  const shown = code ? `Twilio ${code}` : status ? `HTTP ${status}` : err.code?.toString();
  // No status: the request never got an answer. 401/403: credentials, which the operator can fix.
  if (status === undefined) return new SendFailure({ reason: 'unreachable', kind: 'retry', detail, code: shown });
  if (status === 429) return new SendFailure({ reason: 'rate_limited', kind: 'retry', detail, code: shown });
  if (status === 401 || status === 403) return new SendFailure({ reason: 'provider_auth', kind: 'retry', detail, code: shown });
  if (status >= 500) return new SendFailure({ reason: 'provider_error', kind: 'retry', detail, code: shown });
  return new SendFailure({ reason: 'rejected', kind: 'permanent', detail, code: shown });
}

export function twilioChannel(o: TwilioOptions): Channel<SmsOut> {
  // The REST client is large: it loads with the first SMS. We retry on our own schedule, from the outbox table;
  // the client must not retry behind our back.
  let client: Promise<Twilio> | undefined;
  const connect = async () => {
    const { default: twilio } = await import('twilio');
    const c = twilio(o.accountSid, o.authToken, { autoRetry: false, timeout: o.timeoutMs ?? 15_000, keepAlive: true });
    if (o.apiBaseUrl) c.api.baseUrl = o.apiBaseUrl.replace(/\/+$/, '');
    return c;
  };
  return {
    transport: 'twilio',
    async send(m) {
      const sender = m.from ? { from: m.from } : o.messagingServiceSid ? { messagingServiceSid: o.messagingServiceSid } : { from: o.from! };
      const statusCallback = o.statusCallback?.(m);
      try {
        client ??= connect().catch((err) => {
          client = undefined;
          throw err;
        });
        const sent = await (await client).messages.create({ to: m.to, body: m.body, ...sender, ...(statusCallback && { statusCallback }) });
        return { providerId: sent.sid };
      } catch (err) {
        throw classifyTwilioError(err as { status?: number; code?: number });
      }
    },
  };
}
