import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { keyed } from './fingerprint.js';
import { maskTokens } from './messages.js';
import { summaryStore } from './summary.js';

export type Db = Database.Database;

const migrationsDir = new URL('../../migrations/', import.meta.url);

/** Work a migration needs done in code, run in the same transaction right after its SQL. */
const afterMigration: Record<number, (db: Db) => void> = {
  // The summaries need the shops' time zones.
  3: (db) => summaryStore(db).rebuild(),
  // The installation's secret; the fingerprints there are re-keyed with it; tokens kept in e-mail texts go.
  11: (db) => {
    const key = randomBytes(32).toString('base64url');
    db.prepare("INSERT INTO installation (name, value) VALUES ('fingerprint_key', ?)").run(key);
    // A few thousand rows at a time (a statement cannot write while another reads on one connection).
    const inChunks = <R extends { id: number }>(select: string, each: (row: R) => void) => {
      const next = db.prepare<[number], R>(`${select} AND id > ? ORDER BY id LIMIT 5000`);
      for (let rows = next.all(0); rows.length > 0; rows = next.all(rows.at(-1)!.id)) rows.forEach(each);
    };
    const rekey = db.prepare('UPDATE sales SET fingerprint = ? WHERE id = ?');
    inChunks<{ id: number; fingerprint: string }>('SELECT id, fingerprint FROM sales WHERE true', (s) => rekey.run(keyed(key, s.fingerprint), s.id));
    const mask = db.prepare('UPDATE messages SET content = ? WHERE id = ?');
    inChunks<{ id: number; content: string }>("SELECT id, content FROM messages WHERE channel = 'email' AND content IS NOT NULL", (m) => {
      const masked = maskTokens(m.content);
      if (masked !== m.content) mask.run(masked, m.id);
    });
  },
};

/** Opens (creating file and folder when missing) and migrates the database. */
export function openDb(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a crash of this process; only power loss can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Overwrite deleted content with zeros: an erased phone number must not linger in free space.
  db.pragma('secure_delete = ON');
  migrate(db);
  return db;
}

/**
 * Applies each numbered migrations/NNN_name.sql not yet applied (up to `until`, for tests of an upgrade), each in one
 * transaction with its version row.
 */
export function migrate(db: Db, until = Infinity): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const files = readdirSync(migrationsDir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
  const applied: number[] = [];
  for (const file of files) {
    const version = Number.parseInt(file, 10);
    if (version > until || isApplied.get(version)) continue;
    const sql = readFileSync(new URL(file, migrationsDir), 'utf8');
    db.transaction(() => {
      if (isApplied.get(version)) return; // another process got there first
      db.exec(sql);
      afterMigration[version]?.(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(version, file, Date.now());
    }).immediate();
    applied.push(version);
  }
  return applied;
}
