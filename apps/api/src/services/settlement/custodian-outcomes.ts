import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { AppError } from '../../domain/errors.js';
import { type ChangeMeta, transitionSecuritiesTransfer } from '../transitions.js';
import { type CommandOutcome, outcomeOf } from './outcome.js';

function assertCancellable(row: SecuritiesTransferRow, what: string): void {
  if (row.status === 'SETTLED') {
    throw new AppError('TRANSITION_NOT_ALLOWED', `transfer ${row.id} is SETTLED (final); ${what} ignored`);
  }
}

/** The custodian rejected our instruction (MT548 IPRC//REJT): CANCELLED `CUSTODIAN_REJECTED:<code>`. */
export function applyRejection(
  tx: Executor,
  row: SecuritiesTransferRow,
  reasonCode: string,
  narrative: string | undefined,
  meta: ChangeMeta,
): CommandOutcome {
  if (row.status === 'CANCELLED') return outcomeOf(row, 'UNCHANGED', 'already CANCELLED');
  assertCancellable(row, 'rejection');
  const cancelled = transitionSecuritiesTransfer(tx, row, 'CANCELLED', {
    ...meta,
    reasonCode: `CUSTODIAN_REJECTED:${reasonCode}`,
    reason: narrative ?? `rejected by the custodian (${reasonCode})`,
  });
  return outcomeOf(cancelled, 'CANCELLED', `CUSTODIAN_REJECTED:${reasonCode}`);
}

/** The custodian confirmed the cancellation (MT548 CAND): CANCELLED, reservation released. */
export function confirmCancellation(
  tx: Executor,
  row: SecuritiesTransferRow,
  meta: ChangeMeta,
): CommandOutcome {
  if (row.status === 'CANCELLED') return outcomeOf(row, 'UNCHANGED', 'already CANCELLED');
  assertCancellable(row, 'cancellation');
  const requested = row.cancellationRequestedAt !== null;
  const cancelled = transitionSecuritiesTransfer(tx, row, 'CANCELLED', {
    ...meta,
    reasonCode: requested ? 'CANCELLED_BY_REQUEST' : 'CANCELLED_AT_CUSTODIAN',
    reason: requested ? 'cancellation confirmed by the custodian' : 'the custodian cancelled the instruction',
  });
  return outcomeOf(cancelled, 'CANCELLED');
}
