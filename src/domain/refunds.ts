// What a sale's refunds make of it. A refund of part of it (one coat of two brought back) leaves it a sale: the customer
// bought, and kept, the rest, so it still counts as a visit, for what was kept. A refund of all of it, or a void, makes
// it count for nothing. Either way nobody is asked about it any more (see sales.ts: its messages name what was bought).

/** A refund or void as the till sent it. */
export interface Refund {
  status: 'refunded' | 'voided';
  /** What was refunded, in the sale's units (as its total); null: all of it. */
  amount: number | null;
  currency: string | null;
}

/** A refund of an amount, with the till's id of it: sent again (a retry, an update of it), it counts once. */
export interface RefundPart {
  id: string;
  amount: number;
  currency: string | null;
}

export interface AfterRefunds {
  status: 'completed' | 'refunded' | 'voided';
  /** What was refunded of a sale that stays completed, in its units; null when nothing was. */
  refunded: number | null;
}

/** Amounts are compared in hundredths, as the owner's page sums them: 0.1 + 0.2 refunds 0.30, not 0.30000000000000004. */
const hundredths = (amount: number): number => Math.round(amount * 100);

/**
 * A sale of `total` in `currency` after `refunds` (in any order). A refund that cannot be weighed against the sale (no
 * amount, no total to weigh it against, another currency) is taken for all of it, as any refund was before amounts
 * were read: the customer is never asked about what they may have brought back.
 */
export function afterRefunds(total: number | null, currency: string | null, refunds: readonly Refund[]): AfterRefunds {
  if (refunds.length === 0) return { status: 'completed', refunded: null };
  if (refunds.some((r) => r.status === 'voided')) return { status: 'voided', refunded: null };
  const comparable = (r: Refund) =>
    r.amount !== null && r.amount > 0 && (r.currency === null || currency === null || r.currency.toUpperCase() === currency.toUpperCase());
  if (total === null || total <= 0 || !refunds.every(comparable)) return { status: 'refunded', refunded: null };
  const refunded = refunds.reduce((sum, r) => sum + hundredths(r.amount!), 0);
  return refunded >= hundredths(total) ? { status: 'refunded', refunded: null } : { status: 'completed', refunded: refunded / 100 };
}
