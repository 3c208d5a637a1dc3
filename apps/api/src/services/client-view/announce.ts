import { isDeepStrictEqual } from 'node:util';
import { prepared } from '../../db/sql.js';
import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
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
  prepared(tx, 'UPDATE securities_transfers SET updated_at = ? WHERE id = ?').run(at, after.id);
  await emitEvent(tx, {
    tenantId: after.tenantId,
    type: 'SECURITIES_TRANSFER.DATA_CHANGED',
    kind: 'SECURITIES_TRANSFER',
    objectId: after.id,
    payload: toSecuritiesTransfer({ ...after, updatedAt: at }),
    at,
  });
}
