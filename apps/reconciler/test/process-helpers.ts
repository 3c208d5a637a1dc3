// Test setup only: seeding, an api gate and database consistency checks for the worker-process tests.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { addDecimal, subtractDecimal } from '@tbo/contracts';
import { expect } from 'vitest';
import { sqliteOf } from '../../api/src/db/client.js';
import { APPLE, NETFLIX, SAP, securities } from './requests.js';
import { DEMO, type System } from './system.js';

const VARIANTS = ['AUTO-', 'AUTO-PARTIAL-', 'AUTO-REJECT-', 'AUTO-CANCEL-', 'AUTO-'];

export type Position = { account_id: string; isin: string; quantity: string };

/** Seeds `total` NEW transfers with AUTO references (the crash test's mix); returns the positions before. */
export async function seedAutoTransfers(s: System, total: number): Promise<Position[]> {
  const initial = sqliteOf(s.t.db)
    .$client.prepare('SELECT account_id, isin, quantity FROM positions')
    .all() as Position[];
  for (let i = 0; i < total; i++) {
    const direction = i % 2 === 0 ? 'INCOMING' : 'OUTGOING';
    const accountId = i % 3 === 0 ? DEMO.secondAccount : DEMO.account;
    const isin =
      direction === 'OUTGOING' && accountId === DEMO.account
        ? [APPLE, SAP][i % 2 === 1 ? (i >> 1) % 2 : 0]
        : [APPLE, NETFLIX][i % 2];
    await s.client.securitiesTransfers.create(
      securities(
        direction,
        isin ?? APPLE,
        String(1 + (i % 3)),
        `${VARIANTS[i % VARIANTS.length]}${i}`,
        accountId,
      ),
    );
  }
  return initial;
}

export function countOf(s: System, sql: string, ...params: unknown[]): number {
  return (
    sqliteOf(s.t.db)
      .$client.prepare(sql)
      .get(...params) as { n: number }
  ).n;
}

/** Transfers still to do (NEW or PROCESSING). */
export const openTransfers = (s: System) =>
  countOf(s, `SELECT count(*) AS n FROM securities_transfers WHERE status IN ('NEW', 'PROCESSING')`);

/** Open transfers whose lease is still running (optionally: held by `owner`). */
export function leasedTransfers(s: System, owner?: string): number {
  const now = new Date().toISOString();
  return owner === undefined
    ? countOf(
        s,
        `SELECT count(*) AS n FROM securities_transfers WHERE status IN ('NEW', 'PROCESSING') AND lease_expires_at > ?`,
        now,
      )
    : countOf(
        s,
        `SELECT count(*) AS n FROM securities_transfers WHERE status IN ('NEW', 'PROCESSING') AND lease_owner = ? AND lease_expires_at > ?`,
        owner,
        now,
      );
}

/**
 * Holds the api's `processBatch` requests (the worker's "record the batch" call) while closed,
 * so a test can signal the worker while a batch is deterministically in hand.
 */
export interface ProcessBatchGate {
  close(): void;
  /** Opens the gate and lets the held requests through to the api. */
  open(): void;
  readonly held: number;
}

export function gateProcessBatch(server: Server): ProcessBatchGate {
  type Listener = (req: IncomingMessage, res: ServerResponse) => void;
  const listeners = server.listeners('request') as Listener[];
  server.removeAllListeners('request');
  let closed = false;
  const held: (() => void)[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const pass = () => {
      for (const listener of listeners) listener.call(server, req, res);
    };
    if (closed && req.url?.includes('processBatch')) held.push(pass);
    else pass();
  });
  return {
    close() {
      closed = true;
    },
    open() {
      closed = false;
      for (const pass of held.splice(0)) pass();
    },
    get held() {
      return held.length;
    },
  };
}

/** The worker's JSON log lines (stdout) parsed; other lines skipped. */
export function logLines(output: readonly string[]): { msg: string; [k: string]: unknown }[] {
  return output
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { msg: string }];
      } catch {
        return [];
      }
    });
}

/**
 * Every transfer's history is one chain from NEW, no status is entered twice, its last status is
 * the transfer's status and every step has exactly its outbox event (nothing applied twice).
 */
export function expectHistoryConsistent(s: System): void {
  const rows = sqliteOf(s.t.db).$client.prepare('SELECT id, status FROM securities_transfers').all() as {
    id: string;
    status: string;
  }[];
  const history = sqliteOf(s.t.db).$client.prepare(
    'SELECT from_status AS f, to_status AS t FROM transfer_history WHERE transfer_id = ? ORDER BY id',
  );
  const events = sqliteOf(s.t.db).$client.prepare(
    'SELECT type FROM outbox_events WHERE object_id = ? ORDER BY seq',
  );
  // Each booked confirmation counted once: quantity_settled = the sum of the confirmations not reversed.
  const booked = new Map<string, string>();
  for (const c of sqliteOf(s.t.db)
    .$client.prepare(
      'SELECT transfer_id AS id, quantity AS q FROM settlement_confirmations WHERE reversed_at IS NULL',
    )
    .all() as { id: string; q: string }[]) {
    booked.set(c.id, addDecimal(booked.get(c.id) ?? '0', c.q));
  }
  const settledQuantities = sqliteOf(s.t.db)
    .$client.prepare('SELECT id, quantity_settled AS q FROM securities_transfers')
    .all() as { id: string; q: string | null }[];
  for (const t of settledQuantities) expect(booked.get(t.id) ?? '0').toBe(t.q ?? '0');
  for (const row of rows) {
    const h = history.all(row.id) as { f: string | null; t: string }[];
    const e = (events.all(row.id) as { type: string }[]).map((x) => x.type);
    expect(h[0]).toEqual({ f: null, t: 'NEW' });
    expect(h.slice(1).map((step) => step.f)).toEqual(h.slice(0, -1).map((step) => step.t));
    const statuses = h.filter((step) => step.f !== step.t).map((step) => step.t);
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(statuses.at(-1)).toBe(row.status);
    expect(e).toEqual(h.map((step) => `SECURITIES_TRANSFER.${step.f === step.t ? 'DATA_CHANGED' : step.t}`));
  }
}

/** Once every transfer is final: positions = initial + settled incoming − settled outgoing, nothing reserved. */
export function expectPositionsConsistent(s: System, initial: readonly Position[]): void {
  expect(openTransfers(s)).toBe(0);
  const settled = sqliteOf(s.t.db)
    .$client.prepare(
      `SELECT account_id, isin, direction, quantity_settled AS q FROM securities_transfers WHERE status = 'SETTLED'`,
    )
    .all() as { account_id: string; isin: string; direction: string; q: string }[];
  const expected = new Map(initial.map((p) => [`${p.account_id}/${p.isin}`, p.quantity]));
  for (const t of settled) {
    const key = `${t.account_id}/${t.isin}`;
    const before = expected.get(key) ?? '0';
    expected.set(key, t.direction === 'INCOMING' ? addDecimal(before, t.q) : subtractDecimal(before, t.q));
  }
  const now = sqliteOf(s.t.db)
    .$client.prepare('SELECT account_id, isin, quantity, reserved FROM positions')
    .all() as {
    account_id: string;
    isin: string;
    quantity: string;
    reserved: string;
  }[];
  expect(Object.fromEntries(now.map((p) => [`${p.account_id}/${p.isin}`, p.quantity]))).toEqual(
    Object.fromEntries(expected),
  );
  expect(now.every((p) => p.reserved === '0')).toBe(true);
}
