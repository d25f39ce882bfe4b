// An e-mail's links open the message they came with, and no other. A message's id is given again: SQLite gives a
// deleted row's id to the next row (a deleted shop's last messages), and a PostgreSQL restore puts the id sequence back
// to the dump's. A token of the id alone then opened another customer's message from the first customer's old e-mail,
// whose buttons answered it and whose unsubscribe link unsubscribed that other customer.
import { describe, expect, it } from 'vitest';
import { fingerprintKey, keyed } from '../../src/db/fingerprint.js';
import { hashToken } from '../../src/db/messages.js';
import { createShop, engine, postSale, run, saleBody, scenario } from '../helpers.js';

const sanne = { name: 'Sanne de Vries', email: 'sanne@example.com', consent: { email: true } };
const piet = { name: 'Piet Bakker', email: 'piet@example.com', consent: { email: true } };

const postForm = (url: string, form: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(), redirect: 'manual' });

/** The reply and unsubscribe links of an e-mail's text, on the test's server. */
const linksIn = (base: string, text: string) => ({
  reply: base + /\/r\/[\w-]+/.exec(text)![0],
  unsubscribe: base + /\/u\/[\w-]+/.exec(text)![0],
});

describe("an e-mail's links after the message's id was given to another message", () => {
  it("a deleted shop's customer's old link opens nothing, and the customer who now has the id has their own link working", async () => {
    const s = await scenario({ customer: sanne });
    const bakker = await createShop(s.store, { slug: 'bakker', name: 'Bakkerij Piet' });
    await s.tick('2026-03-15T10:00:00+01:00');
    const old = linksIn(s.base, s.email.sent[0]!.text);
    const gone = (await s.one<{ id: number }>("SELECT id FROM messages WHERE kind = 'checkin'")).id;

    const shop = (await s.store.shops.bySlug('fietsenmaker'))!;
    await s.store.shops.disable(shop, s.clock.now());
    await s.store.deleteShop(shop.id);
    // SQLite gives the id again by itself; PostgreSQL does after a restore puts the sequence back, done here by hand.
    if (engine === 'postgres') await run(s.store.db, "SELECT setval(pg_get_serial_sequence('messages', 'id'), ?, false)", gone);
    const sale = saleBody({ id: 'brood-1', customer: piet, items: [{ name: 'Taart', sku: 'T-1', quantity: 1, unitPrice: 24.5 }], total: 24.5, occurredAt: '2026-03-15T09:00:00+01:00' });
    expect((await postSale(s.base, 'bakker', bakker.webhookSecret, sale, s.clock.now())).status).toBe(201);
    await s.tick('2026-03-16T10:00:00+01:00');
    expect((await s.one<{ id: number }>("SELECT id FROM messages WHERE kind = 'checkin'")).id).toBe(gone);
    expect(s.email.sent).toHaveLength(2);

    for (const res of [await fetch(old.reply), await fetch(old.unsubscribe), await postForm(old.reply, { answer: 'problem' }), await postForm(old.unsubscribe, {})]) {
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('This link does not work (any more)');
    }
    expect(await s.all('SELECT id FROM replies')).toEqual([]);
    expect(await s.one('SELECT email_opted_out_at FROM customers')).toEqual({ email_opted_out_at: null });

    const own = linksIn(s.base, s.email.sent[1]!.text);
    const page = await fetch(own.reply);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Taart');
    expect((await postForm(own.unsubscribe, {})).status).toBe(200);
    expect(await s.one('SELECT email_opted_out_at FROM customers')).not.toEqual({ email_opted_out_at: null });
  });

  // Version 0.1 made the token of the id alone; customers still hold those e-mails. Simulated: the row's hash set
  // as that version set it.
  it('a message whose links went out before keeps them working, also when it is sent again', async () => {
    const s = await scenario({ customer: sanne });
    const id = (await s.one<{ id: number }>("SELECT id FROM messages WHERE kind = 'checkin'")).id;
    const before = Buffer.from(keyed(await fingerprintKey(s.store.db), `links:${id}`), 'hex').toString('base64url').slice(0, 24);
    await run(s.store.db, "UPDATE messages SET token_hash = ?, status = 'uncertain', error = 'in_doubt' WHERE id = ?", hashToken(before), id);
    const link = `${s.base}/r/${before}`;
    expect((await fetch(`${s.base}/u/${before}`)).status).toBe(200);

    expect(await s.store.messages.resend(id, Date.parse('2026-03-15T10:00:00+01:00'))).toBe(true);
    await s.tick('2026-03-15T10:01:00+01:00');
    expect(s.email.sent).toHaveLength(1);
    expect(s.email.sent[0]!.text).toContain(`/r/${before}`);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Regenjas');
  });
});
