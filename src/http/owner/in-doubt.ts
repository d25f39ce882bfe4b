// Messages in doubt (may or may not have reached the customer), as the owner's pages tell of them. An SMS the
// dispatcher looks up in Twilio's records TWILIO_RECONCILE_MINUTES after its send (src/queue/messages.ts reconcile:
// found, it counts as sent; not there, it goes again by itself) needs nothing of the owner. The others (an e-mail, a
// restore, an SMS that could not be looked up within two days) wait for the owner to ask the customer and choose.
import type { UncertainKind, UncertainRow } from '../../db/figures.js';
import type { ChannelName } from '../../domain/plan.js';
import { type Html, html } from '../html.js';
import { type Ctx, timeOrDay } from './format.js';

/** TWILIO_RECONCILE_MINUTES when Twilio is set up and settles texts in doubt; undefined when nothing looks them up. */
export type LookUp = number | undefined;

/** Why a message is in doubt, as the owner is told. */
export type Cause = 'interrupted' | 'no_answer_sms' | 'no_answer_email' | 'restored';
const CAUSES: readonly Cause[] = ['interrupted', 'no_answer_sms', 'no_answer_email', 'restored'];
const causeOf = (k: Pick<UncertainKind, 'channel' | 'error'>): Cause =>
  k.error === 'restored' ? 'restored' : k.error === 'in_doubt' ? (k.channel === 'sms' ? 'no_answer_sms' : 'no_answer_email') : 'interrupted';

export interface InDoubt {
  /** Texts Twilio's records settle: how many, why, and when the last is looked up. */
  checked: { n: number; causes: Cause[]; lookedUpAt: number } | null;
  /**
   * What the owner settles; `unchecked`: how many of them are texts Twilio's records could not settle (the others are
   * e-mails, or put back by a restore: said apart, not all called texts).
   */
  decide: { n: number; causes: Cause[]; unchecked: number } | null;
}

/** The messages in doubt, split into those nextdeal settles itself and those the owner must. */
export function inDoubt(kinds: readonly UncertainKind[], lookUp: LookUp): InDoubt {
  const checked = lookUp === undefined ? [] : kinds.filter((k) => k.lookedUp === 1);
  const decide = kinds.filter((k) => !checked.includes(k));
  const causes = (ks: readonly UncertainKind[]) => CAUSES.filter((c) => ks.some((k) => causeOf(k) === c));
  const n = (ks: readonly UncertainKind[]) => ks.reduce((sum, k) => sum + k.n, 0);
  return {
    checked: checked.length ? { n: n(checked), causes: causes(checked), lookedUpAt: Math.max(...checked.map((k) => k.lastClaimed)) + (lookUp ?? 0) * 60_000 } : null,
    decide: decide.length
      ? { n: n(decide), causes: causes(decide), unchecked: lookUp === undefined ? 0 : n(decide.filter((k) => k.channel === 'sms' && causeOf(k) !== 'restored')) }
      : null,
  };
}

/** One message in doubt of the log, as a kind of one. */
export const oneKind = (m: UncertainRow): UncertainKind => ({ channel: m.channel as ChannelName, error: m.error, lookedUp: m.lookedUp, n: 1, lastClaimed: m.claimedAt });

/** When Twilio is asked: the time (with the day when not today), or null once it is past (asked at every tick since). */
export function lookedUpWhen(c: Ctx, ms: number): string | null {
  return ms <= c.now ? null : timeOrDay(c, ms);
}

/** The warning's paragraphs: what nextdeal settles itself, then what the owner must; `link` after the last. */
export function inDoubtWarning(c: Ctx, d: InDoubt, link: Html | '' = ''): Html[] {
  const { w } = c;
  const said = (causes: Cause[]) => causes.map((x) => w.inDoubtCauses[x]).join(w.inDoubtOr);
  const parts = [
    d.checked ? w.uncertainChecked(d.checked.n, said(d.checked.causes), lookedUpWhen(c, d.checked.lookedUpAt)) : '',
    d.decide ? w.uncertainWarning(d.decide.n, said(d.decide.causes), d.decide.unchecked) : '',
  ].filter(Boolean);
  return parts.map((p, i) => html`<p>${p}${i === parts.length - 1 && link ? html` ${link}` : ''}</p>`);
}
