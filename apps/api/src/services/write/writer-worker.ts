import { parentPort, workerData } from 'node:worker_threads';
import { closeDatabase, openDatabase } from '../../db/client.js';
import { asAppError } from '../../domain/problem.js';
import { createLogger } from '../../lib/logger.js';
import { setWalAutocheckpoint, synchronousLevelOf } from '../../repositories/connection-settings.js';
import { pingDatabase } from '../../repositories/store-figures.js';
import { purgeExpiredSlice, startHousekeeping } from '../housekeeping.js';
import { type BatchOutcome, runWriteBatch } from './batch.js';
import { asBatchFailure, isBatchFailure } from './batch-failure.js';
import { runCommand } from './commands.js';
import type { FromWriter, ToWriter, WireJob, WireOutcome, WriterSettings } from './writer-wire.js';

/**
 * The writer thread: its own connection to the database file, running the
 * jobs the event loop posts as group-committed batches. Messages that arrive
 * while a batch runs are merged into the next one.
 */
const port = parentPort;
if (!port) throw new Error('the writer runs as a worker thread');
const { path, walAutocheckpoint, batchMax, housekeepingIntervalMs, synchronous, logLevel } =
  workerData as WriterSettings;
const logger = createLogger({ name: 'api', level: logLevel }).child({ component: 'writer' });
const db = openDatabase(path, { migrate: false, synchronous });
await setWalAutocheckpoint(db, walAutocheckpoint);
// The purge's slices run between batches on this connection, never beside them.
const housekeeper = startHousekeeping(
  (now, limit) => purgeExpiredSlice(db, now, limit),
  housekeepingIntervalMs === undefined ? { logger } : { intervalMs: housekeepingIntervalMs, logger },
);

let inbox: WireJob[] = [];
let scheduled = false;

function toWire(job: WireJob, outcome: BatchOutcome): WireOutcome {
  if (outcome.ok) return { id: job.id, ok: true, value: outcome.value, replayed: outcome.replayed };
  const error = asAppError(outcome.error);
  if (error.code === 'INTERNAL') {
    // Only its code and message cross back to the request: its stack is told here.
    logger.error({ op: job.command.op, err: outcome.error }, 'write failed');
  }
  return {
    id: job.id,
    ok: false,
    error: {
      code: error.code,
      message: error.message,
      invalidParams: error.invalidParams,
      headers: error.headers,
      ...(isBatchFailure(outcome.error) ? { wholeBatch: true } : {}),
    },
  };
}

async function runBatch(jobs: WireJob[]): Promise<void> {
  if (jobs.length === 0) return;
  let outcomes: BatchOutcome[];
  const started = performance.now();
  try {
    outcomes = await runWriteBatch(
      db,
      jobs.map((job) => ({
        claim: job.claim,
        nonce: job.nonce,
        execute: (tx) => runCommand(tx, job.command),
      })),
    );
  } catch (error) {
    // Nothing of the batch was committed (e.g. the file stayed locked): all of it fails.
    const failure = asBatchFailure(error);
    outcomes = jobs.map(() => ({ ok: false, error: failure }));
  }
  const seconds = (performance.now() - started) / 1000;
  const message: FromWriter = {
    outcomes: jobs.map((job, i) => toWire(job, outcomes[i] as BatchOutcome)),
    seconds,
  };
  port?.postMessage(message);
}

async function drain(): Promise<void> {
  scheduled = false;
  if (inbox.length <= batchMax) {
    const jobs = inbox;
    inbox = [];
    await runBatch(jobs);
    return;
  }
  // The rest is the next batch, together with what arrives meanwhile; jobs
  // submitted together (a settlement batch) stay in one batch.
  const jobs = inbox.splice(0, batchMax);
  const together = jobs.at(-1)?.together;
  let rest = 0;
  while (together !== undefined && inbox[rest]?.together === together) rest++;
  jobs.push(...inbox.splice(0, rest));
  scheduled = true;
  setImmediate(() => void drain());
  await runBatch(jobs);
}

/** A query on this thread's connection, answered between batches: the write path is alive. */
async function pong(id: number): Promise<FromWriter> {
  try {
    await pingDatabase(db);
    return { pong: id };
  } catch (error) {
    return { pong: id, error: String(error) };
  }
}

port.on('message', (message: ToWriter) => {
  if ('ping' in message) {
    void pong(message.ping).then((answer) => port.postMessage(answer));
    return;
  }
  if ('stop' in message) {
    housekeeper.stop();
    void runBatch(inbox.splice(0))
      .then(
        () => closeDatabase(db),
        () => closeDatabase(db),
      )
      .finally(() => port.close());
    return;
  }
  for (const job of message.jobs) inbox.push(job);
  if (!scheduled) {
    scheduled = true;
    setImmediate(() => void drain());
  }
});
port.postMessage({
  ready: true,
  synchronous: await synchronousLevelOf(db),
} satisfies FromWriter);
