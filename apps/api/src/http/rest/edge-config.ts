import type { ServiceConfig } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import type { WritePort } from '../../services/write/port.js';
import type { RateLimiter } from './rate-limiter.js';

export interface RestConfig {
  /** Largest accepted request body (413 above). */
  maxBodyBytes: number;
  /** Tolerated clock difference for `created` / `expires`, seconds. */
  maxSkewSeconds: number;
  /** Oldest acceptable signature `created`, seconds. */
  maxAgeSeconds: number;
  /** Per-tenant token buckets (the tenants' rate_limit_* columns); false switches them off. */
  rateLimiting: boolean;
}

export const DEFAULT_REST_CONFIG: RestConfig = {
  maxBodyBytes: 1024 * 1024,
  maxSkewSeconds: 30,
  maxAgeSeconds: 300,
  rateLimiting: true,
};

/** What every REST handler works with. */
export interface Edge {
  db: Db;
  /** Where every write goes (chosen at start-up). */
  writes: WritePort;
  clock: Clock;
  service: Partial<ServiceConfig>;
  config: RestConfig;
  limiter: RateLimiter;
}
