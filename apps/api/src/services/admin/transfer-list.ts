import { marketDate } from '@tbo/contracts';
import { and, asc, desc, eq, getTableName, inArray, type SQL, sql, sum } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared-query.js';
import { transferCounts } from '../../db/schema/index.js';
import type { AccountTransferRow, Executor, SecuritiesTransferRow } from '../../db/types.js';
import { type AccessPath, accessPathFor } from './transfer-access.js';
import { decodeCursor, encodeCursor, type TransferCursor } from './transfer-cursor.js';
import type { AdminTransferFilters, AdminTransferView } from './transfer-filters.js';
import { type AdminTransferRow, toAdminRows } from './transfer-rows.js';

/**
 * Rows of the access path one page may look at when residual filters are
 * set: the page's work is bounded whatever the filters, and a page that
 * found fewer matches in its window says how far it looked (`scanned_to`)
 * and can page on from there.
 */
export const SCAN_WINDOW = 1_000;

export interface AdminTransferPage {
  rows: AdminTransferRow[];
  /** The next page (older rows in DESC order); null at the end. */
  next_cursor: string | null;
  /** The previous page; null on the first. */
  prev_cursor: string | null;
  /** Set when the page stopped at its scan window before filling: the sort value it looked back to. */
  scanned_to: string | null;
  /** From the maintained counters when the filters are only kind, tenant, direction and status; else null. */
  total: number | null;
  /** Per status, under every filter but the status one (the tabs); null when counters cannot answer. */
  counts_by_status: Record<string, number> | null;
}

type Row = SecuritiesTransferRow | AccountTransferRow;

interface Step {
  ascending: boolean;
  cursor: TransferCursor | undefined;
}

function keyOf(path: AccessPath, row: { createdAt: string; updatedAt: string; id: string }) {
  return {
    key: path.sortColumn === path.table.createdAt ? row.createdAt : row.updatedAt,
    id: row.id,
  };
}

function keysetTerm(path: AccessPath, step: Step): SQL | undefined {
  if (!step.cursor) return undefined;
  const { key, id } = step.cursor;
  return step.ascending
    ? sql`(${path.sortColumn}, ${path.table.id}) > (${key}, ${id})`
    : sql`(${path.sortColumn}, ${path.table.id}) < (${key}, ${id})`;
}

/** Orders rows as the walk does: by sort key, then id. */
function compareKeys(ascending: boolean) {
  return (a: TransferCursor, b: TransferCursor) => {
    const order = a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return ascending ? order : -order;
  };
}

/** The first `n` of each branch (an index range in walk order), merged into the first `n` overall. */
function mergeBranches<T extends TransferCursor>(
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

function prepareUnfiltered(db: Db, path: AccessPath, ascending: boolean, fromCursor: boolean) {
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
    .prepare();
}

// The page every open console polls (no filter, newest first) and its neighbours: one prepared
// statement per table, sort column, direction and cursor or none.
const unfilteredPages = (db: Executor) =>
  preparedQuery(db, 'console.unfilteredPages', () => new Map<string, ReturnType<typeof prepareUnfiltered>>());

async function unfilteredPage(db: Db, path: AccessPath, step: Step, take: number): Promise<Row[]> {
  const shape = `${getTableName(path.table)}|${path.sortColumn.name}|${step.ascending}|${step.cursor !== undefined}`;
  const statements = unfilteredPages(db);
  let statement = statements.get(shape);
  if (statement === undefined) {
    statement = prepareUnfiltered(db, path, step.ascending, step.cursor !== undefined);
    statements.set(shape, statement);
  }
  return statement.all({ key: step.cursor?.key ?? '', id: step.cursor?.id ?? '', limit: take }) as Row[];
}

/**
 * Walks the access path from the cursor: without residual filters the page
 * itself (limit + 1 rows per branch, to know whether more follow); with them,
 * the ids of at most `scanWindow` rows, then those rows by primary key under
 * the residual filters.
 */
async function walk(db: Db, path: AccessPath, step: Step, limit: number, scanWindow: number) {
  const dir = step.ascending ? asc : desc;
  const order = [dir(path.sortColumn), dir(path.table.id)];
  const keyset = keysetTerm(path, step);
  if (path.residual === undefined && path.access.length === 1 && path.access[0] === undefined) {
    const rows = (await unfilteredPage(db, path, step, limit + 1)).map((row) =>
      Object.assign(row, keyOf(path, row)),
    );
    return { rows, windowEnd: undefined };
  }
  if (path.residual === undefined) {
    const branches = path.access.map((access) =>
      (
        db
          .select()
          .from(path.table)
          .where(and(access, keyset))
          .orderBy(...order)
          .limit(limit + 1)
          .all() as Row[]
      ).map((row) => Object.assign(row, keyOf(path, row))),
    );
    return { rows: mergeBranches(branches, step.ascending, limit + 1).merged, windowEnd: undefined };
  }
  const branches = path.access.map((access) =>
    db
      // Only the index's own columns: the walk reads no table row.
      .select({ id: path.table.id, key: path.sortColumn })
      .from(path.table)
      .where(and(access, keyset))
      .orderBy(...order)
      .limit(scanWindow)
      .all(),
  );
  const { merged: window, cut } = mergeBranches(branches, step.ascending, scanWindow);
  if (window.length === 0) return { rows: [], windowEnd: undefined };
  const matched = db
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
    )
    .all() as Row[];
  const position = new Map(window.map((w, i) => [w.id, i]));
  matched.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
  return { rows: matched.slice(0, limit + 1), windowEnd: cut ? window[window.length - 1] : undefined };
}

const tenantParam = sql.placeholder('tenant');
const directionParam = sql.placeholder('direction');

// Every poll of the transfers page reads the counters.
const countsQuery = (db: Executor) =>
  preparedQuery(db, 'console.countsQuery', (d) =>
    d
      .select({ status: transferCounts.status, n: sum(transferCounts.count).mapWith(Number) })
      .from(transferCounts)
      .where(
        and(
          eq(transferCounts.transferKind, sql.placeholder('kind')),
          // A few rows per tenant, kind, direction and status: no index to choose, so one statement for every filter.
          sql`(${tenantParam} IS NULL OR ${transferCounts.tenantId} = ${tenantParam})`,
          sql`(${directionParam} IS NULL OR ${transferCounts.direction} = ${directionParam})`,
        ),
      )
      .groupBy(transferCounts.status)
      .prepare(),
  );

/** Counts only the counters can give: filters limited to tenant, direction and status. */
async function countsFor(db: Db, f: AdminTransferView) {
  const onlyCounted =
    f.user_id === undefined &&
    f.account_id === undefined &&
    f.isin === undefined &&
    f.counterparty_bic === undefined &&
    f.settlement_reference === undefined &&
    f.created_from === undefined &&
    f.created_to === undefined &&
    f.deadline === undefined &&
    !f.cancellation_pending &&
    !f.open_exception &&
    f.custodian_status === undefined &&
    !f.parked;
  if (!onlyCounted) return { total: null, counts_by_status: null };
  const rows = countsQuery(db).all({
    kind: f.kind === 'SECURITIES' ? 'SECURITIES_TRANSFER' : 'ACCOUNT_TRANSFER',
    tenant: f.tenant_id ?? null,
    direction: f.direction ?? null,
  });
  const counts: Record<string, number> = {};
  for (const r of rows) if (r.n > 0) counts[r.status] = r.n;
  const total = f.status ? (counts[f.status] ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0);
  return { total, counts_by_status: counts };
}

/** One keyset page of transfers of one kind across tenants (index-backed, see transfer-access.ts). */
export async function listTransfers(
  db: Db,
  f: AdminTransferFilters,
  now: Date,
  scanWindow = SCAN_WINDOW,
): Promise<AdminTransferPage> {
  const path = accessPathFor(db, f, marketDate(now));
  const counts = await countsFor(db, f);
  if (path.empty) {
    return { rows: [], next_cursor: null, prev_cursor: null, scanned_to: null, ...counts };
  }
  const backwards = f.before !== undefined;
  const cursorText = f.before ?? f.after;
  const cursor =
    cursorText === undefined ? undefined : decodeCursor(cursorText, backwards ? 'before' : 'after');
  // A previous page walks the list's order reversed from its cursor.
  const ascending = (f.order === 'ASC') !== backwards;
  const { rows, windowEnd } = await walk(db, path, { ascending, cursor }, f.limit, scanWindow);
  const more = rows.length > f.limit || windowEnd !== undefined;
  const page = rows.slice(0, f.limit);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  // Where the walk continues in its own direction: after the last row shown, or where the window ended.
  const onward =
    rows.length > f.limit && page.length > 0 ? keyOf(path, (backwards ? first : last) as Row) : windowEnd;
  const here = cursor ? encodeCursor(cursor) : null;
  const next = backwards
    ? last
      ? encodeCursor(keyOf(path, last))
      : here
    : more && onward
      ? encodeCursor(onward)
      : null;
  const prev = backwards
    ? more && onward
      ? encodeCursor(onward)
      : null
    : cursor
      ? first
        ? encodeCursor(keyOf(path, first))
        : here
      : null;
  return {
    rows: await toAdminRows(db, f.kind, page, now),
    next_cursor: next,
    prev_cursor: prev,
    scanned_to: rows.length <= f.limit && windowEnd ? windowEnd.key : null,
    ...counts,
  };
}
