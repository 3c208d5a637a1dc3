import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { SecuritiesTransferStatus } from '@tbo/contracts';
import { type VerifyResult, verifyWebhookDelivery } from '@tbo/signing';
import { afterEach, beforeEach } from 'vitest';
import type { Db } from '../src/db/client.js';
import { writeTransaction } from '../src/db/transaction.js';
import type { SecuritiesTransferRow } from '../src/db/types.js';
import { requireSecuritiesTransferRow } from '../src/services/securities-transfers.js';
import { changeSecuritiesTransferData, transitionSecuritiesTransfer } from '../src/services/transitions.js';
import { type DispatcherOptions, WebhookDispatcher } from '../src/webhooks/dispatcher.js';
import { listPublicKeys } from '../src/webhooks/service-keys.js';
import { createTestDb, DEMO, type TestDb } from './harness.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered (undefined while hanging). */
  status?: number;
}

/** A receiver's answer: a status code, or 'hang' to never answer (until the client gives up). */
export type Respond = (request: ReceivedRequest, index: number) => number | 'hang';

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Event ids in arrival order (with duplicates). */
  eventIds(): string[];
  /** Events of the requests answered with a 2xx, in arrival order. */
  accepted(): BundleEvent[];
  close(): Promise<void>;
}

export interface BundleEvent {
  id: string;
  type: string;
  object: { id: string };
}

export function eventsOf(request: ReceivedRequest): BundleEvent[] {
  return (JSON.parse(request.body) as { payload: BundleEvent[] }).payload;
}

/** A real HTTP receiver on 127.0.0.1, port 0. */
export async function startReceiver(respond: Respond = () => 200, path = '/hooks'): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver.invalid');
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.search,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const answer = respond(request, requests.length - 1);
      if (answer === 'hang') return;
      request.status = answer;
      res.writeHead(answer, { 'content-type': 'text/plain' });
      res.end(answer < 300 ? 'ok' : 'nope');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    eventIds: () => requests.flatMap((r) => eventsOf(r).map((e) => e.id)),
    accepted: () => requests.filter((r) => r.status !== undefined && r.status < 300).flatMap(eventsOf),
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Verifies a received delivery as a client would: with the published keys. */
export async function verifyReceived(db: Db, request: ReceivedRequest, now?: Date): Promise<VerifyResult> {
  return verifyWebhookDelivery({
    method: request.method,
    path: request.path,
    query: request.query,
    headers: request.headers,
    body: request.body,
    publicKeys: (await listPublicKeys(db)).keys.map((k) => ({ keyid: k.keyid, pem: k.pem })),
    ...(now ? { now } : {}),
  });
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

export function quietDispatcher(t: TestDb, options: Partial<DispatcherOptions> = {}): WebhookDispatcher {
  return new WebhookDispatcher({ db: t.db, writes: t.writes, pollMs: 50, timeoutMs: 2_000, ...options });
}

const meta = (t: TestDb) => ({ actor: 'reconciler', at: t.clock.now().toISOString() });

/** Moves a securities transfer as the settlement worker would (PROCESSING, SETTLED, CANCELLED). */
export async function moveTo(
  t: TestDb,
  id: string,
  to: SecuritiesTransferStatus,
): Promise<SecuritiesTransferRow> {
  return await writeTransaction(t.db, async (tx) => {
    const row = await requireSecuritiesTransferRow(tx, DEMO.tenant.id, id);
    const patch =
      to === 'SETTLED'
        ? { quantitySettled: row.quantity, actualSettlementDate: t.clock.now().toISOString().slice(0, 10) }
        : {};
    return await transitionSecuritiesTransfer(tx, row, to, { ...meta(t), reason: 'test' }, patch);
  });
}

/** A visible data change: SECURITIES_TRANSFER.DATA_CHANGED. */
export async function moveSettlementDate(
  t: TestDb,
  id: string,
  settlementDate: string,
): Promise<SecuritiesTransferRow> {
  return await writeTransaction(t.db, async (tx) => {
    const row = await requireSecuritiesTransferRow(tx, DEMO.tenant.id, id);
    return await changeSecuritiesTransferData(
      tx,
      row,
      { settlementDate },
      { ...meta(t), reason: 'market date' },
    );
  });
}

/**
 * Gives each test of the calling suite a fresh database and a local receiver,
 * closed after it; read them from the returned object inside the tests.
 */
export function freshDbAndReceiver(): { t: TestDb; receiver: Receiver } {
  const fixture = {} as { t: TestDb; receiver: Receiver };
  beforeEach(async () => {
    fixture.t = await createTestDb();
    fixture.receiver = await startReceiver();
  });
  afterEach(async () => {
    await fixture.receiver.close();
    await fixture.t.close();
  });
  return fixture;
}
