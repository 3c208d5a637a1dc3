import { marketDate } from '@tbo/contracts';
import type { Db } from '../../db/client.js';
import {
  countTransfersByStatus,
  type SortKey,
  sortKeyOf,
  walkAccessPath,
} from '../../repositories/console-transfer-list.js';
import { listAccessPath } from './transfer-access.js';
import { decodeCursor, encodeCursor } from './transfer-cursor.js';
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
  const rows = await countTransfersByStatus(
    db,
    f.kind === 'SECURITIES' ? 'SECURITIES_TRANSFER' : 'ACCOUNT_TRANSFER',
    f.tenant_id ?? null,
    f.direction ?? null,
  );
  const counts: Record<string, number> = {};
  for (const r of rows) if (r.n > 0) counts[r.status] = r.n;
  const total = f.status ? (counts[f.status] ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0);
  return { total, counts_by_status: counts };
}

/** One keyset page of transfers of one kind across tenants (index-backed, see repositories/console-transfer-access.ts). */
export async function listTransfers(
  db: Db,
  f: AdminTransferFilters,
  now: Date,
  scanWindow = SCAN_WINDOW,
): Promise<AdminTransferPage> {
  const path = await listAccessPath(db, f, marketDate(now));
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
  const { rows, windowEnd } = await walkAccessPath(db, path, { ascending, cursor }, f.limit, scanWindow);
  const more = rows.length > f.limit || windowEnd !== undefined;
  const page = rows.slice(0, f.limit);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  // Where the walk continues in its own direction: after the last row shown, or where the window ended.
  const edge = backwards ? first : last;
  const onward: SortKey | undefined = rows.length > f.limit && edge ? sortKeyOf(path, edge) : windowEnd;
  const here = cursor ? encodeCursor(cursor) : null;
  const next = backwards
    ? last
      ? encodeCursor(sortKeyOf(path, last))
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
        ? encodeCursor(sortKeyOf(path, first))
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
