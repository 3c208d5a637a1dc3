import { and, count, eq, gt, gte, inArray, isNotNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import { first } from '../db/query.js';
import { accounts, securitiesTransfers, tenants } from '../db/tables.js';
import type { Executor } from '../db/types.js';
import type { KeysetOrder, KeysetWalk } from './keyset-walk.js';

/** The deadlines board: open securities transfers with a due date, read along `st_console_due_idx`. */

export type BoardDirection = 'OUTGOING' | 'INCOMING';
export type BoardFlag = 'OVERDUE' | 'AT_RISK' | 'ON_TRACK';

// The terms of `st_console_due_idx`'s WHERE, the statuses as literals: with bound values SQLite
// would rather search the status index and sort.
const openWithDueDate = (direction: BoardDirection) => {
  const st = securitiesTransfers;
  return and(sql`${st.status} IN ('NEW', 'PROCESSING')`, isNotNull(st.dueDate), eq(st.direction, direction));
};

// Built at each call, as the columns below: the table bindings follow the database the process
// opened (db/tables.ts).
const boardColumns = (st = securitiesTransfers) => ({
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
});

export interface BoardRow {
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
export const BOARD_URGENCY: KeysetOrder<BoardRow> = {
  get columns() {
    return [securitiesTransfers.dueDate, securitiesTransfers.createdAt, securitiesTransfers.id];
  },
  direction: 'ASC',
  keyOf: (row) => [row.dueDate ?? '', row.createdAt, row.id],
};

/** A flag's due dates: before `today`; from `today` to `riskEnd`; after `riskEnd`. */
function flagTerm(flag: BoardFlag, today: string, riskEnd: string): SQL | undefined {
  const st = securitiesTransfers;
  if (flag === 'OVERDUE') return lt(st.dueDate, today);
  if (flag === 'AT_RISK') return and(gte(st.dueDate, today), lte(st.dueDate, riskEnd));
  return gt(st.dueDate, riskEnd);
}

export async function listBoardRows(
  db: Executor,
  direction: BoardDirection,
  walk: KeysetWalk,
): Promise<BoardRow[]> {
  return db
    .select(boardColumns())
    .from(securitiesTransfers)
    .where(and(openWithDueDate(direction), walk.from))
    .orderBy(...walk.orderBy)
    .limit(walk.take);
}

/** The open transfers of `direction` carrying `flag`: a range of the due-date index, read at most `cap` entries far. */
export async function countFlaggedCapped(
  db: Executor,
  direction: BoardDirection,
  flag: BoardFlag,
  dates: { today: string; riskEnd: string },
  cap: number,
): Promise<number> {
  const capped = db
    .select({ one: sql`1` })
    .from(securitiesTransfers)
    .where(and(openWithDueDate(direction), flagTerm(flag, dates.today, dates.riskEnd)))
    .limit(cap)
    .as('capped');
  return (await first(db.select({ n: count() }).from(capped)))?.n ?? 0;
}

/** The names of the given tenants, by id. */
export async function findTenantNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: tenants.id, name: tenants.name })
    .from(tenants)
    .where(inArray(tenants.id, ids));
  return new Map(rows.map((t) => [t.id, t.name]));
}

/** The names of the given accounts, by id. */
export async function findAccountNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(inArray(accounts.id, ids));
  return new Map(rows.map((a) => [a.id, a.name]));
}
