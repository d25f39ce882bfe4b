// "An SMS is kept to one 160-character segment" (README), whatever the shop, customer, item, reason and day: what
// makes it longer gives way, in a fixed order (src/templates.ts, fitSms). Through the real webhook and dispatcher for
// the cases a reviewer found (a shop name of 45-49 characters, a late check-in), and for any text as a property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageProps, oneStop } from '../../src/domain/message-props.js';
import { loadTemplates } from '../../src/templates.js';
import { gsmUnits, smsSegments, smsShopName } from '../../src/domain/sms.js';
import { createShop, postSale, saleBody, startApp, testClock, testDispatcher, testStore } from '../helpers.js';

async function smsFor(shopName: string, customerName: string, item: string, reason: string | null, sendAt: string, soldAt = '2026-09-29T15:00:00+02:00') {
  const store = await testStore();
  const clock = testClock(soldAt);
  const { webhookSecret } = await createShop(store, { name: shopName });
  const base = await startApp(store, clock.now);
  const customer = { name: customerName, phone: '06 13572468', consent: { sms: true } };
  const posted = await postSale(base, 'fietsenmaker', webhookSecret,
    saleBody({ occurredAt: soldAt, customer, reason, items: [{ name: item, quantity: 1 }] }), clock.now());
  expect(posted.status).toBe(201);
  const { dispatcher, sms } = testDispatcher(store);
  clock.set(sendAt);
  await dispatcher.tick(Date.parse(sendAt));
  expect(sms.sent).toHaveLength(1);
  return sms.sent[0]!.body;
}

/** Segments as a phone and Twilio count them: GSM-7, 160 units in one, 153 a part when concatenated. */
const segments = (body: string) => { const u = gsmUnits(body); return u <= 160 ? 1 : Math.ceil(u / 153); };

describe('one SMS segment, as the README promises', () => {
  it('keeps the come-back invitation of a shop with a 49-character name to one segment', async () => {
    const body = await smsFor('Rijwielhandel Van den Heuvel Tweewielerspecialist', 'Wilhelmina Jansen', 'Gazelle Ultimate C380 HMB', 'om naar mijn werk te fietsen', '2026-10-29T10:00:00+01:00');
    expect(segments(body), `${gsmUnits(body)} units: ${body}`).toBe(1);
  });

  it('keeps the come-back invitation of "Schoenmakerij & Sleutelservice Van der Linden" (a sale on woensdag 30 september) to one segment', async () => {
    const body = await smsFor('Schoenmakerij & Sleutelservice Van der Linden', 'Christina Bakker', 'Nieuwe hakken', 'mijn lievelingsschoenen', '2026-10-30T10:00:00+01:00', '2026-09-30T15:00:00+02:00');
    expect(segments(body), `${gsmUnits(body)} units: ${body}`).toBe(1);
  });

  it('keeps a check-in that goes a day late ("op dinsdag 29 september") to one segment', async () => {
    // Sent on the 1st of October (a retry, a channel that was paused, a server that was down): within the 48 hours.
    const body = await smsFor('Rijwielhandel Van den Heuvel Tweewielerspecialist', 'Wilhelmina Jansen', 'Gazelle Ultimate C380 HMB', 'om naar mijn werk te fietsen', '2026-10-01T09:30:00+02:00');
    expect(segments(body), `${gsmUnits(body)} units: ${body}`).toBe(1);
  });

  it('holds for any shop name up to 100 characters, any name, item and reason, either message and language, any day; and for the auto-replies and codes', () => {
    const templates = loadTemplates();
    const text = (max: number) => fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ&-.\'éëïöüßçñ0123456789'.split('')), minLength: 1, maxLength: max, size: 'max' });
    fc.assert(
      fc.property(text(100), fc.option(text(60)), fc.array(text(120), { minLength: 0, maxLength: 4 }), fc.option(text(200)), fc.constantFrom('nl', 'nl-u', 'en'), fc.constantFrom('checkin', 'comeback'), fc.integer({ min: 1, max: 400 }),
        fc.constantFrom(null, 0, 25), // 0: a sale that came to nothing, worded as a visit
        (shopName, customerName, items, reason, voice, kind, daysLater, total) => {
          const soldAt = Date.parse('2026-09-29T15:00:00+02:00');
          const props = messageProps({
            customerName, shopName, reason, total, timezone: 'Europe/Amsterdam', locale: voice === 'en' ? 'en' : 'nl',
            items: items.map((name) => ({ name, sku: null, quantity: 1, unitPrice: total === 0 ? 0 : null })), soldAt, sendAt: soldAt + daysLater * 86_400_000,
          });
          const sms = templates.sms(voice as 'nl' | 'nl-u' | 'en', kind as 'checkin' | 'comeback', props);
          expect(gsmUnits(sms), sms).toBeLessThanOrEqual(160);
          expect(sms).toMatch(/STOP$/); // the opt-out never gives way
          for (const name of ['stopped', 'email_stopped', 'stopped_all', 'number_stopped_all', 'started', 'help', 'thanks', 'sorry', 'question'] as const) expect(gsmUnits(templates.autoReply(voice as 'nl' | 'nl-u' | 'en', name, { shopName })), name).toBeLessThanOrEqual(160);
          expect(gsmUnits(templates.confirmSms(voice as 'nl' | 'nl-u' | 'en', { shopName, code: '123456' }))).toBeLessThanOrEqual(160);
          expect(templates.confirmSms(voice as 'nl' | 'nl-u' | 'en', { shopName, code: '123456' })).toContain('123456');
        }),
      { numRuns: 400, seed: 20261202 },
    );
  });

  // The review of 1cbbc23: a stop's confirmation and the promise after it ("Over je bericht neemt … nog contact met je
  // op.") were a segment each, joined: a name of €, [, ], ~ or | (two units each) made three of them.
  it('keeps a stop\'s confirmation with the shop\'s promise after it to two segments, for any shop name, the confirmation whole', () => {
    const templates = loadTemplates();
    const name = fc.string({ unit: fc.constantFrom(...'abcdefghij ABCDE&-.éÜï€[]{}|~^\\☕'.split('')), minLength: 1, maxLength: 100, size: 'max' });
    fc.assert(
      fc.property(name, fc.constantFrom('nl', 'nl-u', 'en'), fc.constantFrom('stopped', 'number_stopped', 'email_stopped', 'stopped_all', 'number_stopped_all'), (given, voice, said) => {
        const shopName = smsShopName({ name: given, slug: 'fietsenmaker' });
        const alone = templates.autoReply(voice as 'nl' | 'nl-u' | 'en', said as 'stopped', { shopName });
        const text = templates.autoReplyHeard(voice as 'nl' | 'nl-u' | 'en', said as 'stopped', { shopName });
        // The confirmation as it is said alone; or, in a text of two segments all the same, with the name whole in both
        // places (the rvwords review: "Kapsalon & Schoonheidssalon..." and then the name whole after it).
        expect(text.startsWith(alone) || (text !== alone && text.split(oneStop(shopName.trim().replace(/\s+/g, ' '))).length - 1 === 2), text).toBe(true);
        expect(gsmUnits(text), text).toBeLessThanOrEqual(2 * 153);
        expect(smsSegments(text), text).toBeLessThanOrEqual(2);
      }),
      { numRuns: 1000, seed: 20261206 },
    );
  });
});
