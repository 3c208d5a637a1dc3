import { daysBetween } from '../../domain/calendar.js';
import { DEFAULT_AT_RISK_DAYS } from '../settlement/deadlines.js';

/** Outgoing: days left against the 3-week limit. Incoming: days left before the 30-day expiry. */
export const AT_RISK_DAYS = DEFAULT_AT_RISK_DAYS;

export type DeadlineFlag = 'ON_TRACK' | 'AT_RISK' | 'OVERDUE' | 'DONE';

export interface DeadlineState {
  due_date: string | null;
  /** Calendar days from today to the due date; negative when overdue; null without a due date. */
  days_left: number | null;
  flag: DeadlineFlag;
}

/** A final transfer has no deadline to watch; an open one is flagged by its days left. */
export function deadlineStateOf(
  row: { status: string; dueDate: string | null },
  today: string,
): DeadlineState {
  if (row.status === 'SETTLED' || row.status === 'CANCELLED' || row.dueDate === null) {
    return { due_date: row.dueDate, days_left: null, flag: 'DONE' };
  }
  const daysLeft = daysBetween(today, row.dueDate);
  const flag: DeadlineFlag = daysLeft < 0 ? 'OVERDUE' : daysLeft <= AT_RISK_DAYS ? 'AT_RISK' : 'ON_TRACK';
  return { due_date: row.dueDate, days_left: daysLeft, flag };
}
