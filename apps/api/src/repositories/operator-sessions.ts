import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { operatorSessions, operators } from '../db/tables.js';
import type { Executor } from '../db/types.js';

// Console sessions: only the SHA-256 of a session token is stored.

export type OperatorSessionRow = typeof operatorSessions.$inferSelect;
export type OperatorRow = typeof operators.$inferSelect;

// Every console request looks its session up.
const sessionLookup = (db: Executor) =>
  preparedQuery(db, 'console.sessionLookup', (d) =>
    d
      .select({ session: operatorSessions, operator: operators })
      .from(operatorSessions)
      .innerJoin(operators, eq(operators.id, operatorSessions.operatorId))
      .where(
        and(
          eq(operatorSessions.tokenHash, sql.placeholder('tokenHash')),
          gt(operatorSessions.expiresAt, sql.placeholder('now')),
          isNull(operators.disabledAt),
        ),
      )
      .prepare('console.sessionLookup'),
  );

/** The live session of a token hash and its (enabled) operator. */
export async function findLiveSession(
  db: Executor,
  tokenHash: string,
  now: string,
): Promise<{ session: OperatorSessionRow; operator: OperatorRow } | undefined> {
  return first(sessionLookup(db).execute({ tokenHash, now }));
}

export async function insertSession(db: Executor, row: OperatorSessionRow): Promise<void> {
  await db.insert(operatorSessions).values(row);
}

export async function deleteSessionsExpiredBy(db: Executor, now: string): Promise<void> {
  await db.delete(operatorSessions).where(lt(operatorSessions.expiresAt, now));
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.delete(operatorSessions).where(eq(operatorSessions.tokenHash, tokenHash));
}

/** Ends every session of the operator (their next request is 401). */
export async function deleteSessionsOf(db: Executor, operatorId: string): Promise<void> {
  await db.delete(operatorSessions).where(eq(operatorSessions.operatorId, operatorId));
}
