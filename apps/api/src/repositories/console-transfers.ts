import { eq } from 'drizzle-orm';
import { first } from '../db/query.js';
import { accountTransfers, securitiesTransfers } from '../db/tables.js';
import type { Executor, SecuritiesTransferRow } from '../db/types.js';

// Transfers as the console reaches them: by id alone, across tenants (an
// operator works on every tenant's transfers).

export type ConsoleTransferKind = 'SECURITIES' | 'ACCOUNT';

export async function findSecuritiesTransferById(
  db: Executor,
  id: string,
): Promise<SecuritiesTransferRow | undefined> {
  return first(db.select().from(securitiesTransfers).where(eq(securitiesTransfers.id, id)));
}

/** The tenant and status of a transfer of either kind, undefined when there is none. */
export async function findTransferState(
  db: Executor,
  kind: ConsoleTransferKind,
  id: string,
): Promise<{ tenantId: string; status: string } | undefined> {
  const table = kind === 'SECURITIES' ? securitiesTransfers : accountTransfers;
  return first(
    db.select({ tenantId: table.tenantId, status: table.status }).from(table).where(eq(table.id, id)),
  );
}

/** Which kind of transfer `id` is, undefined when it is neither. */
export async function findTransferKind(db: Executor, id: string): Promise<ConsoleTransferKind | undefined> {
  const securities = await first(
    db.select({ id: securitiesTransfers.id }).from(securitiesTransfers).where(eq(securitiesTransfers.id, id)),
  );
  if (securities) return 'SECURITIES';
  const account = await first(
    db.select({ id: accountTransfers.id }).from(accountTransfers).where(eq(accountTransfers.id, id)),
  );
  return account ? 'ACCOUNT' : undefined;
}
