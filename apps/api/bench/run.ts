import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransfersClient, generateKeyPair, signRequest } from '@tbo/signing';
import { openDatabase } from '../src/db/client.js';
import { seedDemoData } from '../src/demo/seed-demo.js';
import { addClientKey } from '../src/services/auth/client-keys.js';
import { startApiProcess } from './api-process.js';
import { BENCH, bulkInsertTransfers, insertBenchTenant } from './bench-data.js';
import { type LoadFigures, type LoadRequest, printFigures, runLoad } from './load.js';

// pnpm --filter @tbo/api bench   (BENCH_SECONDS, BENCH_ROWS, BENCH_CONNECTIONS to adjust)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
// BENCH_ONLY=rest,trpc,list runs a subset (e.g. to profile one scenario with BENCH_PROFILE_DIR).
const PRESIGNED_PER_SECOND = 5_000;
const ONLY = new Set((process.env.BENCH_ONLY ?? 'rest,trpc,list').split(','));

const CREATE_BODY = JSON.stringify({
  direction: 'INCOMING',
  instrument_id: 'US0378331005',
  instrument_id_type: 'ISIN',
  quantity: '10',
  transfer_type: 'NO_OWNER_CHANGE',
  user_id: BENCH.userId,
  account_id: BENCH.accountId,
  settlement_reference: 'BENCH-1',
  counterparty: { bic: 'DUMBZZ33XXX', account_number: '1234567891', name: 'Max Mustermann' },
});

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tbo-bench-'));
  const databasePath = join(dir, 'bench.sqlite');
  const key = generateKeyPair('ed25519');
  let started = Date.now();
  const db = openDatabase(databasePath);
  await seedDemoData(db, new Date());
  await insertBenchTenant(db, new Date());
  addClientKey(db, {
    clientId: BENCH.clientId,
    keyId: BENCH.keyId,
    publicKeyPem: key.publicKey,
    now: new Date(),
  });
  bulkInsertTransfers(db, ROWS);
  db.$client.close();
  console.log(
    `setup: ${ROWS.toLocaleString('en')} transfers stored in ${((Date.now() - started) / 1000).toFixed(1)} s (${databasePath})`,
  );

  const api = await startApiProcess(databasePath);
  try {
    const client = createTransfersClient({
      baseUrl: api.url,
      clientId: BENCH.clientId,
      clientSecret: BENCH.clientSecret,
      keyId: BENCH.keyId,
      privateKey: key.privateKey,
    });
    const token = await client.token();
    const common = {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      'upvest-client-id': BENCH.clientId,
      'upvest-api-version': '1',
    };
    const signed = (method: string, path: string, body?: string): LoadRequest => {
      const headers: Record<string, string> = { ...common };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['idempotency-key'] = randomUUID();
      }
      const added = signRequest({
        method,
        url: path,
        headers,
        ...(body !== undefined ? { body } : {}),
        keyId: BENCH.keyId,
        privateKey: key.privateKey,
      });
      return { method, path, headers: { ...headers, ...added }, ...(body !== undefined ? { body } : {}) };
    };
    const restCreate = () => signed('POST', '/securities_transfers', CREATE_BODY);
    // Signing costs the load generator about as much CPU as verifying costs the
    // api, and both share this machine's two cores: the measured runs take
    // requests signed just before (each with its own nonce, created time and
    // idempotency key, valid 60 s), and sign more on the fly if they run out.
    const presigned = (count: number, make: () => LoadRequest) => {
      const ready = Array.from({ length: count }, make);
      let next = 0;
      return () => ready[next++] ?? make();
    };
    const trpcCreate = (): LoadRequest => ({
      method: 'POST',
      path: '/trpc/securitiesTransfers.create',
      headers: { ...common, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: CREATE_BODY,
    });
    const list = (query: string) => () => signed('GET', `/securities_transfers?${query}`);

    const probe = await fetch(`${api.url}/trpc/securitiesTransfers.create`, trpcCreate());
    if (probe.status !== 200)
      throw new Error(`tRPC create probe answered ${probe.status}: ${await probe.text()}`);

    const rows: LoadFigures[] = [];
    started = Date.now();
    if (ONLY.has('rest')) {
      await runLoad('warm-up', api.url, { connections: CONNECTIONS, seconds: 3 }, restCreate);
      rows.push(
        await runLoad(
          '(a) REST create, signed',
          api.url,
          { connections: CONNECTIONS, seconds: SECONDS, serverPid: api.process.pid },
          presigned(PRESIGNED_PER_SECOND * SECONDS, restCreate),
        ),
      );
    }
    if (ONLY.has('trpc')) {
      await runLoad('warm-up', api.url, { connections: CONNECTIONS, seconds: 2 }, trpcCreate);
      rows.push(
        await runLoad(
          '(b) tRPC create, bearer',
          api.url,
          { connections: CONNECTIONS, seconds: SECONDS, serverPid: api.process.pid },
          trpcCreate,
        ),
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
      `\n${ROWS.toLocaleString('en')} transfers stored before the runs; api in its own process; load generated in this one (REST creates signed before their run).`,
    );
    printFigures(rows);
  } finally {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
