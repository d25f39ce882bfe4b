// Every table's operations over one database (SQLite or PostgreSQL), as the rest of nextdeal uses them. The database
// handle itself stays in here: what spans several tables is a named unit of work of the store it belongs to
// (tills.receive, confirmations.confirm, sales.record, …).
import { type Delivering, EVERY_CHANNEL } from '../domain/plan.js';
import { alertStore } from './alerts.js';
import { inOneFile, privateFile } from './engines/sqlite.js';
import { choreStore } from './chores.js';
import { confirmationStore } from './confirmations.js';
import { customerStore } from './customers.js';
import { diskTrouble } from './disk.js';
import { experimentStore } from './experiments.js';
import { healthStore } from './health.js';
import { copyNotTakenUp, markTakenUp } from './home.js';
import { messageStore } from './messages.js';
import { figureStore } from './figures.js';
import { loginLimitStore } from './login-limits.js';
import { type Database, newestMigration } from './open.js';
import { privacyStore } from './privacy.js';
import { replyStore } from './replies.js';
import { type Outgoing, saleStore } from './sales.js';
import { sessionStore } from './sessions.js';
import { beginDelete, deleteShop, sendUnderWay, shopsOwn } from './shop-delete.js';
import { shopStore } from './shops.js';
import { sql } from './sql.js';
import { tillStore } from './tills.js';

// Whether the database takes writes, not only answers: a PostgreSQL server that a failover made a standby, or a
// database set read-only, answers SELECT 1 and refuses every sale.
const writable = sql<{ standby: number; readOnly: number }>((e) => (e === 'postgres'
  ? `SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END AS standby,
      CASE WHEN current_setting('transaction_read_only') = 'on' THEN 1 ELSE 0 END AS "readOnly"`
  : 'SELECT 0 AS standby, 0 AS readOnly'));

/** The newest migration the database has run (SQLite: GET /healthz compares it with the newest this release knows). */
const newestApplied = sql('SELECT max(version) FROM schema_migrations');
const serverClock = sql('SELECT CAST(floor(extract(epoch FROM clock_timestamp()) * 1000) AS BIGINT)');

/**
 * `delivering`: which of this installation's channels reach a customer (channels/index.ts, delivering()): a sale's
 * messages go by one that does, and only a customer it reaches joins the hold-out. Every channel when not said.
 * `sharedFrom`: TWILIO_FROM, a number nextdeal never texts (see shops.textsFrom).
 */
export function createStore(db: Database, reaching: Delivering = EVERY_CHANNEL, sharedFrom?: string) {
  const shops = shopStore(db, sharedFrom);
  // No sale's text goes to TWILIO_FROM, nor to any shop's --sms-from (shops.textsFrom).
  const delivering: Outgoing = { ...reaching, textsFrom: shops.textsFrom };
  // The newest migration this release knows, read from its files as the store is made: read at the first /healthz, it
  // was the next release's once that was unpacked over this one's files (the review of f46df6f).
  const known = db.engine === 'sqlite' ? newestMigration('sqlite') : 0;
  return {
    /** 'sqlite' or 'postgres'. */
    engine: db.engine,
    /**
     * PostgreSQL: why this database is a pg_restored copy that `restore --after-pg-restore` has not taken up, in words
     * (nothing may be sent from it: what went out after the dump would go again); null when none (always on SQLite).
     */
    copyNotTakenUp: (): Promise<string | null> => (db.engine === 'postgres' ? copyNotTakenUp(db) : Promise.resolve(null)),
    /**
     * PostgreSQL, `restore --after-pg-restore`: what may have gone out since the dump held in doubt (messages'
     * holdRestored), and the database taken up as nextdeal's own, in one transaction: a failure leaves neither done,
     * and the command run again holds them. How many of each.
     */
    takeUpRestored: (now: number): Promise<{ restored: number; interrupted: number }> =>
      db.transaction(async (tx) => {
        const held = await messageStore(tx).holdRestored(now);
        await markTakenUp(tx);
        return held;
      }),
    /** Why the database, though it answers, cannot take a sale now (GET /healthz), or null when it can. */
    async unhealthy(): Promise<string | null> {
      const r = (await db.get(writable))!;
      if (db.engine === 'sqlite') {
        // Upgraded under this server by a newer release (started on the file before this one was stopped): its sales
        // fail on tables it does not know, while all else answered ok (the operator's review of 6 December).
        const newest = Number(await db.value(newestApplied));
        if (newest > known) {
          return `the database was upgraded by a newer release of nextdeal (migration ${newest}) while this server ran on it: it knows those up to ${known}, and its sales fail; stop it, and start the newer release in its place`;
        }
      }
      if (db.engine === 'sqlite' && db.file !== ':memory:' && db.file !== '') return diskTrouble(db.file);
      if (r.standby) return 'the database server is a standby, which takes no writes: DATABASE_URL must name the primary';
      if (r.readOnly) return 'the database is read-only (default_transaction_read_only): it takes no writes';
      return null;
    },
    /**
     * The time the dispatchers go by, in ms: on PostgreSQL the database server's, which every instance shares, for
     * claims are stamped and their leases judged by it (an instance whose clock ran minutes ahead took the others'
     * claims for a dead dispatcher's, and sent them again); on SQLite this machine's. `skew`: how far this machine's
     * clock is from it.
     */
    async clock(): Promise<{ now: number; skew: number }> {
      if (db.engine === 'sqlite') return { now: Date.now(), skew: 0 };
      const before = Date.now();
      const now = Number(await db.value(serverClock));
      return { now, skew: Math.round((before + Date.now()) / 2 - now) };
    },
    /** A consistent copy of a SQLite database while it is in use; PostgreSQL has pg_dump for that. */
    async backup(file: string): Promise<{ pages: number }> {
      if (db.engine !== 'sqlite') throw new Error('backup() is for SQLite: on PostgreSQL use pg_dump');
      privateFile(file); // a copy of everything: only its owner may read it
      const { totalPages } = await db.native.backup(file);
      inOneFile(file);
      return { pages: totalPages };
    },
    close: () => db.close(),
    shops,
    /** `shop delete`: every row of a disabled shop, then the shop (see shop-delete.ts); null when it is not disabled. */
    async deleteShop(shopId: number) {
      const done = await deleteShop(db, shopId);
      shops.forget();
      return done;
    },
    /** The first step of `shop delete`, before its outbox files go: see beginDelete; false when it is not disabled. */
    beginShopDelete: async (shopId: number) => {
      const begun = await beginDelete(db, shopId);
      shops.forget();
      return begun;
    },
    sendUnderWay: (shopId: number, since: number) => sendUnderWay(db, shopId, since),
    /** Of the ids the outbox's files name, those of the shop's messages, alerts and confirmations. */
    shopsOwn: (shopId: number, ids: Parameters<typeof shopsOwn>[2]) => shopsOwn(db, shopId, ids),
    customers: customerStore(db),
    sales: saleStore(db, delivering),
    messages: messageStore(db),
    replies: replyStore(db),
    alerts: alertStore(db),
    privacy: privacyStore(db),
    figures: figureStore(db),
    sessions: sessionStore(db),
    loginLimits: loginLimitStore(db),
    tills: tillStore(db, delivering),
    health: healthStore(db),
    confirmations: confirmationStore(db, delivering),
    chores: choreStore(db),
    experiments: experimentStore(db, shops.forget),
  };
}
export type Store = ReturnType<typeof createStore>;
