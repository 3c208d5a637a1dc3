import { isDeepStrictEqual } from 'node:util';
import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { touchSecuritiesTransfer } from '../../repositories/transfers.js';
import { emitEvent } from '../journal.js';
import { toSecuritiesTransfer } from '../resources.js';
import { statusReasonOf } from './status-reason.js';

/**
 * A change recorded for operations (a custodian status advice) that may also
 * change what clients see: when the transfer's `status_reason` differs, the
 * change is theirs too – `updated_at` moves and SECURITIES_TRANSFER.DATA_CHANGED
 * carries the transfer as GET now returns it.
 */
export async function announceIfClientVisible(
  tx: Executor,
  before: SecuritiesTransferRow,
  after: SecuritiesTransferRow,
  at: string,
): Promise<void> {
  if (isDeepStrictEqual(statusReasonOf(before), statusReasonOf(after))) return;
  await touchSecuritiesTransfer(tx, after.id, at);
  await emitEvent(tx, {
    tenantId: after.tenantId,
    type: 'SECURITIES_TRANSFER.DATA_CHANGED',
    kind: 'SECURITIES_TRANSFER',
    objectId: after.id,
    payload: toSecuritiesTransfer({ ...after, updatedAt: at }),
    at,
  });
}
