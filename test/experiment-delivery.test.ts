// "Did nextdeal help?" as the owner reads it when messages did not reach the customers (the outbox, with no SMTP_URL
// or Twilio set up), and after the hold-out was switched off (the review of 4 December 2026 by a shop owner). The page
// over HTTP, `nextdeal experiment` and its --json, and experiment.csv; on both engines. Each failed before its fix.
import { describe, expect, it } from 'vitest';
import { emailOutbox, smsOutbox } from '../src/channels/outbox.js';
import type { Channels } from '../src/channels/types.js';
import { run as cli } from '../src/cli.js';
import { openPostgres } from '../src/db/engines/postgres.js';
import { openSqlite } from '../src/db/engines/sqlite.js';
import { migrate } from '../src/db/open.js';
import type { Shop } from '../src/db/shops.js';
import { sql } from '../src/db/sql.js';
import { createStore } from '../src/db/store.js';
import { hashPassword } from '../src/domain/password.js';
import { type TestStore, createShop, engine, migrateOlder, onCleanup, ownerClient, postTwilio, run, startApp, tempDir, testClock, testDispatcher, testStore } from './helpers.js';
import { freshDatabase } from './pg/cluster.js';
import { DAY, customer, phoneOf, sale } from './store-sales.js';
import { join } from 'node:path';

const START = Date.parse('2026-01-05T09:00:00+01:00');
/** A hundred days after the last of the customers below joined: everyone's 60 days are over. */
const LOOK = START + 140 * DAY + 3 * 3_600_000;

/** Still without Twilio and SMTP: the page is served as the server does then. */
const stillOutbox = { smsUndelivered: 'outbox', emailUndelivered: 'outbox' } as const;

interface History {
  store: TestStore;
  shop: Shop;
  /** The customers of each group, as the webhook's answer said. */
  groups: { messaged: number; heldOut: number };
}

/**
 * A shop holding half of its new customers out: two new customers a day for 40 days, the check-ins going out every
 * morning through `channels`; `back(heldOut, k)`: whether the k-th customer of a group buys again 5 days after their
 * first sale (within 14 days after their check-in's moment). Even-numbered customers give a phone, odd ones an e-mail
 * address only, when `mixed`.
 */
async function history(channels: Partial<Channels>, back: (heldOut: boolean, k: number) => boolean, o: { store?: TestStore; mixed?: boolean } = {}): Promise<History> {
  const store = o.store ?? (await testStore());
  await createShop(store, { holdout: 50 } as never);
  await store.db.run(sql("UPDATE experiment_periods SET salt = 'review-delivery'"));
  await store.db.run(sql(`UPDATE experiment_periods SET started_at = ${START - DAY}`));
  const shop = (await store.shops.bySlug('fietsenmaker'))!;
  const { dispatcher } = testDispatcher(store, channels);
  const seen = { true: 0, false: 0 };
  const returns: [string | null, string | null, number][] = [];
  let n = 0;
  for (let d = 0; d < 40; d++) {
    for (let i = 0; i < 2; i++) {
      const at = START + d * DAY + i * 60_000;
      const byEmail = o.mixed === true && n % 2 === 1;
      const who = byEmail ? { email: `klant${n}@example.com`, consent: { email: true } } : { phone: phoneOf(n), consent: { sms: true } };
      n++;
      const r = await store.sales.record(shop, sale(customer({ name: `Klant ${n}`, ...who }), at), at + 500);
      if (r.outcome !== 'created') throw new Error(r.outcome);
      const held = r.response.skipped.some((s) => s.reason === 'held_out');
      if (back(held, seen[`${held}`]++)) returns.push([who.phone ?? null, who.email ?? null, at + 5 * DAY]);
    }
    await dispatcher.tick(START + (d + 1) * DAY + 2 * 3_600_000); // the next morning's check-ins
  }
  for (const [phone, email, at] of returns.sort((a, b) => a[2] - b[2])) {
    await store.sales.record(shop, sale(customer({ phone, email, consent: phone ? { sms: true } : { email: true } }), at), at + 500);
  }
  return { store, shop, groups: { messaged: seen.false, heldOut: seen.true } };
}

/** The owner's overview and experiment.csv as the owner's phone gets them, at LOOK. */
async function ownerSees(h: History, outbox: boolean, at = LOOK): Promise<{ panel: string; csv: string[][] }> {
  await h.store.sessions.setPassword(h.shop.id, await hashPassword('een goed wachtwoord'));
  const clock = testClock(new Date(at).toISOString());
  const owner = ownerClient(await startApp(h.store, clock.now, outbox ? stillOutbox : {}));
  expect((await owner.logIn(h.shop.slug, 'een goed wachtwoord')).status).toBe(303);
  const page = await (await owner.get(`/shops/${h.shop.slug}`)).text();
  const start = page.indexOf('<section id="experiment"');
  const html = page.slice(start, page.indexOf('</section>', start));
  const panel = `${/data-verdict="[^"]*"/.exec(html)?.[0]} ${html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ')}`;
  const text = await (await owner.get(`/shops/${h.shop.slug}/experiment.csv`)).text();
  const csv = text.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(';'));
  return { panel, csv };
}

/** `nextdeal experiment` (and --json) at LOOK, against the test's database. */
async function command(store: TestStore, args: string[] = []): Promise<string> {
  const out: string[] = [];
  const env = store.db.engine === 'postgres' ? { DATABASE_URL: store.db.url } : { DATABASE_PATH: store.db.file };
  const io = { out: (s: string) => void out.push(s), err: (s: string) => void out.push(s), env, stdin: () => '', askSecret: async () => '' };
  expect(await cli(['experiment', '--shop', 'fietsenmaker', ...args, '--at', new Date(LOOK).toISOString()], io as never)).toBe(0);
  return out.join('');
}

const outbox = (): Partial<Channels> => {
  const dir = tempDir();
  return { sms: smsOutbox(dir), email: emailOutbox(dir) };
};

describe('the hold-out while no message reached anyone (the outbox took every check-in)', () => {
  // Half of the messaged customers come back and a fifth of the held-out ones: a gap that, with nothing sent, can only
  // be chance; before, the page read "Waarschijnlijk wel" or "Ja, bewezen", "door de berichten", a chance and a cost.
  const back = (held: boolean, k: number) => (held ? k % 5 === 0 : k % 2 === 0);

  it('says plainly that it cannot show whether nextdeal helps, with no verdict, no "because of the messages" and no cost', async () => {
    const h = await history(outbox(), back);
    const json = JSON.parse(await command(h.store, ['--json']));
    // The figures alone would have said the messages help.
    expect(['probably_helping', 'proven_helping']).toContain(json.verdict);
    const n = json.messaged.customers as number;
    expect(n).toBe(h.groups.messaged);

    const { panel, csv } = await ownerSees(h, true);
    expect(panel).toContain('data-verdict="not_delivered"');
    expect(panel).toContain(`Dit kan nog niet laten zien of nextdeal helpt: bij de klanten in de vergelijking is nog geen bericht aangekomen (bij 0 van de ${n} in de groep met berichten ging de eerste check-in echt de deur uit). Beide groepen kregen dus niets, en elk verschil tussen hen is toeval.`);
    for (const claim of ['Waarschijnlijk', 'Ja, bewezen', 'door de berichten', 'Kans dat de berichten helpen', 'Wat het kost', 'Verschil:', 'Kwam terug binnen 14 dagen na een bericht', 'is het verschil tot op 10 punten nauwkeurig']) {
      expect(panel).not.toContain(claim);
    }
    // The groups' own figures stay: who came back, of whom (the group "with messages" named for what it was meant to get).
    expect(panel).toContain('Zouden berichten krijgen');
    expect(panel).toContain(`${json.messaged.returned} van de ${n} kwamen binnen 60 dagen terug`);
    // ...in the 30- and 90-day table below it too, not "Kregen berichten" (the review of the owner's figures).
    expect(panel).not.toContain('Kregen berichten');

    // The command, as the owner's helper reads it: the same sentence, and how many check-ins went out.
    const printed = await command(h.store);
    expect(printed.split('\n')[0]).toBe(`Does nextdeal help? This cannot show yet whether nextdeal helps: no message has reached the customers in the comparison (for 0 of the ${n} in the group with messages did the first check-in actually go out). So neither group got anything, and any difference between them is chance.`);
    expect(printed).toContain(`check-in went out: 0 of ${n} messaged customers (0.0%)`);
    expect(printed).not.toMatch(/Probably|proven|chance the messages help|difference:/);

    // --json and experiment.csv carry the delivery figure beside the comparison, and what the page says.
    expect(json.delivered).toEqual({ customers: n, delivered: 0, rate: 0 });
    expect(json.shown).toBe('not_delivered');
    expect(json.periods[0].delivered).toEqual({ customers: n, delivered: 0, rate: 0 });
    const [header, ...rows] = csv;
    const col = (name: string) => header!.indexOf(name);
    for (const row of rows) expect([row[col('messaged')], row[col('messaged_delivered')], row[col('messaged_delivered_rate')]]).toEqual([String(n), '0', '0']);
    expect(rows.at(-1)![col('verdict')]).toBe('not_delivered');
  });

  it('gives the verdict, and says how many check-ins went out, once they reach the customers', async () => {
    const h = await history({}, back);
    const json = JSON.parse(await command(h.store, ['--json']));
    const n = json.messaged.customers as number;
    expect(json.shown).toBe(json.verdict);
    expect(json.delivered).toEqual({ customers: n, delivered: n, rate: 1 });
    const { panel, csv } = await ownerSees(h, false);
    expect(panel).toContain(`data-verdict="${json.verdict}"`);
    expect(panel).toContain(`Bij ${n} van de ${n} klanten die berichten kregen, ging de eerste check-in ook echt de deur uit.`);
    expect(panel).toContain('Kans dat de berichten helpen');
    expect(await command(h.store)).toContain(`check-in went out: ${n} of ${n} messaged customers (100.0%)`);
    const [header, ...rows] = csv;
    expect(rows.at(-1)![header!.indexOf('messaged_delivered')]).toBe(String(n));
  });
});

/** The first check-in of each messaged customer, by its Twilio SID (the recording channel's provider ids), in order. */
const firstCheckins = async (store: TestStore): Promise<string[]> =>
  (await store.db.all<{ sid: string }>(sql(`SELECT m.provider_id AS sid FROM messages m JOIN customers c ON c.first_sale_id = m.sale_id
    WHERE m.kind = 'checkin' AND m.status = 'sent' AND c.held_out = 0 ORDER BY m.id`))).map((r) => r.sid);

/** Twilio's status callback for that message, as Twilio posts and signs it (the server's public URL and every field). */
async function report(base: string, sid: string, status: string): Promise<void> {
  const failed = status === 'undelivered' || status === 'failed';
  const res = await postTwilio(base, '/v1/twilio/status', {
    AccountSid: 'AC7ef44158dbb01b972d64d7e5c851c8d7', ApiVersion: '2010-04-01', From: '+3197010254321', To: '+31613572468',
    MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status, ...(failed ? { ErrorCode: status === 'failed' ? '30006' : '30003' } : {}),
  });
  expect(res.status).toBe(204);
}

describe('check-ins Twilio reported undelivered or failed (a wrong number, a landline)', () => {
  const back = (held: boolean, k: number) => (held ? k % 5 === 0 : k % 2 === 0);

  it('no longer count as gone out, whatever order the reports come in; a later "delivered" counts one again', async () => {
    const h = await history({}, back);
    const sids = await firstCheckins(h.store);
    const n = h.groups.messaged;
    expect(sids).toHaveLength(n);
    expect(JSON.parse(await command(h.store, ['--json'])).delivered).toEqual({ customers: n, delivered: n, rate: 1 });

    const base = await startApp(h.store, testClock(new Date(LOOK).toISOString()).now);
    // The first four: "delivered", then "sent" late (stays delivered), "delivered" after "undelivered" (delivered is
    // what is stored last: counted again), "undelivered" after "delivered" and "sent" late after "undelivered" (not).
    // Every other one failed or was undelivered: 2 of n went out, below a tenth.
    const orders = [['sent', 'delivered', 'sent'], ['undelivered', 'delivered'], ['delivered', 'undelivered'], ['failed', 'sent', 'queued']];
    for (const [i, sid] of sids.entries()) {
      for (const status of orders[i] ?? [i % 2 ? 'undelivered' : 'failed']) await report(base, sid, status);
    }
    const json = JSON.parse(await command(h.store, ['--json']));
    expect(json.delivered).toEqual({ customers: n, delivered: 2, rate: 2 / n });
    expect(json.shown).toBe('not_delivered');
    expect(await command(h.store)).toContain(`check-in went out: 2 of ${n} messaged customers (${((200 / n)).toFixed(1)}%)`);
    const { panel, csv } = await ownerSees(h, false);
    expect(panel).toContain('data-verdict="not_delivered"');
    expect(panel).toContain(`(bij 2 van de ${n} in de groep met berichten ging de eerste check-in echt de deur uit)`);
    const [header, ...rows] = csv;
    expect(rows.at(-1)![header!.indexOf('messaged_delivered')]).toBe('2');

    // Reports come again (Twilio retries a callback): nothing changes; a "delivered" for the rest counts them all.
    for (const sid of sids.slice(4)) await report(base, sid, 'undelivered');
    expect(JSON.parse(await command(h.store, ['--json'])).delivered).toEqual({ customers: n, delivered: 2, rate: 2 / n });
    for (const sid of sids) await report(base, sid, 'delivered');
    const after = JSON.parse(await command(h.store, ['--json']));
    expect(after.delivered).toEqual({ customers: n, delivered: n, rate: 1 });
    expect(after.shown).toBe(after.verdict);
  });

  it('keeps a sale asked when another of its check-ins went out and was not reported undelivered', async () => {
    const h = await history({}, back);
    const [sid, other] = await firstCheckins(h.store);
    const n = h.groups.messaged;
    // A second check-in about the first customer's sale, sent and not reported on (the next customer's, given to it:
    // that customer's sale stays asked as it was).
    await run(h.store.db, `UPDATE messages SET (sale_id, customer_id) = (SELECT sale_id, customer_id FROM messages WHERE provider_id = ?)
      WHERE provider_id = ?`, sid, other);
    const base = await startApp(h.store, testClock(new Date(LOOK).toISOString()).now);
    await report(base, sid!, 'undelivered');
    expect(JSON.parse(await command(h.store, ['--json'])).delivered).toEqual({ customers: n, delivered: n, rate: 1 });
    // Once that one fails too, nothing of that sale reached the customer.
    await report(base, other!, 'failed');
    expect(JSON.parse(await command(h.store, ['--json'])).delivered).toEqual({ customers: n, delivered: n - 1, rate: (n - 1) / n });
  });
});

// An installation that counted a check-in reported undelivered as gone out: migration 60 puts it right.
describe('migration 60: check-ins reported undelivered before it', () => {
  it('no longer counts them as gone out, on the page and in the command', async () => {
    const db = engine === 'postgres' ? openPostgres(await freshDatabase()) : openSqlite(join(tempDir(), 'nextdeal.db'));
    onCleanup(() => db.close());
    await migrateOlder(db, 59);
    const h = await history({}, (held, k) => (held ? k % 5 === 0 : k % 2 === 0), { store: { ...createStore(db), db } as TestStore });
    const n = h.groups.messaged;
    const sids = await firstCheckins(h.store);
    // As the code before it stored Twilio's reports: the delivery only. Three of them undelivered, a fourth failed.
    for (const [i, sid] of sids.slice(0, 4).entries()) {
      await run(db, "UPDATE messages SET delivery = ?, error = 'undelivered', error_detail = 'Twilio 30003' WHERE provider_id = ?", i === 3 ? 'failed' : 'undelivered', sid);
    }
    // Before it, the page counted them (the command would migrate the database it opens).
    expect((await ownerSees(h, false)).panel).toContain(`Bij ${n} van de ${n} klanten die berichten kregen, ging de eerste check-in ook echt de deur uit.`);
    expect(await migrate(db)).toContain(60);
    expect(JSON.parse(await command(h.store, ['--json'])).delivered).toEqual({ customers: n, delivered: n - 4, rate: (n - 4) / n });
    expect((await ownerSees(h, false)).panel).toContain(`Bij ${n - 4} van de ${n} klanten die berichten kregen, ging de eerste check-in ook echt de deur uit.`);
  });
});

/** The words "came back within 14 days after a message" say, for both groups. */
const cameBackLine = (panel: string) => /Kwam terug binnen 14 dagen na een bericht: [^.]*\./.exec(panel)?.[0];

describe('"came back within 14 days after a message" when some messages did not reach the customer', () => {
  // SMS live, e-mail only to the outbox: half the messaged customers got their check-in. Everyone buys again 5 days
  // after their first sale, in both groups alike. Before, a messaged customer counted only after a message that
  // reached them and a held-out one after every would-be message: "11 of 20 who got messages (55%), 20 of 20 who got
  // none (100%)", which reads as messages driving customers away.
  it('counts both groups the same way, after the moment a message went or would have gone', async () => {
    const h = await history({ email: emailOutbox(tempDir()) }, () => true, { mixed: true });
    const { panel } = await ownerSees(h, false);
    const [t, c] = [h.groups.messaged, h.groups.heldOut];
    expect(panel).toMatch(new RegExp(`Bij \\d+ van de ${t} klanten die berichten kregen`)); // some went out, some did not
    expect(panel).not.toContain(`Bij ${t} van de ${t} klanten`);
    expect(cameBackLine(panel)).toBe(`Kwam terug binnen 14 dagen na een bericht: ${t} van de ${t} die berichten kregen (100%), ${c} van de ${c} die niets kregen (100%; na het moment waarop het bericht zou zijn gegaan).`);
    expect(panel).toContain('In beide groepen telt het moment waarop het bericht ging of zou gaan, ook als het niet aankwam.');
  });
});

// An installation that counted the old way: migration 53 counts again what the summaries kept.
describe('migration 53: "came back after a message" counted anew', () => {
  it('puts right the counts kept before it, on the page', async () => {
    const db = engine === 'postgres' ? openPostgres(await freshDatabase()) : openSqlite(join(tempDir(), 'nextdeal.db'));
    onCleanup(() => db.close());
    await migrateOlder(db, 52);
    const h = await history({ email: emailOutbox(tempDir()) }, () => true, { store: { ...createStore(db), db } as TestStore, mixed: true });
    // As the code before it counted a messaged customer: only after a message that reached them.
    await run(db, `UPDATE customers SET came_back_after = CASE WHEN EXISTS (SELECT 1 FROM sales s JOIN messages m ON m.customer_id = s.customer_id
        WHERE s.customer_id = customers.id AND s.status = 'completed' AND s.local_day > customers.first_day
          AND m.status = 'sent' AND coalesce(substr(m.provider_id, 1, 7), '') <> 'outbox:'
          AND s.occurred_at > m.sent_at AND s.occurred_at <= m.sent_at + 1209600000) THEN 1 ELSE 0 END
      WHERE held_out = 0`);
    const [t, c] = [h.groups.messaged, h.groups.heldOut];
    const before = cameBackLine((await ownerSees(h, false)).panel);
    expect(before).toMatch(new RegExp(`^Kwam terug binnen 14 dagen na een bericht: \\d+ van de ${t} die berichten kregen \\(\\d+%\\), ${c} van de ${c} die niets kregen \\(100%;`));
    expect(before).not.toContain(`${t} van de ${t}`);
    expect(await migrate(db)).toContain(53);
    expect(cameBackLine((await ownerSees(h, false)).panel)).toBe(`Kwam terug binnen 14 dagen na een bericht: ${t} van de ${t} die berichten kregen (100%), ${c} van de ${c} die niets kregen (100%; na het moment waarop het bericht zou zijn gegaan).`);
  });
});

describe('the hold-out switched off', () => {
  // `shop update --holdout 0` (or "niemand (uit)" on the page): nobody new joins the comparison, so its range will
  // never narrow. Before, the page still gave a pace of new customers and "over ongeveer 31 maand(en)".
  it('gives no pace nor months, and says that holding customers out again is what narrows the range', async () => {
    const h = await history({}, (held, k) => (held ? k % 3 === 0 : k % 2 === 0));
    const at = START + 100 * DAY; // everyone matured, most joined within the last 90 days
    const on = (await ownerSees(h, false, at)).panel;
    expect(on).toMatch(/Nieuwe klanten in de vergelijking: ongeveer \d+ per maand\./);
    expect(on).toMatch(/Over ongeveer \d+ maand\(en\) is het verschil tot op 10 punten nauwkeurig/);
    await h.store.experiments.setShare(h.shop, 0, at - DAY);
    const off = (await ownerSees(h, false, at)).panel;
    expect(off).toContain('De vergelijking staat uit; hieronder wat ze tot nu toe liet zien.');
    expect(off).not.toContain('Nieuwe klanten in de vergelijking');
    expect(off).not.toContain('Over ongeveer');
    expect(off).toContain('Zolang de vergelijking uit staat, komen er geen nieuwe klanten bij, dus wordt de marge niet kleiner dan wat de klanten die al meedoen laten zien. Zet het buiten houden hieronder weer aan om hem kleiner te maken.');
  });
});
