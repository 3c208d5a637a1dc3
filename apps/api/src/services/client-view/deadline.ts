import type { DeadlineState, TransferDeadline } from '@tbo/contracts';
import type { SecuritiesTransferRow } from '../../db/types.js';
import { addCalendarDays } from '../../domain/calendar.js';

type DeadlineRow = Pick<SecuritiesTransferRow, 'status' | 'direction' | 'dueDate' | 'deadlineState'>;

/**
 * `deadline` while the transfer is open. Its state is the one last announced
 * by the deadline pass (`announceDeadlines`), so GET, the list filter and the
 * DATA_CHANGED events always agree.
 */
export function deadlineOf(row: DeadlineRow): TransferDeadline | undefined {
  if ((row.status !== 'NEW' && row.status !== 'PROCESSING') || row.dueDate === null) return undefined;
  return {
    kind: row.direction === 'OUTGOING' ? 'TRANSFER_LIMIT' : 'INCOMING_EXPIRY',
    date: row.dueDate,
    state: row.deadlineState as DeadlineState,
  };
}

/** OVERDUE past the date, AT_RISK within `atRiskDays` of it (the date included), else ON_TRACK. */
export function deadlineStateAt(dueDate: string, today: string, atRiskDays: number): DeadlineState {
  if (dueDate < today) return 'OVERDUE';
  return dueDate <= addCalendarDays(today, atRiskDays) ? 'AT_RISK' : 'ON_TRACK';
}

const SEVERITY: Record<DeadlineState, number> = { ON_TRACK: 0, AT_RISK: 1, OVERDUE: 2 };

export function worseDeadlineState(a: DeadlineState, b: DeadlineState): DeadlineState {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}
