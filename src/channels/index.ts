import { readFileSync } from 'node:fs';
import { type Config, mailCatcher } from '../config.js';
import type { Delivering } from '../domain/plan.js';
import { smtpChannel } from './email.js';
import { emailOutbox, smsOutbox } from './outbox.js';
import { twilioChannel } from './sms.js';
import { type Channels, SendFailure } from './types.js';

/**
 * The live channel where it is configured, the outbox where it is not, or where OUTBOX_CHANNELS names it (a shop that
 * gave SMS up on purpose, its Twilio settings perhaps still in its .env).
 */
export function channelsFrom(config: Config): Channels {
  const live = (channel: 'sms' | 'email') => !config.OUTBOX_CHANNELS.includes(channel);
  return {
    email: config.SMTP_URL && live('email') ? smtpChannel({ url: config.SMTP_URL, timeoutMs: config.SMTP_TIMEOUT_SECONDS * 1000 }) : emailOutbox(config.OUTBOX_DIR),
    sms: config.TWILIO_ACCOUNT_SID && live('sms')
      ? twilioChannel({
          accountSid: config.TWILIO_ACCOUNT_SID,
          authToken: config.TWILIO_AUTH_TOKEN!,
          from: config.TWILIO_FROM,
          messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID,
          apiBaseUrl: config.TWILIO_API_BASE_URL,
          timeoutMs: config.TWILIO_TIMEOUT_SECONDS * 1000,
          caBundle: config.TWILIO_CA_BUNDLE ? readFileSync(config.TWILIO_CA_BUNDLE) : undefined,
          proxy: config.HTTP_PROXY,
          // Twilio reports delivery (delivered, undelivered, failed) to this URL, for every SMS. It names our row, so a
          // callback for a send whose answer never came settles that message too: by its id and when it was made, as
          // an id alone may name another customer's message by then (a deleted shop's id given again, a restore).
          statusCallback: (m) => `${config.PUBLIC_URL}/v1/twilio/status?message=${m.messageId}${m.createdAt === undefined ? '' : `&created=${m.createdAt}`}`,
        })
      : smsOutbox(config.OUTBOX_DIR),
  };
}

/**
 * Which channels reach a customer: those channelsFrom() makes live, less e-mail to a mail catcher (SMTP_URL naming
 * Mailpit or MailHog, which keep what they take): the outbox and a catcher give nobody anything.
 */
export const delivering = (config: Config): Delivering => ({
  sms: Boolean(config.TWILIO_ACCOUNT_SID) && !config.OUTBOX_CHANNELS.includes('sms'),
  email: Boolean(config.SMTP_URL) && !config.OUTBOX_CHANNELS.includes('email') && !mailCatcher(config),
});

/** One line for the start-up log: which channel is live, which writes to the outbox. */
export const describeChannels = (c: Channels, config: Config): string =>
  (['sms', 'email'] as const)
    .map((name) => (c[name].transport === 'outbox' ? `${name} → outbox (${config.OUTBOX_DIR})` : `${name} → ${c[name].transport}`))
    .join(', ');

/**
 * What the start-up log says of the mail server, found by logging in once at start: a refused login or an unreachable
 * server is said then, not first when a customer's e-mail waits on it. Null when e-mail goes to the outbox. Only the
 * provider's code is said, never its text (it may name the login).
 */
export async function checkMailServer(c: Channels): Promise<{ ok: boolean; code?: string; msg: string } | null> {
  if (!c.email.check) return null;
  try {
    await c.email.check();
    return { ok: true, msg: 'the mail server in SMTP_URL took nextdeal\'s login' };
  } catch (err) {
    const failure = err instanceof SendFailure ? err : undefined;
    const code = failure?.code;
    const said = code === undefined ? '' : ` (${code})`;
    if (failure?.reason === 'provider_auth') {
      return { ok: false, code, msg: `the mail server refused nextdeal's login${said}: e-mails wait and are tried again, and no customer gets one until the user and password in SMTP_URL are put right and nextdeal is restarted` };
    }
    return { ok: false, code, msg: `could not log in to the mail server in SMTP_URL${said}: e-mails wait and are tried again; check its host and port if this goes on` };
  }
}

export type { Channels } from './types.js';
