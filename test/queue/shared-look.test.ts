// The look in the database after a send's wait for its turn at the provider (src/queue/looks.ts), shared. Behind a
// backlog nearly every send waits for its turn (a claim is 64, Twilio takes 32 at once), and each looked in the database
// once more before its bytes went: a query a send, a sixth of the dispatcher's throughput. A send now goes on a look no
// older than a bound (its batch's read, or one look taken for every send still waiting), and a STOP confirmed to the
// customer before the look its message goes on is still seen. The clock is the test's: the bound is never waited for.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type LastLook, turns } from '../../src/channels/last-look.js';
import type { Channel, SmsOut } from '../../src/channels/types.js';
import type { Again } from '../../src/db/messages.js';
import { LOOKED_AT_WITHIN_MS } from '../../src/queue/looks.js';
import { all, createShop, messageSid, postSale, postTwilio, saleBody, startApp, testClock, testDispatcher, testStore, twimlMessage } from '../helpers.js';

afterEach(() => void vi.restoreAllMocks());

const MORNING = Date.parse('2026-03-15T10:00:00+01:00');

/**
 * A shop with `n` customers whose check-ins go by SMS on the 15th, and a channel that takes `atOnce` sends at a time,
 * the others waiting their turn in the order given (as Twilio's requests: src/channels/twilio-http.ts). Each send at
 * the provider is answered when the test says (`answer`). The dispatcher's look after a wait has the real bound, by
 * the test's clock (`at`), and every look it takes in the database is counted (`looked`: the recipients of each); the
 * first `failing` fail as a busy database does.
 */
async function backlog(n: number, atOnce: number, failing = 0) {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  const to = (i: number) => `+3161234${String(i).padStart(4, '0')}`;
  for (let i = 0; i < n; i++) {
    const customer = { name: `Klant ${i}`, phone: `06 1234${String(i).padStart(4, '0')}`, consent: { sms: true } };
    expect((await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: `sale-${i}`, customer }), clock.now())).status).toBe(201);
  }
  const given: string[] = []; // in the order the sends came to the channel: the first `atOnce` go, the others wait so
  const handedOver: string[] = [];
  const answers: (() => void)[] = [];
  const inTurn = turns(atOnce);
  const sms: Channel<SmsOut> = {
    transport: 'twilio',
    send(m: SmsOut, lastLook?: LastLook) {
      given.push(m.to);
      return inTurn(async () => {
        handedOver.push(m.to);
        await new Promise<void>((ok) => answers.push(ok));
        return { providerId: `SM-${m.messageId}` };
      }, lastLook);
    },
  };
  const looked: string[][] = [];
  const again = store.messages.again.bind(store.messages);
  vi.spyOn(store.messages, 'again').mockImplementation((asked: readonly Again[]) => {
    looked.push(asked.map((a) => a.sms!.recipient));
    if (looked.length <= failing) return Promise.reject(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    return again(asked);
  });
  let at = 0;
  const { dispatcher } = testDispatcher(store, { sms }, { looks: { withinMs: LOOKED_AT_WITHIN_MS, clock: () => at } });
  const ticking = dispatcher.tick(MORNING);
  await vi.waitFor(() => expect([given.length, handedOver.length]).toEqual([n, atOnce]), { timeout: 20_000, interval: 5 });
  return {
    store, base, ticking, given, handedOver, looked, to,
    /** The test's clock (milliseconds) moves on to `ms`. */
    clock: (ms: number) => void (at = ms),
    /** The provider answers the `i`-th send it has (0: the first); the next waiting one has its turn. */
    answer: (i: number) => answers[i]!(),
    /** Until the provider has `k` sends. */
    untilHandedOver: (k: number) => vi.waitFor(() => expect(handedOver.length).toBe(k), { timeout: 20_000, interval: 5 }),
  };
}

const checkins = (store: Awaited<ReturnType<typeof testStore>>) =>
  all<{ status: string; error: string | null; n: number }>(store.db, "SELECT status, error, count(*) AS n FROM messages WHERE kind = 'checkin' GROUP BY status, error ORDER BY status");

describe('the look after a send waited for its turn at the provider', () => {
  it('is not taken again for sends whose turn comes within the bound of their batch\'s read: each goes once, no query', async () => {
    const n = 4;
    const b = await backlog(n, 1);
    for (let i = 0; i < n; i++) {
      b.answer(i);
      if (i < n - 1) await b.untilHandedOver(i + 2);
    }
    expect(await b.ticking).toMatchObject({ sent: n, cancelled: 0 });
    expect(b.looked).toEqual([]);
    expect([b.handedOver.length, new Set(b.handedOver).size]).toEqual([n, n]);
  });

  it('is taken once for every send still waiting when the first of them has its turn past the bound, not once each', async () => {
    const n = 4;
    const b = await backlog(n, 1);
    b.clock(10 * LOOKED_AT_WITHIN_MS); // the provider was slow: the batch's read is old by the first waiting send's turn
    for (let i = 0; i < n; i++) {
      b.answer(i);
      if (i < n - 1) await b.untilHandedOver(i + 2);
    }
    expect(await b.ticking).toMatchObject({ sent: n, cancelled: 0 });
    // One look, at the first waiting send's turn, for the three that waited; the others' turns came within the bound.
    expect(b.looked).toEqual([b.given.slice(1)]);
    expect([b.handedOver.length, new Set(b.handedOver).size]).toEqual([n, n]);
    expect(await checkins(b.store)).toEqual([{ status: 'sent', error: null, n }]);
  });

  // Their review: behind a provider answering slower than the bound, turns came 60 ms apart and each took a look for
  // every send still waiting (9, 8, 7 … rows), though none of them could go on it: far more reading than one row each.
  it('is taken for the one send alone when turns come further apart than the bound', async () => {
    const n = 5;
    const b = await backlog(n, 1);
    let ms = 10 * LOOKED_AT_WITHIN_MS;
    for (let i = 0; i < n; i++) {
      b.clock((ms += LOOKED_AT_WITHIN_MS + 10));
      b.answer(i);
      if (i < n - 1) await b.untilHandedOver(i + 2);
    }
    expect(await b.ticking).toMatchObject({ sent: n, cancelled: 0 });
    // The first turn's look, for all still waiting (how far apart the turns come is not known yet); then one row each.
    expect(b.looked).toEqual([b.given.slice(1), ...b.given.slice(2).map((to) => [to])]);
  });

  it('failed (a database error), puts back the send whose turn it was taken at; the others look again at their turns and go', async () => {
    const n = 4;
    const b = await backlog(n, 1, 1);
    b.clock(10 * LOOKED_AT_WITHIN_MS);
    b.answer(0);
    await b.untilHandedOver(2);
    b.answer(1);
    await b.untilHandedOver(3);
    b.answer(2);
    // The first waiting send's look failed: it is back in the queue, its try given back; the next one's turn took a
    // look for the two still waiting, the last went on it.
    expect(await b.ticking).toMatchObject({ sent: n - 1, retrying: 1, uncertain: 0, failed: 0 });
    expect(b.looked).toEqual([b.given.slice(1), b.given.slice(2)]);
    expect(b.handedOver).toEqual([b.given[0], ...b.given.slice(2)]);
    expect(await checkins(b.store)).toEqual([
      { status: 'scheduled', error: null, n: 1 },
      { status: 'sent', error: null, n: n - 1 },
    ]);
  });

  it('hands over none of a customer who said stop after that look, once hers has its turn past the bound: cancelled as opted out', async () => {
    const n = 3;
    const b = await backlog(n, 1);
    b.clock(10 * LOOKED_AT_WITHIN_MS);
    b.answer(0);
    await b.untilHandedOver(2); // the second send had its turn: the look for both waiting ones was taken
    expect(b.looked).toEqual([b.given.slice(1)]);
    const her = b.given[2]!;
    // Her STOP, through the real webhook as Twilio delivers it, after that look found her message to go.
    const stop = await postTwilio(b.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: her, To: '+15005550006', Body: 'STOP', NumMedia: '0' });
    expect(stop.status).toBe(200);
    expect(twimlMessage(stop.text)).toMatch(/afgemeld/);
    b.clock(11 * LOOKED_AT_WITHIN_MS); // her turn comes as that look is as old as the bound
    b.answer(1);
    expect(await b.ticking).toMatchObject({ sent: n - 1, cancelled: 1 });
    expect(b.looked).toEqual([b.given.slice(1), [her]]);
    expect(b.handedOver).toEqual(b.given.slice(0, 2));
    expect(b.handedOver).not.toContain(her);
    expect(await checkins(b.store)).toEqual([
      { status: 'cancelled', error: 'opted_out', n: 1 },
      { status: 'sent', error: null, n: n - 1 },
    ]);
  });

  // The final read of session 34: after the wait, the look at the number came before the other checks, so a failing
  // look put back (one tick late) a text that was to be cancelled for her STOP. Now the order is the claim's.
  it("cancels hers for her STOP after the wait also while the numbers nextdeal texts from cannot be read: the look is not needed", async () => {
    const n = 2;
    const b = await backlog(n, 1);
    const her = b.given[1]!;
    const stop = await postTwilio(b.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: her, To: '+15005550006', Body: 'STOP', NumMedia: '0' });
    expect(stop.status).toBe(200);
    const texting = vi.spyOn(b.store.shops, 'textsFrom').mockRejectedValue(Object.assign(new Error('gone'), { code: '57P01' }));
    b.clock(10 * LOOKED_AT_WITHIN_MS);
    b.answer(0);
    expect(await b.ticking).toMatchObject({ sent: 1, cancelled: 1, retrying: 0 });
    expect(b.handedOver).toEqual([b.given[0]]);
    expect(texting).not.toHaveBeenCalled();
    expect(await checkins(b.store)).toEqual([
      { status: 'cancelled', error: 'opted_out', n: 1 },
      { status: 'sent', error: null, n: 1 },
    ]);
  });
});
