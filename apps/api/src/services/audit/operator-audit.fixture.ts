// The log both audit suites read (operator-audit.test.ts on both databases,
// operator-audit.sqlite.test.ts for SQLite's query plans).
import type { Db } from '../../db/client.js';
import { recordOperatorAction } from './operator-audit.js';

const ALICE = { operatorId: 'op-a', label: 'operator:alice@example.com' };
const BOB = { operatorId: 'op-b', label: 'operator:bob@example.com' };

/**
 * Records 30 actions on subjects t-0 … t-29, two per second from 2026-03-02T09:00:00Z:
 * op-a takes the even ones and op-b the odd, and every third is an exception.resolve
 * (the rest transfer.cancel), so each filter has ties on `at` to page through.
 */
export async function recordThirtyActions(db: Db): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const at = new Date(Date.UTC(2026, 2, 2, 9, 0, Math.floor(i / 2))).toISOString();
    await recordOperatorAction(db, i % 2 === 0 ? ALICE : BOB, at, {
      action: i % 3 === 0 ? 'exception.resolve' : 'transfer.cancel',
      subjectKind: 'TRANSFER',
      subjectId: `t-${i}`,
    });
  }
}
