import { z } from 'zod';
import {
  describeProblems,
  flag,
  httpUrl,
  int,
  oneOf,
  optionalInt,
  requiredSecret,
  text,
} from './env-fields.js';

/**
 * Every environment variable the worker reads, checked once at start-up:
 * nothing else in the app reads `process.env`. docs/operations.md's table is
 * checked against SETTINGS by a test.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const shape = {
  API_URL: httpUrl('http://127.0.0.1:3000'),
  /** This worker's own credential at the api (the api's SERVICE_CREDENTIALS entry for `reconciler`). */
  SERVICE_TOKEN: requiredSecret('the reconciler’s credential at the api'),
  CUSTODIAN: oneOf(['simulated', 'swift-files'], 'simulated'),
  SWIFT_INBOX: text('./data/swift/inbox'),
  SWIFT_OUTBOX: text('./data/swift/outbox'),
  POLL_INTERVAL_MS: int(10, 3_600_000, 1000),
  BATCH_SIZE: int(1, 1600, 500),
  /** Claim loops side by side in this process (each with its own leased batch). */
  CONCURRENCY: int(1, 16, 1),
  LEASE_SECONDS: int(1, 86_400, 60),
  /** Live mode: no simulated custodian answers, even with CUSTODIAN=simulated. */
  LIVE_MODE: flag(false),
  LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
  SIM_SETTLE_AFTER_MS: int(0, 86_400_000, 2000),
  STATUS_PORT: optionalInt(0, 65_535),
  SHUTDOWN_TIMEOUT_MS: int(0, 3_600_000, 15_000),
  HOUSEKEEPING_INTERVAL_MS: int(0, 86_400_000, 60_000),
  /** Failed attempts before a transfer is parked for an operator. */
  RETRY_MAX_ATTEMPTS: int(1, 100, 5),
  /** Wait after the first failure; doubled per further failure (at most an hour). */
  RETRY_BACKOFF_SECONDS: int(0, 86_400, 30),
};

export const ConfigSchema = z.object(shape).superRefine((c, ctx) => {
  if (c.LIVE_MODE && c.CUSTODIAN === 'simulated') {
    ctx.addIssue({
      code: 'custom',
      path: ['LIVE_MODE'],
      message: 'LIVE_MODE on needs a real custodian (CUSTODIAN=swift-files)',
    });
  }
});
export type Config = z.infer<typeof ConfigSchema>;

export interface Setting {
  /** The default as docs/operations.md states it. */
  default: string;
  /** Never printed: the start-up line shows `[redacted]`. */
  secret?: true;
}

/** The documentation's view of every variable (checked against docs/operations.md). */
export const SETTINGS: Record<keyof typeof shape, Setting> = {
  API_URL: { default: 'http://127.0.0.1:3000' },
  SERVICE_TOKEN: { default: 'required', secret: true },
  CUSTODIAN: { default: 'simulated' },
  SWIFT_INBOX: { default: './data/swift/inbox' },
  SWIFT_OUTBOX: { default: './data/swift/outbox' },
  POLL_INTERVAL_MS: { default: '1000' },
  BATCH_SIZE: { default: '500' },
  CONCURRENCY: { default: '1' },
  LEASE_SECONDS: { default: '60' },
  LIVE_MODE: { default: 'false' },
  LOG_LEVEL: { default: 'info' },
  SIM_SETTLE_AFTER_MS: { default: '2000' },
  STATUS_PORT: { default: 'none' },
  SHUTDOWN_TIMEOUT_MS: { default: '15000' },
  HOUSEKEEPING_INTERVAL_MS: { default: '60000' },
  RETRY_MAX_ATTEMPTS: { default: '5' },
  RETRY_BACKOFF_SECONDS: { default: '30' },
};

export class ConfigError extends Error {}

/** The worker's configuration; a bad value is a ConfigError naming each variable in one line. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) throw new ConfigError(describeProblems(result.error));
  return result.data;
}

/** EX_CONFIG (sysexits.h), as the api exits on a bad configuration. */
export const CONFIG_EXIT_CODE = 78;

/** For the entry point: a bad value prints one line naming the variable, and the process exits. */
export function configOrExit(env: NodeJS.ProcessEnv): Config {
  try {
    return readConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
}

/** The configuration as the start-up line prints it: secrets read `[redacted]`. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) {
    shown[name] = SETTINGS[name as keyof typeof SETTINGS]?.secret ? '[redacted]' : value;
  }
  return shown;
}
