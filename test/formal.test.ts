// A shop that says "u": a pharmacy, a notary, most Flemish shops. Everything its Dutch customers read says "u", never
// "je": the messages, the auto-replies, the code, and the pages; the owner's alert stays as it was.
import { describe, expect, it } from 'vitest';
import { messageProps } from '../src/domain/message-props.js';
import { type Voice, voiceFor } from '../src/domain/sale.js';
import { phrases } from '../src/i18n.js';
import { type AutoReply, loadTemplates } from '../src/templates.js';
import { messageSid, postTwilio, scenario, twimlMessage } from './helpers.js';

const templates = loadTemplates();
/** "je", "jij", "jou", "jouw", "jezelf": said to one person informally. ("jullie" is plural, and the shop's own "we".) */
const INFORMAL = /\b(je|jij|jou|jouw|jezelf)\b/i;

/** Everything a customer may read in a voice: every message, auto-reply and code, and every phrase of the pages. */
function everything(voice: Voice): string[] {
  const props = (item: string | null, reason: string | null, total: number | null = null) =>
    messageProps({ customerName: 'Sanne de Vries', shopName: 'Apotheek De Linde', items: item ? [{ name: item, sku: null, quantity: 1, unitPrice: total === 0 ? 0 : null }] : [], reason, total,
      soldAt: Date.parse('2026-03-14T15:00:00+01:00'), sendAt: Date.parse('2026-03-15T10:00:00+01:00'), timezone: 'Europe/Amsterdam', locale: 'nl',
      links: { replyUrl: 'https://x/r/t', unsubscribeUrl: 'https://x/u/t' } });
  const texts: string[] = [];
  for (const kind of ['checkin', 'comeback'] as const) {
    // total 0: a visit ("was u bij …"), worded apart.
    for (const p of [props('Hooikoortstabletten', 'mijn hooikoorts'), props(null, null), props('Bloeddrukmeting', null, 0)]) {
      texts.push(templates.sms(voice, kind, p));
      const mail = templates.email(voice, kind, p);
      texts.push(mail.subject, mail.text, mail.html);
    }
  }
  const replies: AutoReply[] = ['stopped', 'email_stopped', 'stopped_all', 'number_stopped_all', 'started', 'help', 'thanks', 'sorry', 'question', 'received', 'misdirected'];
  for (const r of replies) texts.push(templates.autoReply(voice, r, { shopName: 'Apotheek De Linde' }));
  texts.push(templates.confirmSms(voice, { shopName: 'Apotheek De Linde', code: '123456' }));
  const mail = templates.confirmEmail(voice, { shopName: 'Apotheek De Linde', confirmUrl: 'https://x/j/t' });
  texts.push(mail.subject, mail.text, mail.html);
  const strings = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : typeof v === 'function' ? [String(v('Apotheek De Linde', 'phone'))] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];
  texts.push(...strings(phrases[voice]));
  return texts;
}

describe('a shop that says "u"', () => {
  it('says "u" in everything a Dutch customer reads, where a shop that says "je" says "je"', () => {
    expect(everything('nl').filter((t) => INFORMAL.test(t)).length).toBeGreaterThan(30); // the test can tell
    expect(everything('nl-u').filter((t) => INFORMAL.test(t))).toEqual([]);
    expect(templates.sms('nl-u', 'checkin', messageProps({ customerName: 'Sanne de Vries', shopName: 'Apotheek De Linde', items: [], reason: null,
      soldAt: Date.parse('2026-03-14T15:00:00+01:00'), sendAt: Date.parse('2026-03-15T10:00:00+01:00'), timezone: 'Europe/Amsterdam', locale: 'nl' })))
      .toBe('Beste Sanne, gisteren kocht u iets bij Apotheek De Linde. Bevalt het? Antwoord gerust. Afmelden: STOP');
  });

  it('is the voice of a formal shop in Dutch only: English has one "you"', () => {
    expect(voiceFor({ locale: 'nl', formal: 1 })).toBe('nl-u');
    expect(voiceFor({ locale: 'nl', formal: 1 }, 'en-GB')).toBe('en');
    expect(voiceFor({ locale: 'en', formal: 1 }, 'nl-BE')).toBe('nl-u');
    expect(voiceFor({ locale: 'nl', formal: 0 }, 'nl-BE')).toBe('nl');
  });

  it("sends a formal shop's check-in, its auto-reply and its join page in \"u\"", async () => {
    const s = await scenario({ customer: { name: 'Sanne de Vries', phone: '06 13572468', email: 'sanne@example.com', consent: { sms: true } } });
    await s.store.shops.update('fietsenmaker', { formal: 1 });
    await s.tick('2026-03-15T10:00:00+01:00');
    expect(s.sms.sent[0]!.body).toMatch(/^Beste Sanne, gisteren kocht u Regenjas bij Fietsenmaker Test/);
    const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'De rits is kapot' });
    expect(twimlMessage(res.text)).toBe('Dank u, wat vervelend. Fietsenmaker Test neemt snel contact met u op.');
    const join = await (await fetch(`${s.base}/shops/fietsenmaker/join`)).text();
    expect(join).toContain('Laat uw nummer of e-mailadres achter');
  });
});
