import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, DEMO, type TestDb } from '../../test/harness.js';
import { closeDatabase, openDatabase } from './client.js';
import { preparedQuery } from './prepared-query.js';
import { first as firstRow } from './query.js';
import { tenants } from './tables.js';
import { writeTransaction } from './transaction.js';
import type { Executor } from './types.js';

const tenantName = (db: Executor) =>
  preparedQuery(db, 'test.tenantName', (d) =>
    d
      .select({ name: tenants.name })
      .from(tenants)
      .where(eq(tenants.id, sql.placeholder('id')))
      .prepare('test.tenantName'),
  );

describe('prepared Drizzle statements per connection', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('compiles once per connection and runs inside a transaction on its handle', async () => {
    const first = tenantName(t.db);
    expect(tenantName(t.db)).toBe(first);
    await writeTransaction(t.db, async (tx) => {
      expect(tenantName(tx)).toBe(first);
      await tx
        .update(tenants)
        .set({ name: 'renamed in the transaction' })
        .where(eq(tenants.id, DEMO.tenant.id));
      // The statement prepared outside sees the transaction's own write: one connection.
      expect(await firstRow(tenantName(tx).execute({ id: DEMO.tenant.id }))).toEqual({
        name: 'renamed in the transaction',
      });
    });
    const second = openDatabase(t.path, { migrate: false });
    try {
      expect(tenantName(second)).not.toBe(first);
      expect(await firstRow(tenantName(second).execute({ id: DEMO.tenant.id }))).toEqual({
        name: 'renamed in the transaction',
      });
    } finally {
      await closeDatabase(second);
    }
  });
});
