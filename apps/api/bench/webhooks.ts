/**
 * Webhook delivery throughput: 10,000 pending events (2,000 transfers × 5
 * events) delivered to a local receiver (own thread, 127.0.0.1) with the
 * default bundling and concurrency. Prints events/s and HTTP requests.
 *   pnpm --filter @tbo/api bench:webhooks   [EVENTS=10000 OBJECTS=2000 CONCURRENCY=16 BUNDLE=100]
 * Not a test: nothing is asserted except that every event arrived, in order per object.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { verifyWebhookDelivery } from '@tbo/signing';
import { openDatabase, sqliteOf } from '../src/db/client.js';
import { writeTransaction } from '../src/db/transaction.js';
import { DEMO, seedDemoData } from '../src/demo/seed-demo.js';
import { emitEvent } from '../src/services/journal.js';
import { GroupCommitPort } from '../src/services/write/group-commit.js';
import { WebhookDispatcher } from '../src/webhooks/dispatcher.js';
import { listPublicKeys } from '../src/webhooks/service-keys.js';
import { createSubscription } from '../src/webhooks/subscriptions.js';

const EVENTS = Number(process.env.EVENTS ?? 10_000);
const OBJECTS = Number(process.env.OBJECTS ?? 2_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const BUNDLE = Number(process.env.BUNDLE ?? 100);
const TYPES = ['NEW', 'PROCESSING', 'DATA_CHANGED', 'PROCESSING', 'SETTLED'];

// The receiver: answers 200, counts unique ids, checks created_at grows per object.
const RECEIVER = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
const seen = new Set(); const last = new Map();
let requests = 0, duplicates = 0, disorder = 0, sample = null;
const server = createServer({ keepAliveTimeout: 60000 }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    requests++;
    if (!sample) sample = { path: req.url, headers: req.headers, body };
    for (const e of JSON.parse(body).payload) {
      if (seen.has(e.id)) { duplicates++; continue; }
      seen.add(e.id);
      const previous = last.get(e.object.id);
      if (previous !== undefined && previous > e.created_at) disorder++;
      last.set(e.object.id, e.created_at);
    }
    res.writeHead(200, { 'content-length': 0 }); res.end();
    parentPort.postMessage({ unique: seen.size, requests, duplicates, disorder, sample });
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
`;

interface ReceiverReport {
  port?: number;
  unique: number;
  requests: number;
  duplicates: number;
  disorder: number;
  sample: { path: string; headers: Record<string, string>; body: string } | null;
}

function transferPayload(id: string, status: string, at: string) {
  return {
    id,
    created_at: at,
    updated_at: at,
    direction: 'INCOMING',
    status,
    transfer_type: 'NO_OWNER_CHANGE',
    instrument_id: 'US0378331005',
    instrument_id_type: 'ISIN',
    quantity: '10',
    user_id: DEMO.user,
    account_id: DEMO.account,
    settlement_reference: 'b82dc5985558fdr2',
    counterparty: { bic: 'DUMBZZ33XXX', account_number: '1234567891', name: 'Max Mustermann' },
    place_of_settlement: 'DAKVDEFFXXX',
    trade_date: '2026-03-03',
    settlement_date: '2026-03-04',
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tbo-bench-webhooks-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  await seedDemoData(db, new Date());
  const worker = new Worker(RECEIVER, { eval: true });
  let report: ReceiverReport = { unique: 0, requests: 0, duplicates: 0, disorder: 0, sample: null };
  let onReport: () => void = () => {};
  worker.on('message', (message: ReceiverReport) => {
    report = { ...report, ...message };
    onReport();
  });
  const port = await new Promise<number>((resolve) => {
    onReport = () => report.port !== undefined && resolve(report.port);
  });

  const start = Date.parse('2026-03-02T09:00:00.000Z');
  const subscription = await createSubscription(
    db,
    DEMO.tenant.id,
    { url: `http://127.0.0.1:${port}/hooks` },
    new Date(start - 1000).toISOString(),
  );
  const objects = Array.from({ length: OBJECTS }, () => randomUUID());
  await writeTransaction(db, async (tx) => {
    for (let i = 0; i < EVENTS; i++) {
      const objectId = objects[i % OBJECTS] as string;
      const status = TYPES[Math.floor(i / OBJECTS) % TYPES.length] as string;
      const at = new Date(start + i).toISOString();
      const type =
        status === 'DATA_CHANGED' ? 'SECURITIES_TRANSFER.DATA_CHANGED' : `SECURITIES_TRANSFER.${status}`;
      const payload = transferPayload(objectId, status === 'DATA_CHANGED' ? 'PROCESSING' : status, at);
      await emitEvent(tx, {
        tenantId: DEMO.tenant.id,
        type,
        kind: 'SECURITIES_TRANSFER',
        objectId,
        payload,
        at,
      });
    }
  });

  const writes = new GroupCommitPort(db);
  const dispatcher = new WebhookDispatcher({
    db,
    writes,
    concurrency: CONCURRENCY,
    maxEventsPerRequest: BUNDLE,
    pollMs: 200,
  });
  const began = performance.now();
  dispatcher.start();
  await new Promise<void>((resolve) => {
    onReport = () => report.unique >= EVENTS && resolve();
  });
  const seconds = (performance.now() - began) / 1000;
  await dispatcher.stop();
  await writes.stop();

  const sample = report.sample;
  const verified = sample
    ? await verifyWebhookDelivery({
        method: 'POST',
        path: sample.path,
        headers: sample.headers,
        body: sample.body,
        publicKeys: (await listPublicKeys(db)).keys.map((k) => ({ keyid: k.keyid, pem: k.pem })),
      })
    : undefined;
  console.log(
    JSON.stringify(
      {
        events: EVENTS,
        objects: OBJECTS,
        subscription: subscription.id,
        seconds: Number(seconds.toFixed(3)),
        events_per_second: Math.round(EVENTS / seconds),
        http_requests: report.requests,
        events_per_request: Number((EVENTS / report.requests).toFixed(1)),
        concurrency: CONCURRENCY,
        duplicates: report.duplicates,
        out_of_order: report.disorder,
        sample_signature_valid: verified?.ok ?? false,
      },
      null,
      2,
    ),
  );
  await worker.terminate();
  sqliteOf(db).$client.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
