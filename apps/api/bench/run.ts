import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '@tbo/signing';
import { startApiProcess } from './api-process.js';
import { prepareBenchDatabase } from './bench-data.js';
import { type LoadFigures, type LoadRequest, printFigures, runLoad } from './load.js';
import { benchRequests, prepared } from './requests.js';
import { subsetSetting, wholeNumberSetting } from './settings.js';

// pnpm --filter @tbo/api bench   (BENCH_SECONDS, BENCH_ROWS, BENCH_CONNECTIONS to adjust)
const SECONDS = wholeNumberSetting('BENCH_SECONDS', 10);
const ROWS = wholeNumberSetting('BENCH_ROWS', 1_000_000, 0);
const CONNECTIONS = wholeNumberSetting('BENCH_CONNECTIONS', 32);
// BENCH_ONLY=rest,trpc,list runs a subset (e.g. to profile one scenario with BENCH_PROFILE_DIR).
const PREPARED_PER_SECOND = 5_000;
const ONLY = subsetSetting('BENCH_ONLY', ['rest', 'trpc', 'list'] as const);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tbo-bench-'));
  const databasePath = join(dir, 'bench.sqlite');
  const key = generateKeyPair('ed25519');
  const started = Date.now();
  await prepareBenchDatabase(databasePath, ROWS, key.publicKey);
  console.log(
    `setup: ${ROWS.toLocaleString('en')} transfers stored in ${((Date.now() - started) / 1000).toFixed(1)} s (${databasePath})`,
  );

  const api = await startApiProcess(databasePath);
  try {
    const requests = await benchRequests(api.url, key.privateKey);
    const list = (query: string) => () => requests.signed('GET', `/securities_transfers?${query}`);
    const probe = await fetch(`${api.url}/trpc/securitiesTransfers.create`, requests.trpcCreate());
    if (probe.status !== 200)
      throw new Error(`tRPC create probe answered ${probe.status}: ${await probe.text()}`);

    const rows: LoadFigures[] = [];
    /** A warm-up, then the measured run at CONNECTIONS; `measured` makes its request maker after the warm-up. */
    const creates = async (
      label: string,
      warmSeconds: number,
      make: () => LoadRequest,
      measured: () => () => LoadRequest = () => make,
    ) => {
      await runLoad('warm-up', api.url, { connections: CONNECTIONS, seconds: warmSeconds }, make);
      const options = { connections: CONNECTIONS, seconds: SECONDS, serverPid: api.process.pid };
      rows.push(await runLoad(label, api.url, options, measured()));
    };
    if (ONLY.has('rest')) {
      await creates('(a) REST create, signed', 3, requests.restCreate, () =>
        prepared(PREPARED_PER_SECOND * SECONDS, requests.restCreate),
      );
    }
    if (ONLY.has('trpc')) {
      await creates('(b) tRPC create, signed', 2, requests.trpcCreate, () =>
        prepared(PREPARED_PER_SECOND * SECONDS, requests.trpcCreate),
      );
    }
    if (ONLY.has('list')) {
      const listRuns: [label: string, connections: number, query: string][] = [
        ['(c) REST list limit=100', 1, 'direction=INCOMING'],
        ['(c) REST list limit=100', 4, 'direction=INCOMING'],
        ['(c) REST list limit=100', CONNECTIONS, 'direction=INCOMING'],
        ['(c) REST list DESC status=SETTLED', 4, 'direction=INCOMING&order=DESC&status=SETTLED'],
        ['(c) REST list sort=updated_at limit=1000', 4, 'direction=OUTGOING&sort=updated_at&limit=1000'],
      ];
      await runLoad('warm-up', api.url, { connections: 4, seconds: 2 }, list('direction=INCOMING'));
      for (const [label, connections, query] of listRuns) {
        const options = { connections, seconds: SECONDS / 2, serverPid: api.process.pid };
        rows.push(await runLoad(label, api.url, options, list(query)));
      }
    }
    console.log(
      `\n${ROWS.toLocaleString('en')} transfers stored before the runs; api built and in its own process (node dist/server.js); load generated in this one (creates signed before their run).`,
    );
    printFigures(rows);
  } finally {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
