import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteOf } from '../../api/src/db/client.js';
import { DEMO } from '../../api/src/demo/seed-demo.js';
import { systemClock } from '../../api/src/lib/clock.js';
import { custodianReferenceFor } from '../src/references.js';
import { historyOf, statusOf } from './inspect.js';
import { APPLE, NETFLIX, securities } from './requests.js';
import { confirmation } from './swift-messages.js';
import { dropMessage, safe } from './swift-process.js';
import { type System, startSystem, waitFor } from './system.js';
import { exited, spawnWorker } from './worker-process.js';

/** What the worker records about a transfer it failed on. */
function workStateOf(s: System, id: string) {
  return sqliteOf(s.t.db)
    .$client.prepare(
      'SELECT status, work_attempts, work_error, parked_at FROM securities_transfers WHERE id = ?',
    )
    .get(id) as {
    status: string;
    work_attempts: number;
    work_error: string | null;
    parked_at: string | null;
  };
}

const RETRY = { RETRY_MAX_ATTEMPTS: '3', RETRY_BACKOFF_SECONDS: '1' };

describe('one poison transfer does not hold back the others (real worker process, real api)', () => {
  let s: System;
  let dir: string;
  beforeEach(async () => {
    s = await startSystem({ clock: systemClock });
    dir = mkdtempSync(join(tmpdir(), 'tbo-poison-'));
  });
  afterEach(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('simulated custodian: an answer the api refuses parks that transfer alone; 5 others settle', async () => {
    // A transfer instructed before quantities were limited: its 16-digit confirmation is refused.
    const legacy = await s.client.securitiesTransfers.create(
      securities('INCOMING', APPLE, '5', 'AUTO-LEGACY'),
    );
    const ref = custodianReferenceFor(legacy.id);
    await s.api.internal.processBatch.mutate({
      commands: [{ op: 'recordInstruction', id: legacy.id, custodianReference: ref }],
    });
    sqliteOf(s.t.db)
      .$client.prepare('UPDATE securities_transfers SET quantity = ? WHERE id = ?')
      .run('1000000000000000', legacy.id);
    const others: { id: string }[] = [];
    for (let i = 0; i < 5; i++) {
      others.push(
        await s.client.securitiesTransfers.create(
          securities(i % 2 ? 'OUTGOING' : 'INCOMING', i % 2 ? APPLE : NETFLIX, '1', `AUTO-OK-${i}`),
        ),
      );
    }
    const worker = spawnWorker(s.url, RETRY);
    await waitFor(
      () => others.every((t) => statusOf(s.t.db, t.id) === 'SETTLED'),
      '5 others SETTLED',
      30_000,
    );
    await waitFor(() => workStateOf(s, legacy.id).parked_at !== null, 'the poison parked', 30_000);
    worker.kill('SIGTERM');
    expect(await exited(worker)).toEqual({ code: 0, signal: null });

    expect(workStateOf(s, legacy.id)).toMatchObject({
      status: 'PROCESSING',
      work_attempts: 3,
      work_error: expect.stringContaining('applyConfirmation refused: VALIDATION_FAILED'),
    });
    expect(historyOf(s.t.db, legacy.id).at(-1)?.code).toBe('WORK_PARKED');
    const status = await s.api.internal.status.query();
    expect(status.parked).toBe(1);
  });

  it('swift-files: an instruction that cannot be written parks that transfer alone; 5 others settle', async () => {
    const inbox = join(dir, 'inbox');
    const outbox = join(dir, 'outbox');
    const poison = await s.client.securitiesTransfers.create(
      securities('INCOMING', APPLE, '2', 'FILE-POISON'),
    );
    // The outbox file of this transfer cannot be written: a folder holds its name.
    mkdirSync(join(outbox, `${custodianReferenceFor(poison.id)}.MT540.fin`, 'blocked'), { recursive: true });
    const others: { id: string }[] = [];
    for (let i = 0; i < 5; i++) {
      others.push(
        await s.client.securitiesTransfers.create(securities('INCOMING', NETFLIX, '1', `FILE-OK-${i}`)),
      );
    }
    const worker = spawnWorker(s.url, {
      ...RETRY,
      CUSTODIAN: 'swift-files',
      SWIFT_INBOX: inbox,
      SWIFT_OUTBOX: outbox,
    });
    await waitFor(() => others.every((t) => statusOf(s.t.db, t.id) === 'PROCESSING'), '5 others instructed');
    for (const [n, t] of others.entries()) {
      dropMessage(
        inbox,
        `${n}.fin`,
        confirmation({
          type: '544',
          reference: `CONF${n}`,
          related: custodianReferenceFor(t.id),
          isin: NETFLIX,
          quantity: '1',
          date: '2026-12-08',
          account: safe(DEMO.account),
        }),
      );
    }
    await waitFor(
      () => others.every((t) => statusOf(s.t.db, t.id) === 'SETTLED'),
      '5 others SETTLED',
      30_000,
    );
    await waitFor(() => workStateOf(s, poison.id).parked_at !== null, 'the poison parked', 30_000);
    worker.kill('SIGTERM');
    expect(await exited(worker)).toEqual({ code: 0, signal: null });

    expect(workStateOf(s, poison.id)).toMatchObject({
      status: 'NEW',
      work_attempts: 3,
      work_error: expect.stringContaining('instruction not sent'),
    });
    expect(readdirSync(join(inbox, 'processed'))).toHaveLength(5);
    const status = await s.api.internal.status.query();
    expect(status).toMatchObject({ parked: 1, counts: { NEW: 1, PROCESSING: 0 } });
  });
});
