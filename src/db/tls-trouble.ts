// A PostgreSQL connection whose TLS failed, in an operator's words, with what to do. `sslmode=require` is what a
// managed PostgreSQL hands out, and node-postgres (8.x) reads it, as `prefer` and `verify-ca`, as verify-full: the
// server's certificate must be signed by an authority this machine trusts and name the host in the URL. libpq (psql)
// only encrypts under `require`, so a URL psql takes may fail here on a self-signed or provider-signed certificate,
// and on a server without TLS, where libpq's `prefer` would go on unencrypted. These failures came out as a stack
// trace at start (the operator review of PostgreSQL, finding 3): now one line, as every other reason not to start.

/** Node's and OpenSSL's codes for a certificate that was not accepted, and for a TLS handshake that failed. */
const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const UNKNOWN_AUTHORITY = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED']);
const OUT_OF_DATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const OTHER_TLS = /^(ERR_SSL_|ERR_TLS_)|CERT|CRL|^(INVALID_CA|INVALID_PURPOSE|PATH_LENGTH_EXCEEDED|HOSTNAME_MISMATCH)$/;
/** node-postgres's own, without a code: the server answered its SSLRequest with "no". */
const NO_TLS = /^The server does not support SSL connections/;
/**
 * pg-connection-string's own, without a code, as it reads the URL (before any connection): uselibpqcompat=true with
 * sslmode=verify-ca and no sslrootcert. It came out as a stack trace at start and in every command (the review of ffa7f1a).
 */
const NO_ROOTCERT = /^SECURITY WARNING: Using sslmode=verify-ca requires specifying a CA with sslrootcert/;

/** The URL's TLS settings, as node-postgres reads them (pg-connection-string), or none where it is not a URL. */
function settings(url: string): { sslmode: string | null; libpq: boolean; rootcert: string | null; host: string } {
  try {
    const u = new URL(url);
    const p = u.searchParams;
    return { sslmode: p.get('sslmode'), libpq: p.get('uselibpqcompat') === 'true', rootcert: p.get('sslrootcert'), host: p.get('host') ?? u.hostname };
  } catch {
    return { sslmode: null, libpq: false, rootcert: null, host: '' };
  }
}

/**
 * Why the connection's TLS failed and what to do, in words (the cause, its code, the remedy), or null when `err` is
 * not of TLS. `setting`: where the URL was given (DATABASE_URL, or copy's --to), named in the remedy; the URL itself
 * is never shown (it holds the password).
 */
export function tlsTrouble(err: unknown, url: string, setting: string): string | null {
  const code = String((err as { code?: unknown })?.code ?? '');
  const message = String((err as Error)?.message ?? '');
  const { sslmode, libpq, rootcert, host } = settings(url);
  // What node-postgres makes of a mode libpq reads otherwise, when the URL has one and asked for no libpq meaning.
  const read = sslmode && !libpq && ['prefer', 'require', 'verify-ca'].includes(sslmode)
    ? `, and node-postgres reads sslmode=${sslmode} as verify-full (a certificate signed by an authority this machine trusts, naming the host), unlike psql`
    : '';
  if (NO_ROOTCERT.test(message)) {
    return "uselibpqcompat=true&sslmode=verify-ca checks the server's certificate against the authority that signed it, and " +
      `${setting} names none: add your provider's CA certificate to ${setting} as sslrootcert=<file>`;
  }
  if (NO_TLS.test(message)) {
    return `the server does not take TLS connections, and ${sslmode ? `sslmode=${sslmode}` : 'the URL'} asks for one` +
      `${sslmode === 'prefer' ? ' (node-postgres does not go on unencrypted, as libpq does for prefer)' : ''}: ` +
      `for a server without TLS (one on this machine or a private network) leave sslmode out of ${setting}; else turn TLS on at the server`;
  }
  const trust = rootcert
    ? `check that sslrootcert (${rootcert}) holds the authority that signed the server's certificate (the CA file your provider hands out)`
    : `add your provider's CA certificate to ${setting} as sslrootcert=<file>`;
  // Only where psql, under the URL's sslmode, would not check the certificate either: to an operator who asked for it
  // to be checked (verify-ca, verify-full) dropping the check is no remedy (the review of ffa7f1a).
  const libpqRequire = !libpq && (sslmode === 'prefer' || sslmode === 'require')
    ? `; or, for libpq's meaning of require (encrypted, the certificate not checked), use uselibpqcompat=true&sslmode=require`
    : '';
  if (SELF_SIGNED.has(code) || UNKNOWN_AUTHORITY.has(code)) {
    const what = code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ? 'is self-signed' : 'is signed by an authority this machine does not trust';
    return `the server's certificate ${what} (${code})${read}: ${trust}${libpqRequire}`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the server's certificate does not name the host ${host} (${code})${read}: connect by a name the certificate has; ` +
      `or, to check the authority but not the name (libpq's verify-ca), use uselibpqcompat=true&sslmode=verify-ca with sslrootcert=<file>`;
  }
  if (OUT_OF_DATE.has(code)) {
    return `the server's certificate ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'} (${code}): ` +
      "the database server needs a new certificate (or this machine's clock is wrong)";
  }
  if (OTHER_TLS.test(code)) return `the TLS connection to the server failed: ${message} (${code})${read}`;
  return null;
}
