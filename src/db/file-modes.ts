// What nextdeal keeps on disk only its owner should read: the SQLite database (every customer's name, number and
// replies; the shops' secrets), its -wal and -shm files, and the outbox's messages. What nextdeal makes is made so
// (engines/sqlite.ts openSqlite, channels/outbox.ts), but a file or folder that was there keeps its mode: after an
// upgrade from a release that made them 0644 and 0755, they stayed readable by every user of the machine, and SQLite
// made the new -wal and -shm files so too (the operator's review of 6 December). Said at start, with what to run.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** The mode bits every folder above `path` (its real one) grants: what others may enter all the way down to it. */
function enterable(path: string): number {
  let bits = 0o777;
  for (let dir = dirname(realpathSync(path)); ; dir = dirname(dir)) {
    bits &= statSync(dir).mode;
    if (dir === dirname(dir)) return bits;
  }
}

/**
 * The files and folders of `paths` that other users (group or others) may read, with their modes in octal: readable by
 * them, below folders they may all enter (a 0644 file in a 0700 folder, or below a 0700 home, is no one else's to read:
 * the reviews of 7cae0f1).
 */
function openToOthers(paths: string[]): { path: string; mode: string }[] {
  return paths
    .filter((path) => existsSync(path))
    .map((path) => ({ path, mode: statSync(path).mode & 0o777, within: enterable(path) }))
    .filter(({ mode, within }) => ((mode & 0o040) !== 0 && (within & 0o010) !== 0) || ((mode & 0o004) !== 0 && (within & 0o001) !== 0))
    .map(({ path, mode }) => ({ path, mode: mode.toString(8).padStart(4, '0') }));
}

const quoted = (path: string) => `'${path.replace(/'/g, "'\\''")}'`;

/**
 * A warning naming what other users of this machine may read of the SQLite database (`database`, null on PostgreSQL)
 * and the outbox folder (`outbox`, null when no channel writes there), and the chmod to run; null when nothing is.
 */
export function readableByOthers(database: string | null, outbox: string | null): string | null {
  const files = database && database !== ':memory:' ? openToOthers(['', '-wal', '-shm'].map((suffix) => database + suffix)) : [];
  const folder = outbox ? openToOthers([outbox]) : [];
  if (files.length === 0 && folder.length === 0) return null;
  const run = [
    ...(files.length > 0 ? [`chmod go= ${files.map((f) => quoted(f.path)).join(' ')}`] : []),
    ...(folder.length > 0 ? [`chmod -R go= ${quoted(folder[0]!.path)}`] : []),
  ];
  return (
    `readable by other users of this machine: ${[...files, ...folder].map((f) => `${f.path} (${f.mode})`).join(', ')}. ` +
    "They hold every customer's name, number and replies (the database, the shops' secrets too): nextdeal makes them for its own user " +
    'only, but leaves the mode of what was there already (an install from a release before 2 December). Run: ' +
    run.join(' && ')
  );
}
