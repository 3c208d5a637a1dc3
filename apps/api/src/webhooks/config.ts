import { envFlag } from '../lib/env-flag.js';
import type { DispatcherOptions } from './dispatcher.js';

function positive(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got ${text}`);
  return value;
}

/**
 * Dispatcher settings from the environment (api process and standalone):
 * LIVE_MODE (1/true), WEBHOOKS_CONCURRENCY, WEBHOOKS_PER_SUBSCRIPTION, WEBHOOKS_PER_TENANT,
 * WEBHOOKS_BUNDLE_SIZE, WEBHOOKS_TIMEOUT_MS, WEBHOOKS_POLL_MS, WEBHOOKS_LEASE_MS.
 */
export function dispatcherSettingsFromEnv(env: NodeJS.ProcessEnv): Omit<DispatcherOptions, 'db'> {
  const settings: Omit<DispatcherOptions, 'db'> = { live: envFlag(env, 'LIVE_MODE', false) };
  const numbers = {
    concurrency: positive(env, 'WEBHOOKS_CONCURRENCY'),
    perSubscription: positive(env, 'WEBHOOKS_PER_SUBSCRIPTION'),
    perTenant: positive(env, 'WEBHOOKS_PER_TENANT'),
    maxEventsPerRequest: positive(env, 'WEBHOOKS_BUNDLE_SIZE'),
    timeoutMs: positive(env, 'WEBHOOKS_TIMEOUT_MS'),
    pollMs: positive(env, 'WEBHOOKS_POLL_MS'),
    leaseMs: positive(env, 'WEBHOOKS_LEASE_MS'),
  };
  for (const [name, value] of Object.entries(numbers)) {
    if (value !== undefined) Object.assign(settings, { [name]: value });
  }
  return settings;
}

/** The api runs the dispatcher in-process unless WEBHOOKS_DISPATCHER=off (a separate process runs it). */
export function inProcessDispatcherEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.WEBHOOKS_DISPATCHER !== 'off';
}
