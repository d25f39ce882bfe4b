// A bare "Nee" answers whatever the customer's phone last showed. To the check-in ("Bevalt het?") it says something is
// wrong: the owner is alerted and the customer told they will hear from the shop. To the come-back invitation it only
// declines: before, the customer was told "wat vervelend, … neemt snel contact met je op" and the owner got "Probleem
// van …" for a customer who simply did not want to come back yet. The reply is read knowing which message it answers.
import { describe, expect, it } from 'vitest';
import { classifyWords, explain } from '../../src/domain/classify.js';
import { messageSid, postTwilio, scenario, twimlMessage } from '../helpers.js';

async function texted() {
  const s = await scenario();
  await s.tick('2026-03-15T10:00:00+01:00'); // the check-in
  const reply = async (Body: string) => twimlMessage((await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body })).text);
  const read = () => s.one<{ class: string }>('SELECT class FROM replies ORDER BY id DESC LIMIT 1');
  /** The alert the owner is e-mailed, if any, once the dispatcher has run (`iso`: a minute after the reply). */
  const alert = async (iso: string) => {
    await s.tick(iso);
    return s.email.sent.find((m) => m.to === 'eigenaar@fietsenmaker.example');
  };
  return { ...s, reply, read, alert };
}

describe('a bare "no", by SMS', () => {
  it.each([['Nee'], ['No'], ['Nope'], ['Nee hoor']])('%j to the come-back invitation declines it: thanked, no call promised, no alert', async (text) => {
    const s = await texted();
    await s.tick('2026-04-14T10:00:00+02:00'); // the come-back invitation
    expect(s.sms.sent).toHaveLength(2);
    expect(await s.reply(text)).toBe('Dank je wel voor je reactie! Groet, Fietsenmaker Test');
    expect(await s.read()).toEqual({ class: 'other' });
    expect(await s.alert('2026-04-14T10:01:00+02:00')).toBeUndefined();
  });

  it.each([['Nee'], ['No'], ['Nope']])('%j to the check-in is still a problem: the owner is alerted, the customer told', async (text) => {
    const s = await texted();
    expect(await s.reply(text)).toMatch(/wat vervelend/i);
    expect(await s.read()).toEqual({ class: 'problem' });
    expect((await s.alert('2026-03-15T10:01:00+01:00'))?.subject).toMatch(/^Probleem van/);
  });

  it('a complaint in words to the come-back invitation is a problem all the same', async () => {
    const s = await texted();
    await s.tick('2026-04-14T10:00:00+02:00');
    expect(await s.reply('Nee, de fiets is alweer kapot')).toMatch(/wat vervelend/i);
    expect(await s.read()).toEqual({ class: 'problem' });
  });
});

// A "not now" in a few more words to the invitation ("No thx", "Nee, nu even niet", "Ik heb al een afspraak") was read as a
// complaint too: the owner got "Probleem van …" and called a customer who had only said "not now".
describe('a "not now" in a few words, by SMS', () => {
  it.each([['No thx'], ['Nee, nu even niet'], ['Niet nodig'], ['Not right now'], ['Ik heb al een afspraak'], ['Nee hoor, alles is goed']])(
    '%j to the come-back invitation declines it: thanked plainly, no alert', async (text) => {
      const s = await texted();
      await s.tick('2026-04-14T10:00:00+02:00'); // the come-back invitation
      expect(await s.reply(text)).toBe('Dank je wel voor je reactie! Groet, Fietsenmaker Test');
      expect(await s.read()).toEqual({ class: 'other' });
      expect(await s.alert('2026-04-14T10:01:00+02:00')).toBeUndefined();
    });

  it.each([['Nee, nu even niet'], ['Niet nodig']])('%j to the check-in is read as before: a problem, the owner alerted', async (text) => {
    const s = await texted();
    expect(await s.reply(text)).toMatch(/wat vervelend/i);
    expect((await s.alert('2026-03-15T10:01:00+01:00'))?.subject).toMatch(/^Probleem van/);
  });

  it.each([['Nee, hij lekt weer'], ['No thanks, the last repair failed'], ['Nee, nooit meer, slechte service']])(
    '%j to the come-back invitation alerts the owner: something is wrong', async (text) => {
      const s = await texted();
      await s.tick('2026-04-14T10:00:00+02:00');
      expect(await s.reply(text)).toMatch(/wat vervelend|sorry/i);
      expect(await s.read()).toEqual({ class: 'problem' });
      expect((await s.alert('2026-04-14T10:01:00+02:00'))?.subject).toMatch(/^Probleem van/);
    });
});

describe('the reader, told which message a reply answers', () => {
  it('reads a bare "Nee" to the come-back invitation as a decline, and to the check-in (or not knowing) as a problem', () => {
    expect(explain('Nee', 'comeback')).toEqual({ class: 'other', because: ['answers no to the come-back invitation: declines it'] });
    expect(classifyWords('Nee', 'checkin')).toBe('problem');
    expect(classifyWords('Nee')).toBe('problem');
    expect(classifyWords('Ja', 'comeback')).toBe('positive');
  });
});
