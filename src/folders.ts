// Folders nextdeal makes for its data (the database's, the outbox), made with their parents. Node's recursive mkdir
// reports a parent on a read-only file system as ENOENT ("no such file or directory, mkdir '…/sub'"), which reads as a
// typo in the path (the operator's review of 6 December): a failure says which folder it could not make, in which
// one, and why (read-only, or not this user's to write in).
import { accessSync, constants, existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Makes `dir` and its missing parents with `mode`; a failure says why in words, with the code. Returns the first folder
 * it made (the highest), undefined when `dir` was there.
 */
export function makeFolder(dir: string, mode: number): string | undefined {
  try {
    return mkdirSync(dir, { recursive: true, mode });
  } catch (err) {
    throw whyNotMade(dir, err as NodeJS.ErrnoException);
  }
}

function whyNotMade(dir: string, err: NodeJS.ErrnoException): Error {
  let missing = dir;
  while (!existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
  const parent = dirname(missing);
  if (existsSync(missing) || !existsSync(parent)) return err;
  return notWritable(parent, `the folder ${missing}`) ?? err;
}

/**
 * Why `thing` cannot be made in the folder `dir`, in words with the code (read-only, or not this user's to write in),
 * or null when `dir` may be written in.
 */
function notWritable(dir: string, thing: string): Error | null {
  try {
    accessSync(dir, constants.W_OK);
    return null;
  } catch (denied) {
    const code = (denied as NodeJS.ErrnoException).code;
    const why = code === 'EROFS' ? 'is on a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'may not be written in by this user' : `cannot be written in`;
    return Object.assign(new Error(`cannot make ${thing}: ${dir} ${why} (${code})`), { code });
  }
}

/**
 * A file that could not be made in a folder that is there (the database in a folder this user may not write in): in
 * the words of a folder that could not be made, not Node's "EACCES: permission denied, open '…/n.db'" (an operator's
 * review). Other failures as they were.
 */
export function whyFileNotMade(path: string, err: NodeJS.ErrnoException): Error {
  if (err.code !== 'EACCES' && err.code !== 'EPERM' && err.code !== 'EROFS') return err;
  return existsSync(dirname(path)) ? (notWritable(dirname(path), `the file ${path}`) ?? err) : err;
}

/**
 * Removes what makeFolder made (`made`, its result) down to `dir`, each folder only while empty: a start refused after
 * it made the outbox leaves nothing on disk (an operator's review).
 */
export function unmakeFolder(dir: string, made: string | undefined): void {
  if (made === undefined) return;
  for (let d = dir; d.startsWith(made); d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (or gone): kept as it is
    }
    if (d === made) return;
  }
}
