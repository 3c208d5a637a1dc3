import { and, asc, eq, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { positions } from '../db/tables.js';
import type { Executor } from '../db/types.js';

export type PositionRow = typeof positions.$inferSelect;

export type PositionKey = {
  tenantId: string;
  accountId: string;
  isin: string;
};

const findStatement = (db: Executor) =>
  preparedQuery(db, 'positions.find', (d) =>
    d
      .select()
      .from(positions)
      .where(
        and(
          eq(positions.accountId, sql.placeholder('accountId')),
          eq(positions.isin, sql.placeholder('isin')),
          eq(positions.tenantId, sql.placeholder('tenantId')),
        ),
      )
      .prepare(),
  );

export async function findPosition(db: Executor, key: PositionKey): Promise<PositionRow | undefined> {
  return findStatement(db).get({ accountId: key.accountId, isin: key.isin, tenantId: key.tenantId });
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
      .prepare(),
  );

export async function updatePosition(
  db: Executor,
  key: PositionKey,
  values: { quantity: string; reserved: string; updatedAt: string },
): Promise<void> {
  updateStatement(db).run({ ...values, accountId: key.accountId, isin: key.isin });
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
      .prepare(),
  );

/** A new position with nothing reserved. */
export async function insertPosition(
  db: Executor,
  key: PositionKey,
  values: { quantity: string; updatedAt: string },
): Promise<void> {
  insertStatement(db).run({ ...key, ...values });
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
      .prepare(),
  );

/** Every position of one account of the tenant, by ISIN (a full-account transfer expands these). */
export async function listPositionsOfAccount(
  db: Executor,
  tenantId: string,
  accountId: string,
): Promise<PositionRow[]> {
  return ofAccountStatement(db).all({ tenantId, accountId });
}
