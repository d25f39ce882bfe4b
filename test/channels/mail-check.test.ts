// SMTP_URL's encryption, and what the start-up check of the mail server says. The black-box review of the e-mail
// channel: with smtp:// and a server (or someone between) that did not offer STARTTLS, the SMTP password and every
// customer's e-mail went in clear text and nothing said so; a certificate that had expired was told at start as "check
// its host and port"; a server refusing nextdeal at its greeting as a failed login.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { askProviders, channelsFrom, checkMailServer } from '../../src/channels/index.js';
import { smsOutbox } from '../../src/channels/outbox.js';
import { SendFailure } from '../../src/channels/types.js';
import { createLogger } from '../../src/log.js';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import { cleartextWarning, smtpEncryption } from '../../src/channels/email.js';
import { loadConfig, mailCatcher } from '../../src/config.js';
import { startSmtp } from '../fakes/smtp.js';
import { onCleanup, tempDir } from '../helpers.js';

const said = async (url: string) => {
  const channels = channelsFrom(loadConfig({ SMTP_URL: url, OUTBOX_DIR: tempDir(), SMTP_TIMEOUT_SECONDS: '5' }));
  onCleanup(() => channels.email.close?.());
  return checkMailServer(channels);
};

describe("SMTP_URL's encryption", () => {
  it.each([
    ['smtp://user:pass@smtp.example.com:587', 'starttls'],
    ['smtp://smtp.example.com:25', 'starttls'],
    ['smtp://user:pass@smtp.example.com:587/?requireTLS=false', 'opt-out'],
    ['smtp://user:pass@smtp.example.com:587/?ignoreTLS=true', 'opt-out'],
    ['smtps://user:pass@smtp.example.com:465', 'tls'],
    ['smtp://127.0.0.1:1025', 'local'],
    ['smtp://LOCALHOST:25', 'local'],
    ['smtp://[::1]:25', 'local'],
    ['smtp://localhost.:25', 'local'],
    ['smtp://127.0.0.1:1025/?requireTLS=true', 'starttls'],
    // As nodemailer reads them (its parseConnectionUrl): "0" and "" are the number 0, off; "1" is on (a review: these
    // turned TLS off in nodemailer while we required it and warned of nothing).
    ['smtp://user:pass@smtp.example.com:587/?requireTLS=0', 'opt-out'],
    ['smtp://user:pass@smtp.example.com:587/?requireTLS=', 'opt-out'],
    ['smtp://user:pass@smtp.example.com:587/?ignoreTLS=1', 'opt-out'],
    ['smtp://user:pass@smtp.example.com:587/?requireTLS=1', 'starttls'],
    ['smtp://user:pass@smtp.example.com:587/?requireTLS=yes&ignoreTLS=true', 'starttls'],
    ['smtp://user:pass@smtp.example.com:587/?ignoreTLS=0', 'starttls'],
  ] as const)('%s → %s', (url, expected) => {
    expect(smtpEncryption(url)).toBe(expected);
  });

  it("reads requireTLS and ignoreTLS as nodemailer does, so what it does and what the start-up log warns of agree", () => {
    for (const query of ['requireTLS=0', 'requireTLS=', 'requireTLS=false', 'requireTLS=true', 'requireTLS=1', 'requireTLS=no', 'requireTLS=0&requireTLS=0', 'ignoreTLS=1', 'ignoreTLS=0', 'ignoreTLS=', 'ignoreTLS=true', '']) {
      const url = `smtp://u:p@smtp.example.com:587/?${query}`;
      const read = parseConnectionUrl(url) as { requireTLS?: unknown };
      // Our requireTLS (where smtpEncryption says starttls), unless the URL's, which nodemailer takes after it, says.
      const required = 'requireTLS' in read ? Boolean(read.requireTLS) : smtpEncryption(url) === 'starttls';
      expect({ query, warned: cleartextWarning(url) !== null }).toEqual({ query, warned: !required });
    }
    expect(cleartextWarning('smtp://u:p@smtp.example.com:587/?requireTLS=0')).toContain('SMTP_URL sets requireTLS=0: ');
    expect(cleartextWarning('smtp://u:p@smtp.example.com:587/?ignoreTLS=1')).toContain('remove ?ignoreTLS=1 ');
  });

  // docker-compose's SMTP_URL, smtp://mailpit:1025: Mailpit offers no STARTTLS, and keeps what it takes.
  it('requires no TLS to a mail catcher', () => {
    expect(smtpEncryption('smtp://mailpit:1025', true)).toBe('local');
    // Written with a capital, as a compose file or .env may: the same catcher (URL does not lower-case an smtp: host).
    for (const url of ['smtp://Mailpit:1025', 'smtp://MAILHOG:1025']) expect(mailCatcher(loadConfig({ SMTP_URL: url }))).toBe(true);
    expect(channelsFrom(loadConfig({ SMTP_URL: 'smtp://mailpit:1025/?requireTLS=false' })).email.caution).toBeUndefined();
  });

  it('warns at start when a login to another machine may go unencrypted, and only then', () => {
    expect(cleartextWarning('smtp://shopuser:geheim@smtp.example.com:587/?requireTLS=false')).toBe(
      "SMTP_URL sets requireTLS=false: where the mail server does not offer STARTTLS (or someone between strips it), nextdeal's login (the password in SMTP_URL) and every customer's e-mail cross the network unencrypted; remove ?requireTLS=false (or use smtps://) unless the network to the mail server is your own",
    );
    expect(channelsFrom(loadConfig({ SMTP_URL: 'smtp://u:p@smtp.example.com:587/?requireTLS=false' })).email.caution).toContain('SMTP_URL sets requireTLS=false');
    for (const url of ['smtp://u:p@smtp.example.com:587', 'smtps://u:p@smtp.example.com:465', 'smtp://u:p@127.0.0.1:1025']) {
      expect(cleartextWarning(url)).toBeNull();
      expect(channelsFrom(loadConfig({ SMTP_URL: url })).email.caution).toBeUndefined();
    }
  });
});

describe('the start-up check of the mail server', () => {
  it("logs the channel's caution as a warning, beside what the check found", async () => {
    const lines: string[] = [];
    const email = { transport: 'smtp' as const, caution: 'SMTP_URL sets requireTLS=false: …', send: () => Promise.reject(new Error('unused')), check: async () => {} };
    await askProviders({ email, sms: smsOutbox(tempDir()) }, { liftLoginPause: async () => false }, createLogger('info', { write: (l: string) => void lines.push(l) }));
    expect(lines.map((l) => JSON.parse(l) as { level: number; msg: string }).map(({ level, msg }) => ({ level, msg }))).toEqual([
      { level: 40, msg: 'SMTP_URL sets requireTLS=false: …' },
      { level: 30, msg: "the mail server in SMTP_URL took nextdeal's login" },
    ]);
  });

  it('a server refusing nextdeal at its greeting (554) is said as such, not as a failed login', async () => {
    const smtp = await startSmtp();
    smtp.refuseEvery('greeting', { code: 554, text: '5.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org' });
    expect(await said(smtp.url)).toEqual({
      ok: false,
      code: 'SMTP 554',
      msg: "the mail server in SMTP_URL refused nextdeal before any e-mail (SMTP 554): e-mails wait and are tried again, and none goes until it lets this machine send through it (it may have this machine's address on a blocklist, or not be the server to send through: ask its administrator)",
    });
  });

  it('a server without STARTTLS where TLS is required says so', async () => {
    const smtp = await startSmtp();
    expect(await said(`${smtp.url}/?requireTLS=true`)).toMatchObject({ ok: false, code: 'ETLS', msg: expect.stringMatching(/^the mail server in SMTP_URL did not offer TLS \(STARTTLS\), or refused it \(ETLS\): nextdeal sends neither its login nor an e-mail unencrypted/) });
  });

  it("a certificate TLS refuses is said in TLS's words, not as host and port", async () => {
    // smtp-server's own certificate: self-signed, for localhost.
    const server = new SMTPServer({ authOptional: true, logger: false, closeTimeout: 50 });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    onCleanup(() => new Promise<void>((done) => server.close(() => done())));
    const result = await said(`smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}/?requireTLS=true`);
    expect(result).toMatchObject({ ok: false, msg: expect.stringMatching(/^could not set up TLS with the mail server in SMTP_URL \(E[A-Z]+\): .*certificate.*: e-mails wait and are tried again, and none goes until the mail server's certificate is put right/) });
    expect(result!.msg).not.toContain('host and port');
  });
});

// The operator's review: smtps:// to a STARTTLS port (a plain SMTP server on 587) was blamed on the mail server's
// certificate; smtp:// to a TLS-only port (465) timed out on the greeting with no word of smtps://.
describe('the start-up check of a port that does not speak as SMTP_URL expects', () => {
  it('smtps:// to a plain SMTP server says the port does not start with TLS, not that a certificate is wrong', async () => {
    const smtp = await startSmtp();
    const { port } = new URL(smtp.url);
    const result = await said(smtp.url.replace(/^smtp:/, 'smtps:'));
    expect(result).toMatchObject({ ok: false, msg: expect.stringMatching(new RegExp(`^the mail server on 127\\.0\\.0\\.1:${port} does not start with TLS \\(E[A-Z]+\\): smtps:// in SMTP_URL is for a port that does \\(465\\); for ${port} use smtp:// \\(STARTTLS\\)`)) });
    expect(result!.msg).not.toContain('certificate');
  });

  it('smtp:// to port 465 that never greets in clear text names smtps://', async () => {
    const failure = new SendFailure({ reason: 'unreachable', kind: 'retry', detail: 'ETIMEDOUT: Greeting never received', code: 'ETIMEDOUT' });
    const channel = (url: string) => ({ ...channelsFrom(loadConfig({ SMTP_URL: url, OUTBOX_DIR: tempDir() })).email, check: () => Promise.reject(failure) });
    const at465 = await checkMailServer({ email: channel('smtp://u:p@smtp.example.com:465'), sms: smsOutbox(tempDir()) });
    expect(at465!.msg).toBe('could not log in to the mail server in SMTP_URL (ETIMEDOUT): Greeting never received: e-mails wait and are tried again; check its host and port if this goes on; on port 465 use smtps://');
    const at587 = await checkMailServer({ email: channel('smtp://u:p@smtp.example.com:587'), sms: smsOutbox(tempDir()) });
    expect(at587!.msg).not.toContain('smtps://');
  });
});
