import type { DeadlineState, StatusReasonCode } from '@tbo/contracts';
import type { TransferKind } from '../../db/types.js';
import { hasStatusReasonSql, statusReasonSql } from './status-reason.js';

const WORSE: Record<DeadlineState, DeadlineState[]> = {
  ON_TRACK: ['AT_RISK', 'OVERDUE'],
  AT_RISK: ['OVERDUE'],
  OVERDUE: [],
};

const openWithDeadline = (c: string) => `${c}.status IN ('NEW', 'PROCESSING') AND ${c}.due_date IS NOT NULL`;

/**
 * The `deadline_state` filter: a securities transfer's own state; an account
 * transfer's is its open children's worst, as `parentView` shows it.
 */
export function deadlineStateSql(kind: TransferKind, state: DeadlineState): string {
  if (kind === 'SECURITIES_TRANSFER')
    return `(${openWithDeadline('securities_transfers')} AND deadline_state = '${state}')`;
  const child = (states: DeadlineState[]) =>
    `EXISTS (SELECT 1 FROM securities_transfers c WHERE c.account_transfer_id = account_transfers.id
      AND ${openWithDeadline('c')} AND c.deadline_state IN (${states.map((s) => `'${s}'`).join(', ')}))`;
  const worse = WORSE[state];
  return worse.length === 0 ? child([state]) : `(${child([state])} AND NOT ${child(worse)})`;
}

/**
 * The `status_reason` filter: a securities transfer's own code; an account
 * transfer's is the one of the first child (request order) of its status
 * that has a reason, as `parentView` shows it.
 */
export function statusReasonFilterSql(kind: TransferKind, code: StatusReasonCode): string {
  if (kind === 'SECURITIES_TRANSFER') return statusReasonSql(code, 'securities_transfers');
  return `(account_transfers.status IN ('CANCELLED', 'PROCESSING') AND EXISTS (
    SELECT 1 FROM securities_transfers c WHERE c.account_transfer_id = account_transfers.id
      AND c.position_in_parent = (SELECT min(f.position_in_parent) FROM securities_transfers f
        WHERE f.account_transfer_id = account_transfers.id AND f.status = account_transfers.status
          AND ${hasStatusReasonSql('f')})
      AND ${statusReasonSql(code, 'c')}))`;
}
