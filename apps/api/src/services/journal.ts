import { prepared } from '../db/sql.js';
import type { Executor, TransferKind } from '../db/types.js';
import { uuidv7 } from '../lib/uuid-v7.js';

export interface HistoryEntry {
  tenantId: string;
  kind: TransferKind;
  transferId: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: string;
  reasonCode?: string | null | undefined;
  reason?: string | null | undefined;
  sourceMessage?: string | null | undefined;
  at: string;
}

const INSERT_HISTORY_SQL = `INSERT INTO transfer_history (tenant_id, transfer_kind, transfer_id,
  from_status, to_status, actor, reason_code, reason, source_message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_EVENT_SQL = `INSERT INTO outbox_events (id, tenant_id, type, object_kind, object_id, payload, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

const COUNT_UP_SQL = `INSERT INTO transfer_counts (transfer_kind, tenant_id, direction, status, count)
  VALUES (?, ?, ?, ?, 1)
  ON CONFLICT (transfer_kind, tenant_id, direction, status) DO UPDATE SET count = count + 1`;

/** One audit row per change; written in the transaction of the change. */
export async function recordHistory(tx: Executor, entry: HistoryEntry): Promise<void> {
  prepared(tx, INSERT_HISTORY_SQL).run(
    entry.tenantId,
    entry.kind,
    entry.transferId,
    entry.fromStatus,
    entry.toStatus,
    entry.actor,
    entry.reasonCode ?? null,
    entry.reason ?? null,
    entry.sourceMessage ?? null,
    entry.at,
  );
}

/** A history row of a securities transfer whose status stays: a request, a refusal, a note. */
export async function noteSecuritiesTransfer(
  tx: Executor,
  row: { tenantId: string; id: string; status: string },
  note: Pick<HistoryEntry, 'actor' | 'at' | 'reasonCode' | 'reason' | 'sourceMessage'>,
): Promise<void> {
  await recordHistory(tx, {
    tenantId: row.tenantId,
    kind: 'SECURITIES_TRANSFER',
    transferId: row.id,
    fromStatus: row.status,
    toStatus: row.status,
    ...note,
  });
}

/** Appends an event to the outbox; `payload` is the resource as GET shows it now. */
export async function emitEvent(
  tx: Executor,
  event: {
    tenantId: string;
    type: string;
    kind: TransferKind;
    objectId: string;
    payload: unknown;
    at: string;
  },
): Promise<string> {
  const id = uuidv7();
  prepared(tx, INSERT_EVENT_SQL).run(
    id,
    event.tenantId,
    event.type,
    event.kind,
    event.objectId,
    JSON.stringify(event.payload),
    event.at,
  );
  return id;
}

/** Keeps list totals O(1): one counter per (kind, tenant, direction, status). */
export async function moveCount(
  tx: Executor,
  kind: TransferKind,
  tenantId: string,
  direction: string,
  from: string | null,
  to: string,
): Promise<void> {
  if (from === to) return;
  if (from !== null) {
    prepared(
      tx,
      `UPDATE transfer_counts SET count = count - 1
       WHERE transfer_kind = ? AND tenant_id = ? AND direction = ? AND status = ?`,
    ).run(kind, tenantId, direction, from);
  }
  prepared(tx, COUNT_UP_SQL).run(kind, tenantId, direction, to);
}
