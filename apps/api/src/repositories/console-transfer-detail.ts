import { eq } from 'drizzle-orm';
import { accounts, accountTransfers, instruments, securitiesTransfers, tenants } from '../db/schema/index.js';
import type {
  AccountRow,
  AccountTransferRow,
  Executor,
  SecuritiesTransferRow,
  TenantRow,
} from '../db/types.js';

// The rows a transfer's console page shows beside it. Synchronous (the `Sync` suffix): the
// securities transfer's page is still read in one synchronous call (services/admin/transfer-detail.ts,
// spread by its procedure).

export type InstrumentRow = typeof instruments.$inferSelect;

export function findSecuritiesTransferSync(db: Executor, id: string): SecuritiesTransferRow | undefined {
  return db.select().from(securitiesTransfers).where(eq(securitiesTransfers.id, id)).get();
}

export function findAccountTransferSync(db: Executor, id: string): AccountTransferRow | undefined {
  return db.select().from(accountTransfers).where(eq(accountTransfers.id, id)).get();
}

export function findTenantSync(db: Executor, id: string): TenantRow | undefined {
  return db.select().from(tenants).where(eq(tenants.id, id)).get();
}

export function findAccountSync(db: Executor, id: string): AccountRow | undefined {
  return db.select().from(accounts).where(eq(accounts.id, id)).get();
}

export function findInstrumentSync(db: Executor, isin: string): InstrumentRow | undefined {
  return db.select().from(instruments).where(eq(instruments.isin, isin)).get();
}
