import { type DestinationStream, type Level, type Logger as PinoLogger, pino } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What the worker's parts log through: a level, a message, fields. */
export type Logger = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

/** Never written as they are: the start-up configuration's credential, and any token logged by mistake. */
const REDACTED_PATHS = ['config.SERVICE_TOKEN', '*.token', '*.password', '*.secret', '*.authorization'];

/**
 * One JSON object per line on stdout (time in ISO 8601, level as a word,
 * `name: reconciler`), as the api and the dispatcher write theirs.
 */
export function createLogger(level: Level | 'silent', destination?: DestinationStream): PinoLogger {
  return pino(
    {
      name: 'reconciler',
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    // Synchronous, as the api's: the last lines before an exit are never lost.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** A crash is a log line too (with its stack), then the exit Node would have made. */
export function logCrashes(logger: PinoLogger): void {
  const crash = (what: string) => (error: unknown) => {
    logger.fatal({ err: error }, what);
    process.exit(1);
  };
  process.on('uncaughtException', crash('uncaught exception'));
  process.on('unhandledRejection', crash('unhandled rejection'));
}

/** The worker's Logger over pino; an `error` field that is an Error is logged with its stack. */
export function loggerOver(logger: PinoLogger): Logger {
  return (level, msg, fields = {}) => logger[level](fields, msg);
}

export const silentLogger: Logger = () => {};

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
