import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, DEMO, type TestDb } from '../../../test/harness.js';
import { tenants } from '../../db/tables.js';
import { failedResult } from './command-result.js';

describe('a settlement command failed by the database', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('tells the worker the driver’s reason, not the statement and its parameters', async () => {
    const refused = await t.db
      .insert(tenants)
      .values({
        id: DEMO.tenant.id,
        name: 'secret-tenant-name',
        clientId: 'secret-client',
        clientSecretHash: 'y',
        allowedScopes: '',
        createdAt: '2026-03-02T09:00:00.000Z',
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused, 'a duplicate tenant id is refused').toBeInstanceOf(Error);
    const result = failedResult(refused);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    const message = result.ok ? '' : result.error.message;
    expect(message).toMatch(/UNIQUE|unique|duplicate/);
    expect(message).not.toContain('insert into');
    expect(message).not.toContain('secret-tenant-name');
  });
});
