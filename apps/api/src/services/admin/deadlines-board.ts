import { marketDate } from '@tbo/contracts';
import { and, count, eq, gt, gte, inArray, isNotNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, securitiesTransfers, tenants } from '../../db/schema/index.js';
import { addCalendarDays, daysBetween } from '../../domain/calendar.js';
import { AT_RISK_DAYS } from './deadline-state.js';
import { type KeysetOrder, type KeysetRequest, keysetPage } from './keyset-page.js';

/** Each flag is counted at most this far: a larger number shows as "10,000+". */
export const DEADLINE_COUNT_CAP = 10_000;

type Direction = 'OUTGOING' | 'INCOMING';
type Flag = 'OVERDUE' | 'AT_RISK' | 'ON_TRACK';

const st = securitiesTransfers;
// The terms of `st_console_due_idx`'s WHERE, the statuses as literals: with bound values SQLite
// would rather search the status index and sort.
const openWithDueDate = (direction: Direction) =>
  and(sql`${st.status} IN ('NEW', 'PROCESSING')`, isNotNull(st.dueDate), eq(st.direction, direction));

const boardColumns = {
  id: st.id,
  tenantId: st.tenantId,
  accountTransferId: st.accountTransferId,
  accountId: st.accountId,
  isin: st.isin,
  quantity: st.quantity,
  quantitySettled: st.quantitySettled,
  status: st.status,
  settlementReference: st.settlementReference,
  createdAt: st.createdAt,
  dueDate: st.dueDate,
  cancellationRequestedAt: st.cancellationRequestedAt,
};

interface BoardRow {
  id: string;
  tenantId: string;
  accountTransferId: string | null;
  accountId: string;
  isin: string;
  quantity: string;
  quantitySettled: string;
  status: string;
  settlementReference: string;
  createdAt: string;
  dueDate: string | null;
  cancellationRequestedAt: string | null;
}

/** Most urgent first: by due date, then receipt, then id (unique) – the order of `st_console_due_idx`. */
const URGENCY: KeysetOrder<BoardRow> = {
  columns: [st.dueDate, st.createdAt, st.id],
  direction: 'ASC',
  keyOf: (row) => [row.dueDate ?? '', row.createdAt, row.id],
};

function flagTerm(flag: Flag, today: string): SQL | undefined {
  const riskEnd = addCalendarDays(today, AT_RISK_DAYS);
  if (flag === 'OVERDUE') return lt(st.dueDate, today);
  if (flag === 'AT_RISK') return and(gte(st.dueDate, today), lte(st.dueDate, riskEnd));
  return gt(st.dueDate, riskEnd);
}

/** A range of the due-date index, read at most DEADLINE_COUNT_CAP + 1 entries far. */
async function cappedCount(db: Db, direction: Direction, flag: Flag, today: string): Promise<number> {
  const capped = db
    .select({ one: sql`1` })
    .from(st)
    .where(and(openWithDueDate(direction), flagTerm(flag, today)))
    .limit(DEADLINE_COUNT_CAP + 1)
    .as('capped');
  return db.select({ n: count() }).from(capped).get()?.n ?? 0;
}

function pageOf(db: Db, direction: Direction, request: KeysetRequest) {
  return keysetPage(URGENCY, request, (walk) =>
    db
      .select(boardColumns)
      .from(st)
      .where(and(openWithDueDate(direction), walk.from))
      .orderBy(...walk.orderBy)
      .limit(walk.take)
      .all(),
  );
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
  const outgoing = pageOf(db, 'OUTGOING', { ...request.outgoing, limit: request.limit });
  const incoming = pageOf(db, 'INCOMING', { ...request.incoming, limit: request.limit });
  const rows = [...outgoing.rows, ...incoming.rows];
  const tenantIds = [...new Set(rows.map((r) => r.tenantId))];
  const accountIds = [...new Set(rows.map((r) => r.accountId))];
  const tenantNames = new Map(
    tenantIds.length === 0
      ? []
      : db
          .select({ id: tenants.id, name: tenants.name })
          .from(tenants)
          .where(inArray(tenants.id, tenantIds))
          .all()
          .map((t) => [t.id, t.name]),
  );
  const accountNames = new Map(
    accountIds.length === 0
      ? []
      : db
          .select({ id: accounts.id, name: accounts.name })
          .from(accounts)
          .where(inArray(accounts.id, accountIds))
          .all()
          .map((a) => [a.id, a.name]),
  );
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
  const tally = async (direction: Direction) => ({
    overdue: await cappedCount(db, direction, 'OVERDUE', today),
    at_risk: await cappedCount(db, direction, 'AT_RISK', today),
    on_track: await cappedCount(db, direction, 'ON_TRACK', today),
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
