import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createApp } from './app.js';
import { DEFAULT_DEADLINE_AT_RISK_DAYS } from './context.js';
import { startWalCheckpointer } from './db/checkpointer.js';
import { DEFAULT_DATABASE_PATH, openDatabase } from './db/client.js';
import { DEFAULT_WRITER_BATCH_MAX, startWriterThread } from './db/writer/thread.js';
import { DEMO, seedDemoData } from './demo/seed-demo.js';
import { originPolicyFromEnv } from './http/allowed-origins.js';
import { cookieSecureFromEnv } from './http/operator-auth.js';
import { envFlag } from './lib/env-flag.js';
import { ensureDemoClientKey } from './services/auth/demo-client-key.js';
import { parseServiceCredentials } from './services/auth/service-credentials.js';
import { startHousekeeping } from './services/housekeeping.js';
import { dispatcherSettingsFromEnv, inProcessDispatcherEnabled } from './webhooks/config.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';

/**
 * Boots the api: opens the SQLite file (migrating it), seeds the demo data
 * unless DEMO_DATA=0 (or false), listens, and shuts down cleanly on SIGTERM/SIGINT.
 */
/**
 * Client writes run on their own thread and connection when a second core can
 * take them (docs/decisions.md has the A/B figures); WRITER_THREAD=on|off
 * overrides. An in-memory database has no second connection to give it.
 */
function writerThreadWanted(databasePath: string): boolean {
  if (databasePath === ':memory:') return false;
  const setting = process.env.WRITER_THREAD ?? 'auto';
  if (setting === 'on' || setting === 'off') return setting === 'on';
  if (setting !== 'auto') throw new Error(`WRITER_THREAD must be on, off or auto, not ${setting}`);
  return availableParallelism() >= 2;
}

/** DEADLINE_AT_RISK_DAYS: how many days before its date a transfer's deadline turns AT_RISK (0..30). */
function deadlineAtRiskDays(): number {
  const setting = process.env.DEADLINE_AT_RISK_DAYS;
  if (setting === undefined) return DEFAULT_DEADLINE_AT_RISK_DAYS;
  const value = Number(setting);
  if (!/^[0-9]+$/.test(setting) || value > 30) {
    throw new Error(`DEADLINE_AT_RISK_DAYS must be a whole number from 0 to 30, not ${setting}`);
  }
  return value;
}

function writerBatchMax(): number {
  const setting = process.env.WRITER_BATCH_MAX;
  if (setting === undefined) return DEFAULT_WRITER_BATCH_MAX;
  const value = Number(setting);
  if (!/^[0-9]+$/.test(setting) || value < 1 || value > 10_000) {
    throw new Error(`WRITER_BATCH_MAX must be a whole number from 1 to 10000, not ${setting}`);
  }
  return value;
}

async function main(): Promise<void> {
  // Switches first: a bad value stops the process before it opens anything.
  const demoData = envFlag(process.env, 'DEMO_DATA', true);
  const live = envFlag(process.env, 'LIVE_MODE', false);
  // Four eyes on manual settle/reject: on when live unless FOUR_EYES says otherwise.
  const fourEyes = envFlag(process.env, 'FOUR_EYES', live);
  const databasePath = process.env.DATABASE_PATH ?? DEFAULT_DATABASE_PATH;
  const db = openDatabase(databasePath);
  const checkpointer = databasePath === ':memory:' ? undefined : startWalCheckpointer(db, databasePath);
  const batchMax = writerBatchMax();
  const writer = writerThreadWanted(databasePath)
    ? startWriterThread(db, databasePath, { batchMax })
    : undefined;
  await writer?.ready;
  if (demoData) await seedDemoData(db, new Date());
  // The demo client's signing key: generated once, its private PEM kept next to the database.
  const demoKey = demoData
    ? ensureDemoClientKey(
        db,
        DEMO.tenant.clientId,
        process.env.DEMO_CLIENT_KEY_PATH ?? join(dirname(databasePath), 'demo-client-key.pem'),
        new Date(),
      )
    : undefined;
  const serviceCredentials = parseServiceCredentials(process.env.SERVICE_CREDENTIALS);
  const origins = originPolicyFromEnv(process.env);
  // Webhooks: delivered from this process unless WEBHOOKS_DISPATCHER=off (then run `dispatcher`).
  const dispatcher = inProcessDispatcherEnabled(process.env)
    ? new WebhookDispatcher({ db, ...dispatcherSettingsFromEnv(process.env) })
    : undefined;
  dispatcher?.start();
  const server = createApp({
    db,
    service: { live, fourEyes, deadlineAtRiskDays: deadlineAtRiskDays() },
    auth: { serviceCredentials },
    origins,
    admin: { cookieSecure: cookieSecureFromEnv(process.env.ADMIN_COOKIE_SECURE) },
    ...(dispatcher ? { onWrite: () => dispatcher.notify() } : {}),
  });
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  server.listen(port, host, () => {
    const address = server.address() as AddressInfo;
    console.log(
      JSON.stringify({
        msg: 'api listening',
        url: `http://${host}:${address.port}`,
        database: databasePath,
        writer_thread: writer !== undefined,
        ...(writer ? { writer_batch_max: batchMax } : {}),
        live,
        four_eyes: fourEyes,
        public_origins: origins.publicOrigins,
        allowed_hosts: [...origins.allowedHosts, 'loopback names'],
        internal_services: [...new Set(serviceCredentials.map((c) => c.service))],
        demo_client_id: DEMO.tenant.clientId,
        ...(demoKey ? { demo_key_id: demoKey.keyId, demo_private_key: demoKey.path } : {}),
      }),
    );
  });
  // Expired nonces and idempotency records go in short slices on the thread
  // that owns the writes: the writer thread does its own.
  const housekeeper = writer ? undefined : startHousekeeping(db);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(JSON.stringify({ msg: 'api stopping', signal }));
    server.close(() => {
      housekeeper?.stop();
      void (dispatcher?.stop(8_000) ?? Promise.resolve())
        .then(() => writer?.stop())
        .then(() => checkpointer?.stop())
        .then(() => {
          db.$client.close();
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
