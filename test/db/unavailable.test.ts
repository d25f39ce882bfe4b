// Which failures are the database's for now (503 with Retry-After: send it again) and which are not (500, or the
// request's own 4xx): a till that gets 503 for a request that can never succeed would send it again for ever.
import { describe, expect, it } from 'vitest';
import { isLockBusy, isPoolBusy, isUnavailable } from '../../src/db/unavailable.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isUnavailable', () => {
  it.each([
    ['SQLITE_BUSY', 'a write lock held past busy_timeout'],
    ['SQLITE_BUSY_SNAPSHOT', 'an extended BUSY'],
    ['SQLITE_LOCKED', 'a table locked'],
    ['SQLITE_FULL', 'a full disk'],
    ['SQLITE_READONLY', 'a read-only file'],
    ['SQLITE_IOERR_WRITE', 'an I/O error'],
    ['08006', 'PostgreSQL: connection failure'],
    ['57P01', 'PostgreSQL: admin shutdown'],
    ['57P03', 'PostgreSQL: cannot connect now (starting up)'],
    ['53300', 'PostgreSQL: too many connections'],
    ['53100', 'PostgreSQL: disk full'],
    ['25006', 'PostgreSQL: read-only transaction (a standby)'],
    ['ECONNREFUSED', 'the server refused the connection'],
    ['ETIMEDOUT', 'the connection timed out'],
  ])('%s (%s) is the database unavailable for now', (code) => {
    expect(isUnavailable(coded(code))).toBe(true);
  });

  it.each([
    ['Connection terminated unexpectedly'],
    ['Connection terminated due to connection timeout'],
    ['timeout exceeded when trying to connect'],
    ['The database connection is not open'],
  ])('"%s" (no code) is too', (message) => {
    expect(isUnavailable(new Error(message))).toBe(true);
  });

  it.each([
    ['SQLITE_CONSTRAINT_UNIQUE', 'a unique key broken: the request, or a bug'],
    ['SQLITE_ERROR', 'an SQL error: a bug'],
    ['SQLITE_MISMATCH', 'a wrong type: a bug'],
    ['23505', 'PostgreSQL: unique violation'],
    ['22P02', 'PostgreSQL: invalid text representation'],
    ['40P01', 'PostgreSQL: deadlock (retried inside the transaction)'],
    ['42P01', 'PostgreSQL: no such table: a bug'],
    ['ENOENT', 'a missing file, not the database'],
  ])('%s (%s) is not', (code) => {
    expect(isUnavailable(coded(code))).toBe(false);
  });

  it('nor is an error without a code, or no error at all', () => {
    expect(isUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isUnavailable(undefined)).toBe(false);
    expect(isUnavailable('a string')).toBe(false);
  });
});

describe('isPoolBusy', () => {
  it('is every connection of the pool in use past the wait (a burst, or a database gone quiet), not a connection that cannot be made', () => {
    expect(isPoolBusy(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isPoolBusy(new Error('Connection terminated due to connection timeout'))).toBe(false);
    expect(isPoolBusy(coded('ECONNREFUSED'))).toBe(false);
    expect(isPoolBusy(undefined)).toBe(false);
  });
});

describe('isLockBusy', () => {
  it("is SQLite's write lock held by another process past the wait, not the database failing", () => {
    expect(isLockBusy(coded('SQLITE_BUSY', 'database is locked'))).toBe(true);
    expect(isLockBusy(coded('SQLITE_BUSY_SNAPSHOT'))).toBe(true);
    for (const code of ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR_WRITE', 'SQLITE_LOCKED', '08006']) expect(isLockBusy(coded(code))).toBe(false);
    expect(isLockBusy(undefined)).toBe(false);
  });
});
