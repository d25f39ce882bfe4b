import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { channelsFrom, delivering, describeChannels } from '../src/channels/index.js';
import { ConfigError, configWarnings, loadConfig, settingNames, unknownSettings } from '../src/config.js';

const file = (name: string) => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');

describe('configuration', () => {
  it('runs on the embedded default with nothing set', () => {
    // Relative paths are read from the folder nextdeal is installed in (package.json's), wherever it is run from.
    const home = fileURLToPath(new URL('..', import.meta.url));
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      DATABASE_PATH: join(home, 'data', 'nextdeal.db'),
      PUBLIC_URL: 'http://localhost:3000',
      OUTBOX_DIR: join(home, 'data', 'outbox'),
    });
    expect(loadConfig({ DATABASE_PATH: 'elders/nd.db', OUTBOX_DIR: '/var/spool/nextdeal' })).toMatchObject({ DATABASE_PATH: join(home, 'elders', 'nd.db'), OUTBOX_DIR: '/var/spool/nextdeal' });
    expect(loadConfig({}).SMTP_URL).toBeUndefined();
    expect(loadConfig({}).TWILIO_ACCOUNT_SID).toBeUndefined();
    expect(loadConfig({}).DATABASE_URL).toBeUndefined(); // SQLite at DATABASE_PATH
  });

  it('takes the channels sent to the outbox on purpose, and names a channel it does not know', () => {
    expect(loadConfig({}).OUTBOX_CHANNELS).toEqual([]);
    expect(loadConfig({ OUTBOX_CHANNELS: ' sms, email ' }).OUTBOX_CHANNELS).toEqual(['sms', 'email']);
    expect(() => loadConfig({ OUTBOX_CHANNELS: 'sms,whatsapp' })).toThrow(/OUTBOX_CHANNELS: expected sms, email or both, comma-separated \(not whatsapp\)/);
  });

  // The review of the mend: with the Twilio settings still in its .env, OUTBOX_CHANNELS=sms went on texting customers.
  it('writes a channel named in OUTBOX_CHANNELS to the outbox, also with its provider still set', () => {
    const config = loadConfig({
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM: '+3197010000000', SMTP_URL: 'smtp://mail.example.com:587',
      OUTBOX_DIR: '/tmp/nextdeal-outbox', OUTBOX_CHANNELS: 'sms',
    });
    expect(describeChannels(channelsFrom(config), config)).toBe('sms → outbox (/tmp/nextdeal-outbox), email → smtp');
  });

  // What reaches a customer decides a sale's channel and who joins the hold-out (src/domain/plan.ts, src/db/experiments.ts).
  it('counts a channel as reaching customers only when its provider is set, not sent to the outbox, and no mail catcher', () => {
    const twilio = { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM: '+3197010000000' };
    expect(delivering(loadConfig({}))).toEqual({ sms: false, email: false });
    expect(delivering(loadConfig({ ...twilio, SMTP_URL: 'smtp://mail.example.com:587' }))).toEqual({ sms: true, email: true });
    expect(delivering(loadConfig({ ...twilio, SMTP_URL: 'smtp://mail.example.com:587', OUTBOX_CHANNELS: 'sms' }))).toEqual({ sms: false, email: true });
    expect(delivering(loadConfig({ SMTP_URL: 'smtp://mailpit:1025' }))).toEqual({ sms: false, email: false });
  });

  it('keeps 10 connections to PostgreSQL by default, DATABASE_POOL_SIZE of them when given, and names a size it cannot use', () => {
    expect(loadConfig({}).DATABASE_POOL_SIZE).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: '25' }).DATABASE_POOL_SIZE).toBe(25);
    for (const bad of ['1', '0', '1001', 'ten', '2.5']) {
      expect(() => loadConfig({ DATABASE_POOL_SIZE: bad }), bad).toThrow(/DATABASE_POOL_SIZE: expected a whole number from 2 to 1000/);
    }
  });

  it('takes PostgreSQL at DATABASE_URL, and names a URL of anything else', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://nextdeal:secret@db:5432/nextdeal' }).DATABASE_URL).toBe('postgres://nextdeal:secret@db:5432/nextdeal');
    expect(loadConfig({ DATABASE_URL: 'postgresql://nextdeal@db/nextdeal' }).DATABASE_URL).toBe('postgresql://nextdeal@db/nextdeal');
    for (const bad of ['mysql://db/nextdeal', './data/nextdeal.db']) {
      expect(() => loadConfig({ DATABASE_URL: bad }), bad).toThrow(/DATABASE_URL: expected a PostgreSQL URL/);
    }
  });

  // An operator's review: smtp://u:p@smtp.example.com:99999 was refused as "expected an SMTP URL", the port unnamed.
  it('names a port in a URL that is none, as PORT does, and never the rest of the URL', () => {
    const refusal = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(refusal({ SMTP_URL: 'smtp://u:secret@smtp.example.com:99999' })).toContain('SMTP_URL: 99999 is not a port (1–65535), e.g. smtp://…:587');
    expect(refusal({ SMTP_URL: 'smtps://u:secret@smtp.example.com:abc' })).toContain('SMTP_URL: abc is not a port (1–65535), e.g. smtp://…:587');
    expect(refusal({ SMTP_URL: 'smtp://smtp.example.com:0' })).toContain('SMTP_URL: 0 is not a port (1–65535)');
    expect(refusal({ DATABASE_URL: 'postgres://nextdeal:secret@db:65536/nextdeal' })).toContain('DATABASE_URL: 65536 is not a port (1–65535), e.g. postgres://…:5432/nextdeal');
    expect(refusal({ DATABASE_URL: 'postgres://nextdeal:secret@[::1]:x/nextdeal' })).toContain('DATABASE_URL: x is not a port (1–65535)');
    expect(refusal({ PUBLIC_URL: 'https://deals.example.nl:99999' })).toContain('PUBLIC_URL: 99999 is not a port (1–65535), e.g. https://…:8443');
    expect(refusal({ SMTP_URL: 'smtp://u:secret@smtp.example.com:99999' })).not.toContain('secret');
    // Good ports, none, or an IPv6 host's colons: taken as before.
    expect(loadConfig({ SMTP_URL: 'smtp://u:p@smtp.example.com:587', DATABASE_URL: 'postgres://n@[::1]:5432/n', PUBLIC_URL: 'https://deals.example.nl' })).toBeTruthy();
    expect(loadConfig({ DATABASE_URL: 'postgres://n@[::1]/n' })).toBeTruthy();
  });

  // An operator's review: sslmode=bogus was taken, as any word, as TLS required, and told at start as "the server does
  // not take TLS connections, and sslmode=bogus asks for one".
  it('refuses an sslmode node-postgres does not know, naming the modes it does', () => {
    for (const bad of ['bogus', 'requried', 'REQUIRE']) {
      expect(() => loadConfig({ DATABASE_URL: `postgres://n:secret@db:5432/n?sslmode=${bad}` }), bad).toThrow(
        `DATABASE_URL: sslmode=${bad} is not a mode node-postgres knows: expected sslmode=disable, prefer, require, verify-ca, verify-full or no-verify (left out: no TLS)`,
      );
    }
    for (const good of ['disable', 'allow', 'prefer', 'require', 'verify-ca&sslrootcert=/ca.pem', 'verify-full', 'no-verify']) {
      expect(loadConfig({ DATABASE_URL: `postgres://n:secret@db:5432/n?sslmode=${good}` }).DATABASE_URL, good).toContain(good);
    }
  });

  // An operator's review: two instances on PostgreSQL with the outbox wrote two folders, each with half the messages,
  // and nothing said so at run time.
  it('warns on PostgreSQL that a channel sent to the outbox goes to this instance\'s own folder, and only then', () => {
    const pg = { DATABASE_URL: 'postgres://n:secret@db:5432/n', OUTBOX_DIR: '/srv/outbox', PUBLIC_URL: 'https://deals.example.nl', EMAIL_FROM: 'winkel@deals.example.nl' };
    const twilio = { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM: '+3197010000000' };
    const smtp = { SMTP_URL: 'smtp://mail.example.nl:587', SHUTDOWN_TIMEOUT_SECONDS: '60' };
    expect(configWarnings(loadConfig(pg))).toEqual([
      "SMS and e-mail go to this instance's own outbox folder (OUTBOX_DIR, /srv/outbox), though the database (DATABASE_URL) may be shared: with several instances, each folder holds only the messages that instance sent, its share. Configure SMTP_URL and Twilio (TWILIO_*) to send them, or look in every instance's folder",
    ]);
    expect(configWarnings(loadConfig({ ...pg, ...smtp }))).toEqual([expect.stringMatching(/^SMS goes to this instance's own outbox folder .*Configure Twilio \(TWILIO_\*\) to send them/)]);
    expect(configWarnings(loadConfig({ ...pg, ...smtp, ...twilio, OUTBOX_CHANNELS: 'email' }))).toEqual([expect.stringMatching(/^e-mail goes to this instance's own outbox folder .*Configure SMTP_URL to send them/)]);
    expect(configWarnings(loadConfig({ ...pg, ...smtp, ...twilio }))).toEqual([]);
    // SQLite: one instance, one folder.
    expect(configWarnings(loadConfig({ OUTBOX_DIR: '/srv/outbox' }))).toEqual([]);
  });

  it('treats an empty variable as unset and strips a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ PORT: '', PUBLIC_URL: 'https://deals.example.nl/' })).toMatchObject({ PORT: 3000, PUBLIC_URL: 'https://deals.example.nl' });
  });

  it('names every wrong variable at once, with what it expects', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', SMTP_URL: 'mail.example.com', PUBLIC_URL: 'ftp://x', TWILIO_ACCOUNT_SID: 'AC123' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT: expected a whole number from 1 to 65535/);
    expect(message).toMatch(/SMTP_URL: expected an SMTP URL/);
    expect(message).toMatch(/PUBLIC_URL: expected an http\(s\) URL/);
    expect(message).toMatch(/TWILIO_ACCOUNT_SID: expected AC followed by 32 hex digits/);
    expect(message).toMatch(/TWILIO_AUTH_TOKEN: required once any TWILIO_ setting is given/);
    expect(message).toMatch(/TWILIO_FROM: required once any TWILIO_ setting is given/);
  });

  it("keeps SMTP's timeout within a claim's lease, as Twilio's", () => {
    expect(() => loadConfig({ SMTP_TIMEOUT_SECONDS: '600' })).toThrow(/SMTP_TIMEOUT_SECONDS: expected a whole number from 1 to 240/);
    expect(() => loadConfig({ SMTP_TIMEOUT_SECONDS: '241' })).toThrow(/SMTP_TIMEOUT_SECONDS: expected a whole number from 1 to 240/);
    expect(loadConfig({ SMTP_TIMEOUT_SECONDS: '240', SHUTDOWN_TIMEOUT_SECONDS: '250' })).toMatchObject({ SMTP_TIMEOUT_SECONDS: 240, SHUTDOWN_TIMEOUT_SECONDS: 250 });
  });

  it('warns at start when a shutdown would not wait as long as a send may take, naming the timeout it is not above', () => {
    const smtp = { SMTP_URL: 'smtp://mail.example.nl:587', PUBLIC_URL: 'https://deals.example.nl', EMAIL_FROM: 'winkel@deals.example.nl' };
    const twilio = { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM: '+31970100000', PUBLIC_URL: 'https://deals.example.nl' };
    expect(configWarnings(loadConfig({ ...smtp, SHUTDOWN_TIMEOUT_SECONDS: '5' }))).toEqual([
      "SHUTDOWN_TIMEOUT_SECONDS is 5, not above SMTP_TIMEOUT_SECONDS (30): a send under way when nextdeal stops may be cut off and left in doubt; set it to more than 30, and give the process manager's stop as long",
    ]);
    expect(configWarnings(loadConfig({ ...smtp, SHUTDOWN_TIMEOUT_SECONDS: '30' }))).toEqual([expect.stringMatching(/^SHUTDOWN_TIMEOUT_SECONDS is 30, not above SMTP_TIMEOUT_SECONDS \(30\)/)]);
    expect(configWarnings(loadConfig({ ...twilio, ...smtp, SMTP_TIMEOUT_SECONDS: '10', TWILIO_TIMEOUT_SECONDS: '60' }))).toEqual([
      expect.stringMatching(/^SHUTDOWN_TIMEOUT_SECONDS is 40, not above TWILIO_TIMEOUT_SECONDS \(60\)/),
    ]);
    // Above the longest, or no channel that sends (the outbox): nothing to warn about.
    expect(configWarnings(loadConfig({ ...smtp, SHUTDOWN_TIMEOUT_SECONDS: '31' }))).toEqual([]);
    expect(configWarnings(loadConfig({ ...twilio, SHUTDOWN_TIMEOUT_SECONDS: '16' }))).toEqual([]);
    expect(configWarnings(loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '1' }))).toEqual([]);
  });

  // A review: real e-mail went from nextdeal@localhost (EMAIL_FROM not set), which mail servers refuse or file as spam,
  // and nothing said so at start.
  it('warns at start when real e-mail would go from a sender at no domain', () => {
    const real = { SMTP_URL: 'smtp://mail.example.nl:587', PUBLIC_URL: 'https://deals.example.nl' };
    expect(configWarnings(loadConfig(real))).toEqual([
      "EMAIL_FROM is nextdeal@localhost (not set) while SMTP_URL sends real e-mail: mail servers refuse a sender at localhost or file it as spam, and a customer's answer to it reaches nobody; set EMAIL_FROM to an address of the shop's or your domain that takes mail",
    ]);
    expect(configWarnings(loadConfig({ ...real, EMAIL_FROM: 'winkel@server' }))).toEqual([expect.stringMatching(/^EMAIL_FROM is winkel@server while/)]);
    expect(configWarnings(loadConfig({ ...real, EMAIL_FROM: 'winkel@fietsenmaker.nl' }))).toEqual([]);
    expect(configWarnings(loadConfig({ SMTP_URL: 'smtp://mailpit:1025' }))).not.toContainEqual(expect.stringMatching(/EMAIL_FROM/)); // caught, not sent
    expect(configWarnings(loadConfig({}))).toEqual([]); // the outbox
  });

  // A review: TWILIO_SID, TWILIO_TOKEN, TWILIO_NUMBER were read by nothing, and texts went to the outbox, said only as
  // "sms → outbox" among the info lines.
  it('names a variable that looks like a setting but is none, with the setting meant', () => {
    expect(unknownSettings({ TWILIO_SID: 'AC1', TWILIO_TOKEN: 'x', TWILIO_NUMBER: '+31970', SMTP_PASSWORD: 'x', PATH: '/bin', POSTGRES_USER: 'n', NEXTDEAL_PORT: '3000', HTTP_PROXY_URL: 'x', LOG_LEVEL: 'info', TWILIO_SMS: '' })).toEqual([
      'TWILIO_SID is set but nextdeal reads no such setting: did you mean TWILIO_ACCOUNT_SID or TWILIO_MESSAGING_SERVICE_SID? (see the README\'s configuration table)',
      'TWILIO_TOKEN is set but nextdeal reads no such setting: did you mean TWILIO_AUTH_TOKEN? (see the README\'s configuration table)',
      expect.stringMatching(/^TWILIO_NUMBER is set but nextdeal reads no such setting: nextdeal reads TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, /),
      expect.stringMatching(/^SMTP_PASSWORD is set but nextdeal reads no such setting: nextdeal reads SMTP_URL, SMTP_TIMEOUT_SECONDS/),
    ]);
  });

  // A review: a # in SMTP_URL's password still left a URL ("user:p@ss#1@host" reads as host "ss"), and the start-up
  // said only that the mail server at "ss" could not be reached.
  it('refuses a # in a URL\'s password that still reads as a URL, saying to percent-encode it', () => {
    for (const name of ['SMTP_URL', 'DATABASE_URL'] as const) {
      const value = name === 'SMTP_URL' ? 'smtp://user:p@ss#1@mail.example.nl:587' : 'postgres://user:p@ss#1@db.example.nl/nextdeal';
      expect(() => loadConfig({ [name]: value }), name).toThrow(new RegExp(`${name}: expected .*a #, / or \\? in its user name or password must be percent-encoded`));
    }
    expect(loadConfig({ SMTP_URL: 'smtp://user:p%40ss%231@mail.example.nl:587' }).SMTP_URL).toBe('smtp://user:p%40ss%231@mail.example.nl:587');
  });

  // A security review: TRUST_PROXY on a server heard on every interface let anyone who reached its port name any
  // address in X-Forwarded-For, past every limit on each address, and nothing said so.
  it('warns at start when TRUST_PROXY is set while nextdeal listens on every interface', () => {
    expect(configWarnings(loadConfig({ TRUST_PROXY: '1' }))).toEqual([
      expect.stringMatching(/^TRUST_PROXY is 1 while nextdeal listens on every interface \(HOST is not set\): anyone who reaches port 3000 without the proxy can name any address in X-Forwarded-For.*Set HOST=127\.0\.0\.1/),
    ]);
    expect(configWarnings(loadConfig({ TRUST_PROXY: '2', HOST: '0.0.0.0' }))).toEqual([expect.stringContaining('(HOST 0.0.0.0)')]);
    for (const HOST of ['127.0.0.1', '::1', 'localhost', '10.0.0.5']) expect(configWarnings(loadConfig({ TRUST_PROXY: '1', HOST })), HOST).toEqual([]);
    expect(configWarnings(loadConfig({}))).toEqual([]);
  });

  it("keeps Twilio's timeout within a claim's lease, and asks Twilio's list no sooner than a minute after a send in doubt", () => {
    expect(() => loadConfig({ TWILIO_TIMEOUT_SECONDS: '600' })).toThrow(/TWILIO_TIMEOUT_SECONDS: expected a whole number from 1 to 240/);
    expect(() => loadConfig({ TWILIO_RECONCILE_MINUTES: '0' })).toThrow(/TWILIO_RECONCILE_MINUTES: expected a whole number from 1 to 1440/);
    expect(loadConfig({ TWILIO_TIMEOUT_SECONDS: '240', TWILIO_RECONCILE_MINUTES: '1' })).toMatchObject({ TWILIO_TIMEOUT_SECONDS: 240, TWILIO_RECONCILE_MINUTES: 1 });
  });

  it('takes an SMS sender as a number with its country code: never a bare local number, nor a name nobody can answer', () => {
    const twilio = { TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32), TWILIO_AUTH_TOKEN: 't' };
    expect(loadConfig({ ...twilio, TWILIO_FROM: '+31613572468' }).TWILIO_FROM).toBe('+31613572468');
    // Twilio refuses a sender ID of digits only: every SMS would fail, after a clean start. And a sender name cannot
    // be answered: the check-in asks for a reply and offers STOP (the customer-side review).
    for (const bad of ['0613572468', '31613572468', 'Fietsen', 'Fiets 24']) {
      expect(() => loadConfig({ ...twilio, TWILIO_FROM: bad }), bad).toThrow(/TWILIO_FROM: expected a number in E\.164 such as \+31612345678 \(customers must be able to answer it/);
    }
  });

  it('listens on every interface, or on the HOST given, which must be an address', () => {
    expect(loadConfig({}).HOST).toBeUndefined();
    expect(loadConfig({ HOST: '127.0.0.1' }).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '::1' }).HOST).toBe('::1');
    expect(() => loadConfig({ HOST: 'http://127.0.0.1' })).toThrow(/HOST: expected an IP address of this machine/);
  });

  it('accepts a complete Twilio setup with a Messaging Service instead of a number', () => {
    const c = loadConfig({ TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32), TWILIO_AUTH_TOKEN: 't', TWILIO_MESSAGING_SERVICE_SID: 'MG' + 'b'.repeat(32) });
    expect(c.TWILIO_MESSAGING_SERVICE_SID).toBe('MG' + 'b'.repeat(32));
  });

  it('takes a CA bundle for Twilio only as a file of certificates, and a proxy only as an http(s) URL', () => {
    const bundle = new URL('./fixtures/tls/twilio-standin.pem', import.meta.url).pathname;
    expect(loadConfig({ TWILIO_CA_BUNDLE: bundle, HTTP_PROXY: 'http://proxy.internal:3128' })).toMatchObject({ TWILIO_CA_BUNDLE: bundle, HTTP_PROXY: 'http://proxy.internal:3128' });
    const notPem = new URL('./fixtures/tls/twilio-standin.key', import.meta.url).pathname;
    for (const bad of ['/nonexistent/ca.pem', notPem]) {
      expect(() => loadConfig({ TWILIO_CA_BUNDLE: bad }), bad).toThrow(/TWILIO_CA_BUNDLE: expected a readable file of PEM certificates/);
    }
    expect(() => loadConfig({ HTTP_PROXY: 'proxy.internal:3128' })).toThrow(/HTTP_PROXY: expected an http\(s\) URL/);
  });

  it('starts with .env.example copied as it is, as the README says', () => {
    const example = parseDotenv(file('.env.example'));
    expect(example.EMAIL_FROM).toBe('nextdeal@localhost');
    expect(loadConfig(example).EMAIL_FROM).toBe('nextdeal@localhost');
    expect(loadConfig(example).DATABASE_URL).toBeUndefined(); // the embedded SQLite
  });

  it('takes a sender address on a host without a dot (Mailpit, localhost) and refuses what is no address', () => {
    expect(loadConfig({ EMAIL_FROM: 'nextdeal@mailpit' }).EMAIL_FROM).toBe('nextdeal@mailpit');
    expect(loadConfig({ EMAIL_FROM: 'hallo@fietsenmaker.nl' }).EMAIL_FROM).toBe('hallo@fietsenmaker.nl');
    for (const bad of ['nextdeal', '@localhost', 'a b@example.com', 'x@-bad-.nl', 'x@example..nl']) {
      expect(() => loadConfig({ EMAIL_FROM: bad }), bad).toThrow(/EMAIL_FROM: expected an e-mail address/);
    }
  });

  it('is documented in full: every setting in .env.example, docker-compose.yml and the README', () => {
    const example = parseDotenv(file('.env.example'));
    const compose = file('docker-compose.yml');
    const readme = file('README.md');
    for (const name of settingNames) {
      expect(Object.keys(example), `.env.example lacks ${name}`).toContain(name);
      expect(compose, `docker-compose.yml does not pass ${name}`).toMatch(new RegExp(`^\\s+${name}:`, 'm'));
      expect(readme, `the README's configuration table lacks ${name}`).toContain(`| \`${name}\` |`);
    }
  });

  it("has compose's PostgreSQL called healthy only once it answers over TCP, as the replicas connect to it", () => {
    // On its first start the image initialises the data on a server that listens on its socket alone: pg_isready
    // without -h asks the socket, and the replicas, started on "healthy", were refused at postgres:5432.
    const postgres = /^  postgres:\n([\s\S]*?)(?=^  \S)/m.exec(file('docker-compose.yml'))?.[1] ?? '';
    expect(postgres).toMatch(/test: \["CMD-SHELL", "pg_isready -h 127\.0\.0\.1 /);
  });
});
