import type { Db } from '../../db/client.js';
import { camelRow, prepared } from '../../db/sql.js';
import type { SecuritiesTransferRow } from '../../db/types.js';
import { toWorkItem, type WorkItem, type WorkKind } from './work-item.js';

export interface ClaimOptions {
  owner: string;
  /** At most this many transfers of each kind of work. */
  limit: number;
  leaseSeconds: number;
  /** Sandbox only: also hand out PROCESSING `AUTO…` transfers instructed at least this long ago. */
  simulateAfterMs: number | null;
  now: Date;
}

const FREE = '(lease_expires_at IS NULL OR lease_expires_at <= @now)';

/** Candidates per kind; the work index (status, lease_expires_at) serves each. */
const CANDIDATES: Record<WorkKind, string> = {
  FORWARD_CANCEL: `status = 'PROCESSING' AND ${FREE} AND cancellation_requested_at IS NOT NULL AND cancellation_forwarded_at IS NULL`,
  SIMULATE: `status = 'PROCESSING' AND ${FREE} AND cancellation_requested_at IS NULL AND substr(settlement_reference, 1, 4) = 'AUTO' AND instructed_at <= @simulateBefore`,
  // Without ORDER BY the index yields never-leased rows first, in insertion (≈ arrival) order.
  INSTRUCT: `status = 'NEW' AND ${FREE}`,
};

/**
 * Leases up to `limit` transfers per kind of work with one conditional
 * UPDATE … RETURNING each (SQLite has no SKIP LOCKED): a row whose lease has
 * not expired is never handed to a second worker. A crashed worker's rows
 * come back once their lease runs out.
 */
export function claimWork(db: Db, options: ClaimOptions): WorkItem[] {
  const now = options.now.toISOString();
  const until = new Date(options.now.getTime() + options.leaseSeconds * 1000).toISOString();
  const kinds: WorkKind[] =
    options.simulateAfterMs === null
      ? ['FORWARD_CANCEL', 'INSTRUCT']
      : ['FORWARD_CANCEL', 'SIMULATE', 'INSTRUCT'];
  const simulateBefore = new Date(options.now.getTime() - (options.simulateAfterMs ?? 0)).toISOString();
  return db.transaction(
    (tx) => {
      const items: WorkItem[] = [];
      for (const kind of kinds) {
        const params: Record<string, string | number> = {
          owner: options.owner,
          until,
          now,
          limit: options.limit,
        };
        if (kind === 'SIMULATE') params.simulateBefore = simulateBefore;
        const claimed = prepared(
          tx,
          `UPDATE securities_transfers SET lease_owner = @owner, lease_expires_at = @until
           WHERE id IN (SELECT id FROM securities_transfers WHERE ${CANDIDATES[kind]} LIMIT @limit)
           RETURNING *`,
        ).all(params);
        const rows = claimed.map((raw) => camelRow<SecuritiesTransferRow>(raw));
        items.push(...rows.map((row) => toWorkItem(row, kind)));
      }
      return items;
    },
    { behavior: 'immediate' },
  );
}
