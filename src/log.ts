import { type DestinationStream, type Logger, pino } from 'pino';

/** JSON lines (stdout by default). Never give it names, phone numbers, e-mail addresses or message text. */
export function createLogger(level: string, destination: DestinationStream = process.stdout): Logger {
  return pino({ level, base: { app: 'nextdeal' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
export type { Logger };
