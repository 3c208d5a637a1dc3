import { createLogger, type Logger } from '../src/lib/logger.js';

export interface CapturedLogs {
  logger: Logger;
  /** Every line written so far, as written. */
  text(): string;
  /** Every line parsed. */
  entries(): Record<string, unknown>[];
}

/** A real pino logger (the app's own module) writing into memory instead of stdout. */
export function captureLogs(level: 'info' | 'debug' = 'info'): CapturedLogs {
  const lines: string[] = [];
  const logger = createLogger({
    name: 'api',
    level,
    destination: {
      write(line: string) {
        lines.push(line);
      },
    },
  });
  return {
    logger,
    text: () => lines.join(''),
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
