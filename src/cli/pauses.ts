// A channel paused after its provider kept failing (src/db/health.ts), as `shop show` and `dispatch` report it: in
// their JSON, and as a warning on stderr naming until when, why (the code), and what to put right.
import { type ChannelPause, outboxDiskFull } from '../db/health.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The pause as the commands' JSON shows it (`channelsPaused`). */
export const pauseView = (p: ChannelPause) => ({ channel: p.channel, until: iso(p.pausedUntil), failures: p.failures, lastError: p.lastError, loginRefused: p.loginRefused });

/** The warning line for stderr. */
export function pauseWarning(p: ChannelPause): string {
  const fix = p.cause === 'login'
    ? p.lastError === 'Twilio 20008'
      ? 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are Twilio\'s test credentials: set the live ones, '
      : `the provider refused the login: put ${p.channel === 'sms' ? 'TWILIO_AUTH_TOKEN (or TWILIO_FROM)' : 'SMTP_URL'} right, `
    : p.cause === 'outbox'
      ? `the outbox (OUTBOX_DIR) could not be written, no provider involved: ${outboxDiskFull(p) ? 'its disk (or the quota on it) is full: free space there' : 'let nextdeal write there'}, `
      : '';
  return `warning: ${p.channel} is paused until ${iso(p.pausedUntil)} after ${p.failures} failures in a row (${p.lastError ?? 'no code'}): ${fix}its messages wait, for every shop\n`;
}
