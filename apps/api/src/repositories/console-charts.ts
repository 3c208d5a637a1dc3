import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { securitiesTransfers, tenants } from '../db/tables.js';
import type { Executor } from '../db/types.js';

/** The console's charts over securities transfers: grouped counts and settle times, read from covering indexes. */

export type ChartDeadlineState = 'ON_TRACK' | 'AT_RISK' | 'OVERDUE' | 'NO_DEADLINE';

const t = securitiesTransfers;
const DIRECTIONS = ['INCOMING', 'OUTGOING'];
// Date arithmetic and slicing (julianday, substr) have no Drizzle form.
const dayOf = (column: typeof t.createdAt | typeof t.updatedAt) => sql<string>`substr(${column}, 1, 10)`;

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
  const ageDays = sql<number>`cast(julianday(${now.toISOString()}) - julianday(${t.createdAt}) AS integer)`;
  const daysLeft = sql`julianday(${t.dueDate}) - julianday(${today})`;
  const state = sql<ChartDeadlineState>`CASE WHEN ${t.dueDate} IS NULL THEN 'NO_DEADLINE'
    WHEN ${daysLeft} < 0 THEN 'OVERDUE' WHEN ${daysLeft} <= ${atRiskDays} THEN 'AT_RISK' ELSE 'ON_TRACK' END`;
  return (
    db
      .select({ age: ageDays, state, n: sql<number>`count(*)` })
      .from(t)
      // The partial indexes' WHERE term as written (literals): SQLite uses a partial index only then.
      .where(sql`${t.status} IN ('NEW', 'PROCESSING')`)
      .groupBy(ageDays, state)
      .all()
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
  const day = dayOf(t.createdAt);
  return db
    .select({ day, direction: t.direction, status: t.status, n: sql<number>`count(*)` })
    .from(t)
    .where(
      and(
        inArray(t.tenantId, db.select({ id: tenants.id }).from(tenants)),
        inArray(t.direction, DIRECTIONS),
        inArray(t.status, statuses),
        gte(t.createdAt, since),
      ),
    )
    .groupBy(day, t.direction, t.status)
    .all();
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
  return db
    .select({
      day: dayOf(t.updatedAt),
      hours: sql<number>`(julianday(${t.updatedAt}) - julianday(${t.createdAt})) * 24`,
    })
    .from(t)
    .where(
      and(
        inArray(t.tenantId, db.select({ id: tenants.id }).from(tenants)),
        inArray(t.direction, DIRECTIONS),
        gte(t.updatedAt, since),
        eq(t.status, 'SETTLED'),
      ),
    )
    .all();
}
