// A real SMTP server on loopback that keeps what it receives, parsed.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { onCleanup } from '../helpers.js';

export interface SmtpFake {
  url: string;
  mails: ParsedMail[];
  /** The next RCPT TO answers with this SMTP code and text instead of accepting. */
  refuseNext(code: number, text: string): void;
}

/** `delayMs`: how long each message takes to be accepted, like a busy server; `port`: a given one. */
export async function startSmtp({ delayMs = 0, port = 0 } = {}): Promise<SmtpFake> {
  const mails: ParsedMail[] = [];
  const refusals: { code: number; text: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    closeTimeout: 50, // a test's cleanup does not wait for a client's pooled connection
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const r = refusals.shift();
      if (!r) return callback();
      const err = Object.assign(new Error(r.text), { responseCode: r.code });
      callback(err);
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          setTimeout(callback, delayMs);
        })
        .catch(callback);
    },
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  onCleanup(() => new Promise<void>((done) => server.close(() => done())));
  const { port: listening } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${listening}`, mails, refuseNext: (code, text) => void refusals.push({ code, text }) };
}
