import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, DEMO, type TestDb } from '../../../test/harness.js';
import { sqlRun } from '../../../test/inspect.js';
import { safekeepingAccountOf } from '../../domain/safekeeping-account.js';
import { accountIdOfSafekeeping } from './safekeeping.js';

describe('our safekeeping account at the custodian', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it("is the account's custodian account number, and leads back to the account", async () => {
    expect(safekeepingAccountOf(DEMO.account, 'TBO-DEPOT-0001001')).toBe('TBO-DEPOT-0001001');
    expect(await accountIdOfSafekeeping(t.db, 'TBO-DEPOT-0001001')).toBe(DEMO.account);
  });

  it('keeps the derived form (id without dashes) for an account without a number, and only for it', async () => {
    const legacy = DEMO.account.replace(/-/g, '').toUpperCase();
    await expect(accountIdOfSafekeeping(t.db, legacy)).rejects.toThrow(
      /safekeeping account .* was not found/,
    );
    await sqlRun(t.db, 'UPDATE accounts SET custodian_account_number = NULL WHERE id = ?', DEMO.account);
    expect(safekeepingAccountOf(DEMO.account, null)).toBe(legacy);
    expect(await accountIdOfSafekeeping(t.db, legacy)).toBe(DEMO.account);
    await expect(accountIdOfSafekeeping(t.db, 'NOT-OURS')).rejects.toThrow(/was not found/);
  });
});
