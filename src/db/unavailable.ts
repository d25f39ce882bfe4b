// Failures of the database rather than of the request: the transaction under way was undone, and the same request
// sent again later can succeed. It is then answered 503 with Retry-After (src/http/errors.ts), not 500, which stays for
// nextdeal's own faults.

/** SQLite's: a write lock held past busy_timeout, a full or read-only disk, an I/O error, a file it cannot open. */
const SQLITE = /^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR|CANTOPEN|PERM)/;
/**
 * PostgreSQL's SQLSTATEs: a connection lost or refused (08), a password no longer accepted (28), no such database
 * (3D), a full disk, no memory, too many connections (53), a server shutting down or starting (57P0x), and a read-only
 * transaction (25006: a standby, or a database set read-only).
 */
const POSTGRES = /^(08|28|3D|53|57P0)|^25006$/;
/** The network's, on the way to a PostgreSQL server. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
/**
 * Those without a code: node-postgres's lost connection, a connection not made or not free in time (CONNECT_TIMEOUT_MS),
 * and a connection closed while the process stops.
 */
const MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|The database connection is not open)/;

/**
 * node-postgres's pool found every one of its connections (DATABASE_POOL_SIZE) in use for CONNECT_TIMEOUT_MS: more
 * requests at once than connections (a burst of sales waiting on their shops' locks), or connections held by
 * statements a database gone quiet does not answer; the pool cannot tell which. (A connection it cannot make fails
 * otherwise: refused, or "Connection terminated due to connection timeout".) Unavailable for now, as the rest.
 */
export const isPoolBusy = (err: unknown): boolean => String((err as Error)?.message ?? '').startsWith('timeout exceeded when trying to connect');

/** How long a write waits for SQLite's write lock (busy_timeout) before it gives up with SQLITE_BUSY. */
export const SQLITE_BUSY_WAIT_MS = 5000;

/**
 * SQLite's write lock held by another process for longer than SQLITE_BUSY_WAIT_MS: one writer at a time, and this
 * server's own writes go through its one connection, so the holder is another process on the same file (a `nextdeal`
 * command writing, a sqlite3 shell or script in a transaction, a backup tool that locks the file, a second nextdeal
 * started on it). The database itself is fine. Unavailable for now, as the rest.
 */
export const isLockBusy = (err: unknown): boolean => String((err as { code?: unknown })?.code ?? '').startsWith('SQLITE_BUSY');

export function isUnavailable(err: unknown): boolean {
  const code = String((err as { code?: unknown })?.code ?? '');
  return SQLITE.test(code) || POSTGRES.test(code) || NETWORK.has(code) || MESSAGES.test(String((err as Error)?.message ?? ''));
}
