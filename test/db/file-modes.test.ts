// What the start's warning calls readable by other users of the machine: a file they may read, below folders they may
// all enter (the reviews of 7cae0f1: a 0644 database in a 0700 folder, or below a 0700 home, was warned of at every start).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readableByOthers } from '../../src/db/file-modes.js';
import { tempDir } from '../helpers.js';

it('warns of a file others may read only where they may enter every folder above it', () => {
  const home = tempDir();
  const data = join(home, 'data');
  mkdirSync(data);
  const db = join(data, 'nextdeal.db');
  writeFileSync(db, '');
  chmodSync(db, 0o644);
  chmodSync(data, 0o755);
  chmodSync(home, 0o755);
  expect(readableByOthers(db, null)).toContain(`readable by other users of this machine: ${db} (0644).`);
  chmodSync(home, 0o700); // the home above it closed: no one else gets to the file
  expect(readableByOthers(db, null)).toBeNull();
  chmodSync(home, 0o755);
  chmodSync(data, 0o700);
  expect(readableByOthers(db, null)).toBeNull();
});
