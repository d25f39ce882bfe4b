import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Readable } from 'node:stream';
import { NotHandedOver, turns } from './last-look.js';
import { type Channel, type EmailOut, SendFailure } from './types.js';

/** nodemailer's message for an outgoing e-mail: text and HTML parts. Shared with the outbox, which writes it as .eml. */
export const mailOptions = (m: EmailOut): Mail.Options => ({
  from: m.from,
  to: m.to,
  ...(m.replyTo && { replyTo: m.replyTo }),
  subject: m.subject,
  text: m.text,
  html: m.html,
  headers: m.headers,
});

interface SmtpError {
  code?: string;
  /** nodemailer's: the command the server answered ('MAIL FROM', 'RCPT TO', 'DATA'). */
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/**
 * Without an enhanced status code (RFC 3463), what RFC 5321 says these mean at RCPT TO: the recipient's mailbox does not
 * exist (550), the user is not local (551), the mailbox name is not allowed (553).
 */
const NO_MAILBOX = new Set([550, 551, 553]);
/**
 * The enhanced status codes (RFC 3463, the registry of RFC 5248) about the recipient's own address or mailbox: X.1.1
 * bad destination mailbox, X.1.2 bad destination system (no such domain), X.1.3 bad address syntax, X.1.4 ambiguous,
 * X.1.5 (valid, yet refused), X.1.6 moved with no forwarding address, X.1.10 a domain that takes no mail (null MX, RFC
 * 7505); X.2.x the mailbox's state (disabled, full, a message too large for it). Not X.1.0 (any address: the server's
 * words do not say whose), X.1.7 and X.1.8 (the sender's address or domain), X.3.x and X.4.x (the receiving system, the
 * route), X.5.x (the protocol), X.7.x (policy and security: "554 5.7.1 Relay access denied", a login or TLS required, a
 * sender the account may not use): those hold for every message through that relay.
 */
const OF_MAILBOX = /^[45]\.(?:1\.(?:[1-6]|10)|2\.\d{1,3})$/;
/**
 * The server refused our credentials or how we talk to it: authentication required, or (before it) STARTTLS (530),
 * temporarily failed (454), mechanism too weak (534), invalid credentials (535), encryption required (538). The
 * operator's configuration, not the recipient: like Twilio's 401/403, tried again and counted toward the channel's
 * pause, never failed for good.
 */
const AUTH_RESPONSES = new Set([454, 530, 534, 535, 538]);
/**
 * At MAIL FROM, answers about the server itself rather than the sender: closing (421), a local error (451), out of
 * storage (452). Any other refusal there is of the sender address: Postfix answers 450 for a sender domain it cannot
 * find, 553 for one the login may not use, 554 for one it was told to refuse.
 */
const SERVER_TROUBLE = new Set([421, 451, 452]);
/**
 * A refusal of the sender wherever it comes. Postfix says its sender restrictions at RCPT TO, not at MAIL FROM (its
 * default smtpd_delay_reject=yes): "553 5.7.1 <winkel@bakker.example>: Sender address rejected: not owned by user",
 * "450 4.1.8 … Sender address rejected: Domain not found"; X.1.7 and X.1.8 (RFC 3463) are the sender's address and
 * domain; Exim says "Sender verify failed". Taken for the relay's (a review), one shop's own From refused paused
 * e-mail for every shop, and that shop's owner was never told its own address was the trouble.
 */
const SENDER_STATUS = /^[45]\.1\.[78]$/;
const SENDER_WORDS = /sender address rejected|sender (?:callout )?verif(?:y|ication) failed/i;
/**
 * Words of a 5xx at RCPT TO without a mailbox's enhanced status that say it is about the relay, not the recipient:
 * Exim's and cPanel's bare "550 relay not permitted", "550 Please turn on SMTP Authentication in your mail client …",
 * "550 Verification failed for <…>", "550 5.0.0 Relaying denied", qmail's "553 sorry, that domain isn't in my list of
 * allowed rcpthosts". Read as "no such mailbox", every check-in failed for
 * good as a customer's dead address, and nothing paused (a review).
 */
const RELAY_WORDS = /\brelay(?:ing)?\b|authenticat|not permitted|verification failed|rcpthosts/i;
/**
 * Refusals at the end of DATA of the sender's authorisation, not of the message's content: SPF and DMARC and the
 * sender's domain (RFC 7372: 5.7.23, 5.7.24, 5.7.26, 5.7.27; Gmail's "550 5.7.26 … sender is unauthenticated"),
 * Microsoft 365's "550 5.7.60 Client does not have permissions to send as this sender" and "554 5.2.0
 * STOREDRV.Submission.Exception:SendAsDeniedException". They hold for every message from that sender (a review: each
 * failed for good, with no pause and no banner); the server took none, so a retry cannot deliver one twice. 5.7.25,
 * the sending host's reverse DNS, is the relay's: RELAY_AT_DATA.
 */
const SENDER_AUTH = /^5\.7\.(?:2[3467]|60)$/;
const SEND_AS = /SendAs/i;
const RELAY_AT_DATA = '5.7.25';
/** nodemailer's codes for a failed login (EAUTH, with or without the server's answer) and for missing credentials. */
const AUTH_CODES = new Set(['EAUTH', 'ENOAUTH']);

/**
 * What a failed SMTP send means. A refused login is our configuration: tried again (provider_auth). A refused sender
 * (at MAIL FROM, or at RCPT TO as Postfix says it: SENDER_STATUS, SENDER_WORDS) is the sender's setting, a shop's own or EMAIL_FROM, never the customer's mailbox: tried again
 * (sender_refused, ofSender), whether 4xx or 5xx, for nothing was handed over and a corrected address sends it. TLS that
 * could not be set up (STARTTLS not offered, or refused) is the server's or our setting: tried again (unreachable).
 * Otherwise an answer from the server decides. Only two refusals are final: one about that recipient's own mailbox at
 * RCPT TO (550 5.1.1: no such mailbox; OF_MAILBOX, or a bare 550, 551 or 553), and one of the message itself once it
 * was written (554 5.7.1 at the end of DATA: its content). Any other 5xx came before the message and is about the relay,
 * our address, the sender or its policy (a 554 at the greeting, "554 5.7.1 Relay access denied" or "550 5.1.8 Access
 * denied, bad outbound sender" at RCPT): it holds for every message, so, as a 4xx, it is tried again and counts toward
 * the channel's pause (a review: such a relay failed every check-in for good after one try, each shown to its owner as a
 * customer's dead address, and paused nothing). Without an answer, it depends on whether the message itself was being
 * written (the server had said 354 to DATA): before that, nothing can have been delivered (refused, timed out,
 * greeting/EHLO/MAIL/RCPT failed); after it, the server may have the whole message and a retry could deliver it twice,
 * so the send is in doubt.
 */
export function classifySmtpError(err: SmtpError, messageWritten: boolean): SendFailure {
  const status = err.responseCode;
  if ((err.code !== undefined && AUTH_CODES.has(err.code)) || (status !== undefined && AUTH_RESPONSES.has(status))) {
    const detail = status !== undefined ? `SMTP ${status}: ${err.response ?? err.message}` : `${err.code}: ${err.message}`;
    return new SendFailure({ reason: 'provider_auth', kind: 'retry', detail, code: status !== undefined ? `SMTP ${status}` : err.code });
  }
  if (err.code === 'ETLS') {
    // nodemailer's: STARTTLS refused or not offered (the server's answer to it, "500 5.5.1 command not recognized"), or
    // the TLS handshake after it failed. Coded ETLS, not by the answer: an SMTP 500 says nothing of TLS.
    const detail = status !== undefined ? `ETLS: SMTP ${status}: ${err.response ?? err.message}` : `ETLS: ${err.message}`;
    return new SendFailure({ reason: 'unreachable', kind: 'retry', detail, code: 'ETLS' });
  }
  if (status === undefined) {
    const detail = `${err.code ?? 'error'}: ${err.message}`;
    if (messageWritten) return new SendFailure({ reason: 'in_doubt', kind: 'in_doubt', detail, code: err.code });
    return new SendFailure({ reason: 'unreachable', kind: 'retry', detail, code: err.code });
  }
  const detail = `SMTP ${status}: ${err.response ?? err.message}`;
  const code = `SMTP ${status}`;
  const enhanced = enhancedStatus(err.response);
  // The sender's, at MAIL FROM or (in its words or enhanced status) at any later command; not the server's own trouble
  // ("451 4.3.5 <…>: Sender address rejected: Server configuration error").
  const ofMessage = err.code === 'EMESSAGE' || (err.command === 'DATA' && messageWritten);
  const senderNotAllowed = enhanced !== undefined && (SENDER_AUTH.test(enhanced) || (enhanced === '5.2.0' && SEND_AS.test(err.response ?? '')));
  const ofSender =
    !SERVER_TROUBLE.has(status) &&
    (err.command === 'MAIL FROM' || (enhanced !== undefined && SENDER_STATUS.test(enhanced)) || SENDER_WORDS.test(err.response ?? '') || (ofMessage && senderNotAllowed));
  if (ofSender) return new SendFailure({ reason: 'sender_refused', kind: 'retry', detail, code, ofSender: true });
  // At RCPT TO a 4xx is that recipient's only when it says so: its enhanced status is the mailbox's (4.2.x: "452 4.2.2
  // mailbox full", "450 4.2.1 rate limited") or the destination address's (4.1.1 to 4.1.6): the message waits alone,
  // and e-mail for every shop goes on. Anything else there may be about every message through the relay (Postfix says
  // its refusals of our address at RCPT: "450 4.7.1 Client host rejected", "452 Insufficient system storage"; the
  // sender's are read above): it counts toward the pause, as before (the review of the first version, which took
  // 4.7.x, 4.1.x and a bare 450 or 452 for the recipient's, and so paused nothing).
  if (status < 500) {
    const ofRecipient = err.command === 'RCPT TO' && enhanced !== undefined && /^4\.(?:2\.\d+|1\.[1-6])$/.test(enhanced);
    if (!ofRecipient) return new SendFailure({ reason: 'provider_error', kind: 'retry', detail, code });
    return new SendFailure({ reason: enhanced === '4.2.2' ? 'mailbox_full' : 'recipient_deferred', kind: 'retry', detail, code, ofRecipient });
  }
  // A 5xx at RCPT TO is that recipient's when its enhanced status is the mailbox's (OF_MAILBOX), or, with none (or the
  // 5.0.0 that says nothing more), when its reply code alone is (NO_MAILBOX) and its words do not say it is the relay's
  // (RELAY_WORDS: Exim's "550 relay not permitted"). At the end of DATA, once the message was written, it is that
  // message's (its content, its size: 5.6.x, 5.3.4, 5.7.1 spam): final, and it pauses nothing; the sender's
  // authorisation there (SENDER_AUTH) was read above, the sending host's reverse DNS (RELAY_AT_DATA) is the relay's.
  const says = enhanced === undefined || enhanced === '5.0.0' ? undefined : enhanced;
  const ofRecipient =
    err.command === 'RCPT TO' && (says === undefined ? NO_MAILBOX.has(status) && !RELAY_WORDS.test(err.response ?? '') : OF_MAILBOX.test(says));
  if (!ofRecipient && (!ofMessage || enhanced === RELAY_AT_DATA)) return new SendFailure({ reason: 'provider_error', kind: 'retry', detail, code });
  // With an enhanced status it decides, not the reply code: 5.1.x no such mailbox or address; 5.2.x the mailbox's state
  // ("550 5.2.2 mailbox full", "550 5.2.1 account disabled"), which a bare 550 made "no such mailbox" (a review).
  const mailboxUnknown = ofRecipient && (says === undefined || /^5\.1\./.test(says));
  return new SendFailure({ reason: mailboxUnknown ? 'mailbox_unknown' : 'rejected', kind: 'permanent', detail, code, ofRecipient });
}

/**
 * The enhanced status code (RFC 3463) the server's answer carries after its reply code: "550 5.1.1 ..." → 5.1.1. On any
 * line of a reply of several, and after a reply code said twice: Exim's callout answers "550-Callout verification
 * failed:\n550 550 5.1.1 <…>: Recipient address rejected: User unknown" (the review of d084421: read as the relay's).
 */
const enhancedStatus = (response: string | undefined): string | undefined => /^\d{3}[ -](?:\d{3} )?([245]\.\d{1,3}\.\d{1,3})\b/m.exec(response ?? '')?.[1];

/** Whether a host is this machine (loopback): nothing said to it crosses a network. A fully qualified "localhost." too. */
const loopback = (written: string): boolean => {
  const host = written.replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || ['[::1]', '::1'].includes(host);
};

/**
 * How SMTP_URL's connection is encrypted. `smtps://`: TLS from the start. `smtp://` to another machine: STARTTLS is
 * required (nodemailer's requireTLS), so a server that does not offer it, or someone between that strips it from EHLO,
 * gets neither the login nor a customer's e-mail in clear text: the send fails, is tried again and counts toward the
 * pause (ETLS). `?requireTLS=false` (or `=0`) in SMTP_URL turns that off (nodemailer reads it; a relay on a network
 * you trust, without TLS): then STARTTLS is used when offered (`opt-out`); so does nodemailer's own `?ignoreTLS=true`
 * (or `=1`), never TLS. Each read as nodemailer reads it (urlFlag), so what it does and what we warn of agree.
 * `smtp://` to this machine (localhost, 127.x, ::1): STARTTLS when offered (`local`), as nothing crosses a network; so
 * too to a mail catcher (`catcher`: docker-compose's Mailpit, on the compose network, which offers no STARTTLS and
 * delivers nothing).
 */
export function smtpEncryption(url: string, catcher = false): 'tls' | 'starttls' | 'opt-out' | 'local' {
  const u = new URL(url);
  if (u.protocol === 'smtps:') return 'tls';
  const required = urlFlag(u, 'requireTLS');
  if (required === true) return 'starttls';
  if (catcher || loopback(u.hostname.toLowerCase())) return 'local';
  return required === false || urlFlag(u, 'ignoreTLS') === true ? 'opt-out' : 'starttls';
}

/**
 * A true/false setting in SMTP_URL's query as nodemailer reads it (shared parseConnectionUrl): "true" and "false";
 * a number is one ("0" and "" are 0, off; "1" on); any other word, or the key given twice, is there, so on. Undefined
 * when not given. Read only as "true"/"false", `?requireTLS=0` turned TLS off in nodemailer with no warning from us (a
 * review), and `?ignoreTLS=1` was overridden by our own requireTLS.
 */
const urlFlag = (u: URL, key: string): boolean | undefined => {
  const values = u.searchParams.getAll(key);
  if (values.length !== 1) return values.length === 0 ? undefined : true;
  const value = values[0]!;
  if (value === 'false') return false;
  return Number.isNaN(Number(value)) ? true : Number(value) !== 0;
};

/**
 * What the start-up log says of SMTP_URL letting nextdeal's login and the customers' e-mail cross a network
 * unencrypted (`?requireTLS=false`, `=0` or `?ignoreTLS=true` to another machine), or null.
 */
export function cleartextWarning(url: string, catcher = false): string | null {
  if (smtpEncryption(url, catcher) !== 'opt-out') return null;
  const u = new URL(url);
  const login = u.username !== '' ? "nextdeal's login (the password in SMTP_URL) and " : '';
  const key = urlFlag(u, 'requireTLS') === false ? 'requireTLS' : 'ignoreTLS';
  const setting = `${key}=${u.searchParams.get(key)}`;
  return `SMTP_URL sets ${setting}: where the mail server does not offer STARTTLS (or someone between strips it), ${login}every customer's e-mail cross the network unencrypted; remove ?${setting} (or use smtps://) unless the network to the mail server is your own`;
}

export interface SmtpOptions {
  url: string;
  timeoutMs?: number;
  /** SMTP_URL names a mail catcher (config's mailCatcher): no TLS required to it. */
  catcher?: boolean;
}

/** Per send: the stream the pool writes the message from, once it has made it. */
interface Watch {
  stream?: Readable;
}

/**
 * Connections to the mail server at most. As many e-mails are given to the pool at once; the others wait their turn
 * here, not in nodemailer's own queue, so that a send's last look at its claim is taken once it has its connection
 * (src/channels/last-look.ts): nodemailer's queue would send what waited in it the moment a frozen process woke.
 */
export const CONNECTIONS = 4;

export function smtpChannel({ url, timeoutMs = 30_000, catcher = false }: SmtpOptions): Channel<EmailOut> {
  const inTurn = turns(CONNECTIONS);
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: CONNECTIONS,
    maxMessages: Infinity, // keep pooled connections open (the default reconnects every 100 messages)
    // The pool would send a message again over a new connection when one closed during a send, also after the server
    // took the whole message: we decide about retries ourselves, knowing whether the message was written.
    maxRequeues: 0,
    // STARTTLS required to another machine (smtpEncryption); a `?requireTLS=…` in the URL comes after and decides.
    requireTLS: smtpEncryption(url, catcher) === 'starttls',
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  } as SMTPTransport.Options);
  // The message stream is read only once the server has said 354 to DATA (nodemailer's pool relies on the same:
  // smtp-pool/pool-resource.js requeues a message only while `readableDidRead` is false). Keep it to ask afterwards.
  transport.use('stream', (mail, done) => {
    const watch = (mail.data as { watch?: Watch }).watch;
    const message = mail.message as unknown as { createReadStream(): Readable };
    if (watch) {
      const create = message.createReadStream.bind(message);
      message.createReadStream = () => (watch.stream = create());
    }
    done();
  });
  const caution = cleartextWarning(url, catcher);
  // As nodemailer reads it (shared/index.js parseConnectionUrl; smtp-connection: 465 with smtps://, else 587).
  const read = parseConnectionUrl(url) as { host?: string; port?: number; secure?: boolean };
  const tls = read.secure === true;
  return {
    transport: 'smtp',
    ...(caution !== null && { caution }),
    server: { host: read.host ?? 'localhost', port: Number(read.port) || (tls ? 465 : 587), tls },
    async send(m, lastLook) {
      const watch: Watch = {};
      try {
        const info = await inTurn(() => transport.sendMail({ ...mailOptions(m), watch } as Mail.Options), lastLook);
        return { providerId: info.messageId };
      } catch (err) {
        if (err instanceof NotHandedOver) throw err; // its last look stopped it: the mail server never saw it
        throw classifySmtpError(err as SmtpError, watch.stream?.readableDidRead === true);
      }
    },
    async check() {
      await transport.verify().catch((err: SmtpError) => {
        throw classifySmtpError(err, false);
      });
    },
    async close() {
      transport.close();
    },
  };
}
