import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { type Logger, silentLogger } from '../lib/logger.js';
import { type Db, sqliteOf } from './client.js';

// Runs in the worker thread: its own connection, PASSIVE checkpoints (they
// never block writers or readers) on a timer.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
`;

/**
 * Moves WAL checkpoints – copying pages back into the database file and the
 * fsync that goes with it – off the event loop onto a worker thread. The api
 * connection keeps a high automatic checkpoint threshold only as a safety net
 * in case the worker falls behind. SQLite only (`sqliteOf` throws on PostgreSQL).
 */
export function startWalCheckpointer(
  db: Db,
  path: string,
  intervalMs = 200,
  logger: Logger = silentLogger,
): { stop(): Promise<void> } {
  sqliteOf(db).$client.pragma('wal_autocheckpoint = 16000');
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, driverPath } });
  worker.on('message', (message: string) => logger.error({ error: message }, 'wal checkpoint failed'));
  worker.unref();
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
