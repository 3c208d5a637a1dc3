import { eq, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { securitiesTransfers } from '../db/tables.js';
import type { Executor, SecuritiesTransferRow } from '../db/types.js';

// A securities transfer as the settlement side sees it: looked up across
// tenants by our id or by our reference at the custodian, and the columns
// that follow its instruction there (reservation, custodian status,
// cancellation forwarding and the expiry withdrawal).

const byId = (db: Executor) =>
  preparedQuery(db, 'custodianInstructions.byId', (d) =>
    d
      .select()
      .from(securitiesTransfers)
      .where(eq(securitiesTransfers.id, sql.placeholder('id')))
      .prepare('custodianInstructions.byId'),
  );

/** A transfer by id, in any tenant (the worker serves all of them). */
export async function findTransferById(db: Executor, id: string): Promise<SecuritiesTransferRow | undefined> {
  return await first(byId(db).execute({ id }));
}

const byCustodianReference = (db: Executor) =>
  preparedQuery(db, 'custodianInstructions.byCustodianReference', (d) =>
    d
      .select()
      .from(securitiesTransfers)
      .where(eq(securitiesTransfers.custodianReference, sql.placeholder('reference')))
      .prepare('custodianInstructions.byCustodianReference'),
  );

/** The transfer our reference at the custodian names, in any tenant. */
export async function findTransferByCustodianReference(
  db: Executor,
  reference: string,
): Promise<SecuritiesTransferRow | undefined> {
  return await first(byCustodianReference(db).execute({ reference }));
}

// `set` takes no bare placeholder: each is wrapped in an `sql` fragment.
const reserved = (db: Executor) =>
  preparedQuery(db, 'custodianInstructions.reserved', (d) =>
    d
      .update(securitiesTransfers)
      .set({ reservedQuantity: sql`${sql.placeholder('quantity')}` })
      .where(eq(securitiesTransfers.id, sql.placeholder('id')))
      .prepare('custodianInstructions.reserved'),
  );

export async function setReservedQuantity(db: Executor, id: string, quantity: string): Promise<void> {
  await reserved(db).execute({ id, quantity });
}

const custodianStatus = (db: Executor) =>
  preparedQuery(db, 'custodianInstructions.custodianStatus', (d) =>
    d
      .update(securitiesTransfers)
      .set({
        custodianStatus: sql`${sql.placeholder('status')}`,
        custodianReasonCode: sql`${sql.placeholder('reasonCode')}`,
        custodianReasonText: sql`${sql.placeholder('reasonText')}`,
        custodianStatusAt: sql`${sql.placeholder('at')}`,
      })
      .where(eq(securitiesTransfers.id, sql.placeholder('id')))
      .prepare('custodianInstructions.custodianStatus'),
  );

/** The custodian's latest status advice on the transfer. */
export async function setCustodianStatus(
  db: Executor,
  id: string,
  advice: { status: string; reasonCode: string | null; reasonText: string | null; at: string },
): Promise<void> {
  await custodianStatus(db).execute({ id, ...advice });
}

const cancellationForwarded = (db: Executor) =>
  preparedQuery(db, 'custodianInstructions.cancellationForwarded', (d) =>
    d
      .update(securitiesTransfers)
      .set({ cancellationForwardedAt: sql`${sql.placeholder('at')}`, leaseOwner: null, leaseExpiresAt: null })
      .where(eq(securitiesTransfers.id, sql.placeholder('id')))
      .prepare('custodianInstructions.cancellationForwarded'),
  );

/** The cancellation went to the custodian; the worker's lease ends with it. */
export async function markCancellationForwarded(db: Executor, id: string, at: string): Promise<void> {
  await cancellationForwarded(db).execute({ id, at });
}

/** The system asks the custodian to withdraw an expired INCOMING instruction. */
export async function requestExpiryCancellation(db: Executor, id: string, at: string): Promise<void> {
  await db
    .update(securitiesTransfers)
    .set({
      cancellationRequestedAt: at,
      cancellationReasonCode: 'EXPIRED',
      cancellationRequestedBy: 'SYSTEM',
      cancellationAskedAt: at,
      cancellationDenialReason: null,
    })
    .where(eq(securitiesTransfers.id, id));
}
