import { readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { smtpChannel } from './email.js';
import { emailOutbox, smsOutbox } from './outbox.js';
import { twilioChannel } from './sms.js';
import type { Channels } from './types.js';

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

/** One line for the start-up log: which channel is live, which writes to the outbox. */
export const describeChannels = (c: Channels, config: Config): string =>
  (['sms', 'email'] as const)
    .map((name) => (c[name].transport === 'outbox' ? `${name} → outbox (${config.OUTBOX_DIR})` : `${name} → ${c[name].transport}`))
    .join(', ');

export type { Channels } from './types.js';
