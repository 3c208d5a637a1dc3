import type { Executor, TransferKind } from '../db/types.js';
import { uuidv7 } from '../lib/uuid-v7.js';
import {
  decrementTransferCount,
  incrementTransferCount,
  insertHistory,
  insertOutboxEvent,
} from '../repositories/journal.js';

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

/** One audit row per change; written in the transaction of the change. */
export async function recordHistory(tx: Executor, entry: HistoryEntry): Promise<void> {
  await insertHistory(tx, {
    tenantId: entry.tenantId,
    transferKind: entry.kind,
    transferId: entry.transferId,
    fromStatus: entry.fromStatus,
    toStatus: entry.toStatus,
    actor: entry.actor,
    reasonCode: entry.reasonCode ?? null,
    reason: entry.reason ?? null,
    sourceMessage: entry.sourceMessage ?? null,
    createdAt: entry.at,
  });
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
  await insertOutboxEvent(tx, {
    id,
    tenantId: event.tenantId,
    type: event.type,
    objectKind: event.kind,
    objectId: event.objectId,
    payload: JSON.stringify(event.payload),
    createdAt: event.at,
  });
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
  const partition = { transferKind: kind, tenantId, direction };
  if (from !== null) await decrementTransferCount(tx, { ...partition, status: from });
  await incrementTransferCount(tx, { ...partition, status: to });
}
