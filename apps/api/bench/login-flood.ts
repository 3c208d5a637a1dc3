import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateKeyPair } from '@tbo/signing';
import { startApiProcess } from './api-process.js';
import { prepareBenchDatabase } from './bench-data.js';
import { type LoadFigures, type LoadRequest, printFigures, runLoad } from './load.js';
import { benchRequests } from './requests.js';
import { wholeNumberSetting } from './settings.js';

// pnpm --filter @tbo/api bench:login-flood – signed-request latency with and
// without an unauthenticated login flood (FLOOD_CONNECTIONS, default 32), for
// BENCH_SECONDS (default 10) per run. All traffic goes to 127.0.0.1 (the flood's
// second run takes source addresses 127.0.0.2 … on the loopback interface).
const SECONDS = wholeNumberSetting('BENCH_SECONDS', 10);
const FLOOD_CONNECTIONS = wholeNumberSetting('FLOOD_CONNECTIONS', 32);
const SIGNED_CONNECTIONS = wholeNumberSetting('BENCH_CONNECTIONS', 4);
const ROWS = wholeNumberSetting('BENCH_ROWS', 10_000, 0);
// Another build to compare with (e.g. a copy of an earlier dist/): FLOOD_ENTRY=dist-before/server.js.
const ENTRY = process.env.FLOOD_ENTRY;

/** A console login with a random e-mail: no account, no session, only the work of checking it. */
function login(): LoadRequest {
  return {
    method: 'POST',
    path: '/admin/api/login',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'flood' },
    body: JSON.stringify({ email: `${randomBytes(8).toString('hex')}@flood.example`, password: 'guess' }),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tbo-bench-flood-'));
  const key = generateKeyPair('ed25519');
  const databasePath = join(dir, 'bench.sqlite');
  await prepareBenchDatabase(databasePath, ROWS, key.publicKey);
  const api = await startApiProcess(databasePath, ENTRY ? { entry: resolve(ENTRY) } : {});
  try {
    const requests = await benchRequests(api.url, key.privateKey);
    const list = () => requests.signed('GET', '/securities_transfers?direction=INCOMING&limit=10');
    const signedRun = (label: string) =>
      runLoad(
        label,
        api.url,
        { connections: SIGNED_CONNECTIONS, seconds: SECONDS, serverPid: api.process.pid },
        list,
      );
    await runLoad('warm-up', api.url, { connections: SIGNED_CONNECTIONS, seconds: 2 }, list);

    const rows: LoadFigures[] = [];
    const floods: { label: string; statuses: Record<number, number> }[] = [];
    rows.push(await signedRun('signed list, no flood'));
    // (a) the flood from one address; (b) from 32 (127.0.0.2 …), so the per-address
    // throttle does not absorb it and the hashing pool's cap must.
    const sources: [string, string[] | undefined][] = [
      ['one address', undefined],
      [
        `${FLOOD_CONNECTIONS} addresses`,
        Array.from({ length: FLOOD_CONNECTIONS }, (_, i) => `127.0.0.${i + 2}`),
      ],
    ];
    for (const [name, localAddresses] of sources) {
      const flood = runLoad(
        `flood from ${name}`,
        api.url,
        {
          connections: FLOOD_CONNECTIONS,
          seconds: SECONDS + 1,
          ...(localAddresses ? { localAddresses } : {}),
        },
        login,
      );
      const measured = await signedRun(`signed list, login flood from ${name}`);
      const flooded = await flood;
      // This machine's speed drifts within minutes: each flood run sits between two runs without.
      rows.push(measured, flooded, await signedRun('signed list, no flood'));
      floods.push({ label: flooded.label, statuses: flooded.statuses });
    }
    console.log(
      `\n${ROWS.toLocaleString('en')} transfers stored; api built and in its own process (node dist/server.js); signed GET /securities_transfers (limit=10) over ${SIGNED_CONNECTIONS} connections; flood: ${FLOOD_CONNECTIONS} connections looping POST /admin/api/login with random e-mails, unauthenticated.`,
    );
    printFigures(rows);
    for (const flood of floods)
      console.log(`${flood.label}: answers by status ${JSON.stringify(flood.statuses)}`);
  } finally {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
