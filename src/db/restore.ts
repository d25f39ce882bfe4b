// `nextdeal restore`: a SQLite backup (nextdeal backup) put back in place of the database. The copy is checked first
// (a nextdeal database, undamaged, not made by a newer release), nothing may have the database open (SQLite's own
// locks say so, not a guess), and the copy is written over it through SQLite's online backup, page by page, so that its
// write-ahead log stays consistent with it. A restore goes back in time: what went out since the copy was taken is
// "scheduled" again in it. Those messages are held in doubt (see holdRestored in messages.ts), not sent a second time.
import { closeSync, existsSync, openSync, readSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { makeFolder } from '../folders.js';
import { lookAt, privateFile } from './engines/sqlite.js';
import { takenUpAt } from './home.js';
import { SEEN_WITHIN, instancesSeen } from './instances.js';
import { newestMigration } from './open.js';
import { sql } from './sql.js';
import type { ConsentSource } from './customers.js';
import type { Store } from './store.js';

const MIGRATIONS_TABLE = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";

/** Whether a file is a SQLite database that nextdeal made (it has its migrations table); opened read-only. */
export function isNextdealDatabase(path: string): boolean {
  try {
    return lookAt(path, (db) => db.prepare(MIGRATIONS_TABLE).get() !== undefined);
  } catch {
    return false; // not a database at all
  }
}

/** What is wrong with `file` as a backup to restore, in words, or null when it can be restored. Opened read-only. */
export function backupTrouble(file: string): string | null {
  try {
    return lookAt(file, (db) => {
      try {
        if (!db.prepare(MIGRATIONS_TABLE).get()) {
          return 'it is not a nextdeal database (no schema_migrations table in it)';
        }
        const check = db.pragma('quick_check', { simple: true });
        if (check !== 'ok') return `it is damaged (SQLite's quick_check: ${String(check)})`;
        const [newest, ours] = [Number(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() ?? 0), newestMigration('sqlite')];
        if (newest > ours) return `it was made by a newer release of nextdeal (migration ${newest}; this one knows up to ${ours}): restore it with that release`;
        return null;
      } catch (err) {
        return `it is not a database SQLite can read (${(err as { code?: string }).code ?? (err as Error).message})`;
      }
    });
  } catch (err) {
    // A path that names nothing said so, not as SQLite's "cannot open it (SQLITE_CANTOPEN)" (an operator's review).
    if (!existsSync(file)) return 'there is no such file';
    return `cannot open it (${(err as { code?: string }).code ?? (err as Error).message})`;
  }
}

/**
 * Whether another connection has the database open (a running nextdeal, another command): in write-ahead-log mode
 * each connection holds a shared lock for as long as it is open, so an exclusive lock is refused at once.
 */
export function inUse(path: string): boolean {
  if (!sqliteHeader(path)) return false; // no server runs on a file that is no database (the reason to restore, often)
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
    if (damaged(err)) return false; // nor on one SQLite cannot read
    throw err;
  } finally {
    db.close();
  }
}

/**
 * Whether the file starts as every SQLite database does. One that does not is looked at by nothing else: SQLite, opening
 * it, would take the write-ahead log beside it for its own and remove it as it closed.
 */
function sqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    return n === 0 || head.toString('latin1') === 'SQLite format 3\u0000';
  } finally {
    closeSync(fd);
  }
}

/** SQLite's word for a file it cannot read as a database, or one whose pages are damaged. */
const damaged = (err: unknown): boolean => ['SQLITE_NOTADB', 'SQLITE_CORRUPT'].includes(String((err as { code?: string }).code));

/**
 * Moves a damaged database aside, with its write-ahead log and shared memory (a log left beside the restored copy
 * would be read into it): kept for whoever wants to look into it, never overwritten. Returns its new name.
 */
function moveAside(path: string): string {
  const aside = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  return aside;
}

/**
 * Writes the backup `file` over the database at `path` through SQLite's online backup. A database made here, and its
 * folder, only their owner may read, as openSqlite makes them.
 */
export async function restoreFrom(file: string, path: string): Promise<{ pages: number; movedAside: string | null }> {
  makeFolder(dirname(path), 0o700);
  // Out of write-ahead-log mode while it is written (nothing else has it open: see inUse): SQLite's backup cannot
  // change the page size of a database in that mode, and a copy made before 1 KiB pages has 4 KiB ones. Opened as
  // nextdeal opens it afterwards, it is in that mode again. One SQLite cannot read is moved aside, and the copy
  // written to a new file.
  let movedAside = !existsSync(path) || sqliteHeader(path) ? null : moveAside(path);
  privateFile(path);
  let unreadable = false;
  const live = new Database(path);
  try {
    live.pragma('journal_mode = DELETE');
  } catch (err) {
    if (!damaged(err)) throw err;
    unreadable = true; // its header is whole, its pages are not
  } finally {
    live.close();
  }
  if (unreadable) {
    movedAside = moveAside(path);
    privateFile(path);
  }
  return { pages: (await lookAt(file, (from) => from.backup(path))).totalPages, movedAside };
}

/** A refusal kept in the database a restore replaces: a customer's opt-out on a channel, by the shop's slug and contact. */
interface Refusal { slug: string; channel: 'sms' | 'email'; contact: string; at: number; source: ConsentSource | null }
export interface Refusals { customers: Refusal[]; numbers: { pairHash: string; stoppedAt: number }[] }

const optedOut = (channel: 'sms' | 'email', contact: 'phone' | 'email') => `SELECT s.slug, '${channel}' AS channel, c.${contact} AS contact,
    c.${channel}_opted_out_at AS at, (SELECT e.source FROM consent_events e WHERE e.customer_id = c.id AND e.channel = '${channel}'
      AND e.given = 0 ORDER BY e.at DESC, e.id DESC LIMIT 1) AS source
  FROM customers c JOIN shops s ON s.id = c.shop_id WHERE c.${channel}_opted_out_at IS NOT NULL AND c.${contact} IS NOT NULL`;

/**
 * The refusals the database at `path` holds (read-only), before a restore writes the copy over it: every customer's
 * opt-out (a STOP, the unsubscribe link, "Niets meer sturen", a "no" the owner recorded, a number Twilio reports
 * stopped) and every STOP to a shared number. Null when it is not there, or cannot be read (a damaged database).
 */
export function refusalsIn(path: string): Refusals | null {
  return readReplaced(path, (db) => ({
    customers: db.prepare(`${optedOut('sms', 'phone')} UNION ALL ${optedOut('email', 'email')}`).all() as Refusal[],
    numbers: db.prepare('SELECT pair_hash AS pairHash, stopped_at AS stoppedAt FROM stopped_numbers').all() as Refusals['numbers'],
  }));
}

const hasColumn = (db: Database.Database, table: string, column: string): boolean =>
  db.prepare('SELECT 1 FROM pragma_table_info(?) WHERE name = ?').get(table, column) !== undefined;

/** What `look` reads of the database a restore replaces, opened read-only; null when it is not there, or cannot be read. */
function readReplaced<T>(path: string, look: (db: Database.Database) => T): T | null {
  if (!existsSync(path) || !sqliteHeader(path)) return null;
  try {
    return lookAt(path, look);
  } catch {
    return null; // damaged, or of a release before these tables: what cannot be read cannot be kept
  }
}

/**
 * Keeps in the restored database the refusals the one it replaced held (refusalsIn): a customer who said no since the
 * copy was taken, to the shop or to its owner, is not messaged because a restore went back in time. Each goes as the
 * original did (what waits on that channel is cancelled) for the rows of that shop with that number or address; one
 * whose consent changed after it in the copy keeps that. How many were not in the copy.
 */
export async function keepRefusals(store: Store, refusals: Refusals): Promise<number> {
  let kept = 0;
  const shops = new Map<string, Promise<number | undefined>>();
  for (const r of refusals.customers) {
    if (!shops.has(r.slug)) shops.set(r.slug, store.shops.bySlug(r.slug).then((s) => s?.id));
    const shopId = await shops.get(r.slug);
    const c = shopId === undefined ? undefined : await store.customers.find(shopId, r.channel === 'sms' ? { phone: r.contact } : { email: r.contact });
    if (c && (await store.customers.optOut(c.id, r.channel, r.source ?? 'owner', r.at))) kept++;
  }
  for (const n of refusals.numbers) if (await store.customers.keepNumberStop(n.pairHash, n.stoppedAt)) kept++;
  return kept;
}

/**
 * What the database a restore replaces had erased, by what the copy knows each by and nobody else can share: a
 * customer's row by its shop's slug, its id and the moment it was made (an id is given again after an earlier restore,
 * to another person's row, made at another moment); a sale with no customer by the till's id and its fingerprint; and
 * the keyed hashes that keep their STOPs and unsubscribes (stopped_contacts). Each with why and when it was erased (the
 * `erasures` row of that moment). Nothing of the person: an erased row holds none.
 */
export interface Erasures {
  customers: { slug: string; id: number; createdAt: number; why: 'request' | 'retention'; at: number }[];
  sales: { slug: string; tillSaleId: string; fingerprint: string; why: 'request' | 'retention'; at: number }[];
  stopped: { slug: string; hash: string; at: number }[];
}

const why = (shop: string, at: string) => `coalesce((SELECT e.why FROM erasures e WHERE e.shop_id = ${shop} AND e.at = ${at} LIMIT 1), 'request') AS why`;

/**
 * The erasures the database at `path` holds (read-only), before a restore writes the copy over it (see Erasures). Null
 * when it is not there, or cannot be read (a damaged database): then they are lost with it.
 */
export function erasuresIn(path: string): Erasures | null {
  return readReplaced(path, (db) => ({
    customers: db.prepare(`SELECT s.slug, c.id, c.created_at AS createdAt, ${why('c.shop_id', 'c.erased_at')}, c.erased_at AS at
      FROM customers c JOIN shops s ON s.id = c.shop_id WHERE c.erased_at IS NOT NULL`).all() as Erasures['customers'],
    // None in a database of a release before migration 070 (not started since the upgrade): it erased no sale alone.
    sales: hasColumn(db, 'sales', 'erased_at')
      ? (db.prepare(`SELECT s.slug, x.till_sale_id AS tillSaleId, x.fingerprint, ${why('x.shop_id', 'x.erased_at')}, x.erased_at AS at
          FROM sales x JOIN shops s ON s.id = x.shop_id WHERE x.erased_at IS NOT NULL AND x.customer_id IS NULL`).all() as Erasures['sales'])
      : [],
    stopped: db.prepare('SELECT s.slug, c.contact_hash AS hash, c.stopped_at AS at FROM stopped_contacts c JOIN shops s ON s.id = c.shop_id')
      .all() as Erasures['stopped'],
  }));
}

/**
 * Erases again in the restored database what the one it replaced had erased (erasuresIn): a customer erased since the
 * copy was taken (on request, or by the retention purge) is not brought back, with their name, number, replies and
 * messages, by going back in time. What it erased, and how many STOPs of theirs it kept. After the restore held in
 * doubt what was due by `now` (messages' holdRestored): what the erasures let go on the rows they kept (a come-back
 * invitation their replies held: privacy.ts, erase) went then in the database replaced too, and may have gone out
 * since; it is held in doubt as well (`restored`: how many), not sent a second time.
 */
export async function keepErasures(store: Store, e: Erasures, now: number) {
  const shops = new Map<string, Promise<number | undefined>>();
  const shopOf = (slug: string) => {
    if (!shops.has(slug)) shops.set(slug, store.shops.bySlug(slug).then((s) => s?.id));
    return shops.get(slug)!;
  };
  const mapped = async <T extends { slug: string }>(rows: T[]) => {
    const out: (Omit<T, 'slug'> & { shopId: number })[] = [];
    for (const { slug, ...row } of rows) {
      const shopId = await shopOf(slug);
      if (shopId !== undefined) out.push({ ...row, shopId });
    }
    return out;
  };
  const again = await store.privacy.eraseAgain({ customers: await mapped(e.customers), sales: await mapped(e.sales), stopped: await mapped(e.stopped) });
  return { ...again, restored: again.customers > 0 ? (await store.messages.holdRestored(now)).restored : 0 };
}

const pgQ = {
  nextdeal: sql("SELECT to_regclass('schema_migrations') IS NOT NULL"),
  // Other sessions on this database that are nextdeal's (a running instance, a command) or pg_restore still writing.
  others: sql<{ pid: number; name: string }>(
    `SELECT pid, application_name AS name FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND application_name IN (?, 'pg_restore', current_setting('application_name')) AND application_name <> ''
      ORDER BY pid`,
  ),
};

/**
 * What is wrong with running `restore --after-pg-restore` on the PostgreSQL database at `url` now, in words, or null.
 * Looked at before nextdeal opens it (which would give an empty database its schema): a database with no
 * schema_migrations table is no copy of nextdeal's (pg_restore skipped, or written into another database); and nothing
 * of nextdeal's may be connected to it: a running instance would have every message it is about to send held in doubt,
 * and its sends under way marked interrupted. Nor may an instance have said within SEEN_WITHIN that it runs on it
 * (src/db/instances.ts): between its minute ticks an instance holds no connection, and pg_stat_activity shows nothing.
 * Nor once this very database was taken up, by this command or by nextdeal's first start on it (src/db/home.ts), unless
 * `again`: a snapshot or point-in-time restore keeps the database and its tables, and cannot be told.
 */
export async function pgRestoreTrouble(url: string, again = false): Promise<string | null> {
  // pg loaded here, not with this file: a server on SQLite imports it (upgrade-guard.ts's inUse) and needs none of it.
  const { APPLICATION_NAME, openPostgres } = await import('./engines/postgres.js');
  const db = openPostgres(url, 1);
  try {
    if (!(await db.value(pgQ.nextdeal))) return 'it is not a nextdeal database (no schema_migrations table in it): pg_restore the dump into it first, or point DATABASE_URL at the database you restored';
    const others = await db.all(pgQ.others, [APPLICATION_NAME]);
    const restoring = others.filter((o) => o.name === 'pg_restore');
    if (restoring.length > 0) return `pg_restore is still writing to it (process ${restoring.map((o) => o.pid).join(', ')} on the database server): run this once it is done`;
    // Taken up already (or started on since, which wrote the same row): what is due now never went, and would be held
    // in doubt for nothing (the operator review of 6 December). A dump of a release before the row runs as before; so
    // does --again, after a snapshot or point-in-time restore, which nothing in the database tells (the review of it).
    const taken = again ? null : await takenUpAt(db);
    if (taken !== null) {
      return (
        `nextdeal has run on this very database since ${new Date(taken).toISOString()}, and no restore since that it can tell: nothing to do. ` +
        'It cannot tell every one: after a snapshot or point-in-time restore, or a dump restored into a new server once again, run it with --again'
      );
    }
    // The instances by their machine and process: a connection's process is the database server's, and an instance
    // may hold several or, between its ticks, none.
    const seen = await instancesSeen(db);
    const who = seen.map((i) => `${i.host}, process ${i.pid}, ${Math.max(0, Math.round(i.ago / 1000))} s ago`).join('; ');
    if (others.length > 0) {
      return (
        `it is in use by ${others.length} connection(s) of nextdeal (a running instance, or another command; process ${others.map((o) => o.pid).join(', ')} on the database server): ` +
        `stop every instance first${seen.length > 0 ? ` (${seen.length} said they run on it: ${who})` : ''}, then run this again (a connection left by a machine that is gone ends with: SELECT pg_terminate_backend(<process>))`
      );
    }
    if (seen.length > 0) {
      return (
        `${seen.length} running instance(s) of nextdeal said they run on it (${who}), though between their minute ticks they hold no connection: ` +
        `stop every instance first, then run this again (a stopped instance takes its word back; one killed, or on a machine that is gone, is taken for stopped ${SEEN_WITHIN / 60_000} minutes after it last said so)`
      );
    }
    return null;
  } finally {
    await db.close();
  }
}
