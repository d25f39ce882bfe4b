// Which messages a sale schedules, when, and on which channel. Pure: the database layer gathers the facts.
import { canReceiveSms } from './contact.js';
import { MIN_GAP, type ShopRules, allowedSlot, checkinTime, comebackTime, isExpired, localDay } from './schedule.js';

export type ChannelName = 'sms' | 'email';
export type MessageKind = 'checkin' | 'comeback';
export const messageKinds: readonly MessageKind[] = ['checkin', 'comeback'];

/** Why a message was not scheduled. */
export type SkipReason =
  | 'no_contact' // no phone that takes SMS and no e-mail address
  | 'no_consent' // contact known, but no consent for that channel
  | 'opted_out' // the customer said stop
  | 'checkin_today' // the customer already gets a check-in that day
  | 'checkin_recent' // the customer got, or gets, a check-in fewer than the shop's checkinGapDays before or after
  | 'bought_again' // a newer sale exists: its own come-back invitation counts
  | 'too_late' // the moment has passed by more than the 48-hour grace (an old sale imported)
  | 'refunded' // the sale arrived already refunded, or refunded in part
  | 'voided' // the sale arrived already voided (cancelled)
  | 'held_out'; // the customer is in the hold-out group: nextdeal keeps what it would have sent, to compare

export interface Reachability {
  phone: string | null;
  email: string | null;
  smsConsent: boolean;
  emailConsent: boolean;
  smsOptedOut: boolean;
  emailOptedOut: boolean;
}

export type ChannelChoice = { channel: ChannelName } | { reason: 'no_contact' | 'no_consent' | 'opted_out' };

/**
 * Which channels of this installation reach a customer: false where its messages are only written to the outbox on
 * disk (no Twilio or SMTP set up, or OUTBOX_CHANNELS), or go to a mail catcher. See channels/index.ts, delivering().
 */
export type Delivering = Readonly<Record<ChannelName, boolean>>;
export const EVERY_CHANNEL: Delivering = { sms: true, email: true };

/**
 * SMS when there is a phone that takes SMS with SMS consent, else e-mail with e-mail consent, else why not; but a
 * channel that reaches the customer before one that does not (a shop with e-mail set up and no Twilio: the e-mail, not
 * a text written to the outbox that nobody gets).
 */
export function chooseChannel(c: Reachability, delivering: Delivering = EVERY_CHANNEL): ChannelChoice {
  const sms = c.phone !== null && canReceiveSms(c.phone);
  const email = c.email !== null;
  const open: ChannelName[] = [];
  if (sms && c.smsConsent && !c.smsOptedOut) open.push('sms');
  if (email && c.emailConsent && !c.emailOptedOut) open.push('email');
  const channel = open.find((ch) => delivering[ch]) ?? open[0];
  if (channel) return { channel };
  if (!sms && !email) return { reason: 'no_contact' };
  const consentedButStopped = (sms && c.smsConsent && c.smsOptedOut) || (email && c.emailConsent && c.emailOptedOut);
  return { reason: consentedButStopped ? 'opted_out' : 'no_consent' };
}

/** One of the customer's messages still going out or gone out: the 24-hour gap is kept from these. */
export interface LiveMessage {
  kind: MessageKind;
  at: number;
  id?: number;
  /** A check-in not on its way yet: a newer purchase's check-in takes its place (see planMessages). */
  movable?: boolean | number;
  /** When its sale was made: a check-in of the same day gives way only to a purchase made after it. */
  soldAt?: number | null;
}

export interface PlanInput {
  soldAt: number;
  /** The goods were sent to the customer (a web shop's order): the check-in waits for the parcel (checkinTime). */
  shipped?: boolean;
  now: number;
  rules: ShopRules;
  reach: Reachability | null; // null: the sale names no customer
  boughtSince: boolean; // the customer has a newer sale than this one
  live: readonly LiveMessage[];
  /** Which channels reach a customer (see chooseChannel); every one when not said. */
  delivering?: Delivering;
}

export interface Planned {
  kind: MessageKind;
  channel: ChannelName;
  dueAt: number;
}
export interface Skipped {
  kind: MessageKind;
  reason: SkipReason;
}

export interface Plan {
  scheduled: Planned[];
  skipped: Skipped[];
  /** The ids of earlier purchases' check-ins, not on their way yet, that this sale's check-in replaces. */
  replaces: number[];
}

export function planMessages({ soldAt, shipped = false, now, rules, reach, boughtSince, live, delivering }: PlanInput): Plan {
  const choice: ChannelChoice = reach ? chooseChannel(reach, delivering) : { reason: 'no_contact' };
  if ('reason' in choice) return { scheduled: [], skipped: messageKinds.map((kind) => ({ kind, reason: choice.reason })), replaces: [] };

  // A customer's check-ins are days apart: a regular who buys every day is not asked every morning. An earlier
  // purchase's check-in that has not gone yet, that day's too, gives way to this one: the customer is asked about what
  // they bought last, and a refund of the earlier purchase (an exchange, even within the hour) cannot take the only
  // check-in with it.
  const checkin = checkinTime(soldAt, rules, shipped);
  const day = localDay(checkin, rules);
  const near = live.filter((m) => m.kind === 'checkin').map((m) => ({ m, days: localDay(m.at, rules) - day }))
    .filter(({ days }) => Math.abs(days) < rules.checkinGapDays);
  // (The same day's only to a later purchase: an older one that arrives late, out of order, takes nothing.)
  const givesWay = ({ m, days }: (typeof near)[number]) =>
    !!m.movable && m.id !== undefined && (days < 0 || (days === 0 && m.soldAt != null && Number(m.soldAt) <= soldAt));
  const moves = near.every(givesWay);

  const scheduled: Planned[] = [];
  const skipped: Skipped[] = [];
  // What gives way keeps no time from this sale's messages.
  const taken = live.filter((m) => !(moves && near.some((n) => n.m === m))).map((m) => m.at);
  const place = (kind: MessageKind, wanted: number): void => {
    const dueAt = allowedSlot(wanted, taken, rules);
    if (isExpired(dueAt, now)) return void skipped.push({ kind, reason: 'too_late' });
    scheduled.push({ kind, channel: choice.channel, dueAt });
    taken.push(dueAt);
  };

  let replaces: number[] = [];
  if (!moves) skipped.push({ kind: 'checkin', reason: near.some(({ days }) => days === 0) ? 'checkin_today' : 'checkin_recent' });
  else {
    place('checkin', checkin);
    if (scheduled.some((m) => m.kind === 'checkin')) replaces = near.map(({ m }) => m.id!);
  }

  // Never invited back before she is asked how her purchase is: not before a check-in still waiting for her that stays
  // (an earlier web order's, days off for its parcel, may lie after this sale's invitation), and a day after it.
  const waiting = live.filter((m) => m.kind === 'checkin' && !!m.movable && !(m.id !== undefined && replaces.includes(m.id)));
  const comeback = Math.max(comebackTime(soldAt, rules, shipped), ...waiting.map((m) => Number(m.at) + MIN_GAP));
  if (boughtSince) skipped.push({ kind: 'comeback', reason: 'bought_again' });
  else place('comeback', comeback);

  return { scheduled, skipped, replaces };
}
