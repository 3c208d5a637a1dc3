import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createApp } from './app.js';
import { ApiConfigSchema, configOrExit, databaseLocation, redactedConfig } from './config/config.js';
import { dispatcherSettings } from './config/dispatcher-settings.js';
import { startWalCheckpointer } from './db/checkpointer.js';
import { closeDatabase, openConfiguredDatabase } from './db/client.js';
import { isPostgres } from './db/dialect.js';
import { DEMO, seedDemoData } from './demo/seed-demo.js';
import { systemClock } from './lib/clock.js';
import { createLogger, logCrashes } from './lib/logger.js';
import { passwordPool } from './lib/password-pool.js';
import { createApiMetrics } from './metrics/api-metrics.js';
import { ensureDemoClientKey } from './services/auth/demo-client-key.js';
import { startHousekeeping } from './services/housekeeping.js';
import { GroupCommitPort } from './services/write/group-commit.js';
import { purgeThroughPort, type WritePort } from './services/write/port.js';
import { startWriterThread } from './services/write/writer-thread.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';

/**
 * Boots the api: reads and checks its configuration (config/config.ts), opens
 * the database – PostgreSQL when DATABASE_URL is set, else the SQLite file –
 * and migrates it, seeds the demo data unless DEMO_DATA is off,
 * listens, and shuts down cleanly on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  // A bad value stops the process here, naming the variable, before anything is opened.
  const config = configOrExit(ApiConfigSchema, process.env);
  const logger = createLogger({ name: 'api', level: config.LOG_LEVEL });
  logCrashes(logger);
  passwordPool.configure({
    ...(config.PASSWORD_THREADS !== undefined ? { threads: config.PASSWORD_THREADS } : {}),
    ...(config.PASSWORD_QUEUE !== undefined ? { maxQueued: config.PASSWORD_QUEUE } : {}),
  });
  // Four eyes on manual settle/reject: on when live unless FOUR_EYES says otherwise.
  const fourEyes = config.FOUR_EYES === 'auto' ? config.LIVE_MODE : config.FOUR_EYES;
  const databasePath = config.DATABASE_PATH;
  const db = await openConfiguredDatabase(databaseLocation(config, 'tbo-api'));
  // The writer thread and WAL checkpoints answer SQLite's single writer; PostgreSQL
  // takes concurrent transactions from the pool (GroupCommitPort, one per turn).
  const sqliteFile = !isPostgres() && databasePath !== ':memory:';
  const checkpointer = sqliteFile ? startWalCheckpointer(db, databasePath, undefined, logger) : undefined;
  // Client writes get their own thread and connection when a second core can take them
  // (docs/decisions.md has the A/B figures); an in-memory database has no second connection.
  const writerThread =
    sqliteFile &&
    (config.WRITER_THREAD === 'auto' ? availableParallelism() >= 2 : config.WRITER_THREAD === 'on');
  const writer = writerThread
    ? await startWriterThread(db, databasePath, { batchMax: config.WRITER_BATCH_MAX, logger })
    : undefined;
  await writer?.ready;
  // The one write port of this process: every write of every request goes through it.
  const writes: WritePort = writer ?? new GroupCommitPort(db);
  if (config.DEMO_DATA) await seedDemoData(db, new Date());
  // The demo client's signing key: generated once, its private PEM kept next to the database.
  const demoKey = config.DEMO_DATA
    ? await ensureDemoClientKey(
        db,
        DEMO.tenant.clientId,
        config.DEMO_CLIENT_KEY_PATH ?? join(dirname(databasePath), 'demo-client-key.pem'),
        new Date(),
      )
    : undefined;
  const origins = { publicOrigins: config.PUBLIC_ORIGIN, allowedHosts: config.ALLOWED_HOSTS };
  const metrics = createApiMetrics(db, systemClock, { processMetrics: true, writes });
  // Webhooks: delivered from this process unless WEBHOOKS_DISPATCHER=off (then run `dispatcher`).
  const dispatcher =
    config.WEBHOOKS_DISPATCHER === 'on'
      ? new WebhookDispatcher({
          db,
          writes,
          ...dispatcherSettings(config),
          logger: logger.child({ component: 'dispatcher' }),
          observer: metrics.deliveries(),
        })
      : undefined;
  dispatcher?.start();
  const server = createApp({
    db,
    writes,
    service: { live: config.LIVE_MODE, fourEyes, deadlineAtRiskDays: config.DEADLINE_AT_RISK_DAYS },
    auth: { serviceCredentials: config.SERVICE_CREDENTIALS },
    origins,
    admin: {
      cookieSecure: config.ADMIN_COOKIE_SECURE,
      ...(config.ADMIN_DIST_DIR ? { distFolder: resolve(config.ADMIN_DIST_DIR) } : {}),
    },
    logger,
    metrics,
    metricsAccess: { token: config.METRICS_TOKEN },
    ...(dispatcher ? { onWrite: () => dispatcher.notify() } : {}),
  });
  server.listen(config.PORT, config.HOST, () => {
    const address = server.address() as AddressInfo;
    logger.info(
      {
        url: `http://${config.HOST}:${address.port}`,
        database: isPostgres() ? 'postgresql (DATABASE_URL)' : databasePath,
        writer_thread: writer !== undefined,
        ...(writer ? { writer_batch_max: config.WRITER_BATCH_MAX } : {}),
        live: config.LIVE_MODE,
        four_eyes: fourEyes,
        public_origins: origins.publicOrigins,
        allowed_hosts: [...origins.allowedHosts, 'loopback names'],
        internal_services: [...new Set(config.SERVICE_CREDENTIALS.map((c) => c.service))],
        demo_client_id: DEMO.tenant.clientId,
        ...(demoKey ? { demo_key_id: demoKey.keyId, demo_private_key: demoKey.path } : {}),
        config: redactedConfig(config),
      },
      'api listening',
    );
  });
  // Expired nonces and idempotency records go in short slices through the
  // write port: the writer thread purges between its batches on its own.
  const housekeeper = writer ? undefined : startHousekeeping(purgeThroughPort(writes, db), { logger });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'api stopping');
    server.close(() => {
      housekeeper?.stop();
      void (dispatcher?.stop(8_000) ?? Promise.resolve())
        .then(() => writes.stop())
        .then(() => checkpointer?.stop())
        .then(() => closeDatabase(db))
        .then(() => {
          logger.info('api stopped');
          process.exit(0);
        });
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
