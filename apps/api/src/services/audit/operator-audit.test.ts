import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { recordThirtyActions } from './operator-audit.fixture.js';
import { listOperatorActions } from './operator-audit.js';

describe('the operator audit log', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
    await recordThirtyActions(t.db);
  });
  afterEach(() => t.close());

  it('pages newest first by keyset without losing or repeating a row, under every filter', async () => {
    const walk = async (filter: {
      operatorId?: string;
      action?: 'transfer.cancel' | 'exception.resolve';
      from?: string;
    }) => {
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await listOperatorActions(t.db, { ...filter, after, limit: 7 });
        seen.push(...page.rows.map((r) => r.subject_id));
        after = page.next ?? undefined;
      } while (after !== undefined);
      return seen;
    };
    const all = await walk({});
    expect(all).toHaveLength(30);
    expect(all[0]).toBe('t-29');
    expect(all.at(-1)).toBe('t-0');
    expect(new Set(all).size).toBe(30);
    expect(await walk({ operatorId: 'op-b' })).toEqual(all.filter((id) => Number(id.slice(2)) % 2 === 1));
    expect(await walk({ action: 'exception.resolve' })).toEqual(
      all.filter((id) => Number(id.slice(2)) % 3 === 0),
    );
    expect(await walk({ from: '2026-03-02T09:00:10.000Z' })).toEqual(all.slice(0, 10));
  });

  it('refuses a cursor it did not write', async () => {
    await expect(listOperatorActions(t.db, { after: 'bm90IGEgY3Vyc29y', limit: 5 })).rejects.toThrow(
      /not a cursor/,
    );
  });
});
