import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scope } from '@tbo/contracts';
import { type Actor, createContextInner, type ServiceConfig } from '../src/context.js';
import { closeDatabase, type Db, openDatabase } from '../src/db/client.js';
import { DEMO, DEMO_CUSTODIAN_ACCOUNTS, seedDemoData } from '../src/demo/seed-demo.js';
import { type Clock, ManualClock } from '../src/lib/clock.js';
import { createCaller } from '../src/router.js';
import { GroupCommitPort } from '../src/services/write/group-commit.js';
import type { WritePort } from '../src/services/write/port.js';

export { DEMO };

/** Our safekeeping account at the custodian for a demo account: its custodian account number. */
export function demoSafekeeping(accountId: string): string {
  const number = DEMO_CUSTODIAN_ACCOUNTS[accountId];
  if (number === undefined) throw new Error(`no custodian account number for ${accountId}`);
  return number;
}

export const ALL_SCOPES: Scope[] = ['transfers:read', 'transfers:admin', 'webhooks:read', 'webhooks:admin'];

export interface TestDb {
  db: Db;
  /** The write port callers and apps of this database use (group commit; a test may swap in the writer thread). */
  writes: WritePort;
  path: string;
  dir: string;
  clock: ManualClock;
  close(): void;
}

/** A real SQLite file in a temp folder, migrated with the committed migrations and seeded. */
export async function createTestDb(start = new Date('2026-03-02T09:00:00.000Z')): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'tbo-api-'));
  const path = join(dir, 'test.sqlite');
  const db = openDatabase(path);
  const clock = new ManualClock(start);
  await seedDemoData(db, clock.now());
  return {
    db,
    writes: new GroupCommitPort(db),
    path,
    dir,
    clock,
    close() {
      void closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function clientActor(
  tenant: { id: string; clientId: string } = DEMO.tenant,
  scopes: Scope[] = ALL_SCOPES,
): Actor {
  return { kind: 'client', tenantId: tenant.id, clientId: tenant.clientId, scopes };
}

export interface CallerOptions {
  actor?: Actor;
  idempotencyKey?: string;
  clock?: Clock;
  config?: Partial<ServiceConfig>;
  headers?: Map<string, string>;
}

/** A tRPC caller as a given actor; response headers land in `options.headers`. */
export function callerFor(t: TestDb, options: CallerOptions = {}) {
  const headers = options.headers ?? new Map<string, string>();
  return createCaller(
    createContextInner({
      db: t.db,
      writes: t.writes,
      clock: options.clock ?? t.clock,
      actor: options.actor ?? clientActor(),
      ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
      ...(options.config !== undefined ? { config: options.config } : {}),
      setHeader: (name, value) => headers.set(name, value),
    }),
  );
}

/** A caller plus the response headers its procedures set. */
export function callerWithHeaders(t: TestDb, options: CallerOptions = {}) {
  const headers = new Map<string, string>();
  return { api: callerFor(t, { ...options, headers }), headers };
}

export const SEED_SECURITIES_REQUEST = {
  direction: 'INCOMING',
  instrument_id: 'US0378331005',
  instrument_id_type: 'ISIN',
  quantity: '10',
  transfer_type: 'NO_OWNER_CHANGE',
  user_id: DEMO.user,
  account_id: DEMO.account,
  settlement_reference: 'b82dc5985558fdr2',
  counterparty: { bic: 'DUMBZZ33XXX', account_number: '1234567891', name: 'Max Mustermann' },
} as const;

export const SEED_ACCOUNT_REQUEST = {
  direction: 'INCOMING',
  user_id: DEMO.user,
  account_id: DEMO.account,
  transfer_type: 'NO_OWNER_CHANGE',
  settlement_reference: 'b82dc5985558fdr2',
  instruments: [
    { id: 'US0378331005', id_type: 'ISIN', quantity: '10' },
    { id: 'US64110L1061', id_type: 'ISIN', quantity: '5' },
  ],
  counterparty: { bic: 'ABCDDEFFXXX', account_number: '1234567891', name: 'Max Mustermann' },
} as const;
