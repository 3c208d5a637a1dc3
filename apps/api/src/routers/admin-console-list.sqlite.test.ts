// SQLite only: reads SQLite's EXPLAIN QUERY PLAN of every statement the list runs.
// The PostgreSQL run leaves out *.sqlite.test.ts.
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, DEMO, type TestDb } from '../../test/harness.js';
import { sqliteOf } from '../db/client.js';
import { createTransfers, OPERATOR } from './admin-console-list.fixture.js';

// The console's transfers list: every access path answered by an index in the
// list's order (the rest of its checks: admin-console-list.test.ts).

describe('admin transfers list at scale on SQLite: query plans', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('answers every access path and the health panel from an index, never a table scan or a whole sort', async () => {
    await createTransfers(t, 3);
    const client = sqliteOf(t.db).$client as Database.Database & { prepare: Database.Database['prepare'] };
    const statements: { sql: string; params: unknown[] }[] = [];
    const original = client.prepare.bind(client);
    client.prepare = ((sql: string) => {
      const statement = original(sql);
      if (!/from "?(securities|account)_transfers"?/i.test(sql)) return statement;
      const proxy: Database.Statement = new Proxy(statement, {
        get(target, key) {
          const value = Reflect.get(target, key, target);
          if (typeof value !== 'function') return value;
          return (...params: unknown[]) => {
            if (key === 'all' || key === 'get') statements.push({ sql, params });
            const result = (value as (...a: unknown[]) => unknown).apply(target, params);
            // raw() and pluck() return the statement itself: keep recording.
            return result === target ? proxy : result;
          };
        },
      });
      return proxy;
    }) as Database.Database['prepare'];
    const admin = callerFor(t, { actor: OPERATOR }).admin.transfers;
    const views = [
      {},
      { order: 'ASC' as const },
      { sort: 'updated_at' as const },
      { status: 'NEW' },
      { tenant_id: DEMO.tenant.id },
      { tenant_id: DEMO.tenant.id, status: 'NEW' },
      { tenant_id: DEMO.tenant.id, sort: 'updated_at' as const },
      { tenant_id: DEMO.tenant.id, direction: 'INCOMING' as const },
      { tenant_id: DEMO.tenant.id, direction: 'INCOMING' as const, status: 'NEW' },
      { account_id: DEMO.account },
      { user_id: DEMO.user },
      { isin: 'US0378331005' },
      { counterparty_bic: 'DUMBZZ33XXX' },
      { deadline: 'OVERDUE' as const },
      { cancellation_pending: true },
      { open_exception: true, custodian_status: 'PEND' },
      { status: 'PROCESSING', parked: true },
      { created_from: '2026-03-01', created_to: '2026-03-03' },
      { kind: 'ACCOUNT' as const },
      { kind: 'ACCOUNT' as const, status: 'NEW' },
    ];
    for (const view of views) {
      const first = await admin.list({ ...view, limit: 1 });
      if (first.next_cursor) await admin.list({ ...view, limit: 1, after: first.next_cursor });
    }
    for (const q of ['PAGE-0', 'max must', 'DUMBZZ33XXX', 'US0378331005', DEMO.user, 'ABCDEFGHIJKLMNOP']) {
      await admin.find({ q });
    }
    // The health panel, polled by every open console.
    await callerFor(t, { actor: OPERATOR }).admin.health();
    client.prepare = original;
    expect(statements.length).toBeGreaterThan(views.length);
    for (const { sql, params } of statements) {
      const plan = (original(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
        (row) => row.detail,
      );
      for (const step of plan) {
        expect(step, sql).not.toMatch(/^SCAN (securities|account)_transfers$/);
        // A range of an index over all PROCESSING rows is a scan too, when it only counts a few of them.
        if (/cancellation_forwarded_at IS NULL/.test(sql)) expect(step, sql).toMatch(/st_cancel_forward_idx/);
        expect(step, sql).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
      }
    }
  });
});
