import type { Db } from '../../db/client.js';
import { prepared, queryRows } from '../../db/sql.js';
import { writeTransaction } from '../../db/transaction.js';
import type { SecuritiesTransferRow } from '../../db/types.js';
import { incomingExpiryCutoff } from '../../domain/transfer-dates.js';
import { noteSecuritiesTransfer } from '../journal.js';
import { type ChangeMeta, transitionSecuritiesTransfer } from '../transitions.js';

// Due INCOMING transfers still to act on: NEW ones (nothing instructed), and
// PROCESSING ones whose instruction is not being withdrawn yet and whose
// withdrawal the custodian has not refused (operations follow those up).
const DUE = `status IN ('NEW', 'PROCESSING') AND direction = 'INCOMING' AND created_at <= ?
  AND (status = 'NEW' OR (cancellation_requested_at IS NULL AND cancellation_denied_at IS NULL))
  LIMIT ?`;

/**
 * INCOMING transfers not final 30 full days after their receipt (on their
 * `due_date`, at the time of day they arrived). One never instructed is CANCELLED `EXPIRED` at once. An
 * instructed one is live at the custodian: its cancellation is requested
 * (the worker forwards it like a client's) and it becomes CANCELLED
 * `EXPIRED` only when the custodian confirms – units the custodian delivers
 * meanwhile are still booked, later ones become exceptions. At most `limit`
 * per call; the worker calls it periodically.
 */
export async function expireIncoming(
  db: Db,
  meta: ChangeMeta,
  limit = 1000,
): Promise<{ expired: string[]; withdrawing: string[] }> {
  const cutoff = incomingExpiryCutoff(meta.at);
  return await writeTransaction(db, async (tx) => {
    const due = queryRows<SecuritiesTransferRow>(
      tx,
      `SELECT * FROM securities_transfers WHERE ${DUE}`,
      cutoff,
      limit,
    );
    const expired: string[] = [];
    const withdrawing: string[] = [];
    for (const row of due) {
      const reason = `incoming transfer not settled within 30 days (expired on ${row.dueDate})`;
      if (row.status === 'NEW') {
        await transitionSecuritiesTransfer(tx, row, 'CANCELLED', { ...meta, reasonCode: 'EXPIRED', reason });
        expired.push(row.id);
        continue;
      }
      prepared(
        tx,
        `UPDATE securities_transfers SET cancellation_requested_at = ?, cancellation_reason_code = 'EXPIRED',
             cancellation_requested_by = 'SYSTEM', cancellation_asked_at = ?, cancellation_denial_reason = NULL
           WHERE id = ?`,
      ).run(meta.at, meta.at, row.id);
      withdrawing.push(row.id);
      await noteSecuritiesTransfer(tx, row, {
        actor: meta.actor,
        at: meta.at,
        reasonCode: 'EXPIRY_CANCELLATION_REQUESTED',
        reason: `${reason}; the instruction is withdrawn at the custodian, CANCELLED once it confirms`,
      });
    }
    return { expired, withdrawing };
  });
}
