// SQLite only: reads SQLite's EXPLAIN QUERY PLAN of every statement the lists run. The PostgreSQL run leaves out *.sqlite.test.ts.
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/harness.js';
import { sqliteOf } from '../db/client.js';
import { consoleLists, seedConsoleLists } from './admin-list-pages.fixture.js';

// Every console list besides transfers and the audit log: keyset pages that
// never skip or repeat a row (ties on the sort value broken by the key),
// forward and back, each read from an index in the list's order.

describe('console lists on SQLite: their indexes', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
    await seedConsoleLists(t);
  });
  afterEach(() => t.close());

  const lists = consoleLists(() => t);
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
