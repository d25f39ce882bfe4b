// nextdeal restore: a backup put back in place of the database, through the command line as an operator runs it, on a
// real SQLite file. What went out since the copy was taken is held in doubt, never sent a second time by itself.
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { cliRunner } from './cli-run.js';
import { openDatabase } from '../src/db/open.js';
import { createStore } from '../src/db/store.js';
import { engine, messageSid, postSale, postTwilio, saleBody, startApp, tempDir, value } from './helpers.js';
import { run } from '../src/cli.js';
import { freshDatabase } from './pg/cluster.js';
import { openPostgres } from '../src/db/engines/postgres.js';
import { sql } from '../src/db/sql.js';

const HOUR = 3_600_000;

function cli() {
  const dir = tempDir();
  const env = { DATABASE_PATH: join(dir, 'data', 'nextdeal.db'), OUTBOX_DIR: join(dir, 'outbox') };
  const exec = cliRunner(env);
  const outbox = () => (existsSync(env.OUTBOX_DIR) ? readdirSync(env.OUTBOX_DIR).filter((f) => f.endsWith('.json')).length : 0);
  return { dir, env, exec, outbox };
}

describe.skipIf(engine === 'postgres')('nextdeal restore', () => {
  it('puts the copy back, and what went out since it was taken waits in doubt instead of going a second time', async () => {
    const { dir, env, exec, outbox } = cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const server = createStore(await openDatabase({ path: env.DATABASE_PATH }));
    const soldAt = Date.now() - 40 * HOUR; // its check-in was due this morning or yesterday's, not 48 hours ago
    const base = await startApp(server, () => soldAt);
    const sale = await postSale(base, 'x', webhookSecret, saleBody({ occurredAt: new Date(soldAt).toISOString() }), soldAt);
    const due = sale.body.scheduled.find((m: { kind: string }) => m.kind === 'checkin').dueAt as string;
    const copy = join(dir, 'backup.db');
    expect((await exec(`backup ${copy}`)).code).toBe(0);

    // After the copy: the check-in goes out, and another sale comes in.
    expect((await exec(`dispatch --at ${due}`)).code).toBe(0);
    expect(outbox()).toBe(1);
    await postSale(base, 'x', webhookSecret, saleBody({ id: 'after', occurredAt: new Date(soldAt).toISOString() }), soldAt);

    // Not while anything has the database open (the server here), and the database is left as it was.
    const inUse = await exec(`restore ${copy} --yes`);
    expect(inUse).toEqual({ code: 1, out: '', err: `${env.DATABASE_PATH} is in use (a running nextdeal, or another command): stop it, every instance, then restore\n` });
    await server.close();
    const notAsked = await exec(`restore ${copy}`);
    expect(notAsked.code).toBe(1);
    expect(notAsked.err).toMatch(new RegExp(`^this replaces ${env.DATABASE_PATH} with the copy ${copy} \\(written .+\\): everything since is gone from it\\. Run again with --yes to do it\\n$`));
    const sales = () => {
      const db = new Database(env.DATABASE_PATH, { readonly: true });
      try {
        return db.prepare('SELECT till_sale_id FROM sales ORDER BY id').pluck().all();
      } finally {
        db.close();
      }
    };
    expect(sales()).toEqual(['sale-1', 'after']);

    // And the copy was taken while its invitation was being handed to the provider.
    const taken = new Database(copy);
    taken.prepare("UPDATE messages SET status = 'sending', claimed_at = ? WHERE kind = 'comeback'").run(Date.now());
    taken.close();
    const done = await exec(`restore ${copy} --yes`);
    expect(done.code).toBe(0);
    expect(done.out).toContain(`restored `);
    expect(done.out).toContain('1 message(s) were due since and may have gone out already: they wait in doubt, not sent again');
    expect(done.out).toContain('1 message(s) were being sent as the copy was taken: in doubt as any interrupted send');
    expect(sales()).toEqual(['sale-1']);

    // The dispatcher does not send it again; the owner's log and the CLI say why it waits.
    expect((await exec(`dispatch --at ${due}`)).code).toBe(0);
    expect(outbox()).toBe(1);
    const listed = JSON.parse((await exec('messages list --shop x --status uncertain')).out);
    expect(listed.map((m: { kind: string; error: string }) => [m.kind, m.error]).sort()).toEqual([['checkin', 'restored'], ['comeback', 'interrupted']]);
    // With Twilio set up, the restored one's advice still does not promise that Twilio is asked: nothing asks it (the
    // operator review of 5 December).
    const twilio = cliRunner({ ...env, TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM: '+3197010000001' });
    const advice = JSON.parse((await twilio('messages list --shop x --status uncertain')).out).find((m: { error: string }) => m.error === 'restored');
    expect(advice.whatToDo).toBe(
      `nextdeal was put back to an earlier copy in which it still waited: it may have gone out since, and it is not sent again by itself, nor looked for at the provider: ask the customer (or check the provider's logs) before resending; to send it again on purpose: npx nextdeal messages retry --id ${advice.id} (every such message: npx nextdeal messages retry --restored)`,
    );

    // The owner, who asked the customer, can say it arrived: dated at its time, to her number, so a reply finds it.
    const ownerDb = await openDatabase({ path: env.DATABASE_PATH });
    const owner = createStore(ownerDb);
    const shopId = (await owner.shops.bySlug('x'))!.id;
    const [restored] = listed.filter((m: { error: string }) => m.error === 'restored');
    expect(await owner.messages.settleInDoubt(shopId, restored.id, 'arrived', Date.now())).toBe(true);
    const arrived = (await ownerDb.get({ text: 'SELECT sent_at, next_attempt_at, recipient, sender FROM messages WHERE id = ?' }, [restored.id])) as Record<string, unknown>;
    expect(arrived).toEqual({ sent_at: arrived.next_attempt_at, next_attempt_at: Date.parse(due), recipient: '+31613572468', sender: '' });
    expect(await owner.messages.settleInDoubt(shopId, restored.id, 'resend', Date.now())).toBe(false); // settled
    await ownerDb.run({ text: "UPDATE messages SET status = 'uncertain', error = 'restored', sent_at = NULL, recipient = NULL, sender = NULL WHERE id = ?" }, [restored.id]);
    await owner.close();

    // The operator found it did not go out: sent on purpose.
    expect((await exec('messages retry --restored')).out).toBe('1 message(s) held in doubt by a restore will go out with the next dispatch (within a minute, or run: nextdeal dispatch)\n');
    const noon = new Date();
    noon.setUTCHours(11, 0, 0, 0); // the shop's noon, outside its quiet hours
    if (noon.getTime() <= Date.now()) noon.setTime(noon.getTime() + 24 * HOUR);
    expect((await exec(`dispatch --at ${noon.toISOString()}`)).code).toBe(0);
    expect(outbox()).toBe(2);
  });

  // The messages that came after the copy are gone with it, and their ids are given again to the next ones: a token of
  // the id alone opened the new customer's message from the old customer's e-mail (and unsubscribed them).
  it("an e-mail sent after the copy was taken opens nothing once its message's id is another customer's", async () => {
    const { dir, env, exec } = cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const copy = join(dir, 'backup.db');
    expect((await exec(`backup ${copy}`)).code).toBe(0);
    const soldAt = Date.now() - 40 * HOUR;
    const customer = (name: string) => ({ name, email: `${name.toLowerCase()}@example.com`, consent: { email: true } });
    const sell = async (store: ReturnType<typeof createStore>, at: number, id: string, name: string) => {
      const sale = await postSale(await startApp(store, () => at), 'x', webhookSecret, saleBody({ id, customer: customer(name), occurredAt: new Date(soldAt).toISOString() }), at);
      expect(sale.status).toBe(201);
      return sale.body.scheduled.find((m: { kind: string }) => m.kind === 'checkin') as { id: number; dueAt: string };
    };
    /** The reply and unsubscribe links of the e-mail in the outbox to that address. */
    const linksTo = (address: string) => {
      const mails = readdirSync(env.OUTBOX_DIR).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(env.OUTBOX_DIR, f), 'utf8').replace(/=\r?\n/g, ''));
      const mail = mails.find((m) => m.includes(`To: ${address}`))!;
      return ['r', 'u'].map((p) => new RegExp(`/${p}/[\\w-]{16,64}`).exec(mail)![0]);
    };

    const before = createStore(await openDatabase({ path: env.DATABASE_PATH }));
    const sanne = await sell(before, soldAt, 'sale-1', 'Sanne');
    await before.close();
    expect((await exec(`dispatch --at ${sanne.dueAt}`)).code).toBe(0);
    expect((await exec(`restore ${copy} --yes`)).code).toBe(0);

    const afterDb = await openDatabase({ path: env.DATABASE_PATH });
    const after = createStore(afterDb);
    const piet = await sell(after, soldAt + HOUR, 'sale-2', 'Piet');
    expect(piet.id).toBe(sanne.id);
    expect((await exec(`dispatch --at ${piet.dueAt}`)).code).toBe(0);
    const base = await startApp(after, () => Date.parse(piet.dueAt) + HOUR);
    for (const path of linksTo('sanne@example.com')) {
      expect((await fetch(base + path)).status).toBe(404);
      expect((await fetch(base + path, { method: 'POST' })).status).toBe(404);
    }
    const [reply, unsubscribe] = linksTo('piet@example.com');
    expect((await fetch(base + reply!)).status).toBe(200);
    const optedOut = () => value(afterDb, "SELECT email_opted_out_at FROM customers WHERE email = 'piet@example.com'");
    expect(await optedOut()).toBeNull();
    expect((await fetch(base + unsubscribe!, { method: 'POST' })).status).toBe(200);
    expect(await optedOut()).not.toBeNull();
    await after.close();
  });

  // The operator review of 5 December: a restore quietly undid a key rotation (the till, given the new key, was refused)
  // and an owner's recorded "no"; the output named only sales, replies, STOPs and erasures as lost.
  it('says that keys rotated, shop settings and consent given since the copy are undone, and what to run again', async () => {
    const { dir, exec } = cli();
    await exec('shop create --slug x --name X --holdout 0');
    const copy = join(dir, 'backup.db');
    expect((await exec(`backup ${copy}`)).code).toBe(0);
    expect((await exec('shop rotate --slug x --api-key')).code).toBe(0);
    const done = await exec(`restore ${copy} --yes`);
    expect(done.code).toBe(0);
    expect(done.out).toContain('rotated API keys and webhook secrets (a till sending the new one is refused: run shop rotate again and give the tills the new ones)');
    expect(done.out).toContain('shop settings (shop update, --holdout)');
    expect(done.out).toContain('consent the owner recorded (a "no" is kept, a "yes" is undone: customer consent again)');
  });

  // The same review: an owner's recorded "no" (and a customer's STOP) made after the copy was undone by the restore,
  // and the check-in went to the customer who had refused.
  it("keeps a customer's refusal made since the copy: what the copy planned for them does not go", async () => {
    const { dir, env, exec, outbox } = cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const server = createStore(await openDatabase({ path: env.DATABASE_PATH }));
    // A minute ago: the check-ins are tomorrow's at any hour the test runs (20 hours ago made them today's after 10:00,
    // due before the restore, so in doubt after it rather than cancelled).
    const soldAt = Date.now() - 60_000;
    const base = await startApp(server, () => soldAt);
    const sale = await postSale(base, 'x', webhookSecret, saleBody({ occurredAt: new Date(soldAt).toISOString() }), soldAt);
    const piet = { name: 'Piet', phone: '06 87654321', consent: { sms: true } };
    expect((await postSale(base, 'x', webhookSecret, saleBody({ id: 'sale-2', customer: piet, occurredAt: new Date(soldAt).toISOString() }), soldAt)).status).toBe(201);
    await server.close();
    const due = sale.body.scheduled.find((m: { kind: string }) => m.kind === 'checkin').dueAt as string;
    const copy = join(dir, 'backup.db');
    expect((await exec(`backup ${copy}`)).code).toBe(0);

    // Since the copy: Sanne told the owner no. Piet said nothing.
    expect((await exec('customer consent --shop x --phone 0613572468 --sms no')).code).toBe(0);
    const done = await exec(`restore ${copy} --yes`);
    expect(done.code).toBe(0);
    expect(done.out).toContain('kept 1 refusal(s) made since the copy was written (a STOP, an unsubscribe, a "no" the owner recorded, for a number or address the copy knows): nothing the copy planned goes to them on that channel\n');
    const list = async () => (JSON.parse((await exec('messages list --shop x')).out) as { kind: string; status: string; error: string | null }[]).map((m) => [m.kind, m.status]).sort();
    expect(await list()).toEqual([['checkin', 'cancelled'], ['checkin', 'scheduled'], ['comeback', 'cancelled'], ['comeback', 'scheduled']]);
    expect((await exec(`dispatch --at ${due}`)).code).toBe(0);
    const sent = readdirSync(env.OUTBOX_DIR).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(env.OUTBOX_DIR, f), 'utf8')).to);
    expect([outbox(), sent]).toEqual([1, ['+31687654321']]);
    // Restored again from the same copy: the refusal, in the database it replaces, is kept again.
    expect((await exec(`restore ${copy} --yes`)).out).toContain('kept 1 refusal(s)');
  });

  it('refuses what is not a backup it can restore, and changes nothing', async () => {
    const { dir, env, exec } = cli();
    await exec('shop create --slug x --name X');
    const before = readFileSync(env.DATABASE_PATH);
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'boodschappen: brood, kaas\n');
    expect((await exec(`restore ${notes} --yes`)).err).toMatch(/^.*notes\.txt cannot be restored: it is not a (nextdeal )?database/);
    expect((await exec(`restore ${join(dir, 'missing.db')} --yes`)).err).toContain('missing.db cannot be restored: there is no such file');

    const copy = join(dir, 'copy.db');
    await exec(`backup ${copy}`);
    const newer = new Database(copy);
    newer.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '999_future.sql', 0)").run();
    newer.close();
    expect((await exec(`restore ${copy} --yes`)).err).toMatch(/cannot be restored: it was made by a newer release of nextdeal \(migration 999; this one knows up to \d+\): restore it with that release\n$/);

    const damaged = join(dir, 'damaged.db');
    await exec(`backup ${damaged}`);
    const bytes = readFileSync(damaged);
    bytes.fill(0x5a, 1024 * 3, 1024 * 12); // pages in the middle overwritten
    writeFileSync(damaged, bytes);
    expect((await exec(`restore ${damaged} --yes`)).err).toMatch(/damaged\.db cannot be restored: it (is damaged|is not a database SQLite can read)/);
    expect(readFileSync(env.DATABASE_PATH).equals(before)).toBe(true);
  });

  it('refuses the database itself as the backup, as backup does, by any name of it', async () => {
    const { dir, env, exec } = cli();
    await exec('shop create --slug x --name X');
    const link = join(dir, 'live.db');
    symlinkSync(env.DATABASE_PATH, link);
    for (const name of [env.DATABASE_PATH, link]) {
      const refused = await exec(`restore ${name} --yes`);
      expect(refused).toMatchObject({ code: 1, out: '' });
      expect(refused.err).toBe(`${name} is the database itself (DATABASE_PATH): give the backup to restore in its place\n`);
    }
  });

  it('restores a copy whose pages are of another size than the database it replaces (made before 1 KiB pages)', async () => {
    const { dir, env, exec } = cli();
    await exec('shop create --slug x --name X');
    const copy = join(dir, 'copy.db');
    await exec(`backup ${copy}`);
    const old = new Database(copy);
    old.pragma('journal_mode = DELETE');
    old.pragma('page_size = 4096');
    old.exec('VACUUM');
    old.close();
    await exec('shop create --slug y --name Y');
    expect((await exec(`restore ${copy} --yes`)).code).toBe(0);
    expect(JSON.parse((await exec('shop list')).out).map((s: { slug: string }) => s.slug)).toEqual(['x']);
    const db = new Database(env.DATABASE_PATH, { readonly: true });
    expect([db.pragma('page_size', { simple: true }), db.pragma('journal_mode', { simple: true })]).toEqual([4096, 'wal']);
    db.close();
  });

  it('restores over a database damaged past reading, which it keeps aside with its log', async () => {
    const { dir, env, exec } = cli();
    await exec('shop create --slug x --name X');
    const copy = join(dir, 'copy.db');
    await exec(`backup ${copy}`);
    await exec('shop create --slug y --name Y');
    const damaged = Buffer.from(readFileSync(env.DATABASE_PATH));
    damaged.fill(0x5a, 0, 100); // its header: SQLite no longer knows it for a database
    writeFileSync(env.DATABASE_PATH, damaged);
    writeFileSync(`${env.DATABASE_PATH}-wal`, 'a log of the damaged file, which must not be read into the copy');
    const res = await exec(`restore ${copy} --yes`);
    expect(res.err).toBe('');
    expect(res.out).toMatch(new RegExp(`^${env.DATABASE_PATH} was no database SQLite could read: kept as ${env.DATABASE_PATH}\\.damaged-\\S+\n`));
    const aside = readdirSync(join(dir, 'data')).filter((f) => f.includes('.damaged-')).sort();
    expect(aside).toHaveLength(2); // the file and its log
    expect(readFileSync(join(dir, 'data', aside[0]!)).equals(damaged)).toBe(true);
    expect(JSON.parse((await exec('shop list')).out).map((s: { slug: string }) => s.slug)).toEqual(['x']);
  });

  it('restores onto a machine with no database yet, readable by its owner only', async () => {
    const first = cli();
    await first.exec('shop create --slug x --name X');
    const copy = join(first.dir, 'copy.db');
    await first.exec(`backup ${copy}`);
    const fresh = cli();
    const res = await fresh.exec(`restore ${copy}`); // nothing there to replace: no --yes needed
    expect(res.code).toBe(0);
    expect(statSync(fresh.env.DATABASE_PATH).mode & 0o777).toBe(0o600);
    expect(JSON.parse((await fresh.exec('shop show --slug x')).out).slug).toBe('x');
  });
});

describe.skipIf(engine === 'sqlite')('nextdeal restore on PostgreSQL', () => {
  it('names pg_restore, and after it holds what may have gone out since the dump', async () => {
    const env = { DATABASE_URL: await freshDatabase(), OUTBOX_DIR: join(tempDir(), 'outbox') };
    const exec = cliRunner(env);
    expect(await exec('restore x.dump --yes')).toEqual({
      code: 1, out: '',
      err: 'on PostgreSQL, restore with its own tool: pg_restore --dbname=<an empty database> <file>, point DATABASE_URL at it, and before nextdeal starts on it run: nextdeal restore --after-pg-restore\n',
    });
    // The dump had a check-in waiting that was due this morning: as pg_restore leaves it.
    const { webhookSecret } = JSON.parse((await exec('shop create --slug x --name X --holdout 0')).out);
    const server = createStore(await openDatabase({ url: env.DATABASE_URL, path: '' }));
    const soldAt = Date.now() - 40 * HOUR;
    await postSale(await startApp(server, () => soldAt), 'x', webhookSecret, saleBody({ occurredAt: new Date(soldAt).toISOString() }), soldAt);
    // Not while an instance runs on it (DATABASE_URL left at the live database): it would send none of what is due.
    const live = await exec('restore --after-pg-restore');
    expect(live).toMatchObject({ code: 1, out: '' });
    expect(live.err).toMatch(/^DATABASE_URL \(\S+\) cannot be taken up after pg_restore: it is in use by \d+ connection\(s\) of nextdeal \(a running instance, or another command; process [\d, ]+ on the database server\): stop every instance first, then run this again/);
    expect(JSON.parse((await exec('messages list --shop x --status uncertain')).out)).toEqual([]);
    await server.close();
    // Neither the operator's own client without a name (psql with PGAPPNAME unset, autovacuum) nor an empty
    // application_name in DATABASE_URL is taken for nextdeal (the review of this check).
    const psql = new pg.Client({ connectionString: env.DATABASE_URL, application_name: '' });
    await psql.connect();
    const unnamed = `${env.DATABASE_URL}${env.DATABASE_URL.includes('?') ? '&' : '?'}application_name=`;
    const res = await cliRunner({ ...env, DATABASE_URL: unnamed })('restore --after-pg-restore');
    await psql.end();
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain('1 message(s) were due since and may have gone out already: they wait in doubt, not sent again');
    expect(JSON.parse((await exec('messages list --shop x --status uncertain')).out)).toMatchObject([{ kind: 'checkin', error: 'restored' }]);
  });

  it('refuses a database pg_restore did not fill (skipped, or into another database), and gives it no schema', async () => {
    const url = await freshDatabase();
    const res = await cliRunner({ DATABASE_URL: url, OUTBOX_DIR: join(tempDir(), 'outbox') })('restore --after-pg-restore');
    expect(res).toMatchObject({ code: 1, out: '' });
    expect(res.err).toMatch(/^DATABASE_URL \(\S+\) cannot be taken up after pg_restore: it is not a nextdeal database \(no schema_migrations table in it\): pg_restore the dump into it first, or point DATABASE_URL at the database you restored\n$/);
    const db = openPostgres(url, 1);
    expect(await db.value(sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))).toBe(0);
    await db.close();
  });
});

describe.skipIf(engine === 'postgres')('nextdeal copy', () => {
  it('refuses a database a running nextdeal still holds: what it took after the copy would be lost', async () => {
    const { env, exec } = cli();
    await exec('shop create --slug x --name X');
    const server = createStore(await openDatabase({ path: env.DATABASE_PATH }));
    expect(await exec(`copy --from ${env.DATABASE_PATH} --to postgres://nd:secret@127.0.0.1:1/nd`)).toEqual({
      code: 1, out: '', err: `--from: ${env.DATABASE_PATH} is in use (a running nextdeal, or another command): stop it, every instance, then copy\n`,
    });
    await server.close();
    // Stopped, it goes on to the copy (here to a server that is not there).
    expect((await exec(`copy --from ${env.DATABASE_PATH} --to postgres://nd:secret@127.0.0.1:1/nd`)).err).toMatch(/^nothing was copied: PostgreSQL says: .*ECONNREFUSED/);
  });
});

describe.skipIf(engine === 'postgres')('nextdeal backup, and commands run without the server\'s settings', () => {
  it('refuses a database that is not there, naming it, and makes none: a nightly job without DATABASE_PATH backs up nothing', async () => {
    const { dir, env, exec } = cli();
    const copy = join(dir, 'backup.db');
    const refusal = `there is no database at ${env.DATABASE_PATH} (DATABASE_PATH): run this with the settings the server runs with (DATABASE_PATH, or DATABASE_URL), or start a new installation with: nextdeal shop create\n`;
    for (const args of [`backup ${copy}`, 'shop show --slug x', 'messages list --shop x', 'dispatch', 'customer export --shop x --phone 0613572468']) {
      expect(await exec(args)).toEqual({ code: 1, out: '', err: refusal });
    }
    // A look at the shops says there are none, and where it looked.
    expect(await exec('shop list')).toEqual({ code: 0, out: '[]\n', err: `there is no database at ${env.DATABASE_PATH} (DATABASE_PATH) yet: no shops; nextdeal shop create makes it\n` });
    expect([existsSync(env.DATABASE_PATH), existsSync(copy)]).toEqual([false, false]);

    // Starting an installation makes it, and says so.
    const created = await exec('shop create --slug x --name X');
    expect(created.code).toBe(0);
    expect(created.err).toContain(`created a new database at ${env.DATABASE_PATH}\n`);
    expect((await exec('shop create --slug y --name Y')).err).not.toContain('created a new database');
    const backup = await exec(`backup ${copy}`);
    expect(backup).toEqual({ code: 0, out: `backed up ${env.DATABASE_PATH} (${/\((\d+) pages\)/.exec(backup.out)?.[1]} pages) to ${copy}\n`, err: '' });
  });

  it('replaces an earlier backup of the same name and says so; never the database itself, nor a file that is no backup', async () => {
    const { dir, env, exec } = cli();
    await exec('shop create --slug x --name X');
    const copy = join(dir, 'nightly.db');
    expect((await exec(`backup ${copy}`)).err).toBe('');
    await exec('shop create --slug y --name Y');
    const again = await exec(`backup ${copy}`);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(new RegExp(`^replaced the earlier backup ${copy} \\(written \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)\\n$`));
    const shops = new Database(copy, { readonly: true });
    expect(shops.prepare('SELECT slug FROM shops ORDER BY id').pluck().all()).toEqual(['x', 'y']);
    shops.close();

    const before = readFileSync(env.DATABASE_PATH);
    expect(await exec(`backup ${env.DATABASE_PATH}`)).toEqual({ code: 1, out: '', err: `${env.DATABASE_PATH} is the database itself: give the backup another name\n` });
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'boodschappen: brood, kaas\n');
    expect(await exec(`backup ${notes}`)).toEqual({ code: 1, out: '', err: `${notes} exists and is not an earlier backup of nextdeal's: nothing was written; give the backup another name, or remove that file first\n` });
    expect(readFileSync(notes, 'utf8')).toBe('boodschappen: brood, kaas\n');
    expect(readFileSync(env.DATABASE_PATH).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  // The review of the change above: a nightly backup named by a symbolic link (to a disk mounted elsewhere) replaced the
  // link with a file here, and the disk it pointed to kept last night's copy, every night after.
  it('writes through a name that is a symbolic link, to where it points, also the first time', async () => {
    const { dir, exec } = cli();
    await exec('shop create --slug x --name X');
    mkdirSync(join(dir, 'nas'));
    const [link, there] = [join(dir, 'latest.db'), join(dir, 'nas', 'nightly.db')];
    symlinkSync(join('nas', 'nightly.db'), link); // pointing at nothing yet
    expect((await exec(`backup ${link}`)).code).toBe(0);
    await exec('shop create --slug y --name Y');
    expect((await exec(`backup ${link}`)).err).toMatch(/^replaced the earlier backup /);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    const shops = new Database(there, { readonly: true });
    expect(shops.prepare('SELECT slug FROM shops ORDER BY id').pluck().all()).toEqual(['x', 'y']);
    shops.close();
    expect(readdirSync(join(dir, 'nas')).filter((f) => f.includes('.partial'))).toEqual([]);
  });
});

// The operator's review: a backup taken, then two customers erased (one who had written a complaint), then the backup
// restored: both came back whole, name, number, address and the complaint's text; the complaint was on the owner's
// call-back list again, and `dispatch` wrote the come-back invitation to one of them. The restore's output said to
// erase them again, and nothing recorded who they were.
describe.skipIf(engine === 'postgres')('a restore after erasures', () => {
  it('erases again every customer erased since the copy, and the sale with no customer, and keeps their STOP; not another person whose row has the id since', async () => {
    const { dir, env } = cli();
    const exec = async (...args: string[]) => {
      let out = '';
      let err = '';
      const code = await run(args, { out: (x) => void (out += x), err: (x) => void (err += x), env: { ...env }, stdin: () => '', askSecret: async () => '' });
      return { code, out, err };
    };
    const { webhookSecret } = JSON.parse((await exec('shop', 'create', '--slug', 's', '--name', 'S', '--holdout', '0')).out);
    const soldAt = Date.now() - 60_000;
    let now = soldAt;
    /** Runs `work` with the server on the database a second later than the last time, then stops it (a restore needs it stopped). */
    const serving = async <T>(work: (base: string) => Promise<T>): Promise<T> => {
      const store = createStore(await openDatabase({ path: env.DATABASE_PATH }));
      now += 1000;
      try {
        return await work(await startApp(store, () => now));
      } finally {
        await store.close();
      }
    };
    const sell = (base: string, id: string, customer: Record<string, unknown>, reason: string | null = null) =>
      postSale(base, 's', webhookSecret, saleBody({ id, reason, customer, occurredAt: new Date(soldAt).toISOString() }), now);
    const zoe = { name: 'Zoë Terugkomer', phone: '+31 (0)6-1357 2468', email: 'zoe@example.org', consent: { sms: true, email: true } };

    // Zoë buys, and complains; a walk-in's sale keeps his name and reason (his number was wrong).
    const comebackDue = await serving(async (base) => {
      const sale = await sell(base, 'zoe-1', zoe);
      expect(sale.status).toBe(201);
      expect((await sell(base, 'walkin-1', { name: 'Gerrit Loopbinnen', phone: '06-123' }, 'Cadeau voor mijn vrouw Marieke')).body.customerId).toBeNull();
      expect((await sell(base, 'ellen-1', { name: 'Ellen Mailtje', email: 'ellen@example.org', consent: { email: true } })).status).toBe(201);
      expect((await postTwilio(base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'De ketting is kapot, bel me terug' })).status).toBe(200);
      return sale.body.scheduled.find((m: { kind: string }) => m.kind === 'comeback').dueAt as string;
    });
    const older = join(dir, 'older.db');
    expect((await exec('backup', older)).code).toBe(0);
    // Piet buys; the copy restored in the end is taken now.
    await serving(async (base) => expect((await sell(base, 'piet-1', { name: 'Piet Blijft', phone: '0687654321', consent: { sms: true } })).status).toBe(201));
    const copy = join(dir, 'copy.db');
    expect((await exec('backup', copy)).code).toBe(0);
    const ids = async () => {
      const db = new Database(env.DATABASE_PATH, { readonly: true });
      try {
        return db.prepare('SELECT id, name FROM customers ORDER BY id').all();
      } finally {
        db.close();
      }
    };
    const pietId = ((await ids()) as { id: number; name: string }[]).find((c) => c.name === 'Piet Blijft')!.id;

    // An earlier restore gave Piet's id to Anna, who came since; she, Zoë (who said STOP first), Ellen and the walk-in's sale are erased.
    expect((await exec('restore', older, '--yes')).code).toBe(0);
    await serving(async (base) => {
      expect((await sell(base, 'anna-1', { name: 'Anna Nieuwkomer', phone: '0611223344', consent: { sms: true } })).body.customerId).toBe(pietId);
      expect((await postTwilio(base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'STOP' })).status).toBe(200);
    });
    expect((await exec('customer', 'erase', '--shop', 's', '--phone', '+31 (0)6-1357 2468')).code).toBe(0);
    expect((await exec('customer', 'erase', '--shop', 's', '--email', 'ellen@example.org')).code).toBe(0);
    expect((await exec('customer', 'erase', '--shop', 's', '--phone', '0611223344')).code).toBe(0);
    expect((await exec('customer', 'erase', '--shop', 's', '--sale', 'walkin-1')).out).toMatch(/^erased 0 customer rows, 1 sale,/);

    const restored = await exec('restore', copy, '--yes');
    expect(restored.code).toBe(0);
    expect(restored.out).toContain(
      'erased again what was erased since the copy was written (customer erase, the retention purge), which the copy still held: 2 customer row(s), 1 sale(s) with no customer; kept 1 STOP(s) or unsubscribe(s) of theirs',
    );
    expect(restored.out).not.toContain('erase those customers again');

    // Nothing of Zoë, Ellen or the walk-in in the database, nor in its file; Piet, whose row has Anna's id, as he was.
    expect((await ids()).map((c) => (c as { name: string | null }).name)).toEqual([null, null, 'Piet Blijft']);
    const db = new Database(env.DATABASE_PATH, { readonly: true });
    const look = (text: string) => db.prepare(text).all();
    expect(look('SELECT phone, email, erased_at IS NOT NULL AS erased FROM customers ORDER BY id')).toEqual([
      { phone: null, email: null, erased: 1 }, { phone: null, email: null, erased: 1 }, { phone: '+31687654321', email: null, erased: 0 },
    ]);
    expect(look('SELECT body, handled_at IS NOT NULL AS handled FROM replies')).toEqual([{ body: null, handled: 1 }]);
    expect(look("SELECT till_sale_id AS id, customer_name AS name, reason FROM sales WHERE till_sale_id IN ('zoe-1', 'walkin-1') ORDER BY id")).toEqual([
      { id: 'walkin-1', name: null, reason: null }, { id: 'zoe-1', name: null, reason: null },
    ]);
    expect(look('SELECT why FROM erasures ORDER BY id')).toEqual([{ why: 'request' }, { why: 'request' }, { why: 'request' }]);
    db.close();
    const file = readFileSync(env.DATABASE_PATH);
    for (const gone of ['Zo\u00eb', 'zoe@example.org', '+31613572468', 'kapot', 'Ellen', 'ellen@example.org', 'Gerrit', 'Marieke']) expect(file.includes(Buffer.from(gone)), gone).toBe(false);

    // Not on the owner's call-back list; nothing goes to her; her STOP holds for the till's next sale with her number.
    const owner = createStore(await openDatabase({ path: env.DATABASE_PATH }));
    expect(await owner.figures.openReplies((await owner.shops.bySlug('s'))!.id)).toBe(0);
    await owner.close();
    expect((await exec('dispatch', '--at', comebackDue)).code).toBe(0);
    const sent = existsSync(env.OUTBOX_DIR) ? readdirSync(env.OUTBOX_DIR).map((f) => readFileSync(join(env.OUTBOX_DIR, f), 'utf8')) : [];
    expect(sent.filter((m) => /613572468|zoe@|ellen@/i.test(m))).toEqual([]);
    await serving(async (base) => {
      const again = await sell(base, 'zoe-2', { name: 'Zoë', phone: '0613572468', consent: { sms: true } });
      expect(again.body).toMatchObject({ scheduled: [], skipped: [{ kind: 'checkin', reason: 'opted_out' }, { kind: 'comeback', reason: 'opted_out' }] });
    });
  });

  it("erases again as the retention purge's whom it purged since; has nothing to do for a customer who came after the copy, nor for one the copy had erased already", async () => {
    const { dir, env, exec } = cli();
    const { webhookSecret } = JSON.parse((await exec('shop create --slug s --name S --holdout 0')).out);
    const soldAt = Date.now() - 60_000;
    const sell = async (id: string, phone: string, at = soldAt, clock = soldAt) => {
      const store = createStore(await openDatabase({ path: env.DATABASE_PATH }));
      const sale = await postSale(await startApp(store, () => clock), 's', webhookSecret, saleBody({ id, customer: { name: `Klant ${id}`, phone, consent: { sms: true } }, occurredAt: new Date(at).toISOString() }), clock);
      await store.close();
      expect(sale.status).toBe(201);
    };
    await sell('old', '0611223344');
    await sell('stale', '0633445566', soldAt - 90 * 86_400_000, soldAt + 1000); // three months ago
    expect((await exec('customer erase --shop s --phone 0611223344')).code).toBe(0);
    const copy = join(dir, 'copy.db');
    expect((await exec(`backup ${copy}`)).code).toBe(0);
    await sell('new', '0622334455', soldAt, soldAt + 2000);
    expect((await exec('customer erase --shop s --phone 0622334455')).code).toBe(0);
    expect((await exec('purge --older-than 2')).out).toMatch(/^erased 1 customer row, /);
    const restored = await exec(`restore ${copy} --yes`);
    expect(restored.code).toBe(0);
    expect(restored.out).toContain('which the copy still held: 1 customer row(s), 0 sale(s) with no customer\n');
    const db = new Database(env.DATABASE_PATH, { readonly: true });
    expect(db.prepare('SELECT name, phone FROM customers ORDER BY id').all()).toEqual([{ name: null, phone: null }, { name: null, phone: null }]);
    expect(db.prepare('SELECT why FROM erasures ORDER BY id').all()).toEqual([{ why: 'request' }, { why: 'retention' }]);
    db.close();
  });
});
