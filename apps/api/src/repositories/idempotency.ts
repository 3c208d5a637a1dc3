import { and, eq, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
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
      .prepare(),
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
      })
      .prepare(),
  );

/** The tenant's record of `key`, expired or not, or undefined. */
export async function findIdempotencyRecord(
  db: Executor,
  tenantId: string,
  key: string,
): Promise<IdempotencyOutcomeRow | undefined> {
  return findStatement(db).get({ tenantId, key });
}

/** Writes the record of its tenant and key, replacing the one stored before. */
export async function upsertIdempotencyRecord(db: Executor, row: IdempotencyRecordRow): Promise<void> {
  upsertStatement(db).run(row);
}
