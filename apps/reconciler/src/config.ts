import { z } from 'zod';

/** The words the api reads its switches with (its lib/env-flag.ts): unset or empty is off. */
const flag = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
);

/** The worker's environment, checked once at start. */
export const ConfigSchema = z
  .object({
    API_URL: z.url().default('http://127.0.0.1:3000'),
    /** This worker's own credential at the api (the api's SERVICE_CREDENTIALS entry for `reconciler`). */
    SERVICE_TOKEN: z.string().min(1, 'SERVICE_TOKEN is required (the reconciler’s credential at the api)'),
    CUSTODIAN: z.enum(['simulated', 'swift-files']).default('simulated'),
    SWIFT_INBOX: z.string().default('./data/swift/inbox'),
    SWIFT_OUTBOX: z.string().default('./data/swift/outbox'),
    POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
    BATCH_SIZE: z.coerce.number().int().min(1).max(1600).default(500),
    /** Claim loops side by side in this process (each with its own leased batch). */
    CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
    LEASE_SECONDS: z.coerce.number().int().min(1).default(60),
    /** Live mode: no simulated custodian answers, even with CUSTODIAN=simulated. */
    LIVE_MODE: flag,
    SIM_SETTLE_AFTER_MS: z.coerce.number().int().min(0).default(2000),
    STATUS_PORT: z.coerce.number().int().min(0).optional(),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
    HOUSEKEEPING_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
    /** Failed attempts before a transfer is parked for an operator. */
    RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    /** Wait after the first failure; doubled per further failure (at most an hour). */
    RETRY_BACKOFF_SECONDS: z.coerce.number().int().min(0).max(86_400).default(30),
  })
  .refine((c) => !(c.LIVE_MODE && c.CUSTODIAN === 'simulated'), {
    message: 'LIVE_MODE=1 needs a real custodian (CUSTODIAN=swift-files)',
  });
export type Config = z.infer<typeof ConfigSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return ConfigSchema.parse(env);
}
