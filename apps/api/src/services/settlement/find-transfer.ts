import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import {
  findTransferByCustodianReference,
  findTransferById,
} from '../../repositories/custodian-instructions.js';

/** How a custodian message or the worker names a transfer: our id or our custodian reference. */
export interface TransferRef {
  id?: string | undefined;
  custodianReference?: string | undefined;
}

/** The transfer our reference at the custodian names, if any (internal, across tenants). */
export async function findByCustodianReference(
  tx: Executor,
  reference: string,
): Promise<SecuritiesTransferRow | undefined> {
  return await findTransferByCustodianReference(tx, reference);
}

/** Internal lookup across tenants (the worker serves all of them). */
export async function requireTransfer(tx: Executor, ref: TransferRef): Promise<SecuritiesTransferRow> {
  if (ref.id !== undefined) {
    const row = await findTransferById(tx, ref.id);
    if (row === undefined) throw notFound('securities transfer', ref.id);
    return row;
  }
  if (ref.custodianReference !== undefined) {
    const row = await findTransferByCustodianReference(tx, ref.custodianReference);
    if (row === undefined) {
      throw notFound('securities transfer with custodian reference', ref.custodianReference);
    }
    return row;
  }
  throw new AppError('BAD_REQUEST', 'name the transfer by id or custodianReference');
}
