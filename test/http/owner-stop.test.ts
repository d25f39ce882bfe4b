// A customer who asked, in a reply with more in it, to hear no more: the owner's card says so beside the reading.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { messageSid, ownerClient, postTwilio, scenario, startApp } from '../helpers.js';

describe("the owner's reply card", () => {
  it.each([
    ['Stop met die spam, de jas lekt trouwens ook', true],
    ['De jas lekt', false],
  ])('%j: says whether the customer wants no more texts', async (body, stopped) => {
    const s = await scenario();
    const at = Date.parse('2026-03-15T10:00:00+01:00');
    await s.tick('2026-03-15T10:00:00+01:00');
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31612345678', To: '+15005550006', Body: body });
    await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(await startApp(s.store, () => at + 60_000));
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const card = /<article class="reply problem"[\s\S]*?<\/article>/.exec(await (await owner.get('/shops/fietsenmaker')).text())?.[0] ?? '';
    expect(card).toContain(body);
    expect(card.includes('wil geen sms meer')).toBe(stopped);
  });
});
