import { and, asc, count, eq, isNull, lt, ne, or } from 'drizzle-orm';
import { changedRows, first } from '../db/query.js';
import { operators } from '../db/tables.js';
import type { Executor } from '../db/types.js';

// The console's operators: who may sign in, with which role and second factor.

export type OperatorRow = typeof operators.$inferSelect;
export type OperatorInsert = typeof operators.$inferInsert;
export type OperatorChanges = Partial<
  Pick<OperatorInsert, 'role' | 'disabledAt' | 'totpSecret' | 'totpPendingSecret' | 'totpLastStep'>
>;

export async function listOperatorRows(db: Executor): Promise<OperatorRow[]> {
  return db.select().from(operators).orderBy(asc(operators.email));
}

export async function findOperator(db: Executor, id: string): Promise<OperatorRow | undefined> {
  return first(db.select().from(operators).where(eq(operators.id, id)));
}

/** The operator with this (lower-case) e-mail, enabled or not. */
export async function findOperatorByEmail(db: Executor, email: string): Promise<OperatorRow | undefined> {
  return first(db.select().from(operators).where(eq(operators.email, email)));
}

/** The enabled operator with this (lower-case) e-mail: who may sign in. */
export async function findEnabledOperatorByEmail(
  db: Executor,
  email: string,
): Promise<OperatorRow | undefined> {
  return first(
    db
      .select()
      .from(operators)
      .where(and(eq(operators.email, email), isNull(operators.disabledAt))),
  );
}

export async function insertOperator(db: Executor, row: OperatorInsert): Promise<OperatorRow> {
  const [inserted] = await db.insert(operators).values(row).returning();
  if (!inserted) throw new Error('INSERT … RETURNING returned no row');
  return inserted;
}

/** Adds the operator unless its e-mail is taken (a concurrent seed); whether it was added. */
export async function insertOperatorIfAbsent(db: Executor, row: OperatorInsert): Promise<boolean> {
  return changedRows(await db.insert(operators).values(row).onConflictDoNothing()) === 1;
}

export async function updateOperator(db: Executor, id: string, changes: OperatorChanges): Promise<void> {
  await db.update(operators).set(changes).where(eq(operators.id, id));
}

/** Enabled admins other than `exceptId`. */
export async function countOtherEnabledAdmins(db: Executor, exceptId: string): Promise<number> {
  const row = await first(
    db
      .select({ n: count() })
      .from(operators)
      .where(and(eq(operators.role, 'admin'), isNull(operators.disabledAt), ne(operators.id, exceptId))),
  );
  return row?.n ?? 0;
}

/**
 * Takes a TOTP step as used, if no code of that step or a later one was used
 * before: one conditional update, so two requests racing with the same code
 * cannot both win. Whether it was taken.
 */
export async function consumeTotpStep(db: Executor, operatorId: string, step: number): Promise<boolean> {
  const result = await db
    .update(operators)
    .set({ totpLastStep: step })
    .where(
      and(eq(operators.id, operatorId), or(isNull(operators.totpLastStep), lt(operators.totpLastStep, step))),
    );
  return changedRows(result) === 1;
}
