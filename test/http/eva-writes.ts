// Eva, the bike shop's customer K-17, texts the shop's own number from a phone the till does not have: the set-up of
// twilio-stranger-taken-in.test.ts and its review's tests.
import { expect } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { messageSid, ownerClient, postTwilio, saleBody, scenario } from '../helpers.js';

export const OWN = '+3197014204768';
export const EVA = '+31622334455';
export const NO_PURCHASE = 'Een sms aan het nummer van de winkel, van een nummer zonder aankoop in nextdeal';

/**
 * The bike shop texts from its own number. Eva is its customer K-17 (a bike on 2 March, her e-mail only); on 14 March
 * at 16:00 she texts the shop from her phone, which the till does not have.
 */
export async function evaWrites() {
  const s = await scenario();
  await s.store.shops.update('fietsenmaker', { smsFrom: OWN });
  s.clock.set('2026-03-02T11:00:00+01:00');
  const bike = await s.post(saleBody({
    id: 'sale-bike', occurredAt: '2026-03-02T11:00:00+01:00', items: [{ name: 'Stadsfiets', quantity: 1, unitPrice: 649 }], total: 649,
    customer: { posCustomerId: 'K-17', name: 'Eva de Boer', email: 'eva@example.com', consent: { email: true } },
  }));
  expect(bike.status).toBe(201);
  const eva = Number(bike.body.customerId);
  s.clock.set('2026-03-14T16:00:00+01:00');
  const text = async (Body: string, at?: string, From = EVA) => {
    if (at) s.clock.set(at);
    const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From, To: OWN, Body });
    expect(res.status).toBe(200);
    return res;
  };
  const shop = async () => (await s.store.shops.bySlug('fietsenmaker'))!;
  const card = async () => {
    await s.store.sessions.setPassword((await shop()).id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    return (await (await owner.get('/shops/fietsenmaker/replies?reading=open')).text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  };
  /** The till's next sale for K-17, now with her phone. */
  const sale = (over: Record<string, unknown> = {}) => s.post(saleBody({
    id: 'sale-lock', occurredAt: '2026-03-20T11:00:00+01:00', items: [{ name: 'Fietsslot', quantity: 1, unitPrice: 39 }], total: 39,
    customer: { posCustomerId: 'K-17', name: 'Eva de Boer', phone: '06 22334455', email: 'eva@example.com', consent: { sms: true, email: true } },
    ...over,
  }));
  /** The owner's alert e-mails sent by `at`. */
  const alertMails = async (at: string) => {
    await s.tick(at);
    return s.email.sent.filter((m) => m.to === 'eigenaar@fietsenmaker.example').map((m) => m.text);
  };
  return { ...s, eva, text, shop, card, sale, alertMails };
}

/**
 * The store's `name` answers as ever; the first time `land` (given its answer) lands the till's sale and says so, it
 * lands right after that answer: between that step of her text's handling and the next, as a sale another request
 * posts may. Whether it landed.
 */
export function landsAfter<O extends Record<K, (...args: never[]) => Promise<unknown>>, K extends keyof O>(
  o: O, name: K, land: (answer: Awaited<ReturnType<O[K]>>) => Promise<boolean>,
): () => boolean {
  const real = o[name].bind(o) as (...args: Parameters<O[K]>) => Promise<Awaited<ReturnType<O[K]>>>;
  let landed = false;
  o[name] = (async (...args: Parameters<O[K]>) => {
    const answer = await real(...args);
    if (!landed) landed = await land(answer);
    return answer;
  }) as O[K];
  return () => landed;
}
