import type { DeadlineState } from '@tbo/contracts';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { writeTransaction } from '../../db/transaction.js';
import type { SecuritiesTransferRow } from '../../db/types.js';
import { addCalendarDays } from '../../domain/calendar.js';
import { deadlineStateAt } from '../client-view/deadline.js';
import { type ChangeMeta, changeSecuritiesTransferData } from '../transitions.js';

// Open transfers whose announced state no longer fits the date, each range on
// the partial st_deadline_idx: ON_TRACK now at risk or overdue, AT_RISK now
// overdue (or, after a change of the window, no longer at risk), OVERDUE whose
// date moved out.
const DUE = `SELECT * FROM securities_transfers
  WHERE status IN ('NEW', 'PROCESSING') AND due_date IS NOT NULL AND (
    (deadline_state = 'ON_TRACK' AND due_date <= @riskEnd)
    OR (deadline_state = 'AT_RISK' AND (due_date < @today OR due_date > @riskEnd))
    OR (deadline_state = 'OVERDUE' AND due_date >= @today))
  ORDER BY due_date LIMIT @limit`;

const HISTORY: Record<DeadlineState, { code: string; text: (date: string) => string }> = {
  ON_TRACK: { code: 'DEADLINE_ON_TRACK', text: (d) => `deadline ${d} on track` },
  AT_RISK: { code: 'DEADLINE_AT_RISK', text: (d) => `deadline ${d} at risk` },
  OVERDUE: { code: 'DEADLINE_OVERDUE', text: (d) => `deadline ${d} passed` },
};

/**
 * Moves the `deadline.state` clients see when time has moved it: each open
 * transfer whose state changed gets SECURITIES_TRANSFER.DATA_CHANGED and a
 * history entry, once per change. "Today" is the api's clock (meta.at), so a
 * test's clock drives it. The worker calls it on its housekeeping pass, next
 * to the incoming expiry; at most `limit` transfers per call.
 */
export async function announceDeadlines(
  db: Db,
  meta: ChangeMeta,
  atRiskDays: number,
  limit = 1000,
): Promise<{ changed: { id: string; state: DeadlineState }[] }> {
  const today = meta.at.slice(0, 10);
  return await writeTransaction(db, async (tx) => {
    const rows = queryRows<SecuritiesTransferRow>(tx, DUE, {
      today,
      riskEnd: addCalendarDays(today, atRiskDays),
      limit,
    });
    const changed: { id: string; state: DeadlineState }[] = [];
    for (const row of rows) {
      const state = deadlineStateAt(row.dueDate ?? today, today, atRiskDays);
      if (state === row.deadlineState) continue;
      const history = HISTORY[state];
      await changeSecuritiesTransferData(
        tx,
        row,
        { deadlineState: state },
        { ...meta, reasonCode: history.code, reason: history.text(row.dueDate ?? today) },
      );
      changed.push({ id: row.id, state });
    }
    return { changed };
  });
}
