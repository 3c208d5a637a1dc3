import { type DestinationStream, type Level, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

export type LogLevel = Level | 'silent';

/**
 * Paths never written as they are: credentials in request headers (at debug
 * level the request line carries them), in the start-up configuration and in
 * anything a caller logs by mistake one level deep.
 */
export const REDACTED_PATHS = [
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers.signature',
  'headers["signature-input"]',
  'headers["x-internal-token"]',
  'headers["x-csrf-token"]',
  'config.SERVICE_CREDENTIALS',
  'config.SERVICE_TOKEN',
  'config.METRICS_TOKEN',
  '*.password',
  '*.client_secret',
  '*.clientSecret',
  '*.token',
  '*.access_token',
  '*.secret',
];

export interface LoggerOptions {
  /** The process's name in every line (`api`, `dispatcher`, `reconciler`). */
  name: string;
  level: LogLevel;
  /**
   * Where lines go; stdout by default, written synchronously: the lines just
   * before an exit or a crash are the ones most wanted, and a buffered write
   * in flight at `process.exit` can be lost. The cost is one write(2) per line.
   */
  destination?: DestinationStream;
}

/** One JSON object per line: time (ISO 8601), level as a word, message under `msg`. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** A crash is a log line too (with its stack), then the exit Node would have made. */
export function logCrashes(logger: Logger): void {
  const crash = (what: string) => (error: unknown) => {
    logger.fatal({ err: error }, what);
    process.exit(1);
  };
  process.on('uncaughtException', crash('uncaught exception'));
  process.on('unhandledRejection', crash('unhandled rejection'));
}

/** For tests and tools that build an app without a process around it. */
export const silentLogger: Logger = pino({ level: 'silent' });
