import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxEvents, webhookDeliveries } from '../src/db/tables.js';
import { callerFor, createTestDb, SEED_SECURITIES_REQUEST, type TestDb } from './harness.js';
import { moveTo, type Receiver, startReceiver, waitFor } from './webhooks-support.js';

const MAIN = fileURLToPath(new URL('../src/webhooks/main.ts', import.meta.url));
const API_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The test's database for a child process: its PostgreSQL URL, or else its SQLite file. */
function databaseEnv(t: TestDb): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATABASE_PATH: _path, ...rest } = process.env;
  return { ...rest, ...(t.url !== undefined ? { DATABASE_URL: t.url } : { DATABASE_PATH: t.path }) };
}

function startDispatcherProcess(t: TestDb): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=@tbo/source', '--import', 'tsx', MAIN], {
    cwd: API_ROOT,
    env: {
      ...databaseEnv(t),
      WEBHOOKS_BUNDLE_SIZE: '10',
      WEBHOOKS_CONCURRENCY: '4',
      WEBHOOKS_TIMEOUT_MS: '2000',
      WEBHOOKS_LEASE_MS: '2500',
      WEBHOOKS_POLL_MS: '50',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return child;
}

describe('webhook dispatcher process', () => {
  let t: TestDb;
  let receiver: Receiver | undefined;
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await receiver?.close();
    await t.close();
  });

  it('SIGKILL mid-delivery and restart: every event delivered at least once, none missing', async () => {
    const api = callerFor(t);
    await api.webhooks.create({ url: 'http://127.0.0.1:9/placeholder' });
    for (let i = 0; i < 30; i++) {
      const transfer = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
      await moveTo(t, transfer.id, 'PROCESSING');
      await moveTo(t, transfer.id, 'SETTLED');
    }
    const outbox = await t.db.select().from(outboxEvents).orderBy(asc(outboxEvents.seq));
    expect(outbox).toHaveLength(90);

    // Three bundles are answered, then the receiver stops answering: requests hang in flight.
    let killed = false;
    receiver = await startReceiver((_, index) => (killed || index < 3 ? 200 : 'hang'));
    const [hook] = (await api.webhooks.list()).data;
    await api.webhooks.update({ id: hook?.id ?? '', url: receiver.url });

    child = startDispatcherProcess(t);
    await waitFor(() => (receiver?.requests.length ?? 0) >= 7, 20_000, 'hanging requests');
    child.kill('SIGKILL');
    const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');
    killed = true;
    const hanging = receiver.requests.filter((r) => r.status === undefined);
    expect(hanging.length).toBeGreaterThanOrEqual(4);

    child = startDispatcherProcess(t);
    const all = new Set(outbox.map((e) => e.id));
    const acceptedIds = () => new Set((receiver?.accepted() ?? []).map((e) => e.id));
    await waitFor(() => [...all].every((id) => acceptedIds().has(id)), 20_000, 'every event');
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);

    // Nothing lost; what hung when the process died was sent again.
    for (const request of hanging) {
      for (const event of JSON.parse(request.body).payload as { id: string }[]) {
        expect(acceptedIds().has(event.id)).toBe(true);
      }
    }
    // The hung bundles reached the receiver twice: at least once, not exactly once.
    expect(receiver.eventIds().length).toBeGreaterThan(all.size);
    const accepted = receiver.accepted();
    // A receiver deduplicating by id sees each transfer's events in outbox order.
    const firstSeen: string[] = [];
    for (const event of accepted) if (!firstSeen.includes(event.id)) firstSeen.push(event.id);
    const seqOf = new Map(outbox.map((e) => [e.id, e.seq]));
    const objectOf = new Map(outbox.map((e) => [e.id, e.objectId]));
    for (const objectId of new Set(outbox.map((e) => e.objectId))) {
      const order = firstSeen.filter((id) => objectOf.get(id) === objectId).map((id) => seqOf.get(id) ?? 0);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    const pending = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.state, 'pending'));
    expect(pending).toEqual([]);
  }, 60_000);
});
