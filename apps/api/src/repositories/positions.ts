import { and, asc, eq, sql } from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { positions } from '../db/tables.js';
import type { Executor } from '../db/types.js';

export type PositionRow = typeof positions.$inferSelect;

export type PositionKey = {
  tenantId: string;
  accountId: string;
  isin: string;
};

const findStatement = (db: Executor) =>
  preparedQuery(db, 'positions.find', (d) => {
    const query = d
      .select()
      .from(positions)
      .where(
        and(
          eq(positions.accountId, sql.placeholder('accountId')),
          eq(positions.isin, sql.placeholder('isin')),
          eq(positions.tenantId, sql.placeholder('tenantId')),
        ),
      );
    // Read to change it: on PostgreSQL the row stays locked until the writer's
    // transaction ends, so two reservations of one position run one after the
    // other and neither reserves what the other already took. SQLite has one writer.
    return (isPostgres() ? query.for('update') : query).prepare('positions.find');
  });

/**
 * The position, read to change it (reservations, releases, bookings) in the
 * caller's write transaction: locked `FOR UPDATE` on PostgreSQL.
 */
export async function findPosition(db: Executor, key: PositionKey): Promise<PositionRow | undefined> {
  return first(
    findStatement(db).execute({ accountId: key.accountId, isin: key.isin, tenantId: key.tenantId }),
  );
}

const updateStatement = (db: Executor) =>
  preparedQuery(db, 'positions.update', (d) =>
    d
      .update(positions)
      .set({
        quantity: sql`${sql.placeholder('quantity')}`,
        reserved: sql`${sql.placeholder('reserved')}`,
        updatedAt: sql`${sql.placeholder('updatedAt')}`,
      })
      .where(
        and(
          eq(positions.accountId, sql.placeholder('accountId')),
          eq(positions.isin, sql.placeholder('isin')),
        ),
      )
      .prepare('positions.update'),
  );

export async function updatePosition(
  db: Executor,
  key: PositionKey,
  values: { quantity: string; reserved: string; updatedAt: string },
): Promise<void> {
  await updateStatement(db).execute({ ...values, accountId: key.accountId, isin: key.isin });
}

const insertStatement = (db: Executor) =>
  preparedQuery(db, 'positions.insert', (d) =>
    d
      .insert(positions)
      .values({
        tenantId: sql.placeholder('tenantId'),
        accountId: sql.placeholder('accountId'),
        isin: sql.placeholder('isin'),
        quantity: sql.placeholder('quantity'),
        reserved: '0',
        updatedAt: sql.placeholder('updatedAt'),
      })
      .prepare('positions.insert'),
  );

/** A new position with nothing reserved. */
export async function insertPosition(
  db: Executor,
  key: PositionKey,
  values: { quantity: string; updatedAt: string },
): Promise<void> {
  await insertStatement(db).execute({ ...key, ...values });
}

const ofAccountStatement = (db: Executor) =>
  preparedQuery(db, 'positions.ofAccount', (d) =>
    d
      .select()
      .from(positions)
      .where(
        and(
          eq(positions.tenantId, sql.placeholder('tenantId')),
          eq(positions.accountId, sql.placeholder('accountId')),
        ),
      )
      .orderBy(asc(positions.isin))
      .prepare('positions.ofAccount'),
  );

/** Every position of one account of the tenant, by ISIN (a full-account transfer expands these). */
export async function listPositionsOfAccount(
  db: Executor,
  tenantId: string,
  accountId: string,
): Promise<PositionRow[]> {
  return ofAccountStatement(db).execute({ tenantId, accountId });
}
