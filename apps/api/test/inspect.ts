import { TRPCError } from '@trpc/server';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import { outboxEvents, securitiesTransfers, transferHistory } from '../src/db/schema/index.js';
import { asAppError, toProblem } from '../src/domain/problem.js';

/** What a transfer's history and outbox hold, in order: the audit checks of the tests. */
export function historyOf(db: Db, transferId: string) {
  return db
    .select()
    .from(transferHistory)
    .where(eq(transferHistory.transferId, transferId))
    .orderBy(asc(transferHistory.id))
    .all();
}

export function eventsOf(db: Db, objectId: string) {
  return db
    .select()
    .from(outboxEvents)
    .where(eq(outboxEvents.objectId, objectId))
    .orderBy(asc(outboxEvents.seq))
    .all();
}

export function rowOf(db: Db, id: string) {
  const row = db.select().from(securitiesTransfers).where(eq(securitiesTransfers.id, id)).get();
  if (!row) throw new Error(`no securities transfer ${id}`);
  return row;
}

/** The problem+json a failed call would answer with over HTTP. */
export function problemOf(error: unknown) {
  // An internal TRPCError stays wrapped: asAppError then tells a broken output (500) from a bad input (400).
  const cause =
    error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR' ? (error.cause ?? error) : error;
  return toProblem(asAppError(cause), 'test-request');
}
