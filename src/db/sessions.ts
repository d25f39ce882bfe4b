// Owner sessions: the cookie holds a random token; the table only its hash, the shop, and the form (CSRF) token.
import { createHash, randomBytes } from 'node:crypto';
import { type Db, sql } from './sql.js';

export const SESSION_DAYS = 30;
/** However much it is used, a session ends this long after its login: a stolen cookie does not last for ever. */
export const SESSION_MOST_DAYS = 90;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface Session {
  shopId: number;
  csrf: string;
  expiresAt: number;
}

const q = {
  // Only while the shop's password is still the one that was checked: a login under way when the password changed
  // (which ends every session) must not start one after it.
  insert: sql(`INSERT INTO sessions (token_hash, shop_id, csrf, created_at, expires_at)
    SELECT @tokenHash, id, @csrf, @now, @expiresAt FROM shops WHERE id = @shopId AND (CAST(@checked AS TEXT) IS NULL OR password_hash = @checked)`),
  get: sql<Session>('SELECT shop_id AS shopId, csrf, expires_at AS expiresAt FROM sessions WHERE token_hash = ? AND expires_at > ?'),
  // To `until`, or to the session's last day (created_at + @most) if that comes first.
  renew: sql(`UPDATE sessions SET expires_at = CASE WHEN created_at + @most < @until THEN created_at + @most ELSE @until END
    WHERE token_hash = @hash AND expires_at < @before AND expires_at < created_at + @most`),
  remove: sql('DELETE FROM sessions WHERE token_hash = ?'),
  expired: sql('DELETE FROM sessions WHERE expires_at <= ?'),
  setPassword: sql('UPDATE shops SET password_hash = ? WHERE id = ?'),
  // The same password, hashed again at today's cost: sessions stay.
  upgrade: sql('UPDATE shops SET password_hash = @upgraded WHERE id = @id AND password_hash = @old'),
  // A new password ends every session of that shop.
  endAll: sql('DELETE FROM sessions WHERE shop_id = ?'),
};

export function sessionStore(db: Db) {
  return {
    /**
     * Starts a session; returns the cookie value (shown to the browser only). Given the password hash a login checked,
     * only while that is still the shop's password (else undefined).
     */
    async start(shopId: number, now: number, checked: string | null = null): Promise<string | undefined> {
      const token = randomBytes(32).toString('base64url');
      await db.run(q.expired, [now]);
      const started = await db.run(q.insert, {
        tokenHash: hash(token), shopId, csrf: randomBytes(24).toString('base64url'), now, expiresAt: now + SESSION_DAYS * 86_400_000, checked,
      });
      return started === 1 ? token : undefined;
    },
    find: async (token: string | undefined, now: number): Promise<Session | undefined> => (token ? db.get(q.get, [hash(token), now]) : undefined),
    end: async (token: string) => void (await db.run(q.remove, [hash(token)])),
    /**
     * Runs a session SESSION_DAYS from `now` again once past half its time, within SESSION_MOST_DAYS of its login;
     * true when it did (once in 15 days).
     */
    renew: async (token: string, s: Session, now: number): Promise<boolean> => {
      const until = now + SESSION_DAYS * 86_400_000;
      const half = (SESSION_DAYS / 2) * 86_400_000;
      return s.expiresAt - now < half && (await db.run(q.renew, { until, hash: hash(token), before: until - half, most: SESSION_MOST_DAYS * 86_400_000 })) === 1;
    },
    upgradePassword: async (shopId: number, old: string, upgraded: string) => void (await db.run(q.upgrade, { id: shopId, old, upgraded })),
    setPassword: (shopId: number, passwordHash: string) =>
      db.transaction(async (tx) => {
        await tx.run(q.setPassword, [passwordHash, shopId]);
        await tx.run(q.endAll, [shopId]);
      }),
  };
}
