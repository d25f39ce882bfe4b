import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * What an error's log line keeps: pino's own reading of it, less the fields in which PostgreSQL's driver quotes the
 * row it refused ("Key (shop_id, phone)=(1, +31612345678) already exists.") or the statement's context.
 */
const QUOTING = ['detail', 'where', 'hint', 'internalQuery', 'parameters'] as const;
function errorFields(err: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = pino.stdSerializers.err(err);
  for (const key of QUOTING) delete fields[key];
  return fields;
}

/** JSON lines (stdout by default). Never give it names, phone numbers, e-mail addresses or message text. */
export function createLogger(level: string, destination: DestinationStream = process.stdout): Logger {
  return pino({ level, base: { app: 'nextdeal' }, timestamp: pino.stdTimeFunctions.isoTime, serializers: { err: errorFields } }, destination);
}
/**
 * The few lines an operator needs at any LOG_LEVEL but `silent`: that the server started, where it listens, where
 * messages go, what an upgrade applied, and that it stopped. At `warn` or `error` (turned down for the noise of
 * requests) they were hidden, and a log of nothing looked the same as a server that never started. Logged at `info`
 * as before, in the same JSON, through a child with a level of its own (pino's way): what else is said at `info` stays
 * hidden. Nothing of any shop or customer goes through it.
 */
export function alwaysSaid(log: Logger): Logger {
  return log.level === 'silent' || log.isLevelEnabled('info') ? log : log.child({}, { level: 'info' });
}
export type { Logger };
