// SQLite only: reads SQLite's EXPLAIN QUERY PLAN. The PostgreSQL run leaves out *.sqlite.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { sqliteOf } from '../../db/client.js';
import { recordThirtyActions } from './operator-audit.fixture.js';
import { auditPageQuery, listOperatorActions } from './operator-audit.js';

describe('the operator audit log on SQLite', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
    await recordThirtyActions(t.db);
  });
  afterEach(() => t.close());

  it('reads each filter from an index, seeking to the cursor (no OFFSET, no full scan)', async () => {
    const after = (await listOperatorActions(t.db, { limit: 3 })).next ?? undefined;
    const plans = [
      { limit: 50, after },
      { operatorId: 'op-a', limit: 50, after },
      { action: 'transfer.cancel' as const, limit: 50, after },
    ].map((filter) => {
      const query = auditPageQuery(t.db, filter).toSQL();
      expect(query.sql).not.toMatch(/offset/i);
      const rows = sqliteOf(t.db)
        .$client.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
        .all(...query.params) as {
        detail: string;
      }[];
      return rows.map((r) => r.detail).join(' | ');
    });
    expect(plans[0]).toMatch(
      /SEARCH operator_audit USING INDEX operator_audit_at_idx \(\(at,id\)<\(\?,\?\)\)/,
    );
    expect(plans[1]).toMatch(
      /SEARCH operator_audit USING INDEX operator_audit_operator_idx \(operator_id=\? AND \(at,id\)<\(\?,\?\)\)/,
    );
    expect(plans[2]).toMatch(
      /SEARCH operator_audit USING INDEX operator_audit_action_idx \(action=\? AND \(at,id\)<\(\?,\?\)\)/,
    );
    for (const plan of plans) expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
