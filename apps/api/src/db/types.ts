import type { Db } from './client.js';
import type * as schema from './schema/index.js';

/** A transaction handle; every repository function takes one. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export type SecuritiesTransferRow = typeof schema.securitiesTransfers.$inferSelect;
export type AccountTransferRow = typeof schema.accountTransfers.$inferSelect;
export type AccountRow = typeof schema.accounts.$inferSelect;
export type TenantRow = typeof schema.tenants.$inferSelect;
export type TransferKind = 'SECURITIES_TRANSFER' | 'ACCOUNT_TRANSFER';
