import { createApiClient } from './api-client.js';
import { readConfig } from './config.js';
import type { CustodianAdapter } from './custodian/adapter.js';
import { createSimulatedCustodian } from './custodian/simulated.js';
import { createSwiftFilesCustodian } from './custodian/swift-files/adapter.js';
import { jsonLogger } from './log.js';
import { startStatusServer } from './status-server.js';
import { Worker } from './worker.js';

const config = readConfig();
const adapter: CustodianAdapter =
  config.CUSTODIAN === 'swift-files'
    ? createSwiftFilesCustodian({ inbox: config.SWIFT_INBOX, outbox: config.SWIFT_OUTBOX })
    : createSimulatedCustodian({ settleAfterMs: config.SIM_SETTLE_AFTER_MS });
const worker = new Worker({
  api: createApiClient({ url: config.API_URL, token: config.SERVICE_TOKEN }),
  adapter,
  log: jsonLogger,
  batchSize: config.BATCH_SIZE,
  concurrency: config.CONCURRENCY,
  leaseSeconds: config.LEASE_SECONDS,
  pollIntervalMs: config.POLL_INTERVAL_MS,
  housekeepingIntervalMs: config.HOUSEKEEPING_INTERVAL_MS,
  retry: { maxAttempts: config.RETRY_MAX_ATTEMPTS, backoffSeconds: config.RETRY_BACKOFF_SECONDS },
});
if (config.STATUS_PORT !== undefined) startStatusServer(worker.health, config.STATUS_PORT);

// First signal: finish the batch in hand and exit (bounded by a timeout); second: exit now.
let signals = 0;
function onSignal(signal: NodeJS.Signals): void {
  signals++;
  if (signals > 1) {
    jsonLogger('warn', 'forced exit', { signal });
    process.exit(130);
  }
  jsonLogger('info', 'stopping', { signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  setTimeout(() => {
    jsonLogger('error', 'shutdown timed out', { timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS).unref();
  void worker.stop().then(() => process.exit(0));
}
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);
// SIGUSR2: new work is waiting (e.g. from a deploy hook); skip the rest of the sleep.
process.on('SIGUSR2', () => worker.notify());

await worker.start();
