// SQLite only: reads SQLite's EXPLAIN QUERY PLAN of every statement the lists run. The PostgreSQL run leaves out *.sqlite.test.ts.
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, DEMO, SEED_SECURITIES_REQUEST, type TestDb } from '../../test/harness.js';
import { eventsOf } from '../../test/inspect.js';
import type { Actor } from '../context.js';
import { sqliteOf } from '../db/client.js';
import {
  accounts,
  approvalRequests,
  custodianExceptions,
  reconciliationBreaks,
  webhookDeliveries,
  webhookSubscriptions,
} from '../db/tables.js';

// Every console list besides transfers and the audit log: keyset pages that
// never skip or repeat a row (ties on the sort value broken by the key),
// forward and back, each read from an index in the list's order.

const OPERATOR: Actor = { kind: 'operator', operatorId: 'op-1', email: 'ops@example.com', role: 'operator' };
const ROWS = 5;
/** Pairs of rows share their sort value, so the tie-breaker decides. */
const at = (i: number) => `2026-03-02T0${Math.floor(i / 2)}:00:00.000Z`;

interface Page<T> {
  rows: T[];
  next_cursor: string | null;
  prev_cursor: string | null;
}
type Fetch<T> = (cursor: { after?: string; before?: string; limit: number }) => Promise<Page<T>>;

describe('console lists on SQLite: their indexes', () => {
  let t: TestDb;
  const transferIds: string[] = [];
  beforeEach(async () => {
    t = await createTestDb();
    transferIds.length = 0;
    const api = callerFor(t);
    for (let i = 0; i < ROWS; i++) {
      const created = await api.securitiesTransfers.create({
        ...SEED_SECURITIES_REQUEST,
        direction: i % 2 === 0 ? 'INCOMING' : 'OUTGOING',
        settlement_reference: `LIST-${i}`,
      });
      transferIds.push(created.id);
    }
    const created = '2026-03-01T00:00:00.000Z';
    for (const id of ['sub-a', 'sub-b']) {
      await t.db.insert(webhookSubscriptions).values({
        id,
        tenantId: DEMO.tenant.id,
        url: `https://hooks.example/${id}`,
        createdAt: created,
        updatedAt: created,
      });
    }
    for (let i = 0; i < ROWS; i++) {
      const resolved =
        i < 2 ? { resolvedAt: at(i), resolvedBy: 'operator:ops@example.com', resolution: 'done' } : {};
      await t.db.insert(reconciliationBreaks).values({
        id: `break-${i}`,
        tenantId: DEMO.tenant.id,
        accountId: DEMO.account,
        isin: `DE000000000${i}`,
        ours: '1',
        theirs: '2',
        firstSeenAt: at(i),
        lastSeenAt: at(i),
        ...resolved,
      });
      await t.db.insert(custodianExceptions).values({
        id: `exception-${i}`,
        dedupeKey: `message:REF${i}`,
        reasonCode: 'UNKNOWN_REFERENCE',
        detail: 'names no transfer of ours',
        receivedAt: at(i),
        ...resolved,
      });
      await t.db.insert(approvalRequests).values({
        id: `approval-${i}`,
        action: 'MANUAL_REJECT',
        transferId: transferIds[i] ?? '',
        tenantId: DEMO.tenant.id,
        reason: 'custodian rejected by phone',
        transferUpdatedAt: created,
        state: 'PENDING',
        requestedById: 'op-2',
        requestedBy: 'operator:other@example.com',
        requestedAt: at(i),
      });
      await t.db.insert(accounts).values({
        id: `account-${i}`,
        tenantId: DEMO.tenant.id,
        userId: DEMO.user,
        accountGroupId: DEMO.accountGroup,
        status: 'ACTIVE',
        name: `Paging ${Math.floor(i / 2)}`,
        createdAt: created,
      });
      const seq = (await eventsOf(t.db, transferIds[i] ?? ''))[0]?.seq ?? 0;
      for (const subscriptionId of ['sub-a', 'sub-b']) {
        await t.db.insert(webhookDeliveries).values({
          subscriptionId,
          eventSeq: seq,
          objectId: transferIds[i] ?? '',
          state: i < 2 ? 'delivered' : 'pending',
          attempts: i < 2 ? 1 : 3,
          nextAttemptAt: at(i),
        });
      }
    }
  });
  afterEach(() => t.close());

  const admin = () => callerFor(t, { actor: OPERATOR }).admin;
  const lists: Record<string, Fetch<{ id?: string; event_seq?: number; subscription_id?: string }>> = {
    'breaks, all': (c) => admin().breaks({ state: 'all', ...c }),
    'breaks, open': (c) => admin().breaks({ state: 'open', ...c }),
    'breaks, resolved': (c) => admin().breaks({ state: 'resolved', ...c }),
    'exceptions, all': (c) => admin().exceptions.list({ state: 'all', ...c }),
    'exceptions, open': (c) => admin().exceptions.list({ state: 'open', ...c }),
    'deliveries, all': (c) => admin().webhooks.deliveries({ state: 'all', ...c }),
    'deliveries, failing': (c) => admin().webhooks.deliveries({ state: 'failing', ...c }),
    'deliveries, pending': (c) => admin().webhooks.deliveries({ state: 'pending', ...c }),
    'deliveries, delivered': (c) => admin().webhooks.deliveries({ state: 'delivered', ...c }),
    'approvals, pending': (c) => admin().approvals.list({ state: 'PENDING', ...c }),
    accounts: (c) => admin().accounts.search({ q: '', ...c }),
    'accounts, searched': (c) => admin().accounts.search({ q: 'paging', ...c }),
    'deadlines, outgoing': async (c) =>
      (await admin().deadlines({ outgoing: { after: c.after, before: c.before }, limit: c.limit })).outgoing,
    'deadlines, incoming': async (c) =>
      (await admin().deadlines({ incoming: { after: c.after, before: c.before }, limit: c.limit })).incoming,
  };
  it('reads each list from an index in its order: no table scan, no sort of the whole list, counts bounded', async () => {
    const client = sqliteOf(t.db).$client as Database.Database & { prepare: Database.Database['prepare'] };
    const statements: { sql: string; params: unknown[] }[] = [];
    const original = client.prepare.bind(client);
    const listed =
      /from "(reconciliation_breaks|custodian_exceptions|webhook_deliveries|approval_requests|accounts|securities_transfers)"/i;
    client.prepare = ((sql: string) => {
      const statement = original(sql);
      if (!listed.test(sql)) return statement;
      const proxy: Database.Statement = new Proxy(statement, {
        get(target, key) {
          const value = Reflect.get(target, key, target);
          if (typeof value !== 'function') return value;
          return (...params: unknown[]) => {
            if (key === 'all' || key === 'get') statements.push({ sql, params });
            const result = (value as (...a: unknown[]) => unknown).apply(target, params);
            return result === target ? proxy : result;
          };
        },
      });
      return proxy;
    }) as Database.Database['prepare'];
    try {
      for (const fetch of Object.values(lists)) {
        const first = await fetch({ limit: 1 });
        if (first.next_cursor) await fetch({ after: first.next_cursor, limit: 1 });
      }
    } finally {
      client.prepare = original;
    }
    const usedIndexes = new Set<string>();
    for (const { sql, params } of statements) {
      const plan = (original(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
        (row) => row.detail,
      );
      for (const step of plan) {
        expect(step, sql).not.toMatch(
          /^SCAN (reconciliation_breaks|custodian_exceptions|webhook_deliveries|approval_requests|accounts|securities_transfers)$/,
        );
        expect(step, sql).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
        for (const name of step.match(/\w+_idx\b/g) ?? []) usedIndexes.add(name);
      }
    }
    expect([...usedIndexes]).toEqual(
      expect.arrayContaining([
        'reconciliation_breaks_seen_idx',
        'reconciliation_breaks_state_seen_idx',
        'custodian_exceptions_received_idx',
        'custodian_exceptions_open_idx',
        'webhook_deliveries_seq_idx',
        'webhook_deliveries_failing_idx',
        'webhook_deliveries_state_seq_idx',
        'approval_requests_state_idx',
        'accounts_console_name_idx',
        'st_console_due_idx',
      ]),
    );
  });
});
