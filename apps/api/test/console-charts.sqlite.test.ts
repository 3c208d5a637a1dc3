// SQLite only: reads SQLite's EXPLAIN QUERY PLAN. The PostgreSQL run leaves out *.sqlite.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteOf } from '../src/db/client.js';
import { createTestDb, type TestDb } from './harness.js';

describe('console charts on SQLite', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(new Date('2026-03-10T12:00:00.000Z'));
  });
  afterEach(() => t.close());

  it('reads the volumes from the covering status index, not the table', async () => {
    const plan = sqliteOf(t.db)
      .$client.prepare(
        `EXPLAIN QUERY PLAN SELECT substr(created_at, 1, 10), direction, status, count(*) FROM securities_transfers
         WHERE tenant_id IN (SELECT id FROM tenants) AND direction IN ('INCOMING', 'OUTGOING')
           AND status IN ('NEW', 'PROCESSING', 'SETTLED', 'CANCELLED') AND created_at >= ?
         GROUP BY 1, 2, 3`,
      )
      .all('2026-03-01') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/COVERING INDEX st_status_created_idx/);
  });
});
