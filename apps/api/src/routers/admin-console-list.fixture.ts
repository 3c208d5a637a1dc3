// What both transfers-list suites stand on (admin-console-list.test.ts on both
// databases, admin-console-list.sqlite.test.ts for SQLite's query plans).
import { callerFor, SEED_SECURITIES_REQUEST, type TestDb } from '../../test/harness.js';
import type { Actor } from '../context.js';

export const OPERATOR: Actor = {
  kind: 'operator',
  operatorId: 'op-1',
  email: 'ops@example.com',
  role: 'operator',
};

/**
 * Creates n securities transfers, settlement references PAGE-000, PAGE-001, …, in
 * groups of `sameInstantEvery` that share one created_at (so the id breaks the tie),
 * each group a second after the one before. Answers their ids in creation order.
 */
export async function createTransfers(t: TestDb, n: number, sameInstantEvery = 1): Promise<string[]> {
  const api = callerFor(t);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % sameInstantEvery === 0) t.clock.set(new Date(t.clock.now().getTime() + 1000));
    const created = await api.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      settlement_reference: `PAGE-${String(i).padStart(3, '0')}`,
    });
    ids.push(created.id);
  }
  return ids;
}
