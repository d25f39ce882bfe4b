import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { type Io, run } from '../src/cli.js';
import { passwordCost } from '../src/domain/password.js';
import { sign, signV2, verifySignature } from '../src/http/signature.js';
import { all, engine, postSale, run as runSql, saleBody, startApp, tempDir } from './helpers.js';
import { openDatabase } from '../src/db/open.js';
import { openPostgres } from '../src/db/engines/postgres.js';
import { createStore } from '../src/db/store.js';
import { freshDatabase } from './pg/cluster.js';
import { customer, phoneOf, sale } from './store-sales.js';
import { type TwilioFake, error20008, startTwilio, twilioAccount } from './fakes/twilio.js';

interface Env {
  DATABASE_PATH: string;
  OUTBOX_DIR: string;
  DATABASE_URL?: string;
}

/** The command line over a database of its own: a SQLite file, or under the postgres engine an empty PostgreSQL database. */
async function cli() {
  const dir = tempDir();
  const env: Env = { DATABASE_PATH: join(dir, 'data', 'nextdeal.db'), OUTBOX_DIR: join(dir, 'outbox') };
  if (engine === 'postgres') env.DATABASE_URL = await freshDatabase();
  const exec = async (args: string, stdin = '') => {
    let out = '';
    let err = '';
    const io: Io = { out: (s) => void (out += s), err: (s) => void (err += s), env: { ...env }, stdin: () => stdin, askSecret: async () => stdin };
    const code = await run(args.match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, '')), io);
    return { code, out, err };
  };
  return { dir, env, exec };
}

/** The store over the CLI's database, as the server opens it (close it before the test ends). */
const openStore = async (env: Env) => createStore(await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH }));

/**
 * Whether `text` is stored anywhere in the CLI's database: in SQLite's file (free pages included), or on PostgreSQL,
 * whose files are the server's, in any row of any table.
 */
async function stored(env: Env, text: string): Promise<boolean> {
  if (!env.DATABASE_URL) return readFileSync(env.DATABASE_PATH).includes(text);
  const db = openPostgres(env.DATABASE_URL);
  try {
    const tables = await all<{ name: string }>(db, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
    for (const { name } of tables) {
      if (JSON.stringify(await all(db, `SELECT * FROM "${name}"`)).includes(text)) return true;
    }
    return false;
  } finally {
    await db.close();
  }
}

describe('nextdeal shop', () => {
  it('create prints the slug, API key and webhook secret as JSON, and stores the key only as a hash', async () => {
    const { exec, env } = await cli();
    const res = await exec('shop create --slug fietsenmaker --name "Fietsenmaker Test" --timezone Europe/Amsterdam --country NL --locale nl');
    expect(res.code).toBe(0);
    const shop = JSON.parse(res.out);
    expect(shop).toEqual({ slug: 'fietsenmaker', apiKey: expect.stringMatching(/^nd_key_/), webhookSecret: expect.stringMatching(/^nd_whsec_/) });
    expect(await stored(env, 'Fietsenmaker Test')).toBe(true); // the look finds what is there
    expect(await stored(env, shop.apiKey)).toBe(false);
  });

  // The operator review of 5 December: a paused channel was on the owner's page and in the log only.
  it('show says when a channel is paused, until when, with its code, and what to put right for a refused login', async () => {
    const { exec, env } = await cli();
    await exec('shop create --slug x --name X');
    expect(JSON.parse((await exec('shop show --slug x')).out).channelsPaused).toBeUndefined();
    const store = await openStore(env);
    const at = Date.now();
    for (let i = 0; i < 5; i++) await store.health.failed('email', 'SMTP 535', at, 5, 60 * 60_000, 'login');
    await store.close();
    const shown = await exec('shop show --slug x');
    expect(JSON.parse(shown.out).channelsPaused).toEqual([{ channel: 'email', until: new Date(at + 60 * 60_000).toISOString(), failures: 5, lastError: 'SMTP 535', loginRefused: true }]);
    expect(shown.err).toBe(`warning: email is paused until ${new Date(at + 60 * 60_000).toISOString()} after 5 failures in a row (SMTP 535): the provider refused the login: put SMTP_URL right, its messages wait, for every shop\n`);
    // An outbox on a full disk is no provider's doing (the operator's review).
    const again = await openStore(env);
    for (let i = 0; i < 5; i++) await again.health.failed('sms', 'ENOSPC', at, 5, 60 * 60_000, 'outbox');
    await again.close();
    expect((await exec('shop show --slug x')).err).toContain(
      `warning: sms is paused until ${new Date(at + 60 * 60_000).toISOString()} after 5 failures in a row (ENOSPC): the outbox (OUTBOX_DIR) could not be written, no provider involved: its disk (or the quota on it) is full: free space there, its messages wait, for every shop\n`,
    );
  });

  // The review of 5 December: the outbox paused on a full disk quota (EDQUOT) read as a permission to grant ("let
  // nextdeal write there") in `shop show`, while the owner's page said the disk is full.
  it('show says the disk or its quota is full for an outbox paused on EDQUOT, as for ENOSPC; a permission refused reads otherwise', async () => {
    const { exec, env } = await cli();
    await exec('shop create --slug x --name X');
    const at = Date.now();
    const store = await openStore(env);
    for (let i = 0; i < 5; i++) await store.health.failed('sms', 'EDQUOT', at, 5, 60 * 60_000, 'outbox');
    for (let i = 0; i < 5; i++) await store.health.failed('email', 'EACCES', at, 5, 60 * 60_000, 'outbox');
    await store.close();
    const shown = await exec('shop show --slug x');
    expect(shown.err).toContain(
      `warning: sms is paused until ${new Date(at + 60 * 60_000).toISOString()} after 5 failures in a row (EDQUOT): the outbox (OUTBOX_DIR) could not be written, no provider involved: its disk (or the quota on it) is full: free space there, its messages wait, for every shop\n`,
    );
    expect(shown.err).toContain('(EACCES): the outbox (OUTBOX_DIR) could not be written, no provider involved: let nextdeal write there, its messages wait');
    expect(shown.err).not.toMatch(/EDQUOT\).*let nextdeal write there/);
  });

  // A complaint reaches the owner at once only by e-mail: a shop created without an address is told so.
  it('create takes the owner\'s alert address, and says so when it is not given', async () => {
    const { exec } = await cli();
    const without = await exec('shop create --slug x --name X');
    expect(without.err.replace(/^created a new database at .*\n/, '')).toBe('note: no --alert-email, so a customer\'s problem or question reaches the owner by no e-mail, only on their page, and a customer who answers a check-in e-mail writes to EMAIL_FROM; set one with: shop update --slug x --alert-email <address>\n');
    const res = await exec('shop create --slug y --name Y --alert-email eigenaar@y.example');
    expect([res.code, res.err]).toEqual([0, '']);
    expect(JSON.parse((await exec('shop show --slug y')).out).alertEmail).toBe('eigenaar@y.example');
    expect(await exec('shop create --slug z --name Z --alert-email nope')).toMatchObject({ code: 1, err: expect.stringContaining('--alert-email:') });
    expect((await exec('shop show --slug z')).code).toBe(1); // nothing half-made
  });

  it('create makes a shop in Belgium say "u" unless told otherwise, and update changes it', async () => {
    const { exec } = await cli();
    const formal = async (slug: string) => JSON.parse((await exec(`shop show --slug ${slug}`)).out).formal;
    await exec('shop create --slug gent --name Gent --country BE');
    await exec('shop create --slug utrecht --name Utrecht --country NL');
    await exec('shop create --slug brugge --name Brugge --country BE --formal off');
    expect([await formal('gent'), await formal('utrecht'), await formal('brugge')]).toEqual(['on', 'off', 'off']);
    await exec('shop update --slug utrecht --formal on');
    expect(await formal('utrecht')).toBe('on');
    expect(await exec('shop update --slug utrecht --formal ja')).toMatchObject({ code: 1, err: expect.stringContaining('--formal: expected on or off') });
  });

  // Before, every shop without --timezone got Amsterdam's: a New York shop's check-ins went out at 4 in the morning.
  it('create takes the time zone of a country with one, and asks for it in a country with several', async () => {
    const { exec } = await cli();
    const zone = async (slug: string) => JSON.parse((await exec(`shop show --slug ${slug}`)).out).timezone;
    await exec('shop create --slug gent --name Gent --country BE');
    await exec('shop create --slug utrecht --name Utrecht');
    expect([await zone('gent'), await zone('utrecht')]).toEqual(['Europe/Brussels', 'Europe/Amsterdam']);
    expect(await exec('shop create --slug deli --name Deli --country US --locale en')).toMatchObject({ code: 1, err: expect.stringContaining('--timezone: give the shop\'s time zone') });
    // A country that is none is named first, not the time zone it cannot give (an operator's review).
    expect(await exec('shop create --slug deli --name Deli --country XX')).toMatchObject({ code: 1, err: expect.stringMatching(/^--country: expected a two-letter country code such as NL\n$/) });
    expect((await exec('shop create --slug deli --name Deli --country US --locale en --timezone America/New_York')).code).toBe(0);
    expect(await zone('deli')).toBe('America/New_York');
    // Typed in lower case: kept as the zone's own name, as the page and the exports show it.
    await exec('shop update --slug deli --timezone america/new_york');
    expect(await zone('deli')).toBe('America/New_York');
    expect((await exec('shop create --slug deli --name Deli --country US --locale en --timezone AMERICA/NEW_YORK')).code).toBe(3);
    // A zone's name as typed, never ICU's older one for it (Europe/Kiev, Asia/Calcutta: the review of 6961879).
    await exec('shop create --slug kyiv --name Kavarnia --country UA --locale en --timezone Europe/Kyiv');
    expect(await zone('kyiv')).toBe('Europe/Kyiv');
    expect((await exec('shop create --slug kyiv --name Kavarnia --country UA --locale en --timezone Europe/Kyiv')).code).toBe(3);
    await exec('shop update --slug kyiv --timezone Asia/Kolkata');
    expect(await zone('kyiv')).toBe('Asia/Kolkata');
    // Typed in lower case too: before, a zone ICU knows by an older name stayed "europe/kyiv" (the review of a74e1d6).
    for (const name of ['Europe/Kyiv', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires']) {
      await exec(`shop update --slug kyiv --timezone ${name.toLowerCase()}`);
      expect(await zone('kyiv')).toBe(name);
    }
    // As an older version stored it, in lower case: the same create again is the shop as given (exit 3), not "not as
    // given: --timezone "europe/kyiv" (given: "Europe/Kyiv")" (exit 4), which a provisioning script takes for a failure.
    const { exec: execOld, env } = await cli();
    await execOld('shop create --slug kyiv --name Kavarnia --country UA --locale en --timezone europe/kyiv');
    const db = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
    await runSql(db, "UPDATE shops SET timezone = 'europe/kyiv' WHERE slug = 'kyiv'");
    await db.close();
    expect(await execOld('shop create --slug kyiv --name Kavarnia --country UA --locale en --timezone europe/kyiv')).toMatchObject({ code: 3 });
    // Or by ICU's older name, as a version before that stored it: the same zone.
    const db2 = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
    await runSql(db2, "UPDATE shops SET timezone = 'Europe/Kiev' WHERE slug = 'kyiv'");
    await db2.close();
    expect(await execOld('shop create --slug kyiv --name Kavarnia --country UA --locale en --timezone Europe/Kyiv')).toMatchObject({ code: 3 });
    expect(await execOld('shop create --slug kyiv --name Kavarnia --country UA --locale en --timezone Europe/Berlin')).toMatchObject({ code: 4 });
    await execOld('shop create --slug gent --name Gent --country BE');
    expect(await execOld('shop create --slug gent --name Gent --country BE --timezone Europe/Amsterdam')).toMatchObject({ code: 4 }); // merged in IANA's, not one
  });

  it('refuses an SMS sender nobody can answer: a name, or a number without its country code', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X');
    for (const bad of ['Fietsen', '0613572468']) {
      expect(await exec(`shop update --slug x --sms-from ${bad}`)).toMatchObject({ code: 1, err: expect.stringContaining('--sms-from: expected a number in E.164') });
    }
    expect((await exec('shop update --slug x --sms-from +31613572468')).code).toBe(0);
  });

  // Found by the review of many shops: a shop given the shared number as its own took every reply to it, and the other
  // shops' customers' complaints and STOPs reached nobody.
  it('refuses the shared TWILIO_FROM as one shop\'s own sender', async () => {
    const { env, exec } = await cli();
    Object.assign(env, { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM: '+15005550006' });
    await exec('shop create --slug x --name X');
    expect(await exec('shop update --slug x --sms-from +15005550006')).toMatchObject({ code: 1, err: expect.stringContaining('--sms-from: +15005550006 is TWILIO_FROM, the number every shop without its own sends from') });
    expect(JSON.parse((await exec('shop show --slug x')).out).smsFrom).toBeNull();
    expect((await exec('shop update --slug x --sms-from +31613572468')).code).toBe(0);
  });

  // The review of a vendor hosting many shops: without --locale every shop wrote Dutch, a Berlin shop's customers too.
  it('create writes in English outside NL and BE unless told otherwise, and says which language it took', async () => {
    const { exec } = await cli();
    const locale = async (slug: string) => JSON.parse((await exec(`shop show --slug ${slug}`)).out).locale;
    const berlin = await exec('shop create --slug berlin --name Berlin --country DE --alert-email o@berlin.example');
    expect(berlin.code).toBe(0);
    expect(berlin.err).toContain('note: no --locale, so this shop in DE writes to its customers in English (--locale en), unless a sale gives a customer\'s own language; for Dutch ones, give --locale nl, or change it with: shop update --slug berlin --locale nl\n');
    const gent = await exec('shop create --slug gent --name Gent --country BE --alert-email o@gent.example');
    expect(gent.err).toContain('in Dutch (--locale nl), saying "u" (--formal on),');
    const utrecht = await exec('shop create --slug utrecht --name Utrecht --alert-email o@utrecht.example');
    expect([utrecht.code, utrecht.err]).toEqual([0, '']);
    const london = await exec('shop create --slug london --name London --country GB --locale nl --alert-email o@london.example');
    expect([london.code, london.err]).toEqual([0, '']);
    expect((await exec('shop create --slug deli --name Deli --country US --timezone America/New_York')).code).toBe(0);
    expect([await locale('berlin'), await locale('gent'), await locale('utrecht'), await locale('london'), await locale('deli')]).toEqual(['en', 'nl', 'nl', 'nl', 'en']);
  });

  it('refuses a bad timezone, country or locale, naming the option', async () => {
    const { exec } = await cli();
    const res = await exec('shop create --slug x --name X --timezone Europe/Atlantis --country ZZ --locale fr');
    expect(res.code).toBe(1);
    expect(res.err).toContain('--timezone: expected an IANA time zone');
    expect(res.err).toContain('--country: expected a two-letter country code');
    expect(res.err).toContain('--locale: expected one of: nl, en');
  });

  // The review of a vendor hosting many shops: a creation script run again got exit 1 for every shop made before, the
  // code of a real error, and had to match English text to tell "done already" from "failed".
  it('create exits 3 for a shop that exists already as given, 4 for one with other settings, and 1 for an error', async () => {
    const { exec } = await cli();
    const line = 'shop create --slug x --name "Fietsen X" --country DE --alert-email o@x.example --holdout 0';
    expect((await exec(line)).code).toBe(0);
    await exec('shop update --slug x --checkin-hour 11 --formal on');
    expect(await exec(line)).toEqual({ code: 3, out: '', err: 'a shop "x" exists already, as given: nothing to do (its API key and webhook secret are not shown again; shop rotate gives new ones)\n' });
    const other = await exec('shop create --slug x --name Y --country DE --locale nl --timezone Europe/Berlin');
    expect(other).toEqual({ code: 4, out: '', err: 'a shop "x" exists already, not as given: --name "Fietsen X" (given: "Y"); --locale "en" (given: "nl"). Nothing changed: shop update --slug x changes its settings; a new shop needs a --slug of its own\n' });
    expect(JSON.parse((await exec('shop show --slug x')).out)).toMatchObject({ name: 'Fietsen X', locale: 'en' });
    expect(await exec('shop create --slug x --name "Fietsen X" --timezone Europe/Amsterdm')).toMatchObject({ code: 1, err: expect.stringContaining('--timezone: expected an IANA time zone') });
    await exec('shop disable --slug x');
    expect(await exec(line)).toMatchObject({ code: 4, err: expect.stringMatching(/^a shop "x" exists already, not as given: it is disabled, since \S+Z \(shop enable --slug x takes it back\)\. Nothing changed/) });
  });

  // Two lines of one creation script run side by side (xargs -P2) for the same shop: one makes it, the other finds it
  // as given, never half-made (without its alert address yet) nor a database error.
  it('create of one shop twice at once makes it once, whole, and tells the other it exists already as given', async () => {
    const { exec } = await cli();
    await exec('shop create --slug a --name A --alert-email o@a.example');
    const line = 'shop create --slug x --name X --country BE --alert-email o@x.example';
    const both = await Promise.all([exec(line), exec(line)]);
    expect(both.map((r) => r.code).sort()).toEqual([0, 3]);
    expect(JSON.parse((await exec('shop show --slug x')).out)).toMatchObject({ alertEmail: 'o@x.example', formal: 'on' });
  });

  // The review of a vendor hosting many shops: each shop create cost a second of Node's start-up, 2,000 over half an hour.
  it('create --from makes the shops of a JSON-lines file in one run, one result line each, a bad line not stopping the rest', async () => {
    const { dir, exec } = await cli();
    const file = join(dir, 'shops.jsonl');
    writeFileSync(file, [
      '{"slug": "s1", "name": "Shop 1", "country": "GB", "alertEmail": "o1@shop.example"}',
      '{"slug": "s2", "name": "Shop 2", "timezone": "Europe/Amsterdm"}',
      '',
      'not json',
      '{"slug": "s3", "name": "Shop 3", "alert_email": "o3@shop.example"}',
      '{"slug": "s1", "name": "Shop 1", "country": "GB"}',
      '{"slug": "s1", "name": "Other"}',
      '{"slug": "s4", "name": "Shop 4", "country": "BE", "holdout": 0, "alertEmail": "o4@shop.example"}',
    ].join('\n'));
    const res = await exec(`shop create --from ${file}`);
    const lines = res.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.line, l.slug, l.exit])).toEqual([[1, 's1', 0], [2, 's2', 1], [4, undefined, 1], [5, 's3', 1], [6, 's1', 3], [7, 's1', 4], [8, 's4', 0]]);
    expect(lines[0]).toEqual({ line: 1, slug: 's1', exit: 0, apiKey: expect.stringMatching(/^nd_key_/), webhookSecret: expect.stringMatching(/^nd_whsec_/), notes: [expect.stringContaining('no --locale, so this shop in GB writes to its customers in English')] });
    expect(lines[1].error).toBe('timezone: expected an IANA time zone such as Europe/Amsterdam');
    expect(lines[2].error).toMatch(/^not JSON/);
    expect(lines[3].error).toBe('"alert_email": no such field; the fields are slug, name, timezone, country, locale, holdout, alertEmail, formal');
    expect(lines[5].message).toContain('not as given: name "Shop 1" (given: "Other")');
    expect(res.code).toBe(1);
    expect(res.err).toContain('7 lines: 2 created, 1 there already as given, 1 there already not as given, 3 failed (line 2, 4, 5)\n');
    expect(JSON.parse((await exec('shop show --slug s4')).out)).toMatchObject({ locale: 'nl', formal: 'on', holdout: 0, alertEmail: 'o4@shop.example' });
    expect((await exec('shop show --slug s2')).code).toBe(1);
    // Run again with its bad lines left out: every shop there as given, exit 0.
    writeFileSync(file, '{"slug": "s1", "name": "Shop 1", "country": "GB"}\n{"slug": "s4", "name": "Shop 4", "country": "BE"}\n');
    const again = await exec(`shop create --from ${file}`);
    expect([again.code, again.out.trim().split('\n').map((l) => JSON.parse(l).exit)]).toEqual([0, [3, 3]]);
    expect(await exec(`shop create --from ${file} --name X`)).toMatchObject({ code: 1, err: "--from: each shop's settings go in the file, not beside it (--name)\n" });
    expect(await exec('shop create --name X')).toMatchObject({ code: 1, err: '--slug: required (or --from <file>, for many shops)\n' });
  });

  // The review of b966686: a spreadsheet's empty cells ("holdout": null read as 0 turned the hold-out off without a
  // word), and a file saved as Latin-1 ("Caf\xe9" stored as "Caf\uFFFD", in every message's shop name).
  it('create --from takes a null field as not given, refuses an empty holdout, and refuses a file that is not UTF-8', async () => {
    const { dir, exec } = await cli();
    const file = join(dir, 'shops.jsonl');
    writeFileSync(file, '{"slug": "h1", "name": "H1", "holdout": null, "alertEmail": null, "timezone": null}\n{"slug": "h2", "name": "H2", "holdout": ""}\n');
    const res = await exec(`shop create --from ${file}`);
    const lines = res.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.slug, l.exit])).toEqual([['h1', 0], ['h2', 1]]);
    expect(lines[1].error).toBe('holdout: empty; give a share (0 is off) or leave the field out for the default');
    expect(JSON.parse((await exec('shop show --slug h1')).out)).toMatchObject({ holdout: 20, alertEmail: null, timezone: 'Europe/Amsterdam' });
    writeFileSync(file, Buffer.from('{"slug": "lat1", "name": "Caf\xe9"}\n', 'latin1'));
    expect(await exec(`shop create --from ${file}`)).toMatchObject({ code: 1, err: `--from: ${file} is not UTF-8 (a letter could not be read): save it as UTF-8\n` });
    expect((await exec('shop show --slug lat1')).code).toBe(1);
  });

  it('update changes the check-in hour, quiet hours, come-back days and sender, and list shows them', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    const res = await exec('shop update --slug x --checkin-hour 11 --quiet-hours 21-8 --comeback-days 45 --email-from winkel@example.nl --locale en');
    expect(res.code).toBe(0);
    const [listed] = JSON.parse((await exec('shop list')).out);
    expect(listed).toMatchObject({ slug: 'x', checkinHour: 11, quietHours: '21-8', comebackDays: 45, emailFrom: 'winkel@example.nl', locale: 'en' });
    // An hour the quiet hours would hold back, by either option.
    expect(await exec('shop update --slug x --checkin-hour 22')).toMatchObject({ code: 1, err: expect.stringContaining('--checkin-hour 22: the check-in hour 22 falls in the quiet hours 21-8') });
    expect(await exec('shop update --slug x --quiet-hours 10-8')).toMatchObject({ code: 1, err: expect.stringContaining('--quiet-hours 10-8: the check-in hour 11 falls in the quiet hours 10-8') });
    // The operator review of 5 December: 20-20 (or 0-0) quietly removed the night's protection.
    for (const same of ['20-20', '0-0']) {
      expect(await exec(`shop update --slug x --quiet-hours ${same}`)).toEqual({ code: 1, out: '', err: '--quiet-hours: from and to are the same hour, which would leave no quiet hours at all, and messages could go out at night: give two different hours, e.g. 20-9 (from 20:00 to 09:00)\n' });
    }
    expect(JSON.parse((await exec('shop show --slug x')).out)).toMatchObject({ checkinHour: 11, quietHours: '21-8' });
    await exec('shop update --slug x --email-from ""');
    expect(JSON.parse((await exec('shop show --slug x')).out).emailFrom).toBeNull();
  });

  // A POS developer's review: 8-20 (the day, where 20-8 was meant) with --checkin-hour 7 was taken, and texts went
  // out all night.
  it('refuses quiet hours that leave the night open, naming the option and the hours likely meant', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    expect(await exec('shop update --slug x --quiet-hours 8-20 --checkin-hour 7')).toEqual({ code: 1, out: '', err:
      '--quiet-hours: from 8:00 to 20:00 is when no message goes out, which leaves the night open (a message could go out at 22:00): quiet hours run from the evening to the morning and hold at least 22:00 to 07:00, e.g. 20-9 (from 20:00 to 09:00); did you mean 20-8?\n' });
    // Part of the night is as much: a text at 23:00, or at 06:00.
    expect(await exec('shop update --slug x --quiet-hours 23-9')).toMatchObject({ code: 1, err: expect.stringContaining('--quiet-hours: from 23:00 to 9:00 is when no message goes out, which leaves the night open (a message could go out at 22:00): quiet hours run from the evening to the morning and hold at least 22:00 to 07:00, e.g. 20-9 (from 20:00 to 09:00)\n') });
    expect(await exec('shop update --slug x --quiet-hours 21-6')).toMatchObject({ code: 1, err: expect.stringContaining('(a message could go out at 06:00)') });
    expect(JSON.parse((await exec('shop show --slug x')).out)).toMatchObject({ checkinHour: 10, quietHours: '20-9' });
    // The night held: taken, the check-in hour then in the day.
    expect(await exec('shop update --slug x --quiet-hours 22-7 --checkin-hour 7')).toMatchObject({ code: 0 });
    expect(JSON.parse((await exec('shop show --slug x')).out)).toMatchObject({ checkinHour: 7, quietHours: '22-7' });
  });

  it('show says a shop given quiet hours that leave the night open before they were refused, and how to put it right', async () => {
    const { exec, env } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    expect(JSON.parse((await exec('shop show --slug x')).out).quietHoursNightOpen).toBeUndefined();
    const store = await openStore(env);
    await store.shops.update('x', { quietStart: 8, quietEnd: 20, checkinHour: 7 });
    await store.close();
    expect(JSON.parse((await exec('shop show --slug x')).out)).toMatchObject({
      quietHours: '8-20',
      quietHoursNightOpen: 'from 8:00 to 20:00 is when no message goes out, which leaves the night open (a message could go out at 22:00): run shop update --slug x --quiet-hours 20-8',
    });
  });

  // The review of the fix: a shop given the same hour twice before it was refused keeps no quiet hours; show says so.
  it('show says a shop given the same hour twice as quiet hours has none, and how to put it right', async () => {
    const { exec, env } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    expect(JSON.parse((await exec('shop show --slug x')).out).quietHoursOff).toBeUndefined();
    const store = await openStore(env);
    await store.shops.update('x', { quietStart: 20, quietEnd: 20 });
    await store.close();
    expect(JSON.parse((await exec('shop show --slug x')).out)).toMatchObject({
      quietHours: '20-20',
      quietHoursOff: 'from and to are the same hour (20), so there are no quiet hours and messages may go out at night: run shop update --slug x --quiet-hours 20-9',
    });
  });

  // A black-box review (rvtime, 7): with --comeback-days 1 or 2, "we zien je graag nog eens terug" came the morning
  // after "Bevalt het?".
  it('refuses --comeback-days below 7, saying why; a shop given fewer before keeps them, and show says so', async () => {
    const { exec, env } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    // The range named as the help names it, whatever is wrong (frv2, 7: 0, abc and 6.5 were told "from 1 to 365").
    for (const few of ['0', '1', '3', '6', '6.5', 'abc', '366']) {
      expect(await exec(`shop update --slug x --comeback-days ${few}`)).toEqual({ code: 1, out: '', err: '--comeback-days: expected a whole number from 7 to 365: fewer would bring the come-back invitation a few days after the check-in ("how is it?"), which reads as pushy\n' });
    }
    expect((await exec('shop update --slug x --comeback-days 7')).code).toBe(0);
    expect(JSON.parse((await exec('shop show --slug x')).out).comebackDaysFew).toBeUndefined();
    const store = await openStore(env);
    await store.shops.update('x', { comebackDays: 2 });
    await store.close();
    expect((await exec('shop update --slug x --checkin-hour 11')).code).toBe(0);
    expect(JSON.parse((await exec('shop show --slug x')).out)).toMatchObject({
      comebackDays: 2,
      comebackDaysFew: '2, set before fewer than 7 were refused: kept, but the come-back invitation goes 2 days after the sale, soon after the check-in, which reads as pushy; run shop update --slug x --comeback-days 7 (or more)',
    });
  });

  // A black-box review (rvtime, 6): a new check-in hour or time zone left what was planned at its old time, and
  // nothing said so. Its review (frv2, 5 and 6): said also when nothing changed, counted what an option does not plan,
  // and after a new time zone "keep their time" read as the same local hour, the quiet hours there not named.
  it('update of the check-in hour, time zone, quiet hours or come-back days says how many messages already planned keep their time', async () => {
    const { exec, env } = await cli();
    await exec('shop create --slug x --name X --timezone Europe/Amsterdam --holdout 0');
    const store = await openStore(env);
    const shop = (await store.shops.bySlug('x'))!;
    const now = Date.now();
    for (const n of [1, 2]) await store.sales.record(shop, sale(customer({ name: `K${n}`, phone: phoneOf(n), consent: { sms: true } }), now - n * 60_000), now);
    // A web order sent by post: its check-in waits --shipped-checkin-days.
    await store.sales.record(shop, sale(customer({ name: 'K3', phone: phoneOf(3), consent: { sms: true } }), now - 3 * 60_000, { shipped: true }), now);
    await store.close();
    expect(await exec('shop update --slug x --checkin-hour 14')).toMatchObject({
      code: 0, err: 'note: 3 check-ins and 3 come-back invitations already planned keep their time: --checkin-hour applies to sales from now on\n',
    });
    // The same settings again (a deploy script's): nothing changed, nothing said.
    expect(await exec('shop update --slug x --checkin-hour 14 --comeback-days 30 --quiet-hours 20-9 --timezone Europe/Amsterdam --shipped-checkin-days 4')).toMatchObject({ code: 0, err: '' });
    // Each option counted by what it plans: the invitations; the messages of web orders sent by post.
    expect((await exec('shop update --slug x --comeback-days 60 --shipped-checkin-days 6')).err).toBe(
      'note: 3 come-back invitations already planned keep their time: --comeback-days applies to sales from now on\n'
      + 'note: 1 check-in and 1 come-back invitation of web orders sent by post already planned keep their time: --shipped-checkin-days applies to sales from now on\n',
    );
    expect((await exec('shop update --slug x --quiet-hours 21-8 --comeback-days 60')).err).toBe(
      'note: 3 check-ins and 3 come-back invitations already planned keep their time: --quiet-hours applies to sales from now on; one that now falls in the new quiet hours waits until they end\n',
    );
    // A new zone: the same moment, so another local hour, which may fall in the quiet hours there. (London, whose
    // clocks change with Amsterdam's: an hour apart whatever the date the test runs.)
    expect((await exec('shop update --slug x --timezone Europe/London')).err).toBe(
      'note: 3 check-ins and 3 come-back invitations already planned keep the moment they were planned for (14:00 in Europe/Amsterdam is 13:00 in Europe/London): --timezone applies to sales from now on; one that now falls in the quiet hours waits until they end\n',
    );
    expect(await exec('shop update --slug x --name Y')).toMatchObject({ code: 0, err: '' });
  });

  it('--checkin-gap-days sets how many days apart a customer\'s check-ins are: 30 by default, 1 for one a day', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    expect(JSON.parse((await exec('shop show --slug x')).out).checkinGapDays).toBe(30);
    expect((await exec('shop update --slug x --checkin-gap-days 1')).code).toBe(0);
    expect(JSON.parse((await exec('shop show --slug x')).out).checkinGapDays).toBe(1);
    expect((await exec('shop update --slug x --checkin-gap-days 0')).err).toContain('--checkin-gap-days');
  });

  it('--shipped-checkin-days sets how many days after a web order sent by post its check-in goes: 4 by default, 1 to 30', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    expect(JSON.parse((await exec('shop show --slug x')).out).shippedCheckinDays).toBe(4);
    expect((await exec('shop update --slug x --shipped-checkin-days 7')).code).toBe(0);
    expect(JSON.parse((await exec('shop show --slug x')).out).shippedCheckinDays).toBe(7);
    for (const wrong of ['0', '31', 'vier']) {
      const refused = await exec(`shop update --slug x --shipped-checkin-days ${wrong}`);
      expect([refused.code, refused.err]).toEqual([1, expect.stringContaining('--shipped-checkin-days')]);
    }
    expect(JSON.parse((await exec('shop show --slug x')).out).shippedCheckinDays).toBe(7);
  });

  it('tells the operator that a shop named in letters no SMS can carry is named by its slug in texts', async () => {
    const { exec } = await cli();
    const note = 'note: --name has no letters a text message can carry (Latin ones), so texts name the shop "kalinka", its slug';
    expect((await exec('shop create --slug kalinka --name "Калинка" --holdout 0')).err).toContain(note);
    expect((await exec('shop update --slug kalinka --name "Калинка (Kalinka)"')).err).not.toContain('note:');
    expect((await exec('shop update --slug kalinka --name "🌷"')).err).toContain(note);
    expect((await exec('shop create --slug x --name X --holdout 0')).err).not.toContain('--name');
  });

  // The e-mail channel's review: a pasted name with a line break ("…Zn.\nBcc: victim@…") went into every From line and
  // greeting, a "<info@evil.example>" in it showed as the sender.
  it('refuses a name with a line break or another control character, or with an address in <…>, naming --name', async () => {
    const { exec, env } = await cli();
    // As a shell passes them: one argument each, quotes and line breaks in it.
    const argv = async (...args: string[]) => {
      let err = '';
      const code = await run(args, { out: () => {}, err: (s) => void (err += s), env: { ...env }, stdin: () => '', askSecret: async () => '' });
      return { code, err };
    };
    // A bidi override or isolate reverses how the rest of the From name shows (U+202A to U+202E, U+2066 to U+2069).
    for (const name of ['Bakker "De Korst", Zn.\nBcc: victim@evil.example', 'Bakker\tDe Korst', 'Bakker\u2028Bcc', 'Bakker\u202Eevil', 'Bakker\u202Aevil', 'Bakker\u2066evil\u2069', 'Bakker\u2068x']) {
      expect(await argv('shop', 'create', '--slug', 'bakker', '--name', name, '--holdout', '0')).toEqual({
        code: 1, err: expect.stringContaining('--name: the name on one line, without a line break, tab or other control character'),
      });
    }
    expect(await argv('shop', 'create', '--slug', 'zoe', '--name', 'Zoë’s Atelier <info@evil.example>', '--holdout', '0')).toEqual({
      code: 1, err: expect.stringContaining('--name: the name without an e-mail address in <…>'),
    });
    expect((await exec('shop list')).out).not.toContain('bakker');
    expect((await argv('shop', 'create', '--slug', 'bakker', '--name', 'Bakker "De Korst", Zn.', '--holdout', '0')).code).toBe(0);
    expect(await argv('shop', 'update', '--slug', 'bakker', '--name', 'Bakker\r\nBcc: victim@evil.example')).toEqual({ code: 1, err: expect.stringContaining('--name: the name on one line') });
    expect((await argv('shop', 'update', '--slug', 'bakker', '--name', 'Bakker <b@evil.example>')).code).toBe(1);
    expect(JSON.parse((await exec('shop show --slug bakker')).out).name).toBe('Bakker "De Korst", Zn.');
  });

  it('--reason-in-messages off keeps the customer\'s reason out of their messages (a pharmacy), on by default', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    expect(JSON.parse((await exec('shop show --slug x')).out).reasonInMessages).toBe('on');
    expect((await exec('shop update --slug x --reason-in-messages off')).code).toBe(0);
    expect(JSON.parse((await exec('shop show --slug x')).out).reasonInMessages).toBe('off');
    expect((await exec('shop update --slug x --reason-in-messages nee')).err).toContain('--reason-in-messages: expected on or off');
  });

  it('holds 20% of new customers out from the start; --holdout chooses another share or none, and a change starts a new period', async () => {
    const { exec, env } = await cli();
    await exec('shop create --slug x --name X');
    expect(JSON.parse((await exec('shop show --slug x')).out).holdout).toBe(20);
    expect((await exec('shop update --slug x --holdout 30')).code).toBe(0);
    expect((await exec('shop update --slug x --holdout 25')).err).toContain('--holdout: expected one of 0, 10, 20, 30, 50');
    expect((await exec('shop update --slug x --holdout 0')).code).toBe(0);
    const db = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
    expect(await all(db, 'SELECT share, CASE WHEN ended_at IS NULL THEN 1 ELSE 0 END AS open FROM experiment_periods ORDER BY id')).toEqual([
      { share: 20, open: 0 },
      { share: 30, open: 0 },
    ]);
    await db.close();
    // Off now, and nobody ever took part: nothing was measured, as the owner's page says (not "too early").
    expect((await exec('experiment --shop x')).out).toBe(
      'Does nextdeal help? You leave nobody out of the messages, so nextdeal cannot show whether it helps. Hold a share of new customers out with: nextdeal shop update --slug x --holdout 20\n',
    );
    expect((await exec('experiment --shop x --at yesterday')).err).toContain('--at: expected an ISO 8601 time');
    // A day to come would have the safe test read (and keep for good) outcomes that are not in yet.
    const testedTo = async () => {
      const d = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
      try {
        return await all(d, 'SELECT tested_to FROM experiment_periods ORDER BY id');
      } finally {
        await d.close();
      }
    };
    const before = await testedTo();
    const ahead = await exec(`experiment --shop x --at ${new Date(Date.now() + 90 * 86_400_000).toISOString()}`);
    expect([ahead.code, ahead.err]).toEqual([1, expect.stringContaining('--at: a time that has passed')]);
    expect(await testedTo()).toEqual(before);
  });

  // The owner's page says nothing can be measured; the command said "Too early to tell: too few new customers", as if
  // waiting would tell.
  it('experiment says of a shop that holds nobody out that it cannot show whether nextdeal helps, not that it is too early', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    const printed = await exec('experiment --shop x');
    expect(printed).toEqual({
      code: 0,
      out: 'Does nextdeal help? You leave nobody out of the messages, so nextdeal cannot show whether it helps. Hold a share of new customers out with: nextdeal shop update --slug x --holdout 20\n',
      err: '',
    });
    expect(JSON.parse((await exec('experiment --shop x --json')).out)).toMatchObject({ verdict: 'off', share: 0, periods: [] });
  });

  // Asked of a day before a shop's hold-out began, the command said the shop holds nobody out, and how to start.
  it('experiment --at a day before the hold-out began says it is too early, not that nobody is held out', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 20');
    const before = new Date(Date.now() - 3 * 86_400_000).toISOString();
    expect((await exec(`experiment --shop x --at ${before}`)).out).toMatch(/^Does nextdeal help\? Too early to tell/);
    expect(JSON.parse((await exec(`experiment --shop x --at ${before} --json`)).out)).toMatchObject({ verdict: 'too_early', share: 0.2 });
  });

  it('update --join-countries sets where the join page may text a code; show says so, the own country by default', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --country NL --holdout 0');
    expect(JSON.parse((await exec('shop show --slug x')).out).joinCountries).toBe('NL');
    expect((await exec('shop update --slug x --join-countries nl,be')).code).toBe(0);
    expect(JSON.parse((await exec('shop show --slug x')).out).joinCountries).toBe('NL,BE');
    expect((await exec('shop update --slug x --join-countries NL,XX')).err).toContain('--join-countries: expected two-letter country codes');
  });

  it('update refuses an unknown shop and a wrong hour', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    expect((await exec('shop update --slug nobody --checkin-hour 9')).err).toContain('there is no shop "nobody"');
    expect((await exec('shop update --slug x --checkin-hour 24')).err).toContain('--checkin-hour');
  });
});

describe('nextdeal shop rotate', () => {
  it('gives a new API key and webhook secret; the old ones still work for the grace hours only, then are forgotten', async () => {
    const { exec, env } = await cli();
    const created = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const store = await openStore(env);
    let now = Date.now();
    const base = await startApp(store, () => now);
    const withKey = async (key: string, id: string) =>
      (await fetch(`${base}/v1/shops/x/sales`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(saleBody({ id })),
      })).status;
    const signed = async (secret: string, id: string) => (await postSale(base, 'x', secret, saleBody({ id }), now)).status;

    const res = await exec('shop rotate --slug x --api-key --webhook-secret --grace-hours 1');
    expect(res.code).toBe(0);
    const rotated = JSON.parse(res.out);
    expect(rotated).toEqual({
      slug: 'x', apiKey: expect.stringMatching(/^nd_key_/), webhookSecret: expect.stringMatching(/^nd_whsec_/),
      previousValidUntil: new Date(Date.parse(rotated.previousValidUntil)).toISOString(),
    });
    expect(Date.parse(rotated.previousValidUntil) - now).toBeGreaterThan(3_590_000);
    expect(await stored(env, rotated.apiKey)).toBe(false); // the key only as its hash, as at create
    // The till not given the new ones yet goes on; the new ones work at once.
    expect(await withKey(created.apiKey, 'sale-1')).toBe(201);
    expect(await signed(created.webhookSecret, 'sale-2')).toBe(201);
    expect(await withKey(rotated.apiKey, 'sale-3')).toBe(201);
    expect(await signed(rotated.webhookSecret, 'sale-4')).toBe(201);
    expect(JSON.parse((await exec('shop show --slug x')).out)).toMatchObject({
      previousKeyValidUntil: rotated.previousValidUntil, previousSecretValidUntil: rotated.previousValidUntil,
    });

    now += 61 * 60_000; // the grace hour is over
    expect(await withKey(created.apiKey, 'sale-5')).toBe(401);
    expect(await signed(created.webhookSecret, 'sale-5')).toBe(401);
    expect(await withKey(rotated.apiKey, 'sale-5')).toBe(201);
    expect(await signed(rotated.webhookSecret, 'sale-6')).toBe(201);
    // and the old ones are forgotten by the dispatcher's sweep
    expect(await store.shops.bySlug('x')).toMatchObject({ previousWebhookSecret: created.webhookSecret });
    await store.chores.sweep(now - 3_600_000, now);
    expect(await store.shops.bySlug('x')).toMatchObject({ previousApiKeyHash: null, previousKeyUntil: null, previousWebhookSecret: null, previousSecretUntil: null });

    // One that leaked stops at once, and nothing of it is kept.
    const leaked = JSON.parse((await exec('shop rotate --slug x --api-key --webhook-secret --grace-hours 0')).out);
    expect(Object.keys(leaked)).toEqual(['slug', 'apiKey', 'webhookSecret']);
    now += 2_000; // past the server's second of keeping the shop
    expect(await withKey(rotated.apiKey, 'sale-7')).toBe(401);
    expect(await signed(rotated.webhookSecret, 'sale-7')).toBe(401);
    expect(await withKey(leaked.apiKey, 'sale-7')).toBe(201);
    expect(await signed(leaked.webhookSecret, 'sale-8')).toBe(201);
    expect(await store.shops.bySlug('x')).toMatchObject({ previousApiKeyHash: null, previousWebhookSecret: null });
    await store.close();
  });

  it('replaces only what it is asked to', async () => {
    const { exec, env } = await cli();
    const created = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const rotated = JSON.parse((await exec('shop rotate --slug x --webhook-secret --grace-hours 0')).out);
    expect(Object.keys(rotated)).toEqual(['slug', 'webhookSecret']);
    const store = await openStore(env);
    const now = Date.now();
    const base = await startApp(store, () => now);
    const res = await fetch(`${base}/v1/shops/x/sales`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${created.apiKey}` }, body: JSON.stringify(saleBody()),
    });
    expect(res.status).toBe(201);
    await store.close();
  });

  // Found by the review of many shops: run twice within the grace hours (the answer lost, two operators), the second
  // rotation stopped the secret the till still had, and tills do not send a refused sale again.
  it('refuses a second rotation within the first one\'s grace hours, unless forced or with no grace (a leak)', async () => {
    const { exec, env } = await cli();
    const created = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const first = JSON.parse((await exec('shop rotate --slug x --webhook-secret')).out);
    const again = await exec('shop rotate --slug x --webhook-secret');
    expect(again).toMatchObject({ code: 1, err: expect.stringContaining(`--webhook-secret: the one before the current one still works until ${first.previousValidUntil}`) });
    expect((await exec('shop rotate --slug x --api-key')).code).toBe(0); // the key had no rotation in its grace
    const store = await openStore(env);
    const now = Date.now();
    const base = await startApp(store, () => now);
    expect((await postSale(base, 'x', created.webhookSecret, saleBody({ id: 'sale-1' }), now)).status).toBe(201); // the till's one still works
    expect((await exec('shop rotate --slug x --webhook-secret --force')).code).toBe(0);
    expect((await exec('shop rotate --slug x --webhook-secret --grace-hours 0')).code).toBe(0);
    await store.close();
  });

  // Found by the review of many shops: two rotations at the same moment (two operators, a script run twice) both read
  // the shop before either wrote, both passed the check, and the second cut off the secret the till still had.
  it('of two rotations at once, gives one and refuses the other, which changes nothing', async () => {
    const { exec, env } = await cli();
    const created = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const both = await Promise.all([exec('shop rotate --slug x --webhook-secret --api-key'), exec('shop rotate --slug x --webhook-secret --api-key')]);
    expect(both.map((r) => r.code).sort()).toEqual([0, 1]);
    const given = JSON.parse(both.find((r) => r.code === 0)!.out);
    expect(both.find((r) => r.code === 1)!.err).toContain(`--api-key: the one before the current one still works until ${given.previousValidUntil}`);
    const store = await openStore(env);
    const now = Date.now();
    const base = await startApp(store, () => now);
    // The till's secret works through its grace hours, and so does the one the operator was given.
    expect((await postSale(base, 'x', created.webhookSecret, saleBody({ id: 'sale-1' }), now)).status).toBe(201);
    expect((await postSale(base, 'x', given.webhookSecret, saleBody({ id: 'sale-2' }), now)).status).toBe(201);
    await store.close();
  });

  it('refuses a rotation of nothing, grace hours it cannot read, and a shop it does not know', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    expect(await exec('shop rotate --slug x')).toMatchObject({ code: 1, err: expect.stringContaining('say what to replace: --api-key, --webhook-secret, or both') });
    for (const hours of ['-1', 'soon', '200']) {
      expect(await exec(`shop rotate --slug x --webhook-secret --grace-hours ${hours}`)).toMatchObject({ code: 1, err: expect.stringContaining('--grace-hours: expected hours from 0 to 168') });
    }
    expect(await exec('shop rotate --slug y --api-key')).toMatchObject({ code: 1 });
  });
});

// Found by the review of many shops: a shop that left could not be switched off, and its till kept posting, its
// check-ins and invitations kept going out in its name.
describe('nextdeal shop disable', () => {
  it('refuses the shop\'s tills, cancels what was planned in its name, closes its join page; enable takes sales again', async () => {
    const { exec, env } = await cli();
    const created = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const db = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
    const store = { ...createStore(db), db };
    let now = Date.now();
    const base = await startApp(store, () => now);
    const sell = (id: string) => postSale(base, 'x', created.webhookSecret, saleBody({ id, occurredAt: new Date(now - 60_000).toISOString() }), now);
    expect((await sell('sale-1')).status).toBe(201);

    const disabled = await exec('shop disable --slug x');
    expect(disabled.code).toBe(0);
    expect(JSON.parse(disabled.out)).toMatchObject({ slug: 'x', disabledAt: expect.any(String), cancelledMessages: 2 });
    expect(await all(store.db, 'SELECT kind, status, error FROM messages ORDER BY id')).toEqual([
      { kind: 'checkin', status: 'cancelled', error: 'shop_disabled' },
      { kind: 'comeback', status: 'cancelled', error: 'shop_disabled' },
    ]);
    now += 2_000; // past the server's second of keeping the shop
    const refused = await sell('sale-2');
    expect(refused.status).toBe(410);
    expect(refused.body).toMatchObject({ error: 'shop_disabled', message: expect.stringContaining('no longer uses nextdeal') });
    expect((await fetch(`${base}/shops/x/join`)).status).toBe(404);
    expect(await all(store.db, "SELECT id FROM sales WHERE till_sale_id = 'sale-2'")).toEqual([]);
    expect(await exec('shop disable --slug x')).toMatchObject({ code: 1, err: expect.stringContaining('was disabled already') });

    expect((await exec('shop enable --slug x')).code).toBe(0);
    now += 2_000;
    expect((await sell('sale-3')).status).toBe(201);
    expect((await fetch(`${base}/shops/x/join`)).status).toBe(200);
    expect(JSON.parse((await exec('shop show --slug x')).out).disabledAt).toBeUndefined();
    await db.close();
  });
});

/**
 * The command line with Twilio's settings, its REST API the stand-in's (the account's GET answered `account`), and
 * `env`; a shop (no hold-out) with one sale of 14 March for each customer, so that their check-ins are due on the 15th.
 */
async function sellingThroughTwilio(account: Parameters<TwilioFake['account']>[0], env: Record<string, string>, customers: Record<string, unknown>[]) {
  const twilio = await startTwilio();
  twilio.account(account);
  const { exec, env: cliEnv } = await cli();
  Object.assign(cliEnv, twilioAccount(twilio.baseUrl), { PUBLIC_URL: 'https://deals.example.test', ...env });
  const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name "Fietsenmaker Test" --holdout 0')).out);
  const store = await openStore(cliEnv);
  const now = Date.parse('2026-03-14T15:31:00+01:00');
  const base = await startApp(store, () => now);
  for (const [n, customer] of customers.entries()) expect((await postSale(base, 'x', webhookSecret, saleBody({ id: `sale-${n}`, customer }), now)).status).toBe(201);
  await store.close();
  return { twilio, exec };
}

describe('nextdeal dispatch --at', () => {
  // The black-box review: texts to a country the Twilio account may not text (21408) waited two days, said nowhere,
  // and expired. No pause says it (texts to other countries go on): dispatch does, with what to put right. The review of
  // 011117d: so for a trial account's texts to numbers not verified in it (21608).
  it.each([
    [21408, 'Permission to send an SMS has not been enabled for the region indicated by the To number', 'smsWaitingForGeoPermissions',
      "warning: 1 text waits because the Twilio account may not text that country (Twilio 21408): enable it in Twilio's console"],
    [21608, 'The number is unverified. Trial accounts cannot send messages to unverified numbers', 'smsWaitingForTrialAccount',
      "warning: 1 text waits because the Twilio account is a trial one, which texts only the numbers verified in its console (Twilio 21608): upgrade it in Twilio's console"],
  ])('says how many texts wait on the Twilio account (%i), and what to put right there', async (code, message, field, warning) => {
    const twilio = await startTwilio();
    twilio.answerNext(400, JSON.stringify({ code, message, status: 400 }));
    const { exec, env } = await cli();
    Object.assign(env, twilioAccount(twilio.baseUrl), { PUBLIC_URL: 'https://deals.example.test' });
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name "Fietsenmaker Test" --holdout 0')).out);
    const store = await openStore(env);
    const now = Date.parse('2026-03-14T15:31:00+01:00');
    expect((await postSale(await startApp(store, () => now), 'x', webhookSecret, saleBody(), now)).status).toBe(201);
    await store.close();
    const res = await exec('dispatch --at 2026-03-15T10:05:00+01:00');
    expect(JSON.parse(res.out)).toMatchObject({ retrying: 1, [field]: 1 });
    expect(JSON.parse(res.out).channelsPaused).toBeUndefined();
    expect(res.err).toContain(warning);
    expect(JSON.parse((await exec('dispatch --at 2026-03-15T10:07:00+01:00')).out)).toMatchObject({ sent: 1 });
    expect(JSON.parse((await exec('dispatch --at 2026-03-15T10:08:00+01:00')).out)[field]).toBeUndefined();
  });

  // A black-box review of the SMS channel: four 30007s in a row (the carriers filtering the shop's texts as spam, which
  // hits every customer) looked like four unlucky phones, and `dispatch` said nothing.
  it('warns when several texts of the last week were held back by the carriers as possible spam (Twilio 30007)', async () => {
    const twilio = await startTwilio();
    const { exec, env } = await cli();
    Object.assign(env, twilioAccount(twilio.baseUrl), { PUBLIC_URL: 'https://deals.example.test' });
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name "Fietsenmaker Test" --holdout 0')).out);
    const db = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
    const store = createStore(db);
    const now = Date.parse('2026-03-14T15:31:00+01:00');
    const base = await startApp(store, () => now);
    for (const n of [1, 2, 3]) {
      const customer = { name: `Klant ${n}`, phone: `06 1357246${n}`, consent: { sms: true } };
      expect((await postSale(base, 'x', webhookSecret, saleBody({ id: `sale-${n}`, customer }), now)).status).toBe(201);
    }
    expect(JSON.parse((await exec('dispatch --at 2026-03-15T10:05:00+01:00')).out)).toMatchObject({ sent: 3 });
    // Twilio's reports, as its status callback stores them (test/http/twilio-status-order.test.ts posts them signed).
    const report = (n: number) => runSql(db, `UPDATE messages SET delivery = 'undelivered', error = 'undelivered', error_detail = 'Twilio 30007'
      WHERE id IN (SELECT id FROM messages WHERE kind = 'checkin' AND status = 'sent' AND delivery IS NULL ORDER BY id LIMIT ${n})`);
    await report(2);
    const two = await exec('dispatch --at 2026-03-15T10:06:00+01:00');
    expect(JSON.parse(two.out).smsFilteredAsSpam).toBeUndefined();
    expect(two.err).not.toContain('spam');
    await report(1);
    const three = await exec('dispatch --at 2026-03-15T10:07:00+01:00');
    expect(JSON.parse(three.out)).toMatchObject({ smsFilteredAsSpam: 3 });
    expect(three.err).toContain('warning: the phone companies held back 3 texts of the last 7 days as possible spam (Twilio 30007): register the sender with Twilio');
    await store.close();
  }, 60_000);

  // The review of 3d08755: the server asks Twilio about the account at start and sends nothing with Twilio's test
  // credentials, `dispatch` did not ask: with them and Twilio's test number +15005550006 as TWILIO_FROM (answered 201,
  // texted to nobody) every text dispatched by hand was marked sent, and the owner's page said the customers got them.
  it("with Twilio's test credentials hands Twilio no text and marks none sent, says so, and sends once the live ones are set", async () => {
    const { twilio, exec } = await sellingThroughTwilio({ status: 403, body: error20008 }, { CHANNEL_PAUSE_AFTER: '2' }, [
      { name: 'Sanne', phone: '06 13572468', consent: { sms: true } },
      { name: 'Noor', phone: '06 87654321', consent: { sms: true } },
    ]);

    const res = await exec('dispatch --at 2026-03-15T10:05:00+01:00');
    expect(res.code).toBe(0);
    expect(twilio.calls.map((c) => c.method)).toEqual(['GET']);
    expect(twilio.created).toEqual([]);
    expect(JSON.parse(res.out)).toMatchObject({ sent: 0, retrying: 2, twilioAccount: { code: 'Twilio 20008' }, channelsPaused: [{ channel: 'sms', failures: 2, lastError: 'Twilio 20008', loginRefused: true }] });
    expect(res.err).toContain(`warning: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are Twilio's test credentials (Twilio 20008): with them Twilio texts nobody, so no customer gets an SMS; they wait and are tried again until TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set to the live Account SID and Auth Token (in Twilio's console, not its "Test credentials")`);
    expect(res.err).toMatch(/warning: sms is paused until \S+ after 2 failures in a row \(Twilio 20008\): TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are Twilio's test credentials: set the live ones, its messages wait, for every shop\n/);
    expect(JSON.parse((await exec('messages list --shop x --status sent')).out)).toEqual([]);
    expect(JSON.parse((await exec('messages list --shop x --status scheduled')).out).filter((m: { kind: string }) => m.kind === 'checkin')).toHaveLength(2);

    // The operator sets the live Account SID and Auth Token (the stand-in now takes them) and runs it again: the pause of
    // the refused login ends, as at the server's start, and both texts go, after one question about the account.
    twilio.account('active');
    const again = await exec('dispatch --at 2026-03-15T10:10:00+01:00');
    expect(again.err).toBe('SMS had its login refused before: it goes again\n');
    expect(JSON.parse(again.out)).toMatchObject({ sent: 2, retrying: 0 });
    expect(JSON.parse(again.out).channelsPaused).toBeUndefined();
    expect(JSON.parse(again.out).twilioAccount).toBeUndefined();
    expect(twilio.calls.map((c) => c.method)).toEqual(['GET', 'GET', 'POST', 'POST']);
    expect(twilio.created).toHaveLength(2);
  });

  // Twilio silent for the account's check: it gives up after TWILIO_TIMEOUT_SECONDS, says so, and holds nothing up:
  // the e-mail goes meanwhile, the text after it (as at the server's start: only test credentials or a refused login stop texts).
  it('a Twilio that does not answer the account check holds no e-mail up, and the text still goes', async () => {
    const { twilio, exec } = await sellingThroughTwilio('silent', { TWILIO_TIMEOUT_SECONDS: '1' }, [
      { name: 'Sanne', phone: '06 13572468', consent: { sms: true } },
      { name: 'Noor', email: 'noor@example.com', consent: { email: true } },
    ]);
    const res = await exec('dispatch --at 2026-03-15T10:05:00+01:00');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toMatchObject({ sent: 1, outbox: 1, twilioAccount: { code: expect.any(String) } });
    expect(res.err).toContain('warning: could not ask Twilio about the account in TWILIO_ACCOUNT_SID');
    expect(twilio.created).toHaveLength(1);
  });

  it('writes the next morning\'s check-in to the outbox, once however often it runs', async () => {
    const { exec, env } = await cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name "Fietsenmaker Test" --holdout 0')).out);
    const store = await openStore(env);
    const now = Date.parse('2026-03-14T15:31:00+01:00');
    const base = await startApp(store, () => now);
    expect((await postSale(base, 'x', webhookSecret, saleBody(), now)).status).toBe(201);
    await store.close();

    const early = await exec('dispatch --at 2026-03-15T09:59:00+01:00');
    expect(JSON.parse(early.out)).toMatchObject({ sent: 0, outbox: 0 });
    const first = await exec('dispatch --at 2026-03-15T10:05:00+01:00');
    // Written to the outbox, not sent: no Twilio is set up (the operator-side review of 4 December).
    expect(JSON.parse(first.out)).toMatchObject({ at: '2026-03-15T09:05:00.000Z', sent: 0, outbox: 1 });
    expect(JSON.parse((await exec('dispatch --at 2026-03-15T10:06:00+01:00')).out)).toMatchObject({ sent: 0, outbox: 0 });

    const files = readdirSync(env.OUTBOX_DIR);
    expect(files).toEqual([expect.stringMatching(/-msg-\d+-\d{13}-checkin\.sms\.json$/)]);
    // Named by when it was written, by the machine's clock, not by --at (README "Point the till at it").
    const written = Date.parse(files[0]!.slice(0, 24).replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z$/, 'T$1:$2:$3.$4Z'));
    expect(Math.abs(written - Date.now())).toBeLessThan(10 * 60_000);
    const sms = JSON.parse(readFileSync(join(env.OUTBOX_DIR, files[0]!), 'utf8'));
    expect(sms).toMatchObject({ to: '+31613572468', body: expect.stringContaining('Hoi Sanne, gisteren kocht je Regenjas') });
    expect((await exec('outbox')).out).toContain('Hoi Sanne, gisteren kocht je Regenjas');
    // Written to a file, never sent: the message log says so, as messages.csv and the owner's page do.
    expect(JSON.parse((await exec('messages list --shop x')).out).map((m: { kind: string; status: string }) => [m.kind, m.status])).toEqual([['comeback', 'scheduled'], ['checkin', 'outbox']]);
    expect(JSON.parse((await exec('messages list --shop x --status sent')).out)).toEqual([]);
    expect(JSON.parse((await exec('messages list --shop x --status outbox')).out)).toMatchObject([{ kind: 'checkin', status: 'outbox' }]);
    // Its times as ISO 8601, as `dispatch` says `at` (the operator review of 5 December: "dueAt": 1796432400000).
    expect(JSON.parse((await exec('messages list --shop x --status outbox')).out)).toMatchObject([
      { dueAt: '2026-03-15T09:00:00.000Z', claimedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
    ]);
  });

  // The operator review of 4 December: `npx nextdeal dispatch` run without the service's Twilio settings wrote live
  // customers' check-ins to a local outbox ("outbox": 5), and nobody got them.
  it('refuses to write to the outbox what an installation that sends through Twilio has due, naming the setting, unless asked with --outbox', async () => {
    const { exec, env } = await cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name "Fietsenmaker Test" --holdout 0')).out);
    const db = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
    const now = Date.parse('2026-03-14T15:31:00+01:00');
    const base = await startApp(createStore(db), () => now);
    for (const [id, phone] of [['sale-1', '06 13572468'], ['sale-2', '06 87654321']]) {
      const customer = { name: 'Sanne de Vries', phone, consent: { sms: true } };
      expect((await postSale(base, 'x', webhookSecret, saleBody({ id, customer }), now)).status).toBe(201);
    }
    // The service sent the first check-in through Twilio.
    await runSql(db, "UPDATE messages SET status = 'sent', provider_id = ?, recipient = '+31613572468', sent_at = ? WHERE id = (SELECT min(id) FROM messages WHERE kind = 'checkin')", `SM${'0'.repeat(32)}`, now);
    await db.close();

    expect(await exec('dispatch --at 2026-03-15T10:05:00+01:00')).toEqual({
      code: 1, out: '',
      err: `this installation sends its messages through Twilio (1 SMS sent), but TWILIO_ACCOUNT_SID (with TWILIO_AUTH_TOKEN and TWILIO_FROM) is not set here: the SMS due would be written to the outbox (${env.OUTBOX_DIR}), and no customer would get them. Nothing was sent. Run it with the settings the service runs with (its .env, or the same environment), or with --outbox to write them to the outbox all the same (to try things out); when the installation no longer sends them on purpose, set OUTBOX_CHANNELS=sms\n`,
    });
    expect(existsSync(env.OUTBOX_DIR) ? readdirSync(env.OUTBOX_DIR) : []).toEqual([]);
    expect(JSON.parse((await exec('messages list --shop x --status scheduled')).out).filter((m: { kind: string }) => m.kind === 'checkin')).toHaveLength(1);
    // Asked for, to try something out: written to the outbox.
    expect(JSON.parse((await exec('dispatch --at 2026-03-15T10:05:00+01:00 --outbox')).out)).toMatchObject({ sent: 0, outbox: 1 });
  });

  // The operator review of 5 December: with SMS paused, dispatch answered every count 0 and said nothing, a check-in due.
  it('says that a channel is paused, until when and why, while its check-in waits', async () => {
    const { exec, env } = await cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const store = await openStore(env);
    const now = Date.parse('2026-03-14T15:31:00+01:00');
    expect((await postSale(await startApp(store, () => now), 'x', webhookSecret, saleBody(), now)).status).toBe(201);
    const at = Date.now();
    for (let i = 0; i < 5; i++) await store.health.failed('sms', 'ECONNREFUSED', at, 5, 60 * 60_000);
    await store.close();
    const until = new Date(at + 60 * 60_000).toISOString();
    const res = await exec('dispatch --at 2026-03-15T10:05:00+01:00');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toMatchObject({ sent: 0, outbox: 0, channelsPaused: [{ channel: 'sms', until, failures: 5, lastError: 'ECONNREFUSED', loginRefused: false }] });
    expect(res.err).toBe(`warning: sms is paused until ${until} after 5 failures in a row (ECONNREFUSED): its messages wait, for every shop\n`);
    expect(JSON.parse((await exec('messages list --shop x --status scheduled')).out).map((m: { kind: string }) => m.kind).sort()).toEqual(['checkin', 'comeback']);
  });

  it('refuses a time it cannot read, or one without its offset (read in which zone?), and a count of no messages', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X');
    expect((await exec('dispatch --at 2026-03-15T10:05+01:00')).code).toBe(0); // minutes are enough
    for (const at of ['tomorrow', '1', '2026-03-15 10:05', '2026-03-15T10:05:00', '2026-13-45T10:05:00+01:00']) {
      expect(await exec(`dispatch --at "${at}"`), at).toMatchObject({ code: 1, err: expect.stringContaining('--at: expected an ISO 8601 time with its offset') });
    }
    for (const last of ['abc', '0']) expect(await exec(`outbox --last ${last}`), last).toMatchObject({ code: 1, err: '--last: expected a whole number from 1 to 1000\n' });
  });
});

describe('nextdeal sign', () => {
  it('prints a Nextdeal-Signature for a body read from stdin', async () => {
    const { exec } = await cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const body = '{"id":"1"}';
    const res = await exec('sign --slug x', body);
    const t = Number(/^t=(\d+),/.exec(res.out)![1]);
    expect(res.out).toBe(sign(webhookSecret, body, t) + '\n');
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(5);
  });

  it('with --path prints a v2 signature, valid for that path only', async () => {
    const { exec } = await cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const body = '{"id":"1"}';
    const path = '/v1/shops/x/sales/1/refund';
    const res = await exec(`sign --slug x --path ${path}`, body);
    const t = Number(/^t=(\d+),v2=[0-9a-f]{64}\n$/.exec(res.out)![1]);
    expect(res.out).toBe(signV2(webhookSecret, 'POST', path, body, t) + '\n');
    const header = res.out.trim();
    expect(verifySignature(header, Buffer.from(body), webhookSecret, t, { method: 'POST', path })).toBe('ok');
    expect(verifySignature(header, Buffer.from(body), webhookSecret, t, { method: 'POST', path: '/v1/shops/x/sales' })).toBe('mismatch');
    expect(verifySignature(header, Buffer.from(body), webhookSecret, t)).toBe('malformed'); // v2 is never read as v1
    expect((await exec('sign --slug x --path https://example.com/v1/shops/x/sales', body)).err).toContain('--path: expected the path');
  });
});

describe('the built command', () => {
  const startServer = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, DATABASE_PATH: join(tempDir(), 'db'), ...env }, encoding: 'utf8', timeout: 30_000 });

  it('stops with a message saying what to change when its port is taken, or its outbox folder cannot be written', async () => {
    const taken = createServer();
    await new Promise<void>((ready) => taken.listen(0, '127.0.0.1', ready));
    const port = (taken.address() as AddressInfo).port;
    try {
      const res = startServer({ PORT: String(port), HOST: '127.0.0.1', OUTBOX_DIR: join(tempDir(), 'outbox') });
      expect({ status: res.status, stderr: res.stderr }).toEqual({
        status: 1,
        stderr: `nextdeal cannot start: PORT: another program listens on port ${port} already (another nextdeal?): stop it, or set PORT to a free port (EADDRINUSE)\n`,
      });
    } finally {
      taken.close();
    }
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const res = startServer({ PORT: String(port), OUTBOX_DIR: join(file, 'outbox') });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(new RegExp(`^nextdeal cannot start: OUTBOX_DIR \\(${join(file, 'outbox')}\\), where messages go while SMTP or Twilio is not set up: .*(ENOTDIR|EEXIST)`));
  }, 60_000); // starts the server three times: 15 s of 20 on a loaded machine

  it('runs as `nextdeal` from the project folder and stops with one message naming each bad variable', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: 'x', SMTP_URL: 'nope', DATABASE_PATH: join(tempDir(), 'db') },
      encoding: 'utf8',
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('nextdeal cannot start, the configuration is wrong:');
    expect(res.stderr).toContain('PORT: expected a whole number');
    expect(res.stderr).toContain('SMTP_URL: expected an SMTP URL');
  });
});

describe('nextdeal customer and purge', () => {
  async function withSale() {
    const c = await cli();
    const { webhookSecret } = JSON.parse((await c.exec('shop create --slug x --name "Fietsenmaker Test" --holdout 0')).out);
    const store = await openStore(c.env);
    const now = Date.now();
    const base = await startApp(store, () => now);
    const sale = await postSale(base, 'x', webhookSecret, saleBody({ occurredAt: new Date(now - 60_000).toISOString() }), now);
    return { ...c, store, sale: sale.body, base, webhookSecret };
  }

  it('shop update --alert-email sets where problems reach the owner', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    expect(JSON.parse((await exec('shop update --slug x --alert-email eigenaar@x.nl')).out).alertEmail).toBe('eigenaar@x.nl');
    expect((await exec('shop update --slug x --alert-email nope')).err).toContain('--alert-email');
  });

  it('customer export prints everything held on a customer found by a local phone number', async () => {
    const { exec, store } = await withSale();
    await store.close();
    const res = await exec('customer export --shop x --phone 0613572468');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toMatchObject([{ customer: { name: 'Sanne de Vries', email: 'sanne@example.com' }, sales: [{ id: 'sale-1' }] }]);
    // Every time in it as ISO 8601, none as milliseconds since 1970.
    const [held] = JSON.parse(res.out);
    expect([held.sales[0].occurredAt, held.customer.createdAt, held.messages[0].dueAt, held.consent[0].at]).toEqual(Array(4).fill(expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/)));
    expect(res.out).not.toMatch(/\d{13}/);
  });

  it('customer erase removes the contact details, and then nobody is found by them', async () => {
    const { exec, store } = await withSale();
    await store.close();
    expect((await exec('customer erase --shop x --email SANNE@example.com')).code).toBe(0);
    expect(await exec('customer export --shop x --email sanne@example.com')).toMatchObject({ code: 1, err: expect.stringContaining('has no customer with that e-mail address') });
  });

  it('customer consent records what the owner was told, as the owner', async () => {
    const { exec, store } = await withSale();
    await store.close();
    const res = await exec('customer consent --shop x --phone +31613572468 --sms no');
    expect(JSON.parse(res.out).at(-1)).toMatchObject({ channel: 'sms', given: 0, source: 'owner' });
    expect((await exec('customer consent --shop x --phone +31613572468 --sms maybe')).err).toContain('--sms: expected yes or no');
    expect((await exec('customer consent --shop x --sms no')).err).toContain('name the customer with --phone or with --email');
  });

  // The operator review of 5 December: --sms no cancelled the planned check-in and invitation, and said only the
  // consent history; a later --sms yes brought nothing back, silently; --email-consent yes for a customer with no
  // address was recorded without a word.
  it('customer consent says which planned messages a "no" cancelled, that a "yes" brings none back, and when there is no address', async () => {
    const { exec, store, base, webhookSecret, sale } = await withSale();
    const due = (kind: string) => new Date(Date.parse((sale as { scheduled: { kind: string; dueAt: string }[] }).scheduled.find((m) => m.kind === kind)!.dueAt)).toISOString();
    const phoneOnly = { name: 'Piet', phone: '06 87654321', consent: { sms: true } };
    expect((await postSale(base, 'x', webhookSecret, saleBody({ id: 'sale-2', customer: phoneOnly, occurredAt: new Date(Date.now() - 60_000).toISOString() }), Date.now())).status).toBe(201);
    await store.close();
    const no = await exec('customer consent --shop x --phone +31613572468 --sms no');
    expect(no.code).toBe(0);
    expect(JSON.parse(no.out).at(-1)).toMatchObject({ channel: 'sms', given: 0, source: 'owner' }); // the history, as before
    expect(no.err).toBe(`cancelled 2 message(s) that waited for this customer by sms (the check-in due ${due('checkin')}, the come-back invitation due ${due('comeback')}): they do not go, and a later --sms yes does not bring them back (their next sale plans new ones)\n`);
    const yes = await exec('customer consent --shop x --phone +31613572468 --sms yes');
    expect(yes.err).toBe(`2 message(s) cancelled when the customer said no stay cancelled (the check-in due ${due('checkin')}, the come-back invitation due ${due('comeback')}): consent counts from their next sale\n`);
    expect(JSON.parse((await exec('messages list --shop x --status scheduled')).out)).toHaveLength(2); // Piet's only
    const noAddress = await exec('customer consent --shop x --phone 0687654321 --email-consent yes');
    expect(noAddress).toMatchObject({ code: 0, err: 'warning: --email-consent yes is recorded, but this customer has no e-mail address: nothing goes to them by email until a till sends one\n' });
  });

  // The customer told the owner to stop; before, the till's next sale with its usual consent: true (or one made before,
  // arriving late) gave it back, and the texts went on.
  it('customer consent --sms no holds against the till\'s next sale, as a STOP does', async () => {
    const { exec, store, base, webhookSecret } = await withSale();
    expect((await exec('customer consent --shop x --phone +31613572468 --sms no')).code).toBe(0);
    const now = Date.now();
    for (const [id, at] of [['sale-late', now - 30_000], ['sale-2', now + 60_000]] as const) {
      const res = await postSale(base, 'x', webhookSecret, saleBody({ id, occurredAt: new Date(at).toISOString(), customer: { phone: '06 13572468', consent: { sms: true } } }), now);
      expect(res.body.scheduled.map((m: { channel: string }) => m.channel), id).not.toContain('sms');
    }
    await store.close();
  });

  // The undo of the owner's "Niets meer sturen" (or of a STOP) when the customer asks for messages again.
  it('customer consent --sms yes --email-consent yes undoes an opt-out: the customer is reachable again', async () => {
    const { exec, store, env, sale } = await withSale();
    const id = (sale as { customerId: number }).customerId;
    for (const channel of ['sms', 'email'] as const) await store.customers.optOut(id, channel, 'owner', Date.now());
    expect(await store.customers.byId(id)).toMatchObject({ smsOptedOutAt: expect.any(Number), emailOptedOutAt: expect.any(Number) });
    await store.close();
    expect((await exec('customer consent --shop x --phone +31613572468 --sms yes --email-consent yes')).code).toBe(0);
    const after = await openStore(env);
    expect(await after.customers.byId(id)).toMatchObject({ smsOptedOutAt: null, emailOptedOutAt: null });
    await after.close();
  });

  it('purge --older-than erases customers who have not bought in that many months', async () => {
    const { exec, store } = await withSale();
    await store.close();
    expect((await exec('purge --older-than 24')).out).toBe('erased 0 customer rows, 0 sales, 0 messages, 0 replies, 0 till look-ups, 0 outbox files: no purchase in 24 months\n');
    expect((await exec('purge --older-than 0')).err).toContain('--older-than');
  });
});

describe('nextdeal shop set-password', () => {
  it('stores a slow salted hash read from stdin, never the password, and ends existing sessions', async () => {
    const { exec, env } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    const store = await openStore(env);
    const shopId = (await store.shops.bySlug('x'))!.id;
    const session = await store.sessions.start(shopId, Date.now());
    await store.close();
    const res = await exec('shop set-password --slug x --password-stdin', 'correct horse battery\n');
    expect(res).toMatchObject({ code: 0, out: 'password set; the page is at http://localhost:3000/shops/x\n' });
    const again = await openStore(env);
    expect((await again.shops.bySlug('x'))!.passwordHash).toMatch(new RegExp(`^scrypt\\$${passwordCost.N}\\$8\\$1\\$[\\w+/=]+\\$[\\w+/=]+$`));
    expect(await again.sessions.find(session, Date.now())).toBeUndefined();
    await again.close();
    expect(await stored(env, 'correct horse battery')).toBe(false);
  });

  it('refuses a short password', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    expect(await exec('shop set-password --slug x --password-stdin', 'short\n')).toMatchObject({ code: 1, err: 'the password needs at least 10 characters\n' });
  });

  it('on a terminal: says the minimum length, asks twice, and changes nothing when the two differ', async () => {
    const { exec, env } = await cli();
    await exec('shop create --slug x --name "Fietsenmaker X" --holdout 0');
    const asked: string[] = [];
    const terminal = (...answers: string[]) => {
      let out = '';
      let err = '';
      const io: Io = {
        out: (s) => void (out += s), err: (s) => void (err += s), env: { ...env }, stdin: () => '', interactive: true,
        askSecret: async (q) => (asked.push(q), answers.shift() ?? ''),
      };
      return run(['shop', 'set-password', '--slug', 'x'], io).then((code) => ({ code, out, err }));
    };
    expect(await terminal('correct horse battery', 'correct horse batterY')).toEqual({
      code: 1, out: 'The password for the page of Fietsenmaker X needs at least 10 characters.\n', err: 'the two passwords differ: nothing changed\n',
    });
    expect(asked).toEqual(['New password: ', 'The same password again: ']);
    const store = await openStore(env);
    expect((await store.shops.bySlug('x'))!.passwordHash).toBeNull();
    await store.close();
    expect((await terminal('correct horse battery', 'correct horse battery')).code).toBe(0);
  });

  it('takes a password piped in, also without --password-stdin (a paste into a pipe used to hang)', async () => {
    const { env } = await cli();
    const nextdeal = (args: string[], input = '') =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, ...env }, input, encoding: 'utf8', timeout: 20_000 });
    expect(nextdeal(['shop', 'create', '--slug', 'x', '--name', 'X']).status).toBe(0);
    const res = nextdeal(['shop', 'set-password', '--slug', 'x'], 'correct horse battery\n');
    expect([res.status, res.stderr]).toEqual([0, '']);
    expect(res.stdout).toContain('password set');
  }, 60_000); // two commands compiled by tsx, one after the other: 17 s of 20 on a loaded machine
});

describe('nextdeal shop connect and shop show', () => {
  const square = {
    vendor: 'square', webhookUrl: 'http://localhost:3000/v1/shops/x/webhooks/square', secret: 'set', accessToken: 'set',
    notificationUrl: 'https://deals.example.nl/v1/shops/x/webhooks/square', apiBaseUrl: 'https://connect.squareupsandbox.com', consentCollectedInTill: ['email'],
  };

  /** Posts Square's payment.updated sample to shop x, signed with `key` over square's notification URL: its status, and the sale it answers. */
  const squareDelivery = (base: string) => async (key: string) => {
    const payment = readFileSync(new URL('fixtures/vendor/square-payment-updated.json', import.meta.url));
    const res = await fetch(`${base}/v1/shops/x/webhooks/square`, {
      method: 'POST', body: payment,
      headers: { 'content-type': 'application/json', 'x-square-hmacsha256-signature': createHmac('sha256', key).update(square.notificationUrl).update(payment).digest('base64') },
    });
    const body = (await res.json()) as any;
    return { status: res.status, sale: body.results?.[0].sale ?? body.error };
  };

  it('stores what a till needs and shows what is set, and the webhook URL to paste into it', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    const res = await exec('shop connect square --slug x --secret Ibxx_5AKakO-3qeNVR61Dw --access-token EAAAtoken --consent email --notification-url https://deals.example.nl/v1/shops/x/webhooks/square --api-base-url https://connect.squareupsandbox.com');
    expect(JSON.parse(res.out)).toEqual(square);
    await exec('shop connect shopify --slug x --secret shpss_0123456789 --online-orders off');
    const shown = JSON.parse((await exec('shop show --slug x')).out);
    expect(shown.connections).toEqual([
      { vendor: 'shopify', webhookUrl: 'http://localhost:3000/v1/shops/x/webhooks/shopify', secret: 'set', accessToken: 'not set', notificationUrl: null, apiBaseUrl: null, consentCollectedInTill: [], onlineOrders: false, account: null },
      square,
    ]);
    for (const out of [res.out, (await exec('shop show --slug x')).out]) {
      expect(out).not.toContain('EAAAtoken');
      expect(out).not.toContain('Ibxx_5AKakO-3qeNVR61Dw');
    }
  });

  it('connect run again (to rotate the secret) keeps every setting not given, and changes or clears ("") only those given', async () => {
    const { exec, env } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    await exec('shop connect square --slug x --secret Ibxx_5AKakO-3qeNVR61Dw --access-token EAAAtoken --consent email --notification-url https://deals.example.nl/v1/shops/x/webhooks/square --api-base-url https://connect.squareupsandbox.com');
    await exec('shop connect shopify --slug x --secret shpss_0123456789 --online-orders off --consent sms');
    expect((await exec('shop connect square --slug x --secret new-square-signature-key')).code).toBe(0);
    expect((await exec('shop connect shopify --slug x --secret shpss_rotated_9876')).code).toBe(0);
    const shown = JSON.parse((await exec('shop show --slug x')).out);
    expect(shown.connections).toEqual([
      expect.objectContaining({ vendor: 'shopify', consentCollectedInTill: ['sms'], onlineOrders: false }),
      { ...square, previousSecretValidUntil: expect.any(String) },
    ]);
    const store = await openStore(env);
    const shopId = (await store.shops.bySlug('x'))!.id;
    const connection = (await store.tills.connection(shopId, 'square'))!;
    expect([connection.secret, connection.accessToken]).toEqual(['new-square-signature-key', 'EAAAtoken']);
    expect((await store.tills.connection(shopId, 'shopify'))!.secret).toBe('shpss_rotated_9876');
    await store.close();

    await exec('shop connect square --slug x --secret new-square-signature-key --access-token "" --notification-url "" --consent sms,email');
    expect(JSON.parse((await exec('shop show --slug x')).out).connections[1]).toEqual({
      ...square, accessToken: 'not set', notificationUrl: null, consentCollectedInTill: ['sms', 'email'], previousSecretValidUntil: expect.any(String),
    });
  });

  // Found black-box: consent the shop no longer collects could not be taken off without pasting the signing key again,
  // which `shop show` shows only as "set" and Zettle shows once.
  it('connect run again without --secret keeps the secret and changes only the options given; a first connection asks for it', async () => {
    const { exec, env } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    expect(await exec('shop connect square --slug x --consent email')).toMatchObject({ code: 1, err: '--secret: "x" has no square connection yet: give the till\'s signing key to connect it\n' });
    expect(JSON.parse((await exec('shop show --slug x')).out).connections).toEqual([]);
    await exec('shop connect square --slug x --secret Ibxx_5AKakO-3qeNVR61Dw --consent email --notification-url https://deals.example.nl/v1/shops/x/webhooks/square');
    const changed = await exec('shop connect square --slug x --consent "" --access-token EAAAtoken');
    expect(changed.code).toBe(0);
    expect(JSON.parse(changed.out)).toEqual({ ...square, apiBaseUrl: null, consentCollectedInTill: [] });
    await exec('shop connect lightspeed --slug x --secret the-integrators-app-client-secret');
    expect(JSON.parse((await exec('shop connect lightspeed --slug x --account fietsenmaker')).out).account).toBe('fietsenmaker');

    // A delivery signed with the secret kept still verifies, over the URL kept; one signed with another key does not.
    const store = await openStore(env);
    expect((await store.tills.connection((await store.shops.bySlug('x'))!.id, 'square'))!.secret).toBe('Ibxx_5AKakO-3qeNVR61Dw');
    const deliver = squareDelivery(await startApp(store, Date.now));
    expect((await deliver('another-signature-key')).status).toBe(401);
    expect(await deliver('Ibxx_5AKakO-3qeNVR61Dw')).toEqual({ status: 200, sale: 'square:hYy9pRFVxpDsO1FB05SunFWUe9JZY' });
    await store.close();
  });

  // A vendor goes on signing with the old key a while after it changed (Shopify: up to an hour), and a delivery refused
  // meanwhile is a sale whose customer hears nothing.
  it('a new --secret leaves the old one verifying for --grace-hours (24 by default), and with 0 not at all', async () => {
    const { exec, env } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    await exec('shop connect square --slug x --secret old-square-signature-key --notification-url https://deals.example.nl/v1/shops/x/webhooks/square');
    const before = Date.now();
    const rotated = JSON.parse((await exec('shop connect square --slug x --secret new-square-signature-key')).out);
    const until = Date.parse(rotated.previousSecretValidUntil);
    expect(until - before).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(until - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    expect(JSON.parse((await exec('shop show --slug x')).out).connections[0].previousSecretValidUntil).toBe(rotated.previousSecretValidUntil);

    const store = await openStore(env);
    let now = Date.now();
    const deliver = squareDelivery(await startApp(store, () => now));
    const statuses = async (...keys: string[]) => Promise.all(keys.map(async (key) => (await deliver(key)).status));
    expect(await statuses('old-square-signature-key', 'new-square-signature-key', 'another-signature-key')).toEqual([200, 200, 401]);
    // A key changed again within those hours would stop the one the vendor may still sign with: refused, as `shop rotate`
    // refuses, unless forced; then the key it replaces works for the grace hours, and the first one stops (a review
    // found the key between dropped at once while the output said a key still worked).
    expect(await exec('shop connect square --slug x --secret newest-square-signature-key')).toMatchObject({
      code: 1, err: expect.stringContaining(`--secret: the key before the current one still works until ${rotated.previousSecretValidUntil}`),
    });
    expect(await statuses('old-square-signature-key', 'new-square-signature-key', 'newest-square-signature-key')).toEqual([200, 200, 401]);
    await exec('shop connect square --slug x --secret newest-square-signature-key --force');
    expect(await statuses('old-square-signature-key', 'new-square-signature-key', 'newest-square-signature-key')).toEqual([401, 200, 200]);
    now = until; // the first grace over, not the second
    expect(await statuses('new-square-signature-key', 'newest-square-signature-key')).toEqual([200, 200]);
    // The key before the current one leaked: --grace-hours 0 alone stops it, without pasting the current key again.
    expect(JSON.parse((await exec('shop connect square --slug x --grace-hours 0')).out).previousSecretValidUntil).toBeUndefined();
    expect(await statuses('new-square-signature-key', 'newest-square-signature-key')).toEqual([401, 200]);

    now = Date.now();
    const leaked = JSON.parse((await exec('shop connect square --slug x --secret fresh-square-signature-key --grace-hours 0')).out);
    expect(leaked.previousSecretValidUntil).toBeUndefined();
    expect(await statuses('old-square-signature-key', 'newest-square-signature-key', 'fresh-square-signature-key')).toEqual([401, 401, 200]);
    await store.close();

    expect(await exec('shop connect square --slug x --grace-hours 2 --consent email')).toMatchObject({ code: 1, err: '--grace-hours: only with a new --secret, for how long the old one still works (or 0, to stop the old one now)\n' });
    expect(await exec('shop connect square --slug x --secret another-key-0000 --grace-hours 200')).toMatchObject({ code: 1, err: '--grace-hours: expected hours from 0 to 168\n' });
    expect(JSON.parse((await exec('shop show --slug x')).out).connections[0].consentCollectedInTill).toEqual([]);
  });

  it('disconnect removes a connection, saying so: its deliveries are answered as for a shop never connected, and its sales stay', async () => {
    const { exec, env } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    await exec('shop connect square --slug x --secret Ibxx_5AKakO-3qeNVR61Dw --notification-url https://deals.example.nl/v1/shops/x/webhooks/square');
    await exec('shop connect shopify --slug x --secret shpss_0123456789');
    const store = await openStore(env);
    const deliver = squareDelivery(await startApp(store, Date.now));
    expect(await deliver('Ibxx_5AKakO-3qeNVR61Dw')).toEqual({ status: 200, sale: 'square:hYy9pRFVxpDsO1FB05SunFWUe9JZY' });

    expect(await exec('shop disconnect square --slug x')).toEqual({
      code: 0, err: '',
      out: 'disconnected square from "x": its deliveries are answered 404 (not_connected) from now on, and nothing of them is stored; the sales it brought stay. Remove the webhook in square\'s settings too\n',
    });
    expect(JSON.parse((await exec('shop show --slug x')).out).connections.map((c: any) => c.vendor)).toEqual(['shopify']);
    expect(await deliver('Ibxx_5AKakO-3qeNVR61Dw')).toEqual({ status: 404, sale: 'not_connected' });
    const db = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
    expect(await all(db, 'SELECT till_sale_id FROM sales')).toEqual([{ till_sale_id: 'square:hYy9pRFVxpDsO1FB05SunFWUe9JZY' }]);
    await db.close();
    await store.close();

    expect(await exec('shop disconnect square --slug x')).toMatchObject({ code: 1, err: '"x" has no square connection: nothing to disconnect\n' });
    expect(await exec('shop disconnect zettle --slug x')).toMatchObject({ code: 1, err: '"x" has no zettle connection: nothing to disconnect\n' });
    expect(await exec('shop disconnect clover --slug x')).toMatchObject({ code: 1, err: expect.stringMatching(/^vendor: expected one of: shopify, square, lightspeed, zettle, loyverse/m) });
    expect(JSON.parse((await exec('shop show --slug x')).out).connections.map((c: any) => c.vendor)).toEqual(['shopify']);
    // connected again, it takes deliveries again
    await exec('shop connect square --slug x --secret Ibxx_5AKakO-3qeNVR61Dw --notification-url https://deals.example.nl/v1/shops/x/webhooks/square');
    expect(JSON.parse((await exec('shop show --slug x')).out).connections.map((c: any) => c.vendor)).toEqual(['shopify', 'square']);
  });

  it('refuses a bad option naming it, and changes nothing then', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    await exec('shop connect square --slug x --secret Ibxx_5AKakO-3qeNVR61Dw --access-token EAAAtoken --consent email');
    const before = (await exec('shop show --slug x')).out;
    const res = await exec('shop connect square --slug x --secret another-key-0000 --notification-url not-a-url --online-orders maybe');
    expect(res.code).toBe(1);
    expect(res.err).toContain('--notification-url: expected the full URL');
    expect(res.err).toContain('--online-orders: expected on or off');
    expect((await exec('shop show --slug x')).out).toBe(before);
  });

  // A POS developer's review: "--secret steffi" (Shopify's published test key) was answered "expected the signing key
  // the till shows", which it was.
  it('says the rule a signing key breaks: at least 8 characters', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    expect(await exec('shop connect shopify --slug x --secret steffi')).toEqual({ code: 1, out: '', err: '--secret: at least 8 characters (this has 6): paste the whole signing key the till shows\n' });
    expect(JSON.parse((await exec('shop show --slug x')).out).connections).toEqual([]);
    expect(await exec('shop connect shopify --slug x --secret " steffi12 "')).toMatchObject({ code: 0 });
  });

  it('names a wrong vendor or option', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    // The vendor is the argument, as the usage names it, not an option (an operator's review: "--vendor").
    expect((await exec('shop connect clover --slug x --secret 12345678')).err).toMatch(/^vendor: expected one of: shopify, square, lightspeed, zettle, loyverse/m);
    expect((await exec('shop connect zettle --slug x --secret 12345678 --consent fax')).err).toContain('--consent: expected sms, email or sms,email');
  });

  it('records the vendor account a connection is for, and warns when shops share one app\'s secret without one', async () => {
    const { exec } = await cli();
    for (const slug of ['fiets', 'mode', 'boek']) await exec(`shop create --slug ${slug} --name ${slug} --holdout 0`);
    // Without an account: taken as before, and said so.
    const first = await exec('shop connect lightspeed --slug fiets --secret the-integrators-app-client-secret');
    expect(JSON.parse(first.out).account).toBeNull();
    expect(first.err).toContain('note: no --account, so this connection takes every delivery signed with its secret, as before');
    // A second shop with the same secret and no account: each would take the other's deliveries.
    const second = await exec('shop connect lightspeed --slug mode --secret the-integrators-app-client-secret');
    expect(second.err).toContain("warning: fiets is connected to lightspeed with this same secret, and not every one of these connections records its account: a delivery for any of these shops is taken by each of them, and its customer messaged in the wrong shop's name");
    // With an account of its own, still warned while the other shop has none; once each has one, not.
    const third = await exec('shop connect lightspeed --slug boek --secret the-integrators-app-client-secret --account BoekHandel');
    expect(JSON.parse(third.out).account).toBe('boekhandel');
    expect(third.err).toContain('warning: fiets, mode are connected to lightspeed with this same secret');
    await exec('shop connect lightspeed --slug fiets --secret the-integrators-app-client-secret --account fietsenmaker');
    const last = await exec('shop connect lightspeed --slug mode --secret the-integrators-app-client-secret --account modehuis');
    expect([last.code, last.err]).toEqual([0, '']);
    // Rotating the secret keeps the account; "" clears it.
    await exec('shop connect lightspeed --slug mode --secret another-client-secret');
    expect(JSON.parse((await exec('shop show --slug mode')).out).connections[0].account).toBe('modehuis');
    expect(JSON.parse((await exec('shop connect lightspeed --slug mode --secret another-client-secret --account ""')).out).account).toBeNull();
  });

  it('refuses an account that is not the form the vendor sends, naming --account, and one for Square', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    const shopify = await exec('shop connect shopify --slug x --secret shpss_0123456789 --account fietsenmaker');
    expect([shopify.code, shopify.err]).toEqual([1, "--account: expected the shop's myshopify.com domain, as in X-Shopify-Shop-Domain (fietsenmaker.myshopify.com)\n"]);
    expect((await exec('shop connect zettle --slug x --secret 12345678 --account my-shop')).err).toContain('--account: expected the organizationUuid of the Zettle account');
    expect((await exec('shop connect lightspeed --slug x --secret 12345678 --account examplestore.retail.lightspeed.app')).err).toContain("--account: expected the retailer's domain_prefix");
    expect((await exec('shop connect square --slug x --secret 12345678 --account MLEFBHHSJGVHD')).err).toContain('--account: square signs the URL it posts to, which names the shop: it takes no account');
    expect((await exec('shop connect clover --slug x --secret 12345678 --account x')).err).toMatch(/^vendor: expected one of/m);
    expect(JSON.parse((await exec('shop show --slug x')).out).connections).toEqual([]);
    expect(JSON.parse((await exec('shop connect shopify --slug x --secret shpss_0123456789 --account Fietsenmaker.myshopify.com')).out).account).toBe('fietsenmaker.myshopify.com');
  });
});

describe('nextdeal backup', () => {
  // SQLite's online backup; on PostgreSQL the command refuses and names pg_dump (below).
  it.skipIf(engine === 'postgres')('copies the database consistently while another connection keeps writing', async () => {
    const { exec, env, dir } = await cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const server = await openStore(env);
    const now = Date.now();
    const base = await startApp(server, () => now);
    await postSale(base, 'x', webhookSecret, saleBody({ occurredAt: new Date(now - 60_000).toISOString() }), now);
    const copy = join(dir, 'backup.db');
    const res = await exec(`backup ${copy}`);
    expect(res.out).toBe(`backed up ${env.DATABASE_PATH} (${/\((\d+) pages\)/.exec(res.out)?.[1]} pages) to ${copy}\n`);
    await postSale(base, 'x', webhookSecret, saleBody({ id: 'after', occurredAt: new Date(now - 60_000).toISOString() }), now);
    const restored = await openDatabase({ path: copy });
    if (restored.engine !== 'sqlite') throw new Error('a backup is a SQLite file');
    expect(await all(restored, 'SELECT till_sale_id FROM sales ORDER BY id')).toEqual([{ till_sale_id: 'sale-1' }]);
    expect(restored.native.pragma('integrity_check', { simple: true })).toBe('ok');
    await restored.close();
    await server.close();
  });

  // The operator review of 5 December: backup to one name twice left a.db-shm and a.db-wal beside it (checking the
  // earlier backup opened it, a database in write-ahead-log mode).
  it.skipIf(engine === 'postgres')('writes one file, and checking or restoring it leaves nothing beside it, also a copy from before', async () => {
    const { exec, dir } = await cli();
    await exec('shop create --slug x --name X');
    const folder = join(dir, 'backups');
    mkdirSync(folder);
    const copy = join(folder, 'a.db');
    for (let i = 0; i < 2; i++) expect((await exec(`backup ${copy}`)).code).toBe(0);
    expect(readdirSync(folder)).toEqual(['a.db']);
    expect((await exec(`restore ${copy} --yes`)).code).toBe(0);
    expect(readdirSync(folder)).toEqual(['a.db']);
    // A copy written before (in write-ahead-log mode), checked as it is replaced, and restored.
    const old = join(folder, 'old.db');
    expect((await exec(`backup ${old}`)).code).toBe(0);
    const wal = new Database(old);
    wal.pragma('journal_mode = WAL');
    wal.close();
    expect(readdirSync(folder)).toEqual(['a.db', 'old.db']);
    expect((await exec(`restore ${old} --yes`)).code).toBe(0);
    expect((await exec(`backup ${old}`)).code).toBe(0);
    expect(readdirSync(folder)).toEqual(['a.db', 'old.db']);
    expect(JSON.parse((await exec('shop list')).out)).toHaveLength(1);
  });

  it.skipIf(engine === 'sqlite')('on PostgreSQL refuses, names pg_dump, and writes nothing', async () => {
    const { exec, dir } = await cli();
    await exec('shop create --slug x --name X --holdout 0');
    const copy = join(dir, 'backup.db');
    const res = await exec(`backup ${copy}`);
    expect(res).toMatchObject({ code: 1, out: '' });
    expect(res.err).toContain('pg_dump');
    expect(existsSync(copy)).toBe(false);
  });
});

describe("an operator's typo, or a database that cannot be used: a message naming what, exit 1", () => {
  it('a mistyped --status is refused, not answered with an empty list (as if nothing were uncertain)', async () => {
    const { exec } = await cli();
    await exec('shop create --slug x --name X');
    expect(await exec('messages list --shop x --status uncertian')).toEqual({
      code: 1, out: '', err: '--status: expected one of scheduled, sending, sent, outbox, failed, expired, cancelled, uncertain\n',
    });
  });

  // The operator review of 5 December: smtp://user:p#ss@host:587 was "expected an SMTP URL (smtp:// ...)", though it was one.
  it('SMTP_URL or DATABASE_URL with a #, / or ? in its password says to percent-encode it, never showing the password', async () => {
    const hint = 'a #, / or ? in its user name or password must be percent-encoded (# as %23, / as %2F, ? as %3F)';
    const config = async (env: Record<string, string>) => {
      let err = '';
      const code = await run(['shop', 'list'], { out: () => {}, err: (s) => void (err += s), env: { DATABASE_PATH: join(tempDir(), 'nd.db'), ...env }, stdin: () => '', askSecret: async () => '' });
      return { code, err };
    };
    for (const password of ['p#ss', 'p/ss', 'p?ss']) {
      const smtp = await config({ SMTP_URL: `smtp://user:${password}@mail.example.com:587` });
      expect(smtp, password).toEqual({ code: 1, err: `nextdeal cannot start, the configuration is wrong:\n  SMTP_URL: expected an SMTP URL (smtp:// or smtps://...): ${hint}\n` });
      const pg = await config({ DATABASE_URL: `postgres://nd:${password}@db:5432/nd` });
      expect(pg, password).toEqual({ code: 1, err: `nextdeal cannot start, the configuration is wrong:\n  DATABASE_URL: expected a PostgreSQL URL (postgres:// or postgresql://...): ${hint}\n` });
    }
    expect((await config({ SMTP_URL: 'smtp://user:p%23ss@mail.example.com:587' })).code).toBe(0);
    // (The review of the fix: what the mail and database clients read as meant, as before: the last @ ends the login.)
    for (const env of <Record<string, string>[]>[
      { SMTP_URL: 'smtp://postmaster@mg.example.com:s3cret@smtp.mailgun.org:587' }, { SMTP_URL: 'smtps://user:p@ss@smtp.example.com:465' },
      { SMTP_URL: 'smtp://u:50%off@smtp.example.com' }, { SMTP_URL: 'smtp://user:p%ss@mail.example.com:587' },
      { DATABASE_URL: 'postgres://myadmin@myserver:secret@myserver.postgres.database.azure.com:5432/nextdeal?sslmode=require' },
      { DATABASE_URL: 'postgres://u:p@localhost/db?application_name=nextdeal@prod' },
      { DATABASE_URL: 'postgresql://db.example.com:5432/nd?user=nextdeal@myserver&password=pw' },
    ]) expect(() => loadConfig(env), Object.values(env)[0]).not.toThrow();
    expect((await config({ SMTP_URL: 'mail.example.com' })).err).toBe('nextdeal cannot start, the configuration is wrong:\n  SMTP_URL: expected an SMTP URL (smtp:// or smtps://...)\n');
    // Wrong elsewhere than in the login (the review of the mend): no word on percent-encoding.
    expect(() => loadConfig({ DATABASE_URL: 'postgres://user:pass@host1:5432,host2:5432/db' })).toThrow(/DATABASE_URL: expected a PostgreSQL URL \(postgres:\/\/ or postgresql:\/\/\.\.\.\)$/m);
  });

  // The operator review of 5 December: a mistyped id was "not uncertain, failed or expired, or its customer was erased".
  it('messages retry --id says there is no such message, or what the message is, or that its customer was erased', async () => {
    const { exec, env } = await cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const store = await openStore(env);
    const now = Date.now();
    expect((await postSale(await startApp(store, () => now), 'x', webhookSecret, saleBody({ occurredAt: new Date(now - 60_000).toISOString() }), now)).status).toBe(201);
    await store.close();
    const { id } = JSON.parse((await exec('messages list --shop x')).out).find((m: { kind: string }) => m.kind === 'checkin') as { id: number };
    expect(await exec('messages retry --id 9999')).toEqual({ code: 1, out: '', err: 'there is no message 9999 (see: nextdeal messages list --slug <slug>)\n' });
    expect(await exec('messages retry --id twelve')).toEqual({ code: 1, out: '', err: "--id: expected a message's number, e.g. 12 (see: nextdeal messages list --slug <slug>)\n" });
    expect(await exec(`messages retry --id ${id}`)).toEqual({ code: 1, out: '', err: `message ${id} is scheduled: only one that is uncertain, failed or expired is sent again (see: nextdeal messages list --slug <slug>)\n` });
    expect((await exec('customer erase --shop x --phone 0613572468')).code).toBe(0);
    expect(await exec(`messages retry --id ${id}`)).toEqual({ code: 1, out: '', err: `message ${id} is not sent again: its customer was erased, and nobody is left to send it to\n` });
  });

  // The operator review of 5 December: backup on a PostgreSQL it could not reach answered with the connection error,
  // not the pg_dump the README promises.
  it('backup with DATABASE_URL names pg_dump, also when the server cannot be reached', async () => {
    let err = '';
    const code = await run(['backup', join(tempDir(), 'x.db')], { out: () => {}, err: (s) => void (err += s), env: { DATABASE_URL: 'postgres://nd:secret@127.0.0.1:1/nd' }, stdin: () => '', askSecret: async () => '' });
    expect({ code, err }).toEqual({ code: 1, err: 'on PostgreSQL, back up with its own tool: pg_dump --format=custom --file=<file> "$DATABASE_URL"\n' });
  });

  it('sign --file names the file it cannot read; backup names the folder that is not there', async () => {
    const { exec, dir } = await cli();
    await exec('shop create --slug x --name X');
    expect(await exec(`sign --slug x --file ${join(dir, 'sael.json')}`)).toEqual({ code: 1, out: '', err: `--file: cannot read ${join(dir, 'sael.json')} (ENOENT)\n` });
    if (engine === 'sqlite') expect(await exec(`backup ${join(dir, 'bakcups', 'x.db')}`)).toEqual({ code: 1, out: '', err: `there is no folder ${join(dir, 'bakcups')} to write the backup in\n` });
  });

  it('copy --from a file that is not a nextdeal database writes nothing, into it or anywhere', async () => {
    const { exec, dir } = await cli();
    for (const [name, bytes] of [['empty.db', ''], ['notes.txt', 'boodschappen: brood, kaas\n']] as const) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      expect(await exec(`copy --from ${file} --to postgres://nd:secret@127.0.0.1:1/nd`)).toEqual({ code: 1, out: '', err: `--from: ${file} is not a nextdeal database (no schema_migrations table in it)\n` });
      expect(readFileSync(file, 'utf8')).toBe(bytes);
    }
  });

  // A command says it cannot open the database: "cannot start" is the server's (the operator review of PostgreSQL, finding 7).
  it('DATABASE_PATH whose folder cannot be made, and DATABASE_URL with no server behind it, are named, without the password', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data'), ''); // a file where the folder should be
    const exec = async (env: Record<string, string>) => {
      let err = '';
      const code = await run(['shop', 'create', '--slug', 'x', '--name', 'X'], { out: () => {}, err: (s) => void (err += s), env: { OUTBOX_DIR: join(dir, 'outbox'), ...env }, stdin: () => '', askSecret: async () => '' });
      return { code, err };
    };
    const blocked = await exec({ DATABASE_PATH: join(dir, 'data', 'nextdeal.db') });
    expect(blocked).toEqual({ code: 1, err: expect.stringMatching(new RegExp(`^nextdeal cannot open the database: DATABASE_PATH \\(${join(dir, 'data', 'nextdeal.db')}\\): .*EEXIST`)) });
    const unreachable = await exec({ DATABASE_URL: 'postgres://nd:s3cret-pw@127.0.0.1:1/nextdeal' });
    expect(unreachable).toEqual({ code: 1, err: expect.stringMatching(/^nextdeal cannot open the database: DATABASE_URL \(127\.0\.0\.1:1\/nextdeal\): .*ECONNREFUSED/) });
    expect(unreachable.err).not.toContain('s3cret-pw');
  });
});
