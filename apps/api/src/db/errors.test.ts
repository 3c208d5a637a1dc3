import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, DEMO, type TestDb } from '../../test/harness.js';
import { isUniqueViolation } from './errors.js';
import { first } from './query.js';
import { tenants } from './tables.js';

describe('isUniqueViolation', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  async function failureOf(write: () => Promise<unknown>): Promise<unknown> {
    return write().then(
      () => expect.unreachable('the write should have failed'),
      (error: unknown) => error,
    );
  }

  it('recognises a duplicate key as the database and Drizzle report it, on the index it broke', async () => {
    const tenant = await first(t.db.select().from(tenants).where(eq(tenants.id, DEMO.tenant.id)));
    if (!tenant) throw new Error('no demo tenant');
    const sameClient = await failureOf(() => t.db.insert(tenants).values({ ...tenant, id: 'another' }));
    expect(isUniqueViolation(sameClient)).toBe(true);
    expect(isUniqueViolation(sameClient, { table: 'tenants' })).toBe(true);
    expect(isUniqueViolation(sameClient, { table: 'tenants', columns: ['client_id'] })).toBe(true);
    expect(isUniqueViolation(sameClient, { table: 'tenants', columns: ['id'] })).toBe(false);
    expect(isUniqueViolation(sameClient, { table: 'approval_requests' })).toBe(false);
    // A primary key is a unique index too.
    const sameId = await failureOf(() => t.db.insert(tenants).values({ ...tenant, clientId: 'another' }));
    expect(isUniqueViolation(sameId, { table: 'tenants', columns: ['id'] })).toBe(true);
    expect(isUniqueViolation(sameId, { table: 'tenants', columns: ['client_id'] })).toBe(false);
  });

  it('does not take another failure for one', async () => {
    const error = await failureOf(() =>
      t.db.insert(tenants).values({ id: 'x' } as unknown as typeof tenants.$inferInsert),
    );
    expect(isUniqueViolation(error)).toBe(false);
    expect(isUniqueViolation(new Error('UNIQUE constraint failed: tenants.id'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});
