import nodemailer from 'nodemailer';
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

/** The recipient's mailbox does not exist (550), user not local (551), mailbox name not allowed (553). */
const NO_MAILBOX = new Set([550, 551, 553]);
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
/** nodemailer's codes for a failed login (EAUTH, with or without the server's answer) and for missing credentials. */
const AUTH_CODES = new Set(['EAUTH', 'ENOAUTH']);

/**
 * What a failed SMTP send means. A refused login is our configuration: tried again (provider_auth). A refused sender
 * (at MAIL FROM) is the sender's setting, a shop's own or EMAIL_FROM, never the customer's mailbox: tried again
 * (sender_refused, ofSender), whether 4xx or 5xx, for nothing was handed over and a corrected address sends it.
 * Otherwise an answer from the server decides: 5xx is final (550: no such mailbox), 4xx is worth another try. Without an answer, it depends
 * on whether the message itself was being written (the server had said 354 to DATA): before that, nothing can have
 * been delivered (refused, timed out, greeting/EHLO/MAIL/RCPT failed); after it, the server may have the whole message
 * and a retry could deliver it twice, so the send is in doubt.
 */
export function classifySmtpError(err: SmtpError, messageWritten: boolean): SendFailure {
  const status = err.responseCode;
  if ((err.code !== undefined && AUTH_CODES.has(err.code)) || (status !== undefined && AUTH_RESPONSES.has(status))) {
    const detail = status !== undefined ? `SMTP ${status}: ${err.response ?? err.message}` : `${err.code}: ${err.message}`;
    return new SendFailure({ reason: 'provider_auth', kind: 'retry', detail, code: status !== undefined ? `SMTP ${status}` : err.code });
  }
  if (status === undefined) {
    const detail = `${err.code ?? 'error'}: ${err.message}`;
    if (messageWritten) return new SendFailure({ reason: 'in_doubt', kind: 'in_doubt', detail, code: err.code });
    return new SendFailure({ reason: 'unreachable', kind: 'retry', detail, code: err.code });
  }
  const detail = `SMTP ${status}: ${err.response ?? err.message}`;
  const code = `SMTP ${status}`;
  if (err.command === 'MAIL FROM' && !SERVER_TROUBLE.has(status)) return new SendFailure({ reason: 'sender_refused', kind: 'retry', detail, code, ofSender: true });
  // At RCPT TO a 4xx is that recipient's only when it says so: its enhanced status is the mailbox's (4.2.x: "452 4.2.2
  // mailbox full", "450 4.2.1 rate limited") or the destination address's (4.1.1 to 4.1.6): the message waits alone,
  // and e-mail for every shop goes on. Anything else there may be about every message through the relay (Postfix says
  // its refusals of our address or the sender's domain at RCPT: "450 4.7.1 Client host rejected", "450 4.1.8 Sender
  // address rejected", "452 Insufficient system storage"): it counts toward the pause, as before (the review of the
  // first version, which took 4.7.x, 4.1.x and a bare 450 or 452 for the recipient's, and so paused nothing).
  const enhanced = enhancedStatus(err.response);
  const ofRecipient = err.command === 'RCPT TO' && (status >= 500 || (enhanced !== undefined && /^4\.(?:2\.\d+|1\.[1-6])$/.test(enhanced)));
  if (status < 500) {
    if (!ofRecipient) return new SendFailure({ reason: 'provider_error', kind: 'retry', detail, code });
    return new SendFailure({ reason: enhanced === '4.2.2' ? 'mailbox_full' : 'recipient_deferred', kind: 'retry', detail, code, ofRecipient });
  }
  return new SendFailure({ reason: NO_MAILBOX.has(status) ? 'mailbox_unknown' : 'rejected', kind: 'permanent', detail, code, ofRecipient });
}

/** The enhanced status code (RFC 3463) the server's answer carries after its reply code: "550 5.1.1 ..." → 5.1.1. */
const enhancedStatus = (response: string | undefined): string | undefined => /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(response ?? '')?.[1];

export interface SmtpOptions {
  url: string;
  timeoutMs?: number;
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

export function smtpChannel({ url, timeoutMs = 30_000 }: SmtpOptions): Channel<EmailOut> {
  const inTurn = turns(CONNECTIONS);
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: CONNECTIONS,
    maxMessages: Infinity, // keep pooled connections open (the default reconnects every 100 messages)
    // The pool would send a message again over a new connection when one closed during a send, also after the server
    // took the whole message: we decide about retries ourselves, knowing whether the message was written.
    maxRequeues: 0,
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
  return {
    transport: 'smtp',
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
