import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../api/src/lib/clock.js';
import {
  expectHistoryConsistent,
  expectPositionsConsistent,
  gateProcessBatch,
  leasedTransfers,
  logLines,
  openTransfers,
  type Position,
  seedAutoTransfers,
} from './process-helpers.js';
import { type System, startSystem, waitFor } from './system.js';
import { exited, spawnWorker } from './worker-process.js';

const TRANSFERS = 3_000;

/** A port nobody listens on right now: bind port 0, read it, close. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The worker child with its whole stdout (`output` keeps only the last chunks). */
type WorkerProcess = ReturnType<typeof spawnWorker> & { log: string[] };

const logged = (worker: WorkerProcess, msg: string) => logLines(worker.log).some((line) => line.msg === msg);

function ownerOf(worker: WorkerProcess): string {
  const started = logLines(worker.log).find((line) => line.msg === 'worker started');
  if (typeof started?.owner !== 'string') throw new Error('no owner logged');
  return started.owner;
}

describe('worker process control (signals, status endpoint)', () => {
  let s: System;
  let initial: Position[];
  const children: WorkerProcess[] = [];
  const spawn = (env: Record<string, string> = {}) => {
    const log: string[] = [];
    const child = Object.assign(spawnWorker(s.url, env), { log });
    child.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    children.push(child);
    return child;
  };

  beforeEach(async () => {
    s = await startSystem({ clock: systemClock });
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    }
    await s.close();
  });

  /** Seeds the transfers, starts a worker and returns once it is mid-batch with its record call held. */
  async function busyWorkerWithBatchInHand() {
    initial = await seedAutoTransfers(s, TRANSFERS);
    const gate = gateProcessBatch(s.server);
    const worker = spawn({ BATCH_SIZE: '100', LEASE_SECONDS: '2' });
    // Busy: it has logged at least one batch and holds leased transfers.
    await waitFor(() => logged(worker, 'batch') && leasedTransfers(s) > 0, 'the worker to be busy', 60_000);
    gate.close();
    await waitFor(() => gate.held > 0, 'a batch in hand (processBatch held at the api)', 30_000);
    const owner = ownerOf(worker);
    expect(leasedTransfers(s, owner)).toBeGreaterThan(0);
    return { gate, worker, owner };
  }

  /** After the worker under test is gone: a fresh worker finishes everything; then the full checks. */
  async function drainAndCheck() {
    expectHistoryConsistent(s);
    const last = spawn({ BATCH_SIZE: '500', LEASE_SECONDS: '2' });
    await waitFor(() => openTransfers(s) === 0, 'every transfer final', 120_000);
    last.kill('SIGTERM');
    expect(await exited(last)).toEqual({ code: 0, signal: null });
    expectHistoryConsistent(s);
    expectPositionsConsistent(s, initial);
  }

  it('a second SIGTERM exits at once with 130, leaving the batch in hand unrecorded but recoverable', async () => {
    const { gate, worker, owner } = await busyWorkerWithBatchInHand();
    const open = openTransfers(s);

    worker.kill('SIGTERM');
    // The first signal was taken (graceful stop begun, waiting for the held batch)…
    await waitFor(() => logged(worker, 'stopping'), 'the first SIGTERM to be handled', 30_000);
    // …the second one ends the process at once.
    worker.kill('SIGTERM');
    expect(await exited(worker)).toEqual({ code: 130, signal: null });
    expect(logged(worker, 'forced exit')).toBe(true);
    expect(logged(worker, 'worker stopped')).toBe(false);
    // It did not wait for its batch: the batch is still held and its transfers still leased to it.
    expect(gate.held).toBeGreaterThan(0);
    expect(leasedTransfers(s, owner)).toBeGreaterThan(0);
    expect(openTransfers(s)).toBe(open);

    // The api receives the orphaned record call anyway (as after a real forced exit); then a fresh
    // worker takes over once the leases run out. Nothing is lost or applied twice.
    gate.open();
    await drainAndCheck();
  }, 240_000);

  it('a single SIGTERM lets the busy worker record its batch and exit 0', async () => {
    const { gate, worker, owner } = await busyWorkerWithBatchInHand();
    const batchesBefore = logLines(worker.log).filter((line) => line.msg === 'batch').length;

    worker.kill('SIGTERM');
    await waitFor(() => logged(worker, 'stopping'), 'the SIGTERM to be handled', 30_000);
    expect(worker.exitCode).toBeNull(); // still waiting for the batch in hand
    gate.open();
    expect(await exited(worker)).toEqual({ code: 0, signal: null });

    const lines = logLines(worker.log);
    expect(lines.filter((line) => line.msg === 'batch').length).toBe(batchesBefore + 1);
    expect(lines.at(-1)?.msg).toBe('worker stopped');
    expect(logged(worker, 'forced exit')).toBe(false);
    // The batch was recorded: no transfer is left leased to the stopped worker; work remains for others.
    expect(leasedTransfers(s, owner)).toBe(0);
    expect(openTransfers(s)).toBeGreaterThan(0);
    await drainAndCheck();
  }, 240_000);

  it('serves GET /status with its state, totals and the api lag figures', async () => {
    initial = await seedAutoTransfers(s, 200);
    const port = await freePort();
    // Housekeeping (which fetches the api's lag figures) on every pass.
    const worker = spawn({ STATUS_PORT: String(port), HOUSEKEEPING_INTERVAL_MS: '0' });
    const url = `http://127.0.0.1:${port}/status`;

    type Status = {
      owner: string;
      adapter: string;
      state: string;
      startedAt: string;
      batches: number;
      lastBatchAt: string | null;
      lastError: string | null;
      totals: { claimed: number; inbound: number; errors: number; outcomes: Record<string, number> };
      api: {
        now: string;
        counts: { NEW: number; PROCESSING: number };
        leased: number;
        unclaimedNew: number;
        oldestUnclaimedNewAt: string | null;
        oldestUnclaimedNewAgeSeconds: number | null;
        cancellationsToForward: number;
        openBreaks: number;
      } | null;
    };
    let status: Status | undefined;
    let httpStatus = 0;
    const poll = async () => {
      try {
        const res = await fetch(url);
        httpStatus = res.status;
        status = (await res.json()) as Status;
      } catch {
        status = undefined; // not listening yet
      }
    };
    const start = Date.now();
    while (!(status?.api != null && status.totals.claimed > 0)) {
      if (Date.now() - start > 60_000)
        throw new Error(`no status with work at ${url}: ${JSON.stringify(status)}`);
      await poll();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(httpStatus).toBe(200);
    expect(status).toMatchObject({
      owner: ownerOf(worker),
      adapter: 'simulated',
      state: 'running',
      lastError: null,
      startedAt: expect.any(String),
      lastBatchAt: expect.any(String),
    });
    expect(status.batches).toBeGreaterThan(0);
    expect(status.totals.errors).toBe(0);
    expect(Object.keys(status.totals.outcomes).length).toBeGreaterThan(0);
    expect(status.api).toMatchObject({
      now: expect.any(String),
      counts: { NEW: expect.any(Number), PROCESSING: expect.any(Number) },
      leased: expect.any(Number),
      unclaimedNew: expect.any(Number),
      cancellationsToForward: expect.any(Number),
      openBreaks: expect.any(Number),
      openExceptions: expect.any(Number),
    });
    expect(status.api).toHaveProperty('oldestUnclaimedNewAt');
    expect(status.api).toHaveProperty('oldestUnclaimedNewAgeSeconds');
    // The lag figures are the api's own: once everything is final they read zero.
    await waitFor(() => openTransfers(s) === 0, 'every transfer final', 60_000);
    const settledAt = new Date().toISOString();
    while (!(status?.api != null && status.api.now > settledAt)) {
      if (Date.now() - start > 120_000) throw new Error('status never refreshed its api figures');
      await poll();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status.api).toMatchObject({
      counts: { NEW: 0, PROCESSING: 0 },
      leased: 0,
      unclaimedNew: 0,
      oldestUnclaimedNewAt: null,
      oldestUnclaimedNewAgeSeconds: null,
    });
    // /healthz serves the same document; other paths are 404.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);

    worker.kill('SIGTERM');
    expect(await exited(worker)).toEqual({ code: 0, signal: null });
    expectHistoryConsistent(s);
    expectPositionsConsistent(s, initial);
  }, 180_000);
});
