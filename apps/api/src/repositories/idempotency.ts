import { and, eq, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { idempotencyKeys } from '../db/tables.js';
import type { Executor } from '../db/types.js';

export type IdempotencyRecordRow = typeof idempotencyKeys.$inferSelect;

/** What a later request with the key is judged by. */
export type IdempotencyOutcomeRow = Pick<
  IdempotencyRecordRow,
  'operation' | 'requestHash' | 'state' | 'responseBody' | 'expiresAt'
>;

// Both statements run on every create and cancel with a key: prepared once per connection.
const findStatement = (db: Executor) =>
  preparedQuery(db, 'idempotencyKeys.find', (d) =>
    d
      .select({
        operation: idempotencyKeys.operation,
        requestHash: idempotencyKeys.requestHash,
        state: idempotencyKeys.state,
        responseBody: idempotencyKeys.responseBody,
        expiresAt: idempotencyKeys.expiresAt,
      })
      .from(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.tenantId, sql.placeholder('tenantId')),
          eq(idempotencyKeys.key, sql.placeholder('key')),
        ),
      )
      .prepare('idempotencyKeys.find'),
  );

const upsertStatement = (db: Executor) =>
  preparedQuery(db, 'idempotencyKeys.upsert', (d) =>
    d
      .insert(idempotencyKeys)
      .values({
        tenantId: sql.placeholder('tenantId'),
        key: sql.placeholder('key'),
        operation: sql.placeholder('operation'),
        requestHash: sql.placeholder('requestHash'),
        state: sql.placeholder('state'),
        responseStatus: sql.placeholder('responseStatus'),
        responseBody: sql.placeholder('responseBody'),
        createdAt: sql.placeholder('createdAt'),
        expiresAt: sql.placeholder('expiresAt'),
      })
      .onConflictDoUpdate({
        target: [idempotencyKeys.tenantId, idempotencyKeys.key],
        set: {
          operation: sql.raw('excluded.operation'),
          requestHash: sql.raw('excluded.request_hash'),
          state: sql.raw('excluded.state'),
          responseStatus: sql.raw('excluded.response_status'),
          responseBody: sql.raw('excluded.response_body'),
          createdAt: sql.raw('excluded.created_at'),
          expiresAt: sql.raw('excluded.expires_at'),
        },
        // Only a record that has expired, or this same request's own in_flight
        // claim, is replaced: a live record of another request stays as it is.
        setWhere: sql`${idempotencyKeys.expiresAt} <= excluded.created_at
          OR (${idempotencyKeys.state} = 'in_flight'
            AND ${idempotencyKeys.operation} = excluded.operation
            AND ${idempotencyKeys.requestHash} = excluded.request_hash)`,
      })
      // A row comes back only when the record was written.
      .returning({ key: idempotencyKeys.key })
      .prepare('idempotencyKeys.upsert'),
  );

/** The tenant's record of `key`, expired or not, or undefined. */
export async function findIdempotencyRecord(
  db: Executor,
  tenantId: string,
  key: string,
): Promise<IdempotencyOutcomeRow | undefined> {
  return await first(findStatement(db).execute({ tenantId, key }));
}

/**
 * Writes the record of its tenant and key, replacing one stored before that
 * has expired (or is this request's own in_flight claim). False when a live
 * record of another request holds the key – written by a concurrent request
 * since the caller's check (`findIdempotencyRecord`): the key is taken, and
 * the caller answers as that check would now (409 in flight, 422, replay).
 * On SQLite the check and the write run under the one writer, so this
 * answers true whenever the check found the key free.
 */
export async function upsertIdempotencyRecord(db: Executor, row: IdempotencyRecordRow): Promise<boolean> {
  return (await upsertStatement(db).execute(row)).length === 1;
}
