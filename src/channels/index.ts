import { readFileSync } from 'node:fs';
import { type Config, mailCatcher } from '../config.js';
import type { ChannelName, Delivering } from '../domain/plan.js';
import { smtpChannel } from './email.js';
import { emailOutbox, smsOutbox } from './outbox.js';
import type { HealthStore } from '../db/health.js';
import type { Logger } from '../log.js';
import { TWILIO_LOGIN_REFUSED, twilioChannel } from './sms.js';
import { type Channel, type Channels, SendFailure } from './types.js';

/**
 * The live channel where it is configured, the outbox where it is not, or where OUTBOX_CHANNELS names it (a shop that
 * gave SMS up on purpose, its Twilio settings perhaps still in its .env).
 */
export function channelsFrom(config: Config): Channels {
  const live = (channel: 'sms' | 'email') => !config.OUTBOX_CHANNELS.includes(channel);
  return {
    email: config.SMTP_URL && live('email') ? smtpChannel({ url: config.SMTP_URL, timeoutMs: config.SMTP_TIMEOUT_SECONDS * 1000, catcher: mailCatcher(config) }) : emailOutbox(config.OUTBOX_DIR),
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

/** What the start-up log says of a provider asked once at start: `code` is the provider's, never its words. */
export interface ProviderSaid {
  ok: boolean;
  code?: string | undefined;
  msg: string;
  /** A setting allowed but unwise (the channel's caution), warned of whatever the check found. */
  caution?: string;
}

/** Runs a channel's check and words what came of it: `ok` when it passed, `failed` (given the failure) when not. */
async function asked(channel: Pick<Channel<never>, 'check'>, ok: string, failed: (f: SendFailure | undefined, said: string) => string): Promise<ProviderSaid | null> {
  if (!channel.check) return null;
  try {
    await channel.check();
    return { ok: true, msg: ok };
  } catch (err) {
    const failure = err instanceof SendFailure ? err : undefined;
    const code = failure?.code;
    return { ok: false, code, msg: failed(failure, code === undefined ? '' : ` (${code})`) };
  }
}

/**
 * What the start-up log says of the mail server, found by logging in once at start (the greeting, EHLO, STARTTLS and
 * the login, as a send meets them): a refused login, an unreachable server, TLS that could not be set up, or a server
 * refusing nextdeal at the greeting is said then, not first when a customer's e-mail waits on it. Null when e-mail goes
 * to the outbox. Only the provider's code is said, never its text (it may name the login); where no server answered,
 * what failed is said in this machine's words (a TLS handshake's "certificate has expired").
 */
export const checkMailServer = async (c: Channels): Promise<ProviderSaid | null> => {
  const said = await asked(c.email, 'the mail server in SMTP_URL took nextdeal\'s login', (f, code) => mailServerFailed(f, code, c.email.server));
  return said && c.email.caution !== undefined ? { ...said, caution: c.email.caution } : said;
};

/**
 * Words a TLS handshake fails with (Node's: a certificate expired, self-signed, for another host; OpenSSL's "SSL
 * routines … wrong version number", smtps:// to a port without TLS). Case-sensitive: a host named tls.example.com is none.
 */
const TLS_WORDS = /certificate|SSL routines|self[- ]signed|altnames|\bTLS\b/;

/**
 * What OpenSSL says when what answered was no TLS at all: a plain SMTP greeting ("220 …") read as a TLS record
 * (OpenSSL's "wrong version number", "packet length too long", "unknown protocol"). smtps:// to a STARTTLS port (587,
 * 25): no certificate to put right (a review: it was blamed on one).
 */
const NOT_TLS_WORDS = /wrong version number|packet length too long|unknown protocol/i;

type Server = Channel<never>['server'];

function mailServerFailed(failure: SendFailure | undefined, said: string, server: Server): string {
  // Not the server's words: those of this machine's own connection (no SMTP answer in it).
  const rest = failure?.message.slice(failure.message.indexOf(': ') + 2);
  const ours = failure && !failure.message.startsWith('SMTP ') && !rest!.startsWith('SMTP ') ? `: ${rest}` : '';
  if (failure !== undefined && server?.tls && NOT_TLS_WORDS.test(ours)) {
    return `the mail server on ${server.host}:${server.port} does not start with TLS${said}: smtps:// in SMTP_URL is for a port that does (465); for ${server.port === 465 ? 'a STARTTLS port (587)' : server.port} use smtp:// (STARTTLS). E-mails wait and are tried again until SMTP_URL is put right and nextdeal is restarted`;
  }
  if (failure?.reason === 'provider_auth') {
    return `the mail server refused nextdeal's login${said}: e-mails wait and are tried again, and no customer gets one until the user and password in SMTP_URL are put right and nextdeal is restarted`;
  }
  if (failure?.code === 'ETLS' && !ours) {
    return `the mail server in SMTP_URL did not offer TLS (STARTTLS), or refused it${said}: nextdeal sends neither its login nor an e-mail unencrypted to another machine, so e-mails wait and are tried again, and none goes until the mail server offers STARTTLS (or SMTP_URL uses smtps:// where the server takes TLS; ?requireTLS=false only on a network of your own)`;
  }
  if (failure !== undefined && (failure.code === 'ETLS' || TLS_WORDS.test(ours))) {
    return `could not set up TLS with the mail server in SMTP_URL${said}${ours}: e-mails wait and are tried again, and none goes until the mail server's certificate is put right (or SMTP_URL names the host its certificate is for)`;
  }
  if (failure?.code?.startsWith('SMTP ')) {
    return Number(failure.code.slice(5)) >= 500
      ? `the mail server in SMTP_URL refused nextdeal before any e-mail${said}: e-mails wait and are tried again, and none goes until it lets this machine send through it (it may have this machine's address on a blocklist, or not be the server to send through: ask its administrator)`
      : `the mail server in SMTP_URL would not take nextdeal now${said}: e-mails wait and are tried again`;
  }
  // smtp:// to a port that speaks TLS from the first byte (465) waits for a greeting that never comes in clear text.
  const tlsPort = server !== undefined && !server.tls && server.port === 465 ? '; on port 465 use smtps://' : '';
  return `could not log in to the mail server in SMTP_URL${said}${ours}: e-mails wait and are tried again; check its host and port if this goes on${tlsPort}`;
}

/**
 * What the start-up log says of Twilio, found by asking it once at start for the account (sending nothing): a wrong
 * account SID or auth token, an account Twilio does not know, or one it suspended or closed is said then, not first
 * the next morning when every check-in fails. Twilio out of reach is said too, and stops nothing. Null when SMS goes
 * to the outbox. Only Twilio's code is said (Twilio 20003), never its words, nor the token.
 */
export const checkTwilio = (c: Channels): Promise<ProviderSaid | null> =>
  asked(c.sms, 'Twilio took nextdeal\'s login (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN): its account is active', (failure, said) => {
    const code = failure?.code ?? '';
    // Twilio's test credentials (https://www.twilio.com/docs/errors/20008): every resource but a few sends refuses them,
    // and a send "works" and reaches nobody. Not a refused login: the installer copied the wrong pair.
    if (code === 'Twilio 20008') {
      return `TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are Twilio's test credentials${said}: with them Twilio texts nobody, so no customer gets an SMS; they wait and are tried again until TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set to the live Account SID and Auth Token (in Twilio's console, not its "Test credentials") and nextdeal is restarted`;
    }
    if (code === 'account trial') {
      return `Twilio's account in TWILIO_ACCOUNT_SID is a trial account${said}: it texts only the numbers verified in Twilio's console, so customers' texts wait (Twilio 21608), each up to 48 hours, until the account is upgraded`;
    }
    // Twilio's answers for an account that is not active (its error pages: 20005, 10001; 20403 "typically … suspended
    // or closed"), as a refused login may be too (20003).
    if (code.startsWith('account ') || ['Twilio 20005', 'Twilio 10001', 'Twilio 20403'].includes(code)) {
      return code === 'account suspended'
        ? `Twilio's account in TWILIO_ACCOUNT_SID is suspended${said}: no SMS goes out until it is active again (see Twilio's console: its billing, or Twilio's message about it); they wait and are tried again`
        : `Twilio's account in TWILIO_ACCOUNT_SID is not active${said}: no SMS goes out through it; set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to an active account's and restart nextdeal`;
    }
    if (failure?.reason === 'provider_auth') {
      return `Twilio refused nextdeal's login${said}: SMS wait and are tried again, and no customer gets one until TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (the Account SID and Auth Token in Twilio's console) are put right and nextdeal is restarted (if they are right, see in Twilio's console whether the account was suspended or closed: Twilio refuses its login too)`;
    }
    if (code === 'Twilio 20404') {
      return `Twilio knows no account TWILIO_ACCOUNT_SID${said}: SMS wait and are tried again, and no customer gets one until TWILIO_ACCOUNT_SID is put right (the Account SID in Twilio's console) and nextdeal is restarted`;
    }
    // Not Twilio's own answer (its 404 says 20404): what answered is not Twilio's API, most likely.
    if (code === 'HTTP 404') {
      return `the account in TWILIO_ACCOUNT_SID was not found${said}, and not by Twilio's own answer: SMS wait and are tried again; check TWILIO_API_BASE_URL (or the proxy in HTTP_PROXY) if set, then TWILIO_ACCOUNT_SID`;
    }
    // (Texts go on: the check is not a send. Said so, for `dispatch` reported them sent beside "SMS wait": frv-a.)
    return `could not ask Twilio about the account in TWILIO_ACCOUNT_SID${said}: this changes nothing for texts, which go as they would without it (none while SMS is paused), and one that cannot reach Twilio waits and is tried again; check that this machine reaches Twilio's API (TWILIO_API_BASE_URL, HTTP_PROXY, TWILIO_CA_BUNDLE) if this goes on`;
  });

const PROVIDERS = {
  email: { ask: checkMailServer, provider: 'the mail server', name: 'e-mail', loginCodes: undefined },
  sms: { ask: checkTwilio, provider: 'Twilio', name: 'SMS', loginCodes: TWILIO_LOGIN_REFUSED },
} as const;

/**
 * Asks one live provider once (checkMailServer, checkTwilio; null when its channel writes to the outbox). One that took
 * nextdeal's login ends the pause a refused login left (the settings were put right): for SMS only a pause of a refused
 * login itself (TWILIO_LOGIN_REFUSED: not of a refused From number, nor of an account not active), and only when the
 * account is active and no trial one (else the check does not pass). Any other pause ends with CHANNEL_PAUSE_MINUTES.
 * `lifted`: a pause (or failures counted toward one) ended. Twilio's check, once called, holds the channel's first
 * sends until it has its answer (and none goes with Twilio's test credentials): src/channels/sms.ts.
 */
export async function askProvider(c: Channels, health: Pick<HealthStore, 'liftLoginPause'>, channel: ChannelName): Promise<{ said: ProviderSaid; lifted: boolean } | null> {
  const { ask, loginCodes } = PROVIDERS[channel];
  const said = await ask(c);
  if (!said) return null;
  return { said, lifted: said.ok && (await health.liftLoginPause(channel, Date.now(), loginCodes)) };
}

/**
 * What is said when asking a provider ended the pause of a refused login, and also of failures short of a pause ("was
 * paused" was said of a channel never paused).
 */
export const loginPauseLifted = (channel: ChannelName): string => `${PROVIDERS[channel].name} had its login refused before: it goes again`;

/**
 * What the server does with the providers as it starts, in the background: asks each live one once (askProvider) and
 * logs what it said, and when a refused login's pause ended (the settings were put right and nextdeal restarted).
 */
export const askProviders = (c: Channels, health: Pick<HealthStore, 'liftLoginPause'>, log: Logger): Promise<void> =>
  Promise.all(
    (['email', 'sms'] as const).map((channel) =>
      askProvider(c, health, channel)
        .then((asked) => {
          if (!asked) return;
          if (asked.said.caution !== undefined) log.warn(asked.said.caution);
          if (!asked.said.ok) return void log.warn({ code: asked.said.code }, asked.said.msg);
          log.info(asked.said.msg);
          if (asked.lifted) log.info(loginPauseLifted(channel));
        })
        .catch((err: unknown) => log.error({ err }, `could not check ${PROVIDERS[channel].provider}`)),
    ),
  ).then(() => undefined);

export type { Channels } from './types.js';
