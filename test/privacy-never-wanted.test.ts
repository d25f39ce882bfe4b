// A customer who said she never wanted the messages is told nothing more goes to her, by SMS or e-mail: that must hold
// after the owner erases her data (as the alert asks), also on the channel she had no number or address for. Before,
// the erasure kept a stop only under the channel's own contact: a phone-only customer's e-mail stop, an e-mail-only
// customer's SMS stop, went with her row, and the till's next sale with a new address or number messaged her again
// (the black-box privacy review). Through public means only: the till's signed sales, Twilio's webhook, the e-mail's
// reply page, and `customer erase` as the operator runs it.
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import type { Database } from '../src/db/open.js';
import { messageSid, postTwilio, saleBody, scenario, tempDir, twimlMessage } from './helpers.js';

type Scenario = Awaited<ReturnType<typeof scenario>>;

const databaseEnv = (db: Database): Record<string, string> => (db.engine === 'sqlite' ? { DATABASE_PATH: db.file } : { DATABASE_URL: db.url });

/** The CLI as the operator runs it, on the test's database. */
async function cli(s: Scenario, args: string[]) {
  if (s.store.db.engine === 'sqlite') s.store.db.native.pragma('wal_checkpoint(TRUNCATE)');
  let out = '';
  let err = '';
  const code = await run(args, {
    out: (x) => void (out += x), err: (x) => void (err += x), env: { ...databaseEnv(s.store.db), OUTBOX_DIR: tempDir() }, stdin: () => '', askSecret: async () => '',
  });
  return { code, out, err };
}

/** `customer erase` as the operator types it. */
async function erase(s: Scenario, by: '--phone' | '--email', contact: string) {
  const { code, out, err } = await cli(s, ['customer', 'erase', '--shop', 'fietsenmaker', by, contact]);
  expect([code, err]).toEqual([0, '']);
  expect(out).toMatch(/^erased 1 customer row/);
}

/** The till's next sale, a week on, and what goes in the months after it (its check-in and its invitation). */
async function nextSale(s: Scenario, customer: Record<string, unknown>, later = false) {
  const [id, at, days] = later
    ? ['t3', '2026-05-01T15:30:00+02:00', ['2026-05-02T10:00:00+02:00', '2026-05-03T10:00:00+02:00', '2026-05-31T10:00:00+02:00', '2026-06-01T10:00:00+02:00']]
    : ['t2', '2026-03-21T15:30:00+01:00', ['2026-03-22T10:00:00+01:00', '2026-03-23T10:00:00+01:00', '2026-04-20T10:00:00+02:00', '2026-04-21T10:00:00+02:00']];
  s.clock.set(at);
  const sent = { sms: s.sms.sent.length, email: s.email.sent.length };
  const res = await s.post(saleBody({ id, occurredAt: at, customer }));
  expect(res.status).toBe(201);
  for (const day of days) await s.tick(day);
  return {
    skipped: res.body.skipped as unknown,
    scheduled: (res.body.scheduled as { kind: string; channel: string }[]).map((m) => `${m.kind} ${m.channel}`),
    sms: s.sms.sent.slice(sent.sms).map((m) => m.to),
    email: s.email.sent.slice(sent.email).filter((m) => m.to !== 'eigenaar@fietsenmaker.example').map((m) => m.to),
  };
}

const nothingGoes = { scheduled: [], skipped: [{ kind: 'checkin', reason: 'opted_out' }, { kind: 'comeback', reason: 'opted_out' }], sms: [], email: [] };

describe('a customer who said she never wanted the messages, erased at her request', () => {
  // Case A: a phone-only customer texts that she never agreed; the owner erases her; the till's next sale gives her
  // number and, for the first time, an address.
  it.each([['erased'], ['not erased']])('by SMS with no address on record (%s): the next sale with her number and a new address sends nothing, by SMS or e-mail', async (how) => {
    const s = await scenario({ sale: { id: 't1' }, customer: { name: 'Tess Tel', phone: '0616161616', consent: { sms: true } } });
    await s.tick('2026-03-15T10:00:00+01:00');
    expect(s.sms.sent.map((m) => m.to)).toEqual(['+31616161616']);
    const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31616161616', To: '+15005550006', Body: 'Ik heb nooit toestemming gegeven. Verwijder mijn gegevens.' });
    // What she is told names both (her e-mail is stopped too), as the owner's alert does.
    expect(twimlMessage(res.text)).toBe('Je bent afgemeld: je krijgt geen sms en geen e-mail meer van Fietsenmaker Test. Stuur START om weer sms te krijgen.');
    await s.tick('2026-03-15T10:01:00+01:00');
    expect(s.email.sent.at(-1)!.text).toMatch(/Er gaat niets meer naartoe, geen sms en geen e-mail\./);
    if (how === 'erased') await erase(s, '--phone', '0616161616');
    const after = await nextSale(s, { name: 'Tess Tel', phone: '0616161616', email: 'tess@voorbeeld-rv.nl', consent: { sms: true, email: true } });
    expect(after).toEqual(nothingGoes);
  });

  // Case B, the other way round: an e-mail-only customer writes it on the e-mail's reply page; the next sale gives her
  // address and, for the first time, a number.
  it.each([['erased'], ['not erased']])('on the e-mail reply page with no number on record (%s): the next sale with her address and a new number sends nothing', async (how) => {
    const s = await scenario({ sale: { id: 'e1' }, customer: { name: 'Eva Mail', email: 'eva@voorbeeld-rv.nl', consent: { email: true } } });
    await s.tick('2026-03-15T10:00:00+01:00');
    const page = s.base + /\/r\/[\w-]+/.exec(s.email.sent[0]!.text)![0];
    const answered = await fetch(page, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ comment: 'Ik heb hier nooit om gevraagd, verwijder mijn gegevens' }).toString() });
    expect(await answered.text()).toContain('Je krijgt geen sms en geen e-mail meer van Fietsenmaker Test.');
    if (how === 'erased') await erase(s, '--email', 'eva@voorbeeld-rv.nl');
    const after = await nextSale(s, { name: 'Eva Mail', phone: '0655443322', email: 'eva@voorbeeld-rv.nl', consent: { sms: true, email: true } });
    expect(after).toEqual(nothingGoes);
  });

  // What the erasure keeps goes when she asks for the texts again (to the owner, on her word): erased once more, the
  // next sale with her address and that number texts her, and e-mails her not.
  it('on the e-mail reply page, erased: the owner\'s yes to texts on her new number holds past another erasure', async () => {
    const s = await scenario({ sale: { id: 'e1' }, customer: { name: 'Eva Mail', email: 'eva@voorbeeld-rv.nl', consent: { email: true } } });
    await s.tick('2026-03-15T10:00:00+01:00');
    const page = s.base + /\/r\/[\w-]+/.exec(s.email.sent[0]!.text)![0];
    await fetch(page, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ comment: 'Ik heb hier nooit om gevraagd, verwijder mijn gegevens' }).toString() });
    await erase(s, '--email', 'eva@voorbeeld-rv.nl');
    const eva = { name: 'Eva Mail', phone: '0655443322', email: 'eva@voorbeeld-rv.nl', consent: { sms: true, email: true } };
    expect(await nextSale(s, eva)).toEqual(nothingGoes);
    expect((await cli(s, ['customer', 'consent', '--shop', 'fietsenmaker', '--phone', '0655443322', '--sms', 'yes'])).code).toBe(0);
    await erase(s, '--email', 'eva@voorbeeld-rv.nl');
    const after = await nextSale(s, eva, true);
    expect([after.scheduled, after.email, after.sms.length > 0]).toEqual([['checkin sms', 'comeback sms'], [], true]);
  });

  // Her START after the erasure brings her texts back, as without one, also when the next sale gives her address beside
  // her number: the SMS stop the erasure kept under her address goes too; her e-mail stays stopped (a review of 6 December).
  it('with a number and an address, erased: her START from that number brings her texts back at the next sale with both, and no e-mail', async () => {
    const s = await scenario({ sale: { id: 't1' }, customer: { name: 'Tess Tel', phone: '0616161616', email: 'tess@voorbeeld-rv.nl', consent: { sms: true, email: true } } });
    await s.tick('2026-03-15T10:00:00+01:00');
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31616161616', To: '+15005550006', Body: 'Ik heb nooit toestemming gegeven. Verwijder mijn gegevens.' });
    await erase(s, '--phone', '0616161616');
    s.clock.set('2026-03-18T12:00:00+01:00');
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31616161616', To: '+15005550006', Body: 'START' });
    const after = await nextSale(s, { name: 'Tess Tel', phone: '0616161616', email: 'tess@voorbeeld-rv.nl', consent: { sms: true, email: true } });
    expect([after.scheduled, after.email]).toEqual([['checkin sms', 'comeback sms'], []]);
    expect(after.sms.at(-1)).toBe('+31616161616');
  });

  // Both on record, both stopped: the next sale with either of them, beside a new other one, sends nothing either.
  it.each([['erased'], ['not erased']])('with a number and an address (%s): a sale with her number and a new address, or her address and a new number, sends nothing', async (how) => {
    for (const [label, customer] of [
      ['her number', { name: 'Tess Tel', phone: '0616161616', email: 'tess.nieuw@voorbeeld-rv.nl', consent: { sms: true, email: true } }],
      ['her address', { name: 'Tess Tel', phone: '0622334455', email: 'tess@voorbeeld-rv.nl', consent: { sms: true, email: true } }],
    ] as const) {
      const s = await scenario({ sale: { id: 't1' }, customer: { name: 'Tess Tel', phone: '0616161616', email: 'tess@voorbeeld-rv.nl', consent: { sms: true, email: true } } });
      await s.tick('2026-03-15T10:00:00+01:00');
      const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31616161616', To: '+15005550006', Body: 'Hoe komen jullie aan mijn nummer? Verwijder mijn gegevens' });
      expect(twimlMessage(res.text)).toBe('Je bent afgemeld: je krijgt geen sms en geen e-mail meer van Fietsenmaker Test. Stuur START om weer sms te krijgen.');
      if (how === 'erased') await erase(s, '--phone', '0616161616');
      expect(await nextSale(s, customer), label).toEqual(nothingGoes);
    }
  });
});

describe('a plain STOP, erased at her request', () => {
  // The STOP stops the SMS alone: after the erasure the next sale with her number and address e-mails her as it did
  // before, and texts her not; the same as without the erasure.
  it.each([['erased'], ['not erased']])('stays a stop of the SMS alone (%s)', async (how) => {
    const s = await scenario();
    await s.tick('2026-03-15T10:00:00+01:00');
    const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'STOP' });
    expect(twimlMessage(res.text)).toBe('Je bent afgemeld: je krijgt geen sms meer van Fietsenmaker Test. Stuur START om je weer aan te melden.');
    if (how === 'erased') await erase(s, '--phone', '06 13572468');
    const after = await nextSale(s, { name: 'Sanne de Vries', phone: '06 13572468', email: 'sanne@example.com', consent: { sms: true, email: true } });
    // (Without the erasure her check-in of a week before may hold the new one back: the check-ins' gap.)
    expect(after.scheduled).toContain('comeback email');
    expect(after.scheduled.filter((m) => m.endsWith('sms'))).toEqual([]);
    expect([after.sms, after.email.at(-1)]).toEqual([[], 'sanne@example.com']); // her invitation, at least
  });

  // Her START from that number after the erasure takes her STOP back, as it does without one: the next sale texts her.
  // Before, the stop the erasure kept for her number held past her START, and she got nothing (a review of 6 December).
  it.each([['erased'], ['not erased']])('is taken back by her START from that number (%s)', async (how) => {
    const s = await scenario();
    await s.tick('2026-03-15T10:00:00+01:00');
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'STOP' });
    if (how === 'erased') await erase(s, '--phone', '06 13572468');
    s.clock.set('2026-03-18T12:00:00+01:00');
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'START' });
    const after = await nextSale(s, { name: 'Sanne de Vries', phone: '06 13572468', consent: { sms: true } });
    // (Without the erasure her check-in of a week before may hold the new one back: the check-ins' gap.)
    expect(after.scheduled).toContain('comeback sms');
    expect(JSON.stringify(after.skipped)).not.toContain('opted_out');
    expect(after.sms.at(-1)).toBe('+31613572468'); // her invitation, at least
  });

  // "Geen mails meer" by SMS from a phone-only customer stops the e-mail alone, with no address to keep it under: kept
  // under her number, it stops no SMS: the next sale with her number and an address texts her, and e-mails her not.
  it.each([['erased'], ['not erased']])('an e-mail stop with no address on record stays a stop of the e-mail alone (%s)', async (how) => {
    const s = await scenario({ sale: { id: 't1' }, customer: { name: 'Tess Tel', phone: '0616161616', consent: { sms: true } } });
    await s.tick('2026-03-15T10:00:00+01:00');
    const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31616161616', To: '+15005550006', Body: 'Geen mails meer graag' });
    expect(twimlMessage(res.text)).toMatch(/geen e-mail meer/);
    if (how === 'erased') await erase(s, '--phone', '0616161616');
    const after = await nextSale(s, { name: 'Tess Tel', phone: '0616161616', email: 'tess@voorbeeld-rv.nl', consent: { sms: true, email: true } });
    expect(after.scheduled.filter((m) => m.endsWith('email'))).toEqual([]);
    expect([after.email, after.sms.at(-1)]).toEqual([[], '+31616161616']); // her invitation, at least
  });
});
