import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, DEMO, type TestDb } from '../../test/harness.js';
import type { Actor } from '../context.js';
import { accounts } from '../db/tables.js';

const VIEWER: Actor = { kind: 'operator', operatorId: 'op-1', email: 'ops@example.com', role: 'viewer' };

// The console's account search takes what the operator typed literally:
// `%`, `_` and `\` in a name are characters to find, not patterns.
describe('admin.accounts.search: the term is literal', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
    const names = ['Income 5% fund', 'Income 5x fund', 'Trust A_B', 'Trust AxB', 'Back\\slash nominee'];
    for (const [i, name] of names.entries()) {
      await t.db.insert(accounts).values({
        id: `account-literal-${i}`,
        tenantId: DEMO.tenant.id,
        userId: DEMO.user,
        accountGroupId: DEMO.accountGroup,
        status: 'ACTIVE',
        name,
        createdAt: '2026-03-02T09:00:00.000Z',
      });
    }
  });
  afterEach(() => t.close());

  const search = async (q: string) =>
    (await callerFor(t, { actor: VIEWER }).admin.accounts.search({ q, limit: 50 })).rows.map((r) => r.name);

  it.each([
    ['5%', ['Income 5% fund']],
    ['A_B', ['Trust A_B']],
    ['k\\s', ['Back\\slash nominee']],
  ])('finds %s and nothing it would match as a pattern', async (term, found) => {
    expect(await search(term)).toEqual(found);
  });
});
