import { and, asc, count, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { securitiesTransfers } from '../db/tables.js';
import type { Executor, SecuritiesTransferRow } from '../db/types.js';
import { OPEN } from './work-queue.js';

// Open transfers against their dates: the deadline board, the announcements
// of a changed deadline state and the INCOMING expiry. Each reads a range of
// a partial index (st_deadline_idx, st_work_idx), so the open-status term is
// the literal one of work-queue.ts.

const st = securitiesTransfers;

export type DeadlineFlagValue = 'ON_TRACK' | 'AT_RISK' | 'OVERDUE';

export interface DeadlineFilter {
  today: string;
  /** Due on or before this date is at risk (after `today`). */
  riskEnd: string;
  direction?: 'INCOMING' | 'OUTGOING' | undefined;
  tenantId?: string | undefined;
}

function openWithDueDate(db: Executor, f: DeadlineFilter) {
  const flag = sql<DeadlineFlagValue>`CASE WHEN ${st.dueDate} < ${f.today} THEN 'OVERDUE' WHEN ${st.dueDate} <= ${f.riskEnd} THEN 'AT_RISK' ELSE 'ON_TRACK' END`;
  return db
    .select({
      id: st.id,
      tenantId: st.tenantId,
      accountTransferId: st.accountTransferId,
      direction: st.direction,
      status: st.status,
      isin: st.isin,
      quantity: st.quantity,
      createdAt: st.createdAt,
      dueDate: st.dueDate,
      flag: flag.as('flag'),
    })
    .from(st)
    .where(
      and(
        OPEN,
        isNotNull(st.dueDate),
        f.direction === undefined ? undefined : eq(st.direction, f.direction),
        f.tenantId === undefined ? undefined : eq(st.tenantId, f.tenantId),
      ),
    )
    .as('open_with_due_date');
}

/** Open transfers with a due date, counted by their flag on `today`. */
export async function countDeadlinesByFlag(
  db: Executor,
  f: DeadlineFilter,
): Promise<{ flag: DeadlineFlagValue; n: number }[]> {
  const open = openWithDueDate(db, f);
  return db
    .select({ flag: open.flag, n: count() })
    .from(open)
    .groupBy((fields) => fields.flag);
}

export interface DeadlineRow {
  id: string;
  tenantId: string;
  accountTransferId: string | null;
  direction: string;
  status: string;
  isin: string;
  quantity: string;
  createdAt: string;
  dueDate: string;
  flag: DeadlineFlagValue;
}

/** Open transfers with one of `flags`, soonest due first. */
export async function listDeadlineRows(
  db: Executor,
  f: DeadlineFilter & { flags: readonly DeadlineFlagValue[]; limit: number },
): Promise<DeadlineRow[]> {
  const open = openWithDueDate(db, f);
  const rows = await db
    .select()
    .from(open)
    .where(inArray(open.flag, [...f.flags]))
    .orderBy(asc(open.dueDate), asc(open.createdAt))
    .limit(f.limit);
  // The subquery only holds rows with a due date.
  return rows.map((r) => ({ ...r, dueDate: r.dueDate ?? '' }));
}

/**
 * Open transfers whose announced deadline state no longer fits the date:
 * ON_TRACK now at risk or overdue, AT_RISK now overdue (or, after a change of
 * the window, no longer at risk), OVERDUE whose date moved out.
 */
export async function listDeadlineStateChanges(
  db: Executor,
  window: { today: string; riskEnd: string; limit: number },
): Promise<SecuritiesTransferRow[]> {
  return db
    .select()
    .from(st)
    .where(
      and(
        OPEN,
        isNotNull(st.dueDate),
        or(
          and(eq(st.deadlineState, 'ON_TRACK'), lte(st.dueDate, window.riskEnd)),
          and(
            eq(st.deadlineState, 'AT_RISK'),
            or(lt(st.dueDate, window.today), gt(st.dueDate, window.riskEnd)),
          ),
          and(eq(st.deadlineState, 'OVERDUE'), gte(st.dueDate, window.today)),
        ),
      ),
    )
    .orderBy(asc(st.dueDate))
    .limit(window.limit);
}

/**
 * INCOMING transfers received on or before `cutoff` still to act on: NEW ones,
 * and PROCESSING ones whose instruction is not being withdrawn yet and whose
 * withdrawal the custodian has not refused.
 */
export async function listExpiringIncoming(
  db: Executor,
  cutoff: string,
  limit: number,
): Promise<SecuritiesTransferRow[]> {
  return db
    .select()
    .from(st)
    .where(
      and(
        OPEN,
        eq(st.direction, 'INCOMING'),
        lte(st.createdAt, cutoff),
        or(eq(st.status, 'NEW'), and(isNull(st.cancellationRequestedAt), isNull(st.cancellationDeniedAt))),
      ),
    )
    .limit(limit);
}
