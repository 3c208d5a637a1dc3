// pnpm --filter @tbo/api bench:pg – signed creates/s and transfers settled/s on
// PostgreSQL with one and with two api instances, next to SQLite with one api
// (two processes cannot write one SQLite file), all in the same run.
//
// Each scenario is a fresh system from the built bundles (`node dist/…`, as
// `pnpm start` runs them): the api instances on a new database (a PostgreSQL
// server of its own on 127.0.0.1, or a SQLite file), demo data, the webhook
// dispatcher off. (1) Signed REST creates, closed loop, BENCH_CONNECTIONS
// split evenly over the instances, BENCH_SECONDS after a warm-up; half
// INCOMING, half OUTGOING over a position large enough for all. (2) Then one
// reconciler per instance (simulated custodian, answers at once) is started
// and timed until every transfer created in (1) is final, at most
// BENCH_SETTLE_SECONDS. Only 127.0.0.1 is contacted.
import { randomUUID } from 'node:crypto';
import { createTransfersClient, signRequest } from '@tbo/signing';
import Database from 'better-sqlite3';
import pg from 'pg';
import { closeDatabase, openConfiguredDatabase } from '../src/db/client.js';
import { selectDialect } from '../src/db/dialect.js';
import { writeTransaction } from '../src/db/transaction.js';
import { DEMO } from '../src/demo/seed-demo.js';
import { findAccountById } from '../src/repositories/settlement-lookups.js';
import { insertSecuritiesTransfer } from '../src/services/securities-transfers.js';
import { type RunningSystem, startSystem } from '../test/support/system-run.js';
import { type LoadFigures, type LoadRequest, runLoad } from './load.js';
import { prepared } from './requests.js';
import { subsetSetting, wholeNumberSetting } from './settings.js';

const SECONDS = wholeNumberSetting('BENCH_SECONDS', 10);
const CONNECTIONS = wholeNumberSetting('BENCH_CONNECTIONS', 32);
const SETTLE_SECONDS = wholeNumberSetting('BENCH_SETTLE_SECONDS', 240);
/** Transfers the settle phase starts with: the creates' own, topped up to this many through the api's services. */
const SETTLE_TRANSFERS = wholeNumberSetting('BENCH_SETTLE_TRANSFERS', 5_000);
const WARM_SECONDS = 2;
const PREPARED_PER_SECOND = 3_000;
const APPLE = 'US0378331005';

const SCENARIOS = [
  { name: 'sqlite', database: 'sqlite', apis: 1 },
  { name: 'pg1', database: 'postgres', apis: 1 },
  { name: 'pg2', database: 'postgres', apis: 2 },
] as const;
// BENCH_ONLY=sqlite,pg1,pg2 runs a subset.
const ONLY = subsetSetting(
  'BENCH_ONLY',
  SCENARIOS.map((s) => s.name),
);

/** Demo tenant's create bodies: INCOMING and OUTGOING in turn, one unit of Apple, settling by itself (AUTO). */
function createBody(i: number): string {
  return JSON.stringify({
    direction: i % 2 === 0 ? 'INCOMING' : 'OUTGOING',
    instrument_id: APPLE,
    instrument_id_type: 'ISIN',
    quantity: '1',
    transfer_type: 'NO_OWNER_CHANGE',
    user_id: DEMO.secondUser,
    account_id: DEMO.secondAccount,
    settlement_reference: `AUTO-BENCH-${i}`,
    counterparty: { bic: 'DUMBZZ33XXX', account_number: '1234567891', name: 'Max Mustermann' },
  });
}

/** The bench's own changes to the demo data: no rate limit in the way, a position for every OUTGOING. */
async function prepareData(system: RunningSystem): Promise<void> {
  const statements = [
    `UPDATE tenants SET rate_limit_per_second = 1000000, rate_limit_burst = 1000000 WHERE id = '${DEMO.tenant.id}'`,
    `UPDATE positions SET quantity = '1000000000' WHERE account_id = '${DEMO.secondAccount}' AND isin = '${APPLE}'`,
  ];
  if (system.databaseUrl) {
    const client = new pg.Client({ connectionString: system.databaseUrl });
    await client.connect();
    for (const sql of statements) await client.query(sql);
    await client.end();
  } else {
    const db = new Database(system.databasePath ?? '');
    db.pragma('busy_timeout = 10000');
    for (const sql of statements) db.prepare(sql).run();
    db.close();
  }
  // The api reads a tenant's limits again within 5 s.
  await new Promise((r) => setTimeout(r, 5_500));
}

async function signedCreates(url: string, privateKeyPem: string): Promise<() => LoadRequest> {
  const client = createTransfersClient({
    baseUrl: url,
    clientId: DEMO.tenant.clientId,
    clientSecret: DEMO.tenant.clientSecret,
    keyId: 'demo-key-1',
    privateKey: privateKeyPem,
  });
  const common = {
    accept: 'application/json',
    authorization: `Bearer ${await client.token()}`,
    'upvest-client-id': DEMO.tenant.clientId,
    'upvest-api-version': '1',
    'content-type': 'application/json',
  };
  let n = 0;
  return () => {
    const body = createBody(n++);
    const headers = { ...common, 'idempotency-key': randomUUID() };
    const path = '/securities_transfers';
    const added = signRequest({
      method: 'POST',
      url: path,
      headers,
      body,
      keyId: 'demo-key-1',
      privateKey: privateKeyPem,
    });
    return { method: 'POST', path, headers: { ...headers, ...added }, body };
  };
}

/** The closed loop over every instance at once, CONNECTIONS split evenly. */
async function createLoad(system: RunningSystem, seconds: number, measured: boolean): Promise<LoadFigures[]> {
  const perApi = Math.max(1, Math.floor(CONNECTIONS / system.apiUrls.length));
  const makers = await Promise.all(system.apiUrls.map((url) => signedCreates(url, system.demoKeyPem)));
  return Promise.all(
    system.apiUrls.map((url, i) => {
      const make = makers[i] ?? (() => ({ method: 'GET', path: '/healthz', headers: {} }));
      return runLoad(
        `creates ${url}`,
        url,
        { connections: perApi, seconds, serverPid: system.apis[i]?.child?.pid },
        measured ? prepared((PREPARED_PER_SECOND * seconds) / system.apiUrls.length, make) : make,
      );
    }),
  );
}

/**
 * Tops the NEW transfers up to `total` with the creates' mix, written by this process through the
 * api's own services in transactions of 1,000 (no signatures, no contention): every scenario's
 * settle phase then starts from the same number of transfers, whatever its creates reached.
 */
async function topUp(system: RunningSystem, have: number, total: number): Promise<void> {
  if (have >= total) return;
  if (!system.databaseUrl) selectDialect('sqlite');
  const db = await openConfiguredDatabase({
    url: system.databaseUrl,
    path: system.databasePath ?? '',
    pg: { poolSize: 1, applicationName: 'tbo-bench-seed' },
  });
  try {
    const account = await findAccountById(db, DEMO.secondAccount);
    if (!account) throw new Error('the demo account is missing');
    for (let start = have; start < total; start += 1_000) {
      const at = new Date().toISOString();
      await writeTransaction(db, async (tx) => {
        for (let i = start; i < Math.min(total, start + 1_000); i++) {
          await insertSecuritiesTransfer(
            tx,
            {
              tenantId: DEMO.tenant.id,
              account,
              direction: i % 2 === 0 ? 'INCOMING' : 'OUTGOING',
              isin: APPLE,
              quantity: '1',
              settlementReference: `AUTO-BENCH-T${i}`,
              counterparty: { bic: 'DUMBZZ33XXX', account_number: '1234567891', name: 'Max Mustermann' },
            },
            { actor: 'bench', at },
          );
        }
      });
    }
  } finally {
    await closeDatabase(db);
  }
}

async function countOf(system: RunningSystem, where: string): Promise<number> {
  const [row] = await system.reader.all<{ n: unknown }>(
    `SELECT count(*) AS n FROM securities_transfers ${where}`,
  );
  return Number(row?.n ?? 0);
}

interface Row {
  database: string;
  apis: number;
  'creates/s': number;
  'create p50 ms': number;
  'create p99 ms': number;
  'non-2xx': number;
  'api CPU ms/create': string;
  created: number;
  transfers: number;
  reconcilers: number;
  'settled/s': number | string;
  'settle s': number;
  settled: number;
  'start s': number;
}

async function scenario(database: 'sqlite' | 'postgres', apis: number): Promise<Row> {
  const system = await startSystem({
    database,
    apis,
    dispatchers: 0,
    reconcilers: 0,
    mode: 'dist',
    demoKeyAlgorithm: 'ed25519',
    reconcilerEnv: {
      SIM_SETTLE_AFTER_MS: '0',
      POLL_INTERVAL_MS: '10',
      BATCH_SIZE: '1000',
      CONCURRENCY: '2',
      HOUSEKEEPING_INTERVAL_MS: '600000',
    },
    // The log lines go to files unread once a process has started: parsing them would load this process.
    watchLogs: false,
  });
  let failed = true;
  try {
    await prepareData(system);
    await createLoad(system, WARM_SECONDS, false);
    const runs = await createLoad(system, SECONDS, true);
    const requests = runs.reduce((n, r) => n + r.requests, 0);
    const seconds = Math.max(...runs.map((r) => r.seconds));
    const cpu = runs.map((r) => r.serverCpuMs);
    const created = await countOf(system, '');
    await topUp(system, created, SETTLE_TRANSFERS);
    const transfers = await countOf(system, '');

    // Timed from the workers' start-up lines (a process start is not settlement).
    await Promise.all(system.apiUrls.map(() => system.add('reconciler')));
    const settleStarted = performance.now();
    const settleDeadline = settleStarted + SETTLE_SECONDS * 1000;
    let open = transfers;
    while (open > 0 && performance.now() < settleDeadline) {
      await new Promise((r) => setTimeout(r, 250));
      open = await countOf(system, `WHERE status IN ('NEW', 'PROCESSING')`);
    }
    const settleSeconds = (performance.now() - settleStarted) / 1000;
    const settled = await countOf(system, `WHERE status = 'SETTLED'`);
    const final = transfers - open;
    failed = false;
    return {
      database: database === 'postgres' ? 'PostgreSQL' : 'SQLite',
      apis,
      'creates/s': Math.round(requests / seconds),
      'create p50 ms': Math.max(...runs.map((r) => r.p50)),
      'create p99 ms': Math.max(...runs.map((r) => r.p99)),
      'non-2xx': runs.reduce((n, r) => n + r.non2xx + r.errors, 0),
      'api CPU ms/create': cpu.map((c) => c ?? '-').join(' + '),
      created,
      transfers,
      reconcilers: apis,
      'settled/s':
        open === 0
          ? Math.round(final / settleSeconds)
          : `${Math.round(final / settleSeconds)} (${open} open at the limit)`,
      'settle s': Math.round(settleSeconds * 10) / 10,
      settled,
      'start s': Math.round(system.startedInMs / 100) / 10,
    };
  } finally {
    await system.stop(failed);
    if (failed) console.error(`${database} × ${apis}: logs kept in ${system.logDir}`);
  }
}

const rows: Row[] = [];
for (const { name, database, apis } of SCENARIOS) {
  if (!ONLY.has(name)) continue;
  console.log(`${database}, ${apis} api instance(s): starting`);
  rows.push(await scenario(database, apis));
  console.log(JSON.stringify(rows.at(-1)));
}
console.log(
  `\nSigned REST creates (ed25519, each its own nonce and idempotency key) over ${CONNECTIONS} connections split across the instances, ${SECONDS} s after a ${WARM_SECONDS} s warm-up; then the transfers topped up to ${SETTLE_TRANSFERS} (half INCOMING, half OUTGOING) and one reconciler per instance (simulated custodian, no delay) timed from its start-up line until every transfer is final (at most ${SETTLE_SECONDS} s). Built bundles, demo data, webhook dispatcher off; the PostgreSQL server is the test server (fsync off); load generator, database and processes share this machine.`,
);
console.table(rows);
