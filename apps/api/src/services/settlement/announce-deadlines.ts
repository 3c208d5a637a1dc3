import type { DeadlineState } from '@tbo/contracts';
import type { Executor } from '../../db/types.js';
import { addCalendarDays } from '../../domain/calendar.js';
import { listDeadlineStateChanges } from '../../repositories/deadlines.js';
import { deadlineStateAt } from '../client-view/deadline.js';
import { type ChangeMeta, changeSecuritiesTransferData } from '../transitions.js';

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
 * to the incoming expiry; at most `limit` transfers per call, in the
 * caller's write transaction (the `settlement.announceDeadlines` command).
 */
export async function announceDeadlines(
  tx: Executor,
  meta: ChangeMeta,
  atRiskDays: number,
  limit = 1000,
): Promise<{ changed: { id: string; state: DeadlineState }[] }> {
  const today = meta.at.slice(0, 10);
  const rows = await listDeadlineStateChanges(tx, {
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
}
