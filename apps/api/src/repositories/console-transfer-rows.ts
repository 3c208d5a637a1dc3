import { type AnyColumn, and, asc, count, inArray, isNull, max, ne, or, sql } from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared-query.js';
import { custodianExceptions, securitiesTransfers, tenants, transferHistory } from '../db/tables.js';
import type { Executor } from '../db/types.js';

// What a page of the console's transfer list shows beside each row. The page's look-ups run on
// every poll of every open console: prepared once, the page's ids passed as one JSON array (an IN
// list of placeholders would be a statement per page size; json_each has no Drizzle form). PostgreSQL
// reads the same array with jsonb_array_elements_text.
const pageIds = sql.placeholder('ids');
const inPage = (column: AnyColumn) =>
  isPostgres()
    ? sql`${column} IN (SELECT jsonb_array_elements_text(${pageIds}::jsonb))`
    : sql`${column} IN (SELECT value FROM json_each(${pageIds}))`;

const tenantNamesQuery = (db: Executor) =>
  preparedQuery(db, 'console.tenantNamesQuery', (d) =>
    d.select({ id: tenants.id, name: tenants.name }).from(tenants).prepare('console.tenantNamesQuery'),
  );

/** Every tenant's name, by id. */
export async function findAllTenantNames(db: Executor): Promise<Map<string, string>> {
  const rows = await tenantNamesQuery(db).execute();
  return new Map(rows.map((t) => [t.id, t.name]));
}

const statusSinceQuery = (db: Executor) =>
  preparedQuery(db, 'console.statusSinceQuery', (d) =>
    d
      .select({ id: transferHistory.transferId, at: max(transferHistory.createdAt) })
      .from(transferHistory)
      .where(
        and(
          inPage(transferHistory.transferId),
          or(isNull(transferHistory.fromStatus), ne(transferHistory.fromStatus, transferHistory.toStatus)),
        ),
      )
      .groupBy(transferHistory.transferId)
      .prepare('console.statusSinceQuery'),
  );

/** When each transfer last changed status: its newest history row that moved the status. */
export async function findStatusSince(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await statusSinceQuery(db).execute({ ids: JSON.stringify(ids) });
  return new Map(rows.map((r) => [r.id, r.at ?? '']));
}

const openExceptionsQuery = (db: Executor) =>
  preparedQuery(db, 'console.openExceptionsQuery', (d) =>
    d
      .select({ id: custodianExceptions.transferId, n: count() })
      .from(custodianExceptions)
      .where(and(inPage(custodianExceptions.transferId), isNull(custodianExceptions.resolvedAt)))
      .groupBy(custodianExceptions.transferId)
      .prepare('console.openExceptionsQuery'),
  );

/** The unresolved custodian exceptions of each transfer, counted. */
export async function countOpenExceptions(db: Executor, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await openExceptionsQuery(db).execute({ ids: JSON.stringify(ids) });
  return new Map(rows.map((r) => [r.id ?? '', r.n]));
}

/** The ISINs of each account transfer's children, in request order. */
export async function findChildInstruments(
  db: Executor,
  parentIds: string[],
): Promise<Map<string, string[]>> {
  const byParent = new Map<string, string[]>();
  if (parentIds.length === 0) return byParent;
  const children = await db
    .select({ parent: securitiesTransfers.accountTransferId, isin: securitiesTransfers.isin })
    .from(securitiesTransfers)
    .where(inArray(securitiesTransfers.accountTransferId, parentIds))
    .orderBy(asc(securitiesTransfers.positionInParent));
  for (const child of children) {
    const list = byParent.get(child.parent ?? '') ?? [];
    list.push(child.isin);
    byParent.set(child.parent ?? '', list);
  }
  return byParent;
}
