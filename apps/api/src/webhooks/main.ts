import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { configOrExit, DispatcherConfigSchema, databaseLocation, redactedConfig } from '../config/config.js';
import { dispatcherSettings } from '../config/dispatcher-settings.js';
import { closeDatabase, openConfiguredDatabase } from '../db/client.js';
import { isPostgres } from '../db/dialect.js';
import { systemClock } from '../lib/clock.js';
import { createLogger, logCrashes } from '../lib/logger.js';
import { registerDeliveryMetrics, registerWebhookBacklog } from '../metrics/webhook-metrics.js';
import { GroupCommitPort } from '../services/write/group-commit.js';
import { WebhookDispatcher } from './dispatcher.js';

/**
 * The webhook dispatcher as its own process (`pnpm --filter @tbo/api dispatcher`):
 * same database as the api (DATABASE_URL or DATABASE_PATH); run the api with
 * WEBHOOKS_DISPATCHER=off. With METRICS_PORT it serves GET /metrics on
 * 127.0.0.1. SIGTERM/SIGINT finish the requests in flight; a second signal
 * exits at once.
 */
async function main(): Promise<void> {
  const config = configOrExit(DispatcherConfigSchema, process.env);
  const logger = createLogger({ name: 'dispatcher', level: config.LOG_LEVEL });
  logCrashes(logger);
  const db = await openConfiguredDatabase(databaseLocation(config, 'tbo-dispatcher'));
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerWebhookBacklog(registry, db, systemClock);
  // This process's writes, group-committed on its own connection.
  const writes = new GroupCommitPort(db);
  const dispatcher = new WebhookDispatcher({
    db,
    writes,
    ...dispatcherSettings(config),
    logger,
    observer: registerDeliveryMetrics(registry),
  });
  dispatcher.start();
  const metricsServer =
    config.METRICS_PORT === undefined
      ? undefined
      : createServer((req, res) => {
          if (req.url !== '/metrics') {
            res.writeHead(404).end();
            return;
          }
          void registry.metrics().then((text) => {
            res.writeHead(200, { 'content-type': registry.contentType }).end(text);
          });
        });
  const started = () => {
    const address = metricsServer?.address() as AddressInfo | null | undefined;
    logger.info(
      {
        database: isPostgres() ? 'postgresql (DATABASE_URL)' : config.DATABASE_PATH,
        live: config.LIVE_MODE,
        ...(address ? { metrics_url: `http://127.0.0.1:${address.port}/metrics` } : {}),
        config: redactedConfig(config),
      },
      'webhook dispatcher started',
    );
  };
  if (metricsServer) metricsServer.listen(config.METRICS_PORT, '127.0.0.1', started);
  else started();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'webhook dispatcher stopping');
    metricsServer?.close();
    void dispatcher
      .stop(10_000)
      .then(() => writes.stop())
      .then(() => closeDatabase(db))
      .then(() => {
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
