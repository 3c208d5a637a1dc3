import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, type TestDb } from '../../test/harness.js';
import {
  consoleLists,
  type Fetch,
  idOf,
  OPERATOR,
  type Page,
  seedConsoleLists,
} from './admin-list-pages.fixture.js';

// Every console list besides transfers and the audit log: keyset pages that
// never skip or repeat a row (ties on the sort value broken by the key),
// forward and back, each read from an index in the list's order.

/** Walks every page forward by 2, then back from the last; both must equal one big page. */
async function walkBothWays<T>(fetch: Fetch<T>, idOf: (row: T) => string) {
  const all = (await fetch({ limit: 200 })).rows.map(idOf);
  const forward: string[] = [];
  let page = await fetch({ limit: 2 });
  const pages: Page<T>[] = [page];
  for (let i = 0; i < 50; i++) {
    forward.push(...page.rows.map(idOf));
    if (!page.next_cursor) break;
    page = await fetch({ after: page.next_cursor, limit: 2 });
    pages.push(page);
  }
  const backward: string[] = [];
  let back = pages.at(-1) as Page<T>;
  for (let i = 0; i < 50; i++) {
    backward.unshift(...back.rows.map(idOf));
    if (!back.prev_cursor) break;
    back = await fetch({ before: back.prev_cursor, limit: 2 });
  }
  return { all, forward, backward, pages: pages.length };
}

describe('console lists: keyset pages and their indexes', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
    await seedConsoleLists(t);
  });
  afterEach(() => t.close());

  const lists = consoleLists(() => t);
  const admin = () => callerFor(t, { actor: OPERATOR }).admin;
  it('walks every list forward and back by cursor without skipping or repeating a row', async () => {
    for (const [name, fetch] of Object.entries(lists)) {
      const { all, forward, backward, pages } = await walkBothWays(fetch, idOf);
      expect(all.length, name).toBeGreaterThanOrEqual(2);
      expect(new Set(all).size, name).toBe(all.length);
      expect(forward, name).toEqual(all);
      expect(backward, name).toEqual(all);
      expect(pages, name).toBe(Math.ceil(all.length / 2));
    }
    // The orders an operator reads: newest first, most urgent first, by name.
    expect((await lists['breaks, all']?.({ limit: 3 }))?.rows.map(idOf)).toEqual([
      'break-4',
      'break-3',
      'break-2',
    ]);
    expect((await lists['breaks, open']?.({ limit: 200 }))?.rows.map(idOf)).toEqual([
      'break-4',
      'break-3',
      'break-2',
    ]);
    expect((await lists['accounts, searched']?.({ limit: 200 }))?.rows.map(idOf)).toEqual([
      'account-0',
      'account-1',
      'account-2',
      'account-3',
      'account-4',
    ]);
  });

  it('refuses a cursor that is not one of the list', async () => {
    await expect(admin().breaks({ after: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'after is not a cursor of this list',
    });
    const { next_cursor } = await admin().breaks({ state: 'all', limit: 1 });
    await expect(
      admin().breaks({ after: next_cursor ?? '', before: next_cursor ?? '' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
