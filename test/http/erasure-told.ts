// What a customer who asks for her data to be erased, or asks about it, leaves behind, as the owner and the database
// see it: which channels stopped, the owner's alert, and the card about the reply on the shop's page.
import { expect } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { ownerClient, type scenario, startApp } from '../helpers.js';

export type Scenario = Awaited<ReturnType<typeof scenario>>;

/** Which of her channels stopped (1) and which go on (0). */
export const stopped = (s: Scenario) =>
  s.one('SELECT CASE WHEN sms_opted_out_at IS NULL THEN 0 ELSE 1 END AS sms, CASE WHEN email_opted_out_at IS NULL THEN 0 ELSE 1 END AS email FROM customers');

/** The alert the owner gets (the next tick sends it). */
export async function alertOf(s: Scenario) {
  await s.tick('2026-03-15T10:01:00+01:00');
  const alert = s.email.sent.filter((m) => m.to === 'eigenaar@fietsenmaker.example').at(-1);
  expect(alert).toBeDefined();
  return alert!;
}

/** The owner's card about the reply, read on the shop's page; `reading`: the card of a reply read so ("problem"), else the first. */
export async function cardOf(s: Scenario, reading = '[^"]*') {
  await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
  const owner = ownerClient(await startApp(s.store, () => Date.parse('2026-03-15T10:02:00+01:00')));
  await owner.logIn('fietsenmaker', 'correct horse battery');
  return new RegExp(`<article class="reply ${reading}"[\\s\\S]*?</article>`).exec(await (await owner.get('/shops/fietsenmaker')).text())?.[0] ?? '';
}
