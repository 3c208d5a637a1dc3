// Test setup only: the reconciler's own code never imports the api (only its router type).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/src/app.js';
import type { Clock } from '../../api/src/lib/clock.js';
import { callerFor, createTestDb, type TestDb } from '../../api/test/harness.js';
import { type ApiClient, createApiClient } from '../src/api-client.js';
import type { CustodianAdapter } from '../src/custodian/adapter.js';
import { createSimulatedCustodian } from '../src/custodian/simulated.js';
import { Worker, type WorkerOptions } from '../src/worker.js';

export { DEMO } from '../../api/test/harness.js';

export const INTERNAL_TOKEN = 'test-reconciler-token-0123456789';

export interface System {
  t: TestDb;
  server: Server;
  url: string;
  api: ApiClient;
  /** A tenant's API client (in-process caller) to create and cancel transfers. */
  client: ReturnType<typeof callerFor>;
  worker(options?: Partial<WorkerOptions>): Worker;
  close(): Promise<void>;
}

/** The real api on a temp SQLite file, served over HTTP on 127.0.0.1 (port 0). */
export async function startSystem(options: { clock?: Clock; live?: boolean } = {}): Promise<System> {
  const t = await createTestDb();
  const clock = options.clock ?? t.clock;
  const server = createApp({
    db: t.db,
    clock,
    service: { live: options.live ?? false },
    auth: { serviceCredentials: [{ service: 'reconciler', token: INTERNAL_TOKEN }] },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api = createApiClient({ url, token: INTERNAL_TOKEN });
  const workers: Worker[] = [];
  return {
    t,
    server,
    url,
    api,
    client: callerFor(t, { clock }),
    worker(overrides = {}) {
      const adapter: CustodianAdapter = overrides.adapter ?? createSimulatedCustodian({ settleAfterMs: 0 });
      const w = new Worker({
        api,
        adapter,
        batchSize: 50,
        pollIntervalMs: 10,
        housekeepingIntervalMs: 0,
        today: () => clock.now().toISOString().slice(0, 10),
        ...overrides,
      });
      workers.push(w);
      return w;
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

/** Polls until `check` holds (the worker loop runs meanwhile); never asserts a duration. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs the worker pass by pass until a pass finds nothing to do. */
export async function drain(worker: Worker, maxPasses = 50): Promise<void> {
  for (let i = 0; i < maxPasses; i++) {
    const report = await worker.runOnce();
    if (report.claimed === 0 && report.inbound === 0) return;
  }
  throw new Error('worker did not go idle');
}
