// Review frv47c of fix47c (the owner's second alert): each test fails on fix47c's head.
import { describe, expect, it } from 'vitest';
import { smtpChannel } from '../../src/channels/email.js';
import { startSmtp } from '../fakes/smtp.js';
import { onCleanup, run, scenario, testDispatcher } from '../helpers.js';

const emailOnly = { name: 'Sanne de Vries', email: 'sanne@example.com', consent: { email: true } };
const OWNER = 'eigenaar@fietsenmaker.example';
const postForm = (url: string, form: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(), redirect: 'manual' });

async function alertedQuestion(before?: (s: Awaited<ReturnType<typeof scenario>>) => Promise<void>) {
  const s = await scenario({ customer: emailOnly });
  await s.tick('2026-03-15T10:00:00+01:00');
  const replyUrl = /https:\/\/deals\.example\.test\/r\/[\w-]+/.exec(s.email.sent[0]!.text)![0];
  const reply = replyUrl.replace('https://deals.example.test', s.base);
  if (before) await before(s);
  const smtp = await startSmtp();
  const email = smtpChannel({ url: smtp.url });
  onCleanup(() => email.close?.());
  const { dispatcher } = testDispatcher(s.store, { email });
  const owner = () => smtp.mails.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === OWNER);
  const post = async (form: Record<string, string>, at: string) => {
    s.clock.set(at);
    const res = await postForm(reply, form);
    expect(res.status).toBe(200);
    return res.text();
  };
  const tick = async (at: string) => {
    s.clock.set(at);
    await dispatcher.tick(Date.parse(at));
    return owner();
  };
  await post({ answer: 'unsure', comment: 'Mag de accu in de regen blijven staan?' }, '2026-03-15T11:00:00+01:00');
  expect(await tick('2026-03-15T11:00:00+01:00')).toHaveLength(1);
  return { ...s, smtp, post, tick, owner, reply };
}

describe('frv47c R1: the re-scheduled alert is dropped by a calm answer before it goes', () => {
  it('the erasure e-mail is not lost, and a later complaint sends no third e-mail', async () => {
    const s = await alertedQuestion();
    await s.post({ comment: 'Verwijder al mijn gegevens' }, '2026-03-16T09:00:00+01:00');
    // Before the dispatcher's next tick (seconds; hours while the mail server is down or e-mail paused): she adds
    // a calm word. fix47c: dropAlert deletes the alert row (status 'scheduled' again): the erasure e-mail never goes,
    // and the record that the first alert went is gone.
    await s.post({ answer: 'great', comment: 'Sorry, verder is alles in orde hoor' }, '2026-03-16T09:00:30+01:00');
    const afterCalm = await s.tick('2026-03-16T09:01:00+01:00');
    // One more complaint: "the owner is alerted at most once per reply" (and once more for the erasure).
    await s.post({ answer: 'problem', comment: 'De accu is toch kapot' }, '2026-03-16T12:00:00+01:00');
    const afterComplaint = await s.tick('2026-03-16T12:01:00+01:00');
    expect({ afterCalm: afterCalm.length, afterComplaint: afterComplaint.length, alertRows: (await s.all('SELECT id FROM alerts')).length })
      .toEqual({ afterCalm: 2, afterComplaint: 2, alertRows: 1 });
  });
});

describe('frv47c R2: while the alert waits to go again, an older refusal at the address counts again', () => {
  it('the owner is still reached (no "no call" promise, no refused warning) while the erasure alert waits', async () => {
    const s = await alertedQuestion(async (s) => {
      // An older alert (an old, handled reply) that the address refused for good, on 1 March; the mailbox was put
      // right since, and the question's alert of 15 March went out there.
      const c = await s.one<{ id: number }>('SELECT id FROM customers');
      const at = Date.parse('2026-03-01T10:00:00+01:00');
      await run(s.store.db, "INSERT INTO replies (shop_id, customer_id, channel, class, body, received_at, handled_at) VALUES (?, ?, 'email', 'question', 'oud', ?, ?)", s.shop.shop.id, c.id, at, at);
      const r = await s.one<{ id: number }>("SELECT id FROM replies WHERE body = 'oud'");
      await run(s.store.db, "INSERT INTO alerts (shop_id, reply_id, status, next_attempt_at, attempts, claimed_at, error, recipient) VALUES (?, ?, 'failed', ?, 1, ?, 'mailbox_unknown', ?)", s.shop.shop.id, r.id, at, at, OWNER);
    });
    const shop = { id: s.shop.shop.id, alertEmail: OWNER };
    expect(await s.store.alerts.reachesOwner(shop, undefined)).toBe(true);
    await s.post({ comment: 'Verwijder al mijn gegevens' }, '2026-03-16T09:00:00+01:00');
    // fix47c: the sent alert is 'scheduled' again, the refusal of 1 March is "not followed by an alert that went":
    // every customer of the shop is told nobody will call, the owner's page says his alerts are refused.
    expect({ reaches: await s.store.alerts.reachesOwner(shop, undefined), refused: await s.store.alerts.refusedAt(shop.id, OWNER) })
      .toEqual({ reaches: true, refused: null });
  });
});

describe('frv47c R3: an erasure added while the first alert is being handed to the mail server', () => {
  it('still reaches the owner by e-mail', async () => {
    const s = await alertedQuestion();
    // The dispatcher has claimed the alert and composed it with her first words (a second customer's alert, a slow
    // mail server): simulated by the claim's state; her erasure comes in then; the mail server then takes the old one.
    const a = await s.one<{ id: number }>('SELECT id FROM alerts');
    const claimedAt = Date.parse('2026-03-16T08:59:59+01:00');
    await run(s.store.db, "UPDATE alerts SET status = 'sending', claimed_at = ?, sent_at = NULL WHERE id = ?", claimedAt, a.id);
    await s.post({ comment: 'Verwijder al mijn gegevens' }, '2026-03-16T09:00:00+01:00');
    await s.store.alerts.markSent(a.id, Date.parse('2026-03-16T09:00:01+01:00'), OWNER); // the old words' mail, taken
    const mails = await s.tick('2026-03-16T09:01:00+01:00');
    // fix47c: 1; the owner never hears of the erasure by e-mail.
    expect(mails.map((m) => m.text?.includes('gegevens te verwijderen') ?? false)).toContain(true);
  });
});
