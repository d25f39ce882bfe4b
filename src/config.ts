// The only reader of process.env. Every setting is declared here once, with what it means;
// a wrong value stops start-up with one message that names each bad variable.
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { smsSender } from './domain/contact.js';

const optional = z.string().trim().optional();

/**
 * The port a URL names after its host (after the last @, before any path), when it is none (99999, abc, 0): the URL
 * would be refused as a whole, "expected an SMTP URL", with nothing said of the port (an operator's review). Undefined
 * when it names none, or a good one.
 */
function badPort(s: string): string | undefined {
  const rest = s.slice(s.indexOf('//') + 2);
  const host = rest.slice(rest.lastIndexOf('@') + 1).split(/[/?#]/)[0]!;
  const port = /^(?:\[[^\]]*\]|[^:[\]]*):(.*)$/.exec(host)?.[1];
  // Several hosts ("host1:5432,host2:5432", which neither client takes) are no port's fault: the URL is refused as one.
  if (port === undefined || port === '' || host.includes(',')) return undefined;
  return /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535 ? undefined : port;
}

/** `example`: the URL's form with a port, for a port that is none ("smtp://…:587"). */
const url = (what: string, protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .superRefine((s, ctx) => {
      const expected = `expected ${what} (${protocols.map((p) => p + '//').join(' or ')}...)`;
      if (!protocols.some((p) => s.toLowerCase().startsWith(p + '//'))) return void ctx.addIssue({ code: 'custom', message: expected });
      // The port alone is said (as PORT's refusal says it), never the rest of the value: it may hold a password.
      const port = badPort(s);
      if (port !== undefined) return void ctx.addIssue({ code: 'custom', message: `${port} is not a port (1–65535), e.g. ${example}` });
      // As the mail and database clients read it (the last @ before the host ends the login, a stray % stays). A #, / or
      // ? in the password cuts it short, which leaves no URL ("user:p" has no port "p"): refused, saying why. (One that
      // still reads, "user:12/3@host", is read as written, as it always was.)
      // (A # that still leaves a URL, "user:p@ss#1@host", reads as host "ss": never meant, for neither client takes a #.)
      if (URL.canParse(s) && !s.includes('#')) return;
      // Never the value: it holds the password. The hint only where the login (up to the last @) holds such a sign; a
      // URL wrong elsewhere (two hosts, "host1,host2") gets none.
      const rest = s.slice(s.indexOf('//') + 2);
      if (!/[#/?]/.test(rest.slice(0, Math.max(0, rest.lastIndexOf('@'))))) return void ctx.addIssue({ code: 'custom', message: expected });
      ctx.addIssue({ code: 'custom', message: `${expected}: a #, / or ? in its user name or password must be percent-encoded (# as %23, / as %2F, ? as %3F)` });
    });

/**
 * The sslmodes node-postgres reads (pg-connection-string), and libpq's allow, which it takes as any other (TLS). Any
 * other word it also takes as TLS required: sslmode=requried against a server without TLS was told "the server does
 * not take TLS connections, and sslmode=requried asks for one" (an operator's review). Refused at start instead.
 */
const SSLMODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

function sslmode(s: string, ctx: z.RefinementCtx): void {
  if (!URL.canParse(s)) return; // said by url()
  const modes = new URL(s).searchParams.getAll('sslmode');
  const wrong = modes.find((m) => m !== 'allow' && !SSLMODES.includes(m));
  if (wrong === undefined) return;
  const said = wrong.length <= 20 && /^[\w-]*$/.test(wrong) ? `sslmode=${wrong}` : 'its sslmode';
  const expected = `${SSLMODES.slice(0, -1).join(', ')} or ${SSLMODES.at(-1)}`;
  ctx.addIssue({ code: 'custom', message: `${said} is not a mode node-postgres knows: expected sslmode=${expected} (left out: no TLS)` });
}

const holdsCertificates = (path: string) => {
  try {
    return readFileSync(path, 'utf8').includes('-----BEGIN CERTIFICATE-----');
  } catch {
    return false;
  }
};

/** A whole number from `min` to `max`, given as text (a variable, an option), with one message for anything else. */
export const int = (min: number, max: number) =>
  z.coerce
    .number({ message: `expected a whole number from ${min} to ${max}` })
    .int(`expected a whole number from ${min} to ${max}`)
    .min(min, `expected a whole number from ${min} to ${max}`)
    .max(max, `expected a whole number from ${min} to ${max}`);

/**
 * An e-mail address as a sender: local part @ host name. Unlike z.email(), a host without a dot (nextdeal@localhost,
 * as Mailpit and a machine's own mail server take) is allowed.
 */
const sender = z
  .string()
  .trim()
  .regex(/^[^\s@<>()",;:\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, 'expected an e-mail address, e.g. nextdeal@example.com');

/**
 * The folder nextdeal is installed in (package.json's; src/ and dist/ are both one level below it). The .env file is
 * read there, and relative paths (DATABASE_PATH, OUTBOX_DIR) are read from there, wherever the command is run from:
 * `npx nextdeal shop list` in another folder must find the same database, not make an empty one there.
 */
const HOME = fileURLToPath(new URL('..', import.meta.url));
const fromHome = (path: string): string => (path === ':memory:' ? path : resolve(HOME, path));

const settings = z.object({
  /** TCP port the HTTP server listens on. */
  PORT: int(1, 65535).default(3000),
  /** The address it listens on: every interface when unset; 127.0.0.1 behind a reverse proxy on the same machine. */
  HOST: optional.pipe(z.string().refine((s) => isIP(s) !== 0 || s === 'localhost', 'expected an IP address of this machine, such as 127.0.0.1, or localhost').optional()),
  /** The SQLite file; its folder is created when missing. Not used when DATABASE_URL is set. */
  DATABASE_PATH: z.string().trim().min(1).default('./data/nextdeal.db').transform(fromHome),
  /** PostgreSQL instead of SQLite, e.g. postgres://nextdeal:secret@db:5432/nextdeal: for several instances on one database. */
  DATABASE_URL: optional.pipe(url('a PostgreSQL URL', ['postgres:', 'postgresql:'], 'postgres://…:5432/nextdeal').superRefine(sslmode).optional()),
  /**
   * On PostgreSQL, how many connections to the database this instance keeps at most. A request that finds every one in
   * use for 5 s is answered 503 (a burst of sales, each shop's waiting on its lock, or a database gone quiet). Each instance has its own:
   * instances × this must stay below the server's max_connections (100 by default), with room for the commands.
   */
  DATABASE_POOL_SIZE: int(2, 1000).default(10),
  /** Base URL customers and tills reach this service at; used in links and for Twilio signatures. Default http://localhost:<PORT>. */
  PUBLIC_URL: url('an http(s) URL', ['http:', 'https:'], 'https://…:8443')
    // Links are PUBLIC_URL + a path: a query or a fragment in it would end up in the middle of every link.
    .refine((s) => !/[?#]/.test(s), { message: 'expected a base URL without a query (?…) or a fragment (#…)' })
    .transform((s) => s.replace(/\/+$/, ''))
    .optional(),
  /** SMTP server for email, e.g. smtp://user:pass@host:587 (smtps:// for TLS from the start). Unset: the outbox. */
  SMTP_URL: optional.pipe(url('an SMTP URL', ['smtp:', 'smtps:'], 'smtp://…:587').optional()),
  /** Sender address of emails; a shop can override it. */
  EMAIL_FROM: sender.default('nextdeal@localhost'),
  /** Twilio account SID (AC...). Unset: SMS go to the outbox. */
  TWILIO_ACCOUNT_SID: optional.pipe(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected AC followed by 32 hex digits').optional()),
  /** Twilio auth token: authenticates sends and verifies Twilio's webhooks. */
  TWILIO_AUTH_TOKEN: optional,
  /** Sending number in E.164 (+31...), or set TWILIO_MESSAGING_SERVICE_SID instead. */
  TWILIO_FROM: optional.pipe(smsSender.optional()),
  /** Twilio Messaging Service (MG...) to send through, instead of TWILIO_FROM. */
  TWILIO_MESSAGING_SERVICE_SID: optional.pipe(z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'expected MG followed by 32 hex digits').optional()),
  /** Send Twilio REST calls here instead of https://api.twilio.com (tests aim it at a local server). */
  TWILIO_API_BASE_URL: optional.pipe(url('an http(s) URL', ['http:', 'https:'], 'http://127.0.0.1:8080').optional()),
  /** PEM certificates to trust for Twilio's API instead of the system's (e.g. a TLS-inspecting proxy's), as twilio-node reads it. */
  TWILIO_CA_BUNDLE: optional.pipe(z.string().refine(holdsCertificates, 'expected a readable file of PEM certificates (-----BEGIN CERTIFICATE-----)').optional()),
  /** An HTTP proxy Twilio's API is reached through (CONNECT), e.g. http://proxy.internal:3128, as twilio-node reads it. */
  HTTP_PROXY: optional.pipe(url('an http(s) URL', ['http:', 'https:'], 'http://proxy.internal:3128').optional()),
  /** Folder the outbox writes messages to when a channel is not configured. */
  OUTBOX_DIR: z.string().trim().min(1).default('./data/outbox').transform(fromHome),
  /**
   * Channels (sms, email) this installation no longer sends through their provider on purpose (a shop that gave up
   * SMS): what is due by them goes to the outbox without the start being refused (src/channels/unset.ts).
   */
  OUTBOX_CHANNELS: z.string().trim().default('').transform((s, ctx) => {
    const channels = s.split(',').map((c) => c.trim()).filter(Boolean);
    const wrong = channels.filter((c) => c !== 'sms' && c !== 'email');
    if (wrong.length) ctx.addIssue({ code: 'custom', message: `expected sms, email or both, comma-separated (not ${wrong.join(', ')})` });
    return channels;
  }),
  /** Seconds before the first retry of a failed send; later retries wait four times longer each. */
  RETRY_BASE_SECONDS: int(0, 86_400).default(60),
  /**
   * Seconds an SMTP server may take to connect, greet or answer; silent before the message: retried later; after it: in
   * doubt. At most 240, as Twilio's: a send handed over within half the claim's lease is answered, or given up, within
   * the lease of 10 minutes, before another instance may take it over (src/queue/attempt.ts, CLAIM_LEASE).
   */
  SMTP_TIMEOUT_SECONDS: int(1, 240).default(30),
  /**
   * Seconds Twilio's API may take to answer; silent after the request was written: in doubt (it may have gone out).
   * At most 240: a claimed batch (twice the requests in flight) is then sent within the claim's lease of 10 minutes,
   * before another instance may take it over (src/queue/attempt.ts, CLAIM_LEASE).
   */
  TWILIO_TIMEOUT_SECONDS: int(1, 240).default(15),
  /**
   * Minutes after a send in doubt before Twilio's Messages list is asked whether it went out; not there: sent again.
   * At least 1: a message Twilio has just taken may not be in its list yet.
   */
  TWILIO_RECONCILE_MINUTES: int(1, 1440).default(10),
  /** A channel failing this many sends in a row (provider trouble, not a bad number) pauses itself... */
  CHANNEL_PAUSE_AFTER: int(1, 1000).default(5),
  /** ...for this many minutes; the messages wait and go out after. */
  CHANNEL_PAUSE_MINUTES: int(1, 1440).default(10),
  /** When set, GET /metrics asks for Authorization: Bearer <this>. */
  METRICS_TOKEN: optional.pipe(z.string().min(16, 'expected at least 16 characters').optional()),
  /**
   * Seconds a shutdown waits for requests and sends under way before it stops anyway. Above the longest timeout of a
   * channel that sends (SMTP's 30 s by default): a send under way ends in its answer, not in doubt. Not so: a warning
   * at start (see shutdownWarning).
   */
  SHUTDOWN_TIMEOUT_SECONDS: int(1, 300).default(40),
  /** Set when nextdeal runs behind a reverse proxy: how many proxies to trust for the client's address (rate limits). */
  TRUST_PROXY: int(0, 10).default(0),
  /** Customers with no purchase in this many months are erased, once a month. */
  RETENTION_MONTHS: int(1, 600).default(24),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Every setting's name: .env.example, docker-compose.yml and the README list each one (a test checks). */
export const settingNames = Object.keys(settings.shape) as (keyof typeof settings.shape)[];

const schema = settings.transform((c) => ({ ...c, PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}` }));

export type Config = z.output<typeof schema>;

/** Twilio is all or nothing: a half-configured account would silently send SMS to the outbox. */
function twilioGaps(env: Record<string, string | undefined>): { name: string; message: string }[] {
  const needed = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM', 'TWILIO_MESSAGING_SERVICE_SID'];
  if (!needed.some((k) => env[k])) return [];
  const missing = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'].filter((k) => !env[k]);
  if (!env.TWILIO_FROM && !env.TWILIO_MESSAGING_SERVICE_SID) missing.push('TWILIO_FROM');
  return missing.map((name) => ({ name, message: `required once any TWILIO_ setting is given${name === 'TWILIO_FROM' ? ' (or TWILIO_MESSAGING_SERVICE_SID)' : ''}` }));
}

export class ConfigError extends Error {}

const thisMachine = (host: string) => ['localhost', '127.0.0.1', '[::1]'].includes(host) || host.endsWith('.localhost');
/** The mail catchers a compose file names by their service (ours runs Mailpit). */
const MAIL_CATCHERS = ['mailpit', 'mailhog'];

/** Whether SMTP_URL is a mail catcher (docker-compose's Mailpit): it keeps every e-mail, and delivers none. */
// Lower-cased: URL leaves an smtp: host as written (not a special scheme), and smtp://Mailpit:1025 is the same catcher.
export const mailCatcher = (c: Config): boolean => c.SMTP_URL !== undefined && MAIL_CATCHERS.includes(new URL(c.SMTP_URL).hostname.toLowerCase());

/** What is allowed but unwise, for the start-up log: links in messages, and a shutdown shorter than a send. */
export function configWarnings(c: Config): string[] {
  const shutdown = shutdownWarning(c);
  const proxy = proxyWarning(c);
  const from = senderWarning(c);
  const outbox = sharedOutboxWarning(c);
  return [...linkWarnings(c), ...(shutdown ? [shutdown] : []), ...(proxy ? [proxy] : []), ...(from ? [from] : []), ...(outbox ? [outbox] : [])];
}

/**
 * On PostgreSQL (several instances on one database), a channel writing to the outbox writes to this instance's own
 * OUTBOX_DIR: each instance's folder holds the messages it sent, a share of them. The README said so in one bullet,
 * and nothing at run time (an operator's review: two instances, two folders, each with half the messages).
 */
function sharedOutboxWarning(c: Config): string | null {
  if (c.DATABASE_URL === undefined) return null;
  const channels = [
    (!c.TWILIO_ACCOUNT_SID || c.OUTBOX_CHANNELS.includes('sms')) && 'SMS',
    (!c.SMTP_URL || c.OUTBOX_CHANNELS.includes('email')) && 'e-mail',
  ].filter(Boolean);
  if (channels.length === 0) return null;
  const setting = [channels.includes('e-mail') && 'SMTP_URL', channels.includes('SMS') && 'Twilio (TWILIO_*)'].filter(Boolean).join(' and ');
  return `${channels.join(' and ')} go${channels.length === 1 ? 'es' : ''} to this instance's own outbox folder (OUTBOX_DIR, ${c.OUTBOX_DIR}), though the database (DATABASE_URL) may be shared: with several instances, each folder holds only the messages that instance sent, its share. Configure ${setting} to send them, or look in every instance's folder`;
}

/**
 * Real e-mail from a sender at no domain (the default nextdeal@localhost): mail servers refuse it or file it as spam,
 * and a customer's answer to it goes nowhere (a review: nothing said so at start).
 */
function senderWarning(c: Config): string | null {
  const host = c.EMAIL_FROM.slice(c.EMAIL_FROM.lastIndexOf('@') + 1);
  if (c.SMTP_URL === undefined || mailCatcher(c) || (host.includes('.') && !thisMachine(host))) return null;
  return `EMAIL_FROM is ${c.EMAIL_FROM}${c.EMAIL_FROM === 'nextdeal@localhost' ? ' (not set)' : ''} while SMTP_URL sends real e-mail: mail servers refuse a sender at ${host} or file it as spam, and a customer's answer to it reaches nobody; set EMAIL_FROM to an address of the shop's or your domain that takes mail`;
}

/**
 * Variables that look like nextdeal's (one of its settings' first words: TWILIO_, SMTP_, DATABASE_…) but are none of
 * them, with the setting meant where the name tells: TWILIO_SID was read by nothing, and texts went to the outbox.
 */
export function unknownSettings(env: NodeJS.ProcessEnv): string[] {
  const known = new Set<string>(settingNames);
  const prefixes = new Set(settingNames.filter((n) => n.includes('_') && !n.startsWith('HTTP_')).map((n) => n.slice(0, n.indexOf('_') + 1)));
  return Object.keys(env)
    .filter((name) => !known.has(name) && [...prefixes].some((p) => name.startsWith(p)) && env[name]?.trim())
    .map((name) => {
      const prefix = name.slice(0, name.indexOf('_') + 1);
      const words = name.slice(prefix.length).split('_');
      const alike = settingNames.filter((n) => n.startsWith(prefix) && n.slice(prefix.length).split('_').some((w) => words.includes(w)));
      const meant = alike.length ? `did you mean ${alike.join(' or ')}?` : `nextdeal reads ${settingNames.filter((n) => n.startsWith(prefix)).join(', ')}`;
      return `${name} is set but nextdeal reads no such setting: ${meant} (see the README's configuration table)`;
    });
}

/**
 * TRUST_PROXY believes the address a proxy names (X-Forwarded-For); heard on every interface, anyone who reaches the
 * port itself names any address, and the limits on each address (owners' logins, the join page's codes) count
 * nothing (a security review: 25 guesses from "25 addresses", 46 codes texted). Warned, not refused: only the proxy
 * may be able to reach the port (a container published on 127.0.0.1, or not at all).
 */
function proxyWarning(c: Config): string | null {
  if (c.TRUST_PROXY === 0 || !(c.HOST === undefined || c.HOST === '0.0.0.0' || c.HOST === '::')) return null;
  return `TRUST_PROXY is ${c.TRUST_PROXY} while nextdeal listens on every interface${c.HOST ? ` (HOST ${c.HOST})` : ' (HOST is not set)'}: anyone who reaches port ${c.PORT} without the proxy can name any address in X-Forwarded-For, and the limits on each address (owners' logins, the join page's codes) count nothing. Set HOST=127.0.0.1 with the proxy on this machine, or let nothing but the proxy reach the port (docker-compose: NEXTDEAL_PORT=127.0.0.1:3000)`;
}

/**
 * A shutdown that may stop before a send under way has its answer: that send is left in doubt (an e-mail is never
 * sent again by itself). Warned, not refused: only the channels that really send count, a stop is rare, and a service
 * that will not start takes no sales either (the tills' webhooks fail, and a vendor switches them off).
 */
function shutdownWarning(c: Config): string | null {
  const sending: [string, number][] = [];
  if (c.SMTP_URL) sending.push(['SMTP_TIMEOUT_SECONDS', c.SMTP_TIMEOUT_SECONDS]);
  if (c.TWILIO_ACCOUNT_SID) sending.push(['TWILIO_TIMEOUT_SECONDS', c.TWILIO_TIMEOUT_SECONDS]);
  const [name, seconds] = sending.sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  if (c.SHUTDOWN_TIMEOUT_SECONDS > seconds) return null;
  return `SHUTDOWN_TIMEOUT_SECONDS is ${c.SHUTDOWN_TIMEOUT_SECONDS}, not above ${name} (${seconds}): a send under way when nextdeal stops may be cut off and left in doubt; set it to more than ${seconds}, and give the process manager's stop as long`;
}

/**
 * Links in messages (unsubscribe, reply) must be https for RFC 8058 one-click unsubscribe and for customers' trust;
 * plain http is fine on this machine only, and this machine is no place for links in messages that reach real
 * customers (an SMTP server or Twilio set up).
 */
function linkWarnings(c: Config): string[] {
  const url = new URL(c.PUBLIC_URL);
  const local = thisMachine(url.hostname);
  // docker-compose's Mailpit catches the e-mail: nobody outside reads its links. (An SMTP server on this machine may
  // well relay to the world: a local postfix.)
  const smtpReal = c.SMTP_URL !== undefined && !mailCatcher(c);
  const caught = mailCatcher(c)
    ? [`SMTP_URL is ${new URL(c.SMTP_URL!).hostname}, a mail catcher: it keeps every e-mail and delivers none, to customers or to owners; set SMTP_URL to your mail server to send for real`]
    : [];
  const live = [smtpReal && 'SMTP', c.TWILIO_ACCOUNT_SID && 'Twilio'].filter(Boolean).join(' and ');
  if (local && live) {
    return [...caught, `PUBLIC_URL is ${url.origin}, this machine, while ${live} send${live.includes(' and ') ? '' : 's'} real messages: their unsubscribe and reply links${c.TWILIO_ACCOUNT_SID ? " and Twilio's callbacks" : ''} would point there; set PUBLIC_URL to the https address customers${c.TWILIO_ACCOUNT_SID ? ' and Twilio' : ''} reach nextdeal at`];
  }
  return url.protocol === 'https:' || local
    ? caught
    : [...caught, `PUBLIC_URL is not https (${url.origin}): the unsubscribe and reply links in messages must be https (RFC 8058); put nextdeal behind a TLS proxy and give its https address`];
}

/** Parses settings from `env` (by default process.env, plus ./.env when present). Throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = readEnv()): Config {
  // An empty variable (PORT=) means "not set", as in most shells' and compose files' habits.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(given);
  const issues = [...(parsed.success ? [] : parsed.error.issues.map((i) => ({ name: i.path.join('.'), message: i.message }))), ...twilioGaps(given)];
  if (parsed.success && issues.length === 0) return parsed.data;
  const lines = issues.map((i) => `  ${i.name}: ${i.message}`);
  throw new ConfigError(`nextdeal cannot start, the configuration is wrong:\n${lines.join('\n')}`);
}

/** process.env, after filling in what the .env file beside package.json sets (the real environment wins). */
export function readEnv(): NodeJS.ProcessEnv {
  const file = join(HOME, '.env');
  if (existsSync(file)) loadDotenv({ path: file, quiet: true });
  return process.env;
}
