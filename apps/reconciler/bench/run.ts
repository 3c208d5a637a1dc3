// pnpm --filter @tbo/reconciler bench  – 100,000 transfers NEW → SETTLED through the simulated custodian,
// with the api and the worker as two separate processes talking tRPC over HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, sqliteOf } from '../../api/src/db/client.js';
import { createApiClient } from '../src/api-client.js';
import { peakRssMiB, startProcess, stopProcess, waitForLine } from './processes.js';
import { seedBenchDatabase } from './seed.js';

const TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 100_000);
const BATCH_SIZE = process.env.BENCH_BATCH_SIZE ?? '1000';
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '2';
const TOKEN = 'bench-reconciler-token-0123456789';
const apps = fileURLToPath(new URL('../..', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'tbo-bench-'));
const databasePath = join(dir, 'bench.sqlite');
const seedStart = performance.now();
await seedBenchDatabase(databasePath, TRANSFERS);
console.log(`seeded ${TRANSFERS} NEW transfers in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

const apiProcess = startProcess('src/server.ts', join(apps, 'api'), {
  DATABASE_PATH: databasePath,
  SERVICE_CREDENTIALS: `reconciler=${TOKEN}`,
  PORT: '0',
  DEMO_DATA: '0',
});
const { url } = (await waitForLine(apiProcess, 'api listening')) as { url: string };
const api = createApiClient({ url, token: TOKEN });

const start = performance.now();
const worker = startProcess('src/main.ts', join(apps, 'reconciler'), {
  API_URL: url,
  SERVICE_TOKEN: TOKEN,
  CUSTODIAN: 'simulated',
  SIM_SETTLE_AFTER_MS: '0',
  BATCH_SIZE,
  CONCURRENCY,
  POLL_INTERVAL_MS: '10',
  HOUSEKEEPING_INTERVAL_MS: '600000',
});
worker.stdout?.resume();

let open = TRANSFERS;
while (open > 0) {
  await new Promise((r) => setTimeout(r, 250));
  const status = await api.internal.status.query();
  open = status.counts.NEW + status.counts.PROCESSING;
}
const seconds = (performance.now() - start) / 1000;
const rss = { api: peakRssMiB(apiProcess.pid), worker: peakRssMiB(worker.pid) };
await stopProcess(worker);
await stopProcess(apiProcess);

const db = openDatabase(databasePath);
const settled = (
  sqliteOf(db)
    .$client.prepare(`SELECT count(*) AS n FROM securities_transfers WHERE status = 'SETTLED'`)
    .get() as {
    n: number;
  }
).n;
sqliteOf(db).$client.close();
rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify(
    {
      transfers: TRANSFERS,
      settled,
      batchSize: Number(BATCH_SIZE),
      concurrency: Number(CONCURRENCY),
      seconds: Number(seconds.toFixed(2)),
      transfersPerSecond: Math.round(TRANSFERS / seconds),
      peakRssMiB: rss,
      setup: 'api and worker as separate node processes (tsx), tRPC over HTTP on 127.0.0.1, SQLite WAL file',
    },
    null,
    2,
  ),
);
if (settled !== TRANSFERS) process.exitCode = 1;
