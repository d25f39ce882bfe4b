// What an upgrade says it did: the migrations a start applied, and for those that change what the owner sees (their
// page, their figures, their customers' messages) one plain line each. Nothing of any shop or customer.

/** The migrations that change something an owner sees, in a line each (the file's comment says why). */
const FOR_THE_OWNER: Record<number, string> = {
  24: "every customer with the number or address of one who opted out (STOP, unsubscribe link) is opted out too; what waited for them is cancelled",
  31: "a customer gets at most one check-in in 30 days (shop update --checkin-gap-days changes it): a regular buying again within them is not asked again",
  42: 'messages the outbox took (written to a file, never sent) no longer count as reaching the customer: "did asking help?", the hold-out\'s "went out" and what follows the come-back invitation are counted without them',
  53: '"came back after a message" is counted alike for both hold-out groups (within 14 days of a message\'s time, reached or not): the hold-out comparison is counted anew',
  54: 'messages the outbox took are counted as "outbox", no longer as "sent" (/metrics)',
  55: 'join codes a crash cut off in the hour before are sent again',
  60: 'check-ins Twilio reported undelivered or failed no longer count as asking the customer: the reply rate and "did asking help?" are counted without them',
  61: "hold-out customers whose drawn purchase was refunded count from the day they were drawn: the return rates and the hold-out comparison are counted anew",
  62: 'a customer who bought twice on their first day counts as asked when the check-in about either purchase went out: "did asking help?" and the hold-out\'s "went out" are counted anew',
  63: 'an owner\'s "no" recorded before 3 December 2026 (customer consent … no) is now an opt-out: the till\'s next sale no longer gives consent back',
  73: '"did asking help?" counts every customer held out on purpose in its line under the rows only, never in a row too, and a customer drawn at a voided purchase as that purchase says, not as one voided before it without consent: it is counted anew',
  75: 'the check-in of a Shopify web order sent by post that comes from now on goes 4 days after the order, once the parcel can have come, no longer the next morning (shop update --shipped-checkin-days changes it); its invitation moves as far',
  76: 'the search of the message log ignores accents, as it ignores case: "zoe" finds Zoë, "Zoë" finds Zoe (on PostgreSQL, where the server allows the unaccent extension)',
  79: "a come-back invitation a customer's complaint holds now thanks her for telling and names nothing she bought; it goes no sooner than the morning after the complaint is marked handled, and lapses (cancelled, complaint_late) when that is more than 14 days after its time: those a complaint held at the upgrade are marked too, and the ones already more than 14 days past their time lapse on the first sweep",
};

const padded = (v: number) => String(v).padStart(3, '0');

/**
 * The lines an upgrade says: which migrations it applied (`applied`, in order), then what each one that changes
 * something for the owner changes. None for a new database (`fresh`: its schema made from the first migration, or no shop in it yet).
 */
export function migrationsSaid(applied: number[], fresh: boolean): string[] {
  if (applied.length === 0 || fresh) return [];
  const range = applied.length === 1 ? `migration ${padded(applied[0]!)}` : `${applied.length} migrations (${applied.map(padded).join(', ')})`;
  return [
    `database upgraded: applied ${range}`,
    ...applied.filter((v) => FOR_THE_OWNER[v]).map((v) => `migration ${padded(v)} changes for the owner: ${FOR_THE_OWNER[v]}`),
  ];
}
