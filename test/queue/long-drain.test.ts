// A claim's lease runs from the claim. A dispatcher working through a backlog claims again and again for longer than the
// lease (CLAIM_LEASE, 10 minutes); another dispatcher's sweep takes a claim older than the lease for a dead
// dispatcher's, marks its sends in doubt, asks Twilio, does not find those still on their way, and sends them again. So
// each claim is stamped with the time it is made, not with the time its tick began.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Channel, SmsOut } from '../../src/channels/types.js';
import { CLAIM_LEASE, MESSAGE_CLAIM } from '../../src/queue/dispatcher.js';
import { all, createShop, postSale, saleBody, startApp, testClock, testDispatcher, testStore } from '../helpers.js';

afterEach(() => void vi.restoreAllMocks());

/** The time that passes for the dispatchers, as performance.now() tells it: moved on by hand. */
function passingTime() {
  const real = performance.now.bind(performance);
  let ahead = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => real() + ahead);
  return { pass: (ms: number) => void (ahead += ms) };
}

describe('two dispatchers while one drains a backlog for longer than the lease', () => {
  it('stamps each claim when it is made, so the other takes none of its sends under way for orphans and sends each once', async () => {
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store);
    const base = await startApp(store, clock.now);
    const n = MESSAGE_CLAIM + 1; // the drain claims twice: the second claim comes after the first's sends
    for (let i = 0; i < n; i++) {
      const customer = { name: `C${i}`, phone: `06 1234${String(i).padStart(4, '0')}`, consent: { sms: true } };
      expect((await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: `sale-${i}`, customer }), clock.now())).status).toBe(201);
    }
    const time = passingTime();

    // What reached phones, whichever dispatcher handed it to "Twilio".
    const phones: SmsOut[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atGate = new Promise<void>((r) => (reached = r));
    let count = 0;
    // Dispatcher A: its first claim's sends take 11 minutes in all (a slow provider: 64 answers at ~10 s, each handed
    // over at once, as a claim's sends are, side by side); the send of its second claim is under way (unanswered) when
    // B's tick comes.
    const aSms: Channel<SmsOut> = {
      transport: 'twilio',
      async send(m) {
        const k = ++count;
        if (k <= MESSAGE_CLAIM) {
          await null; // handed over: the answer takes its time
          time.pass((11 * 60_000) / MESSAGE_CLAIM);
        }
        if (k === n) {
          reached();
          await gate;
        }
        phones.push(m);
        return { providerId: `SMa${k}` };
      },
      async reconcile() {
        return null;
      },
    };
    // Dispatcher B: the same provider; asked about a send in doubt, it looks at what reached phones, as Twilio's list does.
    const bSms: Channel<SmsOut> = {
      transport: 'twilio',
      async send(m) {
        phones.push(m);
        return { providerId: `SMb${phones.length}` };
      },
      async reconcile({ to, body }) {
        return phones.some((p) => p.to === to && p.body === body) ? { providerId: 'SMfound' } : null;
      },
    };
    const a = testDispatcher(store, { sms: aSms }).dispatcher;
    const b = testDispatcher(store, { sms: bSms }).dispatcher;

    const T = Date.parse('2026-03-15T10:00:00+01:00');
    const aRun = a.tick(T);
    await atGate;
    const last = (await all<{ id: number; claimedAt: number }>(store.db, "SELECT id, claimed_at AS claimedAt FROM messages WHERE status = 'sending'"))[0]!;
    // B's minute tick, 12 minutes after A's began: more than the lease after A's first claim, less after its second.
    const bReport = await b.tick(T + 12 * 60_000);
    release();
    const aReport = await aRun;

    const byPhone = new Map<string, number>();
    for (const p of phones) byPhone.set(p.to, (byPhone.get(p.to) ?? 0) + 1);
    expect([...byPhone].filter(([, k]) => k > 1), 'customers who got the same check-in twice').toEqual([]);
    expect(byPhone.size).toBe(n);
    expect(bReport).toMatchObject({ sent: 0, uncertain: 0, reconciled: 0 });
    expect(aReport).toMatchObject({ sent: n, uncertain: 0 });
    // A's second claim was made 11 minutes into its tick, and is stamped so.
    expect(last.claimedAt).toBeGreaterThanOrEqual(T + 11 * 60_000 - 1000);
    expect(last.claimedAt).toBeGreaterThan(T + 12 * 60_000 - CLAIM_LEASE);
    expect(await all(store.db, 'SELECT status, provider_id AS providerId FROM messages WHERE id = ?', last.id)).toEqual([{ status: 'sent', providerId: `SMa${n}` }]);
  });

  it("still takes a send under way for longer than the lease for a dead dispatcher's: uncertain, not sent again by itself", async () => {
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store);
    const base = await startApp(store, clock.now);
    await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: { name: 'Sanne', email: 'sanne@example.com', consent: { email: true } } }), clock.now());
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atGate = new Promise<void>((r) => (reached = r));
    const hanging = testDispatcher(store, {
      email: {
        transport: 'smtp',
        async send() {
          reached();
          await gate; // the dispatcher's process hangs here (or died)
          return { providerId: 'late' };
        },
      },
    });
    const other = testDispatcher(store);
    const T = Date.parse('2026-03-15T10:00:00+01:00');
    const run = hanging.dispatcher.tick(T);
    await atGate;
    expect((await other.dispatcher.tick(T + CLAIM_LEASE - 60_000)).uncertain).toBe(0); // within its lease
    expect((await other.dispatcher.tick(T + CLAIM_LEASE + 60_000)).uncertain).toBe(1);
    await other.dispatcher.tick(T + 3_600_000);
    expect(other.email.sent).toEqual([]);
    expect(await all(store.db, "SELECT status, error FROM messages WHERE kind = 'checkin'")).toEqual([{ status: 'uncertain', error: 'interrupted' }]);
    // Should the answer come after all, it is recorded.
    release();
    await run;
    expect(await all(store.db, "SELECT status, provider_id AS providerId FROM messages WHERE kind = 'checkin'")).toEqual([{ status: 'sent', providerId: 'late' }]);
  });
});
