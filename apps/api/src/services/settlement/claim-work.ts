import type { Db } from '../../db/client.js';
import { workerPasses } from '../../db/schema/index.js';
import { prepared, queryRows } from '../../db/sql.js';
import { writeTransaction } from '../../db/transaction.js';
import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import type { ChangeMeta } from '../transitions.js';
import type { CommandResult } from './command-schemas.js';
import { roundRobin } from './round-robin.js';
import { runTasks } from './run-command.js';
import { validateTransfer } from './validate-transfer.js';
import { type ClaimedRow, toWorkItem, type WorkItem, type WorkKind } from './work-item.js';

export interface ClaimOptions {
  owner: string;
  /** At most this many transfers of each kind of work. */
  limit: number;
  leaseSeconds: number;
  /** Sandbox only: also hand out PROCESSING `AUTO…` transfers instructed at least this long ago. */
  simulateAfterMs: number | null;
  now: Date;
}

const FREE = '(t.lease_expires_at IS NULL OR t.lease_expires_at <= @now) AND t.parked_at IS NULL';

/** What each kind of work asks of a transfer besides its status and a free lease. */
const CANDIDATES: Record<WorkKind, { status: 'NEW' | 'PROCESSING'; where: string }> = {
  FORWARD_CANCEL: {
    status: 'PROCESSING',
    where: 't.cancellation_requested_at IS NOT NULL AND t.cancellation_forwarded_at IS NULL',
  },
  SIMULATE: {
    status: 'PROCESSING',
    where: `t.cancellation_requested_at IS NULL AND substr(t.settlement_reference, 1, 4) = 'AUTO' AND t.instructed_at <= @simulateBefore`,
  },
  INSTRUCT: { status: 'NEW', where: '1' },
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
  'work_attempts',
]
  .map((c) => `t.${c}`)
  .join(', ');

/** What the instruction needs from the account and the instrument. */
const REFERENCE_COLUMNS =
  'a.custodian_account_number AS custodian_account_number, i.quantity_type AS quantity_type';

interface Queue {
  tenantId: string;
  direction: string;
}

/** The worker's latest pass, for the console's health panel: one upsert per claim. */
async function notePass(tx: Executor, owner: string, at: string, claimed: number): Promise<void> {
  tx.insert(workerPasses)
    .values({ owner, lastPassAt: at, lastClaimed: claimed })
    .onConflictDoUpdate({ target: workerPasses.owner, set: { lastPassAt: at, lastClaimed: claimed } })
    .run();
}

/** Rotates which tenant is served first, so a limit smaller than the number of tenants starves none. */
let rotation = 0;

/** The (tenant, direction) queues holding transfers of `status`, from the list counters, grouped by tenant. */
async function queuesByTenant(tx: Executor, status: string): Promise<Queue[][]> {
  const rows = prepared(
    tx,
    `SELECT tenant_id AS tenantId, direction FROM transfer_counts
     WHERE transfer_kind = 'SECURITIES_TRANSFER' AND status = ? AND count > 0 ORDER BY tenant_id, direction`,
  ).all(status) as Queue[];
  const byTenant = new Map<string, Queue[]>();
  for (const q of rows) byTenant.set(q.tenantId, [...(byTenant.get(q.tenantId) ?? []), q]);
  const tenants = [...byTenant.values()];
  const start = tenants.length === 0 ? 0 : rotation++ % tenants.length;
  return [...tenants.slice(start), ...tenants.slice(0, start)];
}

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
export async function claimWork(
  db: Db,
  options: ClaimOptions,
  validate?: { meta: ChangeMeta },
): Promise<{ items: WorkItem[]; validations?: CommandResult[] }> {
  const now = options.now.toISOString();
  const until = new Date(options.now.getTime() + options.leaseSeconds * 1000).toISOString();
  const kinds: WorkKind[] =
    options.simulateAfterMs === null
      ? ['FORWARD_CANCEL', 'INSTRUCT']
      : ['FORWARD_CANCEL', 'SIMULATE', 'INSTRUCT'];
  const simulateBefore = new Date(options.now.getTime() - (options.simulateAfterMs ?? 0)).toISOString();
  return await writeTransaction(db, async (tx) => {
    const items: WorkItem[] = [];
    const toValidate: SecuritiesTransferRow[] = [];
    const lease = prepared(
      tx,
      'UPDATE securities_transfers SET lease_owner = ?, lease_expires_at = ? WHERE rowid = ?',
    );
    for (const kind of kinds) {
      const { status, where } = CANDIDATES[kind];
      const full = validate !== undefined && kind === 'INSTRUCT';
      // Each tenant's queue in arrival order (st_status_created_idx), shared fairly among tenants.
      const text = `SELECT t.rowid AS rowid, ${full ? 't.*' : WORK_ITEM_COLUMNS}, ${REFERENCE_COLUMNS}
           FROM securities_transfers t
           LEFT JOIN accounts a ON a.id = t.account_id
           LEFT JOIN instruments i ON i.isin = t.isin
           WHERE t.tenant_id = @tenantId AND t.direction = @direction AND t.status = @status AND ${FREE} AND ${where}
           ORDER BY t.created_at LIMIT @limit`;
      const take = (queue: Queue, n: number) => {
        const params: Record<string, string | number> = { ...queue, status, now, limit: n };
        if (kind === 'SIMULATE') params.simulateBefore = simulateBefore;
        const rows = queryRows<ClaimedRow>(tx, text, params);
        for (const row of rows) lease.run(options.owner, until, row.rowid);
        return rows;
      };
      const claimed = roundRobin(await queuesByTenant(tx, status), options.limit, (tenantQueues, n) =>
        roundRobin(tenantQueues, n, take),
      );
      for (const row of claimed) {
        const leased = { ...row, leaseOwner: options.owner, leaseExpiresAt: until };
        items.push(toWorkItem(leased, kind));
        if (full) toValidate.push(leased as unknown as SecuritiesTransferRow);
      }
    }
    await notePass(tx, options.owner, now, items.length);
    if (validate === undefined) return { items };
    const validations = await runTasks(
      tx,
      toValidate.map((row) => async () => validateTransfer(tx, row, validate.meta)),
    );
    return { items, validations };
  });
}
