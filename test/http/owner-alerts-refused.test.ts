// An owner's alert refused for good at the shop's alert address (a typo in --alert-email: 550 mailbox unknown): the
// customer was promised a call, and the owner heard of nothing. Their page and `shop show` say so, naming the address,
// until the address is changed or an alert to it goes out.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smtpChannel } from '../../src/channels/email.js';
import { openDatabase } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { hashPassword } from '../../src/domain/password.js';
import { cliRunner } from '../cli-run.js';
import { startSmtp } from '../fakes/smtp.js';
import { engine, onCleanup, ownerClient, postSale, saleBody, startApp, tempDir, testClock, testDispatcher } from '../helpers.js';
import { freshDatabase } from '../pg/cluster.js';

const TYPO = 'eigenaar@fietsenmaker.exmaple';
const RIGHT = 'eigenaar@fietsenmaker.example';

/** A shop made with the CLI, `customers` e-mailed customers, their check-ins sent through a real SMTP server on loopback. */
async function shopWithCheckins(customers = 2) {
  const dir = tempDir();
  const env: { DATABASE_PATH: string; OUTBOX_DIR: string; DATABASE_URL?: string } = { DATABASE_PATH: join(dir, 'nextdeal.db'), OUTBOX_DIR: join(dir, 'outbox') };
  if (engine === 'postgres') env.DATABASE_URL = await freshDatabase();
  const exec = cliRunner(env);
  const { webhookSecret } = JSON.parse((await exec(`shop create --slug fietsenmaker --name Fietsenmaker --holdout 0 --alert-email ${TYPO}`)).out);
  const db = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
  onCleanup(() => db.close());
  const store = createStore(db);
  await store.sessions.setPassword((await store.shops.bySlug('fietsenmaker'))!.id, await hashPassword('correct horse battery'));
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const base = await startApp(store, clock.now);
  const smtp = await startSmtp();
  const email = smtpChannel({ url: smtp.url });
  onCleanup(() => email.close?.());
  const { dispatcher } = testDispatcher(store, { email });
  const tick = (iso: string) => (clock.set(iso), dispatcher.tick(clock.now()));
  for (let n = 1; n <= customers; n++) {
    const customer = { name: `Klant ${n}`, email: `klant${n}@example.com`, consent: { email: true } };
    expect((await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: `sale-${n}`, customer }), clock.now())).status).toBe(201);
  }
  await tick('2026-03-15T10:05:00+01:00');
  const replyLinks = smtp.mails.map((m) => /https:\/\/deals\.example\.test\/r\/[\w-]+/.exec(m.text!)![0].replace('https://deals.example.test', base));
  expect(replyLinks).toHaveLength(customers);
  /** Customer n reports a problem, and the dispatcher's next tick alerts the owner; what the page told the customer. */
  const complain = async (n: number, iso: string) => {
    clock.set(iso);
    const res = await fetch(replyLinks[n - 1]!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=problem&comment=De+rits+is+kapot' });
    expect(res.status).toBe(200);
    await tick(iso);
    return /<p>([^<]*)<\/p>/.exec(await res.text())![1]!;
  };
  const owner = ownerClient(base);
  await owner.logIn('fietsenmaker', 'correct horse battery');
  /** The warning's words on the owner's overview, without markup; '' when there is none. */
  const warning = async () => {
    const page = await (await owner.get('/shops/fietsenmaker')).text();
    const start = page.indexOf('id="alerts-refused"');
    return start < 0 ? '' : page.slice(start, page.indexOf('</section>', start)).replace(/^[^>]*>/, '').replace(/<[^>]+>/g, '').replace(/&#39;/g, "'");
  };
  return { exec, smtp, complain, warning, alerts: () => db.all<{ status: string; error: string | null }>({ text: 'SELECT status, error FROM alerts ORDER BY id' }) };
}

describe('an owner alert refused for good at the alert address', () => {
  it('is named on the owner\'s page and by shop show, in Dutch and English, until the address is changed', async () => {
    const s = await shopWithCheckins(3);
    s.smtp.refuseRecipient(TYPO, 550, '5.1.1 <eigenaar@fietsenmaker.exmaple>: Recipient address rejected: User unknown');
    expect(await s.warning()).toBe('');
    expect(await s.complain(1, '2026-03-15T11:00:00+01:00')).toBe('Wat vervelend. Fietsenmaker mailt je zo snel mogelijk.');
    expect(await s.alerts()).toEqual([{ status: 'failed', error: 'mailbox_unknown' }]);

    expect(await s.warning()).toBe(
      `De e-mail aan jou over een probleem of een vraag van een klant is niet aangekomen bij ${TYPO} (het laatst op zo 15 mrt, 11:00): dit e-mailadres bestaat niet. ` +
        'Controleer of dat adres klopt, en vraag wie nextdeal beheert om het goede in te stellen met shop update --alert-email. Kijk tot dan elke dag hieronder bij Terugbellen: daar staan deze klanten.',
    );
    const shown = await s.exec('shop show --slug fietsenmaker');
    expect(JSON.parse(shown.out).alertsFailed).toEqual({ to: TYPO, count: 1, reason: 'mailbox_unknown', lastAt: '2026-03-15T10:00:00.000Z' });
    expect(shown.err).toContain(`warning: 1 alert about a customer's problem or question failed for good at --alert-email ${TYPO} (mailbox_unknown)`);
    expect(shown.err).toContain('check the address with the owner, and set the right one with: shop update --slug fietsenmaker --alert-email <address>');

    // A second one to the same address counts with it. The customer is no longer promised an answer nobody was told
    // of (found by the twenty-first session's note): only that theirs came in.
    expect(await s.complain(2, '2026-03-15T12:00:00+01:00')).toBe('Wat vervelend. Je antwoord is goed aangekomen bij Fietsenmaker.');
    expect((await s.exec('shop update --slug fietsenmaker --locale en')).code).toBe(0);
    expect(await s.warning()).toBe(
      `2 e-mails to you about a customer's problem or question did not reach ${TYPO} (the last on Sun 15 Mar, 12:00): this e-mail address does not exist. ` +
        'Check that the address is right, and ask whoever runs nextdeal to set the right one with shop update --alert-email. Until then, look under To call back below every day: these customers are there.',
    );

    expect((await s.exec(`shop update --slug fietsenmaker --alert-email ${RIGHT}`)).code).toBe(0);
    expect(await s.warning()).toBe('');
    const after = await s.exec('shop show --slug fietsenmaker');
    expect(JSON.parse(after.out)).not.toHaveProperty('alertsFailed');
    expect(after.err).toBe('');
    // The owner hears again: the promise is made again.
    expect(await s.complain(3, '2026-03-15T13:00:00+01:00')).toBe('Sorry to hear that. Fietsenmaker will e-mail you as soon as possible.');
    expect((await s.alerts()).at(-1)).toEqual({ status: 'sent', error: null });
  });

  // A 554 may be the mail server's (the content refused), not the address's: the page asked only to check the address
  // (a review).
  it("refused for another reason than an unknown mailbox, asks to have the mail server looked at too", async () => {
    const s = await shopWithCheckins();
    s.smtp.refuseEvery('data', { code: 554, text: '5.7.1 Message rejected as spam' });
    await s.complain(1, '2026-03-15T11:00:00+01:00');
    expect(await s.alerts()).toEqual([{ status: 'failed', error: 'rejected' }]);
    expect(await s.warning()).toContain('Vraag wie nextdeal beheert om de mailserver na te kijken, en controleer of dat adres klopt');
    expect((await s.exec('shop show --slug fietsenmaker')).err).toContain('look at the mail server (SMTP_URL), and check the address with the owner');
  });

  // The e-mail channel's review: a relay refusing every message ("554 5.7.1 Relay access denied") failed the alert for
  // good, and the page blamed the owner's address. Nothing was handed over: the alert waits for the relay, unnamed here.
  it('a relay refusing to relay is no refusal of the address: the alert waits, and nothing is said of the address', async () => {
    const s = await shopWithCheckins();
    s.smtp.refuseRecipient(TYPO, 554, '5.7.1 Relay access denied');
    await s.complain(1, '2026-03-15T11:00:00+01:00');
    expect(await s.alerts()).toEqual([{ status: 'scheduled', error: 'provider_error' }]);
    expect(await s.warning()).toBe('');
    expect(JSON.parse((await s.exec('shop show --slug fietsenmaker')).out)).not.toHaveProperty('alertsFailed');
  });

  it('is no longer named once an alert to that address went out after it', async () => {
    const s = await shopWithCheckins();
    s.smtp.refuseNext(550, '5.1.1 mailbox unavailable'); // a refusal the mail server's owner put right since
    await s.complain(1, '2026-03-15T11:00:00+01:00');
    expect(await s.warning()).toContain(`niet aangekomen bij ${TYPO}`);
    await s.complain(2, '2026-03-15T12:00:00+01:00');
    expect(await s.alerts()).toEqual([{ status: 'failed', error: 'mailbox_unknown' }, { status: 'sent', error: null }]);
    expect(await s.warning()).toBe('');
    expect(JSON.parse((await s.exec('shop show --slug fietsenmaker')).out)).not.toHaveProperty('alertsFailed');
  });
});
