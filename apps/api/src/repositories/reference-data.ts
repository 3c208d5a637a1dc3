import { and, asc, eq, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { accounts, instruments, tenants } from '../db/tables.js';
import type { AccountRow, Executor } from '../db/types.js';

export type InstrumentRow = typeof instruments.$inferSelect;

const findAccountStatement = (db: Executor) =>
  preparedQuery(db, 'reference.findAccount', (d) =>
    d
      .select()
      .from(accounts)
      .where(and(eq(accounts.id, sql.placeholder('id')), eq(accounts.tenantId, sql.placeholder('tenantId'))))
      .prepare('reference.findAccount'),
  );

/** An account of the tenant; another tenant's account is not found. */
export async function findAccount(
  db: Executor,
  tenantId: string,
  accountId: string,
): Promise<AccountRow | undefined> {
  return first(findAccountStatement(db).execute({ id: accountId, tenantId }));
}

/** The tenant's accounts (of one user when given), oldest first. */
export async function listAccounts(db: Executor, tenantId: string, userId?: string): Promise<AccountRow[]> {
  return db
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), userId ? eq(accounts.userId, userId) : undefined))
    .orderBy(asc(accounts.createdAt), asc(accounts.id));
}

const placeOfSettlementStatement = (db: Executor) =>
  preparedQuery(db, 'reference.placeOfSettlement', (d) =>
    d
      .select({ placeOfSettlement: instruments.placeOfSettlement })
      .from(instruments)
      .where(eq(instruments.isin, sql.placeholder('isin')))
      .prepare('reference.placeOfSettlement'),
  );

/** The CSD an instrument settles at; undefined for an unknown ISIN. */
export async function findPlaceOfSettlement(db: Executor, isin: string): Promise<string | undefined> {
  return (await first(placeOfSettlementStatement(db).execute({ isin })))?.placeOfSettlement;
}

export async function listInstruments(db: Executor): Promise<InstrumentRow[]> {
  return db.select().from(instruments).orderBy(asc(instruments.isin));
}

/** Every tenant's id and name, by name. */
export async function listTenantNames(db: Executor): Promise<{ id: string; name: string }[]> {
  return db.select({ id: tenants.id, name: tenants.name }).from(tenants).orderBy(asc(tenants.name));
}
