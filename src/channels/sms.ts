import type { Twilio } from 'twilio';
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

// Twilio error codes that mean "this number will never take this message".
const OPTED_OUT = 21610; // the recipient replied STOP
const PERMANENT_CODES = new Set([21211, 21408, 21612, 21614, 21617, OPTED_OUT]);

/** Twilio's answers sorted into: try again later (429, 5xx, network), or never (invalid number, opted out, other 4xx). */
export function classifyTwilioError(err: { status?: number; code?: number | string; message?: string }): SendFailure {
  const code = typeof err.code === 'number' ? err.code : undefined;
  const detail = code ? `Twilio ${code}: ${err.message}` : `${err.code ?? 'network error'}: ${err.message}`;
  if (code === OPTED_OUT) return new SendFailure(detail, 'permanent', String(code), true);
  if (code !== undefined && PERMANENT_CODES.has(code)) return new SendFailure(detail, 'permanent', String(code));
  const status = err.status;
  // No status: the request never got an answer. 401/403: credentials, which the operator can fix.
  const retry = status === undefined || status === 429 || status >= 500 || status === 401 || status === 403;
  return new SendFailure(detail, retry ? 'retry' : 'permanent', code ? String(code) : status ? String(status) : err.code?.toString());
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
