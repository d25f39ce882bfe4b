import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
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
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Mailbox does not exist (550), user not local (551), mailbox name not allowed (553). */
const NO_MAILBOX = new Set([550, 551, 553]);

/** SMTP 5xx is final (550: no such mailbox); 4xx, timeouts and refused connections are worth another try. */
export function classifySmtpError(err: SmtpError): SendFailure {
  const status = err.responseCode;
  if (status === undefined) {
    return new SendFailure({ reason: 'unreachable', kind: 'retry', detail: `${err.code ?? 'error'}: ${err.message}`, code: err.code });
  }
  const detail = `SMTP ${status}: ${err.response ?? err.message}`;
  const code = `SMTP ${status}`;
  if (status < 500) return new SendFailure({ reason: 'provider_error', kind: 'retry', detail, code });
  return new SendFailure({ reason: NO_MAILBOX.has(status) ? 'mailbox_unknown' : 'rejected', kind: 'permanent', detail, code });
}

export interface SmtpOptions {
  url: string;
  timeoutMs?: number;
}

export function smtpChannel({ url, timeoutMs = 30_000 }: SmtpOptions): Channel<EmailOut> {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 4,
    maxMessages: Infinity, // keep pooled connections open (the default reconnects every 100 messages)
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  } as SMTPTransport.Options);
  return {
    transport: 'smtp',
    async send(m) {
      try {
        const info = await transport.sendMail(mailOptions(m));
        return { providerId: info.messageId };
      } catch (err) {
        throw classifySmtpError(err as SmtpError);
      }
    },
    async close() {
      transport.close();
    },
  };
}
