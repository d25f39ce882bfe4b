// "Did nextdeal help?" as the owner reads it when messages did not reach the customers (the outbox, with no SMTP_URL
// or Twilio set up), and after the hold-out was switched off (the review of 4 December 2026 by a shop owner). The page
// over HTTP, on both engines. Each failed before its fix.
import { describe, expect, it } from 'vitest';
import { emailOutbox } from '../src/channels/outbox.js';
import type { Channels } from '../src/channels/types.js';
import { openPostgres } from '../src/db/engines/postgres.js';
import { openSqlite } from '../src/db/engines/sqlite.js';
import { migrate } from '../src/db/open.js';
import type { Shop } from '../src/db/shops.js';
import { sql } from '../src/db/sql.js';
import { createStore } from '../src/db/store.js';
import { hashPassword } from '../src/domain/password.js';
import { type TestStore, createShop, engine, onCleanup, ownerClient, run, startApp, tempDir, testClock, testDispatcher, testStore } from './helpers.js';
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
    await migrate(db, 52);
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
