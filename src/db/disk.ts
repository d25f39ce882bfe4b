// Whether the disk under a SQLite database can take a sale. A file system the kernel remounted read-only after disk
// errors, or a full disk, leaves the database answering every read while each sale fails: /healthz must say so.
import { constants } from 'node:fs';
import { access, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Below this free, a sale cannot be counted on to be stored: its write-ahead log frames alone are tens of KB. */
const MIN_FREE_BYTES = 1024 * 1024;

/** Why the disk under `file` takes no sale now, or null when it does. */
export async function diskTrouble(file: string, minFree = MIN_FREE_BYTES): Promise<string | null> {
  try {
    await access(file, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'an error';
    return code === 'EROFS'
      ? "the database's file system is read-only (remounted so after disk errors?): no sale can be stored"
      : `the database file cannot be written (${code}): no sale can be stored`;
  }
  const disk = await statfs(dirname(file));
  // root may also fill the blocks the file system keeps for it; anyone else only those available.
  const free = (process.getuid?.() === 0 ? disk.bfree : disk.bavail) * disk.bsize;
  return free < minFree ? `the disk holding the database is full (${Math.floor(free / 1024)} KiB free): no sale can be stored` : null;
}
