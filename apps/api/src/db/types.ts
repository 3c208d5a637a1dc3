import type { Db } from './client.js';
import type * as schema from './schema/index.js';

/** The connection, inside a transaction (`writeTransaction`) or not. */
export type Tx = Db;
export type Executor = Db;

export type SecuritiesTransferRow = typeof schema.securitiesTransfers.$inferSelect;
export type AccountTransferRow = typeof schema.accountTransfers.$inferSelect;
export type AccountRow = typeof schema.accounts.$inferSelect;
export type TenantRow = typeof schema.tenants.$inferSelect;
export type TransferKind = 'SECURITIES_TRANSFER' | 'ACCOUNT_TRANSFER';
