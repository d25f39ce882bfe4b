// A channel without its provider's settings writes to the outbox, where no customer gets anything. Right for a new
// installation trying nextdeal without accounts; wrong for one that has sent through Twilio or SMTP and was started (or
// dispatched by hand) without those settings: moved to another machine without its .env, say. `nextdeal dispatch` and
// the server both refuse that case, in the same words.
import type { Config } from '../config.js';

/** The message counts by channel and status (store.messages.counts): 'sent' never counts one the outbox took. */
export type MessageCounts = () => Promise<readonly { channel: string; status: string; n: number | string }[]>;

/**
 * Why what is due would go to the outbox of an installation that sends through its providers, naming the provider, how
 * many went through it, the setting that is missing and the outbox; null when nothing is so (every channel set, or a
 * channel without settings that never sent through a provider).
 */
export async function providerSettingsMissing(config: Config, counts: MessageCounts): Promise<{ settings: string; channels: string[]; why: string } | null> {
  const unset = [
    { channel: 'sms', setting: 'TWILIO_ACCOUNT_SID (with TWILIO_AUTH_TOKEN and TWILIO_FROM)', provider: 'Twilio', what: 'SMS', missing: !config.TWILIO_ACCOUNT_SID },
    { channel: 'email', setting: 'SMTP_URL', provider: 'SMTP', what: 'e-mails', missing: !config.SMTP_URL },
  ].filter((c) => c.missing && !config.OUTBOX_CHANNELS.includes(c.channel));
  if (unset.length === 0) return null;
  const all = await counts();
  const sent = (channel: string) => all.filter((c) => c.channel === channel && c.status === 'sent').reduce((n, c) => n + Number(c.n), 0);
  const live = unset.map((c) => ({ ...c, sent: sent(c.channel) })).filter((c) => c.sent > 0);
  if (live.length === 0) return null;
  const settings = live.map((c) => c.setting).join(' and ');
  return {
    settings,
    channels: live.map((c) => c.channel),
    why:
      `this installation sends its messages through ${live.map((c) => `${c.provider} (${c.sent} ${c.what} sent)`).join(' and ')}, but ${settings} ${live.length > 1 ? 'are' : 'is'} not set here: ` +
      `the ${live.map((c) => c.what).join(' and ')} due would be written to the outbox (${config.OUTBOX_DIR}), and no customer would get them.`,
  };
}
