import { and, asc, desc, eq, getTableName, inArray, type Placeholder, type SQL, sql, sum } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { isPostgres } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared-query.js';
import { transferCounts } from '../db/tables.js';
import type { AccountTransferRow, Executor, SecuritiesTransferRow, TransferKind } from '../db/types.js';
import type { AccessPath } from './console-transfer-access.js';

/** Where a walk starts or ended: the sort value and id of a row. */
export interface SortKey {
  key: string;
  id: string;
}

export type ConsoleTransferRow = SecuritiesTransferRow | AccountTransferRow;

/** Which way a walk reads its access path, and the row it starts after (exclusive). */
export interface WalkStep {
  ascending: boolean;
  cursor: SortKey | undefined;
}

/** The sort key of a row on this path. */
export function sortKeyOf(
  path: AccessPath,
  row: { createdAt: string; updatedAt: string; id: string },
): SortKey {
  return {
    key: path.sortColumn === path.table.createdAt ? row.createdAt : row.updatedAt,
    id: row.id,
  };
}

// Row-value comparisons (the keyset seek) have no Drizzle form.
function keysetTerm(path: AccessPath, step: WalkStep): SQL | undefined {
  if (!step.cursor) return undefined;
  const { key, id } = step.cursor;
  return step.ascending
    ? sql`(${path.sortColumn}, ${path.table.id}) > (${key}, ${id})`
    : sql`(${path.sortColumn}, ${path.table.id}) < (${key}, ${id})`;
}

/** Orders rows as the walk does: by sort key, then id. */
function compareKeys(ascending: boolean) {
  return (a: SortKey, b: SortKey) => {
    const order = a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return ascending ? order : -order;
  };
}

/** The first `n` of each branch (an index range in walk order), merged into the first `n` overall. */
function mergeBranches<T extends SortKey>(
  branches: T[][],
  ascending: boolean,
  n: number,
): { merged: T[]; cut: boolean } {
  if (branches.length === 1) {
    const only = branches[0] ?? [];
    return { merged: only.slice(0, n), cut: only.length >= n };
  }
  const all = branches.flat().sort(compareKeys(ascending));
  return { merged: all.slice(0, n), cut: all.length >= n };
}

const keyParam = sql.placeholder('key');
const idParam = sql.placeholder('id');
const limitParam = sql.placeholder('limit');

function prepareUnfiltered(db: Db, name: string, path: AccessPath, ascending: boolean, fromCursor: boolean) {
  const dir = ascending ? asc : desc;
  const columns = sql`(${path.sortColumn}, ${path.table.id})`;
  const from = fromCursor
    ? ascending
      ? sql`${columns} > (${keyParam}, ${idParam})`
      : sql`${columns} < (${keyParam}, ${idParam})`
    : undefined;
  return db
    .select()
    .from(path.table)
    .where(from)
    .orderBy(dir(path.sortColumn), dir(path.table.id))
    .limit(limitParam)
    .prepare(name);
}

// The page every open console polls (no filter, newest first) and its neighbours: one prepared
// statement per table, sort column, direction and cursor or none.
const unfilteredPages = (db: Executor) =>
  preparedQuery(db, 'console.unfilteredPages', () => new Map<string, ReturnType<typeof prepareUnfiltered>>());

async function unfilteredPage(
  db: Db,
  path: AccessPath,
  step: WalkStep,
  take: number,
): Promise<ConsoleTransferRow[]> {
  const shape = `${getTableName(path.table)}|${path.sortColumn.name}|${step.ascending}|${step.cursor !== undefined}`;
  const statements = unfilteredPages(db);
  let statement = statements.get(shape);
  if (statement === undefined) {
    statement = prepareUnfiltered(
      db,
      `console.unfiltered:${shape}`,
      path,
      step.ascending,
      step.cursor !== undefined,
    );
    statements.set(shape, statement);
  }
  return (await statement.execute({
    key: step.cursor?.key ?? '',
    id: step.cursor?.id ?? '',
    limit: take,
  })) as ConsoleTransferRow[];
}

/** What a walk read (each row with its sort key), and where a cut scan window ended. */
export interface WalkResult {
  rows: (ConsoleTransferRow & SortKey)[];
  windowEnd: SortKey | undefined;
}

/**
 * Walks the access path from the cursor: without residual filters the page
 * itself (limit + 1 rows per branch, to know whether more follow); with them,
 * the ids of at most `scanWindow` rows, then those rows by primary key under
 * the residual filters.
 */
export async function walkAccessPath(
  db: Db,
  path: AccessPath,
  step: WalkStep,
  limit: number,
  scanWindow: number,
): Promise<WalkResult> {
  const dir = step.ascending ? asc : desc;
  const order = [dir(path.sortColumn), dir(path.table.id)];
  const keyset = keysetTerm(path, step);
  const keyed = (row: ConsoleTransferRow) => Object.assign(row, sortKeyOf(path, row));
  if (path.residual === undefined && path.access.length === 1 && path.access[0] === undefined) {
    const rows = (await unfilteredPage(db, path, step, limit + 1)).map(keyed);
    return { rows, windowEnd: undefined };
  }
  if (path.residual === undefined) {
    const branches = await Promise.all(
      path.access.map(async (access) =>
        (
          (await db
            .select()
            .from(path.table)
            .where(and(access, keyset))
            .orderBy(...order)
            .limit(limit + 1)) as ConsoleTransferRow[]
        ).map(keyed),
      ),
    );
    return { rows: mergeBranches(branches, step.ascending, limit + 1).merged, windowEnd: undefined };
  }
  const branches = await Promise.all(
    path.access.map((access) =>
      db
        // Only the index's own columns: the walk reads no table row.
        .select({ id: path.table.id, key: path.sortColumn })
        .from(path.table)
        .where(and(access, keyset))
        .orderBy(...order)
        .limit(scanWindow),
    ),
  );
  const { merged: window, cut } = mergeBranches(branches, step.ascending, scanWindow);
  if (window.length === 0) return { rows: [], windowEnd: undefined };
  const matched = (await db
    .select()
    .from(path.table)
    .where(
      and(
        inArray(
          path.table.id,
          window.map((w) => w.id),
        ),
        path.residual,
      ),
    )) as ConsoleTransferRow[];
  const position = new Map(window.map((w, i) => [w.id, i]));
  matched.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
  return {
    rows: matched.slice(0, limit + 1).map(keyed),
    windowEnd: cut ? window[window.length - 1] : undefined,
  };
}

const tenantParam = sql.placeholder('tenant');
const directionParam = sql.placeholder('direction');

const asText = (param: Placeholder) => (isPostgres() ? sql`${param}::text` : sql`${param}`);

// Every poll of the transfers page reads the counters.
const countsQuery = (db: Executor) =>
  preparedQuery(db, 'console.countsQuery', (d) =>
    d
      .select({ status: transferCounts.status, n: sum(transferCounts.count).mapWith(Number) })
      .from(transferCounts)
      .where(
        and(
          eq(transferCounts.transferKind, sql.placeholder('kind')),
          // A few rows per tenant, kind, direction and status: no index to choose, so one statement
          // for every filter; "placeholder IS NULL OR" has no Drizzle form.
          // PostgreSQL types a parameter by where it stands, and "? IS NULL" says nothing: cast it.
          sql`(${asText(tenantParam)} IS NULL OR ${transferCounts.tenantId} = ${tenantParam})`,
          sql`(${asText(directionParam)} IS NULL OR ${transferCounts.direction} = ${directionParam})`,
        ),
      )
      .groupBy(transferCounts.status)
      .prepare('console.countsQuery'),
  );

/** The maintained counters of one kind per status, of one tenant and direction when given. */
export async function countTransfersByStatus(
  db: Executor,
  kind: TransferKind,
  tenantId: string | null,
  direction: string | null,
): Promise<{ status: string; n: number }[]> {
  return countsQuery(db).execute({ kind, tenant: tenantId, direction });
}
