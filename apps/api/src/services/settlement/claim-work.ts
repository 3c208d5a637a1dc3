import type { Db } from '../../db/client.js';
import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import {
  type ClaimCandidateRow,
  type ClaimQueue,
  type FullClaimCandidateRow,
  leaseTransfer,
  listClaimCandidates,
  listFullClaimCandidates,
  listQueues,
  notePass,
} from '../../repositories/work-queue.js';
import type { ChangeMeta } from '../transitions.js';
import { runWriteBatch } from '../write/batch.js';
import { failedResult } from './command-result.js';
import type { CommandResult } from './command-schemas.js';
import type { CommandOutcome } from './outcome.js';
import { roundRobin } from './round-robin.js';
import { validateTransfer } from './validate-transfer.js';
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

/** Rotates which tenant is served first, so a limit smaller than the number of tenants starves none. */
let rotation = 0;

/** The (tenant, direction) queues holding transfers of `status`, from the list counters, grouped by tenant. */
async function queuesByTenant(tx: Executor, status: string): Promise<ClaimQueue[][]> {
  const rows = await listQueues(tx, status);
  const byTenant = new Map<string, ClaimQueue[]>();
  for (const q of rows) byTenant.set(q.tenantId, [...(byTenant.get(q.tenantId) ?? []), q]);
  const tenants = [...byTenant.values()];
  const start = tenants.length === 0 ? 0 : rotation++ % tenants.length;
  return [...tenants.slice(start), ...tenants.slice(0, start)];
}

/**
 * Leases up to `limit` transfers per kind of work (SQLite has no SKIP
 * LOCKED): in the caller's write transaction (the `settlement.claimWork`
 * command) – no other writer in between – the
 * free candidates are read from the work index, then each gets the lease by
 * rowid (no `UPDATE … RETURNING *`, which costs SQLite more than the update).
 * A row whose lease has not expired is never handed to a second worker; a
 * crashed worker's rows come back once their lease runs out.
 *
 * With `validate`, the INSTRUCT transfers are also validated in the same
 * transaction, from the rows just read (exactly `validate` commands: same
 * outcomes, idempotent): `validations` follows the INSTRUCT items in order.
 * They run as one batch of the write port's batch executor, nested in the
 * claim's transaction: a failing validation rolls back only itself.
 */
export async function claimWork(
  tx: Db,
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
  const items: WorkItem[] = [];
  const toValidate: SecuritiesTransferRow[] = [];
  for (const kind of kinds) {
    const status = kind === 'INSTRUCT' ? 'NEW' : 'PROCESSING';
    const full = validate !== undefined && kind === 'INSTRUCT';
    // Each tenant's queue in arrival order, shared fairly among tenants.
    const take = async (queue: ClaimQueue, n: number) => {
      const query = { ...queue, kind, status, now, limit: n, simulateBefore } as const;
      const rows: (ClaimCandidateRow | FullClaimCandidateRow)[] = full
        ? await listFullClaimCandidates(tx, query)
        : await listClaimCandidates(tx, query);
      for (const row of rows) await leaseTransfer(tx, row, options.owner, until);
      return rows;
    };
    const claimed = await roundRobin(
      await queuesByTenant(tx, status),
      options.limit,
      async (tenantQueues, n) => roundRobin(tenantQueues, n, take),
    );
    for (const row of claimed) {
      const leased = { ...row, leaseOwner: options.owner, leaseExpiresAt: until };
      items.push(toWorkItem(leased, kind));
      if (full) toValidate.push(leased as unknown as SecuritiesTransferRow);
    }
  }
  await notePass(tx, options.owner, now, items.length);
  if (validate === undefined) return { items };
  return { items, validations: await validateClaimed(tx, toValidate, validate.meta) };
}

async function validateClaimed(
  tx: Db,
  rows: readonly SecuritiesTransferRow[],
  meta: ChangeMeta,
): Promise<CommandResult[]> {
  if (rows.length === 0) return [];
  const outcomes = await runWriteBatch(
    tx,
    rows.map((row) => ({
      claim: undefined,
      execute: (savepoint: Db) => validateTransfer(savepoint, row, meta),
    })),
  );
  return outcomes.map((outcome) =>
    outcome.ok ? { ok: true, result: outcome.value as CommandOutcome } : failedResult(outcome.error),
  );
}
