import type { Executor } from '../../db/types.js';
import { incomingExpiryCutoff } from '../../domain/transfer-dates.js';
import { requestExpiryCancellation } from '../../repositories/custodian-instructions.js';
import { listExpiringIncoming } from '../../repositories/deadlines.js';
import { noteSecuritiesTransfer } from '../journal.js';
import { type ChangeMeta, transitionSecuritiesTransfer } from '../transitions.js';

/**
 * INCOMING transfers not final 30 full days after their receipt (on their
 * `due_date`, at the time of day they arrived). One never instructed is CANCELLED `EXPIRED` at once. An
 * instructed one is live at the custodian: its cancellation is requested
 * (the worker forwards it like a client's) and it becomes CANCELLED
 * `EXPIRED` only when the custodian confirms – units the custodian delivers
 * meanwhile are still booked, later ones become exceptions. At most `limit`
 * per call; the worker calls it periodically. Runs in the caller's write
 * transaction (the `settlement.expireIncoming` command).
 */
export async function expireIncoming(
  tx: Executor,
  meta: ChangeMeta,
  limit = 1000,
): Promise<{ expired: string[]; withdrawing: string[] }> {
  const cutoff = incomingExpiryCutoff(meta.at);
  // NEW ones (nothing instructed), and PROCESSING ones whose withdrawal is neither asked nor refused.
  const due = await listExpiringIncoming(tx, cutoff, limit);
  const expired: string[] = [];
  const withdrawing: string[] = [];
  for (const row of due) {
    const reason = `incoming transfer not settled within 30 days (expired on ${row.dueDate})`;
    if (row.status === 'NEW') {
      await transitionSecuritiesTransfer(tx, row, 'CANCELLED', { ...meta, reasonCode: 'EXPIRED', reason });
      expired.push(row.id);
      continue;
    }
    await requestExpiryCancellation(tx, row.id, meta.at);
    withdrawing.push(row.id);
    await noteSecuritiesTransfer(tx, row, {
      actor: meta.actor,
      at: meta.at,
      reasonCode: 'EXPIRY_CANCELLATION_REQUESTED',
      reason: `${reason}; the instruction is withdrawn at the custodian, CANCELLED once it confirms`,
    });
  }
  return { expired, withdrawing };
}
