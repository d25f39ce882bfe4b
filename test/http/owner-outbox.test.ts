// With no SMTP or Twilio set up, messages go to the local outbox: the owner's page must not call them sent.
import { describe, expect, it } from 'vitest';
import { emailOutbox, smsOutbox } from '../../src/channels/outbox.js';
import { hashPassword } from '../../src/domain/password.js';
import { ownerClient, scenario, startApp, tempDir, testDispatcher } from '../helpers.js';

async function ownerAfterCheckin(channels: 'outbox' | 'live') {
  const s = await scenario();
  const outbox = tempDir();
  const { dispatcher } = channels === 'outbox' ? testDispatcher(s.store, { sms: smsOutbox(outbox), email: emailOutbox(outbox) }) : s;
  const at = Date.parse('2026-03-15T10:00:00+01:00');
  await dispatcher.tick(at);
  expect(await s.all("SELECT status FROM messages WHERE kind = 'checkin'")).toEqual([{ status: 'sent' }]);
  await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
  const owner = ownerClient(await startApp(s.store, () => at + 60_000));
  await owner.logIn('fietsenmaker', 'correct horse battery');
  return owner;
}

describe("the owner's page, when messages went to the outbox", () => {
  it('says first of all that they were not really sent, and marks each in the log', async () => {
    const owner = await ownerAfterCheckin('outbox');
    const page = await (await owner.get('/shops/fietsenmaker')).text();
    expect(page).toContain('1 sms van de afgelopen 30 dagen is niet echt verstuurd: klanten hebben het niet gekregen. Er is nog geen sms-dienst (Twilio) ingesteld');
    // Before everything else on the page: on a phone, the first thing the owner sees.
    expect(page.indexOf('id="outbox"')).toBeLessThan(page.indexOf('id="call-back"'));
    const log = await (await owner.get('/shops/fietsenmaker/messages')).text();
    expect(log).toContain('niet echt verstuurd (alleen als bestand bewaard)');
  });

  it('marks them `outbox` in messages.csv, never `sent`', async () => {
    const statuses = async (channels: 'outbox' | 'live') => {
      const owner = await ownerAfterCheckin(channels);
      const [header, ...rows] = (await (await owner.get('/shops/fietsenmaker/messages.csv')).text()).split('\r\n').filter(Boolean);
      return rows.map((row) => row.split(';')[header!.split(';').indexOf('status')]);
    };
    expect(await statuses('outbox')).toEqual(['scheduled', 'outbox']); // the invitation, and the check-in
    expect(await statuses('live')).toEqual(['scheduled', 'sent']);
  });

  it('says nothing of the kind when they went to the customer', async () => {
    const owner = await ownerAfterCheckin('live');
    expect(await (await owner.get('/shops/fietsenmaker')).text()).not.toContain('id="outbox"');
    expect(await (await owner.get('/shops/fietsenmaker/messages')).text()).not.toContain('niet echt verstuurd');
  });
});
