// The retention purge (AVG/GDPR): customers who have not bought in RETENTION_MONTHS are erased, once a month. It is
// due from 03:30 on the 1st (the server's time zone), and the server asks every hour and as it starts whether it was
// done since: a month whose night found no instance up is purged at the first chance after, never skipped. When it
// was last done is kept in the database, so that instances sharing it purge once between them.
import { DateTime } from 'luxon';
import { removeOutboxCopies } from './channels/outbox.js';
import type { Store } from './db/store.js';
import type { Logger } from './log.js';

/** The moment this month's purge fell due: 03:30 on the 1st, or last month's before that. */
export function purgeDueFrom(now: number): number {
  const thisMonth = DateTime.fromMillis(now).startOf('month').set({ hour: 3, minute: 30 });
  return (thisMonth.toMillis() <= now ? thisMonth : thisMonth.minus({ months: 1 })).toMillis();
}

/** `signal`: the server is stopping; a purge under way stops after its batch, and goes on at the next chance. */
export function retention(store: Store, o: { months: number; outboxDir: string; signal?: AbortSignal }, log: Logger) {
  return async (now = Date.now()): Promise<void> => {
    try {
      const since = DateTime.fromMillis(now).minus({ months: o.months }).toMillis();
      const erased = await store.privacy.purgeUnlessDone(since, now, purgeDueFrom(now), o.signal);
      if (erased === 'done') return;
      if (!erased) return log.info('retention purge: another instance is at it');
      const files = removeOutboxCopies(o.outboxDir, erased);
      log.info({ erased: erased.customers, sales: erased.sales, outboxFiles: files, months: o.months }, 'retention purge');
      if (!erased.logEmptied) log.error('retention purge: the write-ahead log could not be emptied, erased values linger in it until the next checkpoint');
    } catch (err) {
      log.error({ err }, 'retention purge failed');
    }
  };
}
