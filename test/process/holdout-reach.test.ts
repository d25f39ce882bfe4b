// The hold-out compares customers nextdeal messages with customers it holds out: a customer whose check-in would only
// be written to the outbox (nextdeal tried out with no Twilio or SMTP set up) gets nothing either way, so they are
// outside it and their messages are planned as everyone's; the newcomer's first signed sale is never drawn to get
// nothing. And a sale's messages go by a channel that reaches the customer: e-mail set up and no Twilio, the e-mail.
// Through the real server (src/main.ts), which knows from its settings which channels reach anyone.
import { describe, expect, it } from 'vitest';
import { all, createShop, postSale, saleBody } from '../helpers.js';
import { environment, openShared, startServer } from './server.js';

const CUSTOMERS = 24; // with half held out, all 24 messaged by chance once in 16 million

async function post(env: Record<string, string>, customer: (i: number) => Record<string, unknown>) {
  const store = await openShared(env);
  const { shop, webhookSecret } = await createShop(store, { holdout: 50 });
  const server = await startServer(env);
  const answers: { scheduled: { kind: string; channel: string }[]; skipped: { reason: string }[] }[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const res = await postSale(server.base, shop.slug, webhookSecret, saleBody({ id: `s-${i}`, occurredAt: new Date().toISOString(), customer: customer(i) }));
    expect(res.status).toBe(201);
    answers.push(res.body);
  }
  const joined = await all<{ heldOut: number }>(store.db, 'SELECT held_out AS "heldOut" FROM customers WHERE period_id IS NOT NULL');
  return { answers, joined };
}

const phone = (i: number) => `06 2${String(i).padStart(7, '0')}`;

// 24 signed sales through a real server each: on a loaded two-core machine more than vitest's 20 s.
describe('who joins the hold-out, by what reaches customers', { timeout: 90_000 }, () => {
  it('holds nobody out while every message goes to the outbox, and plans each check-in', async () => {
    const { env } = await environment({ LOG_LEVEL: 'warn' });
    const { answers, joined } = await post(env, (i) => ({ name: `Klant ${i}`, phone: phone(i), consent: { sms: true } }));
    expect(joined).toEqual([]);
    for (const a of answers) {
      expect(a.skipped.map((s) => s.reason)).not.toContain('held_out');
      expect(a.scheduled.map((m) => `${m.kind} ${m.channel}`)).toEqual(['checkin sms', 'comeback sms']);
    }
  });

  it('with e-mail set up and no Twilio, e-mails a customer who said yes to both, and draws them', async () => {
    // A mail server that is no catcher; nothing is sent in this test (the check-ins are due tomorrow).
    const { env } = await environment({ LOG_LEVEL: 'warn', SMTP_URL: 'smtp://127.0.0.1:9', EMAIL_FROM: 'winkel@example.nl' });
    const { answers, joined } = await post(env, (i) => ({ name: `Klant ${i}`, phone: phone(i), email: `klant${i}@example.nl`, consent: { sms: true, email: true } }));
    expect(joined.length).toBe(CUSTOMERS);
    const held = joined.filter((c) => c.heldOut === 1).length;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(CUSTOMERS);
    expect(answers.filter((a) => a.skipped.some((s) => s.reason === 'held_out')).length).toBe(held);
    for (const a of answers) for (const m of a.scheduled) expect(m.channel).toBe('email');
  });
});
