// SQLite only: reads SQLite's EXPLAIN QUERY PLAN. The PostgreSQL run leaves out *.sqlite.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/harness.js';
import { EXPIRING_TABLES, purgeQueryPlans } from '../repositories/expiring-rows.js';

const NOW = new Date('2026-03-02T12:00:00.000Z');

describe('purging expired nonces, idempotency records and access tokens on SQLite', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('reads the expiry index, never the whole table', async () => {
    const plans = await purgeQueryPlans(t.db, NOW.toISOString(), 10);
    expect(plans).toHaveLength(EXPIRING_TABLES.length * 2);
    for (const { steps: plan } of plans) {
      expect(plan.some((step) => /USING (COVERING )?INDEX \w+_expiry \(expires_at<\?\)/.test(step))).toBe(
        true,
      );
      expect(plan.filter((step) => /^SCAN /.test(step))).toEqual([]);
    }
  });
});
