// What every till vendor's adapter provides: verify a delivery over its exact bytes, read it into nextdeal's
// own sales and refunds, and (where the vendor keeps customers apart) look a customer up in its API.
import type { Shop } from '../db/shops.js';
import type { Connection, Vendor } from '../db/tills.js';
import type { RefundPart } from '../domain/refunds.js';
import type { Sale, SaleCustomer } from '../domain/sale.js';

export interface Delivery {
  raw: Buffer; // the body exactly as received
  headers: Record<string, string | undefined>; // lower-case names
  url: string; // the URL the vendor posted to, as registered with it (Square signs it)
  receivedAt?: number; // when it came (epoch ms); absent: now (Date.now())
}

export type Action =
  /** A sale. `lookup`: the vendor's customer id, whose contact details its API can give (the check-in waits). */
  | { type: 'sale'; sale: Sale; lookup?: string }
  /** A refund or void of a sale known by its till sale id; `part`: the amount refunded, where the vendor gives it. */
  | { type: 'refund'; tillSaleId: string; status: 'refunded' | 'voided'; part?: RefundPart }
  /**
   * No sale (`why`: a Shopify web order not paid yet), but the consent its customer withdrew (`customer.consent`, only
   * its `false`s) is taken for the customer it names, as a sale's would be; `placedAt`: when the order was placed.
   */
  | { type: 'withdraw'; tillSaleId: string; why: string; customer: SaleCustomer; placedAt: number };

export type Reading =
  // another topic, a test notification, a sale not finished yet: 200, nothing stored. `mismatch`: a body that is not
  // what its topic says (a Shopify orders/cancelled without cancelled_at): never acted on, and logged as such.
  // `foreign`: a delivery for another vendor account than the connection's (see otherAccount): logged as such.
  // `later`: not a sale yet, and one by a later delivery of another topic (a Shopify web order not paid, by orders/paid):
  // logged, so that an operator whose shop lacks that subscription sees why its web orders are never messaged.
  | { kind: 'ignore'; why: string; mismatch?: true; foreign?: true; later?: true }
  // `skipped`: in a delivery of several receipts, those that could not be read, each in words; the others are acted on.
  | { kind: 'actions'; eventId: string | null; actions: Action[]; skipped?: string[] };

/** A delivery that verified but cannot be read: answered 400. */
export class BadPayload extends Error {}

export interface VendorAdapter {
  vendor: Vendor;
  /** The most a delivery of this vendor can be, in bytes: the body is read in full before its signature is checked. */
  bodyLimit: number;
  /** The vendor's field a sale's time is read from, as a warning about that time names it (a sale dated ahead). */
  timeField: string;
  /**
   * A delivery the vendor sends unsigned by design (Zettle's subscription TestMessage): why it is answered 200 at once,
   * with nothing stored and nothing more of it read. Null for everything else, which must then verify.
   */
  unsigned?(d: Delivery): string | null;
  /**
   * The vendor account a delivery names, as `shop connect --account` takes it: what it is, where to find it, and the
   * form it must have. Absent for vendors whose signature already names the shop (Square signs the URL).
   */
  account?: { what: string; pattern: RegExp };
  /**
   * The header(s) the vendor signs a delivery in, as its documentation writes them (the first is the one to send), and
   * what a delivery without any of them is answered (401), beyond naming them: why it may have come unsigned, and what
   * to do. A till's developer sees only that answer, and "does not match" would send them after the key.
   */
  signature: { headers: readonly string[]; missing?(d: Delivery): string | null };
  /** Checks the vendor's signature over the exact bytes (and for Square the URL), in constant time. */
  verify(d: Delivery, secret: string): boolean;
  /** Reads a verified delivery; throws BadPayload when it cannot. */
  read(d: Delivery, shop: Shop, connection: Connection): Reading;
  /**
   * Contact details of a customer by the vendor's id; null when the vendor does not know them. A national phone
   * number is read in the customer's own country when the vendor gives it, else `country` (the shop's).
   * Throws LookupFailed when it may work later.
   */
  lookup?(customerRef: string, connection: Connection, country: string, fetchFn?: typeof fetch): Promise<SaleCustomer | null>;
}

/** A lookup failure worth another try (network, 429, 5xx) rather than a final "unknown". */
export class LookupFailed extends Error {}
