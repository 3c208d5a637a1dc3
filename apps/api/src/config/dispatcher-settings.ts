import type { DispatcherOptions } from '../webhooks/dispatcher.js';
import type { DispatcherConfig } from './config.js';

type WebhookSettings = Pick<
  DispatcherConfig,
  | 'LIVE_MODE'
  | 'WEBHOOKS_CONCURRENCY'
  | 'WEBHOOKS_PER_SUBSCRIPTION'
  | 'WEBHOOKS_PER_TENANT'
  | 'WEBHOOKS_BUNDLE_SIZE'
  | 'WEBHOOKS_TIMEOUT_MS'
  | 'WEBHOOKS_POLL_MS'
  | 'WEBHOOKS_LEASE_MS'
>;

/** The dispatcher's settings from the configuration (the api's, or the dispatcher process's own). */
export function dispatcherSettings(config: WebhookSettings): Omit<DispatcherOptions, 'db' | 'writes'> {
  const numbers = {
    concurrency: config.WEBHOOKS_CONCURRENCY,
    perSubscription: config.WEBHOOKS_PER_SUBSCRIPTION,
    perTenant: config.WEBHOOKS_PER_TENANT,
    maxEventsPerRequest: config.WEBHOOKS_BUNDLE_SIZE,
    timeoutMs: config.WEBHOOKS_TIMEOUT_MS,
    pollMs: config.WEBHOOKS_POLL_MS,
    leaseMs: config.WEBHOOKS_LEASE_MS,
  };
  const settings: Omit<DispatcherOptions, 'db' | 'writes'> = { live: config.LIVE_MODE };
  for (const [name, value] of Object.entries(numbers)) {
    if (value !== undefined) Object.assign(settings, { [name]: value });
  }
  return settings;
}
