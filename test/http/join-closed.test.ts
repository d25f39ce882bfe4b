// The security review: about 17 client addresses closed a shop's join page for a day (DAILY_CAP unconfirmed requests,
// UNCONFIRMED_PER_ADDRESS from each), and with it the consent link a real sale's webhook answer gave for the receipt;
// and the owner was never told. Now a consent link has its own bound (PER_LINK), and the owner's page and `shop show`
// say since when the join page sent customers to the counter, and that it opens again by itself. Through the real app
// behind one proxy (TRUST_PROXY=1), each stranger naming their own address in X-Forwarded-For.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DAILY_CAP, PER_LINK, UNCONFIRMED_PER_ADDRESS } from '../../src/db/confirmations.js';
import { openDatabase } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { hashPassword } from '../../src/domain/password.js';
import { cliRunner } from '../cli-run.js';
import { PUBLIC_URL, engine, one, onCleanup, ownerClient, postSale, saleBody, startApp, tempDir, testClock, testDispatcher } from '../helpers.js';
import { freshDatabase } from '../pg/cluster.js';

const NOW = '2026-03-14T15:31:00+01:00';
const PASSWORD = 'correct horse battery';

const postForm = (url: string, form: Record<string, string>, from: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from }, body: new URLSearchParams(form).toString() });

/** A shop made with the CLI, a sale its till sent without a customer (and so with a consent link), its owner logged in. */
async function world() {
  const dir = tempDir();
  const env: { DATABASE_PATH: string; OUTBOX_DIR: string; DATABASE_URL?: string } = { DATABASE_PATH: join(dir, 'nextdeal.db'), OUTBOX_DIR: join(dir, 'outbox') };
  if (engine === 'postgres') env.DATABASE_URL = await freshDatabase();
  const exec = cliRunner(env);
  const { webhookSecret } = JSON.parse((await exec('shop create --slug fietsenmaker --name Fietsenmaker --holdout 0 --alert-email eigenaar@fietsenmaker.example')).out);
  const db = await openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH });
  onCleanup(() => db.close());
  const store = createStore(db);
  await store.sessions.setPassword((await store.shops.bySlug('fietsenmaker'))!.id, await hashPassword(PASSWORD));
  const clock = testClock(NOW);
  const base = await startApp(store, clock.now, { trustProxy: 1 });
  const { dispatcher, sms } = testDispatcher(store);
  const sale = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: null, reason: null }), clock.now());
  const link = (sale.body.consentUrl as string).replace(PUBLIC_URL, base);
  const owner = ownerClient(base);
  await owner.logIn('fietsenmaker', PASSWORD);
  /** The join page's warning on the owner's overview, without markup; '' when there is none. */
  const warning = async () => {
    const page = await (await owner.get('/shops/fietsenmaker')).text();
    const start = page.indexOf('id="join-closed"');
    return start < 0 ? '' : page.slice(start, page.indexOf('</section>', start)).replace(/^[^>]*>/, '').replace(/<[^>]+>/g, '');
  };
  /** `shop show` as the operator runs it at the clock's time. */
  const show = async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(clock.now());
    try {
      return await exec('shop show --slug fietsenmaker');
    } finally {
      vi.useRealTimers();
    }
  };
  return { db, store, clock, base, dispatcher, sms, exec, link, saleId: sale.body.saleId as number, warning, show };
}

describe("strangers filling a shop's join page from many addresses", () => {
  it("close the join page, not a sale's consent link, which asks at most PER_LINK times; the owner's page and shop show say so", async () => {
    const w = await world();
    const join = (form: Record<string, string>, from: string) => postForm(`${w.base}/shops/fietsenmaker/join`, form, from);
    // The attack: 51 posts from 17 addresses, three apiece, each a throwaway address; the 51st is refused.
    const statuses = [];
    for (let n = 0; n <= DAILY_CAP; n++) {
      statuses.push((await join({ email: `throwaway${n}@example.invalid`, email_ok: 'yes' }, `203.0.113.${Math.floor(n / UNCONFIRMED_PER_ADDRESS) + 1}`)).status);
    }
    expect(statuses).toEqual([...Array(DAILY_CAP).fill(200), 429]);
    const customer = await join({ phone: '06 87654321', sms: 'yes' }, '198.51.100.20');
    expect(customer.status).toBe(429);
    expect(await customer.text()).toContain('We kunnen je nu geen code sturen. Vraag het even aan de kassa van Fietsenmaker');

    // The receipt's consent link still asks for a code: the customer mistypes twice, each time from another address
    // (their phone moved from the shop's Wi-Fi to the mobile network), then types their own number. A fourth is refused.
    w.clock.advance(60_000);
    const viaLink = [];
    for (const [i, phone] of ['06 12345670', '06 12345671', '06 13572468', '06 12345679'].entries()) viaLink.push(await postForm(w.link, { phone, sms: 'yes' }, `198.51.100.${30 + i}`));
    expect(viaLink.map((r) => r.status)).toEqual([...Array(PER_LINK).fill(200), 429]);
    const pages = await Promise.all(viaLink.map((r) => r.text()));
    expect(pages[2]).toContain('Vul je code in');
    expect(pages[3]).toContain('Vraag het even aan de kassa van Fietsenmaker');
    await w.dispatcher.tick(w.clock.now());
    const code = /\b(\d{6})\b/.exec(w.sms.sent.find((m) => m.to === '+31613572468')!.body)![1]!;
    const token = /action="\/j\/([\w-]+)"/.exec(pages[2]!)![1]!;
    const confirmed = await postForm(`${w.base}/j/${token}`, { code }, '198.51.100.32');
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Fietsenmaker mag je nu vragen hoe het bevalt');
    expect(await one(w.db, 'SELECT c.phone FROM sales s JOIN customers c ON c.id = s.customer_id WHERE s.id = ?', w.saleId)).toEqual({ phone: '+31613572468' });

    // The owner is told, in plain words, since when and until when at the latest.
    expect(await w.warning()).toBe(
      'Sinds za 14 mrt, 15:31 werden klanten die zich via de QR-poster wilden aanmelden naar de kassa verwezen: te veel aanmeldingen van de afgelopen 24 uur ' +
        'zijn niet bevestigd (misschien misbruikt iemand de pagina). De pagina gaat vanzelf weer open, uiterlijk zo 15 mrt, 15:31. De QR-codes en links van een verkoop werken wel.',
    );
    const shown = await w.show();
    expect(JSON.parse(shown.out).joinPageClosed).toEqual({
      since: '2026-03-14T14:31:00.000Z', lastAt: '2026-03-14T14:31:00.000Z', reopensBy: '2026-03-15T14:31:00.000Z', limit: 'unconfirmed',
    });
    expect(shown.err).toContain('warning: since 2026-03-14T14:31:00.000Z the join page sent customers to the counter');
    expect(shown.err).toContain('it opens again by itself, by 2026-03-15T14:31:00.000Z at the latest');

    // The join page stays closed for the day; the owner reads it in English too.
    expect((await join({ phone: '06 87654322', sms: 'yes' }, '198.51.100.21')).status).toBe(429);
    expect((await w.exec('shop update --slug fietsenmaker --locale en')).code).toBe(0);
    expect(await w.warning()).toBe(
      'Since Sat 14 Mar, 15:31, customers who scanned the QR poster to sign up were sent to the counter: too many sign-ups of the last 24 hours were not confirmed ' +
        '(someone may be misusing the page). The page opens again by itself, by Sun 15 Mar, 15:32 at the latest. The QR codes and links of a sale still work.',
    );

    // It does: a day after the last customer it sent to the counter, the page takes sign-ups again, and nobody is told.
    w.clock.set('2026-03-15T15:33:00+01:00');
    expect(await w.warning()).toBe('');
    const after = await w.show();
    expect(JSON.parse(after.out)).not.toHaveProperty('joinPageClosed');
    expect(after.err).toBe('');
    expect((await join({ phone: '06 87654321', sms: 'yes' }, '198.51.100.20')).status).toBe(200);
  });
});
