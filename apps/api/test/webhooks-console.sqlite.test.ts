// SQLite only: reads SQLite's EXPLAIN QUERY PLAN. The PostgreSQL run leaves out *.sqlite.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteOf } from '../src/db/client.js';
import { createTestDb, type TestDb } from './harness.js';

describe('webhooks in the console on SQLite: the health panel’s query plan', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('counts the backlog from the pending-only index, not the delivered history', async () => {
    const plan = sqliteOf(t.db)
      .$client.prepare(
        `EXPLAIN QUERY PLAN SELECT s.id, (SELECT count(*) FROM webhook_deliveries d
           WHERE d.subscription_id = s.id AND d.state = 'pending') FROM webhook_subscriptions s`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(
      /COVERING INDEX webhook_deliveries_pending_sub_idx \(subscription_id=\?\)/,
    );
  });
});
