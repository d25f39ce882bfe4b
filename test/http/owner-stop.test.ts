// What the owner's reply card says beside the reading: that the customer asked, in a reply with more in it, to hear no
// more; that the reply is in a language nextdeal does not read.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { messageSid, ownerClient, postTwilio, scenario, startApp } from '../helpers.js';

async function cardAbout(body: string, reading: string): Promise<string> {
  const s = await scenario();
  const at = Date.parse('2026-03-15T10:00:00+01:00');
  await s.tick('2026-03-15T10:00:00+01:00');
  await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31612345678', To: '+15005550006', Body: body });
  await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
  const owner = ownerClient(await startApp(s.store, () => at + 60_000));
  await owner.logIn('fietsenmaker', 'correct horse battery');
  const card = new RegExp(`<article class="reply ${reading}"[\\s\\S]*?</article>`).exec(await (await owner.get('/shops/fietsenmaker')).text())?.[0] ?? '';
  expect(card).toContain(body);
  return card;
}

describe("the owner's reply card", () => {
  it.each([
    ['Stop met die spam, de jas lekt trouwens ook', true],
    ['De jas lekt', false],
  ])('%j: says whether the customer wants no more texts', async (body, stopped) => {
    expect((await cardAbout(body, 'problem')).includes('wil geen sms meer')).toBe(stopped);
  });

  it.each([
    ['La veste est déchirée, je suis très déçu', 'other', true],
    ['Hmm, weet het nog niet', 'other', false],
  ])('%j: says whether it is in a language nextdeal does not read', async (body, reading, foreign) => {
    expect((await cardAbout(body, reading)).includes('andere taal: nextdeal leest het niet')).toBe(foreign);
  });
});
