import { eq, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { appliedChanges } from '../db/tables.js';
import type { Executor } from '../db/types.js';

export type AppliedChangeRow = typeof appliedChanges.$inferSelect;

const byKey = (db: Executor) =>
  preparedQuery(db, 'appliedChanges.byKey', (d) =>
    d
      .select({ transferId: appliedChanges.transferId, result: appliedChanges.result })
      .from(appliedChanges)
      .where(eq(appliedChanges.changeKey, sql.placeholder('key')))
      .prepare('appliedChanges.byKey'),
  );

const insert = (db: Executor) =>
  preparedQuery(db, 'appliedChanges.insert', (d) =>
    d
      .insert(appliedChanges)
      .values({
        changeKey: sql.placeholder('key'),
        transferId: sql.placeholder('transferId'),
        result: sql.placeholder('result'),
        appliedAt: sql.placeholder('at'),
      })
      .prepare('appliedChanges.insert'),
  );

/** The change applied under `key` before, if any: its transfer and its outcome (JSON). */
export async function findAppliedChange(
  db: Executor,
  key: string,
): Promise<Pick<AppliedChangeRow, 'transferId' | 'result'> | undefined> {
  return await first(byKey(db).execute({ key }));
}

export async function insertAppliedChange(
  db: Executor,
  change: { key: string; transferId: string | null; result: string; at: string },
): Promise<void> {
  await insert(db).execute(change);
}
