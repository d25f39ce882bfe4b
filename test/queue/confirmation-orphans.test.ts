// A join page's code whose dispatcher died while it sent it (kill -9, a crash, the machine gone): the customer at the
// counter asked for a code, and without it cannot join (asking again sends nothing: one message per number a day).
// Before, the sweep took every such code for one in doubt and nothing sent it again. Now one never handed over (no
// code kept) goes again after the lease, and one perhaps handed over goes again once, with the same code: the customer
// may get the same code twice, never none, and never two codes of which one is void. A dispatcher that paused past its
// lease while another instance took the code up writes nothing over the code the other is sending.
// (test/process/join-code-crash.test.ts kills a real server mid-send.)
import { describe, expect, it } from 'vitest';
import { SendFailure } from '../../src/channels/types.js';
import { scenario, testDispatcher } from '../helpers.js';

const AFTERNOON = Date.parse('2026-03-14T16:00:00+01:00'); // Sanne's check-in is not due yet
const MINUTE = 60_000;

/** The scenario and a customer on the join page who asked for a code by SMS; instances' dispatchers with their own channels. */
async function asked() {
  const s = await scenario();
  const res = await fetch(`${s.base}/shops/fietsenmaker/join`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'phone=06+87654321&sms=yes' });
  const page = /action="\/j\/([\w-]+)"/.exec(await res.text())![1]!;
  const texts: string[] = [];
  /** Another instance (or this one, restarted): its dispatcher, whose texts are gathered in `texts`. */
  const instance = () => {
    const d = testDispatcher(s.store);
    const send = d.sms.send.bind(d.sms);
    d.sms.send = async (m, look) => (texts.push(m.body), send(m, look));
    return d.dispatcher;
  };
  const row = () => s.one<{ status: string; attempts: number; error: string | null }>('SELECT status, attempts, error FROM join_confirmations');
  /** A dispatcher claims the code at `at` (and, with `code`, keeps it, the last step before Twilio), and dies. */
  const claimedAndDied = async (at: number, code?: string) => {
    const [id] = await s.store.confirmations.claim(at, 10, at);
    expect(id).toBeDefined();
    if (code) expect(await s.store.confirmations.setCode(id!, code, at)).toBe(true);
    return id!;
  };
  /** Types `code` on the customer's page: whether it confirmed the number. */
  const joins = async (code: string) => {
    const res = await fetch(`${s.base}/j/${page}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${code}` });
    return res.status === 200 && (await s.one<{ n: number }>('SELECT count(*) AS n FROM join_confirmations WHERE confirmed_at IS NOT NULL')).n === 1;
  };
  const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)![1]!;
  return { ...s, texts, instance, row, claimedAndDied, joins, codeIn };
}

describe('a join code whose dispatcher died', () => {
  it('before handing it over: another instance texts it once after the lease, its try given back, and the customer joins', async () => {
    const s = await asked();
    await s.claimedAndDied(AFTERNOON);
    const other = s.instance();
    await other.tick(AFTERNOON + 5 * MINUTE); // within the lease: the claim may still be a live dispatcher's
    expect(s.texts).toEqual([]);
    await other.tick(AFTERNOON + 11 * MINUTE);
    expect(s.texts).toEqual([expect.stringMatching(/^Fietsenmaker Test: je code is \d{6}, om je aan te melden voor berichten\./)]);
    expect(await s.row()).toEqual({ status: 'sent', attempts: 1, error: null });
    await other.tick(AFTERNOON + 30 * MINUTE);
    expect(s.texts).toHaveLength(1);
    expect(await s.joins(s.codeIn(s.texts[0]!))).toBe(true);
  });

  it('after handing it over (perhaps Twilio has it, perhaps it waited its turn): it goes again once, the same code', async () => {
    const s = await asked();
    await s.claimedAndDied(AFTERNOON, '418203');
    const other = s.instance();
    await other.tick(AFTERNOON + 11 * MINUTE);
    expect(s.texts.map(s.codeIn)).toEqual(['418203']);
    expect(await s.row()).toEqual({ status: 'sent', attempts: 2, error: null });
    await other.tick(AFTERNOON + 30 * MINUTE);
    expect(s.texts).toHaveLength(1);
    expect(await s.joins('418203')).toBe(true); // the first text's code, had it arrived, is the same
    // Once it went, the code itself is no longer kept, only its hash.
    expect(await s.one('SELECT secret FROM join_confirmations')).toEqual({ secret: null });
  });

  it('twice after handing it over: it is in doubt, not texted a third time', async () => {
    const s = await asked();
    await s.claimedAndDied(AFTERNOON, '418203');
    await s.store.chores.sweep(AFTERNOON + MINUTE, AFTERNOON + 11 * MINUTE); // another instance's sweep
    expect(await s.row()).toEqual({ status: 'scheduled', attempts: 1, error: 'interrupted' });
    await s.claimedAndDied(AFTERNOON + 11 * MINUTE, '418203'); // the instance sending it again dies too
    await s.instance().tick(AFTERNOON + 22 * MINUTE);
    await s.instance().tick(AFTERNOON + 40 * MINUTE);
    expect(s.texts).toEqual([]);
    expect(await s.row()).toEqual({ status: 'uncertain', attempts: 2, error: 'interrupted' });
    expect(await s.joins('418203')).toBe(true); // either text that arrived works
  });

  it('sending it again after dying mid-send, dies before handing it over: it goes once more, the same code', async () => {
    const s = await asked();
    await s.claimedAndDied(AFTERNOON, '418203');
    await s.store.chores.sweep(AFTERNOON + MINUTE, AFTERNOON + 11 * MINUTE);
    await s.claimedAndDied(AFTERNOON + 11 * MINUTE); // claimed again, and dead before it kept the code
    await s.instance().tick(AFTERNOON + 22 * MINUTE);
    expect(s.texts.map(s.codeIn)).toEqual(['418203']);
    expect(await s.row()).toEqual({ status: 'sent', attempts: 2, error: null });
  });
});

describe('a join code cut off, and the customer (the review of the fix)', () => {
  it('typed the code of the text that came meanwhile: it is not texted again, and it counts as gone', async () => {
    const s = await asked();
    await s.claimedAndDied(AFTERNOON, '418203'); // Twilio had it: the customer reads it, and joins
    expect(await s.joins('418203')).toBe(true);
    await s.instance().tick(AFTERNOON + 11 * MINUTE);
    await s.instance().tick(AFTERNOON + 30 * MINUTE);
    expect(s.texts).toEqual([]);
    expect(await s.one('SELECT status, secret FROM join_confirmations')).toEqual({ status: 'sent', secret: null });
  });

  it('typed it while the text was going again: the resend keeps nothing and hands nothing over', async () => {
    const s = await asked();
    const id = await s.claimedAndDied(AFTERNOON, '418203');
    await s.store.chores.sweep(AFTERNOON + MINUTE, AFTERNOON + 11 * MINUTE);
    expect(await s.store.confirmations.claim(AFTERNOON + 11 * MINUTE, 10, AFTERNOON + 11 * MINUTE)).toEqual([id]);
    expect(await s.joins('418203')).toBe(true); // between the claim and the hand-over
    expect(await s.store.confirmations.setCode(id, '418203', AFTERNOON + 11 * MINUTE)).toBe(false);
    await s.instance().tick(AFTERNOON + 25 * MINUTE); // that claim's dispatcher let go: swept, settled as gone, no text
    expect(s.texts).toEqual([]);
    expect(await s.one('SELECT status FROM join_confirmations')).toEqual({ status: 'sent' });
  });

  it('is texted at most twice, also when a failure to retry came between the two cut-offs', async () => {
    const s = await asked();
    await s.claimedAndDied(AFTERNOON, '418203');
    await s.store.chores.sweep(AFTERNOON + MINUTE, AFTERNOON + 11 * MINUTE);
    const d = testDispatcher(s.store);
    d.sms.failNext(new SendFailure({ reason: 'provider_error', kind: 'retry', detail: '503' }));
    await d.dispatcher.tick(AFTERNOON + 11 * MINUTE); // handed over, refused for now: its error is Twilio's now
    const { due } = await s.one<{ due: number }>('SELECT next_attempt_at AS due FROM join_confirmations');
    await s.claimedAndDied(due, '418203'); // the try after it is cut off too
    await s.instance().tick(due + 11 * MINUTE);
    await s.instance().tick(due + 30 * MINUTE);
    expect(s.texts).toEqual([]);
    expect(await s.row()).toMatchObject({ status: 'uncertain', error: 'interrupted' });
  });

  it('of a shop switched off meanwhile: the code is not kept', async () => {
    const s = await asked();
    await s.claimedAndDied(AFTERNOON, '418203');
    await s.store.chores.sweep(AFTERNOON + MINUTE, AFTERNOON + 11 * MINUTE);
    await s.store.shops.disable(s.shop.shop, AFTERNOON + 12 * MINUTE);
    expect(await s.one('SELECT status, secret FROM join_confirmations')).toEqual({ status: 'failed', secret: null });
  });
});

describe('a dispatcher that paused past its lease while another instance took the code up', () => {
  it('writes nothing over the code the other sent when it wakes: the customer gets one code, and it works', async () => {
    const s = await asked();
    const id = await s.claimedAndDied(AFTERNOON); // claimed, then frozen before it kept its code
    await s.instance().tick(AFTERNOON + 11 * MINUTE); // another instance sweeps, claims and texts it
    expect(s.texts).toHaveLength(1);
    const sent = s.codeIn(s.texts[0]!);
    const late = sent === '000000' ? '000001' : '000000';
    expect(await s.store.confirmations.setCode(id, late, AFTERNOON)).toBe(false); // it wakes, with a code of its own
    expect(await s.joins(late)).toBe(false);
    expect(await s.joins(sent)).toBe(true);
  });

  it('nor over the code another instance is sending right now', async () => {
    const s = await asked();
    const id = await s.claimedAndDied(AFTERNOON);
    await s.store.chores.sweep(AFTERNOON + MINUTE, AFTERNOON + 11 * MINUTE);
    expect(await s.store.confirmations.claim(AFTERNOON + 11 * MINUTE, 10, AFTERNOON + 11 * MINUTE)).toEqual([id]);
    expect(await s.store.confirmations.setCode(id, '418203', AFTERNOON + 11 * MINUTE)).toBe(true); // the other's, on its way to Twilio
    expect(await s.store.confirmations.setCode(id, '999999', AFTERNOON)).toBe(false); // the first, waking
    expect(await s.store.confirmations.markSent(id, AFTERNOON + 11 * MINUTE, 'SM1', AFTERNOON + 11 * MINUTE)).toBeUndefined();
    expect(await s.joins('999999')).toBe(false);
    expect(await s.joins('418203')).toBe(true);
  });
});
