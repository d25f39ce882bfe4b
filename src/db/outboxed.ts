// A message the local outbox took (no SMTP or Twilio configured) was written to a file, never sent: its provider id
// starts with 'outbox:' (src/channels/outbox.ts). No figure counts it as reaching the customer. The two conditions on a
// messages row `m`, written once; the first is also the WHERE of migration 037's index messages_outboxed, which a
// query can use only when it says the same.
export const OUTBOX = "substr(m.provider_id, 1, 7) = 'outbox:'";
/** A message's status as the installation's counts keep it (message_counts, migration 054): 'outbox' for one the outbox took. */
export const COUNTED_STATUS = "CASE WHEN status = 'sent' AND substr(provider_id, 1, 7) = 'outbox:' THEN 'outbox' ELSE status END";
/** As OUTBOX, of a provider id in hand: the outbox took the message, nobody got it. */
export const outboxed = (providerId: string | null | undefined): boolean => providerId?.startsWith('outbox:') ?? false;
/** Not one the outbox took (also a message without a provider id). */
export const NOT_OUTBOX = "coalesce(substr(m.provider_id, 1, 7), '') <> 'outbox:'";
/**
 * A message's status as the operator and the customer are shown it: 'outbox' for one the outbox took (its status says
 * 'sent', to a file), else its status: `messages list`, the customer's export.
 */
export const LISTED_STATUS = `CASE WHEN m.status = 'sent' AND ${OUTBOX} THEN 'outbox' ELSE m.status END`;
