import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPair, signRequest } from '@tbo/signing';
import { RECORD_NONCE_SQL } from '../src/services/auth/nonces.js';
import { UPSERT_RECORD_SQL } from '../src/services/idempotency.js';
import { COUNT_UP_SQL, INSERT_EVENT_SQL, INSERT_HISTORY_SQL } from '../src/services/journal.js';
import { INSERT_TRANSFER_SQL } from '../src/services/securities-transfers.js';
import { BENCH, CREATE_BODY, prepareBenchDatabase } from './bench-data.js';
import { type LoadFigures, type LoadRequest, printFigures, runLoad } from './load.js';
import { prepared } from './requests.js';
import { subsetSetting, wholeNumberSetting } from './settings.js';

// pnpm --filter @tbo/api bench:floor – what a create costs at the least on this
// machine, measured with the same load generator, connections and request
// bytes as `bench`: the ceiling any implementation of the api could reach here.
const SECONDS = wholeNumberSetting('BENCH_SECONDS', 10);
const CONNECTIONS = wholeNumberSetting('BENCH_CONNECTIONS', 32);
// The rows already stored when `verify-store` runs, as in `bench`.
const ROWS = wholeNumberSetting('BENCH_ROWS', 1_000_000, 0);
const MODES = [
  ['http', 'node:http + JSON in and out'],
  ['verify', '+ Ed25519 verify (thread pool)'],
  ['verify-write', '+ one group-committed SQLite insert'],
  ['verify-store', "verify + the api's rows for a create, group-committed"],
  ['verify-store-lean', '… with only the primary and unique indexes'],
] as const;
// FLOOR_ONLY=verify-store runs a subset.
const ONLY = subsetSetting(
  'FLOOR_ONLY',
  MODES.map(([mode]) => mode),
);
/** What the store modes write with: the api's own statements, for the bench tenant. */
const FLOOR_STORE = JSON.stringify({
  tenantId: BENCH.tenantId,
  accountGroupId: BENCH.accountGroupId,
  statements: {
    nonce: RECORD_NONCE_SQL,
    transfer: INSERT_TRANSFER_SQL,
    history: INSERT_HISTORY_SQL,
    count: COUNT_UP_SQL,
    event: INSERT_EVENT_SQL,
    record: UPSERT_RECORD_SQL,
  },
});

async function startFloorServer(mode: string, databasePath: string, publicKeyFile: string) {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'floor-server.mjs');
  const child: ChildProcess = spawn(process.execPath, [script, mode, databasePath, publicKeyFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, FLOOR_STORE },
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()).url));
    child.once('exit', (code) => reject(new Error(`floor server exited early with ${code}`)));
  });
  const stop = () => new Promise<void>((resolve) => child.once('exit', () => resolve()).kill('SIGTERM'));
  return { url, pid: child.pid, stop };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tbo-floor-'));
  const key = generateKeyPair('ed25519');
  const publicKeyFile = join(dir, 'public.pem');
  writeFileSync(publicKeyFile, key.publicKey);
  // The api's signed create, byte for byte in size: same headers, plus the
  // body's own Ed25519 signature for the floor server to check.
  const request = (): LoadRequest => {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${'t'.repeat(43)}`,
      'upvest-client-id': BENCH.clientId,
      'upvest-api-version': '1',
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    };
    const added = signRequest({
      method: 'POST',
      url: '/securities_transfers',
      headers,
      body: CREATE_BODY,
      keyId: BENCH.keyId,
      privateKey: key.privateKey,
    });
    const bodySignature = sign(null, Buffer.from(CREATE_BODY), key.privateKey).toString('base64');
    return {
      method: 'POST',
      path: '/securities_transfers',
      headers: { ...headers, ...added, 'x-signature': bodySignature },
      body: CREATE_BODY,
    };
  };
  const rows: LoadFigures[] = [];
  try {
    for (const [mode, label] of MODES) {
      if (!ONLY.has(mode)) continue;
      const databasePath = join(dir, `${mode}.sqlite`);
      if (mode.startsWith('verify-store')) {
        const started = Date.now();
        await prepareBenchDatabase(databasePath, ROWS, key.publicKey);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(`${mode}: ${ROWS.toLocaleString('en')} transfers stored in ${seconds} s`);
      }
      const server = await startFloorServer(mode, databasePath, publicKeyFile);
      try {
        const make = prepared(8_000 * SECONDS, request);
        await runLoad('warm-up', server.url, { connections: CONNECTIONS, seconds: 2 }, make);
        rows.push(
          await runLoad(
            label,
            server.url,
            { connections: CONNECTIONS, seconds: SECONDS, serverPid: server.pid },
            make,
          ),
        );
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    '\nThe floor: the least a signed create can cost here (no checks, validation or parsing; only verify-store writes what the api writes).',
  );
  printFigures(rows);
}

await main();
