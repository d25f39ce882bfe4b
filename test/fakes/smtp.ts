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

export async function startSmtp(): Promise<SmtpFake> {
  const mails: ParsedMail[] = [];
  const refusals: { code: number; text: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
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
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  onCleanup(() => new Promise<void>((done) => server.close(() => done())));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, refuseNext: (code, text) => void refusals.push({ code, text }) };
}
