import { eq, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { settlementConfirmations } from '../db/tables.js';
import type { Executor } from '../db/types.js';

export type SettlementConfirmationRow = typeof settlementConfirmations.$inferSelect;

const byReference = (db: Executor) =>
  preparedQuery(db, 'settlementConfirmations.byReference', (d) =>
    d
      .select()
      .from(settlementConfirmations)
      .where(eq(settlementConfirmations.messageReference, sql.placeholder('reference')))
      .prepare('settlementConfirmations.byReference'),
  );

/** The confirmation booked under a custodian message reference, if any. */
export async function findConfirmationByReference(
  db: Executor,
  messageReference: string,
): Promise<SettlementConfirmationRow | undefined> {
  return await first(byReference(db).execute({ reference: messageReference }));
}

const insert = (db: Executor) =>
  preparedQuery(db, 'settlementConfirmations.insert', (d) =>
    d
      .insert(settlementConfirmations)
      .values({
        id: sql.placeholder('id'),
        transferId: sql.placeholder('transferId'),
        messageReference: sql.placeholder('messageReference'),
        quantity: sql.placeholder('quantity'),
        effectiveDate: sql.placeholder('effectiveDate'),
        createdAt: sql.placeholder('createdAt'),
      })
      .prepare('settlementConfirmations.insert'),
  );

export async function insertConfirmation(
  db: Executor,
  row: Pick<
    SettlementConfirmationRow,
    'id' | 'transferId' | 'messageReference' | 'quantity' | 'effectiveDate' | 'createdAt'
  >,
): Promise<void> {
  await insert(db).execute(row);
}

const markReversed = (db: Executor) =>
  preparedQuery(db, 'settlementConfirmations.markReversed', (d) =>
    d
      .update(settlementConfirmations)
      .set({
        reversedAt: sql`${sql.placeholder('at')}`,
        reversalReference: sql`${sql.placeholder('reversalReference')}`,
      })
      .where(eq(settlementConfirmations.id, sql.placeholder('id')))
      .prepare('settlementConfirmations.markReversed'),
  );

export async function markConfirmationReversed(
  db: Executor,
  id: string,
  reversal: { at: string; reversalReference: string },
): Promise<void> {
  await markReversed(db).execute({ id, ...reversal });
}
