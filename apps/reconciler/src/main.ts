import type { AddressInfo } from 'node:net';
import { createApiClient } from './api-client.js';
import { configOrExit, redactedConfig } from './config.js';
import type { CustodianAdapter } from './custodian/adapter.js';
import { createSimulatedCustodian } from './custodian/simulated.js';
import { createSwiftFilesCustodian } from './custodian/swift-files/adapter.js';
import { createLogger, logCrashes, loggerOver } from './log.js';
import { createWorkerMetrics } from './metrics.js';
import { startStatusServer } from './status-server.js';
import { Worker } from './worker.js';

// A bad value stops the process here, naming the variable, before anything starts.
const config = configOrExit(process.env);
const logger = createLogger(config.LOG_LEVEL);
logCrashes(logger);
const log = loggerOver(logger);
logger.info({ config: redactedConfig(config) }, 'reconciler starting');
const adapter: CustodianAdapter =
  config.CUSTODIAN === 'swift-files'
    ? createSwiftFilesCustodian({ inbox: config.SWIFT_INBOX, outbox: config.SWIFT_OUTBOX })
    : createSimulatedCustodian({ settleAfterMs: config.SIM_SETTLE_AFTER_MS });
const metrics = createWorkerMetrics(() => worker.health, { processMetrics: true });
const worker = new Worker({
  api: createApiClient({ url: config.API_URL, token: config.SERVICE_TOKEN }),
  adapter,
  log,
  batchSize: config.BATCH_SIZE,
  concurrency: config.CONCURRENCY,
  leaseSeconds: config.LEASE_SECONDS,
  pollIntervalMs: config.POLL_INTERVAL_MS,
  housekeepingIntervalMs: config.HOUSEKEEPING_INTERVAL_MS,
  retry: { maxAttempts: config.RETRY_MAX_ATTEMPTS, backoffSeconds: config.RETRY_BACKOFF_SECONDS },
  observer: metrics.observer,
});
if (config.STATUS_PORT !== undefined) {
  const server = startStatusServer(worker.health, config.STATUS_PORT, metrics.registry);
  server.once('listening', () => {
    const { port } = server.address() as AddressInfo;
    logger.info(
      { status_url: `http://127.0.0.1:${port}/status`, metrics_url: `http://127.0.0.1:${port}/metrics` },
      'status server listening',
    );
  });
}

// First signal: finish the batch in hand and exit (bounded by a timeout); second: exit now.
let signals = 0;
function onSignal(signal: NodeJS.Signals): void {
  signals++;
  if (signals > 1) {
    log('warn', 'forced exit', { signal });
    process.exit(130);
  }
  log('info', 'stopping', { signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  setTimeout(() => {
    log('error', 'shutdown timed out', { timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS).unref();
  void worker.stop().then(() => process.exit(0));
}
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);
// SIGUSR2: new work is waiting (e.g. from a deploy hook); skip the rest of the sleep.
process.on('SIGUSR2', () => worker.notify());

await worker.start();
