import { eq } from 'drizzle-orm';
import { first } from '../db/query.js';
import { accounts, accountTransfers, instruments, securitiesTransfers, tenants } from '../db/tables.js';
import type {
  AccountRow,
  AccountTransferRow,
  Executor,
  SecuritiesTransferRow,
  TenantRow,
} from '../db/types.js';

// The rows a transfer's console page shows beside it.

export type InstrumentRow = typeof instruments.$inferSelect;

export async function findSecuritiesTransfer(
  db: Executor,
  id: string,
): Promise<SecuritiesTransferRow | undefined> {
  return first(db.select().from(securitiesTransfers).where(eq(securitiesTransfers.id, id)));
}

export async function findAccountTransfer(db: Executor, id: string): Promise<AccountTransferRow | undefined> {
  return first(db.select().from(accountTransfers).where(eq(accountTransfers.id, id)));
}

export async function findTenant(db: Executor, id: string): Promise<TenantRow | undefined> {
  return first(db.select().from(tenants).where(eq(tenants.id, id)));
}

export async function findAccount(db: Executor, id: string): Promise<AccountRow | undefined> {
  return first(db.select().from(accounts).where(eq(accounts.id, id)));
}

export async function findInstrument(db: Executor, isin: string): Promise<InstrumentRow | undefined> {
  return first(db.select().from(instruments).where(eq(instruments.isin, isin)));
}
