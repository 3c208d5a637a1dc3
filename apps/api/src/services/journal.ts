import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { outboxEvents, transferCounts, transferHistory } from '../db/schema/index.js';
import type { Executor, TransferKind } from '../db/types.js';

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
export function recordHistory(tx: Executor, entry: HistoryEntry): void {
  tx.insert(transferHistory)
    .values({
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
    })
    .run();
}

/** Appends an event to the outbox; `payload` is the resource as GET shows it now. */
export function emitEvent(
  tx: Executor,
  event: {
    tenantId: string;
    type: string;
    kind: TransferKind;
    objectId: string;
    payload: unknown;
    at: string;
  },
): string {
  const id = randomUUID();
  tx.insert(outboxEvents)
    .values({
      id,
      tenantId: event.tenantId,
      type: event.type,
      objectKind: event.kind,
      objectId: event.objectId,
      payload: JSON.stringify(event.payload),
      createdAt: event.at,
    })
    .run();
  return id;
}

/** Keeps list totals O(1): one counter per (kind, tenant, direction, status). */
export function moveCount(
  tx: Executor,
  kind: TransferKind,
  tenantId: string,
  direction: string,
  from: string | null,
  to: string,
): void {
  if (from === to) return;
  if (from !== null) {
    tx.update(transferCounts)
      .set({ count: sql`${transferCounts.count} - 1` })
      .where(
        sql`${transferCounts.transferKind} = ${kind} AND ${transferCounts.tenantId} = ${tenantId} AND ${transferCounts.direction} = ${direction} AND ${transferCounts.status} = ${from}`,
      )
      .run();
  }
  tx.insert(transferCounts)
    .values({ transferKind: kind, tenantId, direction, status: to, count: 1 })
    .onConflictDoUpdate({
      target: [
        transferCounts.transferKind,
        transferCounts.tenantId,
        transferCounts.direction,
        transferCounts.status,
      ],
      set: { count: sql`${transferCounts.count} + 1` },
    })
    .run();
}
