import { marketDate } from '@tbo/contracts';
import type { Db } from '../../db/client.js';
import { addCalendarDays, daysBetween } from '../../domain/calendar.js';
import {
  BOARD_URGENCY,
  type BoardDirection,
  type BoardFlag,
  type BoardRow,
  countFlaggedCapped,
  findAccountNames,
  findTenantNames,
  listBoardRows,
} from '../../repositories/deadlines-board.js';
import { AT_RISK_DAYS } from './deadline-state.js';
import { type KeysetRequest, readKeysetPage } from './keyset-page.js';

/** Each flag is counted at most this far: a larger number shows as "10,000+". */
export const DEADLINE_COUNT_CAP = 10_000;

type Direction = BoardDirection;
type Flag = BoardFlag;

function pageOf(db: Db, direction: Direction, request: KeysetRequest) {
  return readKeysetPage(BOARD_URGENCY, request, (walk) => listBoardRows(db, direction, walk));
}

export interface DeadlinesBoardRequest {
  outgoing: Omit<KeysetRequest, 'limit'>;
  incoming: Omit<KeysetRequest, 'limit'>;
  limit: number;
}

/**
 * Open transfers by their legal dates – OUTGOING against the 3-week limit,
 * INCOMING against the 30-day expiry – most urgent first, a keyset page per
 * direction; the flags as the settlement deadlines service sets them, the
 * counts bounded ranges of the same index.
 */
export async function deadlinesBoard(db: Db, now: Date, request: DeadlinesBoardRequest) {
  const today = marketDate(now);
  const riskEnd = addCalendarDays(today, AT_RISK_DAYS);
  const outgoing = await pageOf(db, 'OUTGOING', { ...request.outgoing, limit: request.limit });
  const incoming = await pageOf(db, 'INCOMING', { ...request.incoming, limit: request.limit });
  const rows = [...outgoing.rows, ...incoming.rows];
  const tenantNames = await findTenantNames(db, [...new Set(rows.map((r) => r.tenantId))]);
  const accountNames = await findAccountNames(db, [...new Set(rows.map((r) => r.accountId))]);
  const view = (row: BoardRow) => {
    const dueDate = row.dueDate ?? today;
    const daysLeft = daysBetween(today, dueDate);
    const flag: Flag = daysLeft < 0 ? 'OVERDUE' : daysLeft <= AT_RISK_DAYS ? 'AT_RISK' : 'ON_TRACK';
    return {
      id: row.id,
      account_transfer_id: row.accountTransferId,
      tenant_id: row.tenantId,
      tenant_name: tenantNames.get(row.tenantId) ?? row.tenantId,
      account_id: row.accountId,
      account_name: accountNames.get(row.accountId) ?? null,
      isin: row.isin,
      quantity: row.quantity,
      quantity_settled: row.quantitySettled,
      status: row.status,
      settlement_reference: row.settlementReference,
      received_on: marketDate(row.createdAt),
      cancellation_requested: row.cancellationRequestedAt !== null,
      due_date: dueDate,
      days_left: daysLeft,
      flag,
    };
  };
  // Each a range of the due-date index, read at most DEADLINE_COUNT_CAP + 1 entries far.
  const capped = (direction: Direction, flag: Flag) =>
    countFlaggedCapped(db, direction, flag, { today, riskEnd }, DEADLINE_COUNT_CAP + 1);
  const tally = async (direction: Direction) => ({
    overdue: await capped(direction, 'OVERDUE'),
    at_risk: await capped(direction, 'AT_RISK'),
    on_track: await capped(direction, 'ON_TRACK'),
  });
  return {
    today,
    at_risk_days: AT_RISK_DAYS,
    counts_capped_at: DEADLINE_COUNT_CAP,
    outgoing: { ...outgoing, rows: outgoing.rows.map(view) },
    incoming: { ...incoming, rows: incoming.rows.map(view) },
    summary: { outgoing: await tally('OUTGOING'), incoming: await tally('INCOMING') },
  };
}
