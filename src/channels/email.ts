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

/** SMTP 5xx is final (550: no such mailbox); 4xx, timeouts and refused connections are worth another try. */
export function classifySmtpError(err: SmtpError): SendFailure {
  const detail = err.responseCode ? `SMTP ${err.responseCode}: ${err.response ?? err.message}` : `${err.code ?? 'error'}: ${err.message}`;
  const permanent = err.responseCode !== undefined && err.responseCode >= 500;
  return new SendFailure(detail, permanent ? 'permanent' : 'retry', err.responseCode ? String(err.responseCode) : err.code);
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
