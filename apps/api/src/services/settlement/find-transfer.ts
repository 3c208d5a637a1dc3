import { queryRow } from '../../db/sql.js';
import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';

/** How a custodian message or the worker names a transfer: our id or our custodian reference. */
export interface TransferRef {
  id?: string | undefined;
  custodianReference?: string | undefined;
}

/** The transfer our reference at the custodian names, if any (internal, across tenants). */
export function findByCustodianReference(tx: Executor, reference: string): SecuritiesTransferRow | undefined {
  return queryRow<SecuritiesTransferRow>(
    tx,
    'SELECT * FROM securities_transfers WHERE custodian_reference = ?',
    reference,
  );
}

/** Internal lookup across tenants (the worker serves all of them). */
export function requireTransfer(tx: Executor, ref: TransferRef): SecuritiesTransferRow {
  if (ref.id !== undefined) {
    const row = queryRow<SecuritiesTransferRow>(
      tx,
      'SELECT * FROM securities_transfers WHERE id = ?',
      ref.id,
    );
    if (row === undefined) throw notFound('securities transfer', ref.id);
    return row;
  }
  if (ref.custodianReference !== undefined) {
    const row = queryRow<SecuritiesTransferRow>(
      tx,
      'SELECT * FROM securities_transfers WHERE custodian_reference = ?',
      ref.custodianReference,
    );
    if (row === undefined) {
      throw notFound('securities transfer with custodian reference', ref.custodianReference);
    }
    return row;
  }
  throw new AppError('BAD_REQUEST', 'name the transfer by id or custodianReference');
}
