// A migration, once it ran on a database, must not change: the migrator keeps only which ran, so an installation that
// ran a file's earlier text never gets what was added to it since (029, 043, 048 and 055 were changed so, and 059
// repairs them). Each applied file's checksum is kept in schema_migrations, and an instance whose file no longer has
// it does not start. Comments and spacing do not count: a comment may be corrected.
import { createHash } from 'node:crypto';
import { ConfigError } from '../config.js';
import type { Engine } from './sql.js';

/** A string literal, kept as it is; or a comment or a run of white space, each one space. */
const TOKENS = /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|\s+/g;
const spaced = (text: string) => text.replace(TOKENS, (m) => (m[0] === "'" || m[0] === '"' ? m : ' '));

/** sha256 of a migration's SQL without its comments, each run of white space one space, string literals as they are. */
export function migrationChecksum(text: string): string {
  // Twice: a comment and the white space beside it are spaces side by side after the first.
  return createHash('sha256').update(spaced(spaced(text)).trim()).digest('hex');
}

/**
 * The migration that brings a database that ran an earlier text of 029, 043, 048 or 055 to their final shape: checksums
 * are kept from when it has run (before it, no release kept any).
 */
export const REPAIR = 59;

/**
 * The checksums of texts a migration had when released, changed after, and mended by a later migration (which gives
 * the database the final text's checksum): 063's first text (8ec3b04, mended by 065). A database that ran one starts.
 */
export const MENDED: Record<Engine, Record<number, string>> = {
  sqlite: { 63: 'f487cb77dfb2fcf10766bb2b5ae723218e2c765d1ed0fdf381d4ab55d78f05a9' },
  postgres: { 63: '3de8b7685378319152f847a77fade694bb04a1cea3613308e323a1fd4a4ebf29' },
};

/** Why an instance does not start on a database that ran another text of `file`. */
export const changedAfterRun = (engine: Engine, file: string, version: number) =>
  new ConfigError(
    `nextdeal cannot start: migrations/${engine}/${file} is not the text this database ran as migration ${version}: a statement ` +
      'in it was changed after it was released, and a database that ran it before never gets the change. Put the file back ' +
      'as released (git checkout <release> -- migrations/) and make the change in a new migration; only comments and spacing may change.',
  );
