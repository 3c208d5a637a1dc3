import { and, eq, gte, inArray, type SQL, sql } from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import { securitiesTransfers, tenants } from '../db/tables.js';
import type { Executor } from '../db/types.js';

/** The console's charts over securities transfers: grouped counts and settle times, read from covering indexes. */

export type ChartDeadlineState = 'ON_TRACK' | 'AT_RISK' | 'OVERDUE' | 'NO_DEADLINE';

const DIRECTIONS = ['INCOMING', 'OUTGOING'];
// Date arithmetic and slicing (julianday, substr) have no Drizzle form. On PostgreSQL the instants
// are timestamptz and the due date a date: the same figures come from interval arithmetic, the
// UTC day from to_char.
const dayOf = (column: typeof securitiesTransfers.createdAt | typeof securitiesTransfers.updatedAt) =>
  isPostgres()
    ? sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
    : sql<string>`substr(${column}, 1, 10)`;
/** count(*): a bigint, so text, on PostgreSQL. */
const countAll = () => sql<number>`count(*)`.mapWith(Number);

/**
 * Open securities transfers (NEW, PROCESSING: the work-queue index) counted
 * by whole days since receipt at `now` and by deadline state on `today`
 * (`atRiskDays` before the due date and closer: AT_RISK).
 */
export async function countOpenByAgeAndDeadline(
  db: Executor,
  now: Date,
  today: string,
  atRiskDays: number,
): Promise<{ age: number; state: ChartDeadlineState; n: number }[]> {
  // Read at each call: the table bindings follow the database the process opened (db/tables.ts).
  const t = securitiesTransfers;
  const pg = isPostgres();
  // Whole days, cut toward zero as SQLite's cast does (PostgreSQL's cast to integer would round).
  const ageDays = pg
    ? sql<number>`cast(trunc(extract(epoch from (${now.toISOString()}::timestamptz - ${t.createdAt})) / 86400) AS integer)`
    : sql<number>`cast(julianday(${now.toISOString()}) - julianday(${t.createdAt}) AS integer)`;
  const daysLeft = pg
    ? sql`(${t.dueDate} - ${today}::date)`
    : sql`julianday(${t.dueDate}) - julianday(${today})`;
  const state = sql<ChartDeadlineState>`CASE WHEN ${t.dueDate} IS NULL THEN 'NO_DEADLINE'
    WHEN ${daysLeft} < 0 THEN 'OVERDUE' WHEN ${daysLeft} <= ${atRiskDays} THEN 'AT_RISK' ELSE 'ON_TRACK' END`;
  // PostgreSQL matches a GROUP BY expression to the selected one by its text, and each bound value
  // is a parameter of its own there: group by the selected columns' positions instead.
  const groups: SQL[] = pg ? [sql`1`, sql`2`] : [ageDays, state];
  return (
    db
      .select({ age: ageDays, state, n: countAll() })
      .from(t)
      // The partial indexes' WHERE term as written (literals): SQLite uses a partial index only then.
      .where(sql`${t.status} IN ('NEW', 'PROCESSING')`)
      .groupBy(...groups)
  );
}

/**
 * Securities transfers received per UTC day since `since`, by direction and
 * current status. Every range is one of the covering (tenant, direction,
 * status, created_at) index, so the count reads no table rows.
 */
export async function countReceivedPerDay(
  db: Executor,
  since: string,
  statuses: string[],
): Promise<{ day: string; direction: string; status: string; n: number }[]> {
  // Read at each call: the table bindings follow the database the process opened (db/tables.ts).
  const t = securitiesTransfers;
  const day = dayOf(t.createdAt);
  return db
    .select({ day, direction: t.direction, status: t.status, n: countAll() })
    .from(t)
    .where(
      and(
        inArray(t.tenantId, db.select({ id: tenants.id }).from(tenants)),
        inArray(t.direction, DIRECTIONS),
        inArray(t.status, statuses),
        gte(t.createdAt, since),
      ),
    )
    .groupBy(day, t.direction, t.status);
}

/**
 * Hours from receipt (`created_at`) to the recorded final settlement
 * (`updated_at` of a SETTLED transfer) of every transfer settled since
 * `since`, with its UTC day of settlement: the (tenant, direction,
 * updated_at) index range of the window.
 */
export async function listSettleTimes(
  db: Executor,
  since: string,
): Promise<{ day: string; hours: number }[]> {
  // Read at each call: the table bindings follow the database the process opened (db/tables.ts).
  const t = securitiesTransfers;
  return db
    .select({
      day: dayOf(t.updatedAt),
      hours: isPostgres()
        ? sql<number>`cast(extract(epoch from (${t.updatedAt} - ${t.createdAt})) / 3600 AS double precision)`
        : sql<number>`(julianday(${t.updatedAt}) - julianday(${t.createdAt})) * 24`,
    })
    .from(t)
    .where(
      and(
        inArray(t.tenantId, db.select({ id: tenants.id }).from(tenants)),
        inArray(t.direction, DIRECTIONS),
        gte(t.updatedAt, since),
        eq(t.status, 'SETTLED'),
      ),
    );
}
