// Owner sessions: the cookie holds a random token; the table only its hash, the shop, and the form (CSRF) token.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './open.js';

export const SESSION_DAYS = 30;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface Session {
  shopId: number;
  csrf: string;
}

export function sessionStore(db: Db) {
  const q = {
    insert: db.prepare('INSERT INTO sessions (token_hash, shop_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
    get: db.prepare<[string, number], Session>('SELECT shop_id AS shopId, csrf FROM sessions WHERE token_hash = ? AND expires_at > ?'),
    remove: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    expired: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    setPassword: db.prepare('UPDATE shops SET password_hash = ? WHERE id = ?'),
    // The same password, hashed again at today's cost: sessions stay.
    upgrade: db.prepare('UPDATE shops SET password_hash = @upgraded WHERE id = @id AND password_hash = @old'),
    // A new password ends every session of that shop.
    endAll: db.prepare('DELETE FROM sessions WHERE shop_id = ?'),
  };
  return {
    /** Starts a session; returns the cookie value (shown to the browser only). */
    start(shopId: number, now: number): string {
      const token = randomBytes(32).toString('base64url');
      q.expired.run(now);
      q.insert.run(hash(token), shopId, randomBytes(24).toString('base64url'), now, now + SESSION_DAYS * 86_400_000);
      return token;
    },
    find: (token: string | undefined, now: number): Session | undefined => (token ? q.get.get(hash(token), now) : undefined),
    end: (token: string) => void q.remove.run(hash(token)),
    upgradePassword: (shopId: number, old: string, upgraded: string) => void q.upgrade.run({ id: shopId, old, upgraded }),
    setPassword: db.transaction((shopId: number, passwordHash: string) => {
      q.setPassword.run(passwordHash, shopId);
      q.endAll.run(shopId);
    }),
  };
}
