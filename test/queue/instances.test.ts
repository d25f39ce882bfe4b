// Two dispatchers side by side: two instances on one database, or `nextdeal dispatch --at` beside the running server.
// Each claims rows for itself, and what one has under way or is asking Twilio about, the other never sends again.
import { describe, expect, it } from 'vitest';
import { type Channel, SendFailure, type SmsOut } from '../../src/channels/types.js';
import { all, scenario, testDispatcher } from '../helpers.js';

describe('two dispatchers side by side', () => {
  it('sends a message in doubt once more at most, though two instances ask Twilio about it side by side', async () => {
    const s = await scenario(); // Sanne's check-in is due 15 March 10:00
    /** What reached Twilio (and so the customer's phone). */
    const twilio: SmsOut[] = [];
    const inDoubt = () => new SendFailure({ reason: 'in_doubt', kind: 'in_doubt', detail: 'ETIMEDOUT: no answer', code: 'ETIMEDOUT' });
    const listed = (m: { to: string; body: string }) => twilio.some((p) => p.to === m.to && p.body === m.body);

    // Instance A: its first send never reached Twilio (no answer: in doubt); its second reached Twilio, and again no answer.
    let aSends = 0;
    const aSms: Channel<SmsOut> = {
      transport: 'twilio',
      async send(m) {
        if (++aSends > 1) twilio.push(m);
        throw inDoubt();
      },
      async reconcile(m) {
        return listed(m) ? { providerId: 'SMfound' } : null;
      },
    };
    // Instance B: Twilio answers its question truthfully, as things stand when it asks; the answer reaches B late
    // (a slow list call, a busy event loop, or the other 63 look-ups of the batch before this one).
    let asked!: () => void;
    const askedP = new Promise<void>((r) => (asked = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const bSms: Channel<SmsOut> = {
      transport: 'twilio',
      async send(m) {
        twilio.push(m);
        return { providerId: `SMb${twilio.length}` };
      },
      async reconcile(m) {
        const answer = listed(m) ? { providerId: 'SMfound' } : null;
        asked();
        await gate;
        return answer;
      },
    };
    const a = testDispatcher(s.store, { sms: aSms }).dispatcher;
    const b = testDispatcher(s.store, { sms: bSms }).dispatcher;

    const T0 = Date.parse('2026-03-15T10:00:00+01:00');
    await a.tick(T0); // the check-in's send is in doubt
    expect(await all(s.store.db, "SELECT status FROM messages WHERE kind = 'checkin'")).toEqual([{ status: 'uncertain' }]);

    // Eleven minutes later both instances tick: B asks Twilio about it; A asks too, finds nothing, sends again (in doubt).
    const T1 = T0 + 11 * 60_000;
    const bTick = b.tick(T1 + 3_000);
    await askedP;
    await a.tick(T1);
    expect(twilio).toHaveLength(1);
    release(); // B's answer arrives: "not there" (about the first send)
    await bTick;

    // The customer got the check-in once.
    expect(twilio.filter((m) => m.to === '+31613572468')).toHaveLength(1);
  });

  it('sends a check-in once when `nextdeal dispatch --at` a later time runs beside the server during its send', async () => {
    const s = await scenario(); // Sanne's check-in is due 15 March 10:00
    const twilio: SmsOut[] = [];
    let reached!: () => void;
    const atGate = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // The server: its request to Twilio is under way (a second or two).
    const serverSms: Channel<SmsOut> = {
      transport: 'twilio',
      async send(m) {
        reached();
        await gate;
        twilio.push(m);
        return { providerId: `SM${twilio.length}` };
      },
      async reconcile({ to, body }) {
        return twilio.some((p) => p.to === to && p.body === body) ? { providerId: 'SMfound' } : null;
      },
    };
    // The operator's `nextdeal dispatch --at 2026-03-16T10:05:00+01:00`, on the same Twilio account.
    const cliSms: Channel<SmsOut> = {
      transport: 'twilio',
      async send(m) {
        twilio.push(m);
        return { providerId: `SM${twilio.length}` };
      },
      reconcile: serverSms.reconcile!,
    };
    const server = testDispatcher(s.store, { sms: serverSms }).dispatcher;
    const cli = testDispatcher(s.store, { sms: cliSms }).dispatcher;

    const serverTick = server.tick(Date.parse('2026-03-15T10:00:00+01:00'));
    await atGate;
    // The command pretends it is the next day; the real time is the server's (both read the same clock).
    await cli.tick(Date.parse('2026-03-16T10:05:00+01:00'), Date.parse('2026-03-15T10:00:01+01:00'));
    release();
    await serverTick;
    expect(twilio.filter((m) => m.to === '+31613572468')).toHaveLength(1);
  });
});
