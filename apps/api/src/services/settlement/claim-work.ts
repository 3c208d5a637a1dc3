import type { Db } from '../../db/client.js';
import { prepared, queryRows } from '../../db/sql.js';
import type { SecuritiesTransferRow } from '../../db/types.js';
import type { ChangeMeta } from '../transitions.js';
import type { CommandResult } from './command-schemas.js';
import { runTasks } from './run-command.js';
import { validateTransfer } from './validate-transfer.js';
import { toWorkItem, type WorkItem, type WorkItemRow, type WorkKind } from './work-item.js';

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

// The work index is partial (status IN ('NEW', 'PROCESSING')); SQLite only
// uses a partial index when the query repeats its WHERE term – `status = 'NEW'`
// alone scans the whole table, past every settled transfer.
const WORK = "status IN ('NEW', 'PROCESSING')";

/** Candidates per kind; the work index (status, lease_expires_at) serves each. */
const CANDIDATES: Record<WorkKind, string> = {
  FORWARD_CANCEL: `${WORK} AND status = 'PROCESSING' AND ${FREE} AND cancellation_requested_at IS NOT NULL AND cancellation_forwarded_at IS NULL`,
  SIMULATE: `${WORK} AND status = 'PROCESSING' AND ${FREE} AND cancellation_requested_at IS NULL AND substr(settlement_reference, 1, 4) = 'AUTO' AND instructed_at <= @simulateBefore`,
  // Without ORDER BY the index yields never-leased rows first, in insertion (≈ arrival) order.
  INSTRUCT: `${WORK} AND status = 'NEW' AND ${FREE}`,
};

/** The columns `toWorkItem` reads (a claim hands out thousands of rows). */
const WORK_ITEM_COLUMNS = [
  'id',
  'tenant_id',
  'account_transfer_id',
  'direction',
  'status',
  'isin',
  'quantity',
  'quantity_settled',
  'reserved_quantity',
  'account_id',
  'counterparty_bic',
  'counterparty_account_number',
  'counterparty_name',
  'trade_date',
  'settlement_date',
  'place_of_settlement',
  'settlement_reference',
  'custodian_reference',
  'instructed_at',
  'cancellation_requested_at',
  'cancellation_denials',
  'due_date',
].join(', ');

/**
 * Leases up to `limit` transfers per kind of work (SQLite has no SKIP
 * LOCKED): in one IMMEDIATE transaction – no other writer in between – the
 * free candidates are read from the work index, then each gets the lease by
 * rowid (no `UPDATE … RETURNING *`, which costs SQLite more than the update).
 * A row whose lease has not expired is never handed to a second worker; a
 * crashed worker's rows come back once their lease runs out.
 *
 * With `validate`, the INSTRUCT transfers are also validated in the same
 * transaction, from the rows just read (exactly `validate` commands: same
 * outcomes, idempotent): `validations` follows the INSTRUCT items in order.
 */
export function claimWork(
  db: Db,
  options: ClaimOptions,
  validate?: { meta: ChangeMeta },
): { items: WorkItem[]; validations?: CommandResult[] } {
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
      const toValidate: SecuritiesTransferRow[] = [];
      const lease = prepared(
        tx,
        'UPDATE securities_transfers SET lease_owner = ?, lease_expires_at = ? WHERE rowid = ?',
      );
      for (const kind of kinds) {
        const params: Record<string, string | number> = { now, limit: options.limit };
        if (kind === 'SIMULATE') params.simulateBefore = simulateBefore;
        const full = validate !== undefined && kind === 'INSTRUCT';
        const rows = queryRows<Omit<WorkItemRow, 'leaseExpiresAt'> & { rowid: number }>(
          tx,
          `SELECT rowid, ${full ? '*' : WORK_ITEM_COLUMNS} FROM securities_transfers WHERE ${CANDIDATES[kind]} LIMIT @limit`,
          params,
        );
        for (const row of rows) {
          lease.run(options.owner, until, row.rowid);
          const leased = { ...row, leaseOwner: options.owner, leaseExpiresAt: until };
          items.push(toWorkItem(leased, kind));
          if (full) toValidate.push(leased as unknown as SecuritiesTransferRow);
        }
      }
      if (validate === undefined) return { items };
      const validations = runTasks(
        tx,
        toValidate.map((row) => () => validateTransfer(tx, row, validate.meta)),
      );
      return { items, validations };
    },
    { behavior: 'immediate' },
  );
}
