import { z } from 'zod';
import { DEFAULT_DEADLINE_AT_RISK_DAYS } from '../context.js';
import { type DatabaseLocation, DEFAULT_DATABASE_PATH, synchronousFromEnv } from '../db/client.js';
import { isPostgresUrl, pgPoolSizeFromEnv } from '../db/pg-client.js';
import { parseAllowedHosts, parsePublicOrigins } from '../http/allowed-origins.js';
import { parseServiceCredentials } from '../services/auth/service-credentials.js';
import { DEFAULT_WRITER_BATCH_MAX } from '../services/write/writer-thread.js';
import {
  describeProblems,
  flag,
  flagOrAuto,
  int,
  oneOf,
  optionalInt,
  optionalText,
  parsed,
  secret,
  text,
} from './fields.js';

/**
 * Every environment variable the api and its webhook dispatcher read, checked
 * once at start-up: nothing else in the app reads `process.env`. Each process
 * parses only its own part (a dispatcher does not refuse an api-only value).
 * docs/operations.md's table is checked against SETTINGS by a test.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Never echoed: a URL may carry the password. */
function databaseUrlFromEnv(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isPostgresUrl(value)) throw new Error('must be a postgres:// or postgresql:// URL');
  return value;
}

const databaseShape = {
  DATABASE_URL: parsed(databaseUrlFromEnv),
  DATABASE_POOL_SIZE: parsed(pgPoolSizeFromEnv),
  DATABASE_PATH: text(DEFAULT_DATABASE_PATH),
  DATABASE_SYNCHRONOUS: parsed(synchronousFromEnv),
};

/** Where a process's data lives, from its parsed settings: PostgreSQL when DATABASE_URL is set. */
export function databaseLocation(
  settings: z.infer<typeof DatabaseConfigSchema>,
  applicationName: string,
): DatabaseLocation {
  return {
    url: settings.DATABASE_URL,
    path: settings.DATABASE_PATH,
    synchronous: settings.DATABASE_SYNCHRONOUS,
    pg: { poolSize: settings.DATABASE_POOL_SIZE, applicationName },
  };
}

const processShape = {
  LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
  LIVE_MODE: flag(false),
};

const webhooksShape = {
  WEBHOOKS_CONCURRENCY: optionalInt(1, 1000),
  WEBHOOKS_PER_SUBSCRIPTION: optionalInt(1, 1000),
  WEBHOOKS_PER_TENANT: optionalInt(1, 1000),
  WEBHOOKS_BUNDLE_SIZE: optionalInt(1, 1000),
  WEBHOOKS_TIMEOUT_MS: optionalInt(1, 600_000),
  WEBHOOKS_POLL_MS: optionalInt(1, 3_600_000),
  WEBHOOKS_LEASE_MS: optionalInt(1, 86_400_000),
};

const apiShape = {
  ...databaseShape,
  ...processShape,
  ...webhooksShape,
  PORT: int(0, 65_535, 3000),
  HOST: text('127.0.0.1'),
  PUBLIC_ORIGIN: parsed(parsePublicOrigins),
  ALLOWED_HOSTS: parsed(parseAllowedHosts),
  DEMO_DATA: flag(true),
  FOUR_EYES: flagOrAuto(),
  DEMO_CLIENT_KEY_PATH: optionalText(),
  SERVICE_CREDENTIALS: parsed(parseServiceCredentials),
  DEADLINE_AT_RISK_DAYS: int(0, 30, DEFAULT_DEADLINE_AT_RISK_DAYS),
  WRITER_THREAD: oneOf(['on', 'off', 'auto'], 'auto'),
  WRITER_BATCH_MAX: int(1, 10_000, DEFAULT_WRITER_BATCH_MAX),
  WEBHOOKS_DISPATCHER: oneOf(['on', 'off'], 'on'),
  PASSWORD_THREADS: optionalInt(0, 64),
  PASSWORD_QUEUE: optionalInt(0, 64),
  ADMIN_COOKIE_SECURE: flagOrAuto(),
  ADMIN_DIST_DIR: optionalText(),
  METRICS_TOKEN: secret(16),
};

const dispatcherShape = {
  ...databaseShape,
  ...processShape,
  ...webhooksShape,
  METRICS_PORT: optionalInt(0, 65_535),
};

export const DatabaseConfigSchema = z.object(databaseShape);
export const ApiConfigSchema = z.object(apiShape);
export const DispatcherConfigSchema = z.object(dispatcherShape);
export type DatabaseConfig = z.infer<typeof DatabaseConfigSchema>;
export type ApiConfig = z.infer<typeof ApiConfigSchema>;
export type DispatcherConfig = z.infer<typeof DispatcherConfigSchema>;

type SettingName = keyof typeof apiShape | keyof typeof dispatcherShape;

export interface Setting {
  /** The default as docs/operations.md states it. */
  default: string;
  /** Never printed: the start-up line shows `[redacted]`. */
  secret?: true;
}

/** The documentation's view of every variable (checked against docs/operations.md). */
export const SETTINGS: Record<SettingName, Setting> = {
  DATABASE_URL: { default: 'none (the SQLite file)', secret: true },
  DATABASE_POOL_SIZE: { default: '10' },
  DATABASE_PATH: { default: DEFAULT_DATABASE_PATH },
  DATABASE_SYNCHRONOUS: { default: 'full' },
  LOG_LEVEL: { default: 'info' },
  LIVE_MODE: { default: 'false' },
  WEBHOOKS_CONCURRENCY: { default: '16' },
  WEBHOOKS_PER_SUBSCRIPTION: { default: '4' },
  WEBHOOKS_PER_TENANT: { default: 'half the concurrency' },
  WEBHOOKS_BUNDLE_SIZE: { default: '100' },
  WEBHOOKS_TIMEOUT_MS: { default: '10000' },
  WEBHOOKS_POLL_MS: { default: '1000' },
  WEBHOOKS_LEASE_MS: { default: 'timeout + 5000' },
  PORT: { default: '3000' },
  HOST: { default: '127.0.0.1' },
  PUBLIC_ORIGIN: { default: 'none' },
  ALLOWED_HOSTS: { default: 'none' },
  DEMO_DATA: { default: 'true' },
  FOUR_EYES: { default: 'as LIVE_MODE' },
  DEMO_CLIENT_KEY_PATH: { default: 'demo-client-key.pem beside the database' },
  SERVICE_CREDENTIALS: { default: 'none', secret: true },
  DEADLINE_AT_RISK_DAYS: { default: String(DEFAULT_DEADLINE_AT_RISK_DAYS) },
  WRITER_THREAD: { default: 'auto' },
  WRITER_BATCH_MAX: { default: String(DEFAULT_WRITER_BATCH_MAX) },
  WEBHOOKS_DISPATCHER: { default: 'on' },
  PASSWORD_THREADS: { default: '1 per core beyond the first, at most 2' },
  PASSWORD_QUEUE: { default: '16' },
  ADMIN_COOKIE_SECURE: { default: 'by scheme' },
  ADMIN_DIST_DIR: { default: 'apps/admin/dist' },
  METRICS_TOKEN: { default: 'none', secret: true },
  METRICS_PORT: { default: 'none' },
};

/** Which processes read a variable: the docs table's "used by" column. */
export function readersOf(name: SettingName): ('api' | 'dispatcher')[] {
  return [
    ...(name in apiShape ? ['api' as const] : []),
    ...(name in dispatcherShape ? ['dispatcher' as const] : []),
  ];
}

export class ConfigError extends Error {}

/** Parses `env` with `schema`; a bad value is a ConfigError naming each variable in one line. */
export function readConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(describeProblems(result.error));
  return result.data;
}

/** The configuration as the start-up line prints it: secrets that are set read `[redacted]`. */
export function redactedConfig(config: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) {
    const secret = (SETTINGS as Record<string, Setting | undefined>)[name]?.secret === true;
    const empty = value === undefined || (Array.isArray(value) && value.length === 0);
    shown[name] = secret && !empty ? '[redacted]' : value;
  }
  return shown;
}

/** EX_CONFIG (sysexits.h): the process was started with a configuration it cannot run with. */
export const CONFIG_EXIT_CODE = 78;

/** For the entry points: a bad value prints one line naming the variable, and the process exits. */
export function configOrExit<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  try {
    return readConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(CONFIG_EXIT_CODE);
  }
}
