// A shop's own sender address (`shop update --email-from`) goes out through nextdeal's SMTP server, which its domain
// may not have allowed. A domain that publishes a DMARC policy of "reject" or "quarantine" then has that mail refused
// or put in spam by the customer's mail server, after the SMTP server took it: nextdeal never hears of it, and the shop
// thinks its customers were asked. The operator is told when the address is set (src/cli/shop.ts).
import { Resolver } from 'node:dns/promises';

export type DmarcPolicy = 'reject' | 'quarantine' | 'none';

/** What looks up TXT records: node's resolver, or in tests one asking a DNS server on loopback. */
export type TxtLookup = Pick<Resolver, 'resolveTxt'>;

/** The system's DNS servers, 2 s a question at most: a command waits no longer for a check that only warns. */
export const systemDns = (): TxtLookup => new Resolver({ timeout: 2000, tries: 1 });

/** A DNS answer that says there is no such record (the name exists or not), as against a server that did not answer. */
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA']);

/**
 * The policy the domain publishes for mail that fails DMARC, or null when it publishes none. Without a record of its
 * own (or one that names no policy), its parents' up to the last two labels, the nearest first (the organisational
 * domain: "shop.example.co.uk" → "example.co.uk", without the public suffix list; "co.uk" publishes none), whose
 * `sp=` covers subdomains. Throws when DNS does not answer.
 */
export async function dmarcPolicy(domain: string, dns: TxtLookup): Promise<DmarcPolicy | null> {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  const own = await record(labels.join('.'), dns);
  const p = own && policy(own, 'p');
  if (p) return p;
  for (let up = 1; labels.length - up >= 2; up++) {
    const parent = await record(labels.slice(up).join('.'), dns);
    const inherited = parent && (policy(parent, 'sp') ?? policy(parent, 'p'));
    if (inherited) return inherited;
  }
  return null;
}

/** The domain's DMARC record's tags ("v=DMARC1; p=reject; …"), or null without one. */
async function record(domain: string, dns: TxtLookup): Promise<Map<string, string> | null> {
  const found = await dns.resolveTxt(`_dmarc.${domain}`).catch((e: NodeJS.ErrnoException) => {
    if (NO_RECORD.has(e.code ?? '')) return [];
    throw e;
  });
  // A TXT record may come in several strings, to be joined; a record that is not DMARC's is ignored (RFC 7489, 6.6.3).
  const dmarc = found.map((parts) => parts.join('')).filter((t) => /^v\s*=\s*DMARC1\s*(;|$)/i.test(t));
  if (dmarc.length !== 1) return null;
  return new Map(dmarc[0]!.split(';').map((tag) => tag.split('=').map((s) => s.trim().toLowerCase()) as [string, string]));
}

const policy = (tags: Map<string, string>, tag: 'p' | 'sp'): DmarcPolicy | null => {
  const value = tags.get(tag);
  return value === 'reject' || value === 'quarantine' || value === 'none' ? value : null;
};
