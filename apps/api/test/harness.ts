import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scope } from '@tbo/contracts';
import pg from 'pg';
import { inject } from 'vitest';
import { type Actor, createContextInner, type ServiceConfig } from '../src/context.js';
import { closeDatabase, type Db, openDatabase } from '../src/db/client.js';
import { selectDialect } from '../src/db/dialect.js';
import { openPgDatabase } from '../src/db/pg-client.js';
import { DEMO, DEMO_CUSTODIAN_ACCOUNTS, seedDemoData } from '../src/demo/seed-demo.js';
import { type Clock, ManualClock } from '../src/lib/clock.js';
import { createCaller } from '../src/router.js';
import { GroupCommitPort } from '../src/services/write/group-commit.js';
import type { WritePort } from '../src/services/write/port.js';

export { DEMO };

declare module 'vitest' {
  export interface ProvidedContext {
    /** The api-pg project's server URL for database `{database}` (test/support/postgres-global-setup.ts). */
    postgresUrlPattern: string;
  }
}

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
  /** The SQLite file ('' on PostgreSQL). */
  path: string;
  /** The PostgreSQL database's URL (undefined on SQLite): for a child process's DATABASE_URL. */
  url: string | undefined;
  /** Another connection to the same database, as a second api instance would have; close it with closeDatabase. */
  openAnother(): Promise<Db>;
  dir: string;
  clock: ManualClock;
  close(): Promise<void>;
}

/** Which database the suites run on: the api-pg project sets TBO_TEST_DATABASE=postgres. */
export const TEST_DATABASE = process.env.TBO_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

let databasesMade = 0;

/** A fresh PostgreSQL database: a copy of the project's migrated template (test/support/postgres-global-setup.ts). */
async function createTestPostgres(): Promise<string> {
  const pattern = inject('postgresUrlPattern');
  const name = `t_${process.pid}_${++databasesMade}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: pattern.replace('{database}', 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE tbo_template`);
  } finally {
    await admin.end();
  }
  return pattern.replace('{database}', name);
}

async function openTestPostgres(url: string): Promise<Db> {
  const db = await openPgDatabase(url, { poolSize: 4, migrate: false, applicationName: 'tbo-test' });
  selectDialect('postgres');
  return db as unknown as Db;
}

/**
 * A real database, migrated with the committed migrations and seeded: a
 * SQLite file in a temp folder, or under the api-pg project a PostgreSQL
 * database of its own on the project's server.
 */
export async function createTestDb(start = new Date('2026-03-02T09:00:00.000Z')): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'tbo-api-'));
  const url = TEST_DATABASE === 'postgres' ? await createTestPostgres() : undefined;
  const path = url ? '' : join(dir, 'test.sqlite');
  const db = url ? await openTestPostgres(url) : openDatabase(path);
  const clock = new ManualClock(start);
  await seedDemoData(db, clock.now());
  return {
    db,
    writes: new GroupCommitPort(db),
    path,
    url,
    openAnother: async () => (url ? await openTestPostgres(url) : openDatabase(path)),
    dir,
    clock,
    async close() {
      await closeDatabase(db);
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
