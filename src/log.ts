import { pino, type Logger } from 'pino';

/** JSON lines on stdout. Never give it names, phone numbers, e-mail addresses or message text. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { app: 'nextdeal' }, timestamp: pino.stdTimeFunctions.isoTime }, destination ?? process.stdout);
}
export type { Logger };
