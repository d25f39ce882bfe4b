// A migration, once it ran on a database, must not change: the migrator keeps only which ran, so an installation that
// ran a file's earlier text never gets what was added to it since (029, 043, 048 and 055 were changed so, and 059
// repairs them). Each applied file's checksum is kept in schema_migrations, and an instance whose file no longer has
// it does not start. Comments and spacing do not count: a comment may be corrected.
import { createHash } from 'node:crypto';
import { ConfigError } from '../config.js';
import type { Engine } from './sql.js';

/** sha256 of a migration's SQL without its comments, each run of whitespace one space (string literals kept as they are). */
export function migrationChecksum(text: string): string {
  const bare = text
    .replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith('--') || m.startsWith('/*') ? ' ' : m))
    .replace(/\s+/g, ' ')
    .trim();
  return createHash('sha256').update(bare).digest('hex');
}

/** The migration that brings a database that ran an earlier text of one of `EDITED`'s files to their final shape. */
export const REPAIR = 59;

/**
 * The earlier texts' checksums of the files changed after their release (test/fixtures/old-migrations holds the
 * texts). A database that ran one of them is brought to the final shape by REPAIR; its checksum is then the final one.
 * No release kept checksums while those texts were current, so a row holds one only if written by hand (as a test of
 * an upgrade does): accepted all the same, since REPAIR runs in the same start.
 */
export const EDITED: Record<Engine, Record<number, string[]>> = {
  sqlite: {
    29: ['671229f6447488b950d8072cbaca7aedb4d856bb8e4db0dfe3b96b5473db29dc'],
    43: ['b7b7ebf90d3fc2a63bc06334de4efe17fe78a8a136398d10e9f6343575dc4ca4', '6e8b98d06978ab765bc908c50794fafc7b30eb2d09929387e101aaa9638fb81f'],
    48: ['098ce05dc8df36072a9a42b779e91b9dbc12d6dc07db656db9998ba83bc0aea5'],
    55: ['feb06cfc1482688facea65891bd15bbce647d7da27adad38f0be35a29bb55175'],
  },
  postgres: {
    29: ['928b9e1c5e0c43956af0e9a5745f024e86484d6c5e993ce5c3da0a51a0afff4f'],
    43: ['7aa7e5a050fe4658424f2981cd0336a0e6fbe26c10e7b2cf2db706d869766878', '7367fbc2914f8c7ddaae7708dd2e40177bf12815764e88b1b6f496e653affff3'],
    48: ['d30f9aa67a6b2759ed22dbe7479470484afcf108a6cc367ccdb6133b337c2710'],
    55: ['feb06cfc1482688facea65891bd15bbce647d7da27adad38f0be35a29bb55175'],
  },
};

/** A migration's kept checksum, as the file of this build has it, or one of its earlier texts that REPAIR makes good. */
export function accepted(engine: Engine, version: number, kept: string, now: string): boolean {
  return kept === now || (EDITED[engine][version]?.includes(kept) ?? false);
}

/** Why an instance does not start on a database that ran another text of `file`. */
export const changedAfterRun = (engine: Engine, file: string, version: number) =>
  new ConfigError(
    `nextdeal cannot start: migrations/${engine}/${file} is not the text this database ran as migration ${version}: a statement ` +
      'in it was changed after it was released, and a database that ran it before never gets the change. Put the file back ' +
      'as released (git checkout <release> -- migrations/) and make the change in a new migration; only comments and spacing may change.',
  );
